// StatementList (what migrate runs from) and SplitEach (what lint streams from) give back exactly
// the statements Split gives, in every dialect, with the same problem.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/lint/lint.h"
#include "core/sql/statement.h"
#include "core/sql/statement_list.h"

namespace shiftway::sql {
namespace {

struct Script {
  Dialect dialect;
  std::string text;
};

std::vector<Script> Scripts() {
  return {
      {Dialect::kPostgres,
       "CREATE TABLE t (id int);\n-- a comment\nINSERT INTO t VALUES (1);\r\n"
       "COPY t (id) FROM STDIN;\n2\n3\n\\.\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
       "SELECT 'a;b'  \n;;\nSELECT 2"},
      {Dialect::kMysql,
       "CREATE TABLE t (id int);\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\n"
       "DELIMITER ;\nINSERT INTO t VALUES ('x;y');\n# comment\nSELECT 1"},
      {Dialect::kSqlite,
       "CREATE TABLE t (id int);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET id = 1; END;\n"
       "INSERT INTO t VALUES (1); /* tail */\nSELECT 1"},
      {Dialect::kPostgres, "SELECT 1;\n/* never closed\nSELECT 2;"},
      {Dialect::kMysql, "SELECT 1;\nSELECT 'never closed;\n"},
  };
}

void ExpectSame(const Statement& want, const Statement& got) {
  EXPECT_EQ(want.text, got.text);
  EXPECT_EQ(want.line, got.line);
  EXPECT_EQ(want.column, got.column);
  EXPECT_EQ(want.offset, got.offset);
  EXPECT_EQ(want.has_copy_data, got.has_copy_data);
  EXPECT_EQ(want.copy_data, got.copy_data);
}

TEST(StatementListTest, SameStatementsAsSplitInEveryDialect) {
  for (const auto& script : Scripts()) {
    SCOPED_TRACE(script.text);
    std::optional<SplitProblem> want_problem, borrowed_problem, owned_problem;
    const std::vector<Statement> want = Split(script.dialect, script.text, &want_problem);
    ASSERT_FALSE(want.empty());
    const StatementList borrowed = StatementList::Borrow(script.dialect, script.text, &borrowed_problem);
    const StatementList owned = StatementList::Own(script.dialect, std::string(script.text), &owned_problem);
    ASSERT_EQ(want.size(), borrowed.size());
    ASSERT_EQ(want.size(), owned.size());
    size_t i = 0;
    for (const Statement& st : borrowed) ExpectSame(want[i++], st);
    EXPECT_EQ(want.size(), i);
    for (i = 0; i < want.size(); ++i) ExpectSame(want[i], owned[i]);
    ExpectSame(want.front(), owned.front());
    ASSERT_EQ(want_problem.has_value(), borrowed_problem.has_value());
    ASSERT_EQ(want_problem.has_value(), owned_problem.has_value());
    if (want_problem) {
      EXPECT_EQ(want_problem->message, borrowed_problem->message);
      EXPECT_EQ(want_problem->line, owned_problem->line);
    }
  }
}

TEST(StatementListTest, CopyDataStaysWithItsStatement) {
  const std::string text = "COPY t (id) FROM STDIN;\n2\n3\n\\.\nSELECT 1;\n";
  const StatementList list = StatementList::Borrow(Dialect::kPostgres, text);
  ASSERT_EQ(2u, list.size());
  EXPECT_TRUE(list[0].has_copy_data);
  EXPECT_EQ("2\n3\n", list[0].copy_data);
  EXPECT_FALSE(list[1].has_copy_data);
  EXPECT_EQ("SELECT 1", list[1].text);
}

TEST(StatementListTest, SplitEachHandsStatementsOverInFileOrder) {
  std::vector<int> lines;
  SplitEach(Dialect::kSqlite, "SELECT 1;\nSELECT 2;\n\nSELECT 3;", [&](Statement&& st) { lines.push_back(st.line); });
  EXPECT_EQ((std::vector<int>{1, 2, 4}), lines);
}

}  // namespace
}  // namespace shiftway::sql

namespace shiftway::lint {
namespace {

// Lint keeps no record of a data-only statement, but an allow comment above one still covers that
// statement's lines, not the next statement's: the DROP below stays reported, and the allow is
// reported as suppressing nothing where it stands.
TEST(LintStreamingTest, AllowAboveAnInsertStaysWithTheInsert) {
  for (auto d : {sql::Dialect::kPostgres, sql::Dialect::kMysql, sql::Dialect::kSqlite}) {
    SCOPED_TRACE(std::string(sql::DialectName(d)));
    LintInput in;
    in.dialect = d;
    in.released.push_back({"V1__init.sql", "1", false, "CREATE TABLE person (id int primary key, name text);\n"});
    in.added.push_back({"V2__data.sql", "2", false,
                        "INSERT INTO person (id, name) VALUES (1, 'a');\n"
                        "-- shiftway:allow drop-column reason: name is unused since 1.4\n"
                        "INSERT INTO person (id, name) VALUES (2, 'b');\n"
                        "INSERT INTO person (id, name) VALUES (3, 'c');\n"
                        "ALTER TABLE person DROP COLUMN name;\n"});
    auto result = Lint(in);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(4, result->summary.statements);
    std::vector<std::string> rules;
    for (const auto& f : result->findings) rules.push_back(f.rule + ":" + std::to_string(f.line));
    EXPECT_NE(std::find(rules.begin(), rules.end(), "drop-column:5"), rules.end()) << ::testing::PrintToString(rules);
    EXPECT_NE(std::find(rules.begin(), rules.end(), "unused-allow:2"), rules.end()) << ::testing::PrintToString(rules);
  }
}

// The first data change of a MySQL file is still seen: DDL and DML mixed is reported at the later
// of the two first ones, whatever many INSERTs follow.
TEST(LintStreamingTest, MixedDdlDmlStillSeesTheFirstInsert) {
  LintInput in;
  in.dialect = sql::Dialect::kMysql;
  in.released.push_back({"V1__init.sql", "1", false, "CREATE TABLE person (id int primary key);\n"});
  std::string text = "CREATE TABLE other (id int);\n";
  for (int i = 0; i < 1000; ++i) text += "INSERT INTO person (id) VALUES (" + std::to_string(i) + ");\n";
  in.added.push_back({"V2__data.sql", "2", false, text});
  auto result = Lint(in);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(1001, result->summary.statements);
  bool found = false;
  for (const auto& f : result->findings) found = found || (f.rule == "mixed-ddl-dml" && f.line == 2);
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace shiftway::lint
