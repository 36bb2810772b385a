// PostgreSQL front end: libpg_query's JSON parse tree turned into changes.
#include <pg_query.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/schema/frontend.h"
#include "core/schema/json_tree.h"
#include "core/schema/plpgsql.h"
#include "core/sql/scan.h"
#include "core/sql/statement.h"

namespace shiftway::schema {
namespace {

// libpg_query omits zero, false and empty fields, so every access goes through these: a missing
// field is an empty node.
JsonNode Get(const JsonNode& j, const char* key) { return j.Find(key); }

std::string StrField(const JsonNode& j, const char* key) { return j.Find(key).String(); }

bool BoolField(const JsonNode& j, const char* key) { return j.Find(key).Bool(); }

JsonNode Field(const JsonNode& j, const char* key) { return j.Find(key); }

// {"String":{"sval":"x"}} -> "x".
std::string StringNode(const JsonNode& j) { return StrField(Field(j, "String"), "sval"); }

std::vector<std::string> StringList(const JsonNode& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list) out.push_back(StringNode(item));
  return out;
}

// Splits a qualified name list into schema and name.
void SchemaAndName(const std::vector<std::string>& names, std::string* schema, std::string* name) {
  schema->clear();
  name->clear();
  if (names.empty()) return;
  *name = names.back();
  if (names.size() >= 2) *schema = names[names.size() - 2];
}

std::string ConstText(const JsonNode& c) {
  if (JsonNode v = Get(c, "ival")) return std::to_string(Field(v, "ival").is_integer() ? Field(v, "ival").Int() : 0);
  if (JsonNode v = Get(c, "fval")) return StrField(v, "fval");
  if (JsonNode v = Get(c, "sval")) return "'" + StrField(v, "sval") + "'";
  if (JsonNode v = Get(c, "boolval")) return BoolField(v, "boolval") ? "true" : "false";
  if (BoolField(c, "isnull")) return "NULL";
  return "0";
}

std::string TypeText(const JsonNode& type_name);

// A small deparser for the expressions migrations put in defaults and checks; anything else
// becomes "...", which is only used in messages.
std::string Expr(const JsonNode& node, int depth = 0) {
  if (depth > 20 || !node.is_object() || node.empty()) return "...";
  const std::string_view kind = node.FirstKey();
  const JsonNode body = node.FirstValue();
  if (kind == "A_Const") return ConstText(body);
  if (kind == "ColumnRef") {
    std::string out;
    for (const auto& f : Field(body, "fields")) {
      if (!out.empty()) out += ".";
      out += Get(f, "A_Star") ? "*" : StringNode(f);
    }
    return out;
  }
  if (kind == "FuncCall") {
    std::string out;
    for (const auto& n : StringList(Field(body, "funcname"))) out += (out.empty() ? "" : ".") + n;
    out += "(";
    bool first = true;
    for (const auto& a : Field(body, "args")) {
      out += (first ? "" : ", ") + Expr(a, depth + 1);
      first = false;
    }
    return out + ")";
  }
  if (kind == "TypeCast") return Expr(Field(body, "arg"), depth + 1) + "::" + TypeText(Field(body, "typeName"));
  if (kind == "A_Expr") {
    std::vector<std::string> op = StringList(Field(body, "name"));
    return Expr(Field(body, "lexpr"), depth + 1) + " " + (op.empty() ? "?" : op.back()) + " " +
           Expr(Field(body, "rexpr"), depth + 1);
  }
  if (kind == "NullTest") {
    return Expr(Field(body, "arg"), depth + 1) +
           (StrField(body, "nulltesttype") == "IS_NOT_NULL" ? " IS NOT NULL" : " IS NULL");
  }
  if (kind == "BoolExpr") {
    std::string op = StrField(body, "boolop") == "OR_EXPR" ? " OR " : " AND ";
    std::string out;
    for (const auto& a : Field(body, "args")) out += (out.empty() ? "" : op) + Expr(a, depth + 1);
    return "(" + out + ")";
  }
  if (kind == "SQLValueFunction") {
    std::string op = StrField(body, "op");
    if (op.rfind("SVFOP_", 0) == 0) op = op.substr(6);
    return op;
  }
  return "...";
}

// Calls fn on every object node in the tree, depth-first.
void Walk(const JsonNode& node, const std::function<void(std::string_view, const JsonNode&)>& fn, int depth = 0) {
  if (depth > 200) return;
  if (node.is_object()) {
    node.ForEachMember([&](std::string_view key, const JsonNode& value) {
      fn(key, value);
      Walk(value, fn, depth + 1);
    });
  } else if (node.is_array()) {
    for (const auto& v : node) Walk(v, fn, depth + 1);
  }
}

// A PostgreSQL function whose value differs per row: a default calling it is evaluated per row.
bool IsVolatileFunction(std::string_view name) {
  static const std::set<std::string, std::less<>> kVolatile = {
      "random",           "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
      "clock_timestamp",  "nextval",         "timeofday",        "setseed",            "txid_current"};
  return kVolatile.count(Lower(name)) > 0;
}

bool IsVolatile(const JsonNode& expr) {
  bool found = false;
  Walk(expr, [&](std::string_view k, const JsonNode& v) {
    if (k != "FuncCall") return;
    auto names = StringList(Field(v, "funcname"));
    if (!names.empty() && IsVolatileFunction(names.back())) found = true;
  });
  return found;
}

// What a default expression depends on: the functions it calls and the sequences nextval() reads.
std::vector<std::string> DefaultRefs(const JsonNode& expr) {
  std::vector<std::string> out;
  Walk(expr, [&](std::string_view k, const JsonNode& v) {
    if (k != "FuncCall") return;
    auto names = StringList(Field(v, "funcname"));
    if (names.size() >= 2 && names.front() == "pg_catalog") names.erase(names.begin());
    std::string name;
    for (const auto& n : names) name += (name.empty() ? "" : ".") + n;
    const std::string bare = names.empty() ? "" : Lower(names.back());
    if (bare == "nextval" || bare == "currval" || bare == "setval") {
      const JsonNode& args = Field(v, "args");
      if (!args.is_array() || args.empty()) return;
      JsonNode arg = args[0];
      if (JsonNode cast = Get(arg, "TypeCast")) arg = Field(cast, "arg");
      const std::string seq = StrField(Field(Field(arg, "A_Const"), "sval"), "sval");
      if (!seq.empty()) out.push_back("sequence:" + seq);
      return;
    }
    if (!name.empty()) out.push_back("function:" + name);
  });
  return out;
}

std::string TypeText(const JsonNode& tn) {
  std::vector<std::string> names = StringList(Field(tn, "names"));
  if (names.size() >= 2 && names.front() == "pg_catalog") names.erase(names.begin());
  std::string base;
  for (const auto& n : names) base += (base.empty() ? "" : ".") + n;
  static const std::pair<const char*, const char*> kPretty[] = {
      {"int4", "integer"}, {"int8", "bigint"}, {"int2", "smallint"}, {"bool", "boolean"},
      {"float8", "double precision"}, {"float4", "real"}, {"bpchar", "char"}};
  for (const auto& [from, to] : kPretty) {
    if (base == from) base = to;
  }
  if (base == "timestamptz") base = "timestamptz";
  if (JsonNode mods = Get(tn, "typmods"); mods && mods.is_array() && base != "interval") {
    std::string args;
    for (const auto& m : mods) {
      std::string a = Get(m, "A_Const") ? ConstText(Field(m, "A_Const")) : Expr(m);
      args += (args.empty() ? "" : ",") + a;
    }
    if (!args.empty()) base += "(" + args + ")";
  }
  if (JsonNode bounds = Get(tn, "arrayBounds"); bounds && bounds.is_array()) {
    for (size_t i = 0; i < bounds.size(); ++i) base += "[]";
  }
  if (BoolField(tn, "setof")) base = "setof " + base;
  return base;
}

Constraint ConstraintFrom(const JsonNode& k, const std::string& column) {
  Constraint out;
  const std::string type = StrField(k, "contype");
  out.name = StrField(k, "conname");
  out.not_valid = BoolField(k, "skip_validation");
  if (type == "CONSTR_PRIMARY") out.kind = Constraint::Kind::kPrimaryKey;
  if (type == "CONSTR_UNIQUE") out.kind = Constraint::Kind::kUnique;
  if (type == "CONSTR_FOREIGN") out.kind = Constraint::Kind::kForeignKey;
  if (type == "CONSTR_CHECK") out.kind = Constraint::Kind::kCheck;
  out.columns = StringList(Field(k, "keys"));
  if (type == "CONSTR_EXCLUSION") {
    out.kind = Constraint::Kind::kUnique;
    out.exclusion = true;
    for (const auto& element : Field(k, "exclusions")) {
      const JsonNode& items = Field(Field(element, "List"), "items");
      if (!items.is_array() || items.empty()) continue;
      const std::string name = StrField(Field(items[0], "IndexElem"), "name");
      if (!name.empty()) out.columns.push_back(name);
    }
  }
  if (out.kind == Constraint::Kind::kForeignKey) {
    out.columns = StringList(Field(k, "fk_attrs"));
    const JsonNode& pk = Field(k, "pktable");
    out.ref_table = Qualified(StrField(pk, "schemaname"), StrField(pk, "relname"));
    out.ref_columns = StringList(Field(k, "pk_attrs"));
    auto action = [](const std::string& code) -> std::string {
      if (code == "c") return "CASCADE";
      if (code == "n") return "SET NULL";
      if (code == "d") return "SET DEFAULT";
      return "";  // a: NO ACTION, r: RESTRICT
    };
    out.on_delete = action(StrField(k, "fk_del_action"));
    out.on_update = action(StrField(k, "fk_upd_action"));
  }
  if (out.kind == Constraint::Kind::kCheck) {
    const JsonNode& e = Field(k, "raw_expr");
    out.expr = Expr(e);
    if (JsonNode nt = Get(e, "NullTest"); nt && StrField(nt, "nulltesttype") == "IS_NOT_NULL") {
      auto fields = StringList(Field(Field(Field(nt, "arg"), "ColumnRef"), "fields"));
      if (!fields.empty()) out.not_null_column = fields.back();
    }
    std::set<std::string> cols;
    Walk(e, [&](std::string_view key, const JsonNode& v) {
      if (key != "ColumnRef") return;
      auto fields = StringList(Field(v, "fields"));
      if (!fields.empty() && !fields.back().empty()) cols.insert(fields.back());
    });
    out.columns.assign(cols.begin(), cols.end());
  }
  if (out.columns.empty() && !column.empty() && out.kind != Constraint::Kind::kCheck) out.columns = {column};
  if (out.columns.empty() && !column.empty()) out.columns = {column};
  return out;
}

bool IsConstraintNode(const std::string& type) {
  return type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" || type == "CONSTR_FOREIGN" || type == "CONSTR_CHECK";
}

// A column definition and the constraints written on it.
Column ColumnFrom(const JsonNode& def, std::vector<Constraint>* constraints) {
  Column col;
  col.name = StrField(def, "colname");
  col.type = TypeText(Field(def, "typeName"));
  const std::string lower_type = Lower(col.type);
  if (lower_type == "serial" || lower_type == "bigserial" || lower_type == "smallserial" || lower_type == "serial4" ||
      lower_type == "serial8" || lower_type == "serial2") {
    col.generated = col.has_default = col.default_volatile = col.not_null = true;
    col.default_expr = "nextval(...)";
    col.type = lower_type == "bigserial" || lower_type == "serial8" ? "bigint"
               : (lower_type == "smallserial" || lower_type == "serial2") ? "smallint"
                                                                          : "integer";
  }
  if (JsonNode coll = Get(def, "collClause"); coll && coll.is_object()) {
    std::string name;
    const JsonNode& clause = Get(coll, "CollateClause") ? Field(coll, "CollateClause") : coll;
    for (const auto& n : StringList(Field(clause, "collname"))) name += (name.empty() ? "" : ".") + n;
    col.extras.push_back("COLLATE \"" + name + "\"");
  }
  for (const auto& item : Field(def, "constraints")) {
    const JsonNode& k = Field(item, "Constraint");
    const std::string type = StrField(k, "contype");
    if (type == "CONSTR_NOTNULL") col.not_null = true;
    if (type == "CONSTR_NULL") col.not_null = false;
    if (type == "CONSTR_DEFAULT") {
      col.has_default = true;
      col.default_expr = Expr(Field(k, "raw_expr"));
      col.default_volatile = IsVolatile(Field(k, "raw_expr"));
      col.default_refs = DefaultRefs(Field(k, "raw_expr"));
    }
    if (type == "CONSTR_IDENTITY" || type == "CONSTR_GENERATED") {
      col.generated = col.has_default = col.default_volatile = true;
      if (type == "CONSTR_IDENTITY") col.not_null = true;
    }
    if (type == "CONSTR_PRIMARY") col.not_null = true;
    if (IsConstraintNode(type) && constraints) constraints->push_back(ConstraintFrom(k, col.name));
  }
  return col;
}

// A DO block's or routine's options say the body is PL/pgSQL source text (a SQL-standard body,
// BEGIN ATOMIC or RETURN, has no "as", and libpg_query's PL/pgSQL parser must not see it).
bool IsPlpgsqlBody(const JsonNode& options, bool default_plpgsql) {
  bool has_source = false;
  std::string language = default_plpgsql ? "plpgsql" : "";
  for (const auto& o : options) {
    const JsonNode& d = Field(o, "DefElem");
    const std::string name = StrField(d, "defname");
    if (name == "as") has_source = true;
    if (name == "language") language = Lower(StringNode(Field(d, "arg")));
  }
  return has_source && language == "plpgsql";
}

class PgParser {
 public:
  explicit PgParser(const Model& model) : model_(model) {}

