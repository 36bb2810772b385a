// Differential fuzzing of the PostgreSQL splitter against PostgreSQL's own scanner (libpg_query's
// pg_query_split_with_scanner): where the scanner reads the input without error, both must end
// statements at the same places. Inputs with what the scanner does not model are left out: a
// SQL-standard body (BEGIN ATOMIC), COPY data, psql's backslash commands, NUL bytes, and text that
// is not UTF-8 (shiftway decodes every file before splitting; the scanner stops at a bad byte).
#include <pg_query.h>

#include <algorithm>
#include <set>
#include <string>

#include "tests/fuzz/fuzz_common.h"

namespace {

bool HasWord(const std::string& lower, const char* word) { return lower.find(word) != std::string::npos; }

// Structural UTF-8 check, enough to keep bytes the scanner refuses out of the comparison.
bool IsUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

size_t TrimEnd(const std::string& text, size_t end) {
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' || text[end - 1] == '\r' ||
                     text[end - 1] == '\f' || text[end - 1] == '\v'))
    --end;
  return end;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (text.find('\0') != std::string::npos || text.find('\\') != std::string::npos || !IsUtf8(text)) return 0;
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (HasWord(lower, "atomic") || HasWord(lower, "copy")) return 0;
  // libpg_query counts parentheses without a floor, so a stray ')' (even after a '(' in a comment)
  // stops its splitting for good, where ours counts from zero: inputs with a ')' are left out,
  // and the unit tests cover ';' inside parentheses.
  if (text.find(')') != std::string::npos) return 0;

  std::optional<shiftway::sql::SplitProblem> problem;
  const auto ours = shiftway::sql::Split(shiftway::sql::Dialect::kPostgres, text, &problem);
  PgQuerySplitResult theirs = pg_query_split_with_scanner(text.c_str());
  if (theirs.error == nullptr) {
    // The scanner accepted the input, so nothing in it is unterminated.
    shiftway::fuzz::Check(!problem.has_value());
    std::set<size_t> our_ends, their_ends;
    for (const auto& st : ours) {
      // libpg_query drops a statement without a keyword ("1;"); the server would reject it.
      PgQuerySplitResult alone = pg_query_split_with_scanner(st.text.c_str());
      if (alone.error == nullptr && alone.n_stmts > 0) our_ends.insert(st.offset + st.text.size());
      pg_query_free_split_result(alone);
    }
    for (int i = 0; i < theirs.n_stmts; ++i) {
      const size_t begin = static_cast<size_t>(theirs.stmts[i]->stmt_location);
      const size_t end = TrimEnd(text, begin + static_cast<size_t>(theirs.stmts[i]->stmt_len));
      // A statement of comments only is no statement for us: our splitter finds none in it.
      if (end <= begin || shiftway::sql::Split(shiftway::sql::Dialect::kPostgres, text.substr(begin, end - begin)).empty()) continue;
      their_ends.insert(end);
    }
    shiftway::fuzz::Check(our_ends == their_ends);
  } else if (problem.has_value()) {
    // And the other way: what we call unterminated, the scanner rejects too.
    shiftway::fuzz::Check(theirs.error != nullptr);
  }
  pg_query_free_split_result(theirs);
  return 0;
}
