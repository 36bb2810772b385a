// SQLite splitting: statement boundaries and positions come from sqlite3_complete().
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/sql/statement.h"

namespace shiftway::sql {
namespace {

TEST(SqliteSplitterTest, KeepsTriggerBodyWhole) {
  auto st = SplitSqlite(
      "CREATE TABLE t(a);\n"
      "-- note\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = 1; SELECT ';';\nEND;\n"
      "INSERT INTO t VALUES ('x;y')");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("CREATE TABLE t(a)", st[0].text);
  EXPECT_EQ(3, st[1].line);
  EXPECT_EQ(1, st[1].column);
  EXPECT_EQ("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = 1; SELECT ';';\nEND", st[1].text);
  EXPECT_EQ("INSERT INTO t VALUES ('x;y')", st[2].text);
  EXPECT_EQ(6, st[2].line);
}

// The ';' that end statements when sqlite3_complete() is asked at every ';', as the splitter did
// before it learnt to skip the ';' inside quotes and comments.
std::vector<size_t> ReferenceEnds(const std::string& text) {
  std::vector<size_t> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::string::npos;
    for (size_t semi = text.find(';', start); semi != std::string::npos; semi = text.find(';', semi + 1)) {
      if (sqlite3_complete(text.substr(start, semi - start + 1).c_str())) {
        end = semi;
        break;
      }
    }
    if (end == std::string::npos) break;
    out.push_back(end);
    start = end + 1;
  }
  return out;
}

TEST(SqliteSplitterTest, EndsWhereSqliteCompleteSaysAtEverySemicolon) {
  const std::vector<std::string> inputs = {
      "SELECT 'a;b'; SELECT \"c;d\"; SELECT `e;f`; SELECT [g;h]; SELECT 1 /* ; */ ; SELECT 2 -- ;\n;",
      "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT ';'; UPDATE x SET a = CASE WHEN 1 THEN 2 END; END; SELECT 3;",
      "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; EXPLAIN SELECT 1; SELECT 'it''s;';",
      "SELECT 1; -- trailing; comment; with; semicolons",
      "SELECT 'never closed; SELECT 2;",
      "SELECT [never closed; SELECT 2;",
      "SELECT 1 /* never closed; SELECT 2;",
      "SELECT 1 -- comment without newline; SELECT 2;",
      "SELECT 1;;; SELECT 2 ; ",
      "CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT 'end;'; END -- c;\n; SELECT 4;",
      "SELECT a--b;\nFROM t; SELECT '/*'; SELECT 5 */ ;",
  };
  for (const auto& text : inputs) {
    SCOPED_TRACE(text);
    const std::vector<size_t> ends = ReferenceEnds(text);
    for (const auto& st : SplitSqlite(text)) {
      size_t e = st.offset + st.text.size();
      while (e < text.size() && (text[e] == ' ' || text[e] == '\n')) ++e;
      // Each statement ends where sqlite3_complete() ends one (or at the end of the text)...
      if (e < text.size()) {
        EXPECT_EQ(';', text[e]) << st.text;
        EXPECT_NE(std::find(ends.begin(), ends.end(), e), ends.end()) << st.text;
      } else {
        EXPECT_TRUE(ends.empty() || ends.back() < st.offset) << st.text;
      }
      // ... and runs across no end of sqlite3_complete()'s.
      for (size_t r : ends) EXPECT_FALSE(st.offset < r && r < e) << st.text << " runs across offset " << r;
    }
  }
}

TEST(SqliteSplitterTest, ManySemicolonsInsideStringsAreOneStatementAndFast) {
  // 200,000 rows with a ';' in each string: asking sqlite3_complete() at each of them took time
  // quadratic in the statement's length (hours); outside quotes there is one ';' to ask about.
  std::string text = "INSERT INTO t (a) VALUES\n";
  for (int i = 0; i < 200000; ++i) text += std::string(i ? "," : "") + "('a;b " + std::to_string(i) + "')\n";
  text += ";\nSELECT 1;";
  auto st = SplitSqlite(text);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(text.substr(0, text.size() - std::string(";\nSELECT 1;").size()), st[0].text + "\n");
  EXPECT_EQ("SELECT 1", st[1].text);
}

TEST(SqliteSplitterTest, DropsEmptyStatementsAndCommentTails) {
  auto st = SplitSqlite("  ;;\n  SELECT 1;  -- done\n/* tail */\n");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ(3, st[0].column);
}

}  // namespace
}  // namespace shiftway::sql