  std::vector<Change> Statement(const JsonNode& stmt) {
    if (!stmt.is_object() || stmt.empty()) return {Other()};
    const std::string kind(stmt.FirstKey());
    const JsonNode body = stmt.FirstValue();
    if (kind == "CreateStmt") return CreateTable(body);
    if (kind == "AlterTableStmt") return AlterTable(body);
    if (kind == "RenameStmt") return Rename(body);
    if (kind == "DropStmt") return Drop(body);
    if (kind == "IndexStmt") return CreateIndex(body);
    if (kind == "ViewStmt") return CreateView(body);
    if (kind == "CreateTableAsStmt") return CreateTableAs(body);
    if (kind == "CreateEnumStmt") {
      Change c = Make(ChangeKind::kCreateEnum, Field(body, "typeName"));
      c.values = StringList(Field(body, "vals"));
      return {c};
    }
    if (kind == "CreateDomainStmt") {
      Change c = Make(ChangeKind::kCreateType, Field(body, "domainname"));
      c.detail = "domain";
      c.def.type = TypeText(Field(body, "typeName"));
      return {c};
    }
    if (kind == "CompositeTypeStmt") {
      Change c = FromRangeVar(ChangeKind::kCreateType, Field(body, "typevar"));
      c.detail = "composite type";
      for (const auto& item : Field(body, "coldeflist")) {
        const JsonNode& def = Field(item, "ColumnDef");
        c.table_def.columns.push_back(Column{StrField(def, "colname"), TypeText(Field(def, "typeName"))});
      }
      return {c};
    }
    if (kind == "AlterEnumStmt") {
      if (!StrField(body, "oldVal").empty()) {
        Change c = Make(ChangeKind::kRenameEnumValue, Field(body, "typeName"));
        c.column = StrField(body, "oldVal");
        c.new_name = StrField(body, "newVal");
        return {c};
      }
      Change c = Make(ChangeKind::kAddEnumValue, Field(body, "typeName"));
      c.new_name = StrField(body, "newVal");
      return {c};
    }
    if (kind == "CreateSchemaStmt") {
      Change c;
      c.kind = ChangeKind::kCreateSchema;
      c.object = StrField(body, "schemaname");
      c.if_exists = BoolField(body, "if_not_exists");
      return {c};
    }
    if (kind == "AlterObjectSchemaStmt") {
      const std::string type = StrField(body, "objectType");
      if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        // ALTER TYPE/DOMAIN t SET SCHEMA s: the type's name changes as a rename's does.
        Change c = Make(ChangeKind::kRenameType, Field(Field(Field(body, "object"), "List"), "items"));
        c.new_schema = StrField(body, "newschema");
        c.new_name = c.object;
        return {c};
      }
      if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW") return {Other()};
      Change c = FromRangeVar(type == "OBJECT_TABLE" ? ChangeKind::kRenameTable : ChangeKind::kRenameView,
                              Field(body, "relation"));
      c.new_schema = StrField(body, "newschema");
      c.new_name = c.object;
      return {c};
    }
    if (kind == "CreateFunctionStmt") {
      Change c = Make(ChangeKind::kCreateRoutine, Field(body, "funcname"));
      c.is_procedure = BoolField(body, "is_procedure");
      c.or_replace = BoolField(body, "replace");
      if (IsPlpgsqlBody(Field(body, "options"), /*default_plpgsql=*/false)) c.detail = "plpgsql";
      for (const auto& o : Field(body, "options")) {
        const JsonNode& d = Field(o, "DefElem");
        const std::string name = StrField(d, "defname");
        if (name == "language") c.language = Lower(StringNode(Field(d, "arg")));
        if (name == "as") {
          for (const auto& part : Field(Field(Field(d, "arg"), "List"), "items")) {
            c.body = StringNode(part);  // the first is the source text; a C function's second is its symbol
            break;
          }
        }
      }
      if (c.language != "sql") c.body.clear();
      const std::vector<std::string> returns = StringList(Field(Field(body, "returnType"), "names"));
      c.trigger_function = !returns.empty() && (Lower(returns.back()) == "trigger" ||
                                                Lower(returns.back()) == "event_trigger");
      return {c};
    }
    if (kind == "CreateTrigStmt") {
      Change c = FromRangeVar(ChangeKind::kCreateTrigger, Field(body, "relation"));
      c.column = StrField(body, "trigname");
      for (const auto& n : StringList(Field(body, "funcname"))) c.function += (c.function.empty() ? "" : ".") + n;
      c.or_replace = BoolField(body, "replace");
      auto bits = [&](const char* key) {
        JsonNode v = Get(body, key);
        return v && v.is_integer() ? v.Int() : 0;
      };
      c.trigger_def.timing = PgTriggerTiming(bits("timing"));
      c.trigger_def.event = PgTriggerEvents(bits("events"), StringList(Field(body, "columns")));
      c.trigger_def.level = BoolField(body, "row") ? "ROW" : "STATEMENT";
      return {c};
    }
    if (kind == "CreateSeqStmt") return {FromRangeVar(ChangeKind::kCreateSequence, Field(body, "sequence"))};
    if (kind == "AlterSeqStmt") {
      const std::optional<std::string> restart = Restart(Field(body, "options"));
      if (!restart) return {Other()};
      Change c = FromRangeVar(ChangeKind::kRestartSequence, Field(body, "sequence"));
      c.detail = *restart;
      c.if_exists = BoolField(body, "missing_ok");
      return {c};
    }
    if (kind == "TransactionStmt") {
      const std::string k = StrField(body, "kind");
      Change c;
      if (k == "TRANS_STMT_BEGIN" || k == "TRANS_STMT_START") c.kind = ChangeKind::kBegin;
      if (k == "TRANS_STMT_COMMIT" || k == "TRANS_STMT_ROLLBACK") c.kind = ChangeKind::kCommit;
      return {c};
    }
    if (kind == "VariableSetStmt") {
      Change c;
      if (Lower(StrField(body, "name")) == "lock_timeout") {
        c.kind = ChangeKind::kSetLockTimeout;
        const JsonNode& args = Field(body, "args");
        if (args.is_array() && !args.empty()) c.detail = Expr(args[0]);
      }
      if (Lower(StrField(body, "name")) == "search_path") {
        // SET [LOCAL] search_path TO a, "b" (or 'a, b'); RESET and TO DEFAULT: no values.
        c.detail = "search_path";
        for (const auto& a : Field(body, "args")) AddSearchPath(StrField(Field(Field(a, "A_Const"), "sval"), "sval"), &c);
        if (StrField(body, "kind") == "VAR_SET_VALUE" && c.values.empty()) c.values.push_back("pg_catalog");
      }
      return {c};
    }
    // pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);` sets the path as SET does.
    if (kind == "SelectStmt") {
      if (std::optional<Change> c = SetConfigSearchPath(body)) return {*c};
    }
    // TRUNCATE deletes rows like DELETE does: data, not schema (as on MySQL).
    static const std::set<std::string> kDml = {"InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt",
                                               "MergeStmt",  "CopyStmt",   "CallStmt",   "TruncateStmt"};
    // SELECT ... INTO t creates t, as CREATE TABLE t AS SELECT does.
    if (kind == "SelectStmt" && Get(body, "intoClause")) {
      Change c = FromRangeVar(ChangeKind::kCreateTable, Field(Field(body, "intoClause"), "rel"));
      c.table_def.schema = c.schema;
      c.table_def.name = c.object;
      c.table_def.columns_unknown = true;
      return {c};
    }
    if (kDml.count(kind)) {
      Change c;
      c.kind = ChangeKind::kDml;
      c.detail = kind.substr(0, kind.size() - 4);
      return {c};
    }
    if (kind == "DoStmt") {
      Change c = Unparsed("a DO block's effect on the schema is not analysed");
      if (IsPlpgsqlBody(Field(body, "args"), /*default_plpgsql=*/true)) c.routine = "DO block";
      return {c};
    }
    if (kind == "GrantStmt" && !BoolField(body, "is_grant") && StrField(body, "objtype") == "OBJECT_TABLE" &&
        StrField(body, "targtype") == "ACL_TARGET_OBJECT") {
      // REVOKE ... ON TABLE: one change per table and role.
      std::vector<std::string> privileges;
      for (const auto& p : Field(body, "privileges")) {
        std::string name = StrField(Field(p, "AccessPriv"), "priv_name");
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::toupper(ch); });
        privileges.push_back(name);
      }
      if (privileges.empty()) privileges.push_back("ALL");
      std::vector<Change> out;
      for (const auto& o : Field(body, "objects")) {
        for (const auto& g : Field(body, "grantees")) {
          const JsonNode& role = Field(g, "RoleSpec");
          Change c = FromRangeVar(ChangeKind::kRestrictAccess, Field(o, "RangeVar"));
          c.detail = "revoke";
          c.values = privileges;
          c.column = StrField(role, "roletype") == "ROLESPEC_PUBLIC" ? "PUBLIC" : StrField(role, "rolename");
          out.push_back(std::move(c));
        }
      }
      if (!out.empty()) return out;
    }
    if (kind == "CreatePolicyStmt") return {FromRangeVar(ChangeKind::kCreatePolicy, Field(body, "table"))};
    if (kind == "VacuumStmt" || kind == "ClusterStmt" || kind == "ReindexStmt") {
      std::vector<Change> out = Maintenance(kind, body);
      if (!out.empty()) return out;
    }
    // Statements that leave tables, columns and types as they are.
    static const std::set<std::string> kNoSchemaEffect = {
        "GrantStmt", "GrantRoleStmt", "CommentStmt", "CreateExtensionStmt", "AlterExtensionStmt",
        "AlterPolicyStmt", "AlterOwnerStmt", "CreateRoleStmt", "AlterRoleStmt", "DropRoleStmt",
        "AlterDefaultPrivilegesStmt", "VacuumStmt", "ClusterStmt", "ReindexStmt", "NotifyStmt", "ListenStmt",
        "UnlistenStmt", "ExplainStmt", "LockStmt", "CheckPointStmt", "RefreshMatViewStmt",
        "AlterFunctionStmt", "CreateEventTrigStmt", "CreateStatsStmt", "SecLabelStmt", "CreatePublicationStmt",
        "AlterPublicationStmt", "CreateCastStmt", "VariableShowStmt", "DiscardStmt", "DeallocateStmt",
        "PrepareStmt", "ExecuteStmt", "CreateTransformStmt", "AlterEventTrigStmt", "CreateConversionStmt",
        "DefineStmt", "AlterDatabaseSetStmt", "AlterRoleSetStmt",
        "ConstraintsSetStmt", "CreateOpClassStmt", "AlterOperatorStmt", "AlterCollationStmt", "AlterStatsStmt",
        "AlterTableSpaceOptionsStmt", "CreateTableSpaceStmt", "ImportForeignSchemaStmt"};
    if (kNoSchemaEffect.count(kind)) return {Other()};
    return {Unparsed("statement type " + kind + " is not analysed")};
  }

 private:
  static Change Other() { return Change{}; }

  // Appends the schemas of a search_path value ('a, "b"') to c.values. A value that names no
  // schema (`SET search_path = ''`) is pg_catalog alone, as PostgreSQL reads it: not a reset.
  static void AddSearchPath(const std::string& list, Change* c) {
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string item = list.substr(start, comma - start);
      while (!item.empty() && item.front() == ' ') item.erase(0, 1);
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
      if (!item.empty()) c->values.push_back(item);
      start = comma + 1;
    }
  }

  // SELECT [pg_catalog.]set_config('search_path', 'value', is_local) with constant arguments, and
  // nothing else in the statement: a search_path change like SET's.
  static std::optional<Change> SetConfigSearchPath(const JsonNode& select) {
    const JsonNode& targets = Field(select, "targetList");
    if (!targets.is_array() || targets.size() != 1 || Get(select, "fromClause")) return std::nullopt;
    const JsonNode& call = Field(Field(Field(targets[0], "ResTarget"), "val"), "FuncCall");
    const std::vector<std::string> name = StringList(Field(call, "funcname"));
    if (name.empty() || Lower(name.back()) != "set_config" || (name.size() == 2 && Lower(name[0]) != "pg_catalog"))
      return std::nullopt;
    const JsonNode& args = Field(call, "args");
    if (!args.is_array() || args.size() != 3) return std::nullopt;
    JsonNode setting = Get(Field(Field(args[0], "A_Const"), "sval"), "sval");
    JsonNode value = Get(Field(Field(args[1], "A_Const"), "sval"), "sval");
    if (!setting || !value || !setting.is_string() || !value.is_string() || Lower(setting.String()) != "search_path")
      return std::nullopt;
    Change c;
    c.detail = "search_path";
    AddSearchPath(value.String(), &c);
    if (c.values.empty()) c.values.push_back("pg_catalog");
    return c;
  }

  // A serial column's default reads the sequence PostgreSQL creates for it, <table>_<column>_seq.
  static void SerialSequence(const std::string& schema, const std::string& table, Column& col) {
    if (col.default_expr != "nextval(...)" || !col.default_refs.empty()) return;
    col.default_refs.push_back("sequence:" + Qualified(schema, Lower(table) + "_" + Lower(col.name) + "_seq"));
  }

  // RESTART [WITH n] among a sequence's options: n as written, "" for its START value.
  static std::optional<std::string> Restart(const JsonNode& options) {
    for (const auto& item : options) {
      const JsonNode d = Field(item, "DefElem");
      if (StrField(d, "defname") != "restart") continue;
      const JsonNode arg = Field(d, "arg");
      if (!arg) return std::string();
      if (const JsonNode i = Get(arg, "Integer")) return std::to_string(Field(i, "ival").Int());
      if (const JsonNode f = Get(arg, "Float")) return StrField(f, "fval");
      return Expr(arg);
    }
    return std::nullopt;
  }

  static Change Unparsed(std::string why) {
    Change c;
    c.kind = ChangeKind::kUnparsed;
    c.detail = std::move(why);
    return c;
  }

  static Change Make(ChangeKind kind, const JsonNode& names) {
    Change c;
    c.kind = kind;
    SchemaAndName(StringList(names), &c.schema, &c.object);
    return c;
  }

  // An option of VACUUM or REINDEX given without a value, or with a true one (FULL, FULL true, FULL on).
  static bool OptionOn(const JsonNode& options, const char* name) {
    if (!options.is_array()) return false;
    for (const auto& item : options) {
      const JsonNode& def = Field(item, "DefElem");
      if (StrField(def, "defname") != name) continue;
      const JsonNode& arg = Get(def, "arg");
      if (!arg) return true;
      if (JsonNode b = Get(arg, "Boolean")) return BoolField(b, "boolval");
      if (JsonNode i = Get(arg, "Integer")) return Field(i, "ival").Int() != 0;
      const std::string v = Lower(StringNode(arg));
      return v == "true" || v == "on" || v == "yes" || v == "1";
    }
    return false;
  }

  // VACUUM FULL and CLUSTER rewrite a table under an ACCESS EXCLUSIVE lock; REINDEX without
  // CONCURRENTLY rebuilds indexes blocking the table's writes and the reads that use them. Each is
  // a table-rewrite change of the table (detail: what runs), judged on released tables. A plain
  // VACUUM, a REINDEX of a schema or database, and an index the model does not know change nothing.
  std::vector<Change> Maintenance(const std::string& kind, const JsonNode& body) const {
    std::vector<Change> out;
    if (kind == "VacuumStmt") {
      if (!BoolField(body, "is_vacuumcmd") || !OptionOn(Field(body, "options"), "full")) return out;
      for (const auto& rel : Field(body, "rels")) {
        Change c = FromRangeVar(ChangeKind::kTableRewrite, Field(Field(rel, "VacuumRelation"), "relation"));
        c.detail = "VACUUM FULL";
        if (!c.object.empty()) out.push_back(c);
      }
    } else if (kind == "ClusterStmt") {
      Change c = FromRangeVar(ChangeKind::kTableRewrite, Field(body, "relation"));
      c.detail = "CLUSTER";
      if (!c.object.empty()) out.push_back(c);
    } else if (!OptionOn(Field(body, "params"), "concurrently")) {
      const std::string object = StrField(body, "kind");
      Change c = FromRangeVar(ChangeKind::kTableRewrite, Field(body, "relation"));
      c.detail = "REINDEX";
      if (object == "REINDEX_OBJECT_INDEX") {
        auto it = model_.indexes.find(model_.Key(c.schema, c.object));
        if (it == model_.indexes.end()) return out;
        c.column = c.object;  // the index
        c.object = it->second.table;
      } else if (object != "REINDEX_OBJECT_TABLE") {
        return out;
      }
      if (!c.object.empty()) out.push_back(c);
    }
    return out;
  }

  static Change FromRangeVar(ChangeKind kind, const JsonNode& rv) {
    Change c;
    c.kind = kind;
    c.schema = StrField(rv, "schemaname");
    c.object = StrField(rv, "relname");
    return c;
  }

  // LIKE source [INCLUDING ...] in CREATE TABLE: source's columns (names, types, NOT NULL) and what
  // the options include, as PostgreSQL copies them; unknown when the model does not know source.
  void Like(const JsonNode& like, Change& c, std::vector<Index>* indexes) const {
    const JsonNode& rel = Field(like, "relation");
    const Table* source = model_.FindTable(StrField(rel, "schemaname"), StrField(rel, "relname"));
    if (!source) {
      c.table_def.columns_unknown = true;
      return;
    }
    // The options as PostgreSQL 15's TableLikeOption bits.
    JsonNode bits = Get(like, "options");
    const long options = bits && bits.is_integer() ? bits.Int() : 0;
    LikeOptions copy;
    copy.constraints = options & (1 << 2);
    copy.defaults = options & (1 << 3);
    copy.identity = options & ((1 << 4) | (1 << 5));
    copy.indexes = options & (1 << 6);
    Table t = TableLike(model_, *source, c.schema, c.object, copy, /*pg_names=*/true, indexes);
    if (t.columns_unknown) c.table_def.columns_unknown = true;
    for (auto& col : t.columns) c.table_def.columns.push_back(std::move(col));
    for (auto& k : t.constraints) c.table_def.constraints.push_back(std::move(k));
  }

  std::vector<Change> CreateTable(const JsonNode& body) {
    std::vector<Index> like_indexes;
    Change c = FromRangeVar(ChangeKind::kCreateTable, Field(body, "relation"));
    c.if_exists = BoolField(body, "if_not_exists");
    c.table_def.schema = c.schema;
    c.table_def.name = c.object;
    for (const auto& elt : Field(body, "tableElts")) {
      if (JsonNode def = Get(elt, "ColumnDef")) {
        c.table_def.columns.push_back(ColumnFrom(def, &c.table_def.constraints));
        SerialSequence(c.schema, c.object, c.table_def.columns.back());
      } else if (JsonNode k = Get(elt, "Constraint")) {
        Constraint made = ConstraintFrom(k, "");
        if (!made.exclusion) c.table_def.constraints.push_back(made);  // see Constraint::exclusion
      } else if (JsonNode like = Get(elt, "TableLikeClause")) {
        Like(like, c, &like_indexes);
      }
    }
    if (Get(body, "inhRelations") || Get(body, "partbound")) c.table_def.columns_unknown = true;
    c.table_def.partitioned = static_cast<bool>(Get(body, "partspec"));
    for (const auto& k : c.table_def.constraints) {
      if (k.kind != Constraint::Kind::kPrimaryKey) continue;
      for (const auto& col : k.columns) {
        if (Column* p = c.table_def.FindColumn(col)) p->not_null = true;
      }
    }
    return WithIndexes(c, like_indexes);
  }

  std::vector<Change> CreateTableAs(const JsonNode& body) {
    const JsonNode& rel = Field(Field(body, "into"), "rel");
    if (StrField(body, "objtype") == "OBJECT_MATVIEW") {
      Change c = FromRangeVar(ChangeKind::kCreateView, rel);
      c.view_def.materialized = true;
      return {c};
    }
    Change c = FromRangeVar(ChangeKind::kCreateTable, rel);
    c.if_exists = BoolField(body, "if_not_exists");
    c.table_def.schema = c.schema;
    c.table_def.name = c.object;
    c.table_def.columns_unknown = true;
    return {c};
  }

  std::vector<Change> AlterTable(const JsonNode& body) {
    const std::string objtype = StrField(body, "objtype");
    if (objtype == "OBJECT_TYPE") {
      // ALTER TYPE t ADD / DROP / ALTER ATTRIBUTE: the model stops knowing t's attributes.
      Change c = FromRangeVar(ChangeKind::kOther, Field(body, "relation"));
      c.detail = kAlterAttributes;
      return {c};
    }
    if (!objtype.empty() && objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE") return {Other()};
    const Change base = FromRangeVar(ChangeKind::kOther, Field(body, "relation"));
    std::vector<Change> out;
    for (const auto& item : Field(body, "cmds")) {
      const JsonNode& cmd = Field(item, "AlterTableCmd");
      const std::string sub = StrField(cmd, "subtype");
      Change c = base;
      c.column = StrField(cmd, "name");
      c.if_exists = BoolField(cmd, "missing_ok");
      c.cascade = StrField(cmd, "behavior") == "DROP_CASCADE";
      const JsonNode& def = Field(cmd, "def");
      if (sub == "AT_AddColumn") {
        c.kind = ChangeKind::kAddColumn;
        std::vector<Constraint> constraints;
        c.def = ColumnFrom(Field(def, "ColumnDef"), &constraints);
        SerialSequence(c.schema, c.object, c.def);
        out.push_back(c);
        for (const auto& k : constraints) {
          Change kc = base;
          kc.kind = ChangeKind::kAddConstraint;
          kc.constraint = k;
          out.push_back(kc);
        }
        continue;
      }
      if (sub == "AT_DropColumn") {
        c.kind = ChangeKind::kDropColumn;
      } else if (sub == "AT_AlterColumnType") {
        c.kind = ChangeKind::kAlterColumnType;
        const JsonNode& cd = Field(def, "ColumnDef");
        c.def.name = c.column;
        c.def.type = TypeText(Field(cd, "typeName"));
        if (Get(cd, "raw_default")) c.using_expr = Expr(Field(cd, "raw_default"));
      } else if (sub == "AT_SetNotNull") {
        c.kind = ChangeKind::kSetNotNull;
      } else if (sub == "AT_DropNotNull") {
        c.kind = ChangeKind::kDropNotNull;
      } else if (sub == "AT_ColumnDefault") {
        if (def.empty()) {
          c.kind = ChangeKind::kDropDefault;
        } else {
          c.kind = ChangeKind::kSetDefault;
          c.def.has_default = true;
          c.def.default_expr = Expr(def);
          c.def.default_volatile = IsVolatile(def);
          c.def.default_refs = DefaultRefs(def);
        }
      } else if (sub == "AT_AddConstraint") {
        c.kind = ChangeKind::kAddConstraint;
        const JsonNode& k = Field(def, "Constraint");
        c.constraint = ConstraintFrom(k, "");
        // ADD PRIMARY KEY / UNIQUE USING INDEX only promotes an index that already enforces it.
        if (!StrField(k, "indexname").empty()) c.detail = "using index " + StrField(k, "indexname");
        if (!IsConstraintNode(StrField(k, "contype")) && !c.constraint.exclusion) c.kind = ChangeKind::kOther;
      } else if (sub == "AT_DetachPartition") {
        c.kind = ChangeKind::kDetachPartition;
        const JsonNode& cmd = Field(def, "PartitionCmd");
        c.new_name = Qualified(StrField(Field(cmd, "name"), "schemaname"), StrField(Field(cmd, "name"), "relname"));
        c.concurrently = BoolField(cmd, "concurrent");
      } else if (sub == "AT_AddIdentity") {
        c.kind = ChangeKind::kAddIdentity;
        c.detail = StrField(Field(def, "Constraint"), "generated_when") == "a" ? "always" : "by default";
      } else if (sub == "AT_DropExpression") {
        // A generated column becomes an ordinary one that inserts leaving it out set to NULL.
        c.kind = ChangeKind::kDropDefault;
        c.detail = "expression";
      } else if (sub == "AT_DropIdentity") {
        // The column keeps NOT NULL and loses what filled it: inserts that leave it out now fail.
        c.kind = ChangeKind::kDropDefault;
        c.detail = "identity";
      } else if (sub == "AT_SetIdentity") {
        // SET GENERATED ALWAYS / BY DEFAULT, RESTART [WITH n] (and other sequence options, which
        // change nothing here).
        c.kind = ChangeKind::kOther;
        const JsonNode items = Field(Field(def, "List"), "items");
        for (const auto& item : items) {
          const JsonNode& d = Field(item, "DefElem");
          if (StrField(d, "defname") != "generated") continue;
          const JsonNode& ival = Field(Field(Field(d, "arg"), "Integer"), "ival");
          c.kind = ChangeKind::kAddIdentity;
          c.detail = ival.is_integer() && ival.Int() == 'a' ? "set always" : "set by default";
        }
        if (const std::optional<std::string> restart = Restart(items)) {
          Change r = c;
          r.kind = ChangeKind::kRestartSequence;
          r.detail = *restart;
          if (c.kind == ChangeKind::kOther) {
            c = r;
          } else {
            out.push_back(r);
          }
        }
      } else if (sub == "AT_ValidateConstraint") {
        c.kind = ChangeKind::kValidateConstraint;
      } else if (sub == "AT_DropConstraint") {
        c.kind = ChangeKind::kDropConstraint;
      } else if (sub == "AT_EnableRowSecurity" || sub == "AT_ForceRowSecurity") {
        c.kind = ChangeKind::kRestrictAccess;
        c.detail = "row level security";
        c.values = {sub == "AT_ForceRowSecurity" ? "FORCE" : "ENABLE"};
      } else if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged" || sub == "AT_SetAccessMethod" ||
                 sub == "AT_SetTableSpace") {
        c.kind = ChangeKind::kTableRewrite;
        c.detail = sub == "AT_SetTableSpace" ? "SET TABLESPACE"
                   : sub == "AT_SetLogged"   ? "SET LOGGED"
                   : sub == "AT_SetUnLogged" ? "SET UNLOGGED"
                                             : "SET ACCESS METHOD";
      } else {
        c.kind = ChangeKind::kOther;
      }
      out.push_back(c);
    }
    if (out.empty()) out.push_back(Other());
    return out;
  }

  std::vector<Change> Rename(const JsonNode& body) {
    const std::string type = StrField(body, "renameType");
    const JsonNode& rel = Field(body, "relation");
    Change c;
    c.schema = StrField(rel, "schemaname");
    c.object = StrField(rel, "relname");
    c.new_name = StrField(body, "newname");
    c.if_exists = BoolField(body, "missing_ok");
    if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE") {
      c.kind = ChangeKind::kRenameTable;
    } else if (type == "OBJECT_COLUMN") {
      // ALTER VIEW v RENAME COLUMN a TO b (or ALTER TABLE naming a view): a view's column.
      const bool view = StrField(body, "relationType") == "OBJECT_VIEW" ||
                        StrField(body, "relationType") == "OBJECT_MATVIEW" ||
                        (model_.FindView(c.schema, c.object) && !model_.FindTable(c.schema, c.object));
      c.kind = view ? ChangeKind::kRenameView : ChangeKind::kRenameColumn;
      c.column = StrField(body, "subname");
    } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
      c.kind = ChangeKind::kRenameView;
    } else if (type == "OBJECT_INDEX") {
      c.kind = ChangeKind::kRenameIndex;
    } else if (type == "OBJECT_SCHEMA") {
      c.kind = ChangeKind::kRenameSchema;
      c.object = StrField(body, "subname");
    } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
      c.kind = ChangeKind::kRenameType;
      const JsonNode& obj = Field(body, "object");
      std::vector<std::string> names = StringList(Field(Field(obj, "List"), "items"));
      if (names.empty()) names = StringList(Field(Field(obj, "TypeName"), "names"));
      SchemaAndName(names, &c.schema, &c.object);
    } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
      c.kind = ChangeKind::kDropRoutine;
      SchemaAndName(StringList(Field(Field(Field(body, "object"), "ObjectWithArgs"), "objname")), &c.schema, &c.object);
      c.is_procedure = type == "OBJECT_PROCEDURE";
    } else {
      c.kind = ChangeKind::kOther;
      if (type == "OBJECT_ATTRIBUTE") c.detail = kAlterAttributes;
    }
    return {c};
  }

  std::vector<Change> Drop(const JsonNode& body) {
    const std::string type = StrField(body, "removeType");
    std::vector<Change> out;
    for (const auto& obj : Field(body, "objects")) {
      Change c;
      c.if_exists = BoolField(body, "missing_ok");
      c.cascade = StrField(body, "behavior") == "DROP_CASCADE";
      c.concurrently = BoolField(body, "concurrent");
      std::vector<std::string> names;
      if (JsonNode list = Get(obj, "List")) names = StringList(Field(list, "items"));
      if (Get(obj, "String")) names = {StringNode(obj)};
      if (JsonNode tn = Get(obj, "TypeName")) names = StringList(Field(tn, "names"));
      if (JsonNode ow = Get(obj, "ObjectWithArgs")) names = StringList(Field(ow, "objname"));
      SchemaAndName(names, &c.schema, &c.object);
      if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE") {
        c.kind = ChangeKind::kDropTable;
      } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
        c.kind = ChangeKind::kDropView;
      } else if (type == "OBJECT_INDEX") {
        c.kind = ChangeKind::kDropIndex;
      } else if (type == "OBJECT_SCHEMA") {
        c.kind = ChangeKind::kDropSchema;
        c.schema.clear();
      } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        c.kind = ChangeKind::kDropType;
      } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
        c.kind = ChangeKind::kDropRoutine;
        c.is_procedure = type == "OBJECT_PROCEDURE";
      } else if (type == "OBJECT_SEQUENCE") {
        c.kind = ChangeKind::kDropSequence;
      } else if (type == "OBJECT_TRIGGER" && names.size() >= 2) {
        // DROP TRIGGER t ON [schema.]table: the list is the table's name, then the trigger's.
        c.kind = ChangeKind::kDropTrigger;
        c.column = names.back();
        names.pop_back();
        SchemaAndName(names, &c.schema, &c.object);
      } else {
        c.kind = ChangeKind::kOther;
      }
      out.push_back(c);
    }
    if (out.empty()) out.push_back(Other());
    return out;
  }

  std::vector<Change> CreateIndex(const JsonNode& body) {
    Change c = FromRangeVar(ChangeKind::kCreateIndex, Field(body, "relation"));
    c.only = !BoolField(Field(body, "relation"), "inh");
    c.index.table = c.object;
    c.index.unique = BoolField(body, "unique");
    c.concurrently = BoolField(body, "concurrent");
    c.if_exists = BoolField(body, "if_not_exists");
    for (const auto& p : Field(body, "indexParams")) {
      std::string name = StrField(Field(p, "IndexElem"), "name");
      if (!name.empty()) c.index.columns.push_back(name);
    }
    c.index.name = StrField(body, "idxname");
    if (c.index.name.empty()) {
      c.index.name = c.object;
      for (const auto& col : c.index.columns) c.index.name += "_" + col;
      c.index.name += "_idx";
    }
    return {c};
  }

  // The view's columns from its select list (the first branch of a UNION), named as PostgreSQL names
  // them: the alias, the column shown, the function called; types from casts, or from the column.
  static void ViewOutputs(const JsonNode& body, View* v) {
    JsonNode select = Get(Field(body, "query"), "SelectStmt");
    while (select && !Get(select, "targetList") && Get(select, "larg")) select = Field(select, "larg");
    if (!select || !Get(select, "targetList")) return;
    v->outputs_known = true;
    for (const auto& item : Field(select, "targetList")) {
      const JsonNode& rt = Field(item, "ResTarget");
      JsonNode val = Field(rt, "val");
      Column out;
      std::string source;
      if (JsonNode cast = Get(val, "TypeCast")) {
        out.type = TypeText(Field(cast, "typeName"));
        val = Field(cast, "arg");
      }
      if (JsonNode ref = Get(val, "ColumnRef")) {
        const JsonNode& fields = Field(ref, "fields");
        if (fields.is_array() && !fields.empty() && Get(fields[fields.size() - 1], "A_Star")) {
          v->star = true;
          if (fields.size() > 1 || !StrField(rt, "name").empty()) {
            v->outputs_known = false;  // t.* of a join: which table's columns is not followed
            return;
          }
          out.name = "*";
        } else {
          auto names = StringList(fields);
          if (!names.empty()) source = out.name = names.back();
          if (!out.type.empty()) source.clear();  // a cast shows another type
        }
      } else if (JsonNode fn = Get(val, "FuncCall")) {
        auto names = StringList(Field(fn, "funcname"));
        if (!names.empty()) out.name = names.back();
      }
      if (!StrField(rt, "name").empty()) out.name = StrField(rt, "name");
      v->outputs.push_back(out);
      v->output_sources.push_back(source);
    }
    // CREATE VIEW v (a, b) AS ...: the list names the columns.
    const std::vector<std::string> aliases = StringList(Field(body, "aliases"));
    for (size_t i = 0; i < aliases.size() && i < v->outputs.size(); ++i) {
      if (v->outputs[i].name == "*") {
        v->outputs_known = false;
        return;
      }
      v->outputs[i].name = aliases[i];
    }
  }

  std::vector<Change> CreateView(const JsonNode& body) {
    Change c = FromRangeVar(ChangeKind::kCreateView, Field(body, "view"));
    c.or_replace = BoolField(body, "replace");
    std::set<std::string> tables, columns;
    Walk(Field(body, "query"), [&](std::string_view k, const JsonNode& v) {
      if (k == "RangeVar") tables.insert(Qualified(StrField(v, "schemaname"), StrField(v, "relname")));
      if (k == "ColumnRef") {
        auto f = StringList(Field(v, "fields"));
        if (!f.empty() && !f.back().empty()) columns.insert(f.back());
        const JsonNode& fields = Field(v, "fields");
        if (fields.is_array() && !fields.empty() && Get(fields[fields.size() - 1], "A_Star")) c.view_def.star = true;
      }
    });
    c.view_def.tables.assign(tables.begin(), tables.end());
    c.view_def.columns.assign(columns.begin(), columns.end());
    ViewOutputs(body, &c.view_def);
    return {c};
  }

  const Model& model_;
};

}  // namespace

