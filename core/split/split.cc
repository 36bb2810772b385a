// `split`: an unreleased breaking migration becomes an expand step (this release) and a contract
// step held for the next one. The SQL comes from the lint rules' suggestions (core/lint/suggest.h),
// completed with the schema model's names and types and the user's --up/--down/--default.
#include "core/split/split.h"

#include "core/split/clauses.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "core/lint/rule.h"
#include "core/lint/suggest.h"
#include "core/lint/suppression.h"
#include "core/migration/name.h"
#include "core/schema/apply.h"
#include "core/schema/frontend.h"
#include "core/sql/identifier.h"
#include "core/migration/discovery.h"
#include "core/sql/statement.h"

namespace shiftway::split {
namespace fs = std::filesystem;
namespace {

using schema::Change;
using schema::ChangeKind;

const std::set<std::string>& SplitRules() {
  static const std::set<std::string> rules = {"rename-column", "rename-table",  "change-column-type",
                                              "add-required-column", "set-not-null", "drop-column",
                                              "drop-table"};
  return rules;
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  std::string out = fs::weakly_canonical(fs::absolute(path, ec), ec).generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(Error(ErrorCode::kUsage, "cannot read " + path + ": no such file, or permission denied")
                    .Hint("pass the unreleased migration to split, e.g. sql/V3__rename_column.sql"));
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int EndLine(const sql::Statement& st) {
  int line = st.line;
  for (char c : st.text) line += c == '\n';
  return line;
}

std::string ObjectName(const Change& c) { return schema::Qualified(c.schema, c.object); }

// The change a finding of `rule` is about, among one statement's changes.
bool Matches(const std::string& rule, const Change& c) {
  if (!c.released) return false;
  if (rule == "rename-column") return c.kind == ChangeKind::kRenameColumn;
  if (rule == "rename-table") return c.kind == ChangeKind::kRenameTable;
  if (rule == "change-column-type") return c.kind == ChangeKind::kAlterColumnType;
  if (rule == "add-required-column") return c.kind == ChangeKind::kAddColumn && c.def.not_null && !c.def.has_default;
  if (rule == "set-not-null") return c.kind == ChangeKind::kSetNotNull;
  if (rule == "drop-column") return c.kind == ChangeKind::kDropColumn;
  if (rule == "drop-table") return c.kind == ChangeKind::kDropTable;
  return false;
}

/// SQLite: a renamed column's contract rebuild, which leaves the old column out (DROP COLUMN
/// cannot drop a column with UNIQUE or a foreign key) and declares the new one with the old one's
/// constraints and collation.
struct MovedColumn {
  std::string from, to;
  std::vector<schema::Constraint> add;  ///< UNIQUE and FOREIGN KEY, on `to`
  std::string collate;                  ///< `COLLATE X` for `to`, or ""
  bool not_null = false;                ///< `to` ends NOT NULL
};

// What one breaking change becomes.
struct Pieces {
  std::vector<std::string> expand;    // statements and `--` comment lines
  std::vector<std::string> contract;
  std::vector<std::string> contract_allows;  // `-- shiftway:allow` lines for the contract's header
  std::vector<std::string> notes;            // for the expand's header: what the apps must do
  std::vector<std::string> contract_notes;   // `--` lines for the contract's header
  bool expand_rebuild = false;    // needs SQLite's own transaction and PRAGMAs
  /// SQLite: (table change, column) to make NOT NULL by a rebuild at the end of the contract, from
  /// the table as the expand and the contract's earlier statements leave it.
  std::vector<std::pair<Change, std::string>> contract_not_null;
  /// PostgreSQL: the VALIDATE and SET NOT NULL, in a second contract migration so the validation
  /// does not run in the transaction that took the ADD CONSTRAINT's lock.
  std::vector<std::string> contract_validate;
  /// PostgreSQL: CREATE INDEX CONCURRENTLY statements, held in a migration of their own that runs
  /// before the contract (a non-transactional file cannot hold anything else).
  std::vector<std::string> build;
  std::vector<std::string> build_allows;  // `-- shiftway:allow` lines for that migration
  /// Contract statements that must run before the old column is dropped (SQLite: DROP INDEX of
  /// the old column's indexes, which block its DROP COLUMN).
  std::vector<std::string> contract_first;
  /// SQLite renames: the clauses the ADD COLUMN of the copy gets (COLLATE after the type, CHECKs
  /// at the end), and the UNIQUE and foreign keys its contract rebuild declares.
  std::string sqlite_collate;
  std::vector<std::string> sqlite_checks;
  std::vector<schema::Constraint> sqlite_keys;
  /// MySQL/MariaDB renames: the column CHECKs the copy's ADD COLUMN declares.
  std::vector<std::string> mysql_column_checks;
  /// Unique indexes on the new column alone, which lint does not judge (no allow needed).
  std::vector<std::string> unique_on_new;
  /// Unique indexes whose columns hold a unique key the table had: they refuse no new duplicate, and
  /// lint does not judge them either (add-unique-constraint), after a rebuild too.
  std::vector<std::string> unique_within_key;
  /// SQLite: a contract rebuild of the table that replaces the old column's DROP COLUMN.
  std::vector<std::pair<Change, MovedColumn>> contract_moves;
};

std::string Backfill(sql::Dialect d, const std::string& table, const std::string& column, const std::string& value) {
  const std::string q_col = sql::Ident(d, column);
  return "UPDATE " + sql::TableIdent(d, table) + " SET " + q_col + " = " + value + " WHERE " + q_col + " IS NULL";
}

const char* kBatching =
    "-- backfill: on a large table run this in batches (e.g. by primary-key range) so no transaction "
    "holds row locks for long";

Error NeedFlag(const std::string& flag, const std::string& why, const std::string& example) {
  return Error(ErrorCode::kUsage, "split needs " + flag + " EXPR: " + why).Hint("for example " + example);
}

// The table as the model knows it just before the change, with its indexes, for SQLite rebuilds.
struct Known;
std::vector<std::string> RebuildLosses(const Known& known, const std::string& table);
bool Mentions(const std::string& text, const std::string& column);
std::string Joined(const std::vector<std::string>& v);


// The COLLATE clauses of the columns of `table` the statements declared (SQLite keeps them only in
// the text), by lowercase column name.
std::map<std::string, std::string> Collations(const Known& known, const std::string& table);

// `create` (lint::SqliteCreateTable's text, a column per line) with `clause` after the type of
// `column`.
std::string WithClause(const std::string& create, const std::string& column, const std::string& type,
                       const std::string& clause) {
  const std::string head = "\n  " + sql::Ident(sql::Dialect::kSqlite, column) + (type.empty() ? "" : " " + type);
  const size_t at = create.find(head);
  if (at == std::string::npos) return create;
  const size_t end = at + head.size();
  if (end < create.size() && create[end] != ',' && create[end] != '\n' && create[end] != ' ') return create;
  return create.substr(0, end) + " " + clause + create.substr(end);
}

// Why a SQLite rebuild of the change's table cannot be written, as the refusal (ok when it can).
Result<void> CannotRebuild(const schema::Model& model, const Change& c, const std::string& table, const Known& known) {
  auto lost = RebuildLosses(known, table);
  // SQLite checks the schema's views when the rebuilt table is renamed: a view over the table
  // names a table that is gone by then, and the RENAME fails.
  for (const auto& [key, v] : model.views) {
    for (const auto& vt : v.tables) {
      if (schema::SameName(vt, table) || schema::SameName(vt, ObjectName(c))) {
        lost.push_back("the view " + schema::Qualified(v.schema, v.name) + " (SQLite refuses the rebuild's RENAME "
                       "while a view names the dropped table: drop it before this change and create it again after)");
        break;
      }
    }
  }
  if (lost.empty()) return {};
  std::string list;
  for (const auto& l : lost) list += "\n    - " + l;
  return Fail(Error(ErrorCode::kUsage, "split cannot rebuild " + ObjectName(c) +
                                           " on SQLite without losing what its definition has that split "
                                           "cannot write again:" + list)
                  .Note("nothing was written")
                  .Hint("write the rebuild by hand from the table's CREATE TABLE (see `shiftway explain "
                        "set-not-null`), keeping each of these"));
}

// `index_sql` holds the CREATE INDEX texts as written (model key -> text): an index with one is
// re-created from it, so expression and partial indexes come back whole.
Result<std::vector<std::string>> Rebuild(const schema::Model& model, const Change& c, const std::string& column,
                                         bool not_null, const std::string& fill, bool drop_default = false,
                                         const std::map<std::string, std::string>* index_sql = nullptr,
                                         const Known* known = nullptr, const MovedColumn* moved = nullptr) {
  const schema::Table* t = model.FindTable(c.schema, c.object);
  if (!t || t->columns_unknown) {
    return Fail(Error(ErrorCode::kUsage, "split cannot rebuild " + ObjectName(c) +
                                             " on SQLite: its columns are not known from the migrations")
                    .Hint("write the expand and contract steps by hand (see `shiftway explain set-not-null`)"));
  }
  if (known) {
    if (auto refused = CannotRebuild(model, c, t->name, *known); !refused) return Fail(refused.error());
  }
  schema::Table after = *t;
  if (moved) {
    // The old column and what it alone had go; the new one gets its UNIQUE and foreign key (its
    // CHECK came with its ADD COLUMN).
    std::erase_if(after.columns, [&](const schema::Column& col) { return schema::SameName(col.name, moved->from); });
    std::erase_if(after.constraints, [&](const schema::Constraint& k) {
      for (const auto& n : k.columns) {
        if (schema::SameName(n, moved->from)) return true;
      }
      return k.kind == schema::Constraint::Kind::kCheck && Mentions(k.expr, moved->from);
    });
    after.constraints.insert(after.constraints.end(), moved->add.begin(), moved->add.end());
  }
  std::vector<std::string> select;
  for (auto& col : after.columns) {
    if (schema::SameName(col.name, column)) {
      col.not_null = not_null;
      if (drop_default) {
        col.has_default = false;
        col.default_expr.clear();
      }
      const std::string q = sql::Ident(sql::Dialect::kSqlite, col.name);
      select.push_back(fill.empty() ? q : "COALESCE(" + q + ", " + fill + ")");
    } else {
      select.push_back(sql::Ident(sql::Dialect::kSqlite, col.name));
    }
  }
  std::vector<schema::Index> indexes;
  std::vector<std::string> texts;
  for (const auto& [key, ix] : model.indexes) {
    if (!schema::SameName(ix.table, t->name)) continue;
    auto text = index_sql ? index_sql->find(key) : std::map<std::string, std::string>::const_iterator{};
    if (index_sql && text != index_sql->end()) {
      texts.push_back(text->second);
    } else if (ix.columns.empty()) {
      return Fail(Error(ErrorCode::kUsage, "split cannot rebuild " + ObjectName(c) + " on SQLite: the index " +
                                               ix.name + " is an expression or partial index split has no text for")
                      .Hint("write the rebuild by hand, re-creating " + ix.name));
    } else {
      indexes.push_back(ix);
    }
  }
  auto out = lint::SqliteRebuild(after, select, indexes);
  // The collations the model keeps no fact for, after each column's type.
  std::map<std::string, std::string> collate = known ? Collations(*known, t->name) : std::map<std::string, std::string>{};
  if (moved && !moved->collate.empty()) collate[schema::Lower(moved->to)] = moved->collate;
  for (const auto& col : after.columns) {
    if (auto it = collate.find(schema::Lower(col.name)); it != collate.end()) {
      out[1] = WithClause(out[1], col.name, col.type, it->second);
    }
  }
  // The foreign keys' actions, which lint::SqliteCreateTable does not write, after each key's
  // REFERENCES (the keys stand in the text in the order of the constraints).
  size_t from = 0;
  for (const auto& k : after.constraints) {
    if (k.kind != schema::Constraint::Kind::kForeignKey) continue;
    constexpr auto sq = sql::Dialect::kSqlite;
    std::string key = "FOREIGN KEY (" + sql::IdentList(sq, k.columns) + ") REFERENCES " + sql::TableIdent(sq, k.ref_table) +
                      (k.ref_columns.empty() ? "" : " (" + sql::IdentList(sq, k.ref_columns) + ")");
    const size_t at = out[1].find(key, from);
    if (at == std::string::npos) {
      return Fail(Error(ErrorCode::kUsage, "split cannot rebuild " + ObjectName(c) + " on SQLite: it cannot find the "
                                               "foreign key " + key + " in the table it wrote")
                      .Hint("write the rebuild by hand from the table's CREATE TABLE"));
    }
    const std::string actions = (k.on_delete.empty() ? "" : " ON DELETE " + k.on_delete) +
                                (k.on_update.empty() ? "" : " ON UPDATE " + k.on_update);
    out[1].insert(at + key.size(), actions);
    from = at + key.size() + actions.size();
  }
  // After the last CREATE INDEX, before the closing comment.
  out.insert(out.end() - 1, texts.begin(), texts.end());
  return out;
}

// MySQL/MariaDB column attributes the model keeps as text (Column::extras) that belong to the
// type and come right after it: CHARACTER SET, COLLATE, BINARY.
bool TypeExtra(const std::string& x) {
  const std::string u = schema::Lower(x);
  for (const char* k : {"collate", "charset", "character", "binary", "ascii", "unicode"}) {
    if (u.starts_with(k)) return true;
  }
  return false;
}

// The attributes split writes again on a renamed column's copy: the type's and COMMENT (ON UPDATE
// is not, since the sync triggers would race it).
bool CarriedExtra(const std::string& x) { return TypeExtra(x) || schema::Lower(x).starts_with("comment"); }

// `extras` of the kind `type_part` picks, each after a space.
std::string Extras(const std::vector<std::string>& extras, bool type_part) {
  std::string out;
  for (const auto& x : extras) {
    if (TypeExtra(x) == type_part) out += " " + x;
  }
  return out;
}

std::vector<std::string> SetNotNull(sql::Dialect d, const std::string& table, const schema::Column& col) {
  const std::string q_table = sql::TableIdent(d, table), q_col = sql::Ident(d, col.name);
  if (d == sql::Dialect::kPostgres) {
    // The scan-free path: a validated check lets SET NOT NULL skip the table scan.
    std::string name = table + "_" + col.name + "_not_null";
    for (char& ch : name) {
      if (ch == '.') ch = '_';
    }
    name = sql::Ident(d, lint::ShortName(d, name));
    return {"ALTER TABLE " + q_table + " ADD CONSTRAINT " + name + " CHECK (" + q_col + " IS NOT NULL) NOT VALID",
            "ALTER TABLE " + q_table + " VALIDATE CONSTRAINT " + name,
            "ALTER TABLE " + q_table + " ALTER COLUMN " + q_col + " SET NOT NULL",
            "ALTER TABLE " + q_table + " DROP CONSTRAINT " + name};
  }
  // MySQL redefines the whole column, so the default and the attributes are repeated.
  return {"ALTER TABLE " + q_table + " MODIFY " + q_col + " " + lint::TypeOrPlaceholder(col.type, table, col.name) +
          Extras(col.extras, true) + (col.has_default ? " DEFAULT " + col.default_expr : "") + " NOT NULL" +
          Extras(col.extras, false)};
}

// What the statements before FILE's change said that the schema model keeps no fact for: the
// text of each index that still exists (expression and partial ones included), and COMMENT ON
// COLUMN statements.
struct Known {
  std::map<std::string, std::string> index_sql;  // model key -> CREATE INDEX text
  std::vector<std::string> comments;             // COMMENT ON COLUMN texts
  /// SQLite: column attributes from the statements' text ("table.column" lowercase), which the
  /// SQLite front end's catalog diff does not carry (COLLATE NOCASE).
  std::map<std::string, std::vector<std::string>> extras;
  /// SQLite: the statements that defined each table's columns and constraints (its CREATE TABLE
  /// and ADD COLUMNs), by lowercase table name, followed through table renames.
  std::map<std::string, std::vector<std::string>> table_sql;
  /// SQLite: the triggers on each table (lowercase table -> lowercase trigger names), which a
  /// rebuild's DROP TABLE drops with it and the schema model does not hold.
  std::map<std::string, std::set<std::string>> triggers;
  /// The triggers in the migrations, by lowercase name: the table
  /// they are on and their text (PostgreSQL: with the function they execute, by lowercase name).
  struct Trigger {
    std::string name, table, text, function;
  };
  std::map<std::string, Trigger> server_triggers;
  std::map<std::string, std::string> functions;  ///< PostgreSQL: CREATE FUNCTION texts by lowercase name
};

// The triggers that read `column` of `table`: on the table and naming
// the column in their text or their function's body (NEW.c and OLD.c included), or on another
// table and naming both. split does not rewrite a trigger, and the contract would leave it reading
// a column that is gone (PostgreSQL refuses to drop a column a trigger's UPDATE OF or WHEN names).
std::vector<std::string> TriggersReading(const Known& known, const std::string& table, const std::string& column) {
  auto word = [](const std::string& text, const std::string& w) {
    std::string escaped;
    for (char ch : w) {
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') escaped += '\\';
      escaped += ch;
    }
    return std::regex_search(text, std::regex("(^|[^\\w$])" + escaped + "($|[^\\w$])", std::regex::icase));
  };
  std::vector<std::string> out;
  for (const auto& [key, t] : known.server_triggers) {
    std::string body = t.text;
    std::string via;
    if (!t.function.empty()) {
      if (auto f = known.functions.find(t.function); f != known.functions.end()) {
        body += "\n" + f->second;
        via = ", whose function " + t.function;
      }
    }
    const bool on_table = schema::SameName(t.table, table);
    if (!word(body, column) || (!on_table && !word(body, table))) continue;
    out.push_back("the trigger " + t.name + " on " + t.table + (via.empty() ? ", which" : via) + " reads " + column +
                  " (split does not rewrite triggers: drop it before this change, or write it again for the new shape)");
  }
  return out;
}

// What a SQLite rebuild of `table` (lint::SqliteCreateTable, from the schema model) cannot write
// again, found in the statements that defined it: the model keeps no fact for these clauses, so a
// rebuild would drop them without a word.
std::vector<std::string> RebuildLosses(const Known& known, const std::string& table) {
  static const std::vector<std::pair<std::regex, std::string>> clauses = {
      // The model keeps CASCADE, SET NULL and SET DEFAULT, and NO ACTION is the default; RESTRICT
      // it keeps as NO ACTION, which SQLite checks later (at the statement's end, or deferred).
      {std::regex(R"(\bON\s+(DELETE|UPDATE)\s+RESTRICT\b)", std::regex::icase), ""},
      {std::regex(R"(\bDEFERRABLE\b)", std::regex::icase), ""},
      {std::regex(R"(\bAUTOINCREMENT\b)", std::regex::icase), ""},
      {std::regex(R"(\bGENERATED\s+ALWAYS\b|\bAS\s*\()", std::regex::icase), "a generated column"},
      {std::regex(R"(\bWITHOUT\s+ROWID\b)", std::regex::icase), ""},
      {std::regex(R"(\)\s*STRICT\b)", std::regex::icase), "STRICT"},
      {std::regex(R"(\bON\s+CONFLICT\s+\w+)", std::regex::icase), ""},
  };
  std::vector<std::string> out;
  if (auto t = known.triggers.find(schema::Lower(table)); t != known.triggers.end()) {
    for (const auto& name : t->second) out.push_back("the trigger " + name + " (dropped with the table by the rebuild)");
  }
  auto it = known.table_sql.find(schema::Lower(table));
  if (it == known.table_sql.end()) return out;
  std::set<std::string> seen;
  // A column's COLLATE is written again after its type; one anywhere else (a key's column, an
  // expression) is not.
  static const std::regex collate_re(R"(\bCOLLATE\s+\w+)", std::regex::icase);
  size_t collates = 0;
  for (const auto& text : it->second) {
    collates += std::distance(std::sregex_iterator(text.begin(), text.end(), collate_re), std::sregex_iterator());
  }
  if (collates > Collations(known, table).size()) out.push_back("a COLLATE that is not a column's own");
  for (const auto& text : it->second) {
    for (const auto& [re, label] : clauses) {
      std::smatch m;
      if (!std::regex_search(text, m, re)) continue;
      std::string what = label.empty() ? m.str() : label;
      if (seen.insert(schema::Lower(what)).second) out.push_back(what);
    }
  }
  return out;
}

// True when the COMMENT ON COLUMN `text` is about `table`.`column` (schema-qualified or not).
bool CommentTarget(const std::string& text, const std::string& table, const std::string& column) {
  static const std::regex target(R"(^\s*COMMENT\s+ON\s+COLUMN\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){1,2})\s+IS\b)",
                                 std::regex::icase);
  std::smatch m;
  if (!std::regex_search(text, m, target)) return false;
  std::vector<std::string> parts;
  std::string part, name = m[1].str();
  bool quoted = false;
  for (char ch : name) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == '.' && !quoted) {
      parts.push_back(part);
      part.clear();
    } else {
      part += ch;
    }
  }
  parts.push_back(part);
  return parts.size() >= 2 && schema::SameName(parts[parts.size() - 2], table) && schema::SameName(parts.back(), column);
}

std::map<std::string, std::string> Collations(const Known& known, const std::string& table) {
  std::map<std::string, std::string> out;
  const std::string prefix = schema::Lower(table) + ".";
  for (const auto& [key, extras] : known.extras) {
    if (!key.starts_with(prefix)) continue;
    for (const auto& x : extras) {
      if (schema::Lower(x).starts_with("collate")) out[key.substr(prefix.size())] = x;
    }
  }
  return out;
}

// True when the CHECK `expr` reads a column of `t` other than `column`.
bool ReadsOtherColumns(const schema::Table& t, const std::string& expr, const std::string& column) {
  for (const auto& other : t.columns) {
    if (!schema::SameName(other.name, column) && Mentions(expr, other.name)) return true;
  }
  return false;
}

// True when `text` names `column` (bare, "quoted" or `quoted`), outside strings and not after a dot.
bool Mentions(const std::string& text, const std::string& column) {
  for (auto d : {sql::Dialect::kPostgres, sql::Dialect::kMysql}) {
    if (lint::QualifyColumn(d, text, column, "\x01").find('\x01') != std::string::npos) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// What a column moved to `new_col` by the dual-write expand (ADD COLUMN, triggers, contract DROP
// COLUMN) would lose: everything about the old column besides its type and data, except what
// split carries (NOT NULL on PostgreSQL and MySQL/MariaDB). Each entry names the shape and the
// statement to write by hand.
// `text` with each mention of `from` (bare or quoted, outside strings, not after a dot) spelled `to`.
std::string RenameMentions(sql::Dialect d, const std::string& text, const std::string& from, const std::string& to) {
  std::string marked = lint::QualifyColumn(d, text, from, "\x01"), out;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i] == '\x01') {
      out += sql::Ident(d, to);
      i = lint::MentionEnd(marked, i + 1) - 1;
    } else {
      out += marked[i];
    }
  }
  return out;
}

