// PostgreSQL topologies and failures (docs/locking.md): PgBouncer in transaction and session pooling,
// started by scripts/test-servers.sh, where concurrent `migrate` processes apply every migration once
// and leave no lock; and, direct or pooled, a connection lost during COMMIT, a lock timeout, and a
// kill -9 during CREATE INDEX CONCURRENTLY.
//
// The race runs SHIFTWAY_POOLER_TRIALS trials (default 2 in the suite); bench/pooler_race.sh runs
// the 16 processes x 20 trials. The database is checked over a direct raw connection.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "core/run/operations.h"
#include "drivers/common.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

class PoolerTest : public testing::Test {
 protected:
  void SetUp() override {
    tx_url_ = Env("SHIFTWAY_TEST_PGBOUNCER_TX_URL");
    session_url_ = Env("SHIFTWAY_TEST_PGBOUNCER_SESSION_URL");
    // A pooler that is not there fails the test where everyone sees it; it never skips.
    ASSERT_FALSE(tx_url_.empty() || session_url_.empty())
        << "SHIFTWAY_TEST_PGBOUNCER_TX_URL / _SESSION_URL are not set: run under scripts/test-servers.sh";
    NewDatabase("pooler");
  }

  void TearDown() override {
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // A fresh schema and migration folder (each trial gets its own).
  void NewDatabase(const std::string& name) {
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
    char tmpl[] = "/tmp/shiftway-pooler.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    sql_dir_ = dir_ + "/sql";
    fs::create_directories(sql_dir_);
    std::string error;
    db_ = TestDatabase::Create(Backend::kPostgres, name, dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(sql_dir_ + "/" + name, std::ios::binary) << text;
  }

  void WriteSteps(int n) {
    for (int i = 1; i <= n; ++i) {
      const std::string t = "conc_" + std::to_string(i);
      Write("V" + std::to_string(i) + "__step.sql",
            "CREATE TABLE " + t + " (id INT);\nINSERT INTO " + t + " VALUES (" + std::to_string(i) + ");\n");
    }
  }

  std::vector<std::string> Args(const std::string& url) const {
    return {"--url", url, "--locations", "filesystem:" + sql_dir_, "--schemas", db_->Schema(),
            "-lockRetryCount=120", "migrate"};
  }

  long CountVersion(const std::string& version) {
    return db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '" +
                      version + "' AND type = 'SQL'");
  }

  // Advisory locks on Flyway's key for this schema's history table, held by anyone.
  long HeldLocks() {
    const uint64_t k = static_cast<uint64_t>(drivers::FlywayPostgresLockKey(db_->Schema(), "flyway_schema_history"));
    return db_->Count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND classid::bigint = " +
                      std::to_string(k >> 32) + " AND objid::bigint = " + std::to_string(k & 0xFFFFFFFFu));
  }

  // In-process runs over a direct connection.
  config::Settings DirectSettings() const {
    config::Settings s;
    s.url = db_->Url();
    s.schemas = {db_->Schema()};
    s.locations = {"filesystem:" + sql_dir_};
    return s;
  }

  // Runs `count` migrate processes at once through `url`; returns each one's result.
  std::vector<Finished> RunAll(const std::string& url, int count) {
    std::vector<Process> procs;
    for (int i = 0; i < count; ++i) procs.push_back(StartShiftway(Args(url), dir_, "p" + std::to_string(i)));
    std::vector<Finished> out;
    for (auto& p : procs) out.push_back(Wait(p, 240));
    return out;
  }

  std::string tx_url_, session_url_, dir_, sql_dir_;
  std::unique_ptr<TestDatabase> db_;
  void Race(const std::string& url, const std::string& note, const std::string& label);
};

