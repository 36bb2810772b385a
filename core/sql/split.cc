// TEMPORARY stand-in for the dialect splitters, so the linter links before they land.
// The sql-splitters branch provides the real core/sql/split.cc (Split, SplitPostgres, SplitMysql);
// on merge, take that file and delete this one. Every dialect uses the SQLite splitter here, which
// is right for plain DDL but does not know PostgreSQL dollar quotes or MySQL DELIMITER.
#include "core/sql/statement.h"

namespace shiftway::sql {

std::vector<Statement> SplitPostgres(std::string_view text) { return SplitSqlite(text); }
std::vector<Statement> SplitMysql(std::string_view text) { return SplitSqlite(text); }

std::vector<Statement> Split(Dialect dialect, std::string_view text) {
  switch (dialect) {
    case Dialect::kPostgres: return SplitPostgres(text);
    case Dialect::kMysql: return SplitMysql(text);
    case Dialect::kSqlite: break;
  }
  return SplitSqlite(text);
}

}  // namespace shiftway::sql