// A name for what `name` becomes on the renamed column, within the dialect's limit.
std::string RenamedName(sql::Dialect d, const std::string& name, const std::string& from, const std::string& to,
                        const std::string& fallback) {
  if (name.empty()) return lint::ShortName(d, fallback);
  std::string base = name;
  const std::string lower = schema::Lower(base);
  const size_t at = lower.find(schema::Lower(from));
  base = at == std::string::npos ? base + "_" + to : base.substr(0, at) + to + base.substr(at + from.size());
  return lint::ShortName(d, base);
}

std::vector<std::string> DualWriteLosses(const Change& c, const schema::Model& model, sql::Dialect d,
                                         const Known& known, const std::string& new_col, Pieces* carry) {
  std::vector<std::string> out;
  // PostgreSQL renames carry constraints and indexes: checks and foreign keys NOT VALID in the
  // expand (the triggers copy values the old column's own constraints accepted), validated by the
  // contract; indexes built CONCURRENTLY before the contract; UNIQUE attached to its index then.
  const bool pg_carry = carry && d == sql::Dialect::kPostgres && c.kind == ChangeKind::kRenameColumn;
  // MySQL/MariaDB renames carry single-column UNIQUE and indexes in the expand (online DDL;
  // the values are the old column's). A DROP COLUMN takes the column out of a multi-column index
  // instead of dropping it, and a foreign key blocks the drop, so those are refused.
  const bool my_carry = carry && d == sql::Dialect::kMysql && c.kind == ChangeKind::kRenameColumn;
  // SQLite renames carry indexes written with CREATE INDEX (plain, expression, partial, unique,
  // multi-column): the renamed text on the new column in the expand, the old index dropped by the
  // contract before the old column (SQLite refuses to drop a column an index uses).
  const bool sq_carry = carry && d == sql::Dialect::kSqlite && c.kind == ChangeKind::kRenameColumn;
  const std::string tname = ObjectName(c);
  std::string flat = tname;
  for (char& ch : flat) {
    if (ch == '.') ch = '_';
  }
  const schema::Table* t = model.FindTable(c.schema, c.object);
  if (!c.before || !t) return out;
  const schema::Column& col = *c.before;
  const std::string table = ObjectName(c);
  const std::string q_table = sql::TableIdent(d, tname), q_new = sql::Ident(d, new_col);
  auto q = [&](const std::string& name) { return sql::Ident(d, name); };
  if (col.generated) out.push_back("its identity, serial, AUTO_INCREMENT or generated expression");
  // A rename carries a constant default (see DualWrite); a type change would have to convert it.
  if (col.has_default && !col.generated && (c.kind != ChangeKind::kRenameColumn || col.default_volatile)) {
    out.push_back("DEFAULT " + col.default_expr + " (ALTER TABLE " + table + " ALTER COLUMN " + new_col +
                  " SET DEFAULT " + col.default_expr + " in the contract)");
  }
  for (const auto& x : col.extras) {
    // PostgreSQL keeps only COLLATE here: declared on the copy like the MySQL attributes.
    if ((my_carry && CarriedExtra(x)) || (pg_carry && TypeExtra(x))) continue;
    if (my_carry && schema::Lower(x).starts_with("on update")) {
      // Measured on MariaDB 10.11: with the automatic update on both columns, an UPDATE that
      // writes the old column leaves both holding the current time, not the value written.
      out.push_back(x + " (on both columns the automatic update overrides the sync triggers' copy, and a value the "
                        "running release writes to " + col.name + " is lost: give " + new_col + " its " + x +
                        " with a MODIFY after the contract)");
      continue;
    }
    out.push_back(x);
  }
  if (auto it = known.extras.find(schema::Lower(t->name + "." + col.name)); it != known.extras.end() && col.extras.empty()) {
    for (const auto& x : it->second) {
      // SQLite: the copy is declared with the same COLLATE (its ADD COLUMN and the contract rebuild).
      if (sq_carry && schema::Lower(x).starts_with("collate")) {
        carry->sqlite_collate = x;
      } else {
        out.push_back(x);
      }
    }
  }
  // The table a foreign key references, when the model still knows it under that name.
  auto target_known = [&](const schema::Constraint& k) {
    const size_t dot = k.ref_table.rfind('.');
    return dot == std::string::npos ? model.FindTable("", k.ref_table) != nullptr
                                    : model.FindTable(k.ref_table.substr(0, dot), k.ref_table.substr(dot + 1)) != nullptr;
  };
  auto has = [&](const std::vector<std::string>& cols) {
    for (const auto& n : cols) {
      if (schema::SameName(n, col.name)) return true;
    }
    return false;
  };
  // The column list with the old column spelled as the new one: as SQL ("a, b", each name as
  // sql::Ident), or with sep "_" as part of a name ("a_b").
  // The columns of a copy on the renamed column hold a unique key of the table (not the old one).
  auto holds_key = [&](const std::vector<std::string>& cols) {
    std::vector<std::string> names;
    for (const auto& n : cols) names.push_back(schema::SameName(n, col.name) ? new_col : n);
    return !model.UniqueKeyWithin(c.schema, c.object, names).empty();
  };
  auto renamed = [&](const std::vector<std::string>& cols, const std::string& sep = ", ") {
    std::string out_cols;
    for (const auto& n : cols) {
      const std::string& name = schema::SameName(n, col.name) ? new_col : n;
      out_cols += (out_cols.empty() ? "" : sep) + (sep == ", " ? sql::Ident(d, name) : name);
    }
    return out_cols;
  };
  for (const auto& k : t->constraints) {
    switch (k.kind) {
      case schema::Constraint::Kind::kPrimaryKey:
        if (has(k.columns)) out.push_back("PRIMARY KEY (" + Joined(k.columns) + ")");
        break;
      case schema::Constraint::Kind::kUnique:
        if (!has(k.columns)) break;
        if (pg_carry) {
          const std::string cols = renamed(k.columns);
          const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + renamed(k.columns, "_") + "_key");
          carry->build.push_back("CREATE UNIQUE INDEX CONCURRENTLY " + q(name) + " ON " + q_table + " (" + cols + ")");
          carry->contract.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " UNIQUE USING INDEX " + q(name));
          if (!holds_key(k.columns)) {
            carry->build_allows.push_back("-- shiftway:allow-file add-unique-constraint reason: " + new_col +
                                          " holds the values of " + col.name + ", whose UNIQUE held them");
          }
        } else if (my_carry && k.columns.size() == 1) {
          const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + new_col + "_key");
          carry->expand.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " UNIQUE (" + q_new + ")");
        } else if (sq_carry) {
          // SQLite: a unique index on the copy for the release (ADD COLUMN cannot declare UNIQUE),
          // dropped by the contract, whose rebuild declares the UNIQUE on the new column.
          const std::string name = RenamedName(d, "", col.name, new_col, flat + "_" + renamed(k.columns, "_") + "_key");
          // On the new column alone lint does not judge it; otherwise the expand's allow-file covers it.
          if (k.columns.size() == 1) {
            carry->unique_on_new.push_back("CREATE UNIQUE INDEX " + q(name) + " ON " + q_table + " (" + q_new + ")");
          }
          carry->expand.push_back("CREATE UNIQUE INDEX " + q(name) + " ON " + q_table + " (" + renamed(k.columns) + ")");
          if (holds_key(k.columns)) carry->unique_within_key.push_back(carry->expand.back());
          carry->contract_first.push_back("DROP INDEX " + q(name));
          schema::Constraint u = k;
          for (auto& n : u.columns) {
            if (schema::SameName(n, col.name)) n = new_col;
          }
          carry->sqlite_keys.push_back(u);
        } else {
          out.push_back("UNIQUE (" + Joined(k.columns) + ")");
        }
        break;
      case schema::Constraint::Kind::kCheck:
        if (!has(k.columns) && !Mentions(k.expr, col.name)) break;
        if (pg_carry && !k.expr.empty() && k.not_null_column.empty()) {
          const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + new_col + "_check");
          // Lint judges a check that also reads released columns; this one holds the old one's values.
          if (ReadsOtherColumns(*t, k.expr, col.name)) {
            carry->expand.push_back("-- shiftway:allow add-check-constraint reason: " + name + " is the CHECK of " +
                                    col.name + " on " + new_col + ", which holds its values");
          }
          carry->expand.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " CHECK (" +
                                  RenameMentions(d, k.expr, col.name, new_col) + ") NOT VALID");
          carry->contract_validate.push_back("ALTER TABLE " + q_table + " VALIDATE CONSTRAINT " + q(name));
        } else if (my_carry && !k.expr.empty() && k.not_null_column.empty() &&
                   ((k.columns.size() == 1 && schema::SameName(k.columns[0], col.name)) || !k.name.empty())) {
          // MariaDB: a column's own CHECK on the copy's declaration (DROP COLUMN drops the old
          // one's with it); a named table CHECK added again for the copy, and the old one dropped
          // by the contract before the old column (DROP COLUMN refuses a column a table CHECK reads).
          const std::string expr = RenameMentions(d, k.expr, col.name, new_col);
          if (k.name.empty()) {
            carry->mysql_column_checks.push_back("CHECK (" + expr + ")");
          } else {
            const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + new_col + "_check");
            if (ReadsOtherColumns(*t, k.expr, col.name)) {
              carry->expand.push_back("-- shiftway:allow add-check-constraint reason: " + name + " is the CHECK of " +
                                      col.name + " on " + new_col + ", which holds its values");
            }
            carry->expand.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " CHECK (" + expr + ")");
            carry->contract_first.push_back("ALTER TABLE " + q_table + " DROP CONSTRAINT " + q(k.name));
          }
        } else if (sq_carry && !k.expr.empty() && k.not_null_column.empty()) {
          // SQLite: on the copy's ADD COLUMN (it holds for the existing rows, whose copy is NULL
          // until the backfill writes the old column's checked values).
          carry->sqlite_checks.push_back("CHECK (" + RenameMentions(d, k.expr, col.name, new_col) + ")");
        } else {
          out.push_back("CHECK (" + k.expr + ")" +
                        (my_carry && k.name.empty() ? " (MySQL/MariaDB named it: split needs its name to drop it; "
                                                      "declare it with CONSTRAINT name in the migration that creates it)"
                                                    : ""));
        }
        break;
      case schema::Constraint::Kind::kForeignKey: {
        if (!has(k.columns)) break;
        const std::string actions = (k.on_delete.empty() ? "" : " ON DELETE " + k.on_delete) +
                                    (k.on_update.empty() ? "" : " ON UPDATE " + k.on_update);
        // The model keeps the referenced table as written; after a rename of that table it no
        // longer names a table, and split cannot tell what it is called now.
        if (sq_carry && k.columns.size() == 1 && target_known(k)) {
          // SQLite: declared by the contract rebuild. During the release the old column's key
          // holds for both apps: the triggers copy each write of the new column into it.
          schema::Constraint f = k;
          f.columns = {new_col};
          carry->sqlite_keys.push_back(f);
          carry->contract_allows.push_back("-- shiftway:allow-file add-foreign-key reason: " + new_col +
                                           " holds the values of " + col.name + ", whose foreign key to " + k.ref_table +
                                           " held them on every write since the expand");
        } else if (my_carry && k.columns.size() == 1 && target_known(k) && !k.name.empty()) {
          // MariaDB: the key on the copy in the expand (its values are the old column's), and the
          // old key dropped by the contract before the old column, whose DROP COLUMN it blocks.
          const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + new_col + "_fkey");
          carry->expand.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " FOREIGN KEY (" + q_new +
                                  ") REFERENCES " + sql::TableIdent(d, k.ref_table) +
                                  (k.ref_columns.empty() ? "" : " (" + sql::IdentList(d, k.ref_columns) + ")") + actions);
          carry->contract_first.push_back("ALTER TABLE " + q_table + " DROP FOREIGN KEY " + q(k.name));
        } else if (pg_carry && target_known(k)) {
          const std::string cols = renamed(k.columns);
          const std::string name = RenamedName(d, k.name, col.name, new_col, flat + "_" + renamed(k.columns, "_") + "_fkey");
          carry->expand.push_back("ALTER TABLE " + q_table + " ADD CONSTRAINT " + q(name) + " FOREIGN KEY (" + cols +
                                  ") REFERENCES " + sql::TableIdent(d, k.ref_table) +
                                  (k.ref_columns.empty() ? "" : " (" + sql::IdentList(d, k.ref_columns) + ")") + actions + " NOT VALID");
          carry->contract_validate.push_back("ALTER TABLE " + q_table + " VALIDATE CONSTRAINT " + q(name));
        } else {
          out.push_back("FOREIGN KEY (" + Joined(k.columns) + ") REFERENCES " + k.ref_table +
                        (k.ref_columns.empty() ? "" : " (" + Joined(k.ref_columns) + ")") + actions +
                        ((pg_carry || my_carry || sq_carry) && !target_known(k)
                             ? " (no table is called " + k.ref_table + " now: split cannot tell what the key references)"
                             : "") +
                        (my_carry && k.name.empty() && k.columns.size() == 1 && target_known(k)
                             ? " (MySQL/MariaDB named it: split needs its name to drop it; declare it with "
                               "CONSTRAINT name in the migration that creates it)"
                             : ""));
        }
        break;
      }
    }
  }
  for (const auto& [key, other] : model.tables) {
    for (const auto& k : other.constraints) {
      if (k.kind != schema::Constraint::Kind::kForeignKey || !schema::SameName(k.ref_table, table)) continue;
      if (has(k.ref_columns)) {
        out.push_back("the foreign key " + schema::Qualified(other.schema, other.name) + " (" + Joined(k.columns) +
                      ") that references it");
      }
    }
  }
  for (const auto& [key, ix] : model.indexes) {
    if (!schema::SameName(ix.table, t->name)) continue;
    auto text = known.index_sql.find(key);
    if (!has(ix.columns) && !(text != known.index_sql.end() && Mentions(text->second, col.name))) continue;
    // The CREATE INDEX as written, renamed, built CONCURRENTLY. An index a constraint made has no
    // text here: its constraint is carried above.
    static const std::regex head(R"(^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(IF\s+NOT\s+EXISTS\s+)?(\S+)\s+ON\s+)",
                                 std::regex::icase);
    std::smatch m;
    if (pg_carry && text != known.index_sql.end() && std::regex_search(text->second, m, head)) {
      const std::string name = RenamedName(d, ix.name, col.name, new_col, flat + "_" + new_col + "_idx");
      carry->build.push_back("CREATE " + m[1].str() + "INDEX CONCURRENTLY " + q(name) + " ON " +
                             RenameMentions(d, m.suffix().str(), col.name, new_col));
      if (!m[1].str().empty() && !holds_key(ix.columns)) {
        carry->build_allows.push_back("-- shiftway:allow-file add-unique-constraint reason: " + name + " holds the values of " +
                                      ix.name + ", the unique index on " + col.name);
      }
    } else if (sq_carry && text != known.index_sql.end() && std::regex_search(text->second, m, head)) {
      const std::string name = RenamedName(d, ix.name, col.name, new_col, flat + "_" + new_col + "_idx");
      carry->expand.push_back("CREATE " + m[1].str() + "INDEX " + q(name) + " ON " +
                              RenameMentions(d, m.suffix().str(), col.name, new_col));
      if (ix.unique && !ix.columns.empty() && holds_key(ix.columns)) carry->unique_within_key.push_back(carry->expand.back());
      carry->contract_first.push_back("DROP INDEX " + q(ix.name));
    } else if (my_carry && ix.columns.size() <= 1 && text != known.index_sql.end() &&
               std::regex_search(text->second, m, head)) {
      const std::string name = RenamedName(d, ix.name, col.name, new_col, flat + "_" + new_col + "_idx");
      carry->expand.push_back("CREATE " + m[1].str() + "INDEX " + q(name) + " ON " +
                              RenameMentions(d, m.suffix().str(), col.name, new_col));
    } else if (my_carry && ix.columns.size() > 1 && has(ix.columns)) {
      // A multi-column index: the copy on the new column in the expand, and the old index dropped
      // by the contract before the old column (DROP COLUMN would shrink it to the other columns).
      const std::string name = RenamedName(d, ix.name, col.name, new_col, flat + "_" + renamed(ix.columns, "_") + "_idx");
      if (ix.unique && !holds_key(ix.columns)) {
        carry->expand.push_back("-- shiftway:allow add-unique-constraint reason: " + name + " holds the values of " +
                                ix.name + ", the unique index on " + Joined(ix.columns));
      }
      carry->expand.push_back(std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + q(name) + " ON " + q_table +
                              " (" + renamed(ix.columns) + ")");
      carry->contract_first.push_back("DROP INDEX " + q(ix.name) + " ON " + q_table);
    } else if (my_carry && ix.columns.size() == 1 && text == known.index_sql.end()) {
      const std::string name = RenamedName(d, ix.name, col.name, new_col, flat + "_" + new_col + "_idx");
      carry->expand.push_back(std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + q(name) + " ON " + q_table +
                              " (" + q_new + ")");
    } else if (text != known.index_sql.end() || !pg_carry) {
      out.push_back("the index " + ix.name + (text == known.index_sql.end() ? "" : " (" + text->second + ")"));
    }
  }
  for (const auto& x : TriggersReading(known, t->name, col.name)) out.push_back(x);
  // The column's comment is the last COMMENT ON COLUMN that names it; PostgreSQL renames give the
  // copy the same one in the expand.
  std::string comment;
  for (const auto& cm : known.comments) {
    if (CommentTarget(cm, t->name, col.name)) comment = cm;
  }
  static const std::regex is_value(R"(\bIS\s+([\s\S]*?)\s*;?\s*$)", std::regex::icase);
  std::smatch cv;
  if (!comment.empty() && std::regex_search(comment, cv, is_value) && schema::Lower(cv[1].str()) != "null") {
    if (pg_carry) {
      carry->expand.push_back("COMMENT ON COLUMN " + q_table + "." + q_new + " IS " + cv[1].str());
    } else {
      out.push_back("its comment (" + comment + ")");
    }
  }
  for (const auto& [key, v] : model.views) {
    bool on_table = false;
    for (const auto& vt : v.tables) on_table |= schema::SameName(vt, table) || schema::SameName(vt, t->name);
    if (on_table && (has(v.columns) || v.columns.empty())) {
      out.push_back("the view " + schema::Qualified(v.schema, v.name) + " that reads it");
    }
  }
  return out;
}

