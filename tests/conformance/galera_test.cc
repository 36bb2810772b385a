// MariaDB Galera (docs/locking.md): the cluster-wide lock row on the 3-node cluster that
// scripts/test-servers.sh starts (SHIFTWAY_TEST_GALERA_URLS).
//
// - 16 `migrate` processes spread over the three nodes apply every migration exactly once, and
//   leave no lock row and no GET_LOCK behind. SHIFTWAY_GALERA_TRIALS trials (default 3);
//   bench/galera_race.sh runs 20.
// - The holder's heartbeat keeps its lease while it runs longer than the lease.
// - A holder killed with kill -9 is taken over by a process on another node, only once its lease
//   has expired.
//
// The database is checked over raw Connector/C++ connections to each node, never shiftway's driver.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "drivers/common.h"
#include "drivers/url.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A raw connection to one node; reads wait until the node applied what the cluster committed.
class Node {
 public:
  explicit Node(const drivers::ConnectionSpec& spec) {
    ::sql::ConnectOptionsMap opts;
    opts["hostName"] = ::sql::SQLString("tcp://" + spec.host + ":" + std::to_string(spec.port));
    opts["userName"] = ::sql::SQLString(spec.user);
    opts["password"] = ::sql::SQLString(spec.password);
    conn_.reset(::get_driver_instance()->connect(opts));
    Scalar("SET SESSION wsrep_sync_wait = 1");
  }
  // The first column of the first row ("" for none, "NULL" for NULL).
  std::string Scalar(const std::string& sql) {
    std::unique_ptr<::sql::Statement> st(conn_->createStatement());
    std::string out;
    if (st->execute(::sql::SQLString(sql))) {
      std::unique_ptr<::sql::ResultSet> rs(st->getResultSet());
      if (rs->next()) {
        out = rs->getString(1);
        if (rs->wasNull()) out = "NULL";
      }
      while (rs->next()) {
      }
    }
    while (st->getMoreResults()) {
    }
    return out;
  }
  long Count(const std::string& sql) { return std::stol(Scalar(sql)); }

 private:
  std::unique_ptr<::sql::Connection> conn_;
};

