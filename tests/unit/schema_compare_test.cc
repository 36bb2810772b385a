// schema::CompareModels and NormalizeDefault: what counts as drift, and what is one thing spelled two ways.
#include "core/schema/compare.h"

#include <gtest/gtest.h>

#include "core/run/operations.h"

namespace shiftway::schema {
namespace {

std::string Messages(const std::vector<Difference>& diffs) {
  std::string out;
  for (const auto& d : diffs) out += std::string(d.KindName()) + ": " + d.Message() + "\n";
  return out;
}

Model WithPerson(const std::string& default_schema, const std::string& type, bool not_null, const std::string& dflt) {
  Model m;
  m.default_schema = default_schema;
  Table t;
  t.name = "person";
  Column id{"id", "integer"};
  id.not_null = true;
  Column name{"name", type};
  name.not_null = not_null;
  name.has_default = !dflt.empty();
  name.default_expr = dflt;
  t.columns = {id, name};
  Constraint pk;
  pk.kind = Constraint::Kind::kPrimaryKey;
  pk.columns = {"id"};
  t.constraints = {pk};
  m.tables[m.Key("", "person")] = t;
  return m;
}

TEST(NormalizeDefaultTest, CastsCaseParenthesesAndNumbersAreSpelling) {
  EXPECT_EQ("'x'", NormalizeDefault("'x'::text"));
  EXPECT_EQ("'a b'", NormalizeDefault("'a b'::character varying"));
  EXPECT_EQ("'{}'", NormalizeDefault("'{}'::jsonb"));
  EXPECT_EQ("0", NormalizeDefault("(0)"));
  EXPECT_EQ("-1", NormalizeDefault("'-1'::integer"));
  EXPECT_EQ("0", NormalizeDefault("0.00"));
  EXPECT_EQ("1.5", NormalizeDefault("1.50"));
  EXPECT_EQ("current_timestamp", NormalizeDefault("now()"));
  EXPECT_EQ("current_timestamp", NormalizeDefault("current_timestamp()"));
  EXPECT_EQ("current_timestamp", NormalizeDefault("CURRENT_TIMESTAMP"));
  EXPECT_EQ("", NormalizeDefault("NULL"));
  EXPECT_EQ("'ABC'", NormalizeDefault("'ABC'"));  // case inside quotes is the value
  EXPECT_NE(NormalizeDefault("'a'"), NormalizeDefault("'b'"));
}

TEST(CompareModelsTest, SameSchemaSpelledTwoWaysIsNoDrift) {
  Model replay = WithPerson("public", "varchar(50)", true, "'x'");
  Model live = WithPerson("public", "character varying(50)", true, "'x'::character varying");
  live.tables.begin()->second.constraints[0].name = "person_pkey";  // the database names it
  EXPECT_EQ("", Messages(CompareModels(replay, live, {})));
}

TEST(CompareModelsTest, TypeNullabilityAndDefaultChangesAreNamed) {
  Model replay = WithPerson("public", "varchar(50)", true, "'x'");
  Model live = WithPerson("public", "text", false, "'y'::text");
  EXPECT_EQ(
      "changed: column person.name has type text in the database, but the migrations give varchar(50)\n"
      "changed: column person.name has nullability null in the database, but the migrations give not null\n"
      "changed: column person.name has default 'y'::text in the database, but the migrations give 'x'\n",
      Messages(CompareModels(replay, live, {})));
}

TEST(CompareModelsTest, UniqueConstraintAndUniqueIndexOnTheSameColumnsAreOneKey) {
  Model replay = WithPerson("", "varchar(50)", true, "");
  Constraint u;
  u.kind = Constraint::Kind::kUnique;
  u.columns = {"name"};
  replay.tables.begin()->second.constraints.push_back(u);
  Model live = WithPerson("", "varchar(50)", true, "");
  Index idx;
  idx.name = "person_name";
  idx.table = "person";
  idx.columns = {"name"};
  idx.unique = true;
  live.indexes[live.Key("", "person_name")] = idx;
  EXPECT_EQ("", Messages(CompareModels(replay, live, {sql::Dialect::kMysql, false})));
  live.indexes.clear();
  EXPECT_EQ("missing: unique key person (name) is created by the migrations but missing from the database\n",
            Messages(CompareModels(replay, live, {sql::Dialect::kMysql, false})));
}

TEST(CompareModelsTest, MysqlForeignKeyIndexIsTheServersOwn) {
  Model replay = WithPerson("", "int", true, "");
  Constraint fk;
  fk.kind = Constraint::Kind::kForeignKey;
  fk.columns = {"name"};
  fk.ref_table = "other";
  fk.ref_columns = {"id"};
  replay.tables.begin()->second.constraints.push_back(fk);
  Model live = replay;
  Index idx;
  idx.name = "person_ibfk_1";
  idx.table = "person";
  idx.columns = {"name"};
  live.indexes[live.Key("", idx.name)] = idx;
  EXPECT_EQ("", Messages(CompareModels(replay, live, {sql::Dialect::kMysql, false})));
  // PostgreSQL creates no such index: one there is drift.
  EXPECT_EQ("extra: index person_ibfk_1 on person (name) is in the database but no migration creates it\n",
            Messages(CompareModels(replay, live, {sql::Dialect::kPostgres, true})));
}

TEST(CompareModelsTest, UnnamedIndexPairsWithTheDatabasesName) {
  Model replay = WithPerson("public", "text", false, "");
  Index idx;
  idx.name = "";
  idx.table = "person";
  idx.columns = {"name"};
  replay.indexes[replay.Key("", "person_idx")] = idx;  // what Apply keys an unnamed index by
  Model live = WithPerson("public", "text", false, "");
  idx.name = "person_name_idx";
  live.indexes[live.Key("", "person_name_idx")] = idx;
  EXPECT_EQ("", Messages(CompareModels(replay, live, {})));
}

TEST(GlobMatchTest, StarQuestionMarkAndCase) {
  EXPECT_TRUE(schema::GlobMatch("audit_*", "audit_log"));
  EXPECT_TRUE(schema::GlobMatch("AUDIT_*", "audit_log"));
  EXPECT_TRUE(schema::GlobMatch("person.nick*", "person.nickname"));
  EXPECT_TRUE(schema::GlobMatch("t?", "t1"));
  EXPECT_FALSE(schema::GlobMatch("t?", "t12"));
  EXPECT_FALSE(schema::GlobMatch("audit_*", "person"));
  EXPECT_TRUE(schema::GlobMatch("*", ""));
}

}  // namespace
}  // namespace shiftway::schema
