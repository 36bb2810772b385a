// `split`, `promote` and the contract lifecycle on real databases: the real binary writes and
// applies the migrations, and raw client connections play the two app versions that share the
// database during a rolling deploy. PostgreSQL and MariaDB come from scripts/test-servers.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/split_harness.h"

namespace {
namespace fs = std::filesystem;
using namespace shiftway_test;

class SplitBehaviourTest : public SplitFixture {};

// The person story: V1 released, V2 renames last_name; split makes it expand + held contract.
TEST_P(SplitBehaviourTest, RenameColumnKeepsBothAppVersionsWorkingThenContracts) {
  Write("sql/V1__create_person.sql", kV1);
  Write("sql/V2__rename_last_name_to_surname.sql", "ALTER TABLE person RENAME COLUMN last_name TO surname;\n");
  Ran r = Sw("migrate --target 1");
  ASSERT_EQ(0, r.exit) << r.output;

  r = Sw("split sql/V2__rename_last_name_to_surname.sql --since 1");
  ASSERT_EQ(0, r.exit) << r.output;
  const std::string held = "contract/after_V2__contract_rename_last_name_to_surname.sql";
  ASSERT_TRUE(fs::exists(work_ / held)) << r.output;
  EXPECT_NE(std::string::npos, Read("sql/V2__rename_last_name_to_surname.sql").find("-- shiftway:deprecate column person.last_name"));
  ExpectSilentLint("1");

  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;

  auto old_app = App();  // app N-1: knows last_name only
  auto new_app = App();  // app N: knows surname only
  // The backfill copied the released rows.
  EXPECT_EQ("Lovelace", new_app->Scalar("SELECT surname FROM person WHERE id = 1"));
  // Inserts, each seen by the other version.
  old_app->Exec("INSERT INTO person (id, first_name, last_name) VALUES (3, 'Alan', 'Turing')");
  EXPECT_EQ("Turing", new_app->Scalar("SELECT surname FROM person WHERE id = 3"));
  new_app->Exec("INSERT INTO person (id, first_name, surname) VALUES (4, 'Edsger', 'Dijkstra')");
  EXPECT_EQ("Dijkstra", old_app->Scalar("SELECT last_name FROM person WHERE id = 4"));
  // Updates, both ways.
  old_app->Exec("UPDATE person SET last_name = 'King' WHERE id = 1");
  EXPECT_EQ("King", new_app->Scalar("SELECT surname FROM person WHERE id = 1"));
  new_app->Exec("UPDATE person SET surname = 'Murray Hopper' WHERE id = 2");
  EXPECT_EQ("Murray Hopper", old_app->Scalar("SELECT last_name FROM person WHERE id = 2"));
  // An update of another column keeps both in step.
  old_app->Exec("UPDATE person SET first_name = 'Augusta' WHERE id = 1");
  EXPECT_EQ("King", new_app->Scalar("SELECT surname FROM person WHERE id = 1"));
  old_app.reset();
  new_app.reset();

  // The next release: promote the contract, lint it against the expand's release, apply it.
  r = Sw("info");
  EXPECT_NE(std::string::npos, r.output.find(held)) << r.output;
  r = Sw("promote");
  ASSERT_EQ(0, r.exit) << r.output;
  EXPECT_TRUE(fs::exists(work_ / "sql/V3__contract_rename_last_name_to_surname.sql")) << r.output;
  EXPECT_FALSE(fs::exists(work_ / held));
  ExpectSilentLint("2");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT last_name FROM person"));
  app->Exec("INSERT INTO person (id, first_name, surname) VALUES (5, 'Barbara', 'Liskov')");
  EXPECT_EQ("Liskov", app->Scalar("SELECT surname FROM person WHERE id = 5"));
  EXPECT_EQ("Murray Hopper", app->Scalar("SELECT surname FROM person WHERE id = 2"));
}

// Shipping the contract in the same release as the expand is what contract-too-early is for.
TEST_P(SplitBehaviourTest, ContractInTheSameReleaseIsTooEarly) {
  Write("sql/V1__create_person.sql", kV1);
  Write("sql/V2__rename_last_name_to_surname.sql", "ALTER TABLE person RENAME COLUMN last_name TO surname;\n");
  ASSERT_EQ(0, Sw("migrate --target 1").exit);
  Ran r = Sw("split sql/V2__rename_last_name_to_surname.sql --since 1");
  ASSERT_EQ(0, r.exit) << r.output;
  r = Sw("promote");  // too soon: still the release that ships V2
  ASSERT_EQ(0, r.exit) << r.output;
  r = Sw("lint --since 1");
  EXPECT_EQ(1, r.exit) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("[contract-too-early]")) << r.output;
  r = Sw("migrate --lint");
  EXPECT_EQ(1, r.exit) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("[contract-too-early]")) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("nothing was applied")) << r.output;
}

