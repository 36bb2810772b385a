// Fuzzes the placeholder replacer: the first bytes choose the prefix and suffix (empty ones
// included), the rest is the migration text. No crash, no hang, and text without the prefix is
// returned as it is.
#include <string>

#include "core/migration/placeholders.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t prefix_len = static_cast<uint8_t>(in[0]) % 4, suffix_len = static_cast<uint8_t>(in[1]) % 3;
  in.remove_prefix(2);
  if (in.size() < prefix_len + suffix_len) return 0;
  shiftway::migration::Placeholders p;
  p.prefix = std::string(in.substr(0, prefix_len));
  p.suffix = std::string(in.substr(prefix_len, suffix_len));
  in.remove_prefix(prefix_len + suffix_len);
  p.Set("name", "value");
  p.Set("flyway:table", "flyway_schema_history");
  auto out = shiftway::migration::ReplacePlaceholders(in, p, "V1__fuzz.sql");
  if (out && !p.prefix.empty() && in.find(p.prefix) == std::string_view::npos) shiftway::fuzz::Check(*out == in);
  return 0;
}
