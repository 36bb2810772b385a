// Driver conformance: one suite, run against SQLite, PostgreSQL and MariaDB.
//
// Every test migrates a database of its own (a new SQLite file, PostgreSQL schema or MariaDB
// database) through core/run or, for the multi-process tests, through the real binary, and then
// checks what is really in the database over a raw connection. PostgreSQL and MariaDB come from
// scripts/test-servers.sh; without them the tests fail, they never skip.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/migration/checksum.h"
#include "core/run/operations.h"
#include "drivers/common.h"
#include "drivers/driver.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

// Everything a user would read in an error: position, message, notes and hint.
std::string Text(const Error& e) {
  std::string out;
  if (e.pos) out += e.pos->file + ":" + std::to_string(e.pos->line) + ":" + std::to_string(e.pos->column) + ": ";
  out += e.message;
  for (const auto& n : e.notes) out += "\n  note: " + n;
  if (!e.hint.empty()) out += "\n  help: " + e.hint;
  return out;
}

bool True(const std::optional<std::string>& v) { return v && (*v == "t" || *v == "1" || *v == "true"); }

class ConformanceTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-conformance.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    sql_dir_ = dir_ + "/sql";
    fs::create_directories(sql_dir_);
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    name = name.substr(name.find('.') + 1);
    std::string error;
    db_ = TestDatabase::Create(GetParam(), name.substr(0, name.find('/')), dir_, &error);
    // A server that is not there fails the test where everyone sees it; it never skips.
    ASSERT_NE(db_, nullptr) << error;
  }

  void TearDown() override {
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  bool sqlite() const { return GetParam() == Backend::kSqlite; }
  bool postgres() const { return GetParam() == Backend::kPostgres; }
  bool mysql() const { return GetParam() == Backend::kMysql; }

  // Migrates (which creates the schemas on the servers), then opens shiftway's own driver on the
  // test database, in the session migrate gives a migration.
  void OpenMigrated(std::unique_ptr<drivers::Driver>& out) {
    MigrateOk();
    auto spec = drivers::ParseUrl(db_->Url());
    ASSERT_TRUE(spec) << Text(spec.error());
    drivers::DriverOptions options;
    options.schemas = db_->Schemas();
    auto driver = drivers::OpenDriver(*spec, options);
    ASSERT_TRUE(driver) << Text(driver.error());
    out = std::move(*driver);
    if (!db_->Schemas().empty()) {
      ASSERT_TRUE(out->RestoreSessionState());
    }
  }

  // Writes a file into the migration folder and returns its text.
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(sql_dir_ + "/" + name, std::ios::binary) << text;
    return text;
  }

  config::Settings Settings() const {
    config::Settings s;
    s.url = db_->Url();
    s.schemas = db_->Schemas();
    s.locations = {"filesystem:" + sql_dir_};
    s.lock_retry_count = 120;
    return s;
  }

  std::vector<std::string> Args(const std::string& command) const {
    std::vector<std::string> a = {"--url", db_->Url(), "--locations", "filesystem:" + sql_dir_};
    if (!db_->Schemas().empty()) {
      a.push_back("--schemas");
      a.push_back(db_->Schemas().front());
    }
    a.push_back(command);
    return a;
  }

  run::MigrateResult MigrateOk(const config::Settings& settings) {
    auto r = run::Migrate(settings, false, {});
    EXPECT_TRUE(r) << Text(r.error());
    return r ? *r : run::MigrateResult{};
  }
  run::MigrateResult MigrateOk() { return MigrateOk(Settings()); }

  Error MigrateFails() {
    auto r = run::Migrate(Settings(), false, {});
    EXPECT_FALSE(r) << "migrate succeeded";
    return r ? Error() : r.error();
  }

  // installed_rank, version, description, type, script, checksum, installed_by, success.
  Rows History(const std::string& table = "flyway_schema_history") {
    return db_->Query("SELECT installed_rank, version, description, type, script, checksum, installed_by, success "
                      "FROM " + db_->Qualified(table) + " ORDER BY installed_rank");
  }
  // History rows of type SQL (what migrate applies), without the SCHEMA marker.
  Rows SqlRows() {
    Rows out;
    for (auto& r : History())
      if (r[3] == "SQL") out.push_back(r);
    return out;
  }
  long CountVersion(const std::string& version) {
    return db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '" +
                      version + "' AND type = 'SQL'");
  }
  std::string Checksum(const std::string& text) { return std::to_string(migration::FlywayChecksum(text)); }

  // The user Flyway records in installed_by on each database.
  std::string DatabaseUser() {
    if (sqlite()) return "";
    if (postgres()) return db_->Scalar("SELECT current_user");
    return db_->Scalar("SELECT SUBSTRING_INDEX(USER(), '@', 1)");
  }

  std::string dir_, sql_dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(ConformanceTest, EmptyDatabaseHasNoHistory) {
  Write("V1__first.sql", "CREATE TABLE first_t (id INT PRIMARY KEY);\n");
  auto info = run::Info(Settings(), {});
  ASSERT_TRUE(info) << Text(info.error());
  EXPECT_EQ("", (*info)->current_version);
  ASSERT_EQ(1u, (*info)->migrations.size());
  EXPECT_EQ(migration::State::kPending, (*info)->migrations[0].state);
  // Reading must not create anything: no history table, and no schema on the servers.
  EXPECT_FALSE(db_->TableExists("flyway_schema_history"));
  if (postgres()) {
    EXPECT_EQ("0", db_->Scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '" + db_->Schema() + "'"));
  }
  if (mysql()) {
    EXPECT_EQ("0", db_->Scalar("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db_->Schema() + "'"));
  }

  auto v = run::Validate(Settings(), {});
  ASSERT_TRUE(v) << Text(v.error());
  EXPECT_FALSE(v->ok()) << "a pending migration fails validate, as in Flyway";
}

TEST_P(ConformanceTest, MigrateAppliesInOrderAndRecordsFlywayRows) {
  const std::string v1 = Write("V1__create_people.sql",
                               "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100));\n"
                               "INSERT INTO people VALUES (1, 'ann');\n");
  const std::string v11 = Write("V1.1__add_pets.sql", "CREATE TABLE pets (id INT PRIMARY KEY, owner INT);\n");
  const std::string v2 = Write("V2__more_people.sql", "INSERT INTO people VALUES (2, 'bob');\n");
  const std::string r = Write("R__people_names.sql",
                              "DROP VIEW IF EXISTS people_names;\nCREATE VIEW people_names AS SELECT name FROM people;\n");
  auto result = MigrateOk();
  ASSERT_EQ(4u, result.migrations.size());
  EXPECT_EQ("", result.initial_version);
  EXPECT_EQ("2", result.target_version);
  EXPECT_EQ(2, db_->Count("SELECT count(*) FROM " + db_->Qualified("people_names")));
  EXPECT_TRUE(db_->TableExists("pets"));

  Rows h = History();
  size_t first = 0;
  if (!sqlite()) {
    // The schema did not exist: shiftway created it and says so in a SCHEMA row, as Flyway does.
    ASSERT_FALSE(h.empty());
    EXPECT_EQ("SCHEMA", h[0][3]);
    EXPECT_EQ("<< Flyway Schema Creation >>", h[0][2]);
    EXPECT_EQ(db_->Quote(db_->Schema()), h[0][4]);
    EXPECT_FALSE(h[0][1]);
    EXPECT_FALSE(h[0][5]);
    first = 1;
  }
  ASSERT_EQ(first + 4, h.size());
  struct Expected {
    std::optional<std::string> version;
    std::string description, script, text;
  } expected[] = {{"1", "create people", "V1__create_people.sql", v1},
                  {"1.1", "add pets", "V1.1__add_pets.sql", v11},
                  {"2", "more people", "V2__more_people.sql", v2},
                  {std::nullopt, "people names", "R__people_names.sql", r}};
  for (size_t i = 0; i < 4; ++i) {
    const Row& row = h[first + i];
    SCOPED_TRACE(expected[i].script);
    EXPECT_EQ(std::to_string(first + i + 1), row[0]);
    EXPECT_EQ(expected[i].version, row[1]);
    EXPECT_EQ(expected[i].description, row[2]);
    EXPECT_EQ("SQL", row[3]);
    EXPECT_EQ(expected[i].script, row[4]);
    EXPECT_EQ(Checksum(expected[i].text), row[5]);
    EXPECT_EQ(DatabaseUser(), row[6]);
    EXPECT_TRUE(True(row[7]));
  }
}

// verify's capability: a prepare checks names against the schema, runs nothing, and says why it
// failed in the database's own words.
TEST_P(ConformanceTest, PrepareChecksNamesWithoutRunning) {
  std::unique_ptr<drivers::Driver> driver;
  ASSERT_NO_FATAL_FAILURE(OpenMigrated(driver));
  drivers::Driver& d = *driver;
  sql::Statement create;
  create.text = "CREATE TABLE prep_person (id INT PRIMARY KEY, last_name VARCHAR(100))";
  ASSERT_TRUE(d.Execute(create));
  const std::string p1 = postgres() ? "$1" : "?", p2 = postgres() ? "$2" : "?";
  EXPECT_TRUE(d.Prepare("SELECT last_name FROM prep_person WHERE id = " + p1));
  auto insert = d.Prepare("INSERT INTO prep_person (id, last_name) VALUES (" + p1 + ", " + p2 + ")");
  EXPECT_TRUE(insert) << Text(insert.error());
  EXPECT_EQ(0, db_->Count("SELECT count(*) FROM " + db_->Qualified("prep_person"))) << "a prepare ran the INSERT";
  auto missing = d.Prepare("SELECT surname FROM prep_person");
  ASSERT_FALSE(missing);
  EXPECT_NE(std::string::npos, missing.error().db_message.find("surname")) << missing.error().db_message;
  EXPECT_FALSE(missing.error().sqlstate.empty());
  // The connection stays usable after a failed prepare.
  EXPECT_TRUE(d.Prepare("SELECT id FROM prep_person"));
  // A placeholder nothing types (PostgreSQL: 42P18 on its own) still prepares, next to one the
  // schema types; a wrong name still fails with the database's words.
  auto untyped = d.Prepare("SELECT " + p1 + " AS tag, last_name FROM prep_person WHERE " + p2 + " IS NULL OR id = " +
                           (postgres() ? "$3" : "?"));
  EXPECT_TRUE(untyped) << Text(untyped.error());
  auto untyped_missing = d.Prepare("SELECT " + p1 + ", surname FROM prep_person");
  ASSERT_FALSE(untyped_missing);
  EXPECT_NE(std::string::npos, untyped_missing.error().db_message.find("surname")) << untyped_missing.error().db_message;
}

// verify's writes: which columns an INSERT must give and which refuse a value, in table order.
TEST_P(ConformanceTest, InsertColumnsTellRequiredAndGenerated) {
  std::unique_ptr<drivers::Driver> driver;
  ASSERT_NO_FATAL_FAILURE(OpenMigrated(driver));
  drivers::Driver& d = *driver;
  const std::string generated = sqlite()     ? "GENERATED ALWAYS AS (upper(name)) VIRTUAL"
                                : postgres() ? "GENERATED ALWAYS AS (upper(name)) STORED"
                                             : "AS (upper(name)) VIRTUAL";
  const std::string auto_id = sqlite() ? "INTEGER PRIMARY KEY" : postgres() ? "INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                                                                            : "INT AUTO_INCREMENT PRIMARY KEY";
  sql::Statement create;
  create.text = "CREATE TABLE ins_cols (id " + auto_id + ", name VARCHAR(50) NOT NULL, note VARCHAR(50), " +
                "code INT NOT NULL DEFAULT 1, upper_name VARCHAR(50) " + generated + ")";
  ASSERT_TRUE(d.Execute(create));
  auto cols = d.InsertColumns("", "ins_cols");
  ASSERT_TRUE(cols) << Text(cols.error());
  std::vector<std::string> seen;
  for (const auto& c : *cols) {
    seen.push_back(c.name + (c.required ? " required" : "") + (c.generated.empty() ? "" : " " + c.generated));
  }
  const std::string id = postgres() ? "id GENERATED ALWAYS AS IDENTITY" : "id";
  EXPECT_EQ((std::vector<std::string>{id, "name required", "note", "code", "upper_name a generated column"}), seen);
  auto none = d.InsertColumns("", "ins_cols_missing");
  ASSERT_TRUE(none) << Text(none.error());
  EXPECT_TRUE(none->empty());
}

TEST_P(ConformanceTest, RerunAppliesNothing) {
  Write("V1__t.sql", "CREATE TABLE rerun_t (id INT);\nINSERT INTO rerun_t VALUES (1);\n");
  Write("R__v.sql", "DROP VIEW IF EXISTS rerun_v;\nCREATE VIEW rerun_v AS SELECT id FROM rerun_t;\n");
  MigrateOk();
  const size_t rows = History().size();
  auto again = MigrateOk();
  EXPECT_TRUE(again.migrations.empty());
  EXPECT_EQ("1", again.target_version);
  EXPECT_EQ(rows, History().size());
  EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("rerun_t")));

  // A changed repeatable migration runs again, and nothing else does.
  Write("R__v.sql", "DROP VIEW IF EXISTS rerun_v;\nCREATE VIEW rerun_v AS SELECT id, id AS id2 FROM rerun_t;\n");
  auto third = MigrateOk();
  ASSERT_EQ(1u, third.migrations.size());
  EXPECT_EQ("", third.migrations[0].version);
  EXPECT_EQ(rows + 1, History().size());
}

TEST_P(ConformanceTest, BaselineAnExistingDatabase) {
  db_->Materialize();
  db_->Exec("CREATE TABLE " + db_->Qualified("legacy") + " (id INT)");
  Write("V1__old.sql", "CREATE TABLE legacy (id INT);\n");
  Write("V2__new.sql", "CREATE TABLE newer (id INT);\n");

  // A non-empty schema without history is refused, as Flyway does.
  Error e = MigrateFails();
  EXPECT_NE(std::string::npos, e.message.find("non-empty schema")) << Text(e);
  EXPECT_NE(std::string::npos, e.hint.find("baseline")) << Text(e);
  EXPECT_FALSE(db_->TableExists("newer"));

  auto b = run::Baseline(Settings(), {});
  ASSERT_TRUE(b) << Text(b.error());
  EXPECT_FALSE(b->already);
  Rows h = History();
  ASSERT_EQ(1u, h.size());
  EXPECT_EQ("1", h[0][1]);
  EXPECT_EQ("<< Flyway Baseline >>", h[0][2]);
  EXPECT_EQ("BASELINE", h[0][3]);
  EXPECT_EQ("<< Flyway Baseline >>", h[0][4]);
  EXPECT_FALSE(h[0][5]);

  auto m = MigrateOk();
  ASSERT_EQ(1u, m.migrations.size());
  EXPECT_EQ("2", m.migrations[0].version);
  EXPECT_TRUE(db_->TableExists("newer"));

  // Baselining again at the same version changes nothing, as in Flyway.
  auto again = run::Baseline(Settings(), {});
  ASSERT_TRUE(again) << Text(again.error());
  EXPECT_TRUE(again->already);
  EXPECT_EQ(2u, History().size());
  // At another version it is refused: the database has migrations.
  config::Settings other = Settings();
  other.baseline_version = "5";
  EXPECT_FALSE(run::Baseline(other, {}));
}

TEST_P(ConformanceTest, UndoRevertsTheLatestMigration) {
  Write("V1__a.sql", "CREATE TABLE undo_a (id INT);\n");
  Write("V2__b.sql", "CREATE TABLE undo_b (id INT);\n");
  const std::string u2 = Write("U2__b.sql", "DROP TABLE undo_b;\n");
  MigrateOk();
  ASSERT_TRUE(db_->TableExists("undo_b"));

  auto u = run::Undo(Settings(), {});
  ASSERT_TRUE(u) << Text(u.error());
  ASSERT_EQ(1u, u->undone.size());
  EXPECT_EQ("2", u->undone[0].version);
  EXPECT_EQ("1", u->target_version);
  EXPECT_FALSE(db_->TableExists("undo_b"));
  EXPECT_TRUE(db_->TableExists("undo_a"));
  Rows h = History();
  const Row& last = h.back();
  EXPECT_EQ("2", last[1]);
  EXPECT_EQ("UNDO_SQL", last[3]);
  EXPECT_EQ("U2__b.sql", last[4]);
  EXPECT_EQ(Checksum(u2), last[5]);

  // Migrating again re-applies the undone version.
  auto m = MigrateOk();
  ASSERT_EQ(1u, m.migrations.size());
  EXPECT_EQ("2", m.migrations[0].version);
  EXPECT_TRUE(db_->TableExists("undo_b"));

  // With a target, every version above it is undone, newest first, and comes back on migrate.
  Write("V3__c.sql", "CREATE TABLE undo_c (id INT);\n");
  Write("U3__c.sql", "DROP TABLE undo_c;\n");
  MigrateOk();
  config::Settings to1 = Settings();
  to1.target = "1";
  auto both = run::Undo(to1, {});
  ASSERT_TRUE(both) << Text(both.error());
  ASSERT_EQ(2u, both->undone.size());
  EXPECT_EQ("3", both->undone[0].version);
  EXPECT_EQ("2", both->undone[1].version);
  EXPECT_EQ("1", both->target_version);
  EXPECT_FALSE(db_->TableExists("undo_c"));
  auto again = MigrateOk();
  ASSERT_EQ(2u, again.migrations.size());
  EXPECT_EQ("3", again.target_version);
}

TEST_P(ConformanceTest, FailureMidwayLeavesTheDocumentedState) {
  Write("V1__ok.sql", "CREATE TABLE mid_ok (id INT);\n");
  Write("V2__breaks.sql",
        "CREATE TABLE mid_a (id INT);\n"
        "CREATE TABLE mid_b (id INT);\n"
        "INSERT INTO mid_missing VALUES (1);\n");
  Error e = MigrateFails();
  const std::string text = Text(e);
  ASSERT_TRUE(e.pos) << text;
  EXPECT_EQ(sql_dir_ + "/V2__breaks.sql", e.pos->file) << text;
  EXPECT_EQ(3, e.pos->line) << text;
  EXPECT_TRUE(db_->TableExists("mid_ok"));
  EXPECT_EQ(1, CountVersion("1"));

  if (!mysql()) {
    // Transactional DDL: nothing of V2 is left, and no row records it.
    EXPECT_FALSE(db_->TableExists("mid_a"));
    EXPECT_FALSE(db_->TableExists("mid_b"));
    EXPECT_EQ(0, db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '2'"));
    EXPECT_NE(std::string::npos, text.find("V2 was rolled back; the database is still at version 1")) << text;
    Write("V2__breaks.sql", "CREATE TABLE mid_a (id INT);\nCREATE TABLE mid_b (id INT);\n");
    MigrateOk();
    EXPECT_EQ(1, CountVersion("2"));
    return;
  }
  // MySQL: the DDL committed implicitly; the failure is recorded and blocks until repair.
  EXPECT_TRUE(db_->TableExists("mid_a"));
  EXPECT_TRUE(db_->TableExists("mid_b"));
  Rows h = SqlRows();
  ASSERT_EQ(2u, h.size());
  EXPECT_EQ("2", h[1][1]);
  EXPECT_FALSE(True(h[1][7]));
  EXPECT_NE(std::string::npos, text.find("statement 3 of 3 (line 3: INSERT INTO mid_missing VALUES (1)) failed")) << text;
  EXPECT_NE(std::string::npos, text.find("statements 1 to 2")) << text;
  EXPECT_NE(std::string::npos, text.find("(lines 1 to 2) completed before it and stayed applied")) << text;
  EXPECT_NE(std::string::npos, text.find("repair")) << text;

  Error blocked = MigrateFails();
  EXPECT_EQ(ErrorCode::kValidation, blocked.code);
  EXPECT_NE(std::string::npos, Text(blocked).find("repair")) << Text(blocked);

  db_->Exec("DROP TABLE " + db_->Qualified("mid_a") + ", " + db_->Qualified("mid_b"));
  Write("V2__breaks.sql", "CREATE TABLE mid_a (id INT);\nCREATE TABLE mid_b (id INT);\n");
  auto repaired = run::Repair(Settings(), {});
  ASSERT_TRUE(repaired) << Text(repaired.error());
  EXPECT_EQ(1u, repaired->removed.size());
  MigrateOk();
  h = SqlRows();
  ASSERT_EQ(2u, h.size());
  EXPECT_TRUE(True(h[1][7]));
}

TEST_P(ConformanceTest, FailureOnTheFirstStatementRecordsNothing) {
  Write("V1__ok.sql", "CREATE TABLE first_ok (id INT);\n");
  Write("V2__bad.sql", "CREATE TABLE first_ok (id INT);\nCREATE TABLE first_never (id INT);\n");
  Error e = MigrateFails();
  EXPECT_EQ(0, db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '2'"));
  EXPECT_FALSE(db_->TableExists("first_never"));
  EXPECT_NE(std::string::npos, Text(e).find("the database is still at version 1")) << Text(e);
  // Nothing to repair: fixing the file is enough.
  Write("V2__bad.sql", "CREATE TABLE first_never (id INT);\n");
  MigrateOk();
  EXPECT_EQ(1, CountVersion("2"));
}

TEST_P(ConformanceTest, ChecksumMismatchFailsValidateUntilRepair) {
  const std::string before = Write("V1__t.sql", "CREATE TABLE cs_t (id INT);\n");
  MigrateOk();
  const std::string after = Write("V1__t.sql", "CREATE TABLE cs_t (id INT, extra INT);\n");
  auto v = run::Validate(Settings(), {});
  ASSERT_TRUE(v) << Text(v.error());
  ASSERT_EQ(1u, v->errors.size());
  const auto& err = v->errors[0];
  EXPECT_EQ("CHECKSUM_MISMATCH", err.code);
  EXPECT_EQ("migration checksum mismatch for migration version 1", err.message);
  ASSERT_EQ(2u, err.details.size());
  EXPECT_EQ("-> Applied to database : " + Checksum(before), err.details[0]);
  EXPECT_EQ("-> Resolved locally    : " + Checksum(after), err.details[1]);

  Error blocked = MigrateFails();
  EXPECT_EQ(ErrorCode::kValidation, blocked.code);

  auto r = run::Repair(Settings(), {});
  ASSERT_TRUE(r) << Text(r.error());
  EXPECT_EQ(1u, r->aligned.size());
  EXPECT_EQ(Checksum(after), SqlRows().at(0)[5]);
  auto ok = run::Validate(Settings(), {});
  ASSERT_TRUE(ok) << Text(ok.error());
  EXPECT_TRUE(ok->ok());
}

TEST_P(ConformanceTest, RepairMarksMissingMigrationsDeleted) {
  Write("V1__a.sql", "CREATE TABLE rep_a (id INT);\n");
  Write("V2__b.sql", "CREATE TABLE rep_b (id INT);\n");
  MigrateOk();
  // A missing file below the latest one is Missing; the latest one would be Future (ignored).
  fs::remove(sql_dir_ + "/V1__a.sql");
  auto v = run::Validate(Settings(), {});
  ASSERT_TRUE(v) << Text(v.error());
  EXPECT_FALSE(v->ok());
  auto r = run::Repair(Settings(), {});
  ASSERT_TRUE(r) << Text(r.error());
  EXPECT_EQ(1u, r->deleted.size());
  Rows h = History();
  EXPECT_EQ("DELETE", h.back()[3]);
  EXPECT_EQ("1", h.back()[1]);
  auto ok = run::Validate(Settings(), {});
  ASSERT_TRUE(ok) << Text(ok.error());
  EXPECT_TRUE(ok->ok()) << (ok->errors.empty() ? "" : ok->errors[0].Text());
}

TEST_P(ConformanceTest, SixteenProcessesApplyEachMigrationOnce) {
  for (int i = 1; i <= 5; ++i) {
    Write("V" + std::to_string(i) + "__step.sql", "CREATE TABLE conc_" + std::to_string(i) +
                                                      " (id INT);\nINSERT INTO conc_" + std::to_string(i) +
                                                      " VALUES (" + std::to_string(i) + ");\n");
  }
  std::vector<Process> procs;
  for (int i = 0; i < 16; ++i) procs.push_back(StartShiftway(Args("migrate"), dir_, "p" + std::to_string(i)));
  for (size_t i = 0; i < procs.size(); ++i) {
    Finished f = Wait(procs[i], 240);
    EXPECT_EQ(0, f.exit_code) << "process " << i << "\nstdout:\n" << f.out << "\nstderr:\n" << f.err;
  }
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(1, CountVersion(std::to_string(i))) << "version " << i;
    EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("conc_" + std::to_string(i))));
  }
  EXPECT_EQ(5u, SqlRows().size());
  if (!sqlite()) {
    EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE type = 'SCHEMA'"));
  }
  // No lock outlives the processes (IS_USED_LOCK is NULL when free; on SQLite the flock goes with
  // the process's file descriptor).
  if (postgres()) {
    const uint64_t k = static_cast<uint64_t>(drivers::FlywayPostgresLockKey(db_->Schema(), "flyway_schema_history"));
    EXPECT_EQ(0, db_->Count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND "
                            "classid::bigint = " + std::to_string(k >> 32) + " AND objid::bigint = " +
                            std::to_string(k & 0xFFFFFFFFu)));
  } else if (mysql()) {
    EXPECT_EQ("", db_->Scalar("SELECT IS_USED_LOCK('" + drivers::FlywayMysqlLockName(db_->Schema(), "flyway_schema_history") +
                                  "')"));
  }
}

