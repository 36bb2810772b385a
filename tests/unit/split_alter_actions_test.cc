// SplitAlterTable: the actions of one ALTER TABLE, for split to keep the ones it does not rewrite.
#include <gtest/gtest.h>

#include "core/split/clauses.h"

namespace shiftway::split {
namespace {

using sql::Dialect;

TEST(SplitAlterActionsTest, TakesTopLevelCommasOnly) {
  auto a = SplitAlterTable(Dialect::kPostgres,
                           "ALTER TABLE ONLY public.\"Person\" ADD COLUMN n numeric(10, 2) DEFAULT 'a,b',\n"
                           "  DROP COLUMN fax, ADD CONSTRAINT c CHECK (n IN (1, 2))");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ("ALTER TABLE ONLY ", a->head);
  EXPECT_EQ("public.\"Person\"", a->table);
  EXPECT_EQ((std::vector<std::string>{"ADD COLUMN n numeric(10, 2) DEFAULT 'a,b'", "DROP COLUMN fax",
                                      "ADD CONSTRAINT c CHECK (n IN (1, 2))"}),
            a->actions);
}

TEST(SplitAlterActionsTest, MysqlOptionsAreKeptApart) {
  auto a = SplitAlterTable(Dialect::kMysql, "ALTER TABLE `t` ADD COLUMN c int COMMENT 'it''s, \\' x', ALGORITHM=INPLACE, LOCK=NONE");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ("`t`", a->table);
  EXPECT_EQ((std::vector<std::string>{"ADD COLUMN c int COMMENT 'it''s, \\' x'"}), a->actions);
  EXPECT_EQ((std::vector<std::string>{"ALGORITHM=INPLACE", "LOCK=NONE"}), a->options);
}

TEST(SplitAlterActionsTest, RefusesWhatItCannotPlace) {
  // A comment between actions, an unbalanced parenthesis, dollar quoting, SQLite, not an ALTER TABLE.
  EXPECT_FALSE(SplitAlterTable(Dialect::kPostgres, "ALTER TABLE t DROP COLUMN a, -- old\n ADD COLUMN b int"));
  EXPECT_FALSE(SplitAlterTable(Dialect::kPostgres, "ALTER TABLE t ADD COLUMN b numeric(10, DROP COLUMN a"));
  EXPECT_FALSE(SplitAlterTable(Dialect::kPostgres, "ALTER TABLE t ADD COLUMN b text DEFAULT $$x,y$$"));
  EXPECT_FALSE(SplitAlterTable(Dialect::kSqlite, "ALTER TABLE t ADD COLUMN b int"));
  EXPECT_FALSE(SplitAlterTable(Dialect::kPostgres, "CREATE TABLE t (a int, b int)"));
}

}  // namespace
}  // namespace shiftway::split
