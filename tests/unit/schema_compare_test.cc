// schema::CompareModels and NormalizeDefault: what counts as drift, and what is one thing spelled two ways.
#include "core/schema/compare.h"

#include <gtest/gtest.h>


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

TEST(NormalizeSqlTextTest, WhitespaceCommentsAndCaseAreSpelling) {
  EXPECT_EQ("set new.a=1", NormalizeSqlText("SET  NEW.a = 1;"));
  EXPECT_EQ(NormalizeSqlText("BEGIN\n  UPDATE t SET n = 1; -- bump\nEND"),
            NormalizeSqlText("begin update t set n=1; /* bump */ end"));
  EXPECT_EQ("set new.a='A  b'", NormalizeSqlText("SET NEW.a = 'A  b'"));  // a literal is kept as written
  EXPECT_EQ("select \"Name\" from t", NormalizeSqlText("SELECT \"Name\"\nFROM t"));
  EXPECT_EQ("x='it''s'", NormalizeSqlText("x = 'it''s'"));
  EXPECT_NE(NormalizeSqlText("SET NEW.a = 1"), NormalizeSqlText("SET NEW.a = 2"));
  EXPECT_NE(NormalizeSqlText("SET NEW.a = 'x'"), NormalizeSqlText("SET NEW.a = 'X'"));
  EXPECT_NE(NormalizeSqlText("a b"), NormalizeSqlText("ab"));
}

TEST(CompareModelsTest, TriggerTimingEventAndBodyAreCompared) {
  Model replay = WithPerson("", "text", false, "");
  Model live = replay;
  replay.triggers[".person.t"] = Trigger{"", "person", "t", "", "BEFORE", "UPDATE", "", "SET NEW.name = 'x'"};
  live.triggers[".person.t"] = Trigger{"", "person", "t", "", "AFTER", "UPDATE", "", "SET  NEW.name = 'x';"};
  EXPECT_EQ("changed: trigger person.t has timing AFTER in the database, but the migrations give BEFORE\n",
            Messages(CompareModels(replay, live, {.dialect = sql::Dialect::kMysql})));
  live.triggers[".person.t"].timing = "BEFORE";
  live.triggers[".person.t"].body = "SET NEW.name = 'y'";
  EXPECT_EQ("changed: trigger person.t has body SET NEW.name = 'y' in the database, but the migrations give SET "
            "NEW.name = 'x'\n",
            Messages(CompareModels(replay, live, {.dialect = sql::Dialect::kMysql})));
  // A side that does not know the body (a statement the front end did not read) says nothing about it.
  replay.triggers[".person.t"].body.clear();
  EXPECT_EQ("", Messages(CompareModels(replay, live, {.dialect = sql::Dialect::kMysql})));
}

TEST(CompareModelsTest, CompositeAttributesTheModelLostAreNotCompared) {
  Model replay;
  replay.default_schema = "public";
  Model live = replay;
  NamedType t{"", "span", "composite type", "", "", {Column{"lo", "int4"}}};
  replay.types["public.span"] = t;
  t.attributes.push_back(Column{"hi", "integer"});
  live.types["public.span"] = t;
  EXPECT_EQ("changed: composite type span has attributes lo int4, hi integer in the database, but the migrations "
            "give lo int4\n",
            Messages(CompareModels(replay, live, {})));
  replay.types["public.span"].attributes_known = false;
  EXPECT_EQ("", Messages(CompareModels(replay, live, {})));
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

// lint --against-db: the catalog wins where the two differ; elsewhere replay's objects stay, with
// what only replay knows.
TEST(ReconcileModelsTest, TheDatabaseWinsWhereTheyDifferAndReplayStaysWhereTheyAgree) {
  Model replay = WithPerson("app", "text", false, "");
  Table& person = replay.tables.at("app.person");
  person.columns[0].default_refs = {"sequence:app.person_id_seq"};  // what the catalog does not read
  Table orders;
  orders.schema = "";
  orders.name = "orders";
  orders.columns_unknown = true;  // CREATE TABLE ... AS
  replay.tables["app.orders"] = orders;
  Index gone{"", "person_name_idx", "person", {"name"}, false};
  replay.indexes["app.person_name_idx"] = gone;
  Table elsewhere;
  elsewhere.schema = "other";
  elsewhere.name = "t";
  replay.tables["other.t"] = elsewhere;  // in a schema the database side was not read from

  Model live = WithPerson("app", "varchar(20)", false, "");
  Column nickname{"nickname", "text"};
  live.tables.at("app.person").columns.push_back(nickname);
  Table known = orders;
  known.columns_unknown = false;
  known.columns = {Column{"id", "integer"}};
  live.tables["app.orders"] = known;
  Table legacy;
  legacy.name = "legacy";
  legacy.columns = {Column{"id", "integer"}};
  live.tables["app.legacy"] = legacy;

  CompareOptions options;
  options.schemas = {"app"};
  Model merged;
  EXPECT_EQ(
      "extra: table legacy is in the database but no migration creates it\n"
      "changed: column person.name has type varchar(20) in the database, but the migrations give text\n"
      "extra: column person.nickname is in the database but no migration creates it\n"
      "missing: index person_name_idx on person (name) is created by the migrations but missing from the "
      "database\n",
      Messages(ReconcileModels(replay, live, options, &merged)));
  const Table& p = merged.tables.at("app.person");
  ASSERT_EQ(3u, p.columns.size());
  EXPECT_EQ(std::vector<std::string>{"sequence:app.person_id_seq"}, p.columns[0].default_refs);
  EXPECT_EQ("varchar(20)", p.columns[1].type);
  EXPECT_EQ("nickname", p.columns[2].name);
  EXPECT_EQ(1u, merged.tables.count("app.legacy"));
  EXPECT_FALSE(merged.tables.at("app.orders").columns_unknown);
  EXPECT_EQ(0u, merged.indexes.count("app.person_name_idx"));
  EXPECT_EQ(1u, merged.tables.count("other.t"));
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
