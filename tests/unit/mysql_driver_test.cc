// The MySQL/MariaDB driver against a real server: run under scripts/test-servers.sh.
#include "drivers/mysql/mysql_driver.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <set>

#include "drivers/common.h"
#include "drivers/driver.h"

namespace shiftway::drivers {
namespace {

sql::Statement Stmt(std::string text) {
  sql::Statement s;
  s.text = std::move(text);
  return s;
}

// Each test works in a database of its own, so tests may run in parallel on one server.
class MysqlDriverTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("SHIFTWAY_TEST_MYSQL_URL");
    // A driver test that cannot reach its server must fail where everyone sees it, not skip.
    ASSERT_NE(url, nullptr) << "SHIFTWAY_TEST_MYSQL_URL is not set: run the tests under "
                               "scripts/test-servers.sh -- ./build/tests/shiftway_unit_tests";
    auto spec = ParseUrl(url);
    ASSERT_TRUE(spec) << spec.error().message;
    spec_ = *spec;
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    db_ = "sw_" + name.substr(0, 40) + "_" + std::to_string(getpid());
    driver_ = Open();
    ASSERT_NE(driver_, nullptr);
    auto created = driver_->EnsureSchemas({db_});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(std::vector<std::string>{db_}, *created);
  }

  void TearDown() override {
    if (!driver_) return;
    // On a fresh connection: the test may have broken or left a transaction on its own.
    driver_.reset();
    if (auto d = Open()) (void)d->Execute(Stmt("DROP DATABASE IF EXISTS `" + db_ + "`"));
  }

  std::unique_ptr<Driver> Open(DriverOptions options = {}) {
    options.schemas = {db_};
    auto d = OpenMysql(spec_, options);
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return d ? std::move(*d) : nullptr;
  }

  // Asks the server directly, beside the driver under test.
  std::string Scalar(const std::string& query) {
    ::sql::ConnectOptionsMap opts;
    opts["hostName"] = ::sql::SQLString("tcp://" + spec_.host + ":" + std::to_string(spec_.port));
    opts["userName"] = ::sql::SQLString(spec_.user);
    opts["password"] = ::sql::SQLString(spec_.password);
    std::unique_ptr<::sql::Connection> c(::get_driver_instance()->connect(opts));
    std::unique_ptr<::sql::Statement> st(c->createStatement());
    std::unique_ptr<::sql::ResultSet> rs(st->executeQuery(query));
    if (!rs->next()) return "";
    std::string v = rs->getString(1);
    return rs->wasNull() ? "" : v;
  }

  ConnectionSpec spec_;
  std::string db_;
  std::unique_ptr<Driver> driver_;
};

TEST(MysqlLockIdentityTest, MatchesFlyway) {
  // Java: "Flyway-" + "`shiftway_test`.`flyway_schema_history`".hashCode()
  EXPECT_EQ("Flyway-1220480469", FlywayMysqlLockName("shiftway_test", "flyway_schema_history"));
}

TEST(MysqlErrorPositionTest, FindsTheNearTextOnItsLine) {
  auto pos = MysqlErrorPosition(
      "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server "
      "version "
      "for the right syntax to use near 'FORM t' at line 2",
      "SELECT *\n  FORM t");
  ASSERT_TRUE(pos);
  EXPECT_EQ(2, pos->line);
  EXPECT_EQ(3, pos->column);
  pos = MysqlErrorPosition("... to use near '' at line 1", "SELECT (1");
  ASSERT_TRUE(pos);
  EXPECT_EQ(10, pos->column);
  EXPECT_FALSE(MysqlErrorPosition("Table 'x.t' doesn't exist", "SELECT * FROM t"));
}

TEST_F(MysqlDriverTest, ConnectsAndReportsTheServer) {
  EXPECT_EQ(0u, driver_->ServerVersion().rfind("MariaDB 10.", 0)) << driver_->ServerVersion();
  EXPECT_EQ(std::string::npos, driver_->ServerVersion().find('-')) << driver_->ServerVersion();
  EXPECT_EQ("shiftway", driver_->CurrentUser());
  EXPECT_EQ(db_, driver_->DefaultSchema());
  EXPECT_FALSE(driver_->TransactionalDdl());
  EXPECT_EQ(sql::Dialect::kMysql, driver_->dialect());
  auto again = driver_->EnsureSchemas({db_});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  // The first schema is the current database once it exists.
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE here (a int)")));
  EXPECT_EQ("1", Scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db_ +
                        "' AND TABLE_NAME = 'here'"));
}