// A file the boundary says was released is never rewritten.
TEST_P(SplitBehaviourTest, RefusesAnAppliedFile) {
  Write("sql/V1__create_person.sql", kV1);
  Write("sql/V2__rename_last_name_to_surname.sql", "ALTER TABLE person RENAME COLUMN last_name TO surname;\n");
  ASSERT_EQ(0, Sw("migrate").exit);
  Ran r = Sw("split sql/V2__rename_last_name_to_surname.sql --against-db");
  EXPECT_EQ(2, r.exit) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("was already applied")) << r.output;
  EXPECT_EQ("ALTER TABLE person RENAME COLUMN last_name TO surname;\n", Read("sql/V2__rename_last_name_to_surname.sql"));
}

INSTANTIATE_TEST_SUITE_P(Databases, SplitBehaviourTest, testing::Values(Db::kSqlite, Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return DbName(i.param); });

// The other changes split claims, each run on every database: the expand keeps app N-1 working
// next to app N, lint is silent on it, and the promoted contract applies in the next release.
class SplitChangeTest : public SplitBehaviourTest {
 protected:
  /// V1 released and applied, V2 split with `flags`, lint silent, the expand applied.
  void ExpandV2(const std::string& v2, const std::string& flags = "") {
    Ran r = Sw("migrate --target 1");
    ASSERT_EQ(0, r.exit) << r.output;
    r = Sw("split sql/" + v2 + " --since 1" + (flags.empty() ? "" : " " + flags));
    ASSERT_EQ(0, r.exit) << r.output;
    ExpectSilentLint("1");
    r = Sw("migrate");
    ASSERT_EQ(0, r.exit) << r.output << "\n" << Read("sql/" + v2);
  }
  /// The next release: promote, lint silent with the expand's release as the boundary, migrate.
  void Contract(const std::vector<std::string>& promoted) {
    Ran r = Sw("promote");
    ASSERT_EQ(0, r.exit) << r.output;
    for (const auto& f : promoted) EXPECT_TRUE(fs::exists(work_ / "sql" / f)) << f << "\n" << r.output;
    ExpectSilentLint("2");
    r = Sw("migrate");
    ASSERT_EQ(0, r.exit) << r.output;
    r = Sw("info");
    for (const auto& f : promoted) {
      const std::string v = f.substr(1, f.find("__") - 1);
      EXPECT_NE(std::string::npos, r.output.find(v)) << r.output;
    }
  }
};