TEST_P(ConformanceTest, LockWaiterDuringIndexBuild) {
  // A table with rows, a slow migration, then an index build (CONCURRENTLY on PostgreSQL, which
  // waits for every snapshot: a waiter holding one would deadlock it).
  if (postgres()) {
    Write("V1__big.sql", "CREATE TABLE big (id INT PRIMARY KEY, v INT);\n"
                         "INSERT INTO big SELECT g, g % 1000 FROM generate_series(1, 200000) g;\n");
    Write("V2__slow.sql", "SELECT pg_sleep(3);\n");
    Write("V3__index.sql", "CREATE INDEX CONCURRENTLY big_v_idx ON big (v);\n");
  } else if (mysql()) {
    Write("V1__big.sql", "CREATE TABLE big (id INT PRIMARY KEY, v INT);\n"
                         "INSERT INTO big SELECT seq, seq % 1000 FROM seq_1_to_200000;\n");
    Write("V2__slow.sql", "DO SLEEP(3);\n");
    Write("V3__index.sql", "CREATE INDEX big_v_idx ON big (v);\n");
  } else {
    Write("V1__big.sql", "CREATE TABLE big (id INT PRIMARY KEY, v INT);\n"
                         "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200000) "
                         "INSERT INTO big SELECT n, n % 1000 FROM seq;\n");
    Write("V2__slow.sql", "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 6000000) "
                          "SELECT count(*) FROM seq;\n");
    Write("V3__index.sql", "CREATE INDEX big_v_idx ON big (v);\n");
  }
  Process holder = StartShiftway(Args("migrate"), dir_, "holder");
  // Start the waiter once V1 is committed: the holder is then inside V2 and keeps the lock.
  ASSERT_TRUE(db_->WaitForVersion("1", 60)) << "V1 was never applied";
  Process waiter = StartShiftway(Args("migrate"), dir_, "waiter");
  Finished h = Wait(holder, 120);
  Finished w = Wait(waiter, 120);
  EXPECT_EQ(0, h.exit_code) << h.out << h.err;
  EXPECT_EQ(0, w.exit_code) << w.out << w.err;
  EXPECT_NE(std::string::npos, w.err.find("waiting for the migration lock")) << w.err;
  for (const char* v : {"1", "2", "3"}) EXPECT_EQ(1, CountVersion(v)) << v;
  auto idx = db_->Indexes("big");
  EXPECT_NE(idx.end(), std::find(idx.begin(), idx.end(), "big_v_idx"));
  if (postgres()) {
    EXPECT_EQ("t", db_->Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + db_->Qualified("big_v_idx") +
                               "'::regclass"));
  }
}

