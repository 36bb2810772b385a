// Lock queues (docs/locking.md, "Lock queues"): a migration statement that waits longer than
// [migrate] lock_timeout for a lock another session holds names that session, and `migrate` retries
// it ([migrate] lock_retries, lock_retry_backoff) because it rolled back completely.
//
// The blocker is a real session of the test: a transaction that read the table (PostgreSQL,
// MariaDB), or a write transaction on the file (SQLite). shiftway runs as a separate process.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "drivers/url.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

// A session of its own that holds a lock on table `t` until Release().
class Blocker {
 public:
  virtual ~Blocker() = default;
  virtual void Release() = 0;
  /// How shiftway's message names this session: "backend pid 123", "connection id 7", "process 99".
  virtual std::string Name() = 0;
};

class PostgresBlocker final : public Blocker {
 public:
  PostgresBlocker(const std::string& url, const std::string& schema) : conn_(url), tx_(conn_) {
    tx_.exec("SELECT count(*) FROM \"" + schema + "\".t");  // ACCESS SHARE, which ALTER TABLE waits for
    pid_ = conn_.backendpid();
  }
  void Release() override {
    if (!released_) tx_.abort();
    released_ = true;
  }
  std::string Name() override { return "backend pid " + std::to_string(pid_); }

 private:
  pqxx::connection conn_;
  pqxx::work tx_;
  int pid_ = 0;
  bool released_ = false;
};

class MysqlBlocker final : public Blocker {
 public:
  MysqlBlocker(const std::string& url, const std::string& schema) {
    auto spec = drivers::ParseUrl(url);
    ::sql::ConnectOptionsMap opts;
    opts["hostName"] = ::sql::SQLString("tcp://" + spec->host + ":" + std::to_string(spec->port));
    opts["userName"] = ::sql::SQLString(spec->user);
    opts["password"] = ::sql::SQLString(spec->password);
    conn_.reset(::get_driver_instance()->connect(opts));
    Run("START TRANSACTION");
    Run("SELECT count(*) FROM `" + schema + "`.t");  // a shared metadata lock until the transaction ends
    std::unique_ptr<::sql::Statement> st(conn_->createStatement());
    std::unique_ptr<::sql::ResultSet> rs(st->executeQuery("SELECT CONNECTION_ID()"));
    rs->next();
    id_ = rs->getString(1);
  }
  void Release() override {
    if (!released_) Run("ROLLBACK");
    released_ = true;
  }
  std::string Name() override { return "connection id " + id_; }

 private:
  void Run(const std::string& sql) {
    std::unique_ptr<::sql::Statement> st(conn_->createStatement());
    if (st->execute(::sql::SQLString(sql))) {
      std::unique_ptr<::sql::ResultSet> rs(st->getResultSet());
      while (rs->next()) {
      }
    }
  }
  std::unique_ptr<::sql::Connection> conn_;
  std::string id_;
  bool released_ = false;
};

class SqliteBlocker final : public Blocker {
 public:
  explicit SqliteBlocker(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    // RESERVED: other connections may read, but not write, until it ends.
    sqlite3_exec(db_, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr);
  }
  ~SqliteBlocker() override {
    Release();
    sqlite3_close(db_);
  }
  void Release() override {
    if (!released_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    released_ = true;
  }
  std::string Name() override { return "process " + std::to_string(getpid()); }

 private:
  sqlite3* db_ = nullptr;
  bool released_ = false;
};

class LockQueueTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-lockq.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/sql");
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "lockq", dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
    Write("V1__table.sql", "CREATE TABLE t (id INT);\n");
    Finished first = Run("first");
    ASSERT_EQ(0, first.exit_code) << first.out << first.err;
    Write("V2__alter.sql", "ALTER TABLE t ADD COLUMN c INT;\n");
  }
  void TearDown() override {
    blocker_.reset();
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/sql/" + name, std::ios::binary) << text;
  }
  void Config(const std::string& text) { std::ofstream(dir_ + "/shiftway.toml") << text; }

  std::vector<std::string> Args() const {
    std::vector<std::string> a = {"--url", db_->Url(), "--locations", "filesystem:" + dir_ + "/sql"};
    for (const auto& s : db_->Schemas()) a.insert(a.end(), {"--schemas", s});
    a.push_back("migrate");
    return a;
  }
  Finished Run(const std::string& tag) { return Wait(StartShiftway(Args(), dir_, tag), 120); }

  void Block() {
    switch (GetParam()) {
      case Backend::kPostgres: blocker_ = std::make_unique<PostgresBlocker>(db_->Url(), db_->Schema()); break;
      case Backend::kMysql: blocker_ = std::make_unique<MysqlBlocker>(db_->Url(), db_->Schema()); break;
      case Backend::kSqlite: blocker_ = std::make_unique<SqliteBlocker>(dir_ + "/test.db"); break;
    }
  }

  bool ColumnC() {
    for (const auto& c : db_->Columns("t")) {
      if (c.name == "c") return true;
    }
    return false;
  }
  long Applied(const std::string& version) {
    return db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE version = '" +
                      version + "'");
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Blocker> blocker_;
};

