// The linter end to end as a library: the canonical rename in every dialect, configuration,
// severities, suppression placement and the rule documentation.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/lint/lint.h"
#include "core/lint/rule.h"
#include "core/lint/rule_docs.h"

namespace shiftway::lint {
namespace {

LintInput Canonical(sql::Dialect d) {
  LintInput in;
  in.dialect = d;
  in.released.push_back({"V1__init.sql", "1", false, "CREATE TABLE person (id int primary key, last_name text);\n"});
  in.added.push_back({"V2__rename.sql", "2", false, "ALTER TABLE person RENAME COLUMN last_name TO surname;\n"});
  return in;
}

bool Contains(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

class CanonicalRenameTest : public ::testing::TestWithParam<sql::Dialect> {};

TEST_P(CanonicalRenameTest, ReportsRenameWithExpandAndContract) {
  auto result = Lint(Canonical(GetParam()));
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(1u, result->findings.size());
  const Finding& f = result->findings[0];
  EXPECT_EQ("rename-column", f.rule);
  EXPECT_EQ(Severity::kError, f.severity);
  EXPECT_EQ(Category::kCompatibility, f.category);
  EXPECT_EQ("V2__rename.sql", f.file);
  EXPECT_EQ(1, f.line);
  EXPECT_EQ(1, f.column);
  EXPECT_EQ("renaming person.last_name (text) to surname breaks the running release, which still reads and writes "
            "last_name",
            f.message);
  EXPECT_EQ("ALTER TABLE person ADD COLUMN surname text", f.suggestion.expand.at(0));
  EXPECT_TRUE(Contains(f.suggestion.expand, "UPDATE person SET surname = last_name"));
  EXPECT_TRUE(Contains(f.suggestion.expand, "CREATE TRIGGER person_sync_surname"));
  EXPECT_EQ("ALTER TABLE person DROP COLUMN last_name", f.suggestion.contract.back());
  EXPECT_TRUE(Contains(f.suggestion.contract, "DROP TRIGGER person_sync_surname"));
  EXPECT_EQ(1, result->summary.files);
  EXPECT_EQ(1, result->summary.statements);
  EXPECT_EQ(1, result->summary.errors);
  EXPECT_EQ(0, result->summary.warnings);
}

INSTANTIATE_TEST_SUITE_P(Dialects, CanonicalRenameTest,
                         ::testing::Values(sql::Dialect::kSqlite, sql::Dialect::kPostgres, sql::Dialect::kMysql),
                         [](const auto& info) { return std::string(sql::DialectName(info.param)); });

TEST(LintTest, PostgresSuggestionUsesPlpgsqlTrigger) {
  auto result = Lint(Canonical(sql::Dialect::kPostgres));
  ASSERT_TRUE(result.has_value());
  const auto& expand = result->findings.at(0).suggestion.expand;
  EXPECT_TRUE(Contains(expand, "CREATE FUNCTION person_sync_surname() RETURNS trigger LANGUAGE plpgsql"));
  EXPECT_TRUE(Contains(expand, "BEFORE INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION person_sync_surname()"));
}

TEST(LintTest, UnknownRuleInConfigIsAnError) {
  LintInput in = Canonical(sql::Dialect::kSqlite);
  in.config.disabled.insert("rename-colum");
  auto result = Lint(in);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(ErrorCode::kConfig, result.error().code);
  EXPECT_EQ("unknown lint rule 'rename-colum'", result.error().message);
}

TEST(LintTest, SeverityOverrideApplies) {
  LintInput in = Canonical(sql::Dialect::kSqlite);
  in.config.severity["rename-column"] = Severity::kWarning;
  auto result = Lint(in);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(1u, result->findings.size());
  EXPECT_EQ(Severity::kWarning, result->findings[0].severity);
  EXPECT_EQ(0, result->summary.errors);
  EXPECT_EQ(1, result->summary.warnings);
}

TEST(LintTest, SourceLineIsKeptForTheCaret) {
  LintInput in = Canonical(sql::Dialect::kPostgres);
  in.added[0].text = "-- rename\r\n  ALTER TABLE person RENAME COLUMN last_name TO surname;\r\n";
  auto result = Lint(in);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(1u, result->findings.size());
  EXPECT_EQ(2, result->findings[0].line);
  EXPECT_EQ(3, result->findings[0].column);
  EXPECT_EQ("  ALTER TABLE person RENAME COLUMN last_name TO surname;", result->findings[0].source_line);
}

TEST(LintTest, FindingsAreSortedByFileThenLine) {
  LintInput in;
  in.dialect = sql::Dialect::kPostgres;
  in.released.push_back({"V1__init.sql", "1", false, "CREATE TABLE a (x int, y int);\nCREATE TABLE b (x int);\n"});
  in.added.push_back({"V2__a.sql", "2", false, "ALTER TABLE a DROP COLUMN y;\nALTER TABLE a DROP COLUMN x;\n"});
  in.added.push_back({"V3__b.sql", "3", false, "DROP TABLE b;\n"});
  auto result = Lint(in);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(3u, result->findings.size());
  EXPECT_EQ("V2__a.sql", result->findings[0].file);
  EXPECT_EQ(1, result->findings[0].line);
  EXPECT_EQ(2, result->findings[1].line);
  EXPECT_EQ("drop-table", result->findings[2].rule);
  EXPECT_EQ(3, result->summary.statements);
  EXPECT_EQ(2, result->summary.files);
}

TEST(LintTest, AllowOnTheLineAboveCoversOnlyTheNextStatement) {
  LintInput in;
  in.dialect = sql::Dialect::kSqlite;
  in.released.push_back({"V1__init.sql", "1", false, "CREATE TABLE a (x int, y int, z int);\n"});
  in.added.push_back({"V2__a.sql", "2", false,
                      "CREATE TABLE log (id int);\n"
                      "-- shiftway:allow drop-column reason: y is unused since 1.4\n"
                      "ALTER TABLE a DROP COLUMN y;\n"
                      "ALTER TABLE a DROP COLUMN z;\n"});
  auto result = Lint(in);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(1u, result->findings.size());
  EXPECT_EQ(4, result->findings[0].line);
}

TEST(LintTest, RegistryNamesAreUniqueKebabCaseAndDocumented) {
  std::set<std::string> names, codes;
  for (const Rule* r : AllRules()) {
    const RuleInfo& info = r->Info();
    const std::string name(info.name);
    EXPECT_TRUE(names.insert(name).second) << "duplicate rule " << name;
    EXPECT_TRUE(codes.insert(std::string(info.code)).second) << "duplicate code " << info.code;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos) << name;
    EXPECT_EQ(r, FindRule(name));
    const RuleDoc* doc = FindRuleDoc(name);
    ASSERT_NE(nullptr, doc) << "docs/rules/" << name << ".md is missing";
    EXPECT_NE(std::string_view::npos, doc->markdown.find("# " + name)) << name << ".md must start with its name";
  }
  for (const auto& doc : RuleDocs()) EXPECT_NE(nullptr, FindRule(doc.name)) << doc.name << ".md has no rule";
  // The embedded page keeps SQL intact (semicolons, dollar quotes, quotes).
  const RuleDoc* rename = FindRuleDoc("rename-column");
  ASSERT_NE(nullptr, rename);
  EXPECT_NE(std::string_view::npos, rename->markdown.find("ALTER TABLE person DROP COLUMN last_name;"));
  EXPECT_NE(std::string_view::npos, rename->markdown.find("LANGUAGE plpgsql AS $$"));
}

TEST(LintTest, MissingLockTimeoutIsOffByDefault) {
  const Rule* r = FindRule("missing-lock-timeout");
  ASSERT_NE(nullptr, r);
  EXPECT_FALSE(r->Info().enabled_by_default);
}

}  // namespace
}  // namespace shiftway::lint
