// Fuzzes the sqlite statement splitter: no crash, no hang, every statement where it says it is.
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  shiftway::fuzz::CheckedSplit(shiftway::sql::Dialect::kSqlite, std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