TEST_P(ConformanceTest, KilledRunsLogEndsWithTheMigrationItWasIn) {
  Write("V1__first.sql", "CREATE TABLE first_step (id INT);\n");
  if (postgres()) {
    // Named after the test's schema: the cleanup below ends this test's sleeper only.
    Write("V2__slow.sql", "SELECT pg_sleep(60), '" + db_->Schema() + "';\n");
  } else if (mysql()) {
    Write("V2__slow.sql", "DO SLEEP(60), '" + db_->Schema() + "';\n");
  } else {
    Write("V2__slow.sql", "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 2000000000) "
                          "SELECT count(*) FROM seq;\n");
  }
  // stdout is a file here, not a terminal: without line buffering these lines die with the process.
  Process p = StartShiftway(Args("migrate"), dir_, "killed");
  ASSERT_TRUE(db_->WaitForVersion("1", 60)) << "V1 was never applied";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(p.pid, SIGKILL);
  Finished f = Wait(p, 30);
  EXPECT_EQ(-1, f.exit_code);
  EXPECT_NE(std::string::npos, f.out.find("Migrating schema \"" + db_->Schema() + "\" to version \"2 - slow\""))
      << f.out;
  if (postgres()) {
    // The killed client's backend is still asleep in V2 (PostgreSQL notices a vanished client only
    // when it next talks to it); end it so the schema can be dropped.
    db_->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60), ''" +
              db_->Schema() + "''%' AND pid <> pg_backend_pid()");
  } else if (mysql()) {
    for (auto& row : db_->Query("SELECT id FROM information_schema.processlist WHERE info LIKE '%SLEEP(60), ''" +
                                db_->Schema() + "''%' AND id <> CONNECTION_ID()"))
      if (row[0]) db_->Exec("KILL " + *row[0]);
  }
}

