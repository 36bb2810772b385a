// Versions and migration file names, as Flyway parses and orders them.
#include <gtest/gtest.h>

#include "core/migration/name.h"
#include "core/migration/version.h"

namespace shiftway::migration {
namespace {

Version V(const char* s) { return *Version::Parse(s); }

TEST(VersionTest, TrailingZerosCompareEqual) {
  EXPECT_EQ(V("1.1"), V("1_1"));
  EXPECT_EQ(V("1.1"), V("1.01"));
  EXPECT_EQ(V("1.1"), V("1.1.0"));
  EXPECT_EQ(V("1"), V("1.0.0"));
}

TEST(VersionTest, PartsCompareNumerically) {
  EXPECT_LT(V("1.2"), V("1.10"));
  EXPECT_LT(V("9"), V("10"));
  EXPECT_LT(V("1"), V("1.0.1"));
  EXPECT_LT(V("2020061901"), V("2020061903"));
  EXPECT_LT(V("99999999999999999999"), V("100000000000000000000"));  // beyond 64 bits
}

TEST(VersionTest, RawKeepsDigitsAndTurnsUnderscoresIntoDots) {
  EXPECT_EQ("001.2", V("001_2").raw());
  EXPECT_EQ("20221219.1720", V("20221219_1720").raw());
  EXPECT_EQ("1.0.0", V("1.0.0").raw());
}

TEST(VersionTest, RejectsLettersAndEmptyParts) {
  EXPECT_EQ("invalid version '1.a': only digits separated by '.' or '_' are allowed",
            Version::Parse("1.a").error().message);
  EXPECT_EQ("invalid version '1..2': a '.' or '_' must stand between two numbers", Version::Parse("1..2").error().message);
  EXPECT_FALSE(Version::Parse("1."));
  EXPECT_FALSE(Version::Parse(""));
}

TEST(NameTest, VersionedUndoBaselineAndRepeatable) {
  auto v = ParseMigrationName("V1_1__create_artists_table.SQL");
  ASSERT_TRUE(v.parsed);
  EXPECT_EQ(Kind::kVersioned, v.parsed->kind);
  EXPECT_EQ("1.1", v.parsed->version.raw());
  EXPECT_EQ("create artists table", v.parsed->description);
  EXPECT_EQ(Kind::kUndo, ParseMigrationName("U2__drop.sql").parsed->kind);
  EXPECT_EQ(Kind::kBaseline, ParseMigrationName("B5__base.sql").parsed->kind);
  auto r = ParseMigrationName("R__fill_languages.sql");
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(Kind::kRepeatable, r.parsed->kind);
  EXPECT_TRUE(r.parsed->version.empty());
  EXPECT_EQ("fill languages", r.parsed->description);
}

TEST(NameTest, DescriptionMayStartWithADot) {
  auto v = ParseMigrationName("V0_14_0__.imp_trans_template.sql");
  ASSERT_TRUE(v.parsed);
  EXPECT_EQ("0.14.0", v.parsed->version.raw());
  EXPECT_EQ(".imp trans template", v.parsed->description);
}

TEST(NameTest, MisnamedFilesSayWhy) {
  EXPECT_EQ("the version and the description must be separated by two underscores ('__')",
            ParseMigrationName("V1_init.sql").problem);
  EXPECT_EQ("the prefix must be upper case 'V'", ParseMigrationName("v2__x.sql").problem);
  EXPECT_EQ("the version is missing between 'V' and '__'", ParseMigrationName("V__x.sql").problem);
  EXPECT_EQ("a repeatable migration has no version: R__<description>.sql", ParseMigrationName("R1__x.sql").problem);
  EXPECT_EQ("the name must start with V, U, B or R (for example V1__init.sql)", ParseMigrationName("init.sql").problem);
  EXPECT_FALSE(ParseMigrationName("README.md").is_sql);
}

TEST(NameTest, CallbacksAreRecognised) {
  EXPECT_EQ("beforeMigrate", CallbackEvent("beforeMigrate.sql"));
  EXPECT_EQ("afterEachMigrate", CallbackEvent("afterEachMigrate__log.sql"));
  EXPECT_EQ("", CallbackEvent("V1__beforeMigrate.sql"));
}

}  // namespace
}  // namespace shiftway::migration

namespace shiftway::migration {
namespace {

TEST(NameTest, ProjectNamingConventions) {
  NamingConvention n;
  n.versioned = "M";
  n.repeatable = "RR";
  n.separator = "-";
  n.suffixes = {".ddl", ".sql"};
  auto v = ParseMigrationName("M2.1-add_orders.DDL", n);
  ASSERT_TRUE(v.parsed) << v.problem;
  EXPECT_EQ("2.1", v.parsed->version.raw());
  EXPECT_EQ("add orders", v.parsed->description);
  auto r = ParseMigrationName("RR-views.sql", n);
  ASSERT_TRUE(r.parsed) << r.problem;
  EXPECT_EQ(Kind::kRepeatable, r.parsed->kind);
  EXPECT_FALSE(ParseMigrationName("M1-x.txt", n).is_sql);
  EXPECT_EQ("the name must start with M, U, B or RR (for example M1-init.ddl)", ParseMigrationName("V1-x.sql", n).problem);
  EXPECT_EQ("the version and the description must be separated by '-'", ParseMigrationName("M1__x.sql", n).problem);
  EXPECT_EQ("afterMigrate", CallbackEvent("afterMigrate.ddl", n));
  EXPECT_EQ("", CallbackEvent("afterMigrate.sql.bak", n));
}

}  // namespace
}  // namespace shiftway::migration
