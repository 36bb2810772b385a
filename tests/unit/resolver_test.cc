// State resolution: Flyway's states for every combination of file and history row.
#include <gtest/gtest.h>

#include "core/migration/checksum.h"
#include "core/migration/resolver.h"

namespace shiftway::migration {
namespace {

MigrationFile File(const std::string& name, const std::string& text = "SELECT 1;") {
  MigrationFile f;
  f.name = *ParseMigrationName(name).parsed;
  f.script = name;
  f.path = "sql/" + name;
  f.text = text;
  f.checksum = FlywayChecksum(text);
  return f;
}

drivers::HistoryRow Row(int rank, const char* version, const std::string& description, const std::string& text,
                        bool success = true, const char* type = "SQL") {
  drivers::HistoryRow r;
  r.installed_rank = rank;
  if (version) r.version = version;
  r.description = description;
  r.type = type;
  r.script = "x.sql";
  r.checksum = FlywayChecksum(text);
  r.success = success;
  return r;
}

std::string States(const Resolution& r) {
  std::string out;
  for (const auto& i : r.infos) {
    out += (out.empty() ? "" : ", ") + (i.version.empty() ? i.description : i.version) + "=" +
           std::string(StateName(i.state));
  }
  return out;
}

std::string Plan(const Resolution& r) {
  std::string out;
  for (const auto* i : r.plan) out += (out.empty() ? "" : " ") + (i->version.empty() ? i->description : i->version);
  return out;
}

TEST(ResolverTest, PendingSuccessAndPlanOrder) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql"), File("V10__c.sql"), File("R__views.sql")};
  auto r = Resolve(d, {Row(1, "1", "a", "SELECT 1;")}, {});
  EXPECT_EQ("1=Success, 2=Pending, 10=Pending, views=Pending", States(r));
  EXPECT_EQ("2 10 views", Plan(r));
  EXPECT_EQ("1", r.current_version);
}

TEST(ResolverTest, IgnoredUnlessOutOfOrder) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql"), File("V3__c.sql")};
  std::vector<drivers::HistoryRow> h = {Row(1, "1", "a", "SELECT 1;"), Row(2, "3", "c", "SELECT 1;")};
  auto r = Resolve(d, h, {});
  EXPECT_EQ("1=Success, 3=Success, 2=Ignored", States(r));
  EXPECT_EQ("", Plan(r));
  ResolveOptions o;
  o.out_of_order = true;
  EXPECT_EQ("2", Plan(Resolve(d, h, o)));
}

TEST(ResolverTest, OutOfOrderAppliedRow) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql")};
  auto r = Resolve(d, {Row(1, "2", "b", "SELECT 1;"), Row(2, "1", "a", "SELECT 1;")}, {});
  EXPECT_EQ("2=Success, 1=Out of Order", States(r));
}

TEST(ResolverTest, MissingFutureAndFailedVariants) {
  Discovery d;
  d.migrations = {File("V2__b.sql")};
  auto r = Resolve(d,
                   {Row(1, "1", "a", "x"), Row(2, "2", "b", "SELECT 1;"), Row(3, "3", "c", "x", false)}, {});
  EXPECT_EQ("1=Missing, 2=Success, 3=Failed (Future)", States(r));
  auto problems = r.Validate(false, {});
  ASSERT_EQ(2u, problems.size());
  EXPECT_EQ("APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED", problems[0].code);
  EXPECT_EQ("FAILED_VERSIONED_MIGRATION", problems[1].code);
  ResolveOptions ignore;
  ignore.ignore_patterns = {"*:missing", "*:future"};
  EXPECT_EQ(1u, r.Validate(false, ignore).size());
}

TEST(ResolverTest, BaselineBelowBaselineAndAboveTarget) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql"), File("V3__c.sql"), File("V4__d.sql")};
  auto base = Row(1, "2", "<< Flyway Baseline >>", "", true, "BASELINE");
  base.checksum.reset();
  ResolveOptions o;
  o.target = *Version::Parse("3");
  auto r = Resolve(d, {base}, o);
  EXPECT_EQ("2=Baseline, 1=Below Baseline, 3=Pending, 4=Above Target", States(r));
  EXPECT_EQ("3", Plan(r));
}