TEST_P(SplitChangeTest, RenameTableKeepsTheOldNameAsAView) {
  // status has a default that app N-1's inserts rely on, through the view too.
  Write("sql/V1__create_person.sql",
        "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  first_name varchar(100),\n  last_name varchar(100),\n"
        "  status varchar(10) NOT NULL DEFAULT 'active'\n);\n"
        "INSERT INTO person (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace');\n"
        "INSERT INTO person (id, first_name, last_name) VALUES (2, 'Grace', 'Hopper');\n");
  Write("sql/V2__rename_person_to_people.sql", "ALTER TABLE person RENAME TO people;\n");
  ASSERT_NO_FATAL_FAILURE(ExpandV2("V2__rename_person_to_people.sql"));
  EXPECT_NE(std::string::npos, Read("sql/V2__rename_person_to_people.sql").find("-- shiftway:deprecate view person"));

  auto old_app = App();  // app N-1: knows person only
  auto new_app = App();  // app N: knows people only
  EXPECT_EQ("Lovelace", new_app->Scalar("SELECT last_name FROM people WHERE id = 1"));
  EXPECT_EQ("Hopper", old_app->Scalar("SELECT last_name FROM person WHERE id = 2"));
  old_app->Exec("INSERT INTO person (id, first_name, last_name) VALUES (3, 'Alan', 'Turing')");
  EXPECT_EQ("Turing", new_app->Scalar("SELECT last_name FROM people WHERE id = 3"));
  EXPECT_EQ("active", new_app->Scalar("SELECT status FROM people WHERE id = 3"));
  new_app->Exec("INSERT INTO people (id, first_name, last_name) VALUES (4, 'Edsger', 'Dijkstra')");
  EXPECT_EQ("Dijkstra", old_app->Scalar("SELECT last_name FROM person WHERE id = 4"));
  old_app->Exec("UPDATE person SET last_name = 'King' WHERE id = 1");
  EXPECT_EQ("King", new_app->Scalar("SELECT last_name FROM people WHERE id = 1"));
  new_app->Exec("UPDATE people SET last_name = 'Murray Hopper' WHERE id = 2");
  EXPECT_EQ("Murray Hopper", old_app->Scalar("SELECT last_name FROM person WHERE id = 2"));
  old_app->Exec("DELETE FROM person WHERE id = 3");
  EXPECT_EQ("0", new_app->Scalar("SELECT COUNT(*) FROM people WHERE id = 3"));
  EXPECT_EQ("3", old_app->Scalar("SELECT COUNT(*) FROM person"));
  old_app.reset();
  new_app.reset();

  ASSERT_NO_FATAL_FAILURE(Contract({"V3__contract_rename_person_to_people.sql"}));
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT * FROM person"));
  EXPECT_EQ("3", app->Scalar("SELECT COUNT(*) FROM people"));
  app->Exec("INSERT INTO people (id, first_name, last_name) VALUES (5, 'Barbara', 'Liskov')");
  EXPECT_EQ("Liskov", app->Scalar("SELECT last_name FROM people WHERE id = 5"));
}

