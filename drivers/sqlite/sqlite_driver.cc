// SQLite driver: prepare and step each statement, history in "main", an advisory file lock.
#include "drivers/sqlite/sqlite_driver.h"
#include "core/base/strings.h"
#include "core/sql/transaction_control.h"
#include "drivers/catalog.h"
#include "drivers/common.h"

#include <fcntl.h>
#include <map>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

namespace shiftway::drivers {
namespace {

std::string Literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// SQLite's name for a result code, as its documentation spells it.
std::string CodeName(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_ERROR: return "SQLITE_ERROR";
    case SQLITE_BUSY: return "SQLITE_BUSY";
    case SQLITE_LOCKED: return "SQLITE_LOCKED";
    case SQLITE_READONLY: return "SQLITE_READONLY";
    case SQLITE_CORRUPT: return "SQLITE_CORRUPT";
    case SQLITE_FULL: return "SQLITE_FULL";
    case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH: return "SQLITE_MISMATCH";
    case SQLITE_NOTADB: return "SQLITE_NOTADB";
    case SQLITE_TOOBIG: return "SQLITE_TOOBIG";
    case SQLITE_IOERR: return "SQLITE_IOERR";
    default: return "SQLite error " + std::to_string(rc);
  }
}

// Processes other than this one holding a lock of one of `kinds` (FLOCK, POSIX, OFDLCK) on a
// file with one of `inodes`, from /proc/locks (Linux). Waiters ("->" lines) hold nothing.
std::set<int> LockHolders(const std::set<unsigned long long>& inodes, std::initializer_list<std::string_view> kinds) {
  std::set<int> pids;
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream in(line);
    std::string id, kind, mode, access, dev;
    int pid = 0;
    in >> id >> kind;
    if (kind == "->") continue;
    in >> mode >> access >> pid >> dev;
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
    const size_t c = dev.rfind(':');
    if (c == std::string::npos || pid == getpid() || pid <= 0) continue;
    if (inodes.count(std::stoull(dev.substr(c + 1)))) pids.insert(pid);
  }
  return pids;
}

class SqliteDriver final : public Driver {
 public:
  SqliteDriver(ConnectionSpec spec, DriverOptions options) : spec_(std::move(spec)), options_(std::move(options)) {}
  ~SqliteDriver() override {
    if (db_) sqlite3_close_v2(db_);
    // Closed only after SQLite: closing any descriptor of the file drops SQLite's POSIX locks.
    if (lock_fd_ >= 0) close(lock_fd_);
    ReleaseDirectory();
  }

