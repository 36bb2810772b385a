// sql::Ident: the names split and lint write, bare where the database reads them back unchanged.
#include "core/sql/identifier.h"

#include <gtest/gtest.h>

namespace shiftway::sql {
namespace {

TEST(IdentifierTest, PostgresQuotesCaseKeywordsAndOtherCharacters) {
  EXPECT_EQ("users", Ident(Dialect::kPostgres, "users"));
  EXPECT_EQ("last_name2", Ident(Dialect::kPostgres, "last_name2"));
  EXPECT_EQ("name", Ident(Dialect::kPostgres, "name"));  // an unreserved keyword
  EXPECT_EQ("\"User\"", Ident(Dialect::kPostgres, "User"));
  EXPECT_EQ("\"order\"", Ident(Dialect::kPostgres, "order"));  // reserved
  EXPECT_EQ("\"user\"", Ident(Dialect::kPostgres, "user"));    // reserved
  EXPECT_EQ("\"time\"", Ident(Dialect::kPostgres, "time"));    // a column-name keyword: not a function name
  EXPECT_EQ("\"left\"", Ident(Dialect::kPostgres, "left"));    // a type/function-name keyword: not a table name
  EXPECT_EQ("\"9lives\"", Ident(Dialect::kPostgres, "9lives"));
  EXPECT_EQ("\"order lines\"", Ident(Dialect::kPostgres, "order lines"));
  EXPECT_EQ("\"a\"\"b\"", Ident(Dialect::kPostgres, "a\"b"));
  EXPECT_EQ("\"\"", Ident(Dialect::kPostgres, ""));
}

TEST(IdentifierTest, MysqlQuotesReservedWordsWithBackticks) {
  EXPECT_EQ("users", Ident(Dialect::kMysql, "users"));
  EXPECT_EQ("LastName", Ident(Dialect::kMysql, "LastName"));  // case is kept bare
  EXPECT_EQ("name", Ident(Dialect::kMysql, "name"));
  EXPECT_EQ("`order`", Ident(Dialect::kMysql, "order"));
  EXPECT_EQ("`Group`", Ident(Dialect::kMysql, "Group"));  // reserved in any case
  EXPECT_EQ("`offset`", Ident(Dialect::kMysql, "offset"));  // reserved in MariaDB only
  EXPECT_EQ("`window`", Ident(Dialect::kMysql, "window"));  // reserved in MySQL 8.0 only
  EXPECT_EQ("`a``b`", Ident(Dialect::kMysql, "a`b"));
  EXPECT_EQ("`order lines`", Ident(Dialect::kMysql, "order lines"));
}

TEST(IdentifierTest, SqliteQuotesItsKeywords) {
  EXPECT_EQ("users", Ident(Dialect::kSqlite, "users"));
  EXPECT_EQ("LastName", Ident(Dialect::kSqlite, "LastName"));
  EXPECT_EQ("\"order\"", Ident(Dialect::kSqlite, "order"));
  EXPECT_EQ("\"Key\"", Ident(Dialect::kSqlite, "Key"));
  EXPECT_EQ("\"x$y\"", Ident(Dialect::kSqlite, "x$y"));
}

TEST(IdentifierTest, TableNamesAreQuotedPartByPart) {
  EXPECT_EQ("app.users", TableIdent(Dialect::kPostgres, "app.users"));
  EXPECT_EQ("\"App\".\"order\"", TableIdent(Dialect::kPostgres, "App.order"));
  EXPECT_EQ("`order`", TableIdent(Dialect::kMysql, "order"));
  EXPECT_EQ("id, \"Email\"", IdentList(Dialect::kPostgres, {"id", "Email"}));
  EXPECT_EQ("'it''s'", Literal("it's"));
}

}  // namespace
}  // namespace shiftway::sql
