// Dispatch to the dialect's splitter.
#include "core/sql/statement.h"

namespace shiftway::sql {

std::vector<Statement> Split(Dialect dialect, std::string_view text) {
  // Until the PostgreSQL and MySQL splitters land, every dialect uses SQLite's.
  return SplitSqlite(text);
}

}  // namespace shiftway::sql