TEST_P(ConformanceTest, CleanDropsEverything) {
  std::string extra;
  if (postgres()) {
    extra = "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
            "CREATE SEQUENCE clean_seq;\n"
            "CREATE FUNCTION clean_f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n";
  } else if (mysql()) {
    extra = "CREATE PROCEDURE clean_p() BEGIN SELECT 1; END;\n"
            "CREATE TRIGGER clean_trg BEFORE INSERT ON clean_child FOR EACH ROW SET NEW.id = NEW.id;\n";
  } else {
    extra = "CREATE TRIGGER clean_trg AFTER INSERT ON clean_child BEGIN SELECT 1; END;\n";
  }
  Write("V1__objects.sql", "CREATE TABLE clean_parent (id INT PRIMARY KEY);\n"
                           "CREATE TABLE clean_child (id INT PRIMARY KEY, parent INT REFERENCES clean_parent (id));\n"
                           "CREATE INDEX clean_child_parent ON clean_child (parent);\n"
                           "CREATE VIEW clean_v AS SELECT id FROM clean_parent;\n" + extra);
  MigrateOk();
  ASSERT_FALSE(db_->Objects().empty());

  auto refused = run::Clean(Settings(), {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(ErrorCode::kConfig, refused.error().code);
  EXPECT_TRUE(db_->TableExists("clean_parent"));

  config::Settings s = Settings();
  s.clean_disabled = false;
  auto c = run::Clean(s, {});
  ASSERT_TRUE(c) << Text(c.error());
  EXPECT_FALSE(c->dropped.empty());
  std::vector<std::string> left = db_->Objects();
  EXPECT_TRUE(left.empty()) << "left behind: " << testing::PrintToString(left);

  // The schema can be migrated again from scratch.
  auto m = MigrateOk();
  EXPECT_EQ(1u, m.migrations.size());
}

TEST_P(ConformanceTest, NonTransactionalMigrations) {
  if (postgres()) {
    Write("V1__t.sql", "CREATE TABLE ntx (id INT PRIMARY KEY, v INT);\n"
                       "INSERT INTO ntx SELECT g, g % 10 FROM generate_series(1, 1000) g;\n");
    Write("V2__idx.sql", "CREATE INDEX CONCURRENTLY ntx_v_idx ON ntx (v);\n");
    MigrateOk();
    EXPECT_EQ(1, CountVersion("2"));
    EXPECT_EQ("t", db_->Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + db_->Qualified("ntx_v_idx") +
                               "'::regclass"));

    // Mixing it with transactional statements is refused before anything runs.
    Write("V3__mixed.sql", "CREATE TABLE ntx_mixed (id INT);\nCREATE INDEX CONCURRENTLY ntx_id_idx ON ntx (id);\n");
    Error mixed = MigrateFails();
    EXPECT_NE(std::string::npos, mixed.message.find("cannot run in a transaction")) << Text(mixed);
    EXPECT_FALSE(db_->TableExists("ntx_mixed"));
    fs::remove(sql_dir_ + "/V3__mixed.sql");

    // A failed CREATE INDEX CONCURRENTLY leaves an INVALID index: the error names it, and the
    // failure is recorded so the next migrate stops until repair.
    Write("V3__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY ntx_v_unique ON ntx (v);\n");
    Error e = MigrateFails();
    const std::string text = Text(e);
    EXPECT_NE(std::string::npos, text.find("INVALID index")) << text;
    EXPECT_NE(std::string::npos, text.find("ntx_v_unique")) << text;
    EXPECT_NE(std::string::npos, text.find("DROP INDEX CONCURRENTLY")) << text;
    EXPECT_EQ("f", db_->Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" +
                               db_->Qualified("ntx_v_unique") + "'::regclass"));
    Rows h = SqlRows();
    ASSERT_EQ(3u, h.size());
    EXPECT_EQ("3", h[2][1]);
    EXPECT_FALSE(True(h[2][7]));
    EXPECT_EQ(ErrorCode::kValidation, MigrateFails().code);
  } else if (sqlite()) {
    Write("V1__t.sql", "CREATE TABLE ntx_parent (id INT PRIMARY KEY);\n"
                       "CREATE TABLE ntx_child (id INT, parent INT REFERENCES ntx_parent (id));\n");
    Write("V2__fk.sql", "PRAGMA foreign_keys = ON;\n");
    // The pragma only works outside a transaction: this insert fails only if it took effect.
    Write("V3__orphan.sql", "INSERT INTO ntx_child VALUES (1, 42);\n");
    Error e = MigrateFails();
    EXPECT_NE(std::string::npos, e.message.find("FOREIGN KEY constraint failed")) << Text(e);
    EXPECT_EQ(1, CountVersion("2"));
    EXPECT_EQ(0, CountVersion("3"));
  } else {
    // MySQL: all DDL commits implicitly; several DDL statements in one file all apply.
    Write("V1__ddl.sql", "CREATE TABLE ntx (id INT PRIMARY KEY);\n"
                         "ALTER TABLE ntx ADD COLUMN v INT;\n"
                         "CREATE INDEX ntx_v_idx ON ntx (v);\n"
                         "INSERT INTO ntx VALUES (1, 2);\n");
    MigrateOk();
    EXPECT_EQ(1, CountVersion("1"));
    auto idx = db_->Indexes("ntx");
    EXPECT_NE(idx.end(), std::find(idx.begin(), idx.end(), "ntx_v_idx"));
    EXPECT_EQ("2", db_->Scalar("SELECT v FROM " + db_->Qualified("ntx")));
  }
}