bool DefaultIsVolatile(std::string_view sql) {
  // The parser reads the expression as a SELECT's one target, as pg_get_expr prints it.
  PgQueryParseResult result = pg_query_parse(("SELECT " + std::string(sql)).c_str());
  bool found = false;
  if (!result.error && result.parse_tree) {
    JsonTree tree;
    found = tree.Parse(result.parse_tree) && IsVolatile(tree.root());
  }
  pg_query_free_parse_result(result);
  return found;
}

namespace {

constexpr std::size_t kLargeInsert = std::size_t{1} << 20;

// The words of a statement's head, for a statement the parser refused: bare words (lowercased) and
// "quoted" identifiers (as written, without the quotes), then "." between qualified names.
// Comments and blanks are skipped; anything else ends the head.
std::vector<std::string> HeadWords(std::string_view s, size_t max_words) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size() && out.size() < max_words) {
    const char ch = s[i];
    if (sql::scan::IsBlank(ch)) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      const size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
    } else if (ch == '"') {
      const size_t end = sql::scan::SkipQuoted(s, i, '"', false);
      std::string word(s.substr(i + 1, end - i - 2));
      for (size_t at = word.find("\"\""); at != std::string::npos; at = word.find("\"\"", at + 1)) word.erase(at, 1);
      out.push_back(std::move(word));
      i = end;
    } else if (ch == '.') {
      out.emplace_back(".");
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
      const size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$')) ++i;
      out.push_back(Lower(s.substr(start, i - start)));
    } else {
      break;
    }
  }
  return out;
}