TEST_P(SplitChangeTest, SetNotNullBackfillsAndEnforcesInTheContract) {
  Write("sql/V1__create_person.sql",
        std::string(kV1) + "INSERT INTO person (id, first_name, last_name) VALUES (3, 'Alan', NULL);\n");
  switch (GetParam()) {
    case Db::kSqlite:
      Write("sql/V2__last_name_required.sql",
            "CREATE TABLE new_person (\n  id integer PRIMARY KEY,\n  first_name varchar(100),\n"
            "  last_name varchar(100) NOT NULL\n);\n"
            "INSERT INTO new_person (id, first_name, last_name) SELECT id, first_name, COALESCE(last_name, '?') FROM person;\n"
            "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n");
      break;
    case Db::kPostgres:
      Write("sql/V2__last_name_required.sql", "ALTER TABLE person ALTER COLUMN last_name SET NOT NULL;\n");
      break;
    case Db::kMysql:
      Write("sql/V2__last_name_required.sql", "ALTER TABLE person MODIFY last_name varchar(100) NOT NULL;\n");
      break;
  }
  ASSERT_EQ(0, Sw("migrate --target 1").exit);
  Ran r = Sw("split sql/V2__last_name_required.sql --since 1");
  EXPECT_EQ(2, r.exit) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("--default")) << r.output;
  ASSERT_NO_FATAL_FAILURE(ExpandV2("V2__last_name_required.sql", "--default \"'unknown'\""));
  EXPECT_EQ(std::string::npos, Read("sql/V2__last_name_required.sql").find("IS NOT NULL)"))
      << "the expand must not add the check";

  auto old_app = App(), new_app = App();
  EXPECT_EQ("unknown", new_app->Scalar("SELECT last_name FROM person WHERE id = 3"));
  // App N-1 may still write NULL while the expand is live.
  old_app->Exec("INSERT INTO person (id, first_name, last_name) VALUES (4, 'Edsger', NULL)");
  old_app->Exec("UPDATE person SET last_name = NULL WHERE id = 2");
  new_app->Exec("INSERT INTO person (id, first_name, last_name) VALUES (5, 'Barbara', 'Liskov')");
  EXPECT_EQ("Liskov", old_app->Scalar("SELECT last_name FROM person WHERE id = 5"));
  old_app.reset();
  new_app.reset();

  std::vector<std::string> promoted = {"V3__contract_last_name_required.sql"};
  if (GetParam() == Db::kPostgres) promoted.push_back("V4__contract_last_name_required_validate.sql");
  ASSERT_NO_FATAL_FAILURE(Contract(promoted));
  auto app = App();
  EXPECT_TRUE(app->Fails("INSERT INTO person (id, first_name, last_name) VALUES (6, 'Ken', NULL)"));
  EXPECT_TRUE(app->Fails("UPDATE person SET last_name = NULL WHERE id = 1"));
  EXPECT_EQ("unknown", app->Scalar("SELECT last_name FROM person WHERE id = 4"));
  EXPECT_EQ("unknown", app->Scalar("SELECT last_name FROM person WHERE id = 2"));
  EXPECT_EQ("Lovelace", app->Scalar("SELECT last_name FROM person WHERE id = 1"));
  EXPECT_EQ("0", app->Scalar("SELECT COUNT(*) FROM person WHERE last_name IS NULL"));
  EXPECT_EQ("5", app->Scalar("SELECT COUNT(*) FROM person"));
  if (GetParam() == Db::kPostgres) {
    // The column itself is NOT NULL, and the helper check is gone.
    EXPECT_EQ("NO", app->Scalar("SELECT is_nullable FROM information_schema.columns WHERE table_schema = '" +
                                schema_ + "' AND table_name = 'person' AND column_name = 'last_name'"));
    EXPECT_EQ("0", app->Scalar("SELECT COUNT(*) FROM pg_constraint WHERE conrelid = '" + schema_ +
                               ".person'::regclass AND contype = 'c'"));
  }
}

TEST_P(SplitChangeTest, DropColumnOnlyDeprecatesThenDrops) {
  Write("sql/V1__create_person.sql",
        "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  name varchar(100),\n  fax varchar(30) NOT NULL\n);\n"
        "INSERT INTO person (id, name, fax) VALUES (1, 'Ada', '+44 1');\n");
  Write("sql/V2__drop_fax.sql", "ALTER TABLE person DROP COLUMN fax;\n");
  ASSERT_NO_FATAL_FAILURE(ExpandV2("V2__drop_fax.sql"));
  EXPECT_NE(std::string::npos, Read("sql/V2__drop_fax.sql").find("-- shiftway:deprecate column person.fax"));

  auto old_app = App(), new_app = App();
  // App N-1 still reads and writes fax.
  EXPECT_EQ("+44 1", old_app->Scalar("SELECT fax FROM person WHERE id = 1"));
  old_app->Exec("INSERT INTO person (id, name, fax) VALUES (2, 'Grace', '+1 2')");
  old_app->Exec("UPDATE person SET fax = '+44 3' WHERE id = 1");
  EXPECT_EQ("+44 3", old_app->Scalar("SELECT fax FROM person WHERE id = 1"));
  // App N leaves it out: the expand made it nullable.
  new_app->Exec("INSERT INTO person (id, name) VALUES (3, 'Alan')");
  EXPECT_EQ("Alan", old_app->Scalar("SELECT name FROM person WHERE id = 3"));
  EXPECT_EQ("Grace", new_app->Scalar("SELECT name FROM person WHERE id = 2"));
  old_app.reset();
  new_app.reset();

  ASSERT_NO_FATAL_FAILURE(Contract({"V3__contract_drop_fax.sql"}));
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT fax FROM person"));
  EXPECT_EQ("3", app->Scalar("SELECT COUNT(*) FROM person"));
}