TEST_P(ConformanceTest, FileWithItsOwnTransaction) {
  Write("V1__own.sql", "BEGIN;\nCREATE TABLE own_tx (id INT PRIMARY KEY);\nINSERT INTO own_tx VALUES (1);\nCOMMIT;\n");
  MigrateOk();
  EXPECT_EQ(1, CountVersion("1"));
  EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("own_tx")));
  if (sqlite()) {
    // SQLite's documented table rebuild: foreign keys off outside the transaction, then its own.
    Write("V2__rebuild.sql",
          "PRAGMA foreign_keys = OFF;\n"
          "BEGIN TRANSACTION;\n"
          "CREATE TABLE own_tx_new (id INT PRIMARY KEY, note TEXT);\n"
          "INSERT INTO own_tx_new SELECT id, 'moved' FROM own_tx;\n"
          "DROP TABLE own_tx;\n"
          "ALTER TABLE own_tx_new RENAME TO own_tx;\n"
          "PRAGMA foreign_key_check;\n"
          "COMMIT;\n"
          "PRAGMA foreign_keys = ON;\n");
    MigrateOk();
    EXPECT_EQ(1, CountVersion("2"));
    EXPECT_EQ("moved", db_->Scalar("SELECT note FROM own_tx"));
  }
}

TEST_P(ConformanceTest, CallbacksRun) {
  Write("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS cb_log (event VARCHAR(50));\n"
                             "INSERT INTO cb_log VALUES ('beforeMigrate');\n");
  Write("afterEachMigrate.sql", "INSERT INTO cb_log VALUES ('afterEachMigrate');\n");
  Write("V1__a.sql", "CREATE TABLE cb_a (id INT);\n");
  Write("V2__b.sql", "CREATE TABLE cb_b (id INT);\n");
  auto m = MigrateOk();
  EXPECT_EQ(2u, m.migrations.size());
  EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("cb_log") + " WHERE event = 'beforeMigrate'"));
  EXPECT_EQ(2, db_->Count("SELECT count(*) FROM " + db_->Qualified("cb_log") + " WHERE event = 'afterEachMigrate'"));
  // Callbacks are not migrations: no history rows for them.
  EXPECT_EQ(2u, SqlRows().size());
}

