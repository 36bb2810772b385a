// Split() hands each dialect to its own splitter.
#include <gtest/gtest.h>

#include "core/sql/statement.h"

namespace shiftway::sql {
namespace {

TEST(SplitTest, DispatchesByDialect) {
  // Only MySQL reads a backslash in '' as an escape, so the dialects disagree on where this ends.
  constexpr std::string_view kSql = "SELECT 'a\\';b'; SELECT 2";
  auto pg = Split(Dialect::kPostgres, kSql);
  ASSERT_EQ(2u, pg.size());
  EXPECT_EQ("SELECT 'a\\'", pg[0].text);
  auto sqlite = Split(Dialect::kSqlite, kSql);
  ASSERT_EQ(2u, sqlite.size());
  EXPECT_EQ("SELECT 'a\\'", sqlite[0].text);
  auto mysql = Split(Dialect::kMysql, kSql);
  ASSERT_EQ(2u, mysql.size());
  EXPECT_EQ("SELECT 'a\\';b'", mysql[0].text);
  EXPECT_EQ("SELECT 2", mysql[1].text);
}

}  // namespace
}  // namespace shiftway::sql