TEST_P(SplitChangeTest, DropTableOnlyDeprecatesThenDrops) {
  Write("sql/V1__create_audit_log.sql",
        std::string(kV1) + "CREATE TABLE audit_log (id integer PRIMARY KEY, entry varchar(200));\n"
                           "INSERT INTO audit_log (id, entry) VALUES (1, 'created');\n");
  Write("sql/V2__drop_audit_log.sql", "DROP TABLE audit_log;\n");
  ASSERT_NO_FATAL_FAILURE(ExpandV2("V2__drop_audit_log.sql"));
  EXPECT_NE(std::string::npos, Read("sql/V2__drop_audit_log.sql").find("-- shiftway:deprecate table audit_log"));

  auto old_app = App();
  EXPECT_EQ("created", old_app->Scalar("SELECT entry FROM audit_log WHERE id = 1"));
  old_app->Exec("INSERT INTO audit_log (id, entry) VALUES (2, 'still written')");
  EXPECT_EQ("2", old_app->Scalar("SELECT COUNT(*) FROM audit_log"));
  old_app.reset();

  ASSERT_NO_FATAL_FAILURE(Contract({"V3__contract_drop_audit_log.sql"}));
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT * FROM audit_log"));
  EXPECT_EQ("2", app->Scalar("SELECT COUNT(*) FROM person"));
}

INSTANTIATE_TEST_SUITE_P(Databases, SplitChangeTest, testing::Values(Db::kSqlite, Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return DbName(i.param); });

// Type changes and new required columns, on every database (SQLite: table rebuilds).
class SplitTypeTest : public SplitBehaviourTest {};

