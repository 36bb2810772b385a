// Picks the statement splitter for a dialect.
#include "core/sql/statement.h"

namespace shiftway::sql {

std::vector<Statement> Split(Dialect dialect, std::string_view text, std::optional<SplitProblem>* problem) {
  switch (dialect) {
    case Dialect::kSqlite:
      return SplitSqlite(text, problem);
    case Dialect::kPostgres:
      return SplitPostgres(text, problem);
    case Dialect::kMysql:
      return SplitMysql(text, problem);
  }
  return {};
}

}  // namespace shiftway::sql
