// Placeholder replacement: case-insensitive names, built-ins, and located errors.
#include <gtest/gtest.h>

#include "core/migration/placeholders.h"

namespace shiftway::migration {
namespace {

TEST(PlaceholdersTest, ReplacesCaseInsensitively) {
  Placeholders p;
  p.Set("Owner", "app");
  EXPECT_EQ("GRANT ALL TO app; -- app", *ReplacePlaceholders("GRANT ALL TO ${owner}; -- ${OWNER}", p, "f.sql"));
}

TEST(PlaceholdersTest, UnknownNameIsALocatedError) {
  Placeholders p;
  auto r = ReplacePlaceholders("SELECT 1;\nSELECT '${missing}';", p, "sql/V1__x.sql");
  ASSERT_FALSE(r);
  EXPECT_EQ("no value for placeholder ${missing}", r.error().message);
  EXPECT_EQ(2, r.error().pos->line);
  EXPECT_EQ(9, r.error().pos->column);
  EXPECT_NE(std::string::npos, r.error().hint.find("--placeholder missing=VALUE"));
}

TEST(PlaceholdersTest, BuiltinsHaveBothSpellingsAndAUserValueWins) {
  Placeholders p;
  p.Set("flyway:timestamp", "2026-08-07 13:18:08");
  p.AddBuiltin("timestamp", "2030-01-01 00:00:00");
  p.AddBuiltin("defaultSchema", "public");
  EXPECT_EQ("2026-08-07 13:18:08 2026-08-07 13:18:08 public",
            *ReplacePlaceholders("${flyway:timestamp} ${shiftway:timestamp} ${flyway:defaultSchema}", p, "f"));
}

TEST(PlaceholdersTest, TextThatIsNotAPlaceholderStays) {
  Placeholders p;
  EXPECT_EQ("SELECT '${not a name}'", *ReplacePlaceholders("SELECT '${not a name}'", p, "f"));
  p.enabled = false;
  EXPECT_EQ("${x}", *ReplacePlaceholders("${x}", p, "f"));
}

TEST(PlaceholdersTest, CustomPrefixAndSuffix) {
  Placeholders p;
  p.prefix = "#[";
  p.suffix = "]";
  p.Set("x", "1");
  EXPECT_EQ("SELECT 1, ${x}", *ReplacePlaceholders("SELECT #[x], ${x}", p, "f"));
}

}  // namespace
}  // namespace shiftway::migration
