// The lint renderers, on one small hand-built result: exact human, JSON, GitHub and GitLab output,
// and the SARIF fields code scanning needs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/lint/report.h"
#include "core/lint/rule.h"

namespace shiftway::lint {
namespace {

LintResult Example() {
  LintResult r;
  Finding f;
  f.rule = "rename-column";
  f.severity = Severity::kError;
  f.category = Category::kCompatibility;
  f.file = "db/migration/V2__rename.sql";
  f.line = 3;
  f.column = 5;
  f.message = "renaming person.last_name (text) to surname breaks the running release";
  f.help = "add surname, keep both in sync";
  f.suggestion.expand = {"ALTER TABLE person ADD COLUMN surname text"};
  f.suggestion.contract = {"-- later", "ALTER TABLE person DROP COLUMN last_name"};
  f.source_line = "    ALTER TABLE person RENAME COLUMN last_name TO surname;";
  r.findings.push_back(f);
  Finding w;
  w.rule = "create-index-blocking";
  w.severity = Severity::kWarning;
  w.category = Category::kLocking;
  w.file = "db/migration/V3__idx.sql";
  w.line = 1;
  w.column = 1;
  w.message = "creating index i, on person: blocks writes";
  r.findings.push_back(w);
  r.summary = Summary{2, 4, 1, 1, 0};
  return r;
}

TEST(LintReportTest, Human) {
  EXPECT_EQ(
      "db/migration/V2__rename.sql:3:5: error: renaming person.last_name (text) to surname breaks the running "
      "release [rename-column]\n"
      " 3 |     ALTER TABLE person RENAME COLUMN last_name TO surname;\n"
      "   |     ^\n"
      "  help: add surname, keep both in sync\n"
      "  expand (this release):\n"
      "    ALTER TABLE person ADD COLUMN surname text;\n"
      "  contract (a later release):\n"
      "    -- later\n"
      "    ALTER TABLE person DROP COLUMN last_name;\n"
      "\n"
      "db/migration/V3__idx.sql:1:1: warning: creating index i, on person: blocks writes [create-index-blocking]\n"
      "\n"
      "1 error, 1 warning in 2 files (4 statements)\n",
      RenderHuman(Example()));
}

TEST(LintReportTest, HumanColorMarksSeverityAndCaret) {
  ReportOptions o;
  o.color = true;
  const std::string out = RenderHuman(Example(), o);
  EXPECT_NE(std::string::npos, out.find("\x1b[1;31merror:\x1b[0m"));
  EXPECT_NE(std::string::npos, out.find("|     \x1b[1;31m^\x1b[0m"));
}

TEST(LintReportTest, Json) {
  EXPECT_EQ(R"({
  "findings": [
    {
      "rule": "rename-column",
      "severity": "error",
      "category": "compatibility",
      "file": "db/migration/V2__rename.sql",
      "line": 3,
      "column": 5,
      "message": "renaming person.last_name (text) to surname breaks the running release",
      "help": "add surname, keep both in sync",
      "suggestion": {
        "expand": [
          "ALTER TABLE person ADD COLUMN surname text"
        ],
        "contract": [
          "-- later",
          "ALTER TABLE person DROP COLUMN last_name"
        ]
      }
    },
    {
      "rule": "create-index-blocking",
      "severity": "warning",
      "category": "locking",
      "file": "db/migration/V3__idx.sql",
      "line": 1,
      "column": 1,
      "message": "creating index i, on person: blocks writes",
      "help": "",
      "suggestion": {
        "expand": [],
        "contract": []
      }
    }
  ],
  "summary": {
    "files": 2,
    "statements": 4,
    "errors": 1,
    "warnings": 1
  }
}
)",
            RenderJson(Example()));
}

TEST(LintReportTest, JsonWithNoFindings) {
  LintResult empty;
  EXPECT_EQ(nlohmann::json::parse(R"({"findings":[],"summary":{"files":0,"statements":0,"errors":0,"warnings":0}})"),
            nlohmann::json::parse(RenderJson(empty)));
}

TEST(LintReportTest, Sarif) {
  ReportOptions o;
  o.tool_version = "1.2.3";
  auto doc = nlohmann::json::parse(RenderSarif(Example(), o));
  EXPECT_EQ("2.1.0", doc["version"]);
  EXPECT_EQ("https://json.schemastore.org/sarif-2.1.0.json", doc["$schema"]);
  ASSERT_EQ(1u, doc["runs"].size());
  const auto& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ("shiftway", driver["name"]);
  EXPECT_EQ("1.2.3", driver["version"]);
  ASSERT_EQ(AllRules().size(), driver["rules"].size());
  const auto& results = doc["runs"][0]["results"];
  ASSERT_EQ(2u, results.size());
  const int index = results[0]["ruleIndex"];
  EXPECT_EQ("rename-column", driver["rules"][index]["id"]);
  EXPECT_EQ(nlohmann::json::parse(R"({
    "ruleId": "rename-column", "ruleIndex": )" + std::to_string(index) + R"(, "level": "error",
    "message": {"text": "renaming person.last_name (text) to surname breaks the running release\nhelp: add surname, keep both in sync"},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "db/migration/V2__rename.sql"},
                                        "region": {"startLine": 3, "startColumn": 5}}}],
    "partialFingerprints": {"shiftwayFinding/v1": ")" + results[0]["partialFingerprints"]["shiftwayFinding/v1"].get<std::string>() + R"("}})"),
            results[0]);
  EXPECT_EQ(16u, results[0]["partialFingerprints"]["shiftwayFinding/v1"].get<std::string>().size());
  EXPECT_EQ("warning", results[1]["level"]);
}

