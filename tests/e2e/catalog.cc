// Normalised catalog dumps for the split equivalence tests (see catalog.h).
#include "tests/e2e/catalog.h"

#include <algorithm>
#include <regex>
#include <set>

namespace shiftway_test {
namespace {

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

std::string Quote(const std::string& s) { return "'" + Replace(s, "'", "''") + "'"; }

std::vector<std::string> Postgres(Conn& c, const std::string& schema) {
  const std::string ns = "(SELECT oid FROM pg_namespace WHERE nspname = " + Quote(schema) + ")";
  const std::string tables = "c.relnamespace = " + ns + " AND c.relname <> 'flyway_schema_history'";
  std::vector<std::string> out;
  auto add = [&](const std::string& prefix, const std::string& sql) {
    for (auto& row : c.Rows(sql)) out.push_back(prefix + Replace(row, schema + ".", ""));
  };
  add("column ",
      "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) || "
      "CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || "
      "CASE a.attgenerated WHEN 's' THEN ' generated always as (' || pg_get_expr(d.adbin, d.adrelid) || ') stored' "
      "ELSE COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '') END || "
      "CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END || "
      "COALESCE(' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation AND collname <> "
      "'default'), '') || COALESCE(' comment ' || col_description(c.oid, a.attnum), '') "
      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE " + tables + " AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped");
  add("table ", "SELECT c.relname, c.relkind, COALESCE(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
                "WHERE " + tables + " AND c.relkind IN ('r', 'p', 'v', 'm')");
  add("constraint ", "SELECT c.relname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k "
                     "JOIN pg_class c ON c.oid = k.conrelid WHERE " + tables);
  add("index ", "SELECT c.relname, regexp_replace(pg_get_indexdef(i.indexrelid), '^(CREATE (UNIQUE )?INDEX) \\S+ ON', "
                "'\\1 ON') FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE " + tables);
  // A view over 'now'::timestamp (or CURRENT_DATE cast at creation) holds the time it was
  // created as a constant: two sides created moments apart differ only by that clock. Timestamp
  // literals of today's date are the creation time; others are compared as written.
  const std::string today = c.Scalar("SELECT to_char(now(), 'YYYY-MM-DD')");
  const std::regex created("'" + today + R"( [0-9:.+-]+'::timestamp)");
  for (auto& row : c.Rows("SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c WHERE " + tables +
                          " AND c.relkind IN ('v', 'm')")) {
    out.push_back("view " + std::regex_replace(Replace(row, schema + ".", ""), created, "'<creation time>'::timestamp"));
  }
  add("trigger ", "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE " + tables +
                      " AND NOT t.tgisinternal");
  add("routine ", "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = " + ns);
  return out;
}

std::vector<std::string> Mysql(Conn& c, const std::string& schema) {
  const std::string where = "TABLE_SCHEMA = " + Quote(schema) + " AND TABLE_NAME <> 'flyway_schema_history'";
  std::vector<std::string> out;
  auto add = [&](const std::string& prefix, const std::string& sql) {
    for (auto& row : c.Rows(sql)) out.push_back(prefix + Replace(row, "`" + schema + "`.", ""));
  };
  add("column ",
      "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME), COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, 'NULL'), "
      "COALESCE(CHARACTER_SET_NAME, ''), COALESCE(COLLATION_NAME, ''), EXTRA, COALESCE(GENERATION_EXPRESSION, ''), "
      "COLUMN_COMMENT FROM information_schema.COLUMNS WHERE " + where);
  add("table ", "SELECT TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COLLATION, ''), TABLE_COMMENT "
                "FROM information_schema.TABLES WHERE " + where);
  // Index names are left out, except PRIMARY; the key parts in order, with prefixes.
  add("index ", "SELECT TABLE_NAME, IF(INDEX_NAME = 'PRIMARY', 'PRIMARY', ''), NON_UNIQUE, INDEX_TYPE, "
                "GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), ''), ' ', COALESCE(COLLATION, '')) "
                "ORDER BY SEQ_IN_INDEX SEPARATOR ', ') FROM information_schema.STATISTICS WHERE " + where +
                    " GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE");
  add("foreign-key ",
      "SELECT k.TABLE_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), k.REFERENCED_TABLE_NAME, "
      "GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), r.UPDATE_RULE, r.DELETE_RULE "
      "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
      "ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
      "WHERE k.TABLE_SCHEMA = " + Quote(schema) + " AND k.REFERENCED_TABLE_NAME IS NOT NULL GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, "
          "r.UPDATE_RULE, r.DELETE_RULE");
  add("check ", "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " +
                    Quote(schema));
  add("view ", "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE " + where);
  add("trigger ", "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
                      Quote(schema));
  add("routine ", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + Quote(schema));
  return out;
}

// SQLite keeps CHECKs and collations only in the CREATE text, so the column facts come from the
// pragmas and each table's constraints from its text with the column list's order ignored.
std::vector<std::string> Sqlite(Conn& c) {
  std::vector<std::string> out;
  const std::string objects = "FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history'";
  for (const auto& table : c.Rows("SELECT name " + objects + " AND type IN ('table', 'view')")) {
    const std::string q = Quote(table);
    // A declared type's case means nothing to SQLite (affinity is decided case-insensitively), and
    // a table split rebuilds spells its types in lower case.
    for (auto& row : c.Rows("SELECT name, lower(type), \"notnull\", COALESCE(dflt_value, 'NULL'), pk, hidden "
                            "FROM pragma_table_xinfo(" + q + ")")) {
      out.push_back("column " + table + "." + row);
    }
    for (auto& row : c.Rows("SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(" +
                            q + ")")) {
      out.push_back("foreign-key " + table + " " + row);
    }
    for (const auto& index : c.Rows("SELECT name || ' | ' || \"unique\" || ' | ' || origin || ' | ' || partial "
                                    "FROM pragma_index_list(" + q + ")")) {
      const std::string name = index.substr(0, index.find(" | "));
      std::string keys;
      for (auto& k : c.Rows("SELECT COALESCE(name, '<expr>'), \"desc\", coll FROM pragma_index_xinfo(" + Quote(name) +
                            ") WHERE key = 1 ORDER BY seqno")) {
        keys += (keys.empty() ? "" : ", ") + k;
      }
      std::string sql = c.Scalar("SELECT COALESCE(sql, '') FROM sqlite_master WHERE name = " + Quote(name));
      // An explicit index's own text, without its name; an automatic one is described by its keys.
      sql = std::regex_replace(sql, std::regex("^CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?\\S+ ON", std::regex::icase),
                               "CREATE $1INDEX ON");
      // SQLite's RENAME COLUMN quotes the names it rewrites in the index text too.
      out.push_back("index " + table + " " + index.substr(index.find(" | ") + 3) + " [" + keys + "] " +
                    Replace(sql, "\"", ""));
    }
  }
  // CHECKs and COLLATE clauses live only in the text: report each table text's CHECK and COLLATE clauses.
  for (const auto& row : c.Rows("SELECT name, sql " + objects + " AND type = 'table'")) {
    const std::string name = row.substr(0, row.find(" | "));
    // SQLite's RENAME COLUMN quotes the names it rewrites.
    const std::string sql = Replace(row.substr(row.find(" | ") + 3), "\"", "");
    static const std::regex check("CHECK\\s*\\(([^()]|\\([^()]*\\))*\\)", std::regex::icase);
    // A column's COLLATE as "column COLLATION", wherever it stands in the column's definition
    // (a column split declares again has its clauses in an order of its own).
    static const std::regex collate("[(,]\\s*(\\S+)\\s+[^,]*?COLLATE\\s+(\\w+)", std::regex::icase);
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), check); it != std::sregex_iterator(); ++it) {
      out.push_back("check " + name + " " + it->str());
    }
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), collate); it != std::sregex_iterator(); ++it) {
      out.push_back("collate " + name + " " + (*it)[1].str() + " " + (*it)[2].str());
    }
  }
  for (auto& row : c.Rows("SELECT name, sql " + objects + " AND type = 'view'")) out.push_back("view " + row);
  for (auto& row : c.Rows("SELECT tbl_name, name " + objects + " AND type = 'trigger'")) out.push_back("trigger " + row);
  return out;
}

}  // namespace

std::vector<std::string> DumpCatalog(Conn& conn, Db db, const std::string& schema) {
  std::vector<std::string> out = db == Db::kPostgres ? Postgres(conn, schema)
                                 : db == Db::kMysql  ? Mysql(conn, schema)
                                                     : Sqlite(conn);
  std::sort(out.begin(), out.end());
  return out;
}

std::string CatalogDiff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::multiset<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  std::string out;
  for (const auto& l : a) {
    if (!sb.count(l)) out += "- " + l + "\n";
  }
  for (const auto& l : b) {
    if (!sa.count(l)) out += "+ " + l + "\n";
  }
  return out;
}

}  // namespace shiftway_test
