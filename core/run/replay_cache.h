// The released files' replay kept on disk between lint runs (docs/lint.md, "The replay cache").
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/lint/lint.h"

namespace shiftway::run {

/// Snapshots in `dir`, one file each, named by a hash of the key and holding the whole key, which a
/// Load compares byte for byte with the part of its key it stands for: a hash collision or a
/// damaged file is a miss, never a wrong schema. The `kKept` most recently used are kept. Nothing
/// here fails a lint: a directory that cannot be written only means the next run replays again.
class FileReplayCache final : public lint::ReplayCache {
 public:
  static constexpr int kKept = 16;
  explicit FileReplayCache(std::string dir) : dir_(std::move(dir)) {}
  std::optional<lint::ReplayHit> Load(std::string_view key, const std::vector<size_t>& ends) override;
  void Store(std::string_view key, std::string_view snapshot) override;

 private:
  std::string PathOf(uint64_t hash) const;
  std::optional<std::string> Read(const std::string& path, std::string_view key) const;
  std::string dir_;
};

/// The cache `[lint] cache_dir` names (settings.lint.cache_dir; "off" or "": none).
std::shared_ptr<lint::ReplayCache> ReplayCacheOf(const std::string& cache_dir);

}  // namespace shiftway::run