// CREATE [UNLOGGED] TABLE [IF NOT EXISTS] [schema.]name ..., read from the words of a statement the
// parser refused (syntax of a newer PostgreSQL than the bundled parser, say): the table it creates,
// with its columns unknown, so that later statements of the release know it as new rather than
// as a released table. Temporary tables are not the schema's, and a table the model already holds
// is left as it is (IF NOT EXISTS keeps it; without, the statement fails).
std::optional<Change> CreatedTable(std::string_view text, const Model& model) {
  const std::vector<std::string> w = HeadWords(text, 10);
  size_t i = 0;
  auto is = [&](const char* word) { return i < w.size() && w[i] == word; };
  if (!is("create")) return std::nullopt;
  ++i;
  if (is("unlogged")) ++i;
  if (!is("table")) return std::nullopt;
  ++i;
  if (is("if") && i + 2 < w.size() && w[i + 1] == "not" && w[i + 2] == "exists") i += 3;
  if (i >= w.size() || w[i] == ".") return std::nullopt;
  Change c;
  c.kind = ChangeKind::kCreateTable;
  c.object = w[i];
  if (i + 2 < w.size() && w[i + 1] == ".") {
    c.schema = w[i];
    c.object = w[i + 2];
  }
  c.table_def.schema = c.schema;
  c.table_def.name = c.object;
  c.table_def.columns_unknown = true;
  if (model.FindTable(c.schema, c.object) || model.FindView(c.schema, c.object)) return std::nullopt;
  return c;
}