TEST_P(SplitTypeTest, ChangeColumnTypeWithUpAndDown) {
  Write("sql/V1__item.sql",
        "CREATE TABLE item (id integer PRIMARY KEY, price varchar(20), name varchar(50));\n"
        "INSERT INTO item (id, price, name) VALUES (1, '12', 'a');\n"
        "INSERT INTO item (id, price, name) VALUES (4, '012', 'd');\n");
  if (GetParam() == Db::kSqlite) {
    Write("sql/V2__price_to_integer.sql",
          "CREATE TABLE new_item (id integer PRIMARY KEY, price integer, name varchar(50));\n"
          "INSERT INTO new_item (id, price, name) SELECT id, CAST(price AS integer), name FROM item;\n"
          "DROP TABLE item;\nALTER TABLE new_item RENAME TO item;\n");
  } else if (GetParam() == Db::kPostgres) {
    Write("sql/V2__price_to_integer.sql", "ALTER TABLE item ALTER COLUMN price TYPE integer USING price::integer;\n");
  } else {
    Write("sql/V2__price_to_integer.sql", "ALTER TABLE item MODIFY price integer;\n");
  }
  ASSERT_EQ(0, Sw("migrate --target 1").exit);
  Ran r = Sw("split sql/V2__price_to_integer.sql --since 1");
  // The column cannot keep its name through expand and contract: refused unless asked to rename it.
  EXPECT_EQ(2, r.exit) << r.output;
  EXPECT_NE(std::string::npos,
            r.output.find("error: sql/V2__price_to_integer.sql:" + std::string(GetParam() == Db::kSqlite ? "3" : "1") +
                          ": change-column-type: split cannot change the type of item.price from varchar(20) to "
                          "integer and keep the name price: "))
      << r.output;
  EXPECT_NE(std::string::npos, r.output.find("help: pass --as-new-column to end with the column renamed to price_new"))
      << r.output;
  r = Sw("split sql/V2__price_to_integer.sql --since 1 --as-new-column");
  EXPECT_EQ(2, r.exit) << r.output;
  // PostgreSQL's USING gives --up; the others need both.
  EXPECT_NE(std::string::npos, r.output.find(GetParam() == Db::kPostgres ? "--down" : "--up")) << r.output;
  if (GetParam() == Db::kMysql) {
    // MariaDB casts to CHAR, not VARCHAR.
    r = Sw("split sql/V2__price_to_integer.sql --since 1 --as-new-column --up 'CAST(price AS signed)' --down 'CAST(price_new AS char(20))'");
  } else {
    r = Sw("split sql/V2__price_to_integer.sql --since 1 --as-new-column --up 'CAST(price AS integer)' --down 'CAST(price_new AS varchar(20))'");
  }
  ASSERT_EQ(0, r.exit) << r.output;
  // Both headers say that the column ends under another name than the original migration's.
  EXPECT_NE(std::string::npos, Read("sql/V2__price_to_integer.sql")
                                   .find("--   item.price ends RENAMED to price_new (--as-new-column): the original "
                                         "migration kept the name price; the contract drops price\n"));
  EXPECT_NE(std::string::npos, Read("contract/after_V2__contract_price_to_integer.sql")
                                   .find("-- item.price is dropped here and the column stays price_new (integer): "
                                         "--as-new-column renamed it, where the original migration kept the name price.\n"));
  ExpectSilentLint("1");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto old_app = App(), new_app = App();
  EXPECT_EQ("12", new_app->Scalar("SELECT price_new FROM item WHERE id = 1"));
  // The backfill converts into the new column and leaves the running release's value as it was.
  EXPECT_EQ("12", new_app->Scalar("SELECT price_new FROM item WHERE id = 4"));
  EXPECT_EQ("012", old_app->Scalar("SELECT price FROM item WHERE id = 4"));
  old_app->Exec("INSERT INTO item (id, price, name) VALUES (2, '7', 'b')");
  EXPECT_EQ("7", new_app->Scalar("SELECT price_new FROM item WHERE id = 2"));
  new_app->Exec("INSERT INTO item (id, price_new, name) VALUES (3, 9, 'c')");
  EXPECT_EQ("9", old_app->Scalar("SELECT price FROM item WHERE id = 3"));
  new_app->Exec("UPDATE item SET price_new = 15 WHERE id = 1");
  EXPECT_EQ("15", old_app->Scalar("SELECT price FROM item WHERE id = 1"));
  old_app.reset();
  new_app.reset();
  ASSERT_EQ(0, Sw("promote").exit);
  ExpectSilentLint("2");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT price FROM item"));
  EXPECT_EQ("15", app->Scalar("SELECT price_new FROM item WHERE id = 1"));
}