TEST_P(ConformanceTest, PlaceholdersAreReplaced) {
  const std::string v1 = Write("V1__placeholders.sql",
                               "CREATE TABLE ${table_name} (id INT, val VARCHAR(200));\n"
                               "INSERT INTO ${table_name} VALUES (1, '${flyway:defaultSchema}');\n"
                               "INSERT INTO ${table_name} VALUES (2, '${shiftway:filename}');\n"
                               "INSERT INTO ${table_name} VALUES (3, '${Greeting}');\n");
  config::Settings s = Settings();
  s.placeholders.Set("table_name", "gadgets");
  s.placeholders.Set("greeting", "hello");
  MigrateOk(s);
  ASSERT_TRUE(db_->TableExists("gadgets"));
  Rows rows = db_->Query("SELECT id, val FROM " + db_->Qualified("gadgets") + " ORDER BY id");
  ASSERT_EQ(3u, rows.size());
  EXPECT_EQ(db_->Schema(), rows[0][1]);
  EXPECT_EQ("V1__placeholders.sql", rows[1][1]);
  EXPECT_EQ("hello", rows[2][1]);
  // A versioned migration's checksum is taken before replacement, as Flyway does.
  EXPECT_EQ(Checksum(v1), SqlRows().at(0)[5]);

  Write("V2__unknown.sql", "CREATE TABLE ${nope} (id INT);\n");
  auto r = run::Migrate(s, false, {});
  ASSERT_FALSE(r);
  EXPECT_NE(std::string::npos, Text(r.error()).find("nope")) << Text(r.error());
  EXPECT_EQ(1u, SqlRows().size());
}