// The parser's verdict on `sql` without building the JSON tree: "" when it is one statement,
// "+" when it is several, else the parser's message.
std::string CheckSyntax(const std::string& sql) {
  PgQuerySplitResult split = pg_query_split_with_parser(sql.c_str());
  std::string verdict = split.error ? std::string("PostgreSQL parser: ") +
                                          (split.error->message ? split.error->message : "error")
                        : split.n_stmts == 1 ? ""
                                             : "+";
  pg_query_free_split_result(split);
  return verdict;
}

// A data load (a multi-row INSERT of many megabytes) changes nothing the model holds, and even the
// parser's raw tree of it is several times its size. Its rows are independent in the grammar
// (values_clause: '(' expr_list ')' [',' ...]), so the syntax is checked one slice of rows at a
// time: the statement's head, about a megabyte of its rows as written, and the tail after the
// last row with the last slice. The parser's answer is the one it gives the whole statement.
// nullopt when the statement is not of that shape (INSERT ... SELECT): the caller parses it whole.
std::optional<std::string> CheckLargeInsert(std::string_view text) {
  const std::optional<sql::ValuesRows> rows = sql::PostgresValuesRows(text);
  if (!rows || text.size() - rows->tail_start > kLargeInsert) return std::nullopt;
  const std::string_view head = text.substr(0, rows->rows_start);
  std::size_t first = 0;  // the slice's first row
  std::string slice;
  for (std::size_t r = 0; r < rows->rows.size(); ++r) {
    const bool last = r + 1 == rows->rows.size();
    if (!last && rows->rows[r + 1].second - rows->rows[first].first < kLargeInsert) continue;
    const std::size_t begin = rows->rows[first].first;
    slice.assign(head).append(" ").append(text.substr(begin, rows->rows[r].second - begin));
    if (last) slice.append(" ").append(text.substr(rows->tail_start));
    std::string verdict = CheckSyntax(slice);
    if (!verdict.empty()) return verdict;
    first = r + 1;
  }
  return std::string();
}

}  // namespace

