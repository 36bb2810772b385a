// SQLite splitting: statement boundaries and positions come from sqlite3_complete().
#include <gtest/gtest.h>

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

TEST(SqliteSplitterTest, DropsEmptyStatementsAndCommentTails) {
  auto st = SplitSqlite("  ;;\n  SELECT 1;  -- done\n/* tail */\n");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ(3, st[0].column);
}

}  // namespace
}  // namespace shiftway::sql
