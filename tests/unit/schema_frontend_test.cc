// The schema front ends and type rules: what each dialect's statements turn into.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/schema/apply.h"
#include "core/schema/frontend.h"
#include "core/schema/plpgsql.h"
#include "core/schema/types.h"

namespace shiftway::schema {
namespace {

std::vector<std::string> Kinds(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.emplace_back(ChangeKindName(c.kind));
  return out;
}

TEST(PostgresFrontendTest, AlterTableWithSeveralClauses) {
  Model m;
  m.default_schema = "public";
  auto changes = ParsePostgres(
      "ALTER TABLE app.person ADD COLUMN email text NOT NULL DEFAULT '', ALTER COLUMN age TYPE bigint USING age::bigint, "
      "DROP COLUMN nick, ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID",
      m);
  EXPECT_EQ((std::vector<std::string>{"add-column", "alter-column-type", "drop-column", "add-constraint"}),
            Kinds(changes));
  EXPECT_EQ("app", changes[0].schema);
  EXPECT_EQ("person", changes[0].object);
  EXPECT_TRUE(changes[0].def.not_null);
  EXPECT_EQ("''", changes[0].def.default_expr);
  EXPECT_EQ("bigint", changes[1].def.type);
  EXPECT_EQ("age::bigint", changes[1].using_expr);
  EXPECT_EQ("email", changes[3].constraint.not_null_column);
  EXPECT_TRUE(changes[3].constraint.not_valid);
}

TEST(PostgresFrontendTest, SyntaxErrorIsUnparsedWithTheParsersWords) {
  Model m;
  auto changes = ParsePostgres("ALTER TABLE person ADD COLUMN", m);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ(ChangeKind::kUnparsed, changes[0].kind);
  EXPECT_EQ("PostgreSQL parser: syntax error at end of input", changes[0].detail);
}

// A multi-row INSERT of `rows` rows (several megabytes), with `bad` put in place of row `at`.
std::string LargeInsert(int rows, int at = -1, const std::string& bad = "", const std::string& tail = "") {
  std::string sql = "INSERT INTO person (id, name, note) VALUES\n";
  for (int i = 0; i < rows; ++i) {
    if (i > 0) sql += ",\n";
    sql += i == at ? bad : "(" + std::to_string(i) + ", 'name; (" + std::to_string(i) + "', $$a ) , ( note$$)";
  }
  return sql + tail;
}

TEST(PostgresFrontendTest, LargeInsertIsDataWithoutItsWholeTree) {
  Model m;
  const std::string sql = LargeInsert(100000, -1, "", " ON CONFLICT (id) DO NOTHING RETURNING id");
  ASSERT_GT(sql.size(), 3u << 20);
  auto changes = ParsePostgres(sql, m);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ(ChangeKind::kDml, changes[0].kind);
  EXPECT_EQ("Insert", changes[0].detail);
}

// The syntax of a large INSERT is checked slice by slice, and an error anywhere in it (a row in
// the middle, a missing comma between two slices, a broken tail) is the parser's own message for
// the whole statement, as for a small one.
TEST(PostgresFrontendTest, LargeInsertSyntaxErrorIsUnparsedAsWhenSmall) {
  Model m;
  for (const auto& [bad, tail] : std::vector<std::pair<std::string, std::string>>{
           {"(1, 'x', )", ""}, {"(1, 'x' 'y')", ""}, {"(1) (2)", ""}, {"(1, 'x', 'y')", " RETURNING"}}) {
    const std::string small = LargeInsert(3, 1, bad, tail);
    auto expected = ParsePostgres(small, m);
    ASSERT_EQ(1u, expected.size()) << small;
    ASSERT_EQ(ChangeKind::kUnparsed, expected[0].kind) << small;
    for (int at : {0, 25000, 49999}) {
      auto changes = ParsePostgres(LargeInsert(50000, at, bad, tail), m);
      ASSERT_EQ(1u, changes.size()) << bad << " at " << at;
      EXPECT_EQ(ChangeKind::kUnparsed, changes[0].kind) << bad << " at " << at;
      EXPECT_EQ(expected[0].detail, changes[0].detail) << bad << " at " << at;
    }
  }
}

TEST(MysqlParserTest, ChangeRedefinesTheWholeColumn) {
  Model m;
  Table t;
  t.name = "orders";
  t.columns.push_back(Column{"state", "varchar(20)", true, true, "'new'", false, false});
  m.tables[m.Key("", "orders")] = t;
  auto changes = ParseMysql("ALTER TABLE `orders` CHANGE COLUMN `state` `status` varchar(10) NULL, ALGORITHM=INPLACE", m);
  EXPECT_EQ((std::vector<std::string>{"rename-column", "alter-column-type", "drop-not-null", "drop-default"}),
            Kinds(changes));
  EXPECT_EQ("status", changes[0].new_name);
  EXPECT_EQ("varchar(10)", changes[1].def.type);
  EXPECT_EQ("INPLACE", changes[1].algorithm);
}

TEST(MysqlParserTest, CreateAndDropTrigger) {
  Model m;
  auto created = ParseMysql(
      "CREATE DEFINER=`app`@`%` TRIGGER app.person_touch BEFORE UPDATE ON person FOR EACH ROW FOLLOWS other "
      "BEGIN SET NEW.n = 1; END",
      m);
  ASSERT_EQ((std::vector<std::string>{"create-trigger"}), Kinds(created));
  EXPECT_EQ("app", created[0].schema);
  EXPECT_EQ("person", created[0].object);
  EXPECT_EQ("person_touch", created[0].column);
  EXPECT_EQ("BEFORE", created[0].trigger_def.timing);
  EXPECT_EQ("UPDATE", created[0].trigger_def.event);
  EXPECT_EQ("BEGIN SET NEW.n = 1; END", created[0].trigger_def.body);
  Apply(created[0], m, nullptr);
  // DROP TRIGGER names no table: the model's trigger of that name gives it.
  auto dropped = ParseMysql("DROP TRIGGER IF EXISTS app.person_touch", m);
  ASSERT_EQ((std::vector<std::string>{"drop-trigger"}), Kinds(dropped));
  EXPECT_EQ("person", dropped[0].object);
  Apply(dropped[0], m, nullptr);
  EXPECT_TRUE(m.triggers.empty());
  // SQLite's spelling: INSTEAD OF, UPDATE OF columns, WHEN in the body.
  auto sqlite = ParseMysql(
      "CREATE TRIGGER v_upd INSTEAD OF UPDATE OF a, b ON v FOR EACH ROW WHEN NEW.a > 0 BEGIN SELECT 1; END;", m, true);
  ASSERT_EQ((std::vector<std::string>{"create-trigger"}), Kinds(sqlite));
  EXPECT_EQ("INSTEAD OF", sqlite[0].trigger_def.timing);
  EXPECT_EQ("UPDATE OF a, b", sqlite[0].trigger_def.event);
  EXPECT_EQ("WHEN NEW.a > 0 BEGIN SELECT 1; END", sqlite[0].trigger_def.body);
}

TEST(MysqlParserTest, CreateTableWithKeysAndOptions) {
  Model m;
  auto changes = ParseMysql(
      "CREATE TABLE IF NOT EXISTS person (id bigint unsigned NOT NULL AUTO_INCREMENT, email varchar(200) NOT NULL, "
      "team_id int, PRIMARY KEY (id), UNIQUE KEY person_email (email), KEY person_team (team_id), "
      "CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
      m);
  ASSERT_EQ((std::vector<std::string>{"create-table", "create-index"}), Kinds(changes));
  const Table& t = changes[0].table_def;
  ASSERT_EQ(3u, t.columns.size());
  EXPECT_EQ("bigint unsigned", t.columns[0].type);
  EXPECT_TRUE(t.columns[0].generated);
  ASSERT_EQ(3u, t.constraints.size());
  EXPECT_EQ(Constraint::Kind::kForeignKey, t.constraints[2].kind);
  EXPECT_EQ("team", t.constraints[2].ref_table);
  EXPECT_EQ("person_team", changes[1].index.name);
}

TEST(MysqlParserTest, GarbageIsUnparsed) {
  Model m;
  for (const char* sql : {"", "(((", "ALTER", "ALTER TABLE", "ALTER TABLE t ADD", "CREATE TABLE t (a int",
                          "DROP", "RENAME TABLE a", "'unterminated"}) {
    auto changes = ParseMysql(sql, m);
    ASSERT_FALSE(changes.empty()) << sql;
  }
  EXPECT_EQ(ChangeKind::kUnparsed, ParseMysql("FROBNICATE t", m)[0].kind);
}

TEST(SqliteFrontendTest, CatalogDiffTellsRenameFromDrop) {
  auto fe = MakeFrontend(sql::Dialect::kSqlite);
  Model m;
  auto run = [&](const std::string& sql) {
    sql::Statement st;
    st.text = sql;
    auto changes = fe->Parse(st, m);
    for (auto& c : changes) {
      Annotate(c, m, nullptr);
      Apply(c, m, nullptr);
    }
    return changes;
  };
  run("CREATE TABLE person (id integer primary key, last_name text NOT NULL DEFAULT 'x')");
  auto renamed = run("ALTER TABLE person RENAME COLUMN last_name TO surname");
  ASSERT_EQ((std::vector<std::string>{"rename-column"}), Kinds(renamed));
  EXPECT_EQ("last_name", renamed[0].column);
  EXPECT_EQ("text", renamed[0].before->type);
  auto dropped = run("ALTER TABLE person DROP COLUMN surname");
  EXPECT_EQ((std::vector<std::string>{"drop-column"}), Kinds(dropped));
  EXPECT_EQ((std::vector<std::string>{"rename-table"}), Kinds(run("ALTER TABLE person RENAME TO people")));
}

// SQLite reads pragma_quick_check itself to test the rows already there; the front end used to
// refuse that, so the column existed only in the model and the index on it was never built.
TEST(SqliteFrontendTest, AddColumnWithCheckRunsInSqlite) {
  auto fe = MakeFrontend(sql::Dialect::kSqlite);
  Model m;
  // While replaying, a statement SQLite ran is "other" (its effect comes with Flush); one SQLite
  // refused comes back as what its text says.
  fe->SetReplay(true);
  for (const std::string sql :
       {"CREATE TABLE identities (id integer primary key, nid text)",
        "ALTER TABLE identities ADD COLUMN external_id VARCHAR(64) NULL CHECK (external_id != '')",
        "CREATE UNIQUE INDEX identities_ext ON identities (nid, external_id) WHERE external_id IS NOT NULL"}) {
    sql::Statement st;
    st.text = sql;
    EXPECT_EQ((std::vector<std::string>{"other"}), Kinds(fe->Parse(st, m))) << sql;
  }
  EXPECT_FALSE(fe->Snapshot().empty());
  auto changes = fe->Flush(m);
  ASSERT_EQ((std::vector<std::string>{"create-table", "create-index"}), Kinds(changes));
  EXPECT_TRUE(changes[0].table_def.FindColumn("external_id"));
  EXPECT_EQ((std::vector<std::string>{"nid", "external_id"}), changes[1].index.columns);
}

// A replay restored from a snapshot gives the model a replay that runs the statements gives.
TEST(SqliteFrontendTest, SnapshotOfAReplayRestoresTheSameModel) {
  const std::vector<std::string> released = {
      "CREATE TABLE person (id integer primary key, last_name text NOT NULL DEFAULT 'x')",
      "CREATE INDEX person_last ON person (last_name)",
      "ALTER TABLE person RENAME COLUMN last_name TO surname",
      "INSERT INTO person (surname) VALUES ('a')",
      "CREATE VIEW names AS SELECT id, surname FROM person",
  };
  auto replay = [&](Frontend& fe, Model& m) {
    fe.SetReplay(true);
    for (const auto& sql : released) {
      sql::Statement st;
      st.text = sql;
      for (auto& c : fe.Parse(st, m)) Apply(c, m, nullptr);
    }
  };
  auto finish = [](Frontend& fe, Model& m) {
    for (auto& c : fe.Flush(m)) {
      Annotate(c, m, nullptr);
      Apply(c, m, nullptr);
    }
    fe.SetReplay(false);
  };
  auto ran = MakeFrontend(sql::Dialect::kSqlite);
  Model ran_model;
  replay(*ran, ran_model);
  const std::string snapshot = ran->Snapshot();
  ASSERT_FALSE(snapshot.empty());
  finish(*ran, ran_model);

  auto restored = MakeFrontend(sql::Dialect::kSqlite);
  Model restored_model;
  restored->SetReplay(true);
  ASSERT_TRUE(restored->Restore(snapshot));
  replay(*restored, restored_model);
  finish(*restored, restored_model);
  ASSERT_TRUE(restored_model.FindTable("", "person"));
  EXPECT_TRUE(restored_model.FindTable("", "person")->FindColumn("surname"));
  EXPECT_FALSE(restored_model.FindTable("", "person")->FindColumn("last_name"));
  EXPECT_EQ(ran_model.tables.size(), restored_model.tables.size());
  EXPECT_EQ(ran_model.views.size(), restored_model.views.size());
  EXPECT_EQ(ran_model.indexes.size(), restored_model.indexes.size());

  // The next statement runs on the restored database, as on the one that ran them.
  sql::Statement st;
  st.text = "ALTER TABLE person DROP COLUMN surname";
  EXPECT_EQ((std::vector<std::string>{"drop-column"}), Kinds(restored->Parse(st, restored_model)));

  // Not a snapshot, or one of a replay that already started: refused, nothing changed.
  auto other = MakeFrontend(sql::Dialect::kSqlite);
  other->SetReplay(true);
  EXPECT_FALSE(other->Restore("not a snapshot"));
  std::string damaged = snapshot;
  damaged.resize(damaged.size() / 2);
  EXPECT_FALSE(other->Restore(damaged));
  EXPECT_FALSE(restored->Restore(snapshot));

  // A replay in which SQLite refused a statement has no snapshot.
  auto failed = MakeFrontend(sql::Dialect::kSqlite);
  Model failed_model;
  failed->SetReplay(true);
  sql::Statement bad;
  bad.text = "ALTER TABLE nowhere ADD COLUMN x int";
  failed->Parse(bad, failed_model);
  EXPECT_TRUE(failed->Snapshot().empty());
}

TEST(SqliteFrontendTest, StatementsCannotReachOutsideTheInMemoryDatabase) {
  auto fe = MakeFrontend(sql::Dialect::kSqlite);
  Model m;
  const auto path = std::filesystem::temp_directory_path() / "shiftway-lint-attach-test.db";
  std::filesystem::remove(path);
  for (std::string sql : {"ATTACH DATABASE '" + path.string() + "' AS other",
                          std::string("CREATE TABLE x AS SELECT * FROM pragma_database_list"),
                          "VACUUM INTO '" + path.string() + "'"}) {
    sql::Statement st;
    st.text = sql;
    fe->Parse(st, m);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

// Every branch is judged, in the order it is written: THEN, ELSIF, ELSE, then the handlers.
TEST(PlpgsqlTest, StatementsOfEveryBranchComeInTheOrderWritten) {
  const PlpgsqlBody body = ReadPlpgsql(
      "DO $$\nBEGIN\n  IF current_setting('app.mode') = 'a' THEN\n    DROP TABLE then_table;\n"
      "  ELSIF current_setting('app.mode') = 'b' THEN\n    DROP TABLE elsif_table;\n  ELSE\n    DROP TABLE else_table;\n"
      "  END IF;\nEXCEPTION WHEN others THEN\n  DROP TABLE handler_table;\nEND\n$$");
  ASSERT_TRUE(body.ok) << body.error;
  std::vector<std::pair<int, std::string>> got;
  for (const auto& s : body.statements) got.emplace_back(s.line, s.sql);
  EXPECT_EQ((std::vector<std::pair<int, std::string>>{{4, "DROP TABLE then_table"},
                                                      {6, "DROP TABLE elsif_table"},
                                                      {8, "DROP TABLE else_table"},
                                                      {11, "DROP TABLE handler_table"}}),
            got);
}

TEST(SqliteFrontendTest, RunawayStatementsAreStopped) {
  auto fe = MakeFrontend(sql::Dialect::kSqlite);
  Model m;
  sql::Statement st;
  st.text = "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";
  auto changes = fe->Parse(st, m);
  ASSERT_EQ(1u, changes.size());
  // SQLite gave up; the text still says a table was created, with columns we cannot know.
  EXPECT_EQ(ChangeKind::kCreateTable, changes[0].kind);
  EXPECT_TRUE(changes[0].table_def.columns_unknown);
}

TEST(TypesTest, WideningNarrowingAndFamilies) {
  EXPECT_EQ(TypeChange::kWidening, CompareTypes("varchar(50)", "varchar(100)"));
  EXPECT_EQ(TypeChange::kWidening, CompareTypes("character varying(50)", "text"));
  EXPECT_EQ(TypeChange::kSame, CompareTypes("int", "INTEGER"));
  EXPECT_EQ(TypeChange::kWidening, CompareTypes("integer", "bigint"));
  EXPECT_EQ(TypeChange::kNarrowing, CompareTypes("bigint", "int"));
  EXPECT_EQ(TypeChange::kNarrowing, CompareTypes("numeric(10,2)", "numeric(10,3)"));
  EXPECT_EQ(TypeChange::kWidening, CompareTypes("numeric(10,2)", "numeric(12,2)"));
  EXPECT_EQ(TypeChange::kFamilyChange, CompareTypes("text", "integer"));
  EXPECT_EQ(TypeChange::kFamilyChange, CompareTypes("int", "int unsigned"));
  EXPECT_EQ(TypeChange::kFamilyChange, CompareTypes("text[]", "integer[]"));
  EXPECT_EQ(TypeChange::kUnknown, CompareTypes("", "text"));
}

TEST(TypesTest, RewritesAndCopies) {
  EXPECT_FALSE(PostgresTypeChangeRewrites("varchar(50)", "varchar(100)", false));
  EXPECT_FALSE(PostgresTypeChangeRewrites("varchar(50)", "text", false));
  EXPECT_TRUE(PostgresTypeChangeRewrites("varchar(100)", "varchar(50)", false));
  EXPECT_TRUE(PostgresTypeChangeRewrites("integer", "bigint", false));
  EXPECT_TRUE(PostgresTypeChangeRewrites("text", "text", true) == true);
  EXPECT_EQ("", MysqlTypeChangeCopyReason("varchar(20)", "varchar(63)"));
  EXPECT_NE("", MysqlTypeChangeCopyReason("varchar(63)", "varchar(64)"));
  EXPECT_EQ("", MysqlTypeChangeCopyReason("varchar(64)", "varchar(1000)"));
  EXPECT_EQ("", MysqlTypeChangeCopyReason("enum('a','b')", "enum('a','b','c')"));
  EXPECT_NE("", MysqlTypeChangeCopyReason("int", "bigint"));
}

}  // namespace
}  // namespace shiftway::schema
