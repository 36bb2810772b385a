// Picks the statement splitter for a dialect.
#include "core/sql/statement.h"

namespace shiftway::sql {

std::vector<Statement> Split(Dialect dialect, std::string_view text) {
  switch (dialect) {
    case Dialect::kSqlite:
      return SplitSqlite(text);
    case Dialect::kPostgres:
      return SplitPostgres(text);
    case Dialect::kMysql:
      return SplitMysql(text);
  }
  return {};
}

}  // namespace shiftway::sql
