// Fuzzes the three lint front ends (libpg_query, the MySQL DDL parser, SQLite itself) with the
// model they build: the first byte picks the dialect, the rest is a migration. No crash, no
// exception, no hang.
#include <memory>

#include "core/schema/apply.h"
#include "core/schema/frontend.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using shiftway::sql::Dialect;
  const Dialect dialect = data[0] % 3 == 0 ? Dialect::kPostgres : data[0] % 3 == 1 ? Dialect::kMysql : Dialect::kSqlite;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto frontend = shiftway::schema::MakeFrontend(dialect);
  shiftway::schema::Model model;
  for (const auto& st : shiftway::fuzz::CheckedSplit(dialect, text)) {
    for (auto& change : frontend->Parse(st, model)) {
      shiftway::schema::Annotate(change, model, nullptr);
      shiftway::schema::Apply(change, model, nullptr);
    }
  }
  return 0;
}