  // A file that does not exist yet is not created here: until the command first writes (see
  // Create), an empty in-memory database stands in for it, which is what a new file would hold.
  // So a command that stops before writing anything (a usage or configuration error, a refused
  // file) leaves no database file behind, and nothing has to be removed afterwards.
  Result<void> Open() {
    const bool memory = spec_.path == ":memory:";
    struct stat st {};
    const bool exists = !memory && stat(spec_.path.c_str(), &st) == 0;
    int flags = SQLITE_OPEN_READWRITE;
    std::string path = spec_.path;
    if (!exists && !memory) {
      if (!options_.read_only && access(Directory().c_str(), W_OK | X_OK) != 0) {
        Error e(ErrorCode::kDatabase, "cannot open SQLite database " + spec_.path);
        e.db_message = "unable to open database file";
        e.Hint("check that the directory exists and is writable");
        return Fail(std::move(e));
      }
      path = ":memory:";
      deferred_ = !options_.read_only;
    } else if (options_.read_only) {
      flags = SQLITE_OPEN_READONLY;
    }
    // Memory statistics take a global mutex on every allocation; loading a schema of thousands of
    // objects allocates for each (17 % of `info` reading a 7,008-object schema). Only possible
    // before SQLite is first used; later it is refused and changes nothing.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      Error e(ErrorCode::kDatabase, "cannot open SQLite database " + spec_.path);
      e.db_message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      e.Hint("check that the directory exists and is writable");
      return Fail(std::move(e));
    }
    Configure();
    if (exists && !options_.read_only) {
      lock_fd_ = open(spec_.path.c_str(), O_RDWR | O_CLOEXEC);
    }
    return {};
  }

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  std::string ServerVersion() const override { return std::string("SQLite ") + sqlite3_libversion(); }
  std::string CurrentUser() const override { return ""; }
  std::string DefaultSchema() const override { return "main"; }
  std::string DatabaseName() const override { return "main"; }
  bool TransactionalDdl() const override { return true; }

  // The migration lock is a flock on the database file. A file that does not exist yet cannot
  // be locked, so every writer first takes a flock on the file's directory: the one that creates
  // the file holds it from here until the file exists and is locked (Create), and a writer of an
  // existing file takes the file's lock only while holding it, so it can never lock a file that
  // its creator has made but not yet locked.
  Result<void> Lock(const std::function<void(const LockWait&)>& on_wait) override {
    if (options_.read_only || spec_.path == ":memory:") return {};
    int attempt = 0;
    int reopened = 0;
    for (;;) {
      if (auto r = LockDirectory(on_wait, attempt); !r) return r;
      if (deferred_) {
        struct stat st {};
        if (stat(spec_.path.c_str(), &st) != 0) {
          locked_ = true;  // the directory's lock stands for the file's until Create
          return {};
        }
        // Another process created the file while this one waited: use it like any existing file.
        sqlite3_close_v2(db_);
        db_ = nullptr;
        deferred_ = false;
        if (auto r = Open(); !r) return r;
        if (deferred_ && ++reopened <= 3) continue;  // and removed again since
      }
      if (lock_fd_ < 0) {
        ReleaseDirectory();
        return Fail(Error(ErrorCode::kDatabase, "cannot open SQLite database " + spec_.path + " to lock it")
                        .Hint("check that the file is readable and writable"));
      }
      const bool free = flock(lock_fd_, LOCK_EX | LOCK_NB) == 0;
      ReleaseDirectory();
      if (!free) {
        if (auto r = WaitForLock(lock_fd_, on_wait, attempt); !r) return r;
      }
      if (OpenedFileIsAtPath()) {
        locked_ = true;
        return {};
      }
      // While this process waited, someone removed or replaced the file: what was opened is not
      // the database at the path any more, so open the path again and take the lock on that.
      flock(lock_fd_, LOCK_UN);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      close(lock_fd_);
      lock_fd_ = -1;
      if (auto r = Open(); !r) return r;
      if (++reopened > 3) {
        return Fail(Error(ErrorCode::kDatabase, "could not take the migration lock on " + spec_.path +
                                                    ": the file was removed or replaced while waiting for it")
                        .Hint("run the command again"));
      }
    }
  }

  Result<void> Unlock() override {
    if (lock_fd_ >= 0) flock(lock_fd_, LOCK_UN);
    ReleaseDirectory();
    locked_ = false;
    return {};
  }

  Result<void> Begin() override { return Exec(BeginSql()); }
  std::string BeginSql() const override { return "BEGIN IMMEDIATE"; }
  Result<void> Commit() override { return Exec("COMMIT"); }
  Result<void> Rollback() override {
    if (sqlite3_get_autocommit(db_)) return {};
    return Exec("ROLLBACK");
  }

  Result<void> Execute(const sql::Statement& statement) override {
    if (auto r = Create(); !r) return r;
    const char* tail = statement.text.c_str();
    const char* end = tail + statement.text.size();
    while (tail < end) {
      sqlite3_stmt* stmt = nullptr;
      const char* start = tail;
      int rc = sqlite3_prepare_v2(db_, start, static_cast<int>(end - start), &stmt, &tail);
      if (rc != SQLITE_OK) {
        int offset = sqlite3_error_offset(db_);
        return Fail(DbError(rc, offset >= 0 ? static_cast<int>(start - statement.text.c_str()) + offset : -1,
                            statement.text));
      }
      if (!stmt && tail <= start) {
        // sqlite3_prepare stops at a NUL byte and makes no progress past it.
        return Fail(Error(ErrorCode::kMigration, "the statement holds a NUL byte (0x00), where SQLite stops reading it"));
      }
      if (!stmt) continue;  // whitespace or comment
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) {
        Error e = DbError(rc, -1, statement.text);
        sqlite3_finalize(stmt);
        return Fail(std::move(e));
      }
      sqlite3_finalize(stmt);
    }
    return {};
  }

  Result<void> Prepare(const std::string& text) override {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &stmt, &tail);
    if (rc != SQLITE_OK) {
      const int offset = sqlite3_error_offset(db_);
      return Fail(DbError(rc, offset, text));
    }
    sqlite3_finalize(stmt);
    if (!stmt) return Fail(Error(ErrorCode::kMigration, "the statement is empty: only whitespace or comments"));
    return {};
  }

  // table_xinfo's hidden is 2 or 3 for a generated column; a lone INTEGER PRIMARY KEY is the rowid,
  // which SQLite fills itself.
  Result<std::vector<InsertColumn>> InsertColumns(const std::string& schema, const std::string& table) override {
    const std::string args = Literal(table) + ", " + Literal(schema.empty() ? "main" : schema);
    auto rows = Query("SELECT name, \"notnull\" AND dflt_value IS NULL AND NOT (pk = 1 AND upper(type) = 'INTEGER' "
                      "AND (SELECT count(*) FROM pragma_table_info(" + args + ") WHERE pk > 0) = 1), hidden "
                      "FROM pragma_table_xinfo(" + args + ") WHERE hidden <> 1 ORDER BY cid");
    if (!rows) return Fail(rows.error());
    std::vector<InsertColumn> out;
    for (const auto& row : *rows) {
      InsertColumn c;
      c.name = row[0];
      const bool generated = row[2] == "2" || row[2] == "3";
      c.required = row[1] == "1" && !generated;
      if (generated) c.generated = "a generated column";
      out.push_back(std::move(c));
    }
    return out;
  }

  bool CannotRunInTransaction(const sql::Statement& statement) const override {
    std::string words = sql::LeadingKeywords(statement.text, 2);
    // PRAGMA foreign_keys and journal_mode are silently ignored inside a transaction; VACUUM fails.
    return words == "VACUUM" || words.starts_with("VACUUM ") || words == "PRAGMA FOREIGN_KEYS" ||
           words == "PRAGMA JOURNAL_MODE";
  }

  Result<std::vector<std::string>> EnsureSchemas(const std::vector<std::string>& schemas) override {
    for (const auto& s : schemas) {
      if (s != "main") {
        return Fail(Error(ErrorCode::kConfig, "SQLite has one schema, \"main\"; cannot use schema \"" + s + "\"")
                        .Hint("remove `schemas` from the configuration for SQLite"));
      }
    }
    return std::vector<std::string>{};
  }

  Result<bool> HistoryExists() override {
    auto rows = Query("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = " + Literal(options_.table));
    if (!rows) return Fail(rows.error());
    return !rows->empty();
  }

  std::vector<std::string> CreateHistorySql() const override {
    const std::string t = Table();
    return {
        "CREATE TABLE " + t +
            " (\n"
            "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
            "    \"version\" VARCHAR(50),\n"
            "    \"description\" VARCHAR(200) NOT NULL,\n"
            "    \"type\" VARCHAR(20) NOT NULL,\n"
            "    \"script\" VARCHAR(1000) NOT NULL,\n"
            "    \"checksum\" INT,\n"
            "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
            "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
            "    \"execution_time\" INT NOT NULL,\n"
            "    \"success\" BOOLEAN NOT NULL\n"
            ")",
        "CREATE INDEX \"main\"." + QuoteIdentifier(options_.table + "_s_idx") + " ON " + QuoteIdentifier(options_.table) +
            " (\"success\")",
    };
  }

  Result<void> CreateHistory() override {
    for (const auto& s : CreateHistorySql()) {
      if (auto r = Exec(s); !r) return r;
    }
    return {};
  }

  Result<std::vector<std::string>> SelectColumn(const std::string& sql) override {
    auto rows = Query(sql);
    if (!rows) return Fail(rows.error());
    std::vector<std::string> out;
    for (auto& row : *rows) out.push_back(row.empty() ? "" : std::move(row[0]));
    return out;
  }

  Result<std::vector<HistoryRow>> ReadHistory() override {
    sqlite3_stmt* stmt = nullptr;
    std::string q =
        "SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, "
        "execution_time, success FROM " + Table() + " ORDER BY installed_rank";
    int rc = sqlite3_prepare_v2(db_, q.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(DbError(rc, -1, q));
    std::vector<HistoryRow> rows;
    auto text = [&](int i) {
      const unsigned char* t = sqlite3_column_text(stmt, i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      HistoryRow r;
      r.installed_rank = sqlite3_column_int(stmt, 0);
      if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) r.version = text(1);
      r.description = text(2);
      r.type = text(3);
      r.script = text(4);
      if (sqlite3_column_type(stmt, 5) != SQLITE_NULL) r.checksum = static_cast<int32_t>(sqlite3_column_int64(stmt, 5));
      r.installed_by = text(6);
      r.installed_on = IsoUtcFromUtcWallTime(text(7));  // Flyway writes UTC here
      r.execution_time = sqlite3_column_int(stmt, 8);
      r.success = sqlite3_column_int(stmt, 9) != 0;
      rows.push_back(std::move(r));
    }
    Error e = rc == SQLITE_DONE ? Error() : DbError(rc, -1, q);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Fail(std::move(e));
    return rows;
  }

  std::string InsertHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    // A row read earlier keeps its time, in the UTC text form Flyway's default writes.
    const std::string on_text = r.installed_on.empty() ? "" : UtcWallTimeFromIso(r.installed_on);
    const bool on = !on_text.empty();
    s << "INSERT INTO " << Table()
      << " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
         "\"installed_by\", "
      << (on ? "\"installed_on\", " : "") << "\"execution_time\", \"success\") VALUES ("
      << r.installed_rank << ", " << (r.version ? Literal(*r.version) : "NULL") << ", " << Literal(r.description)
      << ", " << Literal(r.type) << ", " << Literal(r.script) << ", "
      << (r.checksum ? std::to_string(*r.checksum) : "NULL") << ", " << Literal(r.installed_by) << ", "
      << (on ? Literal(on_text) + ", " : "") << r.execution_time << ", " << (r.success ? 1 : 0) << ")";
    return s.str();
  }

  Result<void> InsertHistory(const HistoryRow& row) override { return Exec(InsertHistorySql(row)); }

  std::string UpdateHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    s << "UPDATE " << Table() << " SET \"description\" = " << Literal(r.description)
      << ", \"type\" = " << Literal(r.type) << ", \"checksum\" = "
      << (r.checksum ? std::to_string(*r.checksum) : "NULL") << ", \"execution_time\" = " << r.execution_time
      << ", \"success\" = " << (r.success ? 1 : 0)
      << " WHERE \"installed_rank\" = " << r.installed_rank;
    return s.str();
  }

  Result<void> UpdateHistory(const HistoryRow& r) override { return Exec(UpdateHistorySql(r)); }

  Result<void> DeleteHistory(int installed_rank) override {
    return Exec("DELETE FROM " + Table() + " WHERE \"installed_rank\" = " + std::to_string(installed_rank));
  }

  Result<void> EnsureProgress() override { return Exec(EnsureProgressSql()); }
  std::string EnsureProgressSql() const override { return Progress().Create(); }
  Result<void> WriteProgress(const drivers::Progress& p) override { return Exec(WriteProgressSql(p)); }
  std::string WriteProgressSql(const drivers::Progress& p) const override {
    // One statement, so that a kill never leaves the row half replaced.
    return "INSERT OR REPLACE" + Progress().Insert(p).substr(6);
  }
  Result<void> SetProgress(int installed_rank, int done, int stop) override {
    return Exec(SetProgressSql(installed_rank, done, stop));
  }
  std::string SetProgressSql(int installed_rank, int done, int stop) const override {
    return Progress().Set(installed_rank, done, stop);
  }
  Result<std::vector<drivers::Progress>> ReadProgress() override {
    std::vector<drivers::Progress> out;
    auto exists = ProgressExists();
    if (!exists) return Fail(exists.error());
    if (!*exists) return out;
    // Only the version and the checksum may be NULL; Query renders NULL as "".
    auto rows = Query("SELECT installed_rank, version IS NULL, version, script, checksum IS NULL, checksum, "
                      "statements, done, stopped FROM " + Progress().table + " ORDER BY installed_rank");
    if (!rows) return Fail(rows.error());
    for (const auto& r : *rows) {
      out.push_back(ProgressSql::Parse({r[0], r[1] == "1" ? std::nullopt : std::optional<std::string>(r[2]), r[3],
                                        r[4] == "1" ? std::nullopt : std::optional<std::string>(r[5]), r[6], r[7],
                                        r[8]}));
    }
    return out;
  }
  Result<bool> ProgressExists() override {
    auto exists = Query("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = " +
                        Literal(options_.table + "_progress"));
    if (!exists) return Fail(exists.error());
    return !exists->empty();
  }
  Result<void> DropProgress() override { return Exec(DropProgressSql()); }
  std::string DropProgressSql() const override { return Progress().Drop(); }

  Result<std::vector<SchemaObject>> ListObjects(const std::vector<std::string>&) override {
    auto rows = Query(
        "SELECT type, name FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND type IN "
        "('table', 'view', 'trigger', 'index') AND sql IS NOT NULL ORDER BY CASE type WHEN 'trigger' THEN 0 "
        "WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name");
    if (!rows) return Fail(rows.error());
    std::vector<SchemaObject> out;
    for (auto& r : *rows) out.push_back({"main", r[0], r[1]});
    return out;
  }

  Result<schema::Model> ReadSchema(const std::vector<std::string>&) override {
    auto rows = SchemaRows();
    if (!rows) return Fail(rows.error());
    return SqliteCatalogModel(*rows);
  }

  Result<std::vector<std::string>> ReadSchemaStatements(const std::vector<std::string>&) override {
    auto rows = SchemaRows();
    if (!rows) return Fail(rows.error());
    return SqliteSchemaStatements(*rows);
  }

  // sqlite_schema in rowid order, without SQLite's own objects, the history table and its side table.
  Result<std::vector<SqliteSchemaRow>> SchemaRows() {
    const std::string own = "(" + Literal(options_.table) + ", " + Literal(options_.table + "_progress") + ")";
    auto rows = Query("SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL AND name NOT "
                      "LIKE 'sqlite_%' AND name NOT IN " + own + " AND tbl_name NOT IN " + own + " ORDER BY rowid");
    if (!rows) return Fail(rows.error());
    std::vector<SqliteSchemaRow> schema;
    for (auto& r : *rows) schema.push_back({r[0], r[1], r[2], r[3]});
    return schema;
  }

  Result<std::vector<lint::TableSize>> ReadTableSizes(const std::vector<std::string>&) override {
    const std::string own = "(" + Literal(options_.table) + ", " + Literal(options_.table + "_progress") + ")";
    auto tables = Query("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
                        "name NOT IN " + own + " ORDER BY name");
    if (!tables) return Fail(tables.error());
    // SQLite keeps no row estimate, so rows are counted; bytes are the pages of the table and its
    // indexes, from dbstat when the library has it (Debian's does).
    auto pages = Query("SELECT s.tbl_name, sum(d.pgsize) FROM main.sqlite_schema s JOIN dbstat('main', 1) d ON "
                       "d.name = s.name GROUP BY s.tbl_name");
    std::map<std::string, std::int64_t> bytes;
    if (pages) {
      for (const auto& r : *pages) bytes[r[0]] = std::stoll(r[1]);
    }
    std::vector<lint::TableSize> out;
    for (const auto& t : *tables) {
      auto count = Query("SELECT count(*) FROM \"main\"." + QuoteIdentifier(t[0]));
      if (!count) return Fail(count.error());
      auto b = bytes.find(t[0]);
      out.push_back({"main", t[0], std::stoll((*count)[0][0]), b == bytes.end() ? -1 : b->second});
    }
    return out;
  }

  Result<void> Clean(const std::vector<std::string>& schemas) override {
    auto objects = ListObjects(schemas);
    if (!objects) return Fail(objects.error());
    // Child tables may reference parents; dropping with enforcement on would fail or cascade.
    auto fk = Query("PRAGMA foreign_keys");
    bool fk_on = fk && !fk->empty() && (*fk)[0][0] == "1";
    if (fk_on) Exec("PRAGMA foreign_keys = OFF");
    Result<void> result;
    for (const auto& o : *objects) {
      if (o.kind == "index") continue;  // dropped with their tables
      std::string kind = o.kind == "table" ? "TABLE" : o.kind == "view" ? "VIEW" : "TRIGGER";
      result = Exec("DROP " + kind + " IF EXISTS \"main\"." + QuoteIdentifier(o.name));
      if (!result) break;
    }
    if (fk_on) Exec("PRAGMA foreign_keys = ON");
    return result;
  }

 private:
  std::string Table() const { return "\"main\"." + QuoteIdentifier(options_.table); }
  ProgressSql Progress() const {
    return {"\"main\"." + QuoteIdentifier(options_.table + "_progress"), [](std::string_view v) { return Literal(v); },
            ""};
  }

  Error DbError(int rc, int offset, std::string_view statement) const {
    Error e(ErrorCode::kMigration, sqlite3_errmsg(db_));
    e.db_message = sqlite3_errmsg(db_);
    e.sqlstate = CodeName(rc);
    if ((rc & 0xff) == SQLITE_BUSY) e.Note(BusyHolders());
    if (offset >= 0) {
      SourcePos p{"", 1, 1};
      for (int i = 0; i < offset && i < static_cast<int>(statement.size()); ++i) {
        if (statement[i] == '\n') { ++p.line; p.column = 1; } else { ++p.column; }
      }
      e.pos = p;
    }
    return e;
  }

  Result<void> Exec(const std::string& sql) {
    if (auto r = Create(); !r) return r;
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return {};
    Error e(ErrorCode::kDatabase, err ? err : sqlite3_errstr(rc));
    e.db_message = e.message;
    e.sqlstate = CodeName(rc);
    if ((rc & 0xff) == SQLITE_BUSY) e.Note(BusyHolders());
    sqlite3_free(err);
    return Fail(std::move(e));
  }

  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(DbError(rc, -1, sql));
    std::vector<std::vector<std::string>> rows;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* t = sqlite3_column_text(stmt, i);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Fail(DbError(rc, -1, sql));
    return rows;
  }

  // Who holds SQLite's own lock on the database: processes with a POSIX or OFD lock on the file
  // or its -wal/-shm files, from /proc/locks (Linux), other than this one.
  std::string BusyHolders() const {
    std::set<unsigned long long> inodes;
    for (const std::string& p : {spec_.path, spec_.path + "-wal", spec_.path + "-shm", spec_.path + "-journal"}) {
      struct stat st {};
      if (stat(p.c_str(), &st) == 0) inodes.insert(st.st_ino);
    }
    const std::set<int> pids = LockHolders(inodes, {"POSIX", "OFDLCK"});
    if (pids.empty()) {
      return "the process holding SQLite's lock on " + spec_.path +
             " is unknown (/proc/locks names none: it may have released it meanwhile, or run on another machine)";
    }
    std::string out;
    for (int pid : pids) {
      std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline");
      std::string text((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
      for (auto& ch : text) if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (text.size() > 80) text = text.substr(0, 77) + "...";
      out += (out.empty() ? "" : ", ") + ("process " + std::to_string(pid)) + (text.empty() ? "" : " (" + text + ")");
    }
    return "the lock is held by " + out + ", which holds SQLite's lock on " + spec_.path;
  }

  // The file descriptor we lock is still the file at the path (not removed, not replaced).
  bool OpenedFileIsAtPath() const {
    struct stat fd_st {}, path_st {};
    return fstat(lock_fd_, &fd_st) == 0 && stat(spec_.path.c_str(), &path_st) == 0 &&
           fd_st.st_dev == path_st.st_dev && fd_st.st_ino == path_st.st_ino;
  }

  void Configure() {
    sqlite3_extended_result_codes(db_, 1);
    // Writers from the application may hold the write lock briefly; wait for them, not forever:
    // [migrate] lock_timeout for each statement's wait, as on the servers (5 s when it is 0).
    sqlite3_busy_timeout(db_, options_.lock_timeout_ms > 0 ? options_.lock_timeout_ms : 5000);
  }

  std::string Directory() const {
    const std::string::size_type slash = spec_.path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : spec_.path.substr(0, slash);
  }

  // Creates the database file on the command's first write, locked before anyone else can lock
  // it (see Lock), and moves from the in-memory stand-in to it. The stand-in was only read, so
  // nothing is lost.
  Result<void> Create() {
    if (!deferred_) return {};
    const int fd = open(spec_.path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int err = errno;
      if (err == EEXIST) {
        return Fail(Error(ErrorCode::kDatabase, "SQLite database " + spec_.path +
                                                    " was created by another program while shiftway was about to "
                                                    "create it")
                        .Note("nothing was written")
                        .Hint("run the command again: it will use the file that exists now"));
      }
      return Fail(Error(ErrorCode::kDatabase, "cannot create SQLite database " + spec_.path + ": " + strerror(err))
                      .Hint("check that the directory exists and is writable"));
    }
    if (locked_ && flock(fd, LOCK_EX | LOCK_NB) != 0) {
      close(fd);
      return Fail(Error(ErrorCode::kInternal, "could not lock the new SQLite database " + spec_.path));
    }
    sqlite3* memory = db_;
    db_ = nullptr;
    if (sqlite3_open_v2(spec_.path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      Error e(ErrorCode::kDatabase, "cannot open SQLite database " + spec_.path);
      e.db_message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      db_ = memory;
      close(fd);
      return Fail(std::move(e));
    }
    sqlite3_close_v2(memory);
    Configure();
    lock_fd_ = fd;
    deferred_ = false;
    ReleaseDirectory();
    return {};
  }

  // Takes the directory's flock (see Lock), waiting as for the file's.
  Result<void> LockDirectory(const std::function<void(const LockWait&)>& on_wait, int& attempt) {
    if (dir_fd_ < 0) dir_fd_ = open(Directory().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) {
      return Fail(Error(ErrorCode::kDatabase, "cannot open the directory " + Directory() + " of SQLite database " +
                                                  spec_.path + " to take the migration lock: " + strerror(errno))
                      .Hint("check that the directory exists and is readable"));
    }
    return WaitForLock(dir_fd_, on_wait, attempt);
  }

  void ReleaseDirectory() {
    if (dir_fd_ < 0) return;
    flock(dir_fd_, LOCK_UN);
    close(dir_fd_);
    dir_fd_ = -1;
  }

  // Waits for an exclusive flock on `fd`, once a second, saying who holds it; `attempt` counts
  // the waits of one Lock call, on the directory and the file together.
  Result<void> WaitForLock(int fd, const std::function<void(const LockWait&)>& on_wait, int& attempt) {
    const int attempts = std::max(1, options_.lock_retry_count);
    for (;;) {
      if (flock(fd, LOCK_EX | LOCK_NB) == 0) return {};
      int pid = HolderPid(fd);
      // Between the refused flock and the read of /proc/locks the holder may have let go of it (a
      // process that creates the database moves from the directory's lock to the file's): try
      // again at once for a moment, so that a wait names a process that really holds the lock.
      for (int i = 0; pid == 0 && i < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) return {};
        pid = HolderPid(fd);
      }
      LockWait wait;
      wait.attempt = ++attempt;
      wait.max_attempts = attempts;
      wait.holder = pid > 0 ? "process " + std::to_string(pid) : "another process";
      wait.free_command = pid > 0 ? "kill " + std::to_string(pid) : "";
      if (attempt >= attempts) {
        return Fail(Error(ErrorCode::kDatabase, "could not take the migration lock on " + spec_.path +
                                                    " after " + std::to_string(attempts) + " attempts: " +
                                                    wait.holder + " holds it")
                        .Hint(pid > 0 ? "wait for process " + std::to_string(pid) +
                                            " to finish, or stop it (`kill " + std::to_string(pid) + "`)"
                                      : "wait for the other migration to finish"));
      }
      if (on_wait) on_wait(wait);
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  // The pid holding a flock on the file `fd` refers to, from /proc/locks (Linux); 0 when unknown.
  static int HolderPid(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0) return 0;
    const std::set<int> pids = LockHolders({static_cast<unsigned long long>(st.st_ino)}, {"FLOCK"});
    return pids.empty() ? 0 : *pids.begin();
  }

  ConnectionSpec spec_;
  DriverOptions options_;
  sqlite3* db_ = nullptr;
  int lock_fd_ = -1;
  int dir_fd_ = -1;        ///< the directory, while this process holds its flock (see Lock)
  bool deferred_ = false;  ///< the file does not exist yet; db_ is an in-memory stand-in (see Open)
  bool locked_ = false;    ///< this process holds the migration lock
};

}  // namespace

Result<std::unique_ptr<Driver>> OpenSqlite(const ConnectionSpec& spec, const DriverOptions& options) {
  // connectRetries applies here too, as in Flyway, whose SQLite connection fails the same way
  // while the file's directory (a volume that is still being mounted) is missing.
  const int attempts = 1 + std::max(0, options.connect_retries);
  int backoff_s = 1;
  for (int attempt = 1;; ++attempt) {
    auto driver = std::make_unique<SqliteDriver>(spec, options);
    auto r = driver->Open();
    if (r) return std::unique_ptr<Driver>(std::move(driver));
    Error e = r.error();
    if (attempt >= attempts) {
      if (attempt > 1) e.Note("gave up after " + std::to_string(attempt) + " attempts");
      return Fail(std::move(e));
    }
    WaitBeforeRetry(options, "SQLite database " + spec.path, e.db_message, attempt, attempts, &backoff_s);
  }
}

}  // namespace shiftway::drivers
