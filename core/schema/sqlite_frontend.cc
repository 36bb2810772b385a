// SQLite front end: run each statement on an in-memory database and diff the catalog around it.
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "core/schema/apply.h"
#include "core/schema/frontend.h"

namespace shiftway::schema {
namespace {

struct CatalogIndex {
  std::string name, table;
  std::string key;  ///< lowercase name
  bool unique = false;
  std::string origin;  ///< "c" CREATE INDEX, "u" UNIQUE constraint, "pk" primary key
  std::vector<std::string> columns;
};

// What sqlite_schema and the pragmas say, keyed by lowercase name.
struct Catalog {
  /// Shared with the previous read while a table is unchanged, so a read copies no table.
  std::map<std::string, std::shared_ptr<const Table>> tables;
  std::map<std::string, View> views;
  /// Per table (lowercase name): its indexes, shared like the table.
  std::map<std::string, std::shared_ptr<const std::vector<CatalogIndex>>> table_indexes;
  /// Every index by lowercase name; points into table_indexes.
  std::map<std::string, const CatalogIndex*> indexes;
  /// Triggers by lowercase name: the table (or view) they are on and their CREATE text.
  std::map<std::string, std::pair<std::string, std::string>> triggers;
  /// Per table: its CREATE text and those of its indexes. While it is unchanged, the table and its
  /// indexes are taken from the previous read instead of asking the pragmas again, so a statement
  /// costs the same however long the history before it is.
  std::map<std::string, std::string> signature;
  std::map<std::string, std::string> view_sql;
  /// Per table: its CREATE text and what ReadTable made of it, which depends on nothing else. A
  /// statement that only adds or drops an index re-reads the indexes alone.
  std::map<std::string, std::pair<std::string, std::shared_ptr<const Table>>> read_tables;
};

// Stops runaway statements (recursive CTEs in CREATE TABLE AS, huge generated data).
int Progress(void* counter) {
  auto* n = static_cast<long*>(counter);
  return ++*n > 2000 ? 1 : 0;  // called every 1000 VM steps: about 2 million steps
}

// The statements we run come from migration files; they may not reach outside the in-memory database.
// `guard` points at a flag that is set while a migration's statement is prepared. The authorizer is
// installed once: setting it expires every prepared statement, and the catalog queries are kept.
// SQLite itself reads pragma_quick_check while running ALTER TABLE ... ADD COLUMN with a CHECK or
// a generated NOT NULL column, to test the rows already there; refusing it refused the statement.
int Authorize(void* guard, int action, const char* name, const char*, const char*, const char*) {
  if (!*static_cast<bool*>(guard)) return SQLITE_OK;
  switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH: return SQLITE_DENY;
    case SQLITE_PRAGMA: {
      const std::string_view pragma = name ? name : "";
      return pragma == "quick_check" || pragma == "integrity_check" ? SQLITE_OK : SQLITE_DENY;
    }
    default: return SQLITE_OK;
  }
}

class SqliteFrontend final : public Frontend {
 public:
  SqliteFrontend() {
    // Memory statistics take a global mutex on every allocation, and SQLite allocates a lot while
    // it re-reads the schema after each ALTER TABLE. This only works before SQLite is first used;
    // later it is refused and changes nothing.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Open();
  }
  ~SqliteFrontend() override { Close(); }
  SqliteFrontend(const SqliteFrontend&) = delete;
  SqliteFrontend& operator=(const SqliteFrontend&) = delete;