std::vector<Change> ParsePostgres(std::string_view text, const Model& model) {
  Change unparsed;
  unparsed.kind = ChangeKind::kUnparsed;
  try {
    // A large INSERT: only its kind matters to the rules (no rule reads an INSERT's table or rows).
    if (text.size() > kLargeInsert && FirstKeyword(text) == "INSERT") {
      if (std::optional<std::string> verdict = CheckLargeInsert(text)) {
        if (verdict->empty()) {
          Change c;
          c.kind = ChangeKind::kDml;
          c.detail = "Insert";
          return {c};
        }
        if (*verdict != "+") {
          unparsed.detail = std::move(*verdict);
          return {unparsed};
        }
      }
    }
    std::string owned(text);
    PgQueryParseResult result = pg_query_parse(owned.c_str());
    if (result.error) {
      unparsed.detail = std::string("PostgreSQL parser: ") + (result.error->message ? result.error->message : "error");
      pg_query_free_parse_result(result);
      if (std::optional<Change> created = CreatedTable(text, model)) return {unparsed, *created};
      return {unparsed};
    }
    JsonTree tree;
    const bool read = tree.Parse(result.parse_tree ? result.parse_tree : "{}");
    pg_query_free_parse_result(result);
    if (!read) {
      unparsed.detail = "PostgreSQL parser returned an unreadable tree";
      return {unparsed};
    }
    PgParser parser(model);
    std::vector<Change> out;
    for (const auto& raw : Field(tree.root(), "stmts")) {
      for (auto& c : parser.Statement(Field(raw, "stmt"))) out.push_back(std::move(c));
    }
    if (out.empty()) out.push_back(Change{});
    return out;
  } catch (const std::exception& e) {
    unparsed.detail = std::string("PostgreSQL front end: ") + e.what();
    return {unparsed};
  }
}

