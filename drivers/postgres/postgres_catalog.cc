// PostgreSQL's live schema from pg_catalog, in the model the PostgreSQL front end builds.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>

#include "core/schema/frontend.h"
#include "drivers/catalog.h"

namespace shiftway::drivers {
namespace {

std::string Lit(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string Str(const std::vector<std::optional<std::string>>& row, size_t i) {
  return CatalogText(row, i);
}

std::vector<std::string> Split(const std::optional<std::string>& text) {
  return SplitCatalogList(text.value_or(""));
}

// format_type's spelling as the front end spells what a migration writes (core/schema/pg_frontend.cc
// TypeText): "character varying(50)" -> "varchar(50)", "timestamp(3) with time zone" ->
// "timestamptz(3)", "character(2)" -> "char(2)".
std::string FrontendType(std::string t) {
  static const std::pair<std::regex, const char*> kRules[] = {
      {std::regex("^character varying"), "varchar"},
      {std::regex("^character\\b"), "char"},
      {std::regex("^bit varying"), "varbit"},
      {std::regex("^timestamp(\\([0-9]+\\))? without time zone"), "timestamp$1"},
      {std::regex("^timestamp(\\([0-9]+\\))? with time zone"), "timestamptz$1"},
      {std::regex("^time(\\([0-9]+\\))? without time zone"), "time$1"},
      {std::regex("^time(\\([0-9]+\\))? with time zone"), "timetz$1"},
  };
  for (const auto& [re, to] : kRules) t = std::regex_replace(t, re, to);
  return t;
}

// "CHECK ((price > 0)) NOT VALID" -> "(price > 0)".
std::string CheckExpr(std::string def) {
  if (def.rfind("CHECK ", 0) == 0) def = def.substr(6);
  const std::string nv = " NOT VALID";
  if (def.size() > nv.size() && def.compare(def.size() - nv.size(), nv.size(), nv) == 0)
    def.resize(def.size() - nv.size());
  if (def.size() >= 2 && def.front() == '(' && def.back() == ')') def = def.substr(1, def.size() - 2);
  return def;
}

std::string Action(const std::string& code) {
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  return "";
}

}  // namespace

Result<schema::Model> ReadPostgresCatalog(const CatalogQuery& query, const CatalogScope& scope) {
  schema::Model m;
  m.default_schema = scope.schemas.empty() ? "public" : scope.schemas.front();
  std::string in = "ARRAY[";
  for (size_t i = 0; i < scope.schemas.size(); ++i) in += (i ? ", " : "") + Lit(scope.schemas[i]);
  in += "]::text[]";
  // The schema as the model spells it: "" for the default one, as a migration leaves it out.
  auto schema_of = [&](const std::string& s) { return s == m.default_schema ? std::string() : s; };
  const std::string not_extension =
      " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.objid = c.oid AND e.deptype = 'e')";
  const std::string relations = "n.nspname = ANY(" + in + ") AND NOT (n.nspname = " + Lit(m.default_schema) +
                                " AND c.relname IN (" + Lit(scope.history_table) + ", " +
                                Lit(scope.history_table + "_progress") + "))" + not_extension;
  const std::string from_rel =
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
      relations;

  auto schemas = query("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(" + in + ")");
  if (!schemas) return Fail(schemas.error());
  for (const auto& r : *schemas) m.schemas.insert(schema::Lower(Str(r, 0)));

  // Sequences a serial or identity column owns are the column's business, as in the front end.
  auto rels =
      query("SELECT n.nspname, c.relname, c.relkind" + from_rel +
            " AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_depend d JOIN pg_catalog.pg_class t ON t.oid = d.refobjid JOIN "
            "pg_catalog.pg_attribute a ON "
            "a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.objid = c.oid AND d.classid = "
            "'pg_catalog.pg_class'::regclass AND (d.deptype = 'i' OR (d.deptype = 'a' AND c.relname = "
            "t.relname || '_' || "
            "a.attname || '_seq'))))");
  if (!rels) return Fail(rels.error());
  for (const auto& r : *rels) {
    const std::string schema = schema_of(Str(r, 0)), name = Str(r, 1), kind = Str(r, 2);
    if (kind == "r" || kind == "p") {
      schema::Table t;
      t.schema = schema;
      t.name = name;
      t.partitioned = kind == "p";
      m.tables[m.Key(schema, name)] = t;
    } else if (kind == "v" || kind == "m") {
      schema::View v;
      v.schema = schema;
      v.name = name;
      v.outputs_known = true;
      m.views[m.Key(schema, name)] = v;
    } else {
      m.sequences.insert(m.Key(schema, name));
    }
  }

  auto cols = query(
      "SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
      "a.attnotnull, "
      "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated" +
      std::string(" FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN "
                  "pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_attrdef d ON "
                  "d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE ") +
      relations +
      " AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY n.nspname, c.relname, a.attnum");
  if (!cols) return Fail(cols.error());
  for (const auto& r : *cols) {
    const std::string key = m.Key(schema_of(Str(r, 0)), Str(r, 1));
    schema::Column col;
    col.name = Str(r, 2);
    col.type = FrontendType(Str(r, 3));
    col.not_null = Str(r, 4) == "t";
    col.has_default = r[5].has_value();
    col.default_expr = Str(r, 5);
    const std::string identity = Str(r, 6), generated = Str(r, 7);
    // Only a default that calls something can be volatile; the parser reads the ones that do.
    col.default_volatile = col.default_expr.find('(') != std::string::npos && schema::DefaultIsVolatile(col.default_expr);
    // A serial column, as the front end reads `serial`: generated, its default "nextval(...)".
    if (schema::Lower(col.default_expr).rfind("nextval(", 0) == 0) {
      col.generated = true;
      col.default_expr = "nextval(...)";
    }
    if (!identity.empty() || !generated.empty()) {
      col.generated = true;
      col.has_default = true;
    }
    if (auto t = m.tables.find(key); t != m.tables.end()) {
      t->second.columns.push_back(col);
    } else if (auto v = m.views.find(key); v != m.views.end()) {
      v->second.outputs.push_back(col);
      v->second.output_sources.emplace_back();
    }
  }

  const std::string attnames =
      "(SELECT string_agg(a.attname, chr(1) ORDER BY u.o) FROM unnest(%K) WITH "
      "ORDINALITY u(n, o) JOIN pg_catalog.pg_attribute a ON a.attrelid = %R AND "
      "a.attnum = u.n)";
  auto names_of = [&](const std::string& keys, const std::string& rel) {
    return std::regex_replace(std::regex_replace(attnames, std::regex("%K"), keys), std::regex("%R"), rel);
  };
  auto cons =
      query("SELECT n.nspname, c.relname, k.conname, k.contype, " + names_of("k.conkey", "k.conrelid") +
            ", fn.nspname, f.relname, " + names_of("k.confkey", "k.confrelid") +
            ", pg_catalog.pg_get_constraintdef(k.oid), k.convalidated, k.confdeltype, k.confupdtype "
            "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN "
            "pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_class f ON f.oid = "
            "k.confrelid "
            "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace WHERE " +
            relations + " AND k.contype IN ('p', 'u', 'c', 'f') ORDER BY n.nspname, c.relname, k.conname");
  if (!cons) return Fail(cons.error());
  for (const auto& r : *cons) {
    auto t = m.tables.find(m.Key(schema_of(Str(r, 0)), Str(r, 1)));
    if (t == m.tables.end()) continue;
    schema::Constraint k;
    k.name = Str(r, 2);
    const std::string type = Str(r, 3);
    k.kind = type == "p"   ? schema::Constraint::Kind::kPrimaryKey
             : type == "u" ? schema::Constraint::Kind::kUnique
             : type == "f" ? schema::Constraint::Kind::kForeignKey
                           : schema::Constraint::Kind::kCheck;
    k.columns = Split(r[4]);
    if (k.kind == schema::Constraint::Kind::kForeignKey) {
      k.ref_table = schema::Qualified(schema_of(Str(r, 5)), Str(r, 6));
      k.ref_columns = Split(r[7]);
      k.on_delete = Action(Str(r, 10));
      k.on_update = Action(Str(r, 11));
    }
    if (k.kind == schema::Constraint::Kind::kCheck) {
      k.expr = CheckExpr(Str(r, 8));
      static const std::regex not_null("^\\(?\"?([A-Za-z_][A-Za-z0-9_$]*)\"? IS NOT NULL\\)?$");
      std::smatch sm;
      if (std::regex_match(k.expr, sm, not_null)) k.not_null_column = sm[1].str();
    }
    k.not_valid = Str(r, 9) == "f";
    t->second.constraints.push_back(k);
  }

  // Indexes that back a primary key, unique or exclusion constraint are the constraint's.
  auto idx =
      query("SELECT n.nspname, i.relname, c.relname, x.indisunique, " +
            names_of("(x.indkey::int2[])[0:x.indnkeyatts - 1]", "x.indrelid") +
            " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN "
            "pg_catalog.pg_class c ON "
            "c.oid = x.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
            relations +
            " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND "
            "k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY 1, 2");
  if (!idx) return Fail(idx.error());
  for (const auto& r : *idx)
    AddCatalogIndex(m, schema_of(Str(r, 0)), Str(r, 1), Str(r, 2), Split(r[4]), Str(r, 3) == "t");

  // What each view reads, from its rewrite rule's dependencies.
  auto uses = query(
      "SELECT DISTINCT vn.nspname, v.relname, n.nspname, c.relname, COALESCE(a.attname, '') FROM "
      "pg_catalog.pg_depend d "
      "JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid JOIN pg_catalog.pg_class v ON v.oid = w.ev_class JOIN "
      "pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace JOIN pg_catalog.pg_class c ON c.oid = "
      "d.refobjid JOIN "
      "pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid "
      "= "
      "d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0 WHERE d.classid = "
      "'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND c.oid <> "
      "v.oid AND "
      "vn.nspname = ANY(" +
      in + ") ORDER BY 1, 2, 3, 4, 5");
  if (!uses) return Fail(uses.error());
  for (const auto& r : *uses) {
    auto v = m.views.find(m.Key(schema_of(Str(r, 0)), Str(r, 1)));
    if (v == m.views.end()) continue;
    const std::string table = schema::Qualified(schema_of(Str(r, 2)), Str(r, 3));
    auto& tables = v->second.tables;
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
    if (!Str(r, 4).empty()) v->second.columns.push_back(Str(r, 4));
  }

  auto enums = query(
      "SELECT n.nspname, c.typname, string_agg(e.enumlabel, chr(1) ORDER BY e.enumsortorder) FROM "
      "pg_catalog.pg_type c "
      "JOIN pg_catalog.pg_enum e ON e.enumtypid = c.oid JOIN pg_catalog.pg_namespace n ON n.oid = "
      "c.typnamespace "
      "WHERE n.nspname = ANY(" +
      in + ")" + not_extension + " GROUP BY 1, 2");
  if (!enums) return Fail(enums.error());
  for (const auto& r : *enums) {
    schema::EnumType e;
    e.schema = schema_of(Str(r, 0));
    e.name = Str(r, 1);
    e.values = Split(r[2]);
    m.enums[m.Key(e.schema, e.name)] = e;
  }

  auto routines = query(
      "SELECT DISTINCT n.nspname, c.proname, c.prorettype = 'pg_catalog.trigger'::regtype FROM "
      "pg_catalog.pg_proc c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.pronamespace WHERE n.nspname = ANY(" +
      in +
      ") AND c.prokind IN "
      "('f', 'p')" +
      not_extension);
  if (!routines) return Fail(routines.error());
  for (const auto& r : *routines) {
    const std::string key = m.Key(schema_of(Str(r, 0)), Str(r, 1));
    m.routines.insert(key);
    if (Str(r, 2) == "t") m.trigger_functions.insert(key);
  }

  auto triggers = query(
      "SELECT n.nspname, c.relname, g.tgname, pn.nspname, p.proname, g.tgtype, " +
      names_of("g.tgattr::int2[]", "g.tgrelid") + " FROM pg_catalog.pg_trigger g JOIN "
      "pg_catalog.pg_class c ON c.oid = g.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "JOIN "
      "pg_catalog.pg_proc p ON p.oid = g.tgfoid JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace "
      "WHERE " +
      relations + " AND NOT g.tgisinternal");
  if (!triggers) return Fail(triggers.error());
  for (const auto& r : *triggers) {
    schema::Trigger t;
    t.function = schema::Qualified(schema_of(Str(r, 3)), Str(r, 4));
    const int type = std::atoi(Str(r, 5).c_str());
    t.timing = schema::PgTriggerTiming(type);
    t.event = schema::PgTriggerEvents(type, Split(r[6]));
    t.level = type & 1 ? "ROW" : "STATEMENT";
    AddCatalogTrigger(m, schema_of(Str(r, 0)), Str(r, 1), Str(r, 2), std::move(t));
  }

  // Domains (their base type) and composite types (their attributes); enums are above.
  auto types = query(
      "SELECT n.nspname, c.typname, c.typtype, CASE WHEN c.typtype = 'd' THEN "
      "pg_catalog.format_type(c.typbasetype, c.typtypmod) END, (SELECT string_agg(a.attname || chr(2) || "
      "pg_catalog.format_type(a.atttypid, a.atttypmod), chr(1) ORDER BY a.attnum) FROM pg_catalog.pg_attribute a "
      "WHERE a.attrelid = c.typrelid AND a.attnum > 0 AND NOT a.attisdropped) FROM pg_catalog.pg_type c JOIN "
      "pg_catalog.pg_namespace n ON n.oid = c.typnamespace WHERE n.nspname = ANY(" +
      in +
      ") AND (c.typtype = 'd' OR (c.typtype = 'c' AND (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = "
      "c.typrelid) = 'c'))" +
      not_extension);
  if (!types) return Fail(types.error());
  for (const auto& r : *types) {
    schema::NamedType t;
    t.schema = schema_of(Str(r, 0));
    t.name = Str(r, 1);
    t.kind = Str(r, 2) == "d" ? "domain" : "composite type";
    if (r[3]) t.base_type = FrontendType(*r[3]);
    for (const auto& a : Split(r[4])) {
      const size_t sep = a.find('\x02');
      if (sep != std::string::npos) t.attributes.push_back(schema::Column{a.substr(0, sep), FrontendType(a.substr(sep + 1))});
    }
    m.types[m.Key(t.schema, t.name)] = std::move(t);
  }
  return m;
}

}  // namespace shiftway::drivers