TEST_P(ConformanceTest, UnicodeNamesAndData) {
  const std::string table = "caf\xC3\xA9_\xC3\xB1";           // café_ñ
  const std::string column = "\xE5\x90\x8D\xE5\x89\x8D";      // 名前
  const std::string data = "Gr\xC3\xBC\xC3\x9F" "e, \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x8E\x89";  // Grüße, 世界 🎉
  // MariaDB started with --no-defaults has latin1 as the server charset; the table says utf8mb4.
  const std::string charset = mysql() ? " DEFAULT CHARSET=utf8mb4" : "";
  const std::string file = "V1__cr\xC3\xA9" "e_les_donn\xC3\xA9" "es.sql";  // V1__crée_les_données.sql
  const std::string text = Write(file, "-- \xC3\xA9t\xC3\xA9\nCREATE TABLE " + db_->Quote(table) + " (" +
                                           db_->Quote(column) + " VARCHAR(100), note VARCHAR(200))" + charset +
                                           ";\nINSERT INTO " + db_->Quote(table) + " VALUES ('Zo\xC3\xAB', '" + data +
                                           "');\n");
  MigrateOk();
  Rows rows = db_->Query("SELECT " + db_->Quote(column) + ", note FROM " + db_->Qualified(table));
  ASSERT_EQ(1u, rows.size());
  EXPECT_EQ("Zo\xC3\xAB", rows[0][0]);
  EXPECT_EQ(data, rows[0][1]);
  Rows h = SqlRows();
  ASSERT_EQ(1u, h.size());
  EXPECT_EQ("cr\xC3\xA9" "e les donn\xC3\xA9" "es", h[0][2]);
  EXPECT_EQ(file, h[0][4]);
  EXPECT_EQ(Checksum(text), h[0][5]);
  auto v = run::Validate(Settings(), {});
  ASSERT_TRUE(v) << Text(v.error());
  EXPECT_TRUE(v->ok()) << (v->errors.empty() ? "" : v->errors[0].Text());
}