TEST_F(MysqlDriverTest, WrongPasswordNamesTheServerNotThePassword) {
  ConnectionSpec bad = spec_;
  bad.password = "Wr0ngSecretValue";
  auto d = OpenMysql(bad, DriverOptions{});
  ASSERT_FALSE(d);
  const Error& e = d.error();
  EXPECT_EQ(ErrorCode::kDatabase, e.code);
  EXPECT_NE(std::string::npos, e.message.find(spec_.Where())) << e.message;
  EXPECT_NE(std::string::npos, e.message.find("Access denied")) << e.message;
  EXPECT_EQ("28000", e.sqlstate);
  for (const std::string& text : {e.message, e.db_message, e.hint}) {
    EXPECT_EQ(std::string::npos, text.find(bad.password)) << text;
    EXPECT_EQ(std::string::npos, text.find(spec_.password)) << text;
  }
}

TEST_F(MysqlDriverTest, SessionTimeoutsAreSet) {
  DriverOptions options;
  options.lock_timeout_ms = 2500;
  auto d = Open(options);
  ASSERT_NE(d, nullptr);
  // Read through the driver's own session: a failing SIGNAL carries the value in its message.
  auto r =
      d->Execute(Stmt("BEGIN NOT ATOMIC DECLARE m TEXT DEFAULT CONCAT(@@SESSION.wait_timeout, '/', "
                      "@@SESSION.lock_wait_timeout); "
                      "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = m; END"));
  ASSERT_FALSE(r);
  EXPECT_EQ("600/3", r.error().message);
}

TEST_F(MysqlDriverTest, RetriesThenNamesTheServer) {
  ConnectionSpec closed = spec_;
  closed.port = 1;  // nothing listens on a privileged port on loopback here
  DriverOptions options;
  options.connect_retries = 1;
  options.connect_retries_interval_s = 1;
  const auto start = std::chrono::steady_clock::now();
  auto d = OpenMysql(closed, options);
  ASSERT_FALSE(d);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(0u, d.error().message.rfind("cannot connect to MySQL at " + closed.Where() + ": ", 0))
      << d.error().message;
  EXPECT_EQ(std::vector<std::string>{"gave up after 2 attempts"}, d.error().notes);
}

TEST_F(MysqlDriverTest, HistoryRoundTrip) {
  auto exists = driver_->HistoryExists();
  ASSERT_TRUE(exists) << exists.error().message;
  EXPECT_FALSE(*exists);
  auto created = driver_->CreateHistory();
  ASSERT_TRUE(created) << created.error().message;
  exists = driver_->HistoryExists();
  ASSERT_TRUE(exists);
  EXPECT_TRUE(*exists);
  EXPECT_EQ(
      "1",
      Scalar("SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" +
             db_ + "' AND INDEX_NAME = 'flyway_schema_history_s_idx'"));
  EXPECT_EQ("InnoDB", Scalar("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db_ +
                             "' AND TABLE_NAME = 'flyway_schema_history'"));

  HistoryRow schema_row;
  schema_row.installed_rank = 0;
  schema_row.description = "<< Flyway Schema Creation >>";
  schema_row.type = "SCHEMA";
  schema_row.script = "`" + db_ + "`";
  schema_row.installed_by = "shiftway";
  HistoryRow v1;
  v1.installed_rank = 1;
  v1.version = "1.1";
  v1.description = "it's a \\ test";
  v1.type = "SQL";
  v1.script = "V1_1__it's_a_test.sql";
  v1.checksum = -123456789;
  v1.installed_by = "ci";
  v1.execution_time = 42;
  for (const auto& row : {schema_row, v1}) {
    auto r = driver_->InsertHistory(row);
    ASSERT_TRUE(r) << r.error().message << "\n" << driver_->InsertHistorySql(row);
  }
  auto rows = driver_->ReadHistory();
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(2u, rows->size());
  EXPECT_FALSE((*rows)[0].version);
  EXPECT_FALSE((*rows)[0].checksum);
  const HistoryRow& got = (*rows)[1];
  EXPECT_EQ("1.1", got.version.value_or(""));
  EXPECT_EQ("it's a \\ test", got.description);
  EXPECT_EQ(-123456789, got.checksum.value_or(0));
  EXPECT_EQ("ci", got.installed_by);
  EXPECT_FALSE(got.installed_on.empty());
  EXPECT_EQ(42, got.execution_time);
  EXPECT_TRUE(got.success);

  HistoryRow changed = got;
  changed.description = "renamed";
  changed.checksum = std::nullopt;
  changed.success = false;
  ASSERT_TRUE(driver_->UpdateHistory(changed));
  ASSERT_TRUE(driver_->DeleteHistory(0));
  rows = driver_->ReadHistory();
  ASSERT_TRUE(rows);
  ASSERT_EQ(1u, rows->size());
  EXPECT_EQ("renamed", (*rows)[0].description);
  EXPECT_FALSE((*rows)[0].checksum);
  EXPECT_FALSE((*rows)[0].success);
}

