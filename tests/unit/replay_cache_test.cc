// The lint replay cache on disk: exact keys, the longest kept prefix of a longer history, misses.
#include "core/run/replay_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace shiftway::run {
namespace {

namespace fs = std::filesystem;

class ReplayCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway-replay-cache-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A key as lint builds it: a header, then one part per file; `ends` gets where each part ends.
  static std::string Key(const std::vector<std::string>& files, std::vector<size_t>* ends) {
    std::string key = "dialect sqlite\nserver \n";
    for (const auto& f : files) {
      key += f;
      if (ends) ends->push_back(key.size());
    }
    return key;
  }

  fs::path dir_;
};

TEST_F(ReplayCacheTest, AnEmptyDirectoryIsAMiss) {
  FileReplayCache cache(dir_.string());
  std::vector<size_t> ends;
  const std::string key = Key({"V1", "V2"}, &ends);
  EXPECT_FALSE(cache.Load(key, ends).has_value());
}

TEST_F(ReplayCacheTest, TheSameFilesGiveTheWholeSnapshot) {
  FileReplayCache cache(dir_.string());
  std::vector<size_t> ends;
  const std::string key = Key({"V1", "V2"}, &ends);
  cache.Store(key, "image of V1 V2");
  auto hit = cache.Load(key, ends);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(2u, hit->files);
  EXPECT_EQ("image of V1 V2", hit->snapshot);
}

TEST_F(ReplayCacheTest, ALongerHistoryStartsFromItsLongestKeptPrefix) {
  FileReplayCache cache(dir_.string());
  cache.Store(Key({"V1"}, nullptr), "image of V1");
  cache.Store(Key({"V1", "V2"}, nullptr), "image of V1 V2");
  cache.Store(Key({"V1", "V2", "V3", "V4"}, nullptr), "image of V1 to V4");  // not a prefix of the key below
  std::vector<size_t> ends;
  const std::string key = Key({"V1", "V2", "V3", "V5"}, &ends);
  auto hit = cache.Load(key, ends);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(2u, hit->files);
  EXPECT_EQ("image of V1 V2", hit->snapshot);
}

TEST_F(ReplayCacheTest, AChangedFirstFileIsAMiss) {
  FileReplayCache cache(dir_.string());
  cache.Store(Key({"V1", "V2"}, nullptr), "image of V1 V2");
  std::vector<size_t> ends;
  const std::string key = Key({"V1 edited", "V2", "V3"}, &ends);
  EXPECT_FALSE(cache.Load(key, ends).has_value());
}

TEST_F(ReplayCacheTest, AFileWhoseKeyDiffersIsAMissEvenUnderTheRightName) {
  FileReplayCache cache(dir_.string());
  std::vector<size_t> ends;
  const std::string key = Key({"V1", "V2"}, &ends);
  cache.Store(key, "image");
  // The same name, holding another key (as a hash collision would): never used.
  for (const auto& e : fs::directory_iterator(dir_)) {
    std::ofstream(e.path(), std::ios::binary | std::ios::trunc) << "shiftway replay cache 2\n3\nabcimage";
  }
  EXPECT_FALSE(cache.Load(key, ends).has_value());
}

TEST_F(ReplayCacheTest, KeepsTheMostRecentlyUsed) {
  FileReplayCache cache(dir_.string());
  for (int i = 0; i < FileReplayCache::kKept + 4; ++i) cache.Store(Key({"V" + std::to_string(i)}, nullptr), "x");
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(static_cast<size_t>(FileReplayCache::kKept), files);
}

}  // namespace
}  // namespace shiftway::run