TEST_P(ConformanceTest, TenMegabyteFileOfInserts) {
  std::string text = "CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(200));\n";
  const std::string payload(100, 'x');
  int id = 0;
  while (text.size() < 10 * 1024 * 1024) {
    text += "INSERT INTO bulk VALUES ";
    for (int i = 0; i < 20; ++i) text += (i ? ", (" : "(") + std::to_string(++id) + ", '" + payload + "')";
    text += ";\n";
  }
  Write("V1__bulk.sql", text);
  MigrateOk();
  EXPECT_EQ(id, db_->Count("SELECT count(*) FROM " + db_->Qualified("bulk")));
  Rows h = SqlRows();
  ASSERT_EQ(1u, h.size());
  EXPECT_EQ(Checksum(text), h[0][5]);
  EXPECT_TRUE(True(h[0][7]));
}

TEST_P(ConformanceTest, FlywayBuiltHistoryValidates) {
  // A database that Flyway migrated: its DDL, and the row it writes for V1.
  db_->Materialize();
  const std::string v1 = Write("V1__create_people.sql", "CREATE TABLE people (id INT PRIMARY KEY);\n");
  Write("V2__more.sql", "CREATE TABLE more_people (id INT PRIMARY KEY);\n");
  for (const auto& q : db_->FlywayHistoryDdl("flyway_schema_history")) db_->Exec(q);
  db_->Exec("CREATE TABLE " + db_->Qualified("people") + " (id INT PRIMARY KEY)");
  const std::string user = DatabaseUser();
  db_->Exec("INSERT INTO " + db_->Qualified("flyway_schema_history") +
            " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
            " VALUES (1, '1', 'create people', 'SQL', 'V1__create_people.sql', " + Checksum(v1) + ", '" + user +
            "', 12, " + (postgres() ? "true" : "1") + ")");
  Write("V2__more.sql", "CREATE TABLE more_people (id INT PRIMARY KEY);\n");
  fs::rename(sql_dir_ + "/V2__more.sql", dir_ + "/V2__more.sql.held");
  auto v = run::Validate(Settings(), {});
  ASSERT_TRUE(v) << Text(v.error());
  EXPECT_TRUE(v->ok()) << (v->errors.empty() ? "" : v->errors[0].Text());
  EXPECT_EQ(1, v->validate_count);

  fs::rename(dir_ + "/V2__more.sql.held", sql_dir_ + "/V2__more.sql");
  auto m = MigrateOk();
  ASSERT_EQ(1u, m.migrations.size());
  Rows h = History();
  ASSERT_EQ(2u, h.size());
  EXPECT_EQ("2", h[1][0]);
  EXPECT_EQ("2", h[1][1]);
}

TEST_P(ConformanceTest, HistoryTableAndRowsLookLikeFlyways) {
  const std::string v1 = Write("V1.0_1__first_step.sql", "CREATE TABLE look_t (id INT);\n");
  MigrateOk();
  // The table Flyway would have created, beside shiftway's, compared through the catalog.
  for (const auto& q : db_->FlywayHistoryDdl("flyway_reference")) db_->Exec(q);
  auto ours = db_->Columns("flyway_schema_history");
  auto theirs = db_->Columns("flyway_reference");
  ASSERT_EQ(10u, ours.size());
  ASSERT_EQ(theirs.size(), ours.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    SCOPED_TRACE(ours[i].name);
    EXPECT_EQ(theirs[i].name, ours[i].name);
    EXPECT_EQ(theirs[i].type, ours[i].type);
    EXPECT_EQ(theirs[i].nullable, ours[i].nullable);
    EXPECT_EQ(theirs[i].default_value, ours[i].default_value);
  }
  auto our_idx = db_->Indexes("flyway_schema_history");
  auto their_idx = db_->Indexes("flyway_reference");
  for (auto& n : their_idx) {
    if (n.starts_with("flyway_reference")) n = "flyway_schema_history" + n.substr(16);
  }
  EXPECT_EQ(their_idx, our_idx);

  // The row: Flyway keeps the version's raw digits with '_' as '.', and the description with spaces.
  Rows h = SqlRows();
  ASSERT_EQ(1u, h.size());
  EXPECT_EQ("1.0.1", h[0][1]);
  EXPECT_EQ("first step", h[0][2]);
  EXPECT_EQ("V1.0_1__first_step.sql", h[0][4]);
  EXPECT_EQ(Checksum(v1), h[0][5]);
  EXPECT_EQ(DatabaseUser(), h[0][6]);
  // installed_on is set by the database's default, to now.
  std::string age_sql =
      postgres() ? "SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") +
                       " WHERE installed_on > now() - interval '10 minutes' AND installed_on <= now() + interval '1 minute'"
      : mysql()  ? "SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") +
                      " WHERE installed_on > NOW() - INTERVAL 10 MINUTE"
                 : "SELECT count(*) FROM flyway_schema_history WHERE installed_on > strftime('%Y-%m-%d %H:%M:%f', "
                   "'now', '-10 minutes')";
  EXPECT_EQ(static_cast<long>(History().size()), db_->Count(age_sql));
  EXPECT_GE(db_->Count("SELECT min(execution_time) FROM " + db_->Qualified("flyway_schema_history")), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ConformanceTest, testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, ConformanceTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Mysql, ConformanceTest, testing::Values(Backend::kMysql),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace shiftway::conformance