TEST_F(MysqlDriverTest, LockWaitsThenNamesTheHolder) {
  DriverOptions impatient;
  impatient.lock_retry_count = 2;
  auto other = Open(impatient);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(driver_->Lock(nullptr));
  // The lock is Flyway's: same name, so shiftway and Flyway exclude each other.
  const std::string holder_id =
      Scalar("SELECT IS_USED_LOCK('" + FlywayMysqlLockName(db_, "flyway_schema_history") + "')");
  ASSERT_FALSE(holder_id.empty());

  std::vector<LockWait> waits;
  auto r = other->Lock([&](const LockWait& w) { waits.push_back(w); });
  ASSERT_FALSE(r);
  ASSERT_EQ(1u, waits.size());
  EXPECT_EQ("connection id " + holder_id, waits[0].holder);
  EXPECT_EQ("KILL " + holder_id, waits[0].free_command);
  EXPECT_EQ(ErrorCode::kDatabase, r.error().code);
  EXPECT_EQ("could not take the migration lock on " + spec_.Where() + " after 2 attempts: connection id " +
                holder_id + " holds it",
            r.error().message);

  ASSERT_TRUE(driver_->Unlock());
  EXPECT_TRUE(other->Lock(nullptr));
  EXPECT_TRUE(other->Unlock());
}