// 16 processes at once through `url` x SHIFTWAY_POOLER_TRIALS trials: each migration applied once,
// no advisory lock left. `note` is the pooler line the first process must print.
void PoolerTest::Race(const std::string& url, const std::string& note, const std::string& label) {
  const int trials = Env("SHIFTWAY_POOLER_TRIALS").empty() ? 2 : std::atoi(Env("SHIFTWAY_POOLER_TRIALS").c_str());
  int doubles = 0, stale = 0, failed = 0;
  for (int trial = 1; trial <= trials; ++trial) {
    NewDatabase("pooler_race");
    WriteSteps(5);
    auto results = RunAll(url, 16);
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].exit_code != 0) ++failed;
      EXPECT_EQ(0, results[i].exit_code) << "trial " << trial << " process " << i << "\nstdout:\n"
                                         << results[i].out << "\nstderr:\n" << results[i].err;
    }
    EXPECT_NE(std::string::npos, results[0].out.find(note))
        << results[0].out;
    for (int v = 1; v <= 5; ++v) {
      const long applied = CountVersion(std::to_string(v));
      const long rows = db_->Count("SELECT count(*) FROM " + db_->Qualified("conc_" + std::to_string(v)));
      if (applied != 1 || rows != 1) ++doubles;
      EXPECT_EQ(1, applied) << "trial " << trial << " version " << v;
      EXPECT_EQ(1, rows) << "trial " << trial << " version " << v;
    }
    const long held = HeldLocks();
    if (held != 0) ++stale;
    EXPECT_EQ(0, held) << "trial " << trial << ": an advisory lock outlived its process";
  }
  std::cout << label << " race: " << trials << " trials x 16 processes: " << doubles << " double applications, "
            << stale << " stale locks, " << failed << " failed processes\n";
}

TEST_F(PoolerTest, SixteenProcessesThroughTransactionPoolingApplyEachMigrationOnce) {
  Race(tx_url_,
       "note: connected through PgBouncer in transaction pooling mode; the migration lock is taken in each "
       "migration's transaction",
       "pooler (transaction pooling)");
}

TEST_F(PoolerTest, SixteenProcessesThroughSessionPoolingApplyEachMigrationOnce) {
  Race(session_url_, "note: connected through PgBouncer in session pooling mode", "pooler (session pooling)");
}

TEST_F(PoolerTest, SessionPoolingKeepsTheSessionLockAndAllowsConcurrentIndexBuilds) {
  WriteSteps(3);
  Write("V4__index.sql", "CREATE INDEX CONCURRENTLY conc_1_idx ON conc_1 (id);\n");
  auto results = RunAll(session_url_, 8);
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(0, results[i].exit_code) << "process " << i << "\nstdout:\n" << results[i].out << "\nstderr:\n"
                                       << results[i].err;
  }
  EXPECT_NE(std::string::npos, results[0].out.find("note: connected through PgBouncer in session pooling mode"))
      << results[0].out;
  for (const char* v : {"1", "2", "3", "4"}) EXPECT_EQ(1, CountVersion(v)) << v;
  EXPECT_EQ("t", db_->Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" +
                             db_->Qualified("conc_1_idx") + "'::regclass"));
  // PgBouncer's DISCARD ALL released the session locks of the clients that ended.
  for (int i = 0; i < 40 && HeldLocks() != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(0, HeldLocks());
}

TEST_F(PoolerTest, NonTransactionalMigrationIsRefusedThroughTransactionPooling) {
  WriteSteps(1);
  Write("V2__index.sql", "CREATE INDEX CONCURRENTLY conc_1_idx ON conc_1 (id);\n");
  auto results = RunAll(tx_url_, 1);
  EXPECT_EQ(3, results[0].exit_code) << results[0].out << results[0].err;
  EXPECT_NE(std::string::npos,
            results[0].err.find("V2__index.sql: error: V2 runs outside a transaction, which the migration lock "
                                "cannot cover through a transaction pooler"))
      << results[0].err;
  EXPECT_NE(std::string::npos, results[0].err.find("note: nothing was applied")) << results[0].err;
  // The planning transaction (history table included) was rolled back.
  EXPECT_FALSE(db_->TableExists("flyway_schema_history"));
  EXPECT_EQ(0, HeldLocks());
}