// A wider new type: app N's values must survive the sync even though the old type cannot hold
// them (the old column gets the rounded value; the new one keeps what app N wrote).
TEST_P(SplitTypeTest, WiderTypeKeepsAppNsValues) {
  Write("sql/V1__item.sql",
        "CREATE TABLE item (id integer PRIMARY KEY, amount integer, name varchar(50));\n"
        "INSERT INTO item (id, amount, name) VALUES (1, 12, 'a');\n");
  const std::string dec = GetParam() == Db::kPostgres ? "numeric(10,2)" : "decimal(10,2)";
  switch (GetParam()) {
    case Db::kSqlite:
      Write("sql/V2__amount_to_decimal.sql",
            "CREATE TABLE new_item (id integer PRIMARY KEY, amount decimal(10,2), name varchar(50));\n"
            "INSERT INTO new_item (id, amount, name) SELECT id, amount, name FROM item;\n"
            "DROP TABLE item;\nALTER TABLE new_item RENAME TO item;\n");
      break;
    case Db::kPostgres:
      Write("sql/V2__amount_to_decimal.sql", "ALTER TABLE item ALTER COLUMN amount TYPE numeric(10,2);\n");
      break;
    case Db::kMysql: Write("sql/V2__amount_to_decimal.sql", "ALTER TABLE item MODIFY amount decimal(10,2);\n"); break;
  }
  ASSERT_EQ(0, Sw("migrate --target 1").exit);
  Ran r = Sw("split sql/V2__amount_to_decimal.sql --since 1 --as-new-column --up 'CAST(amount AS " + dec + ")' --down '" +
             (GetParam() == Db::kSqlite ? std::string("CAST(round(amount_new) AS integer)")
                                        : std::string("ROUND(amount_new)")) + "'");
  ASSERT_EQ(0, r.exit) << r.output;
  ExpectSilentLint("1");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto old_app = App(), new_app = App();
  auto num = [](std::string v) {  // 9.99 and 9.990 alike; "" stays ""
    return v.empty() ? v : std::to_string(static_cast<long>(std::stod(v) * 100 + 0.5));
  };
  new_app->Exec("INSERT INTO item (id, amount_new, name) VALUES (2, 9.99, 'b')");
  EXPECT_EQ("999", num(new_app->Scalar("SELECT amount_new FROM item WHERE id = 2")));
  EXPECT_EQ("10", old_app->Scalar("SELECT amount FROM item WHERE id = 2"));
  new_app->Exec("UPDATE item SET amount_new = 12.49 WHERE id = 1");
  EXPECT_EQ("1249", num(new_app->Scalar("SELECT amount_new FROM item WHERE id = 1")));
  EXPECT_EQ("12", old_app->Scalar("SELECT amount FROM item WHERE id = 1"));
  // App N-1 touching another column leaves app N's value alone.
  old_app->Exec("UPDATE item SET name = 'renamed' WHERE id = 1");
  EXPECT_EQ("1249", num(new_app->Scalar("SELECT amount_new FROM item WHERE id = 1")));
  // App N-1 writing the old column moves the new one.
  old_app->Exec("UPDATE item SET amount = 3 WHERE id = 2");
  EXPECT_EQ("300", num(new_app->Scalar("SELECT amount_new FROM item WHERE id = 2")));
  old_app->Exec("INSERT INTO item (id, amount, name) VALUES (3, 4, 'c')");
  EXPECT_EQ("400", num(new_app->Scalar("SELECT amount_new FROM item WHERE id = 3")));
  EXPECT_EQ("4", old_app->Scalar("SELECT amount FROM item WHERE id = 3"));
}

TEST_P(SplitTypeTest, AddRequiredColumnWithDefault) {
  Write("sql/V1__item.sql",
        "CREATE TABLE item (id integer PRIMARY KEY, name varchar(50));\n"
        "INSERT INTO item (id, name) VALUES (1, 'a');\n");
  if (GetParam() == Db::kSqlite) {
    Write("sql/V2__add_qty.sql",
          "CREATE TABLE new_item (id integer PRIMARY KEY, name varchar(50), qty integer NOT NULL);\n"
          "INSERT INTO new_item (id, name, qty) SELECT id, name, 1 FROM item;\n"
          "DROP TABLE item;\nALTER TABLE new_item RENAME TO item;\n");
  } else {
    Write("sql/V2__add_qty.sql", "ALTER TABLE item ADD COLUMN qty integer NOT NULL;\n");
  }
  ASSERT_EQ(0, Sw("migrate --target 1").exit);
  Ran r = Sw("split sql/V2__add_qty.sql --since 1");
  EXPECT_EQ(2, r.exit) << r.output;
  EXPECT_NE(std::string::npos, r.output.find("--default")) << r.output;
  r = Sw("split sql/V2__add_qty.sql --since 1 --default 1");
  ASSERT_EQ(0, r.exit) << r.output;
  EXPECT_EQ(std::string::npos, Read("sql/V2__add_qty.sql").find("IS NOT NULL")) << "the expand must not add the check";
  ExpectSilentLint("1");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto old_app = App(), new_app = App();
  EXPECT_EQ("1", new_app->Scalar("SELECT qty FROM item WHERE id = 1"));
  old_app->Exec("INSERT INTO item (id, name) VALUES (2, 'b')");  // does not know qty
  new_app->Exec("INSERT INTO item (id, name, qty) VALUES (3, 'c', 5)");
  EXPECT_EQ("1", new_app->Scalar("SELECT qty FROM item WHERE id = 2"));
  old_app.reset();
  new_app.reset();
  ASSERT_EQ(0, Sw("promote").exit);
  ExpectSilentLint("2");
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto app = App();
  EXPECT_TRUE(app->Fails("INSERT INTO item (id, name, qty) VALUES (4, 'd', NULL)"));
  EXPECT_EQ("5", app->Scalar("SELECT qty FROM item WHERE id = 3"));
}

