// PL/pgSQL bodies through pg_query_parse_plpgsql: collect the SQL each body runs.
#include "core/schema/plpgsql.h"

#include <pg_query.h>

#include "core/schema/json_tree.h"

namespace shiftway::schema {
namespace {

std::string ExprQuery(const JsonNode& expr) { return expr.Find("PLpgSQL_expr").Find("query").String(); }

int LineOf(const JsonNode& stmt) {
  const JsonNode l = stmt.Find("lineno");
  return l.is_integer() ? static_cast<int>(l.Int()) : 1;
}

// 'text' with '' for quotes (and E'' is left to the dynamic path): the literal's value, or false.
bool PlainLiteral(const std::string& expr, std::string* out) {
  size_t b = expr.find_first_not_of(" \t\r\n");
  size_t e = expr.find_last_not_of(" \t\r\n");
  if (b == std::string::npos || expr[b] != '\'' || expr[e] != '\'' || e == b) return false;
  out->clear();
  for (size_t i = b + 1; i < e; ++i) {
    if (expr[i] == '\'') {
      if (i + 1 < e && expr[i + 1] == '\'') {
        out->push_back('\'');
        ++i;
        continue;
      }
      return false;  // 'a' || 'b': two literals, an expression
    }
    out->push_back(expr[i]);
  }
  return true;
}

// Depth-first, in document order: arrays keep their order, and the statement lists of one node
// (then/elsif/else, body/exceptions) are all visited.
void Collect(const JsonNode& node, std::vector<PlpgsqlStatement>& out, int depth) {
  if (depth > 200) return;
  if (node.is_array()) {
    for (const auto& v : node) Collect(v, out, depth + 1);
    return;
  }
  node.ForEachMember([&](std::string_view key, const JsonNode& v) {
    if (key == "PLpgSQL_stmt_execsql") {
      out.push_back({LineOf(v), ExprQuery(v.Find("sqlstmt")), false});
    } else if (key == "PLpgSQL_stmt_perform") {
      out.push_back({LineOf(v), ExprQuery(v.Find("expr")), false});
    } else if (key == "PLpgSQL_stmt_call") {
      out.push_back({LineOf(v), ExprQuery(v.Find("expr")), false});
    } else if (key == "PLpgSQL_stmt_dynexecute" || key == "PLpgSQL_stmt_dynfors") {
      const std::string expr = ExprQuery(v.Find("query"));
      PlpgsqlStatement s{LineOf(v), expr, true};
      std::string literal;
      if (PlainLiteral(expr, &literal)) {
        s.sql = literal;
        s.dynamic = false;
      }
      out.push_back(std::move(s));
      Collect(v, out, depth + 1);  // a FOR ... EXECUTE loop has a body
    } else if (key != "datums") {
      Collect(v, out, depth + 1);
    }
  });
}

}  // namespace

PlpgsqlBody ReadPlpgsql(std::string_view statement) {
  PlpgsqlBody body;
  std::string owned(statement);
  PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(owned.c_str());
  if (r.error) {
    body.error = r.error->message ? r.error->message : "PL/pgSQL parser error";
    pg_query_free_plpgsql_parse_result(r);
    return body;
  }
  JsonTree tree;
  const bool read = tree.Parse(r.plpgsql_funcs ? r.plpgsql_funcs : "[]");
  pg_query_free_plpgsql_parse_result(r);
  if (!read) {
    body.error = "the PL/pgSQL parser returned an unreadable tree";
    return body;
  }
  Collect(tree.root(), body.statements, 0);
  body.ok = true;
  return body;
}

}  // namespace shiftway::schema
