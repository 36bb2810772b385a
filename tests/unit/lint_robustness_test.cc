// The linter must never crash, hang or abort, whatever the migration files hold: generated garbage,
// unterminated strings and comments, huge and deeply nested statements, in every dialect.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "core/lint/lint.h"
#include "core/lint/report.h"

namespace shiftway::lint {
namespace {

const char* kFragments[] = {
    "CREATE TABLE ", "ALTER TABLE ", "DROP TABLE ", "RENAME TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX ",
    "CONCURRENTLY ", "ON ", "person", "team", "`weird name`", "\"Quoted\"", "(", ")", ",", ";", "'", "\"", "`",
    "$$", "$tag$", "--", "/*", "*/", "ADD COLUMN ", "DROP COLUMN ", "RENAME COLUMN ", " TO ", "MODIFY ", "CHANGE ",
    "ALTER COLUMN ", "TYPE ", "SET NOT NULL", "DROP DEFAULT", "DEFAULT ", "NOT NULL", "NULL", "int", "text",
    "varchar(", "enum('a','b')", "PRIMARY KEY", "REFERENCES ", "CHECK (", "NOT VALID", "VALIDATE CONSTRAINT ",
    "CONSTRAINT ", "BEGIN", "COMMIT", "DO $$ ", "CREATE VIEW v AS SELECT ", "CREATE TRIGGER t AFTER INSERT ON ",
    "END", "-- shiftway:allow ", "reason: ", "-- shiftway:deprecate column ", "\n", "\r\n", " ", "\t", "0", "42",
    "-1", "1e308", "\\", "\xff\xfe", "\xc3\x28", "ALGORITHM=COPY", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c",
    "ATTACH DATABASE 'shiftway-fuzz-attach.db' AS x", "PRAGMA writable_schema=1", "VACUUM INTO 'shiftway-fuzz-vacuum.db'",
    "SELECT randomblob(1000000000)", "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c",
    "DELIMITER //", "CREATE TYPE mood AS ENUM (", "ALTER TYPE mood RENAME VALUE ", "SET lock_timeout = '1s'",
    "INSERT INTO person VALUES (", "UPDATE person SET ", "ALTER SCHEMA s RENAME TO ", "\x00"};

std::string RandomFile(std::mt19937& rng, int index) {
  std::string text;
  switch (index % 10) {
    case 0: {  // a huge statement
      text = "CREATE TABLE huge (";
      for (int i = 0; i < 3000; ++i) text += "c" + std::to_string(i) + " varchar(" + std::to_string(i + 1) + "), ";
      text += "id int primary key);\nINSERT INTO huge (id) VALUES (1)" + std::string(100000, ' ') + ";\n";
      return text;
    }
    case 1:  // deeply nested parentheses
      return "SELECT " + std::string(2000, '(') + "1" + std::string(2000, ')') + ";\nCREATE TABLE n (x int CHECK " +
             std::string(500, '(') + "x > 0" + std::string(500, ')') + ");\n";
    case 2:  // unterminated string, comment, identifier, dollar quote
      return std::vector<std::string>{"ALTER TABLE person ADD COLUMN x text DEFAULT 'never closed;\n",
                                      "/* unterminated comment\nDROP TABLE person;", "CREATE TABLE `t (a int);",
                                      "DO $body$ BEGIN DROP TABLE person; END", "ALTER TABLE \"person"}[rng() % 5];
    default: break;
  }
  std::uniform_int_distribution<size_t> pick(0, sizeof(kFragments) / sizeof(kFragments[0]) - 1);
  std::uniform_int_distribution<int> len(1, 120);
  const int n = len(rng);
  for (int i = 0; i < n; ++i) text += kFragments[pick(rng)];
  if (rng() % 3 == 0) {
    for (int i = 0; i < 50; ++i) text += static_cast<char>(rng() % 256);
  }
  return text;
}

TEST(LintRobustnessTest, ThousandsOfGeneratedFilesNeverCrashOrHang) {
  std::mt19937 rng(20240611);
  const auto start = std::chrono::steady_clock::now();
  int files = 0, findings = 0;
  const sql::Dialect dialects[] = {sql::Dialect::kSqlite, sql::Dialect::kPostgres, sql::Dialect::kMysql};
  for (int batch = 0; batch < 60; ++batch) {
    LintInput in;
    in.dialect = dialects[batch % 3];
    in.released.push_back({"V1__init.sql", "1", false,
                           "CREATE TABLE person (id int primary key, last_name text, age int);\n"
                           "CREATE TABLE team (id int primary key);\n"});
    for (int i = 0; i < 4; ++i) in.released.push_back({"V1_" + std::to_string(i) + "__r.sql", "1." + std::to_string(i + 1), false, RandomFile(rng, batch * 20 + i)});
    for (int i = 4; i < 20; ++i) {
      LintFile f{"V" + std::to_string(i + 2) + "__gen.sql", std::to_string(i + 2), i % 7 == 0,
                 RandomFile(rng, batch * 20 + i), i % 5 == 0};
      if (f.repeatable) {
        f.version.clear();
        f.path = "R__gen" + std::to_string(i) + ".sql";
      }
      in.added.push_back(std::move(f));
    }
    files += static_cast<int>(in.released.size() + in.added.size()) - 1;
    auto result = Lint(in);
    ASSERT_TRUE(result.has_value());
    findings += static_cast<int>(result->findings.size());
    // Every renderer copes with whatever the findings hold (invalid UTF-8 included).
    for (auto format : {ReportFormat::kHuman, ReportFormat::kJson, ReportFormat::kSarif, ReportFormat::kGithub,
                        ReportFormat::kGitlab}) {
      EXPECT_FALSE(Render(*result, format).empty() && format != ReportFormat::kGithub);
    }
  }
  EXPECT_GE(files, 1000);
  // The SQLite front end runs statements on an in-memory database only.
  EXPECT_FALSE(std::filesystem::exists("shiftway-fuzz-attach.db"));
  EXPECT_FALSE(std::filesystem::exists("shiftway-fuzz-vacuum.db"));
  EXPECT_GT(findings, 0);
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 120) << "linting generated files took too long";
}

}  // namespace
}  // namespace shiftway::lint
