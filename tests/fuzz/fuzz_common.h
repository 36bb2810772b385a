// What every fuzz harness checks about a split: statements in order, each one a slice of the
// input at its offset, and line/column agreeing with the offset; and the StatementList migrate
// runs from gives back exactly the same statements.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql/statement.h"
#include "core/sql/statement_list.h"

namespace shiftway::fuzz {

inline void Check(bool ok) {
  if (!ok) std::abort();
}

/// Splits `text` for `dialect` and aborts when a statement is not where it says it is.
inline std::vector<sql::Statement> CheckedSplit(sql::Dialect dialect, std::string_view text) {
  std::optional<sql::SplitProblem> problem;
  std::vector<sql::Statement> statements = sql::Split(dialect, text, &problem);
  size_t previous_end = 0;
  for (const auto& st : statements) {
    Check(!st.text.empty());
    Check(st.offset >= previous_end && st.offset + st.text.size() <= text.size());
    Check(text.substr(st.offset, st.text.size()) == st.text);
    Check(st.line >= 1 && st.column >= 1);
    previous_end = st.offset + st.text.size();
  }
  if (problem) Check(problem->offset < text.size() && problem->line >= 1 && problem->column >= 1);
  const std::string owned(text);
  std::optional<sql::SplitProblem> list_problem;
  const sql::StatementList list = sql::StatementList::Borrow(dialect, owned, &list_problem);
  Check(list.size() == statements.size());
  Check(list_problem.has_value() == problem.has_value());
  for (size_t i = 0; i < statements.size(); ++i) {
    const sql::Statement st = list[i];
    Check(st.text == statements[i].text && st.line == statements[i].line && st.column == statements[i].column &&
          st.offset == statements[i].offset && st.has_copy_data == statements[i].has_copy_data &&
          st.copy_data == statements[i].copy_data);
  }
  return statements;
}

}  // namespace shiftway::fuzz