TEST_F(PoolerTest, DirectAndPooledProcessesExcludeEachOther) {
  WriteSteps(1);
  Write("V2__slow.sql", "SELECT pg_sleep(3);\n");
  Write("V3__after.sql", "CREATE TABLE after_slow (id INT);\n");
  Process direct = StartShiftway(Args(db_->Url()), dir_, "direct");
  ASSERT_TRUE(db_->WaitForVersion("1", 60)) << "V1 was never applied";
  // The direct process is inside V2 and holds the session lock; the pooled one must wait for it.
  Process pooled = StartShiftway(Args(tx_url_), dir_, "pooled");
  Finished d = Wait(direct, 120);
  Finished p = Wait(pooled, 120);
  EXPECT_EQ(0, d.exit_code) << d.out << d.err;
  EXPECT_EQ(0, p.exit_code) << p.out << p.err;
  EXPECT_NE(std::string::npos, p.err.find("waiting for the migration lock held by backend pid")) << p.err;
  for (const char* v : {"1", "2", "3"}) EXPECT_EQ(1, CountVersion(v)) << v;
  EXPECT_EQ(0, HeldLocks());
}

TEST_F(PoolerTest, CommandsThatNeedALongLockAreRefusedThroughTransactionPooling) {
  Process p = StartShiftway({"--url", tx_url_, "--locations", "filesystem:" + sql_dir_, "--schemas", db_->Schema(),
                             "baseline"},
                            dir_, "baseline");
  Finished f = Wait(p, 60);
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  EXPECT_NE(std::string::npos, f.err.find("cannot hold the migration lock for this command through a transaction "
                                          "pooler"))
      << f.err;
  EXPECT_FALSE(db_->TableExists("flyway_schema_history"));
}

// The connection goes while COMMIT is in flight: a deferred constraint trigger ends its own backend
// at COMMIT. The client cannot know the outcome, so it must not claim "rolled back".
TEST_F(PoolerTest, ConnectionLostDuringCommitIsReportedAsMayHaveCommitted) {
  WriteSteps(1);
  Write("V2__dies_at_commit.sql",
        "CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;\n"
        "CREATE TABLE doomed (id INT);\n"
        "CREATE CONSTRAINT TRIGGER doomed_die AFTER INSERT ON doomed DEFERRABLE INITIALLY DEFERRED\n"
        "  FOR EACH ROW EXECUTE FUNCTION die();\n"
        "INSERT INTO doomed VALUES (1);\n");
  for (const std::string& url : {db_->Url(), tx_url_}) {
    Finished f = Wait(StartShiftway(Args(url), dir_, "commit"), 60);
    EXPECT_EQ(3, f.exit_code) << f.out << f.err;
    EXPECT_NE(std::string::npos,
              f.err.find("note: the connection went while COMMIT of V2 was in flight: V2 may have committed, or "
                         "may have been rolled back"))
        << f.err;
    EXPECT_NE(std::string::npos, f.err.find("V2__dies_at_commit.sql: error: ")) << f.err;
    EXPECT_EQ(std::string::npos, f.err.find("fix the file")) << f.err;
    EXPECT_EQ(std::string::npos, f.err.find("rolled back;")) << f.err;
    // PostgreSQL rolled it back here, and the history says so: V1 applied, V2 not.
    EXPECT_EQ(1, CountVersion("1"));
    EXPECT_EQ(0, CountVersion("2"));
    EXPECT_FALSE(db_->TableExists("doomed"));
  }
}

