// Interrupted migrations (issue 13, docs/locking.md "Interrupted migrations"), on SQLite,
// PostgreSQL and MariaDB: a migration whose effects cannot be rolled back is recorded before it
// starts and counted statement by statement, so a kill -9 at any point is known on the next run,
// with the statements that applied, the one that may have, and a repair that reaches the state of
// a clean run. Everything runs the real binary and checks the database over a raw connection.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <utility>

#include <pqxx/pqxx>
#include <sqlite3.h>
#include <thread>

#include "drivers/url.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

bool True(const std::optional<std::string>& v) { return v && (*v == "t" || *v == "1" || *v == "true"); }

class InterruptTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-interrupt.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    sql_dir_ = dir_ + "/sql";
    fs::create_directories(sql_dir_);
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    name = name.substr(name.find('.') + 1);
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "int_" + name.substr(0, name.find('/')), dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }

  void TearDown() override {
    EndSleepers();
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  bool sqlite() const { return GetParam() == Backend::kSqlite; }
  bool postgres() const { return GetParam() == Backend::kPostgres; }
  bool mysql() const { return GetParam() == Backend::kMysql; }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(sql_dir_ + "/" + name, std::ios::binary) << text;
  }
  // Outside a transaction on PostgreSQL and SQLite; MySQL commits each DDL statement anyway.
  void WriteNonTransactional(const std::string& name, const std::string& text) {
    Write(name, text);
    if (!mysql()) Write(name + ".conf", "executeInTransaction=false\n");
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
  Finished Run(const std::string& command) { return Wait(StartShiftway(Args(command), dir_, command), 120); }

  // A statement that runs until it is ended: the point where the test kills shiftway.
  // It names the test's schema, so that EndSleepers() ends this test's sleeper only, never that of
  // a test running beside it on the same server.
  std::string Sleep() const {
    if (postgres()) return "SELECT pg_sleep(60), " + Mark();
    if (mysql()) return "DO SLEEP(60), " + Mark();
    return "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 2000000000) "
           "SELECT count(*) FROM seq";
  }
  std::string Mark() const { return "'" + db_->Schema() + "'"; }
  // LIKE '%SLEEP(60), ''<schema>''%' in either dialect's spelling of the sleep.
  std::string Pattern() const { return "'%" + std::string(postgres() ? "pg_sleep" : "SLEEP") + "(60), ''" + db_->Schema() + "''%'"; }
  // The killed client's sleeping statement goes on in the server until it is ended.
  void EndSleepers() {
    if (!db_) return;
    try {
      if (postgres()) {
        db_->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE " + Pattern() +
                  " AND pid <> pg_backend_pid()");
      } else if (mysql()) {
        for (auto& row : db_->Query("SELECT id FROM information_schema.processlist WHERE info LIKE " + Pattern() +
                                    " AND id <> CONNECTION_ID()"))
          if (row[0]) db_->Exec("KILL " + *row[0]);
      }
    } catch (const std::exception&) {
    }
  }

  std::string Progress(const std::string& what) {
    return db_->Scalar("SELECT " + what + " FROM " + db_->Qualified("flyway_schema_history_progress"));
  }
  // Waits until the progress table counts `done` statements of the running migration.
  bool WaitForProgress(int done, int timeout_s) {
    for (int i = 0; i < timeout_s * 20; ++i) {
      try {
        if (db_->TableExists("flyway_schema_history_progress") && Progress("max(done)") == std::to_string(done))
          return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // version, description, type, script, checksum, success of the SQL rows.
  Rows History() {
    return db_->Query("SELECT version, description, type, script, checksum, success FROM " +
                      db_->Qualified("flyway_schema_history") + " WHERE type = 'SQL' ORDER BY installed_rank");
  }

  std::string dir_, sql_dir_;
  std::unique_ptr<TestDatabase> db_;
};

// kill -9 in statement 3 of 4: the next migrate names statements 1 and 2 as applied, statement 3
// as maybe applied, statement 4 as never run, and the documented repair reaches a clean state.
TEST_P(InterruptTest, KilledMigrationIsKnownOnTheNextRunWithItsProgress) {
  Write("V1__base.sql", "CREATE TABLE base (id INT);\n");
  WriteNonTransactional("V2__steps.sql", "CREATE TABLE step_a (id INT);\nCREATE TABLE step_b (id INT);\n" + Sleep() +
                                             ";\nCREATE TABLE step_d (id INT);\n");
  Process p = StartShiftway(Args("migrate"), dir_, "killed");
  ASSERT_TRUE(WaitForProgress(2, 60)) << "V2 never got past statement 2";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(p.pid, SIGKILL);
  Finished killed = Wait(p, 30);
  EXPECT_EQ(-1, killed.exit_code);
  EndSleepers();

  // The row was there before V2's first statement: Flyway's shape, success = false.
  Rows h = History();
  ASSERT_EQ(2u, h.size());
  EXPECT_EQ("2", h[1][0]);
  EXPECT_EQ("steps", h[1][1]);
  EXPECT_EQ("V2__steps.sql", h[1][3]);
  EXPECT_FALSE(True(h[1][5]));
  EXPECT_TRUE(db_->TableExists("step_b"));
  EXPECT_FALSE(db_->TableExists("step_d"));

  Finished next = Run("migrate");
  EXPECT_EQ(1, next.exit_code) << next.out << next.err;
  const std::string path = sql_dir_ + "/V2__steps.sql";
  EXPECT_NE(std::string::npos, next.err.find(path + ":3:1: error: V2 was interrupted after statement 2 of 4")) << next.err;
  EXPECT_NE(std::string::npos, next.err.find("statements 1 to 2 completed and stayed applied:\n"
                                             "        1. line 1: CREATE TABLE step_a (id INT)\n"
                                             "        2. line 2: CREATE TABLE step_b (id INT)"))
      << next.err;
  EXPECT_NE(std::string::npos, next.err.find("statement 3 (line 3: " + Sleep().substr(0, 20)) ) << next.err;
  EXPECT_NE(std::string::npos, next.err.find("was running, or had completed but was not yet recorded, when the run "
                                             "stopped: it may have applied, in part or in full"))
      << next.err;
  EXPECT_NE(std::string::npos, next.err.find("statement 4 never ran")) << next.err;
  EXPECT_NE(std::string::npos, next.err.find("undo what statements 1 to 3 did")) << next.err;
  EXPECT_EQ(std::string::npos, next.err.find("changed nothing")) << next.err;
  EXPECT_EQ(std::string::npos, next.err.find("fix the file")) << next.err;
  EXPECT_FALSE(db_->TableExists("step_d"));

  Finished info = Run("info");
  EXPECT_EQ(0, info.exit_code) << info.err;
  EXPECT_NE(std::string::npos, info.out.find("V2 (Failed): interrupted after statement 2 of 4")) << info.out;

  // The documented repair: undo statements 1 to 3, `repair`, `migrate`.
  db_->Exec("DROP TABLE " + db_->Qualified("step_a"));
  db_->Exec("DROP TABLE " + db_->Qualified("step_b"));
  Finished repaired = Run("repair");
  EXPECT_EQ(0, repaired.exit_code) << repaired.err;
  EXPECT_FALSE(db_->TableExists("flyway_schema_history_progress"));
  // The sleep would run again: make it a no-op now (the checksum changes, repair realigns it).
  WriteNonTransactional("V2__steps.sql",
                        "CREATE TABLE step_a (id INT);\nCREATE TABLE step_b (id INT);\nSELECT 1;\nCREATE TABLE step_d (id INT);\n");
  Finished again = Run("migrate");
  EXPECT_EQ(0, again.exit_code) << again.out << again.err;
  h = History();
  ASSERT_EQ(2u, h.size());
  EXPECT_TRUE(True(h[1][5]));
  for (const char* t : {"base", "step_a", "step_b", "step_d"}) EXPECT_TRUE(db_->TableExists(t)) << t;
  EXPECT_FALSE(db_->TableExists("flyway_schema_history_progress"));
}

// A statement fails outside a transaction: the failure is recorded, and the next run says which
// statement failed and which ones stayed, without "changed nothing".
TEST_P(InterruptTest, FailedStatementIsNamedOnTheNextRun) {
  WriteNonTransactional("V1__steps.sql", "CREATE TABLE fail_a (id INT);\nCREATE TABLE fail_b (id INT);\n"
                                         "INSERT INTO fail_missing VALUES (1);\nCREATE TABLE fail_d (id INT);\n");
  Finished first = Run("migrate");
  EXPECT_EQ(3, first.exit_code) << first.err;
  EXPECT_NE(std::string::npos, first.err.find("statements 1 to 2 of " + sql_dir_ + "/V1__steps.sql (lines 1 to 2) "
                                              "completed before it and stayed applied"))
      << first.err;
  Finished next = Run("migrate");
  EXPECT_EQ(1, next.exit_code) << next.err;
  EXPECT_NE(std::string::npos, next.err.find(sql_dir_ + "/V1__steps.sql:3:1: error: V1 failed at statement 3 of 4, after "
                                             "statements 1 to 2 had completed"))
      << next.err;
  EXPECT_NE(std::string::npos, next.err.find("statement 3 (line 3: INSERT INTO fail_missing VALUES (1)) failed")) << next.err;
  EXPECT_NE(std::string::npos, next.err.find("statement 4 never ran")) << next.err;
  EXPECT_NE(std::string::npos, next.err.find("help: undo what statements 1 to 2 did, fix statement 3 if it was at fault, "
                                             "then run `shiftway repair` and `shiftway migrate`"))
      << next.err;
  Finished info = Run("info");
  EXPECT_NE(std::string::npos, info.out.find("V1 (Failed): statement 3 of 4 failed")) << info.out;
}

// [migrate] lock_timeout bounds each statement's wait, not the migration's. PostgreSQL and
// MariaDB: two sessions hold locks on two tables, released 2 s and 4 s after the start; each of the
// two ALTERs waits at most 2 s, under the 3 s timeout, so the migration succeeds although it waited
// longer than 3 s in all. SQLite: the busy timeout comes from lock_timeout too: a writer holding
// the database for 3 s makes a statement fail after 1 s with lock_timeout = 1s.
TEST_P(InterruptTest, LockTimeoutAppliesPerStatement) {
  Write("V1__tables.sql", "CREATE TABLE pa (id INT);\nCREATE TABLE pb (id INT);\n");
  Finished v1 = Run("migrate");
  ASSERT_EQ(0, v1.exit_code) << v1.err;
  Write("V2__alter.sql", "ALTER TABLE pa ADD COLUMN c INT;\nALTER TABLE pb ADD COLUMN c INT;\n");
  std::vector<std::thread> holders;
  std::atomic<int> holding{0};
  if (sqlite()) {
    std::ofstream(dir_ + "/shiftway.toml") << "[migrate]\nlock_timeout = \"1s\"\n";
    const std::string path = db_->Url().substr(7);
    holders.emplace_back([&holding, path] {
      sqlite3* h = nullptr;
      sqlite3_open(path.c_str(), &h);
      sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      ++holding;
      std::this_thread::sleep_for(std::chrono::seconds(3));
      sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(h);
    });
  } else {
    std::ofstream(dir_ + "/shiftway.toml") << "[migrate]\nlock_timeout = \"3s\"\n";
    for (auto [table, seconds] : {std::pair<std::string, int>{"pa", 2}, {"pb", 4}}) {
      const std::string qualified = db_->Qualified(table);
      if (postgres()) {
        const std::string url = db_->Url();
        holders.emplace_back([&holding, url, qualified, seconds] {
          pqxx::connection c(url);
          pqxx::work w(c);
          w.exec("LOCK TABLE " + qualified + " IN ACCESS SHARE MODE");
          ++holding;
          std::this_thread::sleep_for(std::chrono::seconds(seconds));
          w.commit();
        });
      } else {
        auto spec = drivers::ParseUrl(db_->Url());
        ASSERT_TRUE(spec);
        const std::string cmd = "MYSQL_PWD='" + spec->password + "' mariadb -h " + spec->host + " -P " +
                                std::to_string(spec->port) + " -u " + spec->user + " -e 'START TRANSACTION; SELECT count(*) FROM " +
                                qualified + "; DO SLEEP(" + std::to_string(seconds) + "), '\\''" + db_->Schema() +
                                "'\\''; COMMIT' >/dev/null";
        holders.emplace_back([cmd] { EXPECT_EQ(0, std::system(cmd.c_str())) << cmd; });
      }
    }
    if (mysql()) {
      for (int i = 0; i < 200 && holding < 2; ++i) {
        // Only this test's holders: their sleep names the test's database.
        holding = static_cast<int>(db_->Count("SELECT count(*) FROM information_schema.processlist WHERE info LIKE "
                                              "'DO SLEEP(%), ''" + db_->Schema() + "''%'"));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }
  const int expected_holders = sqlite() ? 1 : 2;
  for (int i = 0; i < 500 && holding < expected_holders; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(expected_holders, holding.load());
  const auto t0 = std::chrono::steady_clock::now();
  Finished f = Run("migrate");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  for (auto& h : holders) h.join();
  if (sqlite()) {
    EXPECT_EQ(3, f.exit_code) << f.err;
    EXPECT_NE(std::string::npos, f.err.find("database is locked")) << f.err;
    EXPECT_LT(ms, 2800) << "waited for the whole 3 s hold, not 1 s";
    EXPECT_FALSE(db_->Count("SELECT count(*) FROM pragma_table_info('pa') WHERE name = 'c'"));
    return;
  }
  EXPECT_EQ(0, f.exit_code) << f.out << f.err;
  EXPECT_GT(ms, 3000) << "the two statements waited " << ms << " ms in all, more than the 3 s lock_timeout";
  for (const char* t : {"pa", "pb"}) {
    auto cols = db_->Columns(t);
    EXPECT_TRUE(std::any_of(cols.begin(), cols.end(), [](const ColumnInfo& c) { return c.name == "c"; })) << t;
  }
}

// One statement of the kill-trial migrations: its SQL and the object it makes ("" for none).
struct Step {
  std::string sql, object;
};

// kill -9 at a random point of a multi-statement, non-transactional migration set, TRIALS times
// (SHIFTWAY_KILL_TRIALS, default 5; bench/kill_trials.sh runs 50). After each kill, the next
// migrate must report exactly what is interrupted: the statements it names as applied are in the
// database, the ones it says never ran are not. After the documented repair (undo statements 1 to
// k + 1, `repair`, `migrate`), the catalog and the history equal a clean run's.
TEST_P(InterruptTest, KillAtRandomPointsIsReportedExactlyAndRepairs) {
  const int trials = getenv("SHIFTWAY_KILL_TRIALS") ? std::max(1, atoi(getenv("SHIFTWAY_KILL_TRIALS"))) : 5;
  const std::string pause = postgres() ? "SELECT pg_sleep(0.1)"
                            : mysql()  ? "DO SLEEP(0.1)"
                                       : "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
                                         "400000) SELECT count(*) FROM seq";
  auto table = [](const std::string& t) { return Step{"CREATE TABLE " + t + " (id INT)", t}; };
  const Step none{pause, ""};
  // PostgreSQL: a concurrent index build, which a kill leaves INVALID.
  const Step index{postgres() ? "CREATE INDEX CONCURRENTLY kt_idx ON kt_base (id)" : "CREATE INDEX kt_idx ON kt_base (id)",
                   "kt_idx"};
  auto undo = [&](TestDatabase& db, const Step& st) {
    if (st.object != "kt_idx") return "DROP TABLE " + db.Qualified(st.object);
    if (mysql()) return "DROP INDEX kt_idx ON " + db.Qualified("kt_base");
    return "DROP INDEX " + db.Qualified("kt_idx");
  };
  // V1 runs in a transaction (but on MySQL, where its DDL commits at once); V2 and V3 outside one.
  const std::vector<std::vector<Step>> migrations = {
      {table("kt_base"), Step{"INSERT INTO kt_base VALUES (1), (2), (3)", ""}},
      {table("kt_a"), none, index, none, table("kt_b"), none},
      {table("kt_c"), none, table("kt_d"), none},
  };
  auto write = [&](const std::string& dir) {
    fs::create_directories(dir);
    for (size_t m = 0; m < migrations.size(); ++m) {
      const std::string name = m == 0 ? "V1__base.sql" : "V" + std::to_string(m + 1) + "__steps.sql";
      std::ofstream f(dir + "/" + name);
      for (const auto& st : migrations[m]) f << st.sql << ";\n";
      if (!mysql() && m > 0) std::ofstream(dir + "/" + name + ".conf") << "executeInTransaction=false\n";
    }
  };
  write(sql_dir_);
  auto exists = [&](TestDatabase& db, const std::string& object) {
    if (object == "kt_idx") {
      if (postgres()) return db.Count("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + db.Schema() + "' AND indexname = 'kt_idx'") > 0;
      auto ix = db.Indexes("kt_base");
      return std::find(ix.begin(), ix.end(), "kt_idx") != ix.end();
    }
    return db.TableExists(object);
  };
  // What a user compares: objects, columns, indexes and the history (without times and users).
  auto state = [&](TestDatabase& db) {
    std::string out;
    for (const auto& o : db.Objects()) out += o + "\n";
    for (const char* t : {"kt_base", "kt_a", "kt_b", "kt_c", "kt_d"}) {
      if (!db.TableExists(t)) continue;
      for (const auto& c : db.Columns(t)) out += std::string(t) + "." + c.name + " " + c.type + "\n";
      for (const auto& i : db.Indexes(t)) out += std::string(t) + " index " + i + "\n";
    }
    for (const auto& r : db.Query("SELECT version, description, type, script, checksum, success FROM " +
                                  db.Qualified("flyway_schema_history") + " ORDER BY installed_rank")) {
      for (const auto& v : r) out += (v ? (v == "t" || v == "true" ? std::string("1") : v == "f" || v == "false" ? std::string("0") : *v) : "NULL") + " ";
      out += "\n";
    }
    // The SCHEMA row names the database's own schema.
    for (size_t at = out.find(db.Schema()); at != std::string::npos && !db.Schemas().empty(); at = out.find(db.Schema()))
      out.replace(at, db.Schema().size(), "<schema>");
    return out;
  };
  auto ApplicationName = [](TestDatabase& db) { return "shiftway_" + db.Schema(); };
  auto run = [&](TestDatabase& db, const std::string& command, const std::string& tag) {
    // On PostgreSQL each database's clients carry an application_name of their own, so that ending
    // them below leaves alone the shiftway processes of tests running in parallel on the server.
    std::string url = db.Url();
    if (postgres()) url += (url.find('?') == std::string::npos ? "?" : "&") + ("application_name=" + ApplicationName(db));
    std::vector<std::string> a = {"--url", url, "--locations", "filesystem:" + sql_dir_};
    if (!db.Schemas().empty()) a.insert(a.end(), {"--schemas", db.Schemas().front()});
    a.push_back(command);
    return StartShiftway(a, dir_, tag);
  };
  auto end_clients = [&](TestDatabase& db) {
    // The killed client's statement goes on in the server; end it as a pod's death would at last.
    if (postgres()) {
      db.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + ApplicationName(db) +
              "' AND pid <> pg_backend_pid()");
    } else if (mysql()) {
      for (auto& row : db.Query("SELECT id FROM information_schema.processlist WHERE db = '" + db.Schema() +
                                "' AND id <> CONNECTION_ID()")) {
        try {
          if (row[0]) db.Exec("KILL " + *row[0]);
        } catch (const std::exception&) {
          // It ended by itself meanwhile.
        }
      }
    }
  };

  // The clean run, and how long it takes after V1: the kills land anywhere in that time.
  std::string error;
  // Each database in a folder of its own: SQLite's file is named after the folder only.
  auto folder = [&](const std::string& name) {
    fs::create_directories(dir_ + "/" + name);
    return dir_ + "/" + name;
  };
  auto clean_db = TestDatabase::Create(GetParam(), "kt_clean", folder("clean"), &error);
  ASSERT_NE(clean_db, nullptr) << error;
  Process clean_run = run(*clean_db, "migrate", "clean");
  ASSERT_TRUE(clean_db->WaitForVersion("1", 60));
  const auto t0 = std::chrono::steady_clock::now();
  Finished clean = Wait(clean_run, 120);
  const int clean_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  ASSERT_EQ(0, clean.exit_code) << clean.err;
  const std::string expected = state(*clean_db);
  EXPECT_EQ(std::string::npos, expected.find("progress")) << expected;

  std::mt19937 rng(getenv("SHIFTWAY_KILL_SEED") ? atoi(getenv("SHIFTWAY_KILL_SEED")) : 13);
  int interrupted = 0, finished_before = 0, all_done = 0, consistent = 0;
  for (int t = 0; t < trials; ++t) {
    SCOPED_TRACE("trial " + std::to_string(t));
    auto db = TestDatabase::Create(GetParam(), "kt_" + std::to_string(t), folder("t" + std::to_string(t)), &error);
    ASSERT_NE(db, nullptr) << error;
    Process p = run(*db, "migrate", "kill" + std::to_string(t));
    if (!db->WaitForVersion("1", 60)) {
      Finished f = Wait(p, 1);
      FAIL() << "V1 was never recorded:\n" << f.out << f.err;
    }
    const int at = std::uniform_int_distribution<int>(0, clean_ms)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(at));
    kill(p.pid, SIGKILL);
    Finished killed = Wait(p, 30);
    end_clients(*db);

    Finished next = Wait(run(*db, "migrate", "next" + std::to_string(t)), 120);
    bool ok = true;
    if (next.exit_code == 0) {
      ++finished_before;  // killed before V2 was recorded, or after the last one was marked
      if (getenv("SHIFTWAY_KILL_VERBOSE")) std::printf("trial %d: killed after %d ms:\n%s\nnext:\n%s\n", t, at, killed.out.c_str(), next.out.c_str());
    } else {
      // "V<m> was interrupted after statement <k> of <n>" or "V<m> ran all <n> of its statements".
      int m = 0, k = 0, n = 0;
      const auto pos = next.err.find(" was interrupted after statement ");
      const auto pos_all = next.err.find(" of its statements, but the run stopped before it marked");
      auto version_before = [&](size_t at_pos) {
        size_t v = next.err.rfind(": error: V", at_pos);
        return v == std::string::npos ? 0 : atoi(next.err.c_str() + v + 10);
      };
      if (pos != std::string::npos) {
        ++interrupted;
        m = version_before(pos);
        sscanf(next.err.c_str() + pos, " was interrupted after statement %d of %d", &k, &n);
      } else if (pos_all != std::string::npos) {
        ++all_done;
        m = version_before(pos_all);
        const auto ran = next.err.rfind(" ran all ", pos_all);
        n = k = ran == std::string::npos ? 0 : atoi(next.err.c_str() + ran + 9);
      } else {
        ADD_FAILURE() << "killed after " << at << " ms; the next run said neither:\n" << next.out << next.err;
        continue;
      }
      ASSERT_GE(m, 1) << next.err;
      ASSERT_LE(m, 3) << next.err;
      const auto& steps = migrations[m - 1];
      EXPECT_EQ(static_cast<int>(steps.size()), n) << next.err;
      EXPECT_EQ(std::string::npos, next.err.find("changed nothing")) << next.err;
      EXPECT_EQ(std::string::npos, next.err.find("fix the file")) << next.err;
      // What it says applied is there; what it says never ran is not; earlier migrations complete.
      for (int mm = 0; mm < m - 1; ++mm)
        for (const auto& st : migrations[mm])
          if (!st.object.empty() && !exists(*db, st.object)) ok = false, ADD_FAILURE() << st.object << " missing";
      for (int j = 0; j < n; ++j) {
        const auto& st = steps[j];
        if (st.object.empty()) continue;
        if (j < k && !exists(*db, st.object)) ok = false, ADD_FAILURE() << "statement " << j + 1 << " said applied: " << st.object << " missing\n" << next.err;
        if (j > k && exists(*db, st.object)) ok = false, ADD_FAILURE() << "statement " << j + 1 << " said never ran: " << st.object << " exists\n" << next.err;
      }
      for (size_t mm = m; mm < migrations.size(); ++mm)
        for (const auto& st : migrations[mm])
          if (!st.object.empty() && exists(*db, st.object)) ok = false, ADD_FAILURE() << st.object << " of a later migration exists";
      if (k < n) {
        EXPECT_NE(std::string::npos, next.err.find("statement " + std::to_string(k + 1) + " (line " + std::to_string(k + 1) + ": " +
                                                   steps[k].sql.substr(0, 40)))
            << next.err;
        // The documented repair: undo statements 1 to k + 1, `repair`, `migrate`.
        for (int j = 0; j <= k && j < n; ++j)
          if (!steps[j].object.empty() && exists(*db, steps[j].object)) db->Exec(undo(*db, steps[j]));
        Finished repaired = Wait(run(*db, "repair", "repair" + std::to_string(t)), 120);
        EXPECT_EQ(0, repaired.exit_code) << repaired.err;
      } else {
        // Every statement completed: mark it succeeded, as the hint says.
        const auto hint = next.err.find("mark it succeeded with `");
        ASSERT_NE(std::string::npos, hint) << next.err;
        const auto start = hint + 24;
        db->Exec(next.err.substr(start, next.err.find('`', start) - start));
      }
      Finished again = Wait(run(*db, "migrate", "again" + std::to_string(t)), 120);
      EXPECT_EQ(0, again.exit_code) << again.out << again.err;
    }
    const std::string got = state(*db);
    EXPECT_EQ(expected, got) << "killed after " << at << " ms\n" << next.err;
    if (ok && got == expected) ++consistent;
  }
  // The counts, for bench/kill_trials.sh and the note.
  std::printf("kill trials on %s: %d trials, %d consistent; %d interrupted mid-migration, %d all statements done "
              "but not marked, %d with nothing to repair (kills 0 to %d ms after V1)\n",
              BackendName(GetParam()).c_str(), trials, consistent, interrupted, all_done, finished_before, clean_ms);
  EXPECT_EQ(trials, consistent);
}

// A TCP proxy in front of MariaDB that forwards everything until the client sends COMMIT: it
// passes the COMMIT on, waits for the server's answer, and then cuts both connections without
// passing the answer back. The server has committed; the client only sees its connection go.
class CommitCutter {
 public:
  CommitCutter(std::string host, int port) : host_(std::move(host)), port_(port) {
    listen_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_, 8) != 0) return;
    socklen_t len = sizeof a;
    getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
    proxy_port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Accept(); });
  }
  ~CommitCutter() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (auto& t : connections_) t.join();
    close(listen_);
  }
  int port() const { return proxy_port_; }
  int cuts() const { return cuts_; }

 private:
  void Accept() {
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      int client = accept(listen_, nullptr, nullptr);
      if (client < 0) continue;
      connections_.emplace_back([this, client] { Forward(client); });
    }
  }
  void Forward(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, host_ == "localhost" ? "127.0.0.1" : host_.c_str(), &a.sin_addr);
    if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(client);
      close(server);
      return;
    }
    std::string pending;  // client bytes not yet a whole packet
    char buf[65536];
    while (!stop_) {
      pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (poll(p, 2, 100) <= 0) continue;
      if (p[1].revents) {
        ssize_t n = read(server, buf, sizeof buf);
        if (n <= 0 || write(client, buf, n) != n) break;
      }
      if (p[0].revents) {
        ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0) break;
        pending.append(buf, n);
        bool cut = false;
        // MySQL packets: 3-byte length, sequence byte, payload; COM_QUERY is 0x03 + the text.
        while (pending.size() >= 4) {
          const size_t len = static_cast<unsigned char>(pending[0]) | static_cast<unsigned char>(pending[1]) << 8 |
                             static_cast<unsigned char>(pending[2]) << 16;
          if (pending.size() < 4 + len) break;
          const std::string packet = pending.substr(0, 4 + len);
          pending.erase(0, 4 + len);
          if (write(server, packet.data(), packet.size()) != static_cast<ssize_t>(packet.size())) break;
          if (len == 7 && packet.compare(4, 7, "\x03" "COMMIT") == 0) {
            // Wait for the server's OK, and drop it.
            pollfd w{server, POLLIN, 0};
            if (poll(&w, 1, 10000) > 0 && read(server, buf, sizeof buf) < 0) break;
            ++cuts_;
            cut = true;
            break;
          }
        }
        if (cut) break;
      }
    }
    close(client);
    close(server);
  }

  std::string host_;
  int port_ = 0, proxy_port_ = 0, listen_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> cuts_{0};
  std::thread thread_;
  std::vector<std::thread> connections_;
};