TEST_F(MysqlDriverTest, ALostConnectionIsAnErrorNotASilentReconnect) {
  ASSERT_TRUE(driver_->Lock(nullptr));
  const std::string id =
      Scalar("SELECT IS_USED_LOCK('" + FlywayMysqlLockName(db_, "flyway_schema_history") + "')");
  ASSERT_FALSE(id.empty());
  {
    ::sql::ConnectOptionsMap opts;
    opts["hostName"] = ::sql::SQLString("tcp://" + spec_.host + ":" + std::to_string(spec_.port));
    opts["userName"] = ::sql::SQLString(spec_.user);
    opts["password"] = ::sql::SQLString(spec_.password);
    std::unique_ptr<::sql::Connection> c(::get_driver_instance()->connect(opts));
    std::unique_ptr<::sql::Statement> st(c->createStatement());
    st->execute("KILL " + id);
  }
  auto r = driver_->Execute(Stmt("SELECT 1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(ErrorCode::kDatabase, r.error().code);
  EXPECT_EQ(0u, r.error().message.rfind("lost the connection to MySQL at " + spec_.Where(), 0))
      << r.error().message;
  EXPECT_FALSE(driver_->Unlock());
}

TEST_F(MysqlDriverTest, ExecuteErrorCarriesSqlstateAndPosition) {
  auto r = driver_->Execute(Stmt("SELECT *\n  FORM t"));
  ASSERT_FALSE(r);
  EXPECT_EQ(ErrorCode::kMigration, r.error().code);
  EXPECT_EQ("42000", r.error().sqlstate);
  EXPECT_NE(std::string::npos, r.error().db_message.find("near 'FORM t' at line 2")) << r.error().db_message;
  ASSERT_TRUE(r.error().pos);
  EXPECT_EQ(2, r.error().pos->line);
  EXPECT_EQ(3, r.error().pos->column);

  r = driver_->Execute(Stmt("SELECT * FROM no_such_table"));
  ASSERT_FALSE(r);
  EXPECT_EQ("42S02", r.error().sqlstate);
  EXPECT_EQ("Table '" + db_ + ".no_such_table' doesn't exist", r.error().message);
  // The connection is usable after an error.
  EXPECT_TRUE(driver_->Execute(Stmt("SELECT 1")));
}

TEST_F(MysqlDriverTest, EveryResultIsDrained) {
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE t (a int)")));
  ASSERT_TRUE(driver_->Execute(
      Stmt("CREATE PROCEDURE p() BEGIN SELECT 1; INSERT INTO t VALUES (1); SELECT 2; SELECT 3; END")));
  auto r = driver_->Execute(Stmt("CALL p()"));
  ASSERT_TRUE(r) << r.error().message;
  // Without draining, this would fail with 2014 "Commands out of sync".
  r = driver_->Execute(Stmt("INSERT INTO t VALUES (2)"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ("2", Scalar("SELECT COUNT(*) FROM `" + db_ + "`.t"));
}

TEST_F(MysqlDriverTest, TransactionsAreRealButDdlCommits) {
  EXPECT_FALSE(driver_->CannotRunInTransaction(Stmt("CREATE INDEX i ON t (a)")));
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE t (a int) ENGINE=InnoDB")));
  ASSERT_TRUE(driver_->Begin());
  ASSERT_TRUE(driver_->Execute(Stmt("INSERT INTO t VALUES (1)")));
  ASSERT_TRUE(driver_->Rollback());
  EXPECT_EQ("0", Scalar("SELECT COUNT(*) FROM `" + db_ + "`.t"));
  ASSERT_TRUE(driver_->Begin());
  ASSERT_TRUE(driver_->Execute(Stmt("INSERT INTO t VALUES (1)")));
  ASSERT_TRUE(driver_->Commit());
  EXPECT_EQ("1", Scalar("SELECT COUNT(*) FROM `" + db_ + "`.t"));
}

TEST_F(MysqlDriverTest, CleanLeavesTheDatabaseEmpty) {
  ASSERT_TRUE(driver_->CreateHistory());
  for (const char* s : {
           "CREATE TABLE parent (id int PRIMARY KEY)",
           "CREATE TABLE child (id int, parent_id int, FOREIGN KEY (parent_id) REFERENCES parent (id))",
           "CREATE VIEW parent_ids AS SELECT id FROM parent",
           "CREATE PROCEDURE noop() BEGIN END",
           "CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2",
           "CREATE TRIGGER child_touch BEFORE INSERT ON child FOR EACH ROW SET NEW.id = NEW.id",
           "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM child",
           "CREATE SEQUENCE seq",
       }) {
    auto r = driver_->Execute(Stmt(s));
    ASSERT_TRUE(r) << s << ": " << r.error().message;
  }
  auto objects = driver_->ListObjects({db_});
  ASSERT_TRUE(objects) << objects.error().message;
  std::set<std::string> listed;
  for (const auto& o : *objects) listed.insert(o.kind + " " + o.name);
  for (const char* expected :
       {"table parent", "table child", "table flyway_schema_history", "view parent_ids", "procedure noop",
        "function twice", "trigger child_touch", "event nightly", "sequence seq"}) {
    EXPECT_TRUE(listed.count(expected)) << expected;
  }
  auto r = driver_->Clean({db_});
  ASSERT_TRUE(r) << r.error().message;
  objects = driver_->ListObjects({db_});
  ASSERT_TRUE(objects);
  EXPECT_TRUE(objects->empty());
  EXPECT_EQ("0", Scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db_ + "'"));
  EXPECT_EQ("0",
            Scalar("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + db_ + "'"));
  // The database itself stays, and foreign key checks are back on.
  EXPECT_EQ("1",
            Scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db_ + "'"));
  EXPECT_TRUE(driver_->Execute(Stmt("CREATE TABLE p2 (id int PRIMARY KEY)")));
  EXPECT_TRUE(driver_->Execute(Stmt("CREATE TABLE c2 (p int, FOREIGN KEY (p) REFERENCES p2 (id))")));
  EXPECT_FALSE(driver_->Execute(Stmt("INSERT INTO c2 VALUES (5)")));
}

}  // namespace
}  // namespace shiftway::drivers