namespace {

// The routines (by model key) a SELECT, CALL or PERFORM invokes, in the order they appear.
std::vector<std::string> CalledRoutines(const std::string& text, const Model& model) {
  std::vector<std::string> out;
  PgQueryParseResult result = pg_query_parse(text.c_str());
  if (!result.error && result.parse_tree) {
    JsonTree tree;
    if (tree.Parse(result.parse_tree)) {
      Walk(tree.root(), [&](std::string_view k, const JsonNode& v) {
        // CALL's FuncCall is a bare struct under "funccall", not a node.
        const JsonNode call = k == "FuncCall" ? v : k == "CallStmt" ? Field(v, "funccall") : JsonNode();
        if (!call) return;
        std::string schema, name;
        SchemaAndName(StringList(Field(call, "funcname")), &schema, &name);
        out.push_back(model.Key(schema, name));
      });
    }
  }
  pg_query_free_parse_result(result);
  return out;
}

// Analyses the code a migration runs: the statements of a DO block, and those of a PL/pgSQL
// function or procedure when a later statement (SELECT f(), CALL p(), PERFORM) calls it. Their
// changes are the calling statement's. Dynamic SQL that cannot be resolved is an unparsed change
// naming the routine and the line, never silence.
class PostgresFrontend final : public Frontend {
 public:
  std::vector<Change> Parse(const sql::Statement& st, const Model& model) override {
    std::vector<std::string> stack;
    return Analyse(st.text, st.line, model, stack);
  }

