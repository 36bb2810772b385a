// MySQL/MariaDB's live schema from information_schema, in the model the MySQL front end builds.
#include <algorithm>
#include <map>
#include <regex>

#include "drivers/catalog.h"

namespace shiftway::drivers {
namespace {

std::string Lit(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

std::string Str(const std::vector<std::optional<std::string>>& row, size_t i) {
  return CatalogText(row, i);
}

// COLUMN_TYPE as a migration spells it: integer display widths ("int(11)", MariaDB and MySQL 5)
// are left out, except tinyint(1), which is how BOOLEAN is stored.
std::string FrontendType(const std::string& column_type) {
  static const std::regex width("^(tinyint|smallint|mediumint|int|bigint)\\([0-9]+\\)");
  std::string t = schema::Lower(column_type);
  if (t.rfind("tinyint(1)", 0) == 0) return t;
  return std::regex_replace(t, width, "$1");
}

std::string Action(const std::string& rule) {
  return schema::FkAction(rule);
}

}  // namespace

Result<schema::Model> ReadMysqlCatalog(const CatalogQuery& query, const CatalogScope& scope) {
  schema::Model m;
  m.default_schema = "";
  const std::string first = scope.schemas.empty() ? std::string() : scope.schemas.front();
  std::string in;
  for (const auto& s : scope.schemas) in += (in.empty() ? "" : ", ") + Lit(s);
  auto schema_of = [&](const std::string& s) { return s == first ? std::string() : s; };
  // shiftway's own tables: the history, its progress side table and the Galera lock row's table.
  auto where_of = [&](const std::string& alias) {
    const std::string s = alias + "TABLE_SCHEMA", t = alias + "TABLE_NAME";
    return s + " IN (" + in + ") AND NOT (" + s + " = " + Lit(first) + " AND " + t + " IN (" +
           Lit(scope.history_table) + ", " + Lit(scope.history_table + "_progress") + ", " +
           Lit(scope.history_table + "_lock") + "))";
  };
  const std::string where = where_of("");

  auto schemas =
      query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (" + in + ")");
  if (!schemas) return Fail(schemas.error());
  for (const auto& r : *schemas) {
    if (Str(r, 0) != first) m.schemas.insert(schema::Lower(Str(r, 0)));
  }

  auto tables =
      query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE " + where);
  if (!tables) return Fail(tables.error());
  for (const auto& r : *tables) {
    const std::string schema = schema_of(Str(r, 0)), name = Str(r, 1), type = Str(r, 2);
    if (type == "VIEW") {
      schema::View v;
      v.schema = schema;
      v.name = name;
      v.outputs_known = true;
      m.views[m.Key(schema, name)] = v;
    } else if (type == "SEQUENCE") {
      m.sequences.insert(m.Key(schema, name));
    } else {
      schema::Table t;
      t.schema = schema;
      t.name = name;
      m.tables[m.Key(schema, name)] = t;
    }
  }

  // MariaDB stores JSON as LONGTEXT with a CHECK (json_valid(`c`)) named after the column.
  std::map<std::string, std::string> json_checks;  // table key + "." + lowercase column
  // Each information_schema table is read alone, filtered by schema, and joined here: MariaDB
  // answers a join of them by opening every table of the schema once per row (seconds for 1,000
  // tables), a single one by opening each table once.
  auto constraints = query(
      "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM "
      "information_schema.TABLE_CONSTRAINTS WHERE " +
      where + " ORDER BY 1, 2, 3");
  if (!constraints) return Fail(constraints.error());
  // MySQL's CHECK_CONSTRAINTS has no TABLE_NAME; MariaDB's does, and names are per table there.
  auto check_rows = query(
      "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM "
      "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (" +
      in + ")");
  const bool check_tables = check_rows.has_value();
  if (!check_rows) {
    check_rows = query(
        "SELECT CONSTRAINT_SCHEMA, '', CONSTRAINT_NAME, CHECK_CLAUSE FROM "
        "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (" +
        in + ")");
    if (!check_rows) return Fail(check_rows.error());
  }
  std::map<std::string, std::string> clauses;  // schema \x01 table \x01 name -> clause
  for (const auto& r : *check_rows) clauses[Str(r, 0) + '\x01' + Str(r, 1) + '\x01' + Str(r, 2)] = Str(r, 3);
  TextRows check_list_rows;
  for (const auto& r : *constraints) {
    if (Str(r, 3) != "CHECK") continue;
    auto c = clauses.find(Str(r, 0) + '\x01' + (check_tables ? Str(r, 1) : "") + '\x01' + Str(r, 2));
    if (c != clauses.end()) check_list_rows.push_back({r[0], r[1], r[2], c->second});
  }
  const TextRows* checks = &check_list_rows;
  std::vector<std::pair<std::string, schema::Constraint>> check_list;
  for (const auto& r : *checks) {
    const std::string key = m.Key(schema_of(Str(r, 0)), Str(r, 1));
    const std::string name = Str(r, 2), clause = Str(r, 3);
    if (schema::Lower(clause) == "json_valid(`" + schema::Lower(name) + "`)") {
      json_checks[key + "." + schema::Lower(name)] = name;
      continue;
    }
    schema::Constraint k;
    k.kind = schema::Constraint::Kind::kCheck;
    k.name = name;
    k.expr = clause;
    check_list.emplace_back(key, k);
  }

  auto cols = query(
      "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
      "COALESCE(GENERATION_EXPRESSION, '') FROM information_schema.COLUMNS WHERE " +
      where + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION");
  if (!cols) return Fail(cols.error());
  for (const auto& r : *cols) {
    const std::string key = m.Key(schema_of(Str(r, 0)), Str(r, 1));
    schema::Column col;
    col.name = Str(r, 2);
    col.type = FrontendType(Str(r, 3));
    if (json_checks.count(key + "." + schema::Lower(col.name))) col.type = "json";
    col.not_null = Str(r, 4) == "NO";
    // MariaDB spells "no default" as NULL, and a nullable column's implicit DEFAULT NULL as 'NULL'.
    col.has_default = r[5].has_value() && *r[5] != "NULL";
    col.default_expr = col.has_default ? *r[5] : "";
    const std::string extra = schema::Lower(Str(r, 6));
    if (extra.find("auto_increment") != std::string::npos || extra.find("generated") != std::string::npos) {
      col.generated = true;
    }
    if (auto at = extra.find("on update "); at != std::string::npos)
      col.extras.push_back(Str(r, 6).substr(at));
    const std::string l = schema::Lower(col.default_expr);
    col.default_volatile = l.find("uuid()") != std::string::npos || l.find("rand()") != std::string::npos;
    if (auto t = m.tables.find(key); t != m.tables.end()) {
      t->second.columns.push_back(col);
    } else if (auto v = m.views.find(key); v != m.views.end()) {
      v->second.outputs.push_back(col);
      v->second.output_sources.emplace_back();
    }
  }

  auto usage = query(
      "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
      "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE " +
      where + " ORDER BY 1, 2, 3, ORDINAL_POSITION");
  if (!usage) return Fail(usage.error());
  auto rules = query(
      "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE FROM "
      "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (" +
      in + ")");
  if (!rules) return Fail(rules.error());
  // One row per key as the joined query would give it: schema, table, name, type, columns,
  // referenced schema, table and columns, delete and update rules.
  std::map<std::string, std::vector<std::optional<std::string>>> by_key;
  auto id = [](const std::vector<std::optional<std::string>>& r) {
    return Str(r, 0) + '\x01' + Str(r, 1) + '\x01' + Str(r, 2);
  };
  for (const auto& r : *constraints) {
    const std::string type = Str(r, 3);
    if (type != "PRIMARY KEY" && type != "UNIQUE" && type != "FOREIGN KEY") continue;
    by_key[id(r)] = {r[0], r[1], r[2], r[3], "", "", "", "", "", ""};
  }
  for (const auto& r : *usage) {
    auto k = by_key.find(id(r));
    if (k == by_key.end()) continue;
    auto& row = k->second;
    auto append = [](std::optional<std::string>& list, const std::string& item) {
      *list += (list->empty() ? "" : "\x01") + item;
    };
    append(row[4], Str(r, 3));
    if (r[5]) {
      row[5] = r[4];
      row[6] = r[5];
      append(row[7], Str(r, 6));
    }
  }
  for (const auto& r : *rules) {
    auto k = by_key.find(id(r));
    if (k == by_key.end()) continue;
    k->second[8] = r[3];
    k->second[9] = r[4];
  }
  TextRows key_rows;
  for (auto& [k, row] : by_key) key_rows.push_back(row);
  const TextRows* keys = &key_rows;
  const auto& split = SplitCatalogList;
  for (const auto& r : *keys) {
    auto t = m.tables.find(m.Key(schema_of(Str(r, 0)), Str(r, 1)));
    if (t == m.tables.end()) continue;
    schema::Constraint k;
    const std::string type = Str(r, 3);
    k.kind = type == "PRIMARY KEY" ? schema::Constraint::Kind::kPrimaryKey
             : type == "UNIQUE"    ? schema::Constraint::Kind::kUnique
                                   : schema::Constraint::Kind::kForeignKey;
    // The primary key is always named PRIMARY; a migration never names it so.
    k.name = k.kind == schema::Constraint::Kind::kPrimaryKey ? "" : Str(r, 2);
    k.columns = split(Str(r, 4));
    if (k.kind == schema::Constraint::Kind::kForeignKey) {
      k.ref_table = schema::Qualified(schema_of(Str(r, 5)), Str(r, 6));
      k.ref_columns = split(Str(r, 7));
      k.on_delete = Action(Str(r, 8));
      k.on_update = Action(Str(r, 9));
    }
    t->second.constraints.push_back(k);
  }
  for (auto& [key, k] : check_list) {
    if (auto t = m.tables.find(key); t != m.tables.end()) t->second.constraints.push_back(k);
  }

  // Secondary indexes; unique ones are the UNIQUE constraints above.
  auto idx = query(
      "SELECT TABLE_SCHEMA, INDEX_NAME, TABLE_NAME, GROUP_CONCAT(COALESCE(COLUMN_NAME, '') ORDER BY "
      "SEQ_IN_INDEX "
      "SEPARATOR '\x01') FROM information_schema.STATISTICS WHERE " +
      where + " AND NON_UNIQUE = 1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  if (!idx) return Fail(idx.error());
  for (const auto& r : *idx) {
    std::vector<std::string> columns;
    for (auto& c : split(Str(r, 3))) {
      if (!c.empty()) columns.push_back(c);  // an expression's key part has no column
    }
    AddCatalogIndex(m, schema_of(Str(r, 0)), Str(r, 1), Str(r, 2), std::move(columns), false);
  }

  auto routines =
      query("SELECT ROUTINE_SCHEMA, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" +
            in + ") AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION')");
  if (!routines) return Fail(routines.error());
  for (const auto& r : *routines) m.routines.insert(m.Key(schema_of(Str(r, 0)), Str(r, 1)));

  auto triggers = query(
      "SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, "
      "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" +
      in + ")");
  if (!triggers) return Fail(triggers.error());
  for (const auto& r : *triggers) {
    schema::Trigger t;
    t.timing = Str(r, 3);
    t.event = Str(r, 4);
    t.body = Str(r, 5);  // as the CREATE TRIGGER wrote it
    AddCatalogTrigger(m, schema_of(Str(r, 0)), Str(r, 1), Str(r, 2), std::move(t));
  }
  return m;
}

}  // namespace shiftway::drivers