// A lock queue: another session holds a lock the migration needs. lock_timeout ends the wait, the
// migration is rolled back, and the hint is about the lock, not the file.
TEST_F(PoolerTest, LockTimeoutBlamesTheLockNotTheFile) {
  WriteSteps(1);
  Write("V2__alter.sql", "ALTER TABLE conc_1 ADD COLUMN note TEXT;\n");
  config::Settings settings = DirectSettings();
  settings.target = "1";
  ASSERT_TRUE(run::Migrate(settings, false, {}));
  pqxx::connection blocker(db_->Url());
  pqxx::work holding(blocker);
  holding.exec("SELECT count(*) FROM " + db_->Qualified("conc_1"));  // ACCESS SHARE until the end
  settings.target = "";
  settings.migrate.lock_timeout_ms = 300;
  auto r = run::Migrate(settings, false, {});
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ("canceling statement due to lock timeout", e.message);
  EXPECT_EQ("55P03", e.sqlstate);
  auto has = [&](const std::string& note) { return std::find(e.notes.begin(), e.notes.end(), note) != e.notes.end(); };
  EXPECT_TRUE(has("the statement waited for a lock that another session holds longer than [migrate] lock_timeout "
                  "(300 ms)"));
  EXPECT_TRUE(has("V2 was rolled back; the database is still at version 1"));
  // The blocker is named, seen through pg_blocking_pids while the statement waited.
  const std::string blocker_pid = std::to_string(blocker.backendpid());
  EXPECT_TRUE(std::any_of(e.notes.begin(), e.notes.end(), [&](const std::string& n) {
    return n.starts_with("the lock is held by backend pid " + blocker_pid + " (user shiftway, state idle in transaction");
  })) << testing::PrintToString(e.notes);
  EXPECT_EQ("wait for the session holding the lock to finish, or end it, or raise [migrate] lock_timeout (or "
            "lock_retries); then run `shiftway migrate` again",
            e.hint);
  holding.abort();
  EXPECT_TRUE(run::Migrate(settings, false, {}));
  EXPECT_EQ(1, CountVersion("2"));
}

// kill -9 while a CREATE INDEX CONCURRENTLY runs (it waits for a writer's open transaction): the
// index stays, and the migration's row, recorded before it started, says it did not finish. The
// next migrate refuses instead of failing on "already exists"; after the documented repair (drop
// the index, `repair`) a migrate reaches the state of a clean run.
TEST_F(PoolerTest, KilledConcurrentIndexBuildIsKnownOnTheNextRun) {
  Write("V1__t.sql", "CREATE TABLE ntx (id INT);\n");
  Write("V2__idx.sql", "CREATE INDEX CONCURRENTLY ntx_id_idx ON ntx (id);\n");
  config::Settings settings = DirectSettings();
  settings.target = "1";
  ASSERT_TRUE(run::Migrate(settings, false, {}));
  settings.target = "";
  auto writer = std::make_unique<pqxx::connection>(db_->Url());
  auto writing = std::make_unique<pqxx::work>(*writer);
  writing->exec("INSERT INTO " + db_->Qualified("ntx") + " VALUES (1)");
  Process p = StartShiftway(Args(db_->Url()), dir_, "killed");
  const std::string building = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY ntx_id_idx%'";
  for (int i = 0; i < 500 && db_->Count(building) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(1, db_->Count(building));
  kill(p.pid, SIGKILL);
  Wait(p, 30);
  // The server goes on with the build once the writer is gone; let it end.
  writing->commit();
  for (int i = 0; i < 500 && db_->Count(building) != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(1, db_->Count("SELECT count(*) FROM pg_indexes WHERE indexname = 'ntx_id_idx'"));
  Rows v2 = db_->Query("SELECT success FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '2'");
  ASSERT_EQ(1u, v2.size());
  EXPECT_EQ("f", v2[0][0]);

  auto again = run::Migrate(settings, false, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(ErrorCode::kValidation, again.error().code);
  EXPECT_EQ("V2 was interrupted after statement 0 of 1", again.error().message);
  EXPECT_EQ("undo what statement 1 did (check in the database whether statement 1 took effect), then run "
            "`shiftway repair` and `shiftway migrate`, which runs V2 again from its first statement",
            again.error().hint);

  db_->Exec("DROP INDEX CONCURRENTLY " + db_->Qualified("ntx_id_idx"));
  ASSERT_TRUE(run::Repair(settings, {}));
  ASSERT_TRUE(run::Migrate(settings, false, {}));
  EXPECT_EQ("t", db_->Scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + db_->Qualified("ntx_id_idx") +
                             "'::regclass"));
  EXPECT_EQ(1, db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") +
                          " WHERE version = '2' AND success"));
  // As after a clean run: V1 and V2, once each (beside the SCHEMA row of the created schema).
  EXPECT_EQ(2, db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE type = 'SQL'"));
}

}  // namespace
}  // namespace shiftway::conformance
