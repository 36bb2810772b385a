// The actions of one ALTER TABLE statement, so split can keep the ones it does not rewrite.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/sql/statement.h"

namespace shiftway::split {

/// `ALTER TABLE name action, action, ...` taken apart: the table as written and each action's
/// text, in order.
struct AlterActions {
  std::string head;                  ///< the text before the table's name ("ALTER TABLE ONLY ")
  std::string table;                 ///< as written, quotes and schema included
  std::vector<std::string> actions;  ///< each action as written, trimmed
  /// MySQL/MariaDB ALGORITHM= and LOCK= options: how to run the statement, not changes; kept with
  /// each action written again.
  std::vector<std::string> options;
};

/// Splits a PostgreSQL or MySQL/MariaDB ALTER TABLE at its top-level commas. nullopt when `text`
/// is not an ALTER TABLE split can take apart (a partition clause, a comment between actions).
std::optional<AlterActions> SplitAlterTable(sql::Dialect d, const std::string& text);

}  // namespace shiftway::split
