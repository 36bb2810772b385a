// PL/pgSQL bodies through pg_query_parse_plpgsql: collect the SQL each body runs.
#include "core/schema/plpgsql.h"

#include <pg_query.h>

#include <nlohmann/json.hpp>

namespace shiftway::schema {
namespace {

using nlohmann::json;

std::string ExprQuery(const json& expr) {
  auto e = expr.find("PLpgSQL_expr");
  if (e == expr.end() || !e->is_object()) return "";
  auto q = e->find("query");
  return q != e->end() && q->is_string() ? q->get<std::string>() : "";
}

int LineOf(const json& stmt) {
  auto l = stmt.find("lineno");
  return l != stmt.end() && l->is_number() ? l->get<int>() : 1;
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
void Collect(const json& node, std::vector<PlpgsqlStatement>& out, int depth) {
  if (depth > 200) return;
  if (node.is_array()) {
    for (const auto& v : node) Collect(v, out, depth + 1);
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "PLpgSQL_stmt_execsql") {
      out.push_back({LineOf(v), ExprQuery(v.value("sqlstmt", json::object())), false});
    } else if (key == "PLpgSQL_stmt_perform") {
      out.push_back({LineOf(v), ExprQuery(v.value("expr", json::object())), false});
    } else if (key == "PLpgSQL_stmt_call") {
      out.push_back({LineOf(v), ExprQuery(v.value("expr", json::object())), false});
    } else if (key == "PLpgSQL_stmt_dynexecute" || key == "PLpgSQL_stmt_dynfors") {
      const std::string expr = ExprQuery(v.value("query", json::object()));
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
  }
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
  json tree = json::parse(r.plpgsql_funcs ? r.plpgsql_funcs : "[]", nullptr, false);
  pg_query_free_plpgsql_parse_result(r);
  if (tree.is_discarded()) {
    body.error = "the PL/pgSQL parser returned an unreadable tree";
    return body;
  }
  Collect(tree, body.statements, 0);
  body.ok = true;
  return body;
}

}  // namespace shiftway::schema
