// Fuzzes the postgres statement splitter: no crash, no hang, every statement where it says it is;
// and the scanner of an INSERT's VALUES rows (lint checks a large INSERT's syntax slice by slice):
// rows in order, inside the text, each a parenthesised group after VALUES and before the tail.
#include <cstdlib>

#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  shiftway::fuzz::CheckedSplit(shiftway::sql::Dialect::kPostgres, text);
  if (const auto rows = shiftway::sql::PostgresValuesRows(text)) {
    size_t at = rows->rows_start;
    if (rows->rows.empty() || rows->tail_start > text.size()) std::abort();
    for (const auto& [from, to] : rows->rows) {
      if (from < at || to <= from || to > rows->tail_start || text[from] != '(' || text[to - 1] != ')') std::abort();
      at = to;
    }
  }
  return 0;
}