  std::vector<Change> Parse(const sql::Statement& st, const Model& model) override {
    const std::string kw = FirstKeyword(st.text);
    if (kw == "BEGIN") return {Make(ChangeKind::kBegin)};
    if (kw == "COMMIT" || kw == "END" || kw == "ROLLBACK") return {Make(ChangeKind::kCommit)};
    static const std::set<std::string> kDml = {"INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH", "VALUES"};
    if (kDml.count(kw)) {
      Change c = Make(ChangeKind::kDml);
      c.detail = kw;
      return {c};
    }
    static const std::set<std::string> kNotRun = {"PRAGMA",  "VACUUM", "ANALYZE",   "REINDEX",
                                                  "ATTACH",  "DETACH", "EXPLAIN",   "SAVEPOINT", "RELEASE"};
    if (kNotRun.count(kw)) return {Make(ChangeKind::kOther)};
    if (replay_ && db_) {
      if (!cache_valid_) {
        cache_ = Read(Catalog());
        cache_valid_ = true;
      }
      started_ = true;
      std::string error;
      // Restored from a snapshot of a replay of these very statements, in which each one ran.
      if (restored_ || Execute(st.text, &error)) {
        pending_ = true;  // read the catalog once, when something needs the model
        return {Make(ChangeKind::kOther)};
      }
      replay_failed_ = true;
      // SQLite refused it: the statement's own account follows what ran before it, in order.
      std::vector<Change> out = Flush(model);
      std::vector<Change> intent = ParseMysql(st.text, model, /*sqlite_quoting=*/true);
      if (intent.size() == 1 && intent[0].kind == ChangeKind::kUnparsed) {
        intent[0].detail = "SQLite: " + error;
      }
      out.insert(out.end(), intent.begin(), intent.end());
      return out;
    }
    std::vector<Change> intent = ParseMysql(st.text, model, /*sqlite_quoting=*/true);
    const bool intent_ok = !(intent.size() == 1 && intent[0].kind == ChangeKind::kUnparsed);
    if (!db_) return intent;
    // Every change to the in-memory database goes through Execute, so the catalog read after the
    // previous statement is still current; and an unchanged schema_version means nothing to diff.
    if (!cache_valid_) {
      cache_ = Read(Catalog());
      cache_valid_ = true;
    }
    const long long version_before = SchemaVersion();
    std::string error;
    const bool executed = Execute(st.text, &error);
    const bool changed = SchemaVersion() != version_before;
    Catalog before;
    if (changed) before = std::exchange(cache_, Read(cache_));
    if (!executed) {
      // SQLite refused it, usually because it names an object from before the migrations (a
      // baseline); what the text says is still the best account of the change.
      if (intent_ok) return intent;
      Change c = Make(ChangeKind::kUnparsed);
      c.detail = "SQLite: " + error;
      return {c};
    }
    std::vector<Change> out = changed ? Diff(before, cache_, intent) : std::vector<Change>();
    if (out.empty()) {
      if (intent_ok && kw != "CREATE") return intent;
      out.push_back(Make(ChangeKind::kOther));
    }
    return out;
  }

  void SetReplay(bool on) override { replay_ = on; }

  std::string Snapshot() override {
    if (!db_ || !replay_ || replay_failed_) return {};
    sqlite3_int64 size = 0;
    unsigned char* image = sqlite3_serialize(db_, "main", &size, 0);
    if (!image) return {};
    std::string out = SnapshotTag();
    out.append(reinterpret_cast<const char*>(image), static_cast<size_t>(size));
    sqlite3_free(image);
    return out;
  }