class GaleraTest : public testing::Test {
 protected:
  void SetUp() override {
    std::stringstream in(Env("SHIFTWAY_TEST_GALERA_URLS"));
    for (std::string url; std::getline(in, url, ',');) urls_.push_back(url);
    // A cluster that is not there fails the test where everyone sees it; it never skips.
    ASSERT_EQ(3u, urls_.size()) << "SHIFTWAY_TEST_GALERA_URLS must hold the three nodes' URLs: run under "
                                   "scripts/test-servers.sh (it starts the Galera cluster)";
    for (const auto& u : urls_) {
      auto spec = drivers::ParseUrl(u);
      ASSERT_TRUE(spec) << spec.error().message;
      nodes_.push_back(std::make_unique<Node>(*spec));
    }
    ASSERT_EQ("3", Scalar(0, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'"));
  }

  void TearDown() override {
    if (!db_.empty()) {
      try {
        nodes_[0]->Scalar("DROP DATABASE IF EXISTS `" + db_ + "`");
      } catch (...) {
      }
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::string Scalar(int node, const std::string& sql) { return nodes_[node]->Scalar(sql); }

  // A fresh database and migration folder; `config` becomes the folder's shiftway.toml.
  void NewTrial(const std::string& config = "") {
    std::error_code ec;
    if (!db_.empty()) nodes_[0]->Scalar("DROP DATABASE IF EXISTS `" + db_ + "`");
    if (!dir_.empty()) fs::remove_all(dir_, ec);
    char tmpl[] = "/tmp/shiftway-galera.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    sql_dir_ = dir_ + "/sql";
    fs::create_directories(sql_dir_);
    db_ = "galera_" + std::to_string(getpid()) + "_" + std::to_string(++serial_);
    if (!config.empty()) std::ofstream(dir_ + "/shiftway.toml") << config;
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(sql_dir_ + "/" + name, std::ios::binary) << text;
  }

  std::vector<std::string> Args(int node) const {
    return {"--url", urls_[node], "--locations", "filesystem:" + sql_dir_, "--schemas", db_, "-lockRetryCount=120",
            "migrate"};
  }

  long CountVersion(int node, const std::string& version) {
    return nodes_[node]->Count("SELECT count(*) FROM `" + db_ + "`.`flyway_schema_history` WHERE version = '" +
                               version + "' AND type = 'SQL' AND success = 1");
  }
  std::string LockName() const { return drivers::FlywayMysqlLockName(db_, "flyway_schema_history"); }
  long LockRows(int node) {
    return nodes_[node]->Count("SELECT count(*) FROM `" + db_ + "`.`flyway_schema_history_lock`");
  }
  // Whether anyone holds the GET_LOCK half of the lock on `node`.
  bool NamedLockHeld(int node) { return Scalar(node, "SELECT IS_USED_LOCK('" + LockName() + "')") != "NULL"; }

  std::vector<std::string> urls_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::string dir_, sql_dir_, db_;
  int serial_ = 0;
};

TEST_F(GaleraTest, SixteenProcessesOverThreeNodesApplyEachMigrationOnce) {
  const int trials = Env("SHIFTWAY_GALERA_TRIALS").empty() ? 3 : std::atoi(Env("SHIFTWAY_GALERA_TRIALS").c_str());
  int doubles = 0, stale = 0, failed = 0;
  const auto started = Clock::now();
  for (int trial = 1; trial <= trials; ++trial) {
    NewTrial();
    for (int i = 1; i <= 5; ++i) {
      const std::string t = "conc_" + std::to_string(i);
      Write("V" + std::to_string(i) + "__step.sql",
            "CREATE TABLE " + t + " (id INT PRIMARY KEY AUTO_INCREMENT, v INT);\nINSERT INTO " + t + " (v) VALUES (" +
                std::to_string(i) + ");\n");
    }
    std::vector<Process> procs;
    for (int i = 0; i < 16; ++i) procs.push_back(StartShiftway(Args(i % 3), dir_, "p" + std::to_string(i)));
    std::vector<Finished> results;
    for (auto& p : procs) results.push_back(Wait(p, 300));
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].exit_code != 0) ++failed;
      EXPECT_EQ(0, results[i].exit_code) << "trial " << trial << " process " << i << " (node " << i % 3 + 1
                                         << ")\nstdout:\n" << results[i].out << "\nstderr:\n" << results[i].err;
    }
    EXPECT_NE(std::string::npos,
              results[0].out.find("note: connected to a MariaDB Galera node (wsrep_on): the migration lock is a row "
                                  "of `" + db_ + "`.`flyway_schema_history_lock`, certified across the cluster"))
        << results[0].out;
    for (int v = 1; v <= 5; ++v) {
      for (int node = 0; node < 3; ++node) {
        const long applied = CountVersion(node, std::to_string(v));
        const long rows = nodes_[node]->Count("SELECT count(*) FROM `" + db_ + "`.`conc_" + std::to_string(v) + "`");
        if (node == 0 && (applied != 1 || rows != 1)) ++doubles;
        EXPECT_EQ(1, applied) << "trial " << trial << " version " << v << " node " << node + 1;
        EXPECT_EQ(1, rows) << "trial " << trial << " version " << v << " node " << node + 1;
      }
    }
    for (int node = 0; node < 3; ++node) {
      const bool left = LockRows(node) != 0 || NamedLockHeld(node);
      if (left) ++stale;
      EXPECT_FALSE(left) << "trial " << trial << ": a lock is left on node " << node + 1;
    }
  }
  std::cout << "galera race: " << trials << " trials x 16 processes over 3 nodes: " << doubles
            << " double applications, " << stale << " stale locks, " << failed << " failed processes, in "
            << std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count() << " s\n";
}

TEST_F(GaleraTest, HeartbeatKeepsTheLeaseOfAHolderThatRunsLongerThanIt) {
  NewTrial("[migrate]\nlock_lease = \"2s\"\n");
  // 6 s on node 1, three leases long; instant elsewhere.
  Write("V1__slow.sql", "SELECT SLEEP(IF(@@wsrep_node_name = 'node1', 6, 0));\n");
  Process holder = StartShiftway(Args(0), dir_, "holder");
  // Wait until the holder has the row, then start a process on node 2.
  bool held = false;
  for (int i = 0; i < 200 && !held; ++i) {
    try {
      held = LockRows(1) == 1;
    } catch (const ::sql::SQLException&) {
    }
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(held) << "the holder never took the lock row";
  Process waiter = StartShiftway(Args(1), dir_, "waiter");
  Finished h = Wait(holder, 60), w = Wait(waiter, 60);
  EXPECT_EQ(0, h.exit_code) << h.out << h.err;
  EXPECT_EQ(0, w.exit_code) << w.out << w.err;
  EXPECT_NE(std::string::npos, w.err.find("waiting for the migration lock held by process " + std::to_string(holder.pid) +
                                          " on host "))
      << w.err;
  EXPECT_NE(std::string::npos, w.err.find("(through Galera node node1, connection ")) << w.err;
  EXPECT_EQ(std::string::npos, w.err.find("took over")) << w.err;
  EXPECT_NE(std::string::npos, w.out.find("is up to date. No migration necessary.")) << w.out;
  EXPECT_EQ(1, CountVersion(2, "1"));
  EXPECT_EQ(0, LockRows(2));
}

TEST_F(GaleraTest, KilledHolderIsTakenOverOnlyAfterItsLeaseExpired) {
  NewTrial("[migrate]\nlock_lease = \"3s\"\n");
  Write("V1__slow.sql", "SELECT SLEEP(IF(@@wsrep_node_name = 'node1', 30, 0));\n");
  Write("V2__after.sql", "CREATE TABLE after_takeover (id INT PRIMARY KEY);\n");
  Process holder = StartShiftway(Args(0), dir_, "holder");
  bool held = false;
  for (int i = 0; i < 200 && !held; ++i) {
    try {
      held = LockRows(2) == 1;
    } catch (const ::sql::SQLException&) {
    }
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(held) << "the holder never took the lock row";
  // Let one heartbeat renew the lease, then kill the holder where it stands.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(0, kill(holder.pid, SIGKILL));
  const auto killed = Clock::now();
  Finished h = Wait(holder, 10);
  EXPECT_EQ(-1, h.exit_code);
  // The row stays: nobody knows yet whether its process is gone or only slow.
  EXPECT_EQ(1, LockRows(1));
  Process taker = StartShiftway(Args(1), dir_, "taker");
  Finished t = Wait(taker, 60);
  const double after_kill_s = std::chrono::duration<double>(Clock::now() - killed).count();
  EXPECT_EQ(0, t.exit_code) << t.out << t.err;
  const std::string who = "process " + std::to_string(holder.pid) + " on host ";
  EXPECT_NE(std::string::npos, t.err.find("waiting for the migration lock held by " + who)) << t.err;
  EXPECT_NE(std::string::npos, t.err.find(", expires in ")) << t.err;
  EXPECT_NE(std::string::npos, t.err.find("took over the Galera migration lock of " + who)) << t.err;
  EXPECT_NE(std::string::npos, t.err.find(": its process stopped renewing the lease (crashed, or lost its node)")) << t.err;
  // The lease ran at least 3 s from the holder's last renewal, which came at most 1 s before the kill.
  EXPECT_GE(after_kill_s, 2.0);
  EXPECT_EQ(1, CountVersion(0, "1"));
  EXPECT_EQ(1, CountVersion(0, "2"));
  EXPECT_EQ(0, LockRows(0));
  EXPECT_FALSE(NamedLockHeld(1));
}

TEST_F(GaleraTest, StalledHolderWhoseLockWasTakenOverRecordsNothing) {
  NewTrial("[migrate]\nlock_lease = \"2s\"\n");
  Write("V1__slow.sql", "SELECT SLEEP(IF(@@wsrep_node_name = 'node1', 3, 0));\n");
  Process holder = StartShiftway(Args(0), dir_, "holder");
  bool held = false;
  for (int i = 0; i < 200 && !held; ++i) {
    try {
      held = LockRows(1) == 1;
    } catch (const ::sql::SQLException&) {
    }
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(held) << "the holder never took the lock row";
  // Stopped once it is inside V1 (its statement runs on node 1), not before it read the history.
  bool running = false;
  for (int i = 0; i < 200 && !running; ++i) {
    running = nodes_[0]->Count("SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE "
                               "'SELECT SLEEP(IF(@@wsrep_node_name%'") > 0;
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(running) << "the holder never started V1";
  // Frozen, heartbeat and all, for longer than its lease: a pause, not a crash.
  ASSERT_EQ(0, kill(holder.pid, SIGSTOP));
  Process taker = StartShiftway(Args(1), dir_, "taker");
  Finished t = Wait(taker, 60);
  EXPECT_EQ(0, t.exit_code) << t.out << t.err;
  EXPECT_NE(std::string::npos, t.err.find("took over the Galera migration lock of process " + std::to_string(holder.pid)))
      << t.err;
  ASSERT_EQ(0, kill(holder.pid, SIGCONT));
  Finished h = Wait(holder, 60);
  // It wakes up after its statement finished on the server, and must not record V1 a second time.
  EXPECT_EQ(3, h.exit_code) << h.out << h.err;
  EXPECT_NE(std::string::npos, h.err.find("lost the Galera migration lock: another process took it over")) << h.err;
  EXPECT_EQ(1, CountVersion(0, "1"));
  EXPECT_EQ(1, nodes_[0]->Count("SELECT count(*) FROM `" + db_ + "`.`flyway_schema_history` WHERE version = '1'"));
  EXPECT_EQ(0, LockRows(0));
}

}  // namespace
}  // namespace shiftway::conformance