// GitHub rejects rules without fullDescription (GH2012); the text comes from the rule's doc page.
TEST(LintReportTest, SarifRulesCarryTheirDocPage) {
  ReportOptions o;
  o.tool_version = "1.2.3";
  auto doc = nlohmann::json::parse(RenderSarif(Example(), o));
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  const nlohmann::json* rename = nullptr;
  for (const auto& r : rules) {
    if (r["id"] == "rename-column") rename = &r;
    EXPECT_FALSE(r["fullDescription"]["text"].get<std::string>().empty()) << r["id"];
    EXPECT_FALSE(r["help"]["markdown"].get<std::string>().empty()) << r["id"];
    EXPECT_EQ("https://github.com/shiftway/shiftway/blob/v1.2.3/docs/rules/" + r["id"].get<std::string>() + ".md",
              r["helpUri"]);
  }
  ASSERT_NE(nullptr, rename);
  EXPECT_EQ(
      "A migration renames a column of a released table.\n\n"
      "The previous release still reads and writes the old name. Its inserts and updates fail, and so do its selects. "
      "Rolling the app back does not help, because the schema stays renamed.",
      (*rename)["fullDescription"]["text"]);
  const std::string markdown = (*rename)["help"]["markdown"];
  EXPECT_EQ(0u, markdown.find("# rename-column\n"));
  const std::string text = (*rename)["help"]["text"];
  EXPECT_EQ(0u, text.find("rename-column\n\nSW104 · compatibility · default severity: error\n\nProblem\n"));
  EXPECT_NE(std::string::npos, text.find("\n    ALTER TABLE person ADD COLUMN surname text;\n"));
  EXPECT_EQ(std::string::npos, text.find("```"));
}

// A finding keeps its fingerprint when lines above it move; two identical findings differ.
TEST(LintReportTest, SarifFingerprintsIgnoreLineMoves) {
  LintResult before = Example();
  LintResult after = Example();
  after.findings[0].line += 7;
  after.findings[0].column = 1;
  auto fp = [](const LintResult& r, int i) {
    return nlohmann::json::parse(RenderSarif(r))["runs"][0]["results"][i]["partialFingerprints"]["shiftwayFinding/v1"];
  };
  EXPECT_EQ(fp(before, 0), fp(after, 0));
  EXPECT_NE(fp(before, 0), fp(before, 1));
  LintResult twice = Example();
  twice.findings[1] = twice.findings[0];
  twice.findings[1].line = 9;
  EXPECT_NE(fp(twice, 0), fp(twice, 1));
  // GitLab's fingerprint is the same identity.
  EXPECT_EQ(fp(before, 0), nlohmann::json::parse(RenderGitlab(before))[0]["fingerprint"]);
}

TEST(LintReportTest, SarifLevelForInfoIsNote) {
  LintResult r = Example();
  r.findings[1].severity = Severity::kInfo;
  auto doc = nlohmann::json::parse(RenderSarif(r));
  EXPECT_EQ("note", doc["runs"][0]["results"][1]["level"]);
}

TEST(LintReportTest, Github) {
  EXPECT_EQ(
      "::error file=db/migration/V2__rename.sql,line=3,col=5,title=rename-column::renaming person.last_name (text) to "
      "surname breaks the running release%0Ahelp: add surname, keep both in sync\n"
      "::warning file=db/migration/V3__idx.sql,line=1,col=1,title=create-index-blocking::creating index i, on person: "
      "blocks writes\n",
      RenderGithub(Example()));
}

TEST(LintReportTest, GithubEscapesProperties) {
  LintResult r = Example();
  r.findings.resize(1);
  r.findings[0].file = "a,b:c%.sql";
  r.findings[0].help.clear();
  EXPECT_EQ(0u, RenderGithub(r).find("::error file=a%2Cb%3Ac%25.sql,line=3"));
}

TEST(LintReportTest, Gitlab) {
  auto doc = nlohmann::json::parse(RenderGitlab(Example()));
  ASSERT_EQ(2u, doc.size());
  EXPECT_EQ("renaming person.last_name (text) to surname breaks the running release", doc[0]["description"]);
  EXPECT_EQ("rename-column", doc[0]["check_name"]);
  EXPECT_EQ("critical", doc[0]["severity"]);
  EXPECT_EQ("db/migration/V2__rename.sql", doc[0]["location"]["path"]);
  EXPECT_EQ(3, doc[0]["location"]["lines"]["begin"]);
  EXPECT_EQ("major", doc[1]["severity"]);
  EXPECT_EQ(16u, doc[0]["fingerprint"].get<std::string>().size());
  EXPECT_NE(doc[0]["fingerprint"], doc[1]["fingerprint"]);
  // Moving the finding to another line keeps its fingerprint, so GitLab does not see a new issue.
  LintResult moved = Example();
  moved.findings[0].line = 40;
  EXPECT_EQ(doc[0]["fingerprint"], nlohmann::json::parse(RenderGitlab(moved))[0]["fingerprint"]);
}

TEST(LintReportTest, ParseFormat) {
  ReportFormat f;
  EXPECT_TRUE(ParseReportFormat("sarif", &f));
  EXPECT_EQ(ReportFormat::kSarif, f);
  EXPECT_FALSE(ParseReportFormat("xml", &f));
}

}  // namespace
}  // namespace shiftway::lint