  bool Restore(std::string_view snapshot) override {
    const std::string tag = SnapshotTag();
    if (!db_ || !replay_ || started_ || !snapshot.starts_with(tag)) return false;
    snapshot.remove_prefix(tag.size());
    // The catalog before the first statement: empty, as a replay that runs them starts from.
    if (!cache_valid_) {
      cache_ = Read(Catalog());
      cache_valid_ = true;
    }
    for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
    prepared_.clear();
    auto* image = static_cast<unsigned char*>(sqlite3_malloc64(snapshot.size()));
    if (!image) return false;
    std::memcpy(image, snapshot.data(), snapshot.size());
    const auto size = static_cast<sqlite3_int64>(snapshot.size());
    // SQLite owns (and on failure frees) the image.
    bool ok = sqlite3_deserialize(db_, "main", image, size, size,
                                  SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK;
    if (ok) {
      auto check = Query("PRAGMA quick_check");
      ok = check.size() == 1 && !check[0].empty() && check[0][0] == "ok";
    }
    if (!ok) {
      // Not a database image after all: start again from an empty one, as if nothing was given.
      Close();
      Open();
      cache_ = Read(Catalog());
      return false;
    }
    restored_ = true;
    pending_ = true;
    return true;
  }

  void Resume() override { restored_ = false; }

  std::vector<Change> Flush(const Model&) override {
    if (!pending_ || !db_) return {};
    pending_ = false;
    Catalog before = std::exchange(cache_, Read(cache_));
    return Diff(before, cache_, {});
  }

 private:
  void Open() {
    // One thread uses this connection: no mutexes.
    if (sqlite3_open_v2(":memory:", &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      return;
    }
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 10 * 1000 * 1000);
    sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_set_authorizer(db_, Authorize, &guard_);
  }

  void Close() {
    for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
    prepared_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
  }

  // What a snapshot starts with: its format, and the SQLite that ran the statements (another
  // version may run or refuse them differently). Change the format when Execute changes.
  static std::string SnapshotTag() {
    return std::string("shiftway sqlite replay 1, SQLite ") + sqlite3_libversion() + "\n";
  }

  static Change Make(ChangeKind kind) {
    Change c;
    c.kind = kind;
    return c;
  }

  bool Execute(const std::string& text, std::string* error) {
    long steps = 0;
    sqlite3_progress_handler(db_, 1000, Progress, &steps);
    guard_ = true;
    const char* tail = text.c_str();
    bool ok = true;
    while (ok && tail && *tail) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db_, tail, -1, &stmt, &tail) != SQLITE_OK) {
        *error = sqlite3_errmsg(db_);
        ok = false;
        break;
      }
      if (!stmt) break;
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) {
        *error = sqlite3_errmsg(db_);
        ok = false;
      }
      sqlite3_finalize(stmt);
    }
    guard_ = false;
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return ok;
  }

  // Catalog queries run after every schema change; preparing each once keeps that cheap.
  sqlite3_stmt* Prepared(const char* sql) {
    sqlite3_stmt*& stmt = prepared_[sql];
    if (!stmt && sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      stmt = nullptr;
    }
    return stmt;
  }

  // A column of the current row as text ("" for NULL), valid until the statement steps again.
  static std::string_view Text(sqlite3_stmt* stmt, int i) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
    return t ? std::string_view(t) : std::string_view();
  }

  // Runs a catalog query; each row's columns as text (NULL as nullopt-ish "\x00" marker).
  std::vector<std::vector<std::optional<std::string>>> Query(const char* sql, const std::string& arg = "") {
    std::vector<std::vector<std::optional<std::string>>> rows;
    sqlite3_stmt* stmt = Prepared(sql);
    if (!stmt) return rows;
    if (sqlite3_bind_parameter_count(stmt) > 0) sqlite3_bind_text(stmt, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::optional<std::string>> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* t = sqlite3_column_text(stmt, i);
        if (t) {
          row.emplace_back(reinterpret_cast<const char*>(t));
        } else {
          row.emplace_back(std::nullopt);
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rows;
  }

  // Reads the catalog; tables and views whose CREATE text (and, for tables, whose indexes' text)
  // is the same as in `previous` are copied from it rather than read from the pragmas again.
  Catalog Read(const Catalog& previous) {
    Catalog cat;
    // Read after every schema change, so its rows are taken straight from the statement rather
    // than copied into rows of strings first.
    sqlite3_stmt* objects = Prepared(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid");
    std::vector<std::pair<std::string, std::string>> table_rows;  // name, sql
    while (objects && sqlite3_step(objects) == SQLITE_ROW) {
      if (sqlite3_column_type(objects, 0) == SQLITE_NULL || sqlite3_column_type(objects, 1) == SQLITE_NULL) continue;
      const std::string_view type = Text(objects, 0);
      const std::string_view name = Text(objects, 1);
      const std::string_view sql = Text(objects, 3);
      if (type == "table") {
        table_rows.emplace_back(name, sql);
        std::string& sig = cat.signature[Lower(name)];
        sig += sql;
        sig += '\x01';
      } else if (type == "index") {
        std::string& sig = cat.signature[Lower(Text(objects, 2))];
        sig += '\x02';
        sig += name;
        sig += '\x03';
        sig += sql;
      } else if (type == "view") {
        const std::string key = Lower(name);
        cat.view_sql[key] = sql;
        auto old = previous.views.find(key);
        if (old != previous.views.end() && previous.view_sql.at(key) == sql) {
          cat.views[key] = old->second;
          continue;
        }
        View v;
        v.name = name;
        v.definition = sql;
        Model empty;
        for (const auto& c : ParseMysql(sql, empty, true)) {
          v.tables = c.view_def.tables;
          v.columns = c.view_def.columns;
          v.star = c.view_def.star;
        }
        // The view's columns as SQLite itself resolves them (names and declared types).
        for (const auto& col : Query("SELECT name, type FROM pragma_table_info(?)", v.name)) {
          if (col.size() < 2 || !col[0]) continue;
          v.outputs.push_back(Column{*col[0], Lower(col[1].value_or(""))});
          v.output_sources.emplace_back();
          v.outputs_known = true;
        }
        cat.views[key] = v;
      } else if (type == "trigger") {
        cat.triggers[Lower(name)] = {std::string(Text(objects, 2)), std::string(sql)};
      }
    }
    if (objects) sqlite3_reset(objects);
    for (const auto& [name, sql] : table_rows) {
      const std::string key = Lower(name);
      auto sig = previous.signature.find(key);
      if (sig != previous.signature.end() && sig->second == cat.signature[key] && previous.tables.count(key)) {
        cat.tables[key] = previous.tables.at(key);
        auto old = previous.table_indexes.find(key);
        if (old != previous.table_indexes.end()) cat.table_indexes[key] = old->second;
        auto read = previous.read_tables.find(key);
        if (read != previous.read_tables.end()) cat.read_tables[key] = read->second;
        continue;
      }
      auto read = previous.read_tables.find(key);
      std::shared_ptr<const Table> base;
      if (read != previous.read_tables.end() && read->second.first == sql) {
        base = read->second.second;
      } else {
        base = std::make_shared<const Table>(ReadTable(name, sql));
      }
      cat.read_tables[key] = {sql, base};
      Table t = *base;
      t.name = name;
      auto indexes = std::make_shared<std::vector<CatalogIndex>>();
      for (const auto& ix : Query("SELECT name, \"unique\", origin FROM pragma_index_list(?)", name)) {
        CatalogIndex idx;
        idx.name = ix[0].value_or("");
        idx.key = Lower(idx.name);
        idx.table = t.name;
        idx.unique = ix[1].value_or("0") != "0";
        idx.origin = ix[2].value_or("c");
        for (const auto& col : Query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", idx.name)) {
          if (col[0]) idx.columns.push_back(*col[0]);
        }
        if (idx.origin == "u") {
          Constraint k;
          k.kind = Constraint::Kind::kUnique;
          k.columns = idx.columns;
          t.constraints.push_back(k);
        }
        indexes->push_back(std::move(idx));
      }
      cat.table_indexes[key] = std::move(indexes);
      cat.tables[key] = std::make_shared<const Table>(std::move(t));
    }
    for (const auto& [key, list] : cat.table_indexes) {
      for (const auto& idx : *list) cat.indexes.insert_or_assign(idx.key, &idx);
    }
    return cat;
  }

  // One table's columns and constraints, from the pragmas and its CREATE text.
  Table ReadTable(const std::string& name, const std::string& sql) {
    Table t;
    t.name = name;
    std::vector<std::pair<int, std::string>> pk_order;  // table_xinfo's pk: position in the key
    for (const auto& c :
         Query("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)", name)) {
      Column col;
      col.name = c[0].value_or("");
      col.type = c[1].value_or("");
      col.not_null = c[2].value_or("0") != "0";
      col.has_default = c[3].has_value();
      col.default_expr = c[3].value_or("");
      col.generated = c[5].value_or("0") != "0";
      if (col.generated) col.has_default = true;
      const std::string l = Lower(col.default_expr);
      col.default_volatile = l.find("random") != std::string::npos;
      const int pk_at = std::atoi(c[4].value_or("0").c_str());
      if (pk_at > 0) pk_order.emplace_back(pk_at, col.name);
      t.columns.push_back(col);
    }
    // A lone INTEGER PRIMARY KEY of a rowid table is the rowid: an insert that leaves it out gets
    // a new one. Marked so that a rebuild without it is a lost default (drop-default).
    if (pk_order.size() == 1 && Lower(sql).find("without rowid") == std::string::npos) {
      for (auto& col : t.columns) {
        if (SameName(col.name, pk_order[0].second) && Lower(col.type) == "integer") {
          col.generated = true;
          col.default_expr = "rowid";
        }
      }
    }
    for (const auto& row : Query("SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = ?", name)) {
      t.strict = !row.empty() && row[0].value_or("0") != "0";
    }
    Constraint pk;
    pk.kind = Constraint::Kind::kPrimaryKey;
    std::sort(pk_order.begin(), pk_order.end());
    for (auto& [at, column] : pk_order) pk.columns.push_back(column);
    if (!pk.columns.empty()) t.constraints.push_back(pk);
    std::map<std::string, Constraint> fks;
    for (const auto& f :
         Query("SELECT id, \"table\", \"from\", \"to\", on_delete, on_update FROM pragma_foreign_key_list(?) "
               "ORDER BY id, seq",
               name)) {
      Constraint& k = fks[f[0].value_or("")];
      k.on_delete = FkAction(f[4].value_or(""));
      k.on_update = FkAction(f[5].value_or(""));
      k.kind = Constraint::Kind::kForeignKey;
      k.ref_table = f[1].value_or("");
      k.columns.push_back(f[2].value_or(""));
      k.ref_columns.push_back(f[3].value_or(""));
    }
    for (auto& [id, k] : fks) t.constraints.push_back(k);
    // CHECK constraints are not in any pragma, and the pragmas uppercase declared types; read
    // both from the table's own CREATE text.
    Model empty;
    for (const auto& c : ParseMysql(sql, empty, true)) {
      if (c.kind != ChangeKind::kCreateTable) continue;
      for (const auto& k : c.table_def.constraints) {
        if (k.kind == Constraint::Kind::kCheck) t.constraints.push_back(k);
      }
      for (auto& col : t.columns) {
        const Column* declared = c.table_def.FindColumn(col.name);
        if (declared && !declared->type.empty() && SameName(declared->type, col.type)) col.type = declared->type;
      }
    }
    return t;
  }

  static const Change* Find(const std::vector<Change>& intent, ChangeKind kind) {
    for (const auto& c : intent) {
      if (c.kind == kind) return &c;
    }
    return nullptr;
  }

  std::vector<Change> Diff(const Catalog& a, const Catalog& b, const std::vector<Change>& intent) {
    std::vector<Change> out;
    const Change* rename_table = Find(intent, ChangeKind::kRenameTable);
    const Change* rename_column = Find(intent, ChangeKind::kRenameColumn);
    std::set<std::string> renamed_to;
    for (const auto& [key, tp] : a.tables) {
      const Table& t = *tp;
      if (b.tables.count(key)) continue;
      Change c;
      c.object = t.name;
      if (rename_table && SameName(rename_table->object, t.name) && b.tables.count(Lower(rename_table->new_name))) {
        c.kind = ChangeKind::kRenameTable;
        c.new_name = b.tables.at(Lower(rename_table->new_name))->name;
        renamed_to.insert(Lower(c.new_name));
      } else {
        c.kind = ChangeKind::kDropTable;
      }
      out.push_back(c);
    }
    for (const auto& [key, tp] : b.tables) {
      const Table& t = *tp;
      auto old = a.tables.find(key);
      if (old == a.tables.end()) {
        if (renamed_to.count(key)) continue;
        Change c;
        c.kind = ChangeKind::kCreateTable;
        c.object = t.name;
        c.table_def = t;
        out.push_back(c);
        continue;
      }
      auto sig_a = a.signature.find(key);
      auto sig_b = b.signature.find(key);
      if (sig_a != a.signature.end() && sig_b != b.signature.end() && sig_a->second == sig_b->second) continue;
      const Table& before = *old->second;
      std::string renamed_from;
      if (rename_column && SameName(rename_column->object, t.name) && before.FindColumn(rename_column->column) &&
          !t.FindColumn(rename_column->column) && t.FindColumn(rename_column->new_name)) {
        Change c;
        c.kind = ChangeKind::kRenameColumn;
        c.object = t.name;
        c.column = before.FindColumn(rename_column->column)->name;
        c.new_name = t.FindColumn(rename_column->new_name)->name;
        renamed_from = Lower(c.column);
        out.push_back(c);
      }
      for (const auto& col : before.columns) {
        if (Lower(col.name) == renamed_from) continue;
        const Column* now = t.FindColumn(col.name);
        if (!now) {
          Change c;
          c.kind = ChangeKind::kDropColumn;
          c.object = t.name;
          c.column = col.name;
          out.push_back(c);
        } else {
          for (auto& c : RedefineColumn("", t.name, &col, col.name, *now)) out.push_back(c);
        }
      }
      for (const auto& col : t.columns) {
        if (before.FindColumn(col.name)) continue;
        if (rename_column && SameName(col.name, rename_column->new_name) && !renamed_from.empty()) continue;
        Change c;
        c.kind = ChangeKind::kAddColumn;
        c.object = t.name;
        c.def = col;
        out.push_back(c);
        for (const auto& k : t.constraints) {
          if (k.kind == Constraint::Kind::kPrimaryKey || k.columns.size() != 1 || !SameName(k.columns[0], col.name)) {
            continue;
          }
          Change kc;
          kc.kind = ChangeKind::kAddConstraint;
          kc.object = t.name;
          kc.constraint = k;
          out.push_back(kc);
        }
      }
    }
    for (const auto& [key, ip] : a.indexes) {
      const CatalogIndex& idx = *ip;
      if (b.indexes.count(key) || idx.origin != "c" || !b.tables.count(Lower(idx.table))) continue;
      Change c;
      c.kind = ChangeKind::kDropIndex;
      c.object = idx.name;
      c.table = idx.table;
      out.push_back(c);
    }
    for (const auto& [key, ip] : b.indexes) {
      const CatalogIndex& idx = *ip;
      if (a.indexes.count(key) || idx.origin != "c") continue;
      // Indexes carried over by a table rename keep their names; only new ones count.
      Change c;
      c.kind = ChangeKind::kCreateIndex;
      c.object = idx.table;
      c.index.name = idx.name;
      c.index.table = idx.table;
      c.index.unique = idx.unique;
      c.index.columns = idx.columns;
      out.push_back(c);
    }
    for (const auto& [key, v] : a.views) {
      if (b.views.count(key)) continue;
      Change c;
      c.kind = ChangeKind::kDropView;
      c.object = v.name;
      out.push_back(c);
    }
    for (const auto& [key, v] : b.views) {
      // Replay reads the catalog once for many statements: a view dropped and created again in
      // between, or whose text a rename rewrote, is redefined (CREATE OR REPLACE).
      const bool redefined = replay_ && a.views.count(key) && a.view_sql.count(key) && b.view_sql.count(key) &&
                             a.view_sql.at(key) != b.view_sql.at(key);
      if (a.views.count(key) && !redefined) continue;
      Change c;
      c.kind = ChangeKind::kCreateView;
      c.object = v.name;
      c.view_def = v;
      c.or_replace = redefined;
      out.push_back(c);
    }
    // A trigger goes with its table (kDropTable drops it from the model), or is dropped, created
    // or redefined (a drop and a create) on its own.
    for (const auto& [key, trg] : a.triggers) {
      auto now = b.triggers.find(key);
      if (now != b.triggers.end() && now->second == trg) continue;
      const std::string table = Lower(trg.first);
      if (a.tables.count(table) && !b.tables.count(table)) continue;
      Change c;
      c.kind = ChangeKind::kDropTrigger;
      c.object = trg.first;
      c.column = key;
      out.push_back(c);
    }
    for (const auto& [key, trg] : b.triggers) {
      auto old = a.triggers.find(key);
      if (old != a.triggers.end() && old->second == trg) continue;
      Model empty;
      for (auto& c : ParseMysql(trg.second, empty, true)) {
        if (c.kind != ChangeKind::kCreateTrigger) continue;
        c.schema.clear();
        c.object = trg.first;
        out.push_back(c);
      }
    }
    return out;
  }

  long long SchemaVersion() {
    auto rows = Query("PRAGMA schema_version");
    return rows.empty() || rows[0].empty() || !rows[0][0] ? -1 : std::atoll(rows[0][0]->c_str());
  }

  sqlite3* db_ = nullptr;
  bool guard_ = false;  ///< a migration's statement is being prepared: see Authorize
  std::map<const char*, sqlite3_stmt*> prepared_;  ///< keyed by the query's string literal
  Catalog cache_;
  bool cache_valid_ = false;
  bool replay_ = false;   ///< see Frontend::SetReplay
  bool pending_ = false;  ///< statements ran since the catalog was last read
  bool started_ = false;        ///< a replayed statement was read
  bool replay_failed_ = false;  ///< SQLite refused a replayed statement: no Snapshot
  bool restored_ = false;       ///< the replay started from a Snapshot (Restore)
};

}  // namespace

std::unique_ptr<Frontend> MakeSqliteFrontend() { return std::make_unique<SqliteFrontend>(); }

Model LoadStatements(Frontend& frontend, sql::Dialect dialect, const std::vector<std::string>& statements) {
  Model m;
  m.default_schema = DefaultSchema(dialect);
  frontend.SetReplay(true);
  auto apply = [&](std::vector<Change> changes) {
    for (auto& c : changes) {
      Annotate(c, m, nullptr);
      Apply(c, m, nullptr);
    }
  };
  for (const auto& text : statements) {
    sql::Statement st;
    st.text = text;
    apply(frontend.Parse(st, m));
  }
  apply(frontend.Flush(m));
  frontend.SetReplay(false);
  return m;
}

std::unique_ptr<Frontend> MakePostgresFrontend();
std::unique_ptr<Frontend> MakeMysqlFrontend();

std::unique_ptr<Frontend> MakeFrontend(sql::Dialect dialect) {
  switch (dialect) {
    case sql::Dialect::kPostgres: return MakePostgresFrontend();
    case sql::Dialect::kMysql: return MakeMysqlFrontend();
    case sql::Dialect::kSqlite: break;
  }
  return MakeSqliteFrontend();
}

}  // namespace shiftway::schema