 private:
  struct Routine {
    std::string label;  ///< "function setup()"
    PlpgsqlBody body;
  };

  std::vector<Change> Analyse(const std::string& text, int line, const Model& model,
                              std::vector<std::string>& stack) {
    std::vector<Change> out = ParsePostgres(text, model);
    if (out.size() == 1 && out[0].kind == ChangeKind::kUnparsed && out[0].routine == "DO block") {
      out[0].routine.clear();
      PlpgsqlBody body = ReadPlpgsql(text);
      if (!body.ok) {  // not PL/pgSQL (DO LANGUAGE plperl ...), or a body with an error
        out[0].detail += " (PL/pgSQL parser: " + body.error + ")";
        return out;
      }
      const int body_line = line + BodyLineOffset(text);
      out.clear();
      Run(body, "DO block", body_line, model, stack, out);
      if (out.empty()) out.push_back(Change{});
      return out;
    }
    for (const auto& c : out) {
      if (c.kind == ChangeKind::kCreateRoutine) {
        PlpgsqlBody body = c.detail == "plpgsql" ? ReadPlpgsql(text) : c.language == "sql" ? SqlBody(c.body) : PlpgsqlBody{};
        const std::string key = model.Key(c.schema, c.object);
        const std::string label =
            std::string(c.is_procedure ? "procedure " : "function ") + Qualified(c.schema, c.object) + "()";
        if (body.ok && !body.statements.empty()) {
          routines_[key] = {label, std::move(body)};
        } else if (!body.ok && !c.language.empty() && c.language != "c" && c.language != "internal" &&
                   c.language != "sql" && c.language != "plpgsql") {
          // PL/Python, PL/Perl, PL/v8...: whatever it runs when called is unknown, and said so.
          PlpgsqlStatement opaque;
          opaque.foreign_language = c.language;
          routines_[key] = {label, PlpgsqlBody{true, "", {opaque}}};
        } else {
          routines_.erase(key);  // redefined in SQL or another language: no longer the body we knew
        }
      }
    }
    bool calls = false;
    for (const auto& c : out) {
      calls = calls || (c.kind == ChangeKind::kDml && (c.detail == "Select" || c.detail == "Call"));
    }
    if (!calls || routines_.empty()) return out;
    for (const auto& key : CalledRoutines(text, model)) {
      auto it = routines_.find(key);
      if (it == routines_.end()) continue;
      if (std::find(stack.begin(), stack.end(), key) != stack.end()) continue;  // recursion: analysed once
      stack.push_back(key);
      Run(it->second.body, it->second.label, 0, model, stack, out);
      stack.pop_back();
    }
    return out;
  }

  // `body_line` is the file line where the body opens, or 0 when the body is in another statement
  // (a routine created earlier), whose lines are then given within the body.
  void Run(const PlpgsqlBody& body, const std::string& label, int body_line, const Model& model,
           std::vector<std::string>& stack, std::vector<Change>& out) {
    for (const auto& s : body.statements) {
      const std::string where = body_line > 0 ? label + " at line " + std::to_string(body_line + s.line - 1)
                                              : label + ", line " + std::to_string(s.line) + " of its body";
      if (!s.foreign_language.empty()) {
        Change c;
        c.kind = ChangeKind::kUnparsed;
        c.routine = label;
        c.detail = "the " + label + " is in LANGUAGE " + s.foreign_language +
                   ", which lint cannot read: what it changes when it runs is not known";
        out.push_back(std::move(c));
        continue;
      }
      if (s.dynamic) {
        Change c;
        c.kind = ChangeKind::kUnparsed;
        c.routine = label;
        c.detail = "dynamic SQL in the " + where + (body_line > 0 ? "" : ",") + " cannot be resolved: EXECUTE " +
                   Shorten(s.sql);
        out.push_back(std::move(c));
        continue;
      }
      for (auto& c : Analyse(s.sql, body_line > 0 ? body_line + s.line - 1 : 0, model, stack)) {
        // What the body computes or controls leaves the schema as it is.
        if (c.kind == ChangeKind::kOther || c.kind == ChangeKind::kDml || c.kind == ChangeKind::kBegin ||
            c.kind == ChangeKind::kCommit) {
          continue;
        }
        if (c.routine.empty()) c.routine = label;
        if (c.kind == ChangeKind::kUnparsed) c.detail = "in the " + where + ": " + c.detail;
        out.push_back(std::move(c));
      }
    }
  }

  // A LANGUAGE sql body: plain statements, which run in order when the routine is called.
  static PlpgsqlBody SqlBody(const std::string& text) {
    PlpgsqlBody body;
    std::optional<sql::SplitProblem> problem;
    for (auto& st : sql::SplitPostgres(text, &problem)) body.statements.push_back({st.line, std::move(st.text), false});
    body.ok = !problem;
    if (problem) body.statements.clear();
    return body;
  }

  // Lines between the statement's start and the line where its body's dollar quote opens.
  static int BodyLineOffset(const std::string& text) {
    size_t at = text.find('$');
    if (at == std::string::npos) at = text.find('\'');
    if (at == std::string::npos) return 0;
    return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  }

  static std::string Shorten(const std::string& sql) {
    std::string one;
    for (char ch : sql) one += (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
    return one.size() > 80 ? one.substr(0, 77) + "..." : one;
  }

  std::map<std::string, Routine> routines_;
};

}  // namespace

std::unique_ptr<Frontend> MakePostgresFrontend() { return std::make_unique<PostgresFrontend>(); }

}  // namespace shiftway::schema