Result<Pieces> Generate(const std::string& rule, const Change& c, const schema::Model& model, sql::Dialect d,
                        const SplitRequest& req, const std::string& expand_name, const Known& known) {
  Pieces p;
  const std::string table = ObjectName(c);
  const std::string allow_reason = "every app version since " + expand_name + " writes it";
  if (rule == "rename-column" || rule == "change-column-type") {
    const std::string type = c.before ? c.before->type : "";
    std::string new_col = c.new_name, new_type = type, up, down;
    if (rule == "change-column-type") {
      new_col = c.column + "_new";
      new_type = c.def.type;
      if (!req.as_new_column) {
        // Both releases would need the one name with two types: app N-1 keeps the old column, so
        // app N needs a column of its own, and renaming that back breaks app N in turn.
        return Fail(Error(ErrorCode::kUsage,
                          "split cannot change the type of " + table + "." + c.column + (type.empty() ? "" : " from " + type) +
                              " to " + new_type + " and keep the name " + c.column + ": while the expand runs, the "
                              "previous release reads and writes " + c.column + " as " + (type.empty() ? "the old type" : type) +
                              ", so this release's app needs a column of its own (" + new_col + "), and a contract that "
                              "renamed " + new_col + " back to " + c.column + " would break this release's app, which uses " +
                              new_col)
                        .Note("nothing was written")
                        .Hint("pass --as-new-column to end with the column renamed to " + new_col + " (this release's app "
                              "uses " + new_col + " from the expand on; the contract drops " + c.column + "), then, to have "
                              "the name " + c.column + " back, split a rename of " + new_col + " to " + c.column +
                              " in a later release; or, when both releases can use " + new_type +
                              ", write the change in place by hand"));
      }
      up = req.up.empty() ? c.using_expr : req.up;
      down = req.down;
      if (up.empty()) {
        return Fail(NeedFlag("--up", "how to turn a " + (type.empty() ? "old" : type) + " value of " + table + "." +
                                         c.column + " into " + new_type + ", written over " + c.column,
                             "--up \"CAST(" + c.column + " AS " + new_type + ")\""));
      }
      if (down.empty()) {
        return Fail(NeedFlag("--down", "how to turn a " + new_type + " value of " + table + "." + new_col +
                                           " back into " + (type.empty() ? "the old type" : type) +
                                           " for the running release, written over " + new_col,
                             "--down \"CAST(" + new_col + " AS " + (type.empty() ? "text" : type) + ")\""));
      }
      p.notes.push_back(table + ": app N reads and writes " + new_col + " (" + new_type + "); app N-1 keeps using " +
                        c.column + " (" + type + "); triggers convert each write with --up/--down");
      p.notes.push_back(table + "." + c.column + " ends RENAMED to " + new_col + " (--as-new-column): the original "
                        "migration kept the name " + c.column + "; the contract drops " + c.column);
      p.contract_notes.push_back("-- " + table + "." + c.column + " is dropped here and the column stays " + new_col +
                                 " (" + new_type + "): --as-new-column renamed it, where the original migration kept the "
                                 "name " + c.column + ".");
    } else {
      p.notes.push_back(table + ": app N reads and writes " + new_col + " only; app N-1 keeps using " + c.column +
                        "; triggers copy each write of either column into the other");
    }
    Pieces carried;
    if (auto losses = DualWriteLosses(c, model, d, known, new_col, &carried); !losses.empty()) {
      std::string list;
      for (const auto& l : losses) list += "\n    - " + l;
      return Fail(Error(ErrorCode::kUsage, "split cannot move " + table + "." + c.column + " to " + new_col +
                                               " without losing what the column has besides its data:" + list)
                      .Note("nothing was written")
                      .Hint("write the expand and contract by hand, re-creating each of these on " + new_col +
                            " (see docs/split.md, \"What split keeps\"), or remove them in a migration before this one"));
    }
    const bool carry_default = rule == "rename-column" && c.before && c.before->has_default && !c.before->generated;
    lint::Suggestion s = lint::DualWrite(d, table, c.column, type, new_col, new_type, up, down,
                                         carry_default ? c.before->default_expr : "");
    if (d != sql::Dialect::kSqlite && rule == "rename-column" && c.before && !c.before->extras.empty()) {
      // The copy gets the old column's CHARACTER SET, COLLATE, BINARY and COMMENT (MySQL/MariaDB)
      // or COLLATE (PostgreSQL); DualWriteLosses refused the rest: the type's right after the
      // type, COMMENT at the end.
      const std::string head = lint::AddColumnSql(d, table, new_col, lint::TypeOrPlaceholder(type, table, c.column),
                                                  false, "");
      if (s.expand.empty() || !s.expand.front().starts_with(head)) {
        return Fail(Error(ErrorCode::kUsage, "split cannot give " + new_col + " the attributes of " + c.column + ": " +
                                                 Joined(c.before->extras))
                        .Note("nothing was written")
                        .Hint("write the expand and contract by hand"));
      }
      std::string& add = s.expand.front();
      std::vector<std::string> carried_extras;
      for (const auto& x : c.before->extras) {
        if (CarriedExtra(x)) carried_extras.push_back(x);
      }
      add = head + Extras(carried_extras, true) + add.substr(head.size()) + Extras(carried_extras, false);
    }
    if (d == sql::Dialect::kMysql && !carried.mysql_column_checks.empty()) {
      const std::string head = lint::AddColumnSql(d, table, new_col, "", false, "");
      if (s.expand.empty() || !s.expand.front().starts_with(head)) {
        return Fail(Error(ErrorCode::kUsage, "split cannot give " + new_col + " the CHECK of " + c.column)
                        .Note("nothing was written")
                        .Hint("write the expand and contract by hand"));
      }
      for (const auto& k : carried.mysql_column_checks) s.expand.front() += " " + k;
    }
    const bool sqlite_move = d == sql::Dialect::kSqlite && rule == "rename-column" &&
                             (!carried.sqlite_collate.empty() || !carried.sqlite_checks.empty() ||
                              !carried.sqlite_keys.empty());
    if (sqlite_move) {
      // SQLite: the copy's ADD COLUMN gets the old column's COLLATE and CHECKs.
      const std::string head = lint::AddColumnSql(d, table, new_col, lint::TypeOrPlaceholder(type, table, c.column),
                                                  false, "");
      if (s.expand.empty() || !s.expand.front().starts_with(head)) {
        return Fail(Error(ErrorCode::kUsage, "split cannot declare " + new_col + " with the constraints of " + c.column)
                        .Note("nothing was written")
                        .Hint("write the expand and contract by hand"));
      }
      std::string& add = s.expand.front();
      std::string tail;
      for (const auto& k : carried.sqlite_checks) tail += " " + k;
      add = head + (carried.sqlite_collate.empty() ? "" : " " + carried.sqlite_collate) + add.substr(head.size()) + tail;
      // Lint judges the ADD COLUMN's CHECK and the copy's unique index when they follow the
      // expand's rebuild (a NOT NULL old column), as on a table the release had.
      const bool after_rebuild = c.before && c.before->not_null;
      if (after_rebuild) carried.unique_on_new.clear();
      if (!carried.sqlite_checks.empty() && after_rebuild) {
        s.expand.insert(s.expand.begin(), "-- shiftway:allow add-check-constraint reason: " + new_col +
                                              " holds the values of " + c.column + ", whose CHECK held them");
      }
    }
    if (sqlite_move && (!carried.sqlite_keys.empty() || !carried.sqlite_checks.empty())) {
      // DROP COLUMN cannot drop a column with UNIQUE, a foreign key, or a table CHECK that names
      // it: the contract rebuilds the table without it, the new column declared with them.
      const std::string drop = "ALTER TABLE " + sql::TableIdent(d, table) + " DROP COLUMN " + sql::Ident(d, c.column);
      if (std::erase(s.contract, drop) != 1) {
        return Fail(Error(ErrorCode::kUsage, "split cannot find the DROP COLUMN of " + c.column + " to rebuild " + table)
                        .Note("nothing was written")
                        .Hint("write the expand and contract by hand"));
      }
      // Refused here, where the error names the line, rather than when the contract is written.
      if (const schema::Table* t = model.FindTable(c.schema, c.object)) {
        if (auto refused = CannotRebuild(model, c, t->name, known); !refused) return Fail(refused.error());
      }
      p.contract_moves.push_back({c, MovedColumn{c.column, new_col, carried.sqlite_keys, carried.sqlite_collate,
                                                 c.before && c.before->not_null}});
    }
    p.expand.push_back("-- shiftway:deprecate column " + table + "." + c.column);
    if (d == sql::Dialect::kPostgres) {
      p.expand.push_back("-- shiftway:deprecate routine " + lint::DualWriteTriggerName(d, table, new_col));
    }
    for (auto& e : s.expand) {
      if (e.starts_with("-- backfill")) continue;
      if (e.starts_with("UPDATE ")) p.expand.push_back(kBatching);
      p.expand.push_back(e);
    }
    p.contract = std::move(s.contract);
    p.contract.insert(p.contract.begin(), carried.contract_first.begin(), carried.contract_first.end());
    p.expand.insert(p.expand.end(), carried.expand.begin(), carried.expand.end());
    p.contract.insert(p.contract.end(), carried.contract.begin(), carried.contract.end());
    p.contract_allows = carried.contract_allows;
    p.unique_on_new = carried.unique_on_new;
    p.unique_on_new.insert(p.unique_on_new.end(), carried.unique_within_key.begin(), carried.unique_within_key.end());
    p.contract_validate = carried.contract_validate;
    p.build = carried.build;
    p.build_allows = carried.build_allows;
    if (c.before && c.before->not_null && d == sql::Dialect::kSqlite) {
      // SQLite checks NOT NULL before an AFTER trigger can fill the column, so app N's inserts,
      // which leave the old column out, would fail. The expand rebuilds the table with the old
      // column nullable, and BEFORE triggers reject a write that leaves both columns NULL (the
      // message is SQLite's own), so the rule holds for both apps; the contract's rebuild makes
      // the new column NOT NULL once the old one is gone.
      auto rebuilt = Rebuild(model, c, c.column, false, "", false, &known.index_sql, &known);
      if (!rebuilt) return Fail(rebuilt.error());
      std::vector<std::string> head = {"-- " + c.column + " is NOT NULL, which SQLite would check before the sync "
                                       "trigger fills it for app N: nullable during this release, guarded by "
                                       "triggers, and " + new_col + " NOT NULL after the contract"};
      head.insert(head.end(), rebuilt->begin(), rebuilt->end());
      p.expand.insert(p.expand.begin() + 1, head.begin(), head.end());
      p.expand_rebuild = true;
      const std::string message = "'NOT NULL constraint failed: " + c.object + "." + c.column + "'";
      const std::string ins = sql::Ident(d, lint::DualWriteTriggerName(d, table, new_col, "_nn_ins"));
      const std::string upd = sql::Ident(d, lint::DualWriteTriggerName(d, table, new_col, "_nn_upd"));
      const std::string q_table = sql::TableIdent(d, table), q_old = sql::Ident(d, c.column), q_new = sql::Ident(d, new_col);
      const std::string allow = "-- shiftway:allow add-rejecting-trigger reason: it refuses only the NULLs that the "
                                "NOT NULL of " + c.column + " refused at the release";
      p.expand.push_back(allow);
      p.expand.push_back("CREATE TRIGGER " + ins + " BEFORE INSERT ON " + q_table + " WHEN NEW." + q_old +
                         " IS NULL AND NEW." + q_new + " IS NULL BEGIN SELECT RAISE(ABORT, " + message + "); END");
      p.expand.push_back(allow);
      p.expand.push_back("CREATE TRIGGER " + upd + " BEFORE UPDATE ON " + q_table + " WHEN (NEW." + q_old +
                         " IS NULL AND OLD." + q_old + " IS NOT NULL) OR (NEW." + q_new + " IS NULL AND OLD." +
                         q_new + " IS NOT NULL) BEGIN SELECT RAISE(ABORT, " + message + "); END");
      p.contract.insert(p.contract.begin(), {"DROP TRIGGER " + ins, "DROP TRIGGER " + upd});
      // A contract rebuild that moves the column makes it NOT NULL too.
      if (p.contract_moves.empty()) p.contract_not_null.push_back({c, new_col});
      p.contract_allows.push_back("-- shiftway:allow-file set-not-null reason: " + new_col + " was filled from " + c.column +
                                  ", which is NOT NULL, on every write since " + expand_name);
    } else if (c.before && c.before->not_null) {
      // The triggers fill the new column from the old, NOT NULL one on every write, so the new
      // column holds no NULL; it becomes NOT NULL once the old column is gone.
      schema::Column now = *c.before;
      now.name = new_col;
      now.type = new_type;
      std::vector<std::string> steps = SetNotNull(d, table, now);
      if (d == sql::Dialect::kPostgres) {
        // A NOT VALID check rejects NULL from now on without scanning; the contract validates it.
        p.expand.push_back("-- " + new_col + " is NOT NULL like " + c.column + ": checked for new writes now, "
                           "validated and made NOT NULL by the contract");
        p.expand.push_back(steps.front());
        p.contract_validate.insert(p.contract_validate.end(), steps.begin() + 1, steps.end());
      } else {
        // MODIFY redefines the column: its own CHECK is declared again.
        for (const auto& k : carried.mysql_column_checks) steps.front() += " " + k;
        p.contract_allows.push_back("-- shiftway:allow-file set-not-null reason: " + new_col + " was filled from " +
                                    c.column + ", which is NOT NULL, on every write since " + expand_name);
        p.contract.insert(p.contract.end(), steps.begin(), steps.end());
      }
    }
    return p;
  }
  if (rule == "rename-table") {
    const std::string to = schema::Qualified(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
    lint::Suggestion s = lint::RenameTableWithView(d, table, to, c.before_table ? &*c.before_table : nullptr);
    p.notes.push_back("app N uses " + to + "; app N-1 keeps using " + table + ", now an updatable view over " + to);
    p.expand.push_back("-- shiftway:deprecate view " + table);
    p.expand.insert(p.expand.end(), s.expand.begin(), s.expand.end());
    p.contract = std::move(s.contract);
    return p;
  }
  if (rule == "add-required-column" || rule == "set-not-null") {
    const bool add = rule == "add-required-column";
    const std::string column = add ? c.def.name : c.column;
    schema::Column col = add ? c.def : (c.before ? *c.before : schema::Column{});
    if (!add && col.name.empty()) col.name = column;
    if (req.default_expr.empty()) {
      return Fail(NeedFlag("--default", "the value for the rows of " + table + " that have no " + column +
                                            (add ? " (every existing row, and the running release's inserts)"
                                                 : " (the running release may still write NULL)"),
                           "--default \"''\" or --default 0"));
    }
    if (add) {
      // Nullable with a default: the running release's inserts, which do not name the column, get it.
      p.expand.push_back(lint::AddColumnSql(d, table, column, lint::TypeOrPlaceholder(col.type, table, column), false,
                                            req.default_expr));
      p.notes.push_back(table + ": app N writes " + column + " on every insert and update; app N-1 does not know it, and its "
                        "inserts get the default " + req.default_expr);
      col.has_default = true;
      col.default_expr = req.default_expr;
    } else {
      p.expand.push_back("-- application: always write " + table + "." + column);
      p.notes.push_back(table + ": app N writes " + column + " on every insert and update; app N-1 may still write NULL, so "
                        "the contract step backfills again before NOT NULL");
    }
    p.expand.push_back(kBatching);
    p.expand.push_back(Backfill(d, table, column, req.default_expr));
    p.contract_allows.push_back("-- shiftway:allow-file set-not-null reason: " + column + " is set in every row, and " +
                                allow_reason);
    p.contract.push_back("-- rows the previous release wrote without " + column);
    p.contract.push_back(Backfill(d, table, column, req.default_expr));
    if (add) {
      // The original column has no default: the one the expand gave it for app N-1's inserts goes
      // with the NOT NULL (SQLite: the contract's rebuild leaves it out).
      col.has_default = false;
      col.default_expr.clear();
      if (d != sql::Dialect::kSqlite) {
        p.contract.push_back("ALTER TABLE " + sql::TableIdent(d, table) + " ALTER COLUMN " + sql::Ident(d, column) +
                             " DROP DEFAULT");
      }
    }
    if (d == sql::Dialect::kSqlite) {
      p.contract_not_null.push_back({c, column});
    } else if (d == sql::Dialect::kPostgres) {
      auto steps = SetNotNull(d, table, col);
      p.contract.push_back(steps[0]);
      p.contract_validate.assign(steps.begin() + 1, steps.end());
    } else {
      for (auto& s : SetNotNull(d, table, col)) p.contract.push_back(s);
    }
    return p;
  }
  if (rule == "drop-column") {
    if (auto readers = TriggersReading(known, c.object, c.column); !readers.empty()) {
      std::string list;
      for (const auto& r : readers) list += "\n    - " + r;
      return Fail(Error(ErrorCode::kUsage, "split cannot drop " + table + "." + c.column +
                                               " in the contract: a trigger reads it, and would fail once it is gone:" +
                                               list)
                      .Note("nothing was written")
                      .Hint("drop the trigger, or write it again without " + c.column +
                            ", in a migration before this one, then split again"));
    }
    p.expand.push_back("-- shiftway:deprecate column " + table + "." + c.column);
    p.expand.push_back("-- application: stop reading and writing " + table + "." + c.column);
    p.notes.push_back(table + ": app N neither reads nor writes " + c.column + "; app N-1 still does");
    if (c.before && c.before->not_null && !c.before->has_default) {
      // App N's inserts leave it out, so it must accept NULL now.
      if (d == sql::Dialect::kSqlite) {
        auto rebuilt = Rebuild(model, c, c.column, false, "", false, &known.index_sql, &known);
        if (!rebuilt) return Fail(rebuilt.error());
        p.expand.insert(p.expand.end(), rebuilt->begin(), rebuilt->end());
        p.expand_rebuild = true;
      } else {
        p.expand.push_back(lint::DropNotNullSql(d, table, *c.before));
      }
    }
    p.contract.push_back("ALTER TABLE " + sql::TableIdent(d, table) + " DROP COLUMN " + sql::Ident(d, c.column));
    return p;
  }
  // drop-table
  p.expand.push_back("-- shiftway:deprecate table " + table);
  p.expand.push_back("-- application: stop reading and writing " + table);
  p.notes.push_back("app N no longer uses " + table + "; app N-1 still does");
  p.contract.push_back("DROP TABLE " + sql::TableIdent(d, table));
  return p;
}

// What an ALTER TABLE with several actions becomes when split keeps the actions it does not rewrite.
struct KeptActions {
  bool ok = false;                      // false: the statement cannot be taken apart
  std::vector<std::string> statements;  // the expand's statements for it, in the actions' order
  std::string conflict;                 // an action that mixes a rewritten change with others: those
  std::vector<std::string> kept;        // the actions written again as they were
  std::string refusal;                  // a kept action that needs the rewritten change done: why
};

bool SameChange(const Change& a, const Change& b) {
  return a.kind == b.kind && schema::SameName(a.object, b.object) && schema::SameName(a.schema, b.schema) &&
         schema::SameName(a.column, b.column) && schema::SameName(a.new_name, b.new_name) &&
         schema::SameName(a.def.name, b.def.name);
}

// A change that does something to the model (an ALTER's ALGORITHM= does not).
bool Counts(const Change& c) { return c.kind != ChangeKind::kOther && c.rebuilt_from.empty(); }

std::string Describe(const Change& c) {
  return std::string(schema::ChangeKindName(c.kind)) + " " + schema::Qualified(c.schema, c.object) +
         (c.column.empty() && c.def.name.empty() ? "" : "." + (c.column.empty() ? c.def.name : c.column));
}

// Each action of `rec`'s ALTER TABLE parsed on its own: the ones whose change split rewrote
// (`done`) become what they were rewritten to (`expand_of`); every other one is written again as
// an ALTER TABLE of its own, on the table's name at that point (after a RENAME TO in the same
// statement, the new one). The statement is taken apart only when the actions' changes are,
// together, exactly the statement's.
KeptActions KeepOtherActions(sql::Dialect d, const lint::StatementRecord& rec, const schema::Model& before,
                             const std::set<const Change*>& done,
                             const std::map<const Change*, std::vector<std::string>>& expand_of) {
  KeptActions out;
  auto split = SplitAlterTable(d, rec.statement.text);
  if (!split || split->actions.size() < 2) return out;
  std::string options;
  for (const auto& o : split->options) options += ", " + o;
  schema::Model model = before;
  std::string table = split->table;
  std::set<const Change*> claimed;
  size_t total = 0;
  for (const auto& action : split->actions) {
    const std::string text = split->head + table + " " + action;
    auto changes = d == sql::Dialect::kPostgres ? schema::ParsePostgres(text, model) : schema::ParseMysql(text, model);
    std::vector<const Change*> mine;
    std::string others;
    for (const auto& c : changes) {
      if (c.kind == ChangeKind::kUnparsed) return out;
      if (!Counts(c)) continue;
      ++total;
      const Change* match = nullptr;
      for (const auto& r : rec.changes) {
        if (done.count(&r) && !claimed.count(&r) && SameChange(r, c)) {
          match = &r;
          break;
        }
      }
      if (match) {
        claimed.insert(match);
        mine.push_back(match);
      } else {
        others += (others.empty() ? "" : ", ") + Describe(c);
      }
    }
    if (!mine.empty() && !others.empty()) {
      out.conflict = others;
      return out;
    }
    for (auto& c : changes) {
      schema::Annotate(c, model, nullptr);
      schema::Apply(c, model, nullptr);
    }
    if (mine.empty()) {
      // The rewritten changes keep the old column until the contract, so an action that needs them
      // done (the column's name given to another, a new primary key) cannot run in the expand.
      for (const auto& c : changes) {
        for (const Change* r : done) {
          const bool keeps_column = r->kind == ChangeKind::kDropColumn || r->kind == ChangeKind::kRenameColumn ||
                                    r->kind == ChangeKind::kAlterColumnType;
          const bool reuses = keeps_column && ((c.kind == ChangeKind::kAddColumn && schema::SameName(c.def.name, r->column)) ||
                                               (c.kind == ChangeKind::kRenameColumn && schema::SameName(c.new_name, r->column)));
          if (reuses) {
            out.refusal = "split cannot keep the action `" + action + "` in the expand: it gives another column the name " +
                          r->column + ", which the " + std::string(schema::ChangeKindName(r->kind)) + " split rewrites "
                          "keeps for the running release until the contract";
            return out;
          }
        }
        if (c.kind == ChangeKind::kAddConstraint && c.constraint.kind == schema::Constraint::Kind::kPrimaryKey) {
          out.refusal = "split cannot keep the action `" + action + "` in the expand: the table keeps its primary key "
                        "until the contract, where the change split rewrites is done";
          return out;
        }
      }
      out.statements.push_back(split->head + table + " " + action + options);
      out.kept.push_back(out.statements.back());
      continue;
    }
    for (const Change* m : mine) {
      const auto& e = expand_of.at(m);
      out.statements.insert(out.statements.end(), e.begin(), e.end());
      if (m->kind == ChangeKind::kRenameTable) {
        table = schema::Qualified(m->new_schema.empty() ? m->schema : m->new_schema, m->new_name);
      }
    }
  }
  size_t whole = 0;
  for (const auto& c : rec.changes) whole += Counts(c);
  if (claimed.size() != done.size() || total != whole) return out;
  out.ok = true;
  return out;
}

bool IsComment(const std::string& s) { return s.starts_with("--"); }

// MySQL commits each DDL statement, so a generated file that backfills and alters is not atomic;
// its backfills only fill NULLs, so a failed run is finished by running it again.
const char* kMixedAllow =
    "-- shiftway:allow-file mixed-ddl-dml reason: the backfill only fills NULLs, so if it fails it can be run again by "
    "hand before `shiftway repair`";

std::string Render(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + (IsComment(s) ? "\n" : ";\n");
  return out;
}

bool HasDml(const std::vector<std::string>& statements) {
  for (const auto& s : statements) {
    if (s.starts_with("UPDATE ") || s.starts_with("INSERT ")) return true;
  }
  return false;
}

bool HasDdl(const std::vector<std::string>& statements) {
  for (const auto& s : statements) {
    if (!IsComment(s) && !s.starts_with("UPDATE ") && !s.starts_with("INSERT ")) return true;
  }
  return false;
}

// SQLite steps 1-3 and 10-12 around a rebuild: the file runs as its own transaction.
std::vector<std::string> WrapRebuild(std::vector<std::string> body) {
  std::vector<std::string> out = {"-- foreign keys off outside the transaction, so dropping the old table "
                                  "cascades nothing (steps 1-2)",
                                  "PRAGMA foreign_keys = OFF", "BEGIN"};
  out.insert(out.end(), body.begin(), body.end());
  out.push_back("-- step 10: lists any row whose foreign key no longer matches (it should list none)");
  out.push_back("PRAGMA foreign_key_check");
  out.push_back("COMMIT");
  out.push_back("-- step 12: if your migrations run with foreign keys on, turn them back on here");
  return out;
}

std::string Commented(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += prefix + line + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

Result<void> CheckHeldOutsideLocations(const config::Settings& settings) {
  if (settings.split.held.empty()) {
    return Fail(Error(ErrorCode::kConfig, "[split] held is empty")
                    .Hint("set it to a directory outside the locations, e.g. held = \"contract\""));
  }
  const std::string held = Canonical(settings.split.held);
  for (const auto& loc : settings.locations) {
    auto dir = migration::LocationDirectory(loc);
    if (!dir) continue;
    const std::string abs = Canonical(*dir);
    if (held == abs || held.starts_with(abs + "/")) {
      return Fail(Error(ErrorCode::kConfig, "the held directory " + settings.split.held + " is inside the location " +
                                                loc + ", so its contract migrations would be applied at once")
                      .Hint("set held under [split] to a directory outside every location, e.g. held = \"contract\""));
    }
  }
  return {};
}

Result<SplitPlan> PlanSplit(const config::Settings& settings, const SplitRequest& req, const run::Observer& observer) {
  if (auto r = CheckHeldOutsideLocations(settings); !r) return Fail(r.error());
  auto original = ReadFile(req.file);
  if (!original) return Fail(original.error());
  const std::string file_name = fs::path(req.file).filename().string();
  auto parsed = migration::ParseMigrationName(file_name, settings.naming);
  if (!parsed.parsed || parsed.parsed->kind != migration::Kind::kVersioned) {
    return Fail(Error(ErrorCode::kUsage, req.file + " is not a versioned migration (V<version>__<description>.sql)")
                    .Hint("split rewrites one unreleased versioned migration"));
  }
  const migration::ParsedName& name = *parsed.parsed;

  auto lint_plan = run::PrepareLint(settings, req.lint, observer);
  if (!lint_plan) return Fail(lint_plan.error());
  lint::LintInput& input = lint_plan->input;
  for (const auto& f : input.released) {
    if (!f.repeatable && migration::Version::Parse(f.version) && *migration::Version::Parse(f.version) == name.version) {
      const bool db = lint_plan->boundary.starts_with("database");
      return Fail(Error(ErrorCode::kUsage, req.file + " was already " + (db ? "applied to the " : "released: ") +
                                               lint_plan->boundary + ", so splitting it would change history")
                      .Note("nothing was written")
                      .Hint("split only a migration that no database has run; for a released one, write the "
                            "expand and contract steps as new migrations"));
    }
  }
  const std::string file_abs = Canonical(req.file);
  const lint::LintFile* target = nullptr;
  for (const auto& f : input.added) {
    if (!f.repeatable && fs::path(f.path).filename() == file_name &&
        migration::Version::Parse(f.version) && *migration::Version::Parse(f.version) == name.version) {
      target = &f;
    }
  }
  if (!target) {
    return Fail(Error(ErrorCode::kUsage, req.file + " is not one of the new migrations in the locations")
                    .Hint("pass a migration file inside a configured location (--locations)"));
  }

  auto result = lint::Lint(input);
  if (!result) return Fail(result.error());

  SplitPlan plan;
  plan.boundary = lint_plan->boundary;
  plan.dialect = input.dialect;
  const sql::Dialect d = input.dialect;
  std::vector<const lint::Finding*> mine;
  for (const auto& f : result->findings) {
    if (f.file != target->path) continue;
    // A drop-table finding with no expand/contract is not a drop split can defer: a table dropped
    // and created again, MariaDB's CREATE OR REPLACE, a partition detached. It stays as it was.
    if (SplitRules().count(f.rule) && !(f.rule == "drop-table" && f.suggestion.empty())) {
      mine.push_back(&f);
    } else if (f.severity != lint::Severity::kInfo) {
      plan.left.push_back(f);
    }
  }
  if (mine.empty()) {
    std::string why;
    for (const auto& l : plan.left) {
      if (!SplitRules().count(l.rule)) continue;
      why = "; line " + std::to_string(l.line) + " [" + l.rule + "] is no change split can defer: " + l.message;
      break;
    }
    return Fail(Error(ErrorCode::kUsage, req.file + " has no breaking change that split rewrites (" +
                                             lint_plan->boundary + ")" + why)
                    .Hint("split handles rename-column, rename-table, change-column-type, add-required-column, "
                          "set-not-null, drop-column and drop-table; run `shiftway lint` to see the findings"));
  }

  // Replay to FILE, so each statement's changes are annotated with the model just before it.
  schema::Model model;
  model.default_schema = schema::DefaultSchema(d);
  auto frontend = schema::MakeFrontend(d);
  Known known;
  auto note = [&](const sql::Statement& st, const std::vector<Change>& changes) {
    for (const auto& c : changes) {
      if (c.kind == ChangeKind::kCreateIndex) known.index_sql[model.Key(c.schema, c.index.name)] = st.text;
    }
    if (schema::Lower(st.text).starts_with("comment on column")) known.comments.push_back(st.text);
    {
      static const std::string ident = R"((?:"[^"]+"|`[^`]+`|[\w$]+)(?:\.(?:"[^"]+"|`[^`]+`|[\w$]+))?)";
      static const std::regex create_trigger(
          R"(^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?()" +
              ident + R"()[\s\S]*?\bON\s+()" + ident + R"())",
          std::regex::icase);
      static const std::regex execute(R"(\bEXECUTE\s+(?:FUNCTION|PROCEDURE)\s+()" + ident + R"())", std::regex::icase);
      static const std::regex drop_trigger(R"(^\s*DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?()" + ident + R"())",
                                           std::regex::icase);
      static const std::regex create_function(
          R"(^\s*CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+()" + ident + R"())", std::regex::icase);
      auto bare = [](std::string n) {
        n.erase(std::remove_if(n.begin(), n.end(), [](char ch) { return ch == '"' || ch == '`'; }), n.end());
        if (auto dot = n.rfind('.'); dot != std::string::npos) n = n.substr(dot + 1);
        return n;
      };
      std::smatch m;
      if (std::regex_search(st.text, m, create_trigger)) {
        Known::Trigger t{bare(m[1].str()), bare(m[2].str()), st.text, ""};
        if (std::smatch e; std::regex_search(st.text, e, execute)) t.function = schema::Lower(bare(e[1].str()));
        known.server_triggers[schema::Lower(t.name)] = t;
      } else if (std::regex_search(st.text, m, drop_trigger)) {
        known.server_triggers.erase(schema::Lower(bare(m[1].str())));
      } else if (std::regex_search(st.text, m, create_function)) {
        known.functions[schema::Lower(bare(m[1].str()))] = st.text;
      }
      for (const auto& c : changes) {
        if (c.kind != ChangeKind::kDropTable) continue;
        std::erase_if(known.server_triggers, [&](const auto& kv) { return schema::SameName(kv.second.table, c.object); });
      }
    }
    if (d == sql::Dialect::kSqlite) {
      // Triggers, from the text: CREATE [TEMP] TRIGGER [IF NOT EXISTS] name ... ON table, DROP TRIGGER.
      static const std::regex create_trigger(
          R"(^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?([`"\[]?[\w.]+[`"\]]?)[\s\S]*?\bON\s+([`"\[]?[\w.]+[`"\]]?))",
          std::regex::icase);
      static const std::regex drop_trigger(R"(^\s*DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?([`"\[]?[\w.]+[`"\]]?))",
                                           std::regex::icase);
      auto bare = [](std::string n) {
        n.erase(std::remove_if(n.begin(), n.end(), [](char ch) { return ch == '"' || ch == '`' || ch == '[' || ch == ']'; }),
                n.end());
        if (auto dot = n.rfind('.'); dot != std::string::npos) n = n.substr(dot + 1);
        return schema::Lower(n);
      };
      std::smatch m;
      if (std::regex_search(st.text, m, create_trigger)) {
        known.triggers[bare(m[2].str())].insert(bare(m[1].str()));
      } else if (std::regex_search(st.text, m, drop_trigger)) {
        for (auto& [table, names] : known.triggers) names.erase(bare(m[1].str()));
      }
      for (const auto& c : changes) {
        const std::string key = schema::Lower(c.object);
        if (c.kind == ChangeKind::kCreateTable) {
          known.table_sql[key] = {st.text};
        } else if (c.kind == ChangeKind::kAddColumn) {
          known.table_sql[key].push_back(st.text);
        } else if (c.kind == ChangeKind::kDropTable) {
          known.table_sql.erase(key);
          known.triggers.erase(key);
        } else if (c.kind == ChangeKind::kRenameTable && known.table_sql.count(key)) {
          known.table_sql[schema::Lower(c.new_name)] = known.table_sql[key];
          known.table_sql.erase(key);
          if (known.triggers.count(key)) {
            known.triggers[schema::Lower(c.new_name)] = known.triggers[key];
            known.triggers.erase(key);
          }
        }
      }
      for (const auto& c : schema::ParseMysql(st.text, model, /*sqlite_quoting=*/true)) {
        for (const auto& col : c.kind == ChangeKind::kCreateTable ? c.table_def.columns : std::vector<schema::Column>{c.def}) {
          if (!col.extras.empty()) known.extras[schema::Lower(c.object + "." + col.name)] = col.extras;
        }
      }
    }
  };
  for (const auto& f : input.released) {
    for (const auto& st : sql::Split(d, f.text)) {
      auto changes = frontend->Parse(st, model);
      note(st, changes);
      for (auto& c : changes) {
        schema::Annotate(c, model, nullptr);
        schema::Apply(c, model, nullptr);
      }
    }
  }
  schema::ReleaseState state;
  const std::string expand_name = fs::path(file_name).stem().string();
  const std::string held_name = "after_" + expand_name.substr(0, expand_name.find("__")) + "__contract" +
                                (name.description.empty() ? "" : "_" + expand_name.substr(expand_name.find("__") + 2)) +
                                ".sql";
  const std::string held_path = (fs::path(settings.split.held) / held_name).generic_string();
  std::vector<std::string> body, contract, contract_allows, notes, contract_notes, originals;
  bool unique_in_expand = false;  // a CREATE UNIQUE INDEX split wrote into the expand
  // Statements of FILE that split replaces, and what replaces them; the rest stay as they were.
  bool expand_rebuild = false, contract_rebuild = false;
  std::vector<std::pair<Change, std::string>> not_null;
  std::vector<std::pair<Change, MovedColumn>> moves;
  std::set<std::string> unique_on_new;
  std::vector<std::string> validate, build, build_allows;
  for (const auto& f : input.added) {
    if (&f != target) {
      for (const auto& st : sql::Split(d, f.text)) {
        auto changes = frontend->Parse(st, model);
        note(st, changes);
        for (auto& c : changes) {
          schema::Annotate(c, model, &state);
          schema::Apply(c, model, &state);
        }
      }
      continue;
    }
    // FILE: every statement with its changes and the model just before it, then the rebuilds
    // recognised the way lint recognises them.
    std::vector<lint::StatementRecord> records;
    std::vector<schema::Model> befores;
    std::vector<Known> knowns;  // what the statements before each one said
    for (auto& st : sql::Split(d, f.text)) {
      lint::StatementRecord rec;
      rec.end_line = EndLine(st);
      befores.push_back(model);
      knowns.push_back(known);
      rec.changes = frontend->Parse(st, model);
      note(st, rec.changes);
      for (auto& c : rec.changes) {
        schema::Annotate(c, model, &state);
        schema::Apply(c, model, &state);
      }
      rec.statement = std::move(st);
      records.push_back(std::move(rec));
    }
    lint::CoalesceTableRebuilds(records, model);
    if (d == sql::Dialect::kPostgres) {
      for (const auto& rec : records) {
        for (const auto& c : rec.changes) {
          if (c.kind == ChangeKind::kAddEnumValue) {
            return Fail(Error(ErrorCode::kUsage, req.file + ":" + std::to_string(rec.statement.line) +
                                                     ": split cannot keep ALTER TYPE ... ADD VALUE in the expand "
                                                     "step: PostgreSQL cannot use a new enum value in the "
                                                     "transaction that added it")
                            .Hint("move the ADD VALUE to a migration of its own before this one, then split again"));
          }
        }
      }
    }
    std::set<std::string> rebuilt_via;  // temporary tables of rebuilds split replaces
    std::vector<bool> rewritten(records.size(), false);
    std::vector<bool> kept_actions(records.size(), false);  // an ALTER whose other actions split kept
    std::vector<std::vector<std::string>> generated(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& rec = records[i];
      std::vector<const lint::Finding*> here;
      for (const auto* fnd : mine) {
        if (fnd->line >= rec.statement.line && fnd->line <= rec.end_line) here.push_back(fnd);
      }
      std::set<const Change*> done;
      std::map<const Change*, std::vector<std::string>> expand_of;  // what each rewritten change became
      for (const auto* fnd : here) {
        const Change* match = nullptr;
        for (const auto& c : rec.changes) {
          if (!done.count(&c) && Matches(fnd->rule, c)) {
            match = &c;
            break;
          }
        }
        if (!match) {
          plan.left.push_back(*fnd);
          continue;
        }
        done.insert(match);
        // The model keeps a column's type as written, so after an earlier ALTER TYPE ... RENAME TO
        // in FILE the new column would name a type that no longer exists: use the new name.
        Change change = *match;
        if (change.before && d == sql::Dialect::kPostgres) {
          for (size_t k = 0; k < i; ++k) {
            static const std::regex rename_type(R"re(^\s*ALTER\s+TYPE\s+(?:\S+\.)?"?(\w+)"?\s+RENAME\s+TO\s+"?(\w+)"?\s*$)re",
                                                std::regex::icase);
            std::smatch m;
            const std::string& text = records[k].statement.text;
            if (std::regex_search(text, m, rename_type) && schema::SameName(m[1].str(), change.before->type)) {
              change.before->type = m[2].str();
            }
          }
        }
        // The triggers as the statements before this one left them; the rest as FILE leaves it.
        Known at = known;
        at.server_triggers = knowns[i].server_triggers;
        at.functions = knowns[i].functions;
        auto pieces = Generate(fnd->rule, change, befores[i], d, req, expand_name, at);
        if (!pieces) {
          Error e = pieces.error();
          e.message = req.file + ":" + std::to_string(fnd->line) + ": " + fnd->rule + ": " + e.message;
          return Fail(std::move(e));
        }
        rewritten[i] = true;
        if (!match->rebuilt_from.empty()) rebuilt_via.insert(schema::Lower(match->rebuilt_from));
        generated[i].insert(generated[i].end(), pieces->expand.begin(), pieces->expand.end());
        expand_of[match] = pieces->expand;
        contract.insert(contract.end(), pieces->contract.begin(), pieces->contract.end());
        contract_allows.insert(contract_allows.end(), pieces->contract_allows.begin(), pieces->contract_allows.end());
        notes.insert(notes.end(), pieces->notes.begin(), pieces->notes.end());
        contract_notes.insert(contract_notes.end(), pieces->contract_notes.begin(), pieces->contract_notes.end());
        expand_rebuild |= pieces->expand_rebuild;
        not_null.insert(not_null.end(), pieces->contract_not_null.begin(), pieces->contract_not_null.end());
        moves.insert(moves.end(), pieces->contract_moves.begin(), pieces->contract_moves.end());
        unique_on_new.insert(pieces->unique_on_new.begin(), pieces->unique_on_new.end());
        validate.insert(validate.end(), pieces->contract_validate.begin(), pieces->contract_validate.end());
        build.insert(build.end(), pieces->build.begin(), pieces->build.end());
        build_allows.insert(build_allows.end(), pieces->build_allows.begin(), pieces->build_allows.end());
        plan.handled.push_back({fnd->rule, fnd->line, fnd->message});
      }
      // The statement is replaced whole, so a change in it that split does not rewrite would be
      // dropped without a word (a TYPE next to a RENAME, a REFERENCES on a new column).
      if (rewritten[i] && records[i].changes.size() > 1) {
        std::string others;
        for (const auto& c : records[i].changes) {
          if (done.count(&c) || !c.rebuilt_from.empty() || c.kind == ChangeKind::kOther) continue;
          others += (others.empty() ? "" : ", ") + std::string(schema::ChangeKindName(c.kind)) + " " +
                    schema::Qualified(c.schema, c.object) +
                    (c.column.empty() && c.def.name.empty() ? "" : "." + (c.column.empty() ? c.def.name : c.column));
        }
        if (!others.empty()) {
          // An ALTER TABLE whose other actions are separate: each of them is written again as an
          // ALTER TABLE of its own, in the statement's order, and the rewritten ones are replaced.
          KeptActions kept = KeepOtherActions(d, rec, befores[i], done, expand_of);
          if (!kept.refusal.empty()) {
            return Fail(Error(ErrorCode::kUsage, req.file + ":" + std::to_string(rec.statement.line) + ": " + kept.refusal)
                            .Note("nothing was written")
                            .Hint("write that action in a migration of the release after the contract, or write the "
                                  "change by hand"));
          }
          if (kept.ok) {
            generated[i] = std::move(kept.statements);
            for (auto& k : kept.kept) plan.kept.push_back({rec.statement.line, std::move(k)});
            kept_actions[i] = true;
            others.clear();
          } else if (!kept.conflict.empty()) {
            others = kept.conflict;  // in one action with the change split rewrites
          }
        }
        if (!others.empty()) {
          return Fail(Error(ErrorCode::kUsage, req.file + ":" + std::to_string(rec.statement.line) +
                                                   ": split rewrites this statement as a whole and would drop the "
                                                   "other changes it makes: " + others)
                          .Note("nothing was written")
                          .Hint("move each of them to a statement of its own (or a migration before this one), then "
                                "split again"));
        }
      }
    }
    // A rebuild split replaced takes its other statements with it: the new table's CREATE, the
    // copy into it and its RENAME (or the final DROP of the renamed-away table).
    auto part_of_rebuild = [&](const lint::StatementRecord& rec) {
      if (rebuilt_via.empty()) return false;
      for (const auto& c : rec.changes) {
        if (rebuilt_via.count(schema::Lower(c.object))) return true;
        // The rebuild's re-creation of an index the released table already has.
        if (c.kind == ChangeKind::kCreateIndex && befores.front().indexes.count(befores.front().Key(c.schema, c.index.name))) {
          return true;
        }
        if (c.kind == ChangeKind::kOther && c.detail.starts_with("completes the rebuild")) return true;
      }
      const std::string lower = schema::Lower(rec.statement.text);
      for (const auto& via : rebuilt_via) {
        if (lower.starts_with("insert") && lower.find(via) != std::string::npos) return true;
      }
      return false;
    };
    // A change split moves to the contract leaves the old column in place for this release, so a
    // view created later in FILE over the table would keep reading it (SELECT * included), and the
    // contract could not drop it.
    for (size_t i = 0; i < records.size(); ++i) {
      if (!rewritten[i]) continue;
      for (const auto& c : records[i].changes) {
        if (c.kind != ChangeKind::kRenameColumn && c.kind != ChangeKind::kDropColumn &&
            c.kind != ChangeKind::kAlterColumnType) {
          continue;
        }
        // The old column stays until the contract, so a later statement that gives another
        // column its name (a hand-written type change: rename, add, copy, drop) would collide.
        for (size_t j = i + 1; j < records.size(); ++j) {
          for (const auto& v : records[j].changes) {
            const bool same_table = schema::SameName(v.object, c.object) && schema::SameName(v.schema, c.schema);
            const bool reuses = same_table && ((v.kind == ChangeKind::kAddColumn && schema::SameName(v.def.name, c.column)) ||
                                               (v.kind == ChangeKind::kRenameColumn && schema::SameName(v.new_name, c.column)));
            if (!reuses) continue;
            return Fail(Error(ErrorCode::kUsage,
                              req.file + ":" + std::to_string(records[j].statement.line) + ": split cannot keep " +
                                  ObjectName(c) + "." + c.column + " for the running release (the " +
                                  std::string(schema::ChangeKindName(c.kind)) + " at line " +
                                  std::to_string(records[i].statement.line) +
                                  "): this statement gives another column the name " + c.column +
                                  ", which would collide with it until the contract")
                            .Note("nothing was written")
                            .Hint("a type change written as rename, add, copy and drop is one ALTER COLUMN ... TYPE "
                                  "(MODIFY on MySQL) that split rewrites; otherwise add the new " + c.column +
                                  " in a migration of the release after the contract"));
          }
        }
        for (size_t j = i + 1; j < records.size(); ++j) {
          for (const auto& v : records[j].changes) {
            if (v.kind != ChangeKind::kCreateView) continue;
            bool on_table = false, reads = v.view_def.star || v.view_def.columns.empty();
            for (const auto& t : v.view_def.tables) on_table |= schema::SameName(t, ObjectName(c)) || schema::SameName(t, c.object);
            for (const auto& col : v.view_def.columns) reads |= col == "*" || schema::SameName(col, c.column);
            if (!on_table || !reads) continue;
            return Fail(Error(ErrorCode::kUsage,
                              req.file + ":" + std::to_string(records[j].statement.line) + ": split cannot move the " +
                                  std::string(schema::ChangeKindName(c.kind)) + " of " + ObjectName(c) + "." + c.column +
                                  " to the contract: the view " + schema::Qualified(v.schema, v.object) +
                                  ", created later in this file, reads " + ObjectName(c) +
                                  " (SELECT * or by name), so it would keep " + c.column +
                                  " and the contract could not drop it")
                            .Note("nothing was written")
                            .Hint("name the view's columns without " + c.column +
                                  ", or create the view in a migration of the next release"));
          }
        }
      }
    }
    std::vector<std::pair<int, int>> moved;  // line ranges of FILE's statements split replaced
    // The user's allow comments and deprecation markers go with the statements split keeps: an
    // allow on a kept statement (or a file-wide one) still covers it in the expand, and a marker
    // above it stays above it. Those on a statement split replaces go with the statement.
    std::vector<lint::StatementLines> lines;
    for (const auto& r : records) lines.push_back({r.statement.line, r.end_line});
    const auto allows = lint::ParseAllows(f.text, lines);
    const auto markers = lint::ParseDeprecations(f.text);
    // The comment as the user wrote it: from its `--` to the end of its line.
    auto comment_at = [&](int line, int column) {
      size_t at = 0;
      for (int l = 1; l < line && at != std::string::npos; ++l) {
        at = f.text.find('\n', at);
        if (at != std::string::npos) ++at;
      }
      if (at == std::string::npos) return std::string();
      at = f.text.find("--", at + static_cast<size_t>(std::max(0, column - 1)));
      const size_t end = f.text.find('\n', at);
      std::string c = f.text.substr(at, end == std::string::npos ? std::string::npos : end - at);
      while (!c.empty() && (c.back() == '\r' || c.back() == ' ')) c.pop_back();
      return c;
    };
    for (const auto& a : allows) {
      if (a.explicit_file_wide) body.push_back(comment_at(a.line, a.column));
    }
    for (size_t i = 0; i < records.size(); ++i) {
      if (!rewritten[i] && !part_of_rebuild(records[i])) {
        const int previous_end = i == 0 ? 0 : records[i - 1].end_line;
        for (const auto& m : markers) {
          if (m.line > previous_end && m.line < records[i].statement.line)
            body.push_back(comment_at(m.line, 1));
        }
        for (const auto& a : allows) {
          if (!a.file_wide && a.first_line == records[i].statement.line)
            body.push_back(comment_at(a.line, a.column));
        }
      }
      if (rewritten[i]) {
        originals.push_back(records[i].statement.text);
        body.insert(body.end(), generated[i].begin(), generated[i].end());
        for (const auto& g : generated[i]) {
          unique_in_expand |= g.starts_with("CREATE UNIQUE INDEX ") && !unique_on_new.count(g);
        }
        // The findings of the actions split kept still hold for them.
        if (!kept_actions[i]) moved.push_back({records[i].statement.line, records[i].end_line});
      } else if (part_of_rebuild(records[i])) {
        originals.push_back(records[i].statement.text);
        moved.push_back({records[i].statement.line, records[i].end_line});
      } else {
        // A statement split does not rewrite stays as it was. One it rewrites is replaced whole.
        body.push_back(records[i].statement.text);
      }
    }
    // A finding on a statement split replaced is not "left as it was".
    std::erase_if(plan.left, [&](const lint::Finding& f) {
      for (const auto& [from, to] : moved) {
        if (f.line >= from && f.line <= to) return true;
      }
      return false;
    });
  }

  if (!not_null.empty() || !moves.empty()) {
    // The table as the expand and the contract so far leave it: replay them like migrations.
    schema::Model after;
    after.default_schema = schema::DefaultSchema(d);
    auto fe = schema::MakeFrontend(d);
    std::map<std::string, std::string> index_sql;
    auto replay = [&](const std::string& text) {
      for (const auto& st : sql::Split(d, text)) {
        for (auto& c : fe->Parse(st, after)) {
          if (c.kind == ChangeKind::kCreateIndex) index_sql[after.Key(c.schema, c.index.name)] = st.text;
          schema::Annotate(c, after, nullptr);
          schema::Apply(c, after, nullptr);
        }
      }
    };
    for (const auto& f : input.released) replay(f.text);
    for (const auto& f : input.added) {
      if (&f == target) break;
      replay(f.text);
    }
    replay(Render(body));
    replay(Render(contract));
    for (const auto& [c, move] : moves) {
      auto rebuilt = Rebuild(after, c, move.to, move.not_null, "", false, &index_sql, &known, &move);
      if (!rebuilt) return Fail(rebuilt.error());
      contract.insert(contract.end(), rebuilt->begin(), rebuilt->end());
      replay(Render(*rebuilt));
    }
    for (const auto& [c, column] : not_null) {
      auto rebuilt = Rebuild(after, c, column, true, "", c.kind == ChangeKind::kAddColumn, &index_sql, &known);
      if (!rebuilt) return Fail(rebuilt.error());
      contract.insert(contract.end(), rebuilt->begin(), rebuilt->end());
      replay(Render(*rebuilt));
    }
    contract_rebuild = true;
  }

  // The expand, under FILE's own name.
  std::string text = "-- " + file_name + ": the expand step of a change `shiftway split` made safe for a rolling "
                     "deploy.\n-- The original migration:\n";
  for (const auto& o : originals) text += Commented(o + ";", "--   ");
  text += "-- While this release rolls out, the previous release's app (N-1) and this release's app (N) share "
          "the database:\n";
  std::set<std::string> noted;
  for (const auto& n : notes) {
    if (noted.insert(n).second) text += "--   " + n + "\n";
  }
  text += std::string("-- The contract step") + (validate.empty() && build.empty() ? " waits" : "s wait") + " in " +
          held_path +
          (validate.empty() && build.empty()
               ? ""
               : std::string(" (and its ") + (build.empty() ? "" : "build_indexes") +
                     (build.empty() || validate.empty() ? "" : " and ") + (validate.empty() ? "" : "_validate") +
                     " sibling" + (build.empty() || validate.empty() ? "" : "s") + ")") +
          " for the next release (`shiftway promote`).\n";
  if (d == sql::Dialect::kMysql && HasDml(body) && HasDdl(body)) text += std::string(kMixedAllow) + "\n";
  // SQLite: the unique indexes split writes are the table's own, re-created by a rebuild, or their
  // copies on a renamed column, which holds the values the original index held.
  const char* kUniqueAllow = "-- shiftway:allow-file add-unique-constraint reason: each unique index split writes here is one "
                             "the table already had (re-created by the rebuild) or its copy on the renamed column, which "
                             "holds the same values";
  if (d == sql::Dialect::kSqlite && unique_in_expand) text += std::string(kUniqueAllow) + "\n";
  text += "\n" + Render(expand_rebuild && d == sql::Dialect::kSqlite ? WrapRebuild(body) : body);
  plan.expand = {req.file, text};

  std::string ctext = "-- The contract step of " + file_name + ", written by `shiftway split`.\n"
                      "-- It belongs to the release AFTER the one that ships " + expand_name.substr(0, expand_name.find("__")) +
                      ": by then every running app version uses only the new shape.\n"
                      "-- `shiftway promote` moves it into the first location with the next free version.\n";
  for (const auto& n : contract_notes) ctext += n + "\n";
  for (const auto& a : contract_allows) ctext += a + "\n";
  // The contract's unique indexes are the table's own, re-created by its rebuild: lint judges a
  // rebuild by its net effect, so they need no allow.
  // The contract's second backfill, before MODIFY ... NOT NULL, is as safe to re-run as the expand's.
  if (d == sql::Dialect::kMysql && HasDml(contract) && HasDdl(contract)) ctext += std::string(kMixedAllow) + "\n";
  ctext += "\n" + Render(contract_rebuild && d == sql::Dialect::kSqlite ? WrapRebuild(contract) : contract);
  if (!build.empty()) {
    // Sorts before the contract, so the new column's indexes exist before the old ones go.
    const std::string version = expand_name.substr(0, expand_name.find("__"));
    const std::string path = (fs::path(settings.split.held) /
                              ("after_" + version + "__build_indexes" +
                               (name.description.empty() ? "" : "_" + expand_name.substr(expand_name.find("__") + 2)) +
                               ".sql")).generic_string();
    std::string btext = "-- The indexes of the new columns of " + file_name + ", written by `shiftway split`: built "
                        "CONCURRENTLY,\n-- so writes go on while they build, in a migration of their own (outside "
                        "a transaction) that runs before " + fs::path(held_path).filename().string() + ".\n"
                        "-- A failed build leaves an INVALID index: drop it and run the migration again.\n";
    for (const auto& a : build_allows) btext += a + "\n";
    btext += "\n" + Render(build);
    plan.contracts.push_back({path, btext});
  }
  plan.contracts.push_back({held_path, ctext});
  if (!validate.empty()) {
    const std::string second = held_path.substr(0, held_path.size() - 4) + "_validate.sql";
    std::string vtext = "-- The second contract step of " + file_name + ", written by `shiftway split`: it runs after " +
                        fs::path(held_path).filename().string() + ",\n-- in its own transaction, so validating the "
                        "check does not hold the lock that adding it took.\n"
                        "-- A validated CHECK (c IS NOT NULL) lets SET NOT NULL skip the table scan.\n\n" +
                        Render(validate);
    plan.contracts.push_back({second, vtext});
  }
  return plan;
}

Result<void> WriteSplit(const SplitPlan& plan) {
  std::error_code ec;
  for (const auto& c : plan.contracts) {
    fs::create_directories(fs::path(c.path).parent_path(), ec);
    if (fs::exists(c.path)) {
      return Fail(Error(ErrorCode::kUsage, c.path + " already exists")
                      .Note("nothing was written")
                      .Hint("promote or remove the held contract migration first"));
    }
  }
  auto write = [](const GeneratedFile& f) -> Result<void> {
    std::ofstream out(f.path, std::ios::binary | std::ios::trunc);
    out << f.text;
    if (!out) return Fail(Error(ErrorCode::kConfig, "cannot write " + f.path));
    return {};
  };
  for (const auto& c : plan.contracts) {
    if (auto r = write(c); !r) return r;
  }
  return write(plan.expand);
}

}  // namespace shiftway::split
