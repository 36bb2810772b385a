// Flyway's checksum reproduced on real migration files, with the values Flyway recorded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/migration/checksum.h"
#include "core/migration/placeholders.h"

namespace shiftway::migration {
namespace {
namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> VectorDirs() {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(fs::path(SHIFTWAY_SOURCE_DIR) / "tests/data/flyway-checksums")) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

class FlywayVectorTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(FlywayVectorTest, MatchesRecordedChecksum) {
  const fs::path dir = GetParam();
  fs::path migration;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename() != "expected.txt") migration = e.path();
  }
  ASSERT_FALSE(migration.empty()) << dir;
  const int32_t expected = std::stoi(Slurp(dir / "expected.txt"));
  auto text = DecodeToUtf8(Slurp(migration), "UTF-8", migration.string());
  ASSERT_TRUE(text) << text.error().message;
  std::string checked = *text;
  if (migration.filename().string().starts_with("R__")) {
    // Flyway takes a repeatable migration's checksum after placeholder replacement; the
    // recorded value was taken with this timestamp (see the vector's README).
    Placeholders ph;
    ph.Set("flyway:timestamp", "2026-08-07 13:18:08");
    auto replaced = ReplacePlaceholders(checked, ph, migration.string());
    ASSERT_TRUE(replaced) << replaced.error().message;
    checked = *replaced;
  }
  EXPECT_EQ(expected, FlywayChecksum(checked)) << migration;
}

INSTANTIATE_TEST_SUITE_P(AllVectors, FlywayVectorTest, ::testing::ValuesIn(VectorDirs()),
                         [](const auto& info) {
                           std::string name = info.param.filename().string().substr(0, 2);
                           return "Vector" + name;
                         });

TEST(FlywayVectorCountTest, All36VectorsArePresent) { EXPECT_EQ(36u, VectorDirs().size()); }

TEST(ChecksumTest, LineEndingsTrailingNewlineAndBomDoNotMatter) {
  const int32_t lf = FlywayChecksum("SELECT 1;\nSELECT 2;");
  EXPECT_EQ(lf, FlywayChecksum("SELECT 1;\r\nSELECT 2;\r\n"));
  EXPECT_EQ(lf, FlywayChecksum("SELECT 1;\rSELECT 2;\n"));
  EXPECT_EQ(lf, FlywayChecksum("\xEF\xBB\xBFSELECT 1;\nSELECT 2;"));
  EXPECT_EQ(lf, FlywayChecksum("SELECT 1;\n\n\nSELECT 2;"));
  EXPECT_NE(lf, FlywayChecksum("SELECT 1; SELECT 2;"));
}

TEST(ChecksumTest, EmptyFileIsZero) { EXPECT_EQ(0, FlywayChecksum("")); }

TEST(DecodeTest, InvalidUtf8NamesTheByteOffset) {
  auto r = DecodeToUtf8("SELECT 'ok';\nSELECT '\xff';", "UTF-8", "sql/V1__x.sql");
  ASSERT_FALSE(r);
  EXPECT_EQ("byte 21 is not valid UTF-8", r.error().message);
  EXPECT_EQ("sql/V1__x.sql", r.error().pos->file);
}

TEST(DecodeTest, Latin1IsConvertedToUtf8) {
  auto r = DecodeToUtf8("caf\xe9", "ISO-8859-1", "f.sql");
  ASSERT_TRUE(r);
  EXPECT_EQ("caf\xc3\xa9", *r);
}

TEST(DecodeTest, Utf16WithBom) {
  auto r = DecodeToUtf8(std::string("\xff\xfe" "a\0b\0", 6), "UTF-16", "f.sql");
  ASSERT_TRUE(r);
  EXPECT_EQ("ab", *r);
}

TEST(DecodeTest, UnknownEncodingIsAnError) {
  auto r = DecodeToUtf8("x", "EBCDIC", "f.sql");
  ASSERT_FALSE(r);
  EXPECT_EQ("unsupported encoding 'EBCDIC'", r.error().message);
}

}  // namespace
}  // namespace shiftway::migration
