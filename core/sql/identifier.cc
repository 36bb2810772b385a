// Identifiers in the SQL shiftway writes: bare when the database reads them back unchanged.
#include "core/sql/identifier.h"

#include <pg_query.h>
#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <cctype>

#include "core/base/strings.h"

namespace shiftway::sql {
namespace {

// The words MySQL 8.0 or MariaDB 10.11 refuses as a bare table or column name: MySQL's reserved
// words (its manual's list marked R) and the keywords MariaDB refuses in `CREATE TABLE w (w int)`
// (tests/conformance checks the MariaDB side against the server's information_schema.KEYWORDS).
// Sorted, for binary search.
constexpr std::string_view kMysqlReserved[] = {
    "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE", "BEFORE", "BETWEEN",
    "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER",
    "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CUBE",
    "CUME_DIST", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR",
    "DATABASE", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL",
    "DECLARE", "DEFAULT", "DELAYED", "DELETE", "DELETE_DOMAIN_ID", "DENSE_RANK", "DESC", "DESCRIBE",
    "DETERMINISTIC", "DISTINCT", "DISTINCTROW", "DIV", "DOUBLE", "DO_DOMAIN_IDS", "DROP", "DUAL", "EACH", "ELSE",
    "ELSEIF", "EMPTY", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE", "FETCH",
    "FIRST_VALUE", "FLOAT", "FLOAT4", "FLOAT8", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "FUNCTION",
    "GENERATED", "GET", "GRANT", "GROUP", "GROUPING", "GROUPS", "HAVING", "HIGH_PRIORITY", "HOUR_MICROSECOND",
    "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IGNORE_DOMAIN_IDS", "IN", "INDEX", "INFILE", "INNER", "INOUT",
    "INSENSITIVE", "INSERT", "INT", "INT1", "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERSECT", "INTERVAL",
    "INTO", "IO_AFTER_GTIDS", "IO_BEFORE_GTIDS", "IS", "ITERATE", "JOIN", "JSON_TABLE", "KEY", "KEYS", "KILL",
    "LAG", "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES",
    "LOAD", "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY",
    "MASTER_BIND", "MASTER_DEMOTE_TO_REPLICA", "MASTER_DEMOTE_TO_SLAVE", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH",
    "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT", "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND", "MOD",
    "MODIFIES", "NATURAL", "NOT", "NO_WRITE_TO_BINLOG", "NTH_VALUE", "NTILE", "NULL", "NUMERIC", "OF", "OFFSET",
    "ON", "OPTIMIZE", "OPTIMIZER_COSTS", "OPTION", "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER",
    "PAGE_CHECKSUM", "PARSE_VCOL_EXPR", "PARTITION", "PERCENT_RANK", "PORTION", "PRECISION", "PRIMARY",
    "PROCEDURE", "PURGE", "QUALIFY", "RANGE", "RANK", "READ", "READS", "READ_WRITE", "REAL", "RECURSIVE",
    "REFERENCES", "REF_SYSTEM_ID", "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL",
    "RESTRICT", "RETURN", "RETURNING", "REVOKE", "RIGHT", "RLIKE", "ROW", "ROWS", "ROW_NUMBER", "SCHEMA",
    "SCHEMAS", "SECOND_MICROSECOND", "SELECT", "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SIGNAL", "SMALLINT",
    "SPATIAL", "SPECIFIC", "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT",
    "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL", "STARTING", "STATS_AUTO_RECALC", "STATS_PERSISTENT",
    "STATS_SAMPLE_PAGES", "STORED", "STRAIGHT_JOIN", "SYSTEM", "TABLE", "TERMINATED", "THEN", "TINYBLOB",
    "TINYINT", "TINYTEXT", "TO", "TRAILING", "TRIGGER", "TRUE", "UNDO", "UNION", "UNIQUE", "UNLOCK", "UNSIGNED",
    "UPDATE", "USAGE", "USE", "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR",
    "VARCHARACTER", "VARYING", "VIRTUAL", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE", "XOR",
    "YEAR_MONTH", "ZEROFILL",
};

bool Word(std::string_view name, bool (*first)(unsigned char), bool (*rest)(unsigned char)) {
  if (name.empty() || !first(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char c) { return rest(static_cast<unsigned char>(c)); });
}

// Parses without an error in libpg_query (PostgreSQL's grammar).
bool PgParses(const std::string& text) {
  PgQueryParseResult r = pg_query_parse(text.c_str());
  const bool ok = r.error == nullptr;
  pg_query_free_parse_result(r);
  return ok;
}

bool PgNeedsQuoting(std::string_view name) {
  auto first = [](unsigned char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  auto rest = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$'; };
  if (!Word(name, first, rest)) return true;
  // A table and column name (ColId) and a function name (type_function_name) both take a plain
  // identifier and an unreserved keyword, and no other kind of keyword takes both places.
  const std::string n(name);
  return !PgParses("CREATE TABLE " + n + " (" + n + " int)") || !PgParses("SELECT " + n + "()");
}

bool MysqlNeedsQuoting(std::string_view name) {
  auto first = [](unsigned char c) { return std::isalpha(c) || c == '_' || c == '$'; };
  auto rest = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$'; };
  if (!Word(name, first, rest)) return true;
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return std::binary_search(std::begin(kMysqlReserved), std::end(kMysqlReserved), std::string_view(upper));
}

bool SqliteNeedsQuoting(std::string_view name) {
  auto first = [](unsigned char c) { return std::isalpha(c) || c == '_'; };
  auto rest = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
  if (!Word(name, first, rest)) return true;
  return sqlite3_keyword_check(name.data(), static_cast<int>(name.size())) != 0;
}

}  // namespace

bool NeedsQuoting(Dialect d, std::string_view name) {
  switch (d) {
    case Dialect::kPostgres: return PgNeedsQuoting(name);
    case Dialect::kMysql: return MysqlNeedsQuoting(name);
    case Dialect::kSqlite: return SqliteNeedsQuoting(name);
  }
  return true;
}

std::string Ident(Dialect d, std::string_view name) {
  if (!NeedsQuoting(d, name)) return std::string(name);
  return QuoteIdentifier(name, d == Dialect::kMysql ? '`' : '"');
}

std::string TableIdent(Dialect d, std::string_view qualified) {
  const size_t dot = qualified.find('.');
  if (dot == std::string_view::npos) return Ident(d, qualified);
  return Ident(d, qualified.substr(0, dot)) + "." + Ident(d, qualified.substr(dot + 1));
}

std::string Literal(std::string_view text) { return QuoteIdentifier(text, '\''); }

std::string IdentList(Dialect d, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + Ident(d, n);
  return out;
}

}  // namespace shiftway::sql
