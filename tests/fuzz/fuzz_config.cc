// Fuzzes the config loader: the input is written as shiftway.toml (or flyway.conf when its first
// byte is odd) and loaded with no flags. No crash, no exception: every problem is an Error.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/config/settings.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("shiftway-fuzz-config-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const bool conf = data[0] & 1;
  const auto path = dir / (conf ? "flyway.conf" : "shiftway.toml");
  std::filesystem::remove(dir / (conf ? "shiftway.toml" : "flyway.conf"));
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  shiftway::config::Sources src;
  src.working_directory = dir.string();
  src.url_optional = true;
  std::vector<std::string> warnings;
  (void)shiftway::config::Load(src, warnings);
  return 0;
}