TEST_P(LockQueueTest, HeldLockMakesMigrateRetryThenFailNamingTheBlocker) {
  Config("[migrate]\nlock_timeout = \"1s\"\nlock_retries = 2\nlock_retry_backoff = \"200ms\"\n");
  Block();
  Finished f = Run("blocked");
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  const std::string name = blocker_->Name();
  // Each retry is reported with the blocker, and so is the final error.
  EXPECT_NE(std::string::npos, f.err.find("retry 1 of 2 in ")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("retry 2 of 2 in ")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("gave up after 2 retries ([migrate] lock_retries)")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("the lock is held by " + name)) << f.err;
  if (GetParam() == Backend::kPostgres) {
    EXPECT_NE(std::string::npos, f.err.find("the lock is held by " + name + " (user shiftway, state idle in transaction, "
                                            "in its transaction for "))
        << f.err;
  }
  if (GetParam() == Backend::kMysql) {
    EXPECT_NE(std::string::npos, f.err.find("the lock is held by " + name + " (user shiftway, command Sleep")) << f.err;
  }
  // MySQL commits DDL at once, so there nothing is rolled back: the ALTER never ran. SQLite waits
  // at BEGIN IMMEDIATE, before the migration starts.
  const char* state = GetParam() == Backend::kMysql    ? "V2 changed nothing"
                      : GetParam() == Backend::kSqlite ? "V2 was not started"
                                                       : "V2 was rolled back";
  EXPECT_NE(std::string::npos, f.err.find(state)) << f.err;
  EXPECT_NE(std::string::npos, f.err.find(GetParam() == Backend::kSqlite
                                              ? "wait for the process holding the lock to finish, or end it"
                                              : "wait for the session holding the lock to finish, or end it, or "
                                                "raise [migrate] lock_timeout (or lock_retries)"))
      << f.err;
  EXPECT_EQ(std::string::npos, f.err.find("fix the file")) << f.err;
  blocker_->Release();
  EXPECT_FALSE(ColumnC());
  EXPECT_EQ(0, Applied("2"));
}

TEST_P(LockQueueTest, BlockerReleasedMidRetryLetsMigrateSucceed) {
  Config("[migrate]\nlock_timeout = \"1s\"\nlock_retries = 5\nlock_retry_backoff = \"1s\"\n");
  Block();
  Process p = StartShiftway(Args(), dir_, "released");
  // Released while migrate waits between attempts or inside one.
  std::this_thread::sleep_for(std::chrono::milliseconds(GetParam() == Backend::kSqlite ? 6500 : 2500));
  blocker_->Release();
  Finished f = Wait(p, 120);
  EXPECT_EQ(0, f.exit_code) << f.out << f.err;
  EXPECT_NE(std::string::npos, f.err.find("retry 1 of 5 in ")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("the lock is held by " + blocker_->Name())) << f.err;
  EXPECT_TRUE(ColumnC());
  EXPECT_EQ(1, Applied("2"));
}

INSTANTIATE_TEST_SUITE_P(All, LockQueueTest, testing::Values(Backend::kPostgres, Backend::kMysql, Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace shiftway::conformance
