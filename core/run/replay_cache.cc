#include "core/run/replay_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <vector>

namespace shiftway::run {
namespace fs = std::filesystem;
namespace {

// A file: this line, the key's length in decimal and a newline, the key, then the snapshot.
constexpr std::string_view kMagic = "shiftway replay cache 1\n";
constexpr std::string_view kPrefix = "replay-";
constexpr std::string_view kSuffix = ".cache";

}  // namespace

std::string FileReplayCache::PathOf(std::string_view key) const {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string_view>{}(key));
  return (fs::path(dir_) / (std::string(kPrefix) + hash + std::string(kSuffix))).string();
}

std::optional<std::string> FileReplayCache::Load(std::string_view key) {
  const std::string path = PathOf(key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string_view rest(data);
  if (!rest.starts_with(kMagic)) return std::nullopt;
  rest.remove_prefix(kMagic.size());
  const size_t eol = rest.find('\n');
  if (eol == std::string_view::npos || eol == 0 || eol > 19) return std::nullopt;
  size_t length = 0;
  for (char c : rest.substr(0, eol)) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  rest.remove_prefix(eol + 1);
  if (length != key.size() || rest.size() < length || rest.substr(0, length) != key) return std::nullopt;
  rest.remove_prefix(length);
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
  return std::string(rest);
}

void FileReplayCache::Store(std::string_view key, std::string_view snapshot) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  const std::string path = PathOf(key);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out << kMagic << key.size() << '\n';
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    out.write(snapshot.data(), static_cast<std::streamsize>(snapshot.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  // A reader sees the old file or the new one, never half of one.
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return;
  }
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) continue;
    std::error_code tec;
    auto when = e.last_write_time(tec);
    if (!tec) entries.emplace_back(when, e.path());
  }
  if (entries.size() <= static_cast<size_t>(kKept)) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = kKept; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

std::shared_ptr<lint::ReplayCache> ReplayCacheOf(const std::string& cache_dir) {
  if (cache_dir.empty() || cache_dir == "off") return nullptr;
  return std::make_shared<FileReplayCache>(cache_dir);
}

}  // namespace shiftway::run