// MariaDB: the connection goes while COMMIT is in flight (the server committed). shiftway must say
// "may have committed", and the next run reads from the history that it did: nothing to repair,
// nothing applied twice.
TEST(InterruptMysqlTest, ConnectionLostDuringCommitIsReportedAsMayHaveCommitted) {
  char tmpl[] = "/tmp/shiftway-interrupt.XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl, sql_dir = dir + "/sql";
  fs::create_directories(sql_dir);
  std::string error;
  auto db = TestDatabase::Create(Backend::kMysql, "int_commit_lost", dir, &error);
  ASSERT_NE(db, nullptr) << error;
  auto spec = drivers::ParseUrl(db->Url());
  ASSERT_TRUE(spec) << db->Url();
  const std::string where = spec->host + ":" + std::to_string(spec->port);
  std::ofstream(sql_dir + "/V1__table.sql") << "CREATE TABLE lost (id INT);\n";
  auto args = [&](const std::string& url, const std::string& command) {
    return std::vector<std::string>{"--url", url, "--locations", "filesystem:" + sql_dir, "--schemas", db->Schemas().front(), command};
  };
  Finished v1 = Wait(StartShiftway(args(db->Url(), "migrate"), dir, "v1"), 60);
  ASSERT_EQ(0, v1.exit_code) << v1.err;
  // Rows only: the history row and the rows commit together, at COMMIT.
  std::ofstream(sql_dir + "/V2__rows.sql") << "INSERT INTO lost VALUES (1);\nINSERT INTO lost VALUES (2);\n";
  CommitCutter cutter(spec->host, spec->port);
  ASSERT_GT(cutter.port(), 0);
  std::string proxied = db->Url();
  proxied.replace(proxied.find(where), where.size(), spec->host + ":" + std::to_string(cutter.port()));
  Finished f = Wait(StartShiftway(args(proxied, "migrate"), dir, "cut"), 60);
  EXPECT_EQ(1, cutter.cuts());
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  EXPECT_NE(std::string::npos, f.err.find("note: the connection went while COMMIT of V2 was in flight: V2 may have "
                                          "committed, or may have been rolled back"))
      << f.err;
  EXPECT_EQ(std::string::npos, f.err.find("fix the file")) << f.err;
  EXPECT_EQ(std::string::npos, f.err.find("rolled back;")) << f.err;
  // The server did commit: the history says Success, the rows are there once, and a re-run
  // applies nothing.
  EXPECT_EQ(1, db->Count("SELECT count(*) FROM " + db->Qualified("flyway_schema_history") + " WHERE version = '2' AND success = 1"));
  EXPECT_EQ(2, db->Count("SELECT count(*) FROM " + db->Qualified("lost")));
  Finished again = Wait(StartShiftway(args(db->Url(), "migrate"), dir, "again"), 60);
  EXPECT_EQ(0, again.exit_code) << again.err;
  EXPECT_NE(std::string::npos, again.out.find("is up to date")) << again.out;
  EXPECT_EQ(2, db->Count("SELECT count(*) FROM " + db->Qualified("lost")));
  db.reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, InterruptTest, testing::Values(Backend::kSqlite),
                         [](const auto&) { return std::string("Sqlite"); });
INSTANTIATE_TEST_SUITE_P(Postgres, InterruptTest, testing::Values(Backend::kPostgres),
                         [](const auto&) { return std::string("Postgres"); });
INSTANTIATE_TEST_SUITE_P(Mysql, InterruptTest, testing::Values(Backend::kMysql),
                         [](const auto&) { return std::string("Mysql"); });

}  // namespace
}  // namespace shiftway::conformance