TEST(ResolverTest, ChecksumMismatchIsAValidationErrorWithBothValues) {
  Discovery d;
  d.migrations = {File("V1__a.sql", "SELECT 2;")};
  auto r = Resolve(d, {Row(1, "1", "a", "SELECT 1;")}, {});
  auto problems = r.Validate(true, {});
  ASSERT_EQ(1u, problems.size());
  EXPECT_EQ("CHECKSUM_MISMATCH", problems[0].code);
  EXPECT_EQ("migration checksum mismatch for migration version 1", problems[0].message);
  EXPECT_EQ("-> Applied to database : " + std::to_string(FlywayChecksum("SELECT 1;")), problems[0].details[0]);
  EXPECT_EQ("-> Resolved locally    : " + std::to_string(FlywayChecksum("SELECT 2;")), problems[0].details[1]);
}

TEST(ResolverTest, RepeatableOutdatedSupersededAndRawChecksumAccepted) {
  Discovery d;
  d.migrations = {File("R__views.sql", "CREATE VIEW v AS SELECT 2;")};
  auto r = Resolve(d, {Row(1, nullptr, "views", "CREATE VIEW v AS SELECT 0;"),
                       Row(2, nullptr, "views", "CREATE VIEW v AS SELECT 1;")}, {});
  EXPECT_EQ("views=Superseded, views=Outdated", States(r));
  EXPECT_EQ("views", Plan(r));
  // A checksum taken after placeholder replacement, or the raw one, both count as current.
  ResolveOptions o;
  o.replaced_checksums = {FlywayChecksum("CREATE VIEW v AS SELECT 1;")};
  EXPECT_EQ("", Plan(Resolve(d, {Row(1, nullptr, "views", "CREATE VIEW v AS SELECT 1;")}, o)));
  EXPECT_EQ("", Plan(Resolve(d, {Row(1, nullptr, "views", "CREATE VIEW v AS SELECT 2;")}, o)));
}

TEST(ResolverTest, UndoneDeletedAndAvailable) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql"), File("U2__b.sql")};
  auto undo = Row(3, "2", "b", "SELECT 1;", true, "UNDO_SQL");
  auto r = Resolve(d, {Row(1, "1", "a", "SELECT 1;"), Row(2, "2", "b", "SELECT 1;"), undo}, {});
  EXPECT_EQ("1=Success, 2=Undone, 2=Success, 2=Pending", States(r));
  EXPECT_EQ("2", Plan(r));
  auto applied = Resolve(d, {Row(1, "1", "a", "SELECT 1;"), Row(2, "2", "b", "SELECT 1;")}, {});
  EXPECT_EQ("1=Success, 2=Success, 2=Available", States(applied));
  Discovery gone;
  gone.migrations = {File("V1__a.sql")};
  auto deleted = Resolve(gone, {Row(1, "1", "a", "SELECT 1;"), Row(2, "2", "b", "x"),
                                Row(3, "2", "b", "x", true, "DELETE")}, {});
  EXPECT_EQ("1=Success, 2=Deleted", States(deleted));
  EXPECT_TRUE(deleted.Validate(true, {}).empty());
}

TEST(ResolverTest, BaselineFileOnEmptyDatabase) {
  Discovery d;
  d.migrations = {File("V1__a.sql"), File("V2__b.sql"), File("B2__base.sql"), File("V3__c.sql")};
  auto r = Resolve(d, {}, {});
  EXPECT_EQ("2 3", Plan(r));
  EXPECT_EQ("SQL_BASELINE", r.plan[0]->type);
  EXPECT_EQ("2=Pending, 1=Below Baseline, 2=Below Baseline, 3=Pending", States(r));
}

TEST(ResolverTest, IgnorePatterns) {
  EXPECT_TRUE(MatchesIgnorePattern({"*:missing"}, "3", "Missing"));
  EXPECT_TRUE(MatchesIgnorePattern({"2.0:ignored"}, "2", "Ignored"));
  EXPECT_FALSE(MatchesIgnorePattern({"2.0:ignored"}, "3", "Ignored"));
  EXPECT_TRUE(MatchesIgnorePattern({"*:*"}, "", "Pending"));
}

}  // namespace
}  // namespace shiftway::migration
