#include "core/run/replay_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <vector>

#include "core/base/strings.h"

namespace shiftway::run {
namespace fs = std::filesystem;
namespace {

// A file: this line, the key's length in decimal and a newline, the key, then the snapshot.
constexpr std::string_view kMagic = "shiftway replay cache 2\n";
constexpr std::string_view kPrefix = "replay-";
constexpr std::string_view kSuffix = ".cache";

// The file name of the entry whose key hashes to `hash`.
std::string NameOf(uint64_t hash) {
  char digits[17];
  std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(kPrefix) + digits + std::string(kSuffix);
}

}  // namespace

std::string FileReplayCache::PathOf(uint64_t hash) const { return (fs::path(dir_) / NameOf(hash)).string(); }

// The snapshot in `path` when the file holds exactly `key`.
std::optional<std::string> FileReplayCache::Read(const std::string& path, std::string_view key) const {
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

std::optional<lint::ReplayHit> FileReplayCache::Load(std::string_view key, const std::vector<size_t>& ends) {
  // The names kept (at most kKept, and a few being written): only those are opened.
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) names.insert(e.path().filename().string());
  if (ec || names.empty()) return std::nullopt;
  std::vector<uint64_t> hashes;
  hashes.reserve(ends.size());
  uint64_t h = kFnv1a64Basis;  // FNV-1a: each prefix's hash continues the one before
  size_t at = 0;
  for (size_t end : ends) {
    if (end < at || end > key.size()) return std::nullopt;
    h = Fnv1a64(key.substr(at, end - at), h);
    hashes.push_back(h);
    at = end;
  }
  for (size_t k = ends.size(); k > 0; --k) {
    if (!names.count(NameOf(hashes[k - 1]))) continue;
    if (auto snapshot = Read(PathOf(hashes[k - 1]), key.substr(0, ends[k - 1]))) {
      return lint::ReplayHit{k, std::move(*snapshot)};
    }
  }
  return std::nullopt;
}

void FileReplayCache::Store(std::string_view key, std::string_view snapshot) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  const std::string path = PathOf(Fnv1a64(key));
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