INSTANTIATE_TEST_SUITE_P(Databases, SplitTypeTest, testing::Values(Db::kSqlite, Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return DbName(i.param); });

// Every example folder under migrations-examples/ runs on its own database.
class ExamplesTest : public SplitBehaviourTest {};

TEST_P(ExamplesTest, SplitGeneratedExampleMigratesThroughItsContract) {
  const std::string src = std::string(SHIFTWAY_SOURCE_DIR) + "/migrations-examples/split-generated/" + DbName(GetParam());
  Ran r = Run("cp -r '" + src + "/sql' '" + src + "/contract' .");
  ASSERT_EQ(0, r.exit) << r.output;
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto old_app = App();
  old_app->Exec("INSERT INTO person (id, first_name, last_name) VALUES (3, 'Alan', 'Turing')");
  EXPECT_EQ("Turing", old_app->Scalar("SELECT surname FROM person WHERE id = 3"));
  old_app.reset();
  ASSERT_EQ(0, Sw("promote").exit);
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  EXPECT_TRUE(App()->Fails("SELECT last_name FROM person"));
}

TEST_P(ExamplesTest, TableSplitExampleMigratesReleaseByRelease) {
  const std::string src = std::string(SHIFTWAY_SOURCE_DIR) + "/migrations-examples/table-split/" + DbName(GetParam());
  Ran r = Run("cp -r '" + src + "/sql' .");
  ASSERT_EQ(0, r.exit) << r.output;
  r = Sw("migrate --target 2");
  ASSERT_EQ(0, r.exit) << r.output;
  auto old_app = App(), new_app = App();
  EXPECT_EQ("London", new_app->Scalar("SELECT city FROM address WHERE person_id = 1"));
  // App v1 writes person's columns; the trigger copies them to address on every database.
  old_app->Exec("INSERT INTO person (id, name, street, city) VALUES (3, 'Alan', '2 Bletchley Park', 'Milton Keynes')");
  EXPECT_EQ("Milton Keynes", new_app->Scalar("SELECT city FROM address WHERE person_id = 3"));
  old_app->Exec("UPDATE person SET city = 'Cambridge' WHERE id = 3");
  EXPECT_EQ("Cambridge", new_app->Scalar("SELECT city FROM address WHERE person_id = 3"));
  if (GetParam() == Db::kMysql) {
    // One way only (ERROR 1442): app v2 writes both shapes itself.
    new_app->Exec("UPDATE person SET city = 'Oxford' WHERE id = 1");
    new_app->Exec("INSERT INTO address (person_id, street, city) VALUES (1, '12 St James''s Square', 'Oxford') "
                  "ON DUPLICATE KEY UPDATE street = VALUES(street), city = VALUES(city)");
  } else {
    new_app->Exec("UPDATE address SET city = 'Oxford' WHERE person_id = 1");
  }
  EXPECT_EQ("Oxford", old_app->Scalar("SELECT city FROM person WHERE id = 1"));
  old_app->Exec("DELETE FROM person WHERE id = 2");
  EXPECT_EQ("0", new_app->Scalar("SELECT COUNT(*) FROM address WHERE person_id = 2"));
  old_app.reset();
  new_app.reset();
  r = Sw("migrate");
  ASSERT_EQ(0, r.exit) << r.output;
  auto app = App();
  EXPECT_TRUE(app->Fails("SELECT city FROM person"));
  EXPECT_EQ("Oxford", app->Scalar("SELECT city FROM address WHERE person_id = 1"));
}

INSTANTIATE_TEST_SUITE_P(Databases, ExamplesTest, testing::Values(Db::kSqlite, Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return DbName(i.param); });

}  // namespace
