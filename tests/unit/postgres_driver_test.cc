// The PostgreSQL driver against a real server: run under scripts/test-servers.sh.
#include "drivers/postgres/postgres_driver.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <pqxx/pqxx>
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

// Each test works in a schema of its own, so tests may run in parallel on one server.
class PostgresDriverTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("SHIFTWAY_TEST_POSTGRES_URL");
    // A driver test that cannot reach its server must fail where everyone sees it, not skip.
    ASSERT_NE(url, nullptr) << "SHIFTWAY_TEST_POSTGRES_URL is not set: run the tests under "
                               "scripts/test-servers.sh -- ./build/tests/shiftway_unit_tests";
    url_ = url;
    auto spec = ParseUrl(url_);
    ASSERT_TRUE(spec) << spec.error().message;
    spec_ = *spec;
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    schema_ = "sw_" + name.substr(0, 40) + "_" + std::to_string(getpid());
    driver_ = Open();
    ASSERT_NE(driver_, nullptr);
    auto created = driver_->EnsureSchemas({schema_});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(std::vector<std::string>{schema_}, *created);
  }

  void TearDown() override {
    if (!driver_) return;
    // On a fresh connection: the test may have broken or left a transaction on its own.
    driver_.reset();
    if (auto d = Open()) (void)d->Execute(Stmt("DROP SCHEMA IF EXISTS \"" + schema_ + "\" CASCADE"));
  }

  std::unique_ptr<Driver> Open(DriverOptions options = {}) {
    options.schemas = {schema_};
    auto d = OpenPostgres(spec_, options);
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return d ? std::move(*d) : nullptr;
  }

  // Asks the server directly, beside the driver under test.
  std::string Scalar(const std::string& query) {
    pqxx::connection c(url_);
    pqxx::nontransaction tx(c);
    pqxx::result r = tx.exec(query);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }

  std::string url_;
  ConnectionSpec spec_;
  std::string schema_;
  std::unique_ptr<Driver> driver_;
};

TEST(PostgresLockIdentityTest, MatchesFlyway) {
  // Java: 0x466C79776179L + "\"public\".\"flyway_schema_history\"".hashCode()
  EXPECT_EQ(77433833903597LL, FlywayPostgresLockKey("public", "flyway_schema_history"));
  // Non-ASCII names hash over UTF-16 code units, as Java does.
  EXPECT_EQ(1442567837, JavaStringHashCode("\"sch\xC3\xA9ma\".\"t\""));
  EXPECT_EQ(1772899, JavaStringHashCode("\xF0\x9F\x98\x80"));
}

TEST(PostgresCannotRunInTransactionTest, KnowsTheStatements) {
  for (const char* s : {"CREATE INDEX CONCURRENTLY i ON t (a)", "create unique index concurrently i on t (a)",
                        "DROP INDEX CONCURRENTLY IF EXISTS i", "VACUUM t", "/* first */ -- then\nVACUUM",
                        "REINDEX INDEX CONCURRENTLY i", "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
                        "REINDEX DATABASE app", "ALTER SYSTEM SET work_mem = '8MB'", "CREATE DATABASE x",
                        "DROP DATABASE x", "CREATE TABLESPACE ts LOCATION '/x'", "DROP TABLESPACE ts"}) {
    EXPECT_TRUE(PostgresCannotRunInTransaction(s, 150000)) << s;
  }
  for (const char* s : {"CREATE INDEX i ON t (a)", "CREATE TABLE concurrently (a int)", "REINDEX TABLE t",
                        "ALTER TABLE t ADD COLUMN vacuum int", "SELECT 'VACUUM'", "DROP TABLE database"}) {
    EXPECT_FALSE(PostgresCannotRunInTransaction(s, 150000)) << s;
  }
  EXPECT_FALSE(PostgresCannotRunInTransaction("ALTER TYPE mood ADD VALUE 'meh'", 120000));
  EXPECT_TRUE(PostgresCannotRunInTransaction("ALTER TYPE \"my\".\"mood\" ADD VALUE 'meh'", 110005));
  EXPECT_FALSE(PostgresCannotRunInTransaction("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", 110005));
}

TEST_F(PostgresDriverTest, ConnectsAndReportsTheServer) {
  EXPECT_EQ(0u, driver_->ServerVersion().rfind("PostgreSQL 1", 0)) << driver_->ServerVersion();
  EXPECT_EQ("shiftway", driver_->CurrentUser());
  EXPECT_EQ("shiftway_test", driver_->DatabaseName());
  EXPECT_EQ(schema_, driver_->DefaultSchema());
  EXPECT_TRUE(driver_->TransactionalDdl());
  EXPECT_EQ(sql::Dialect::kPostgres, driver_->dialect());
  // EnsureSchemas only reports what it created.
  auto again = driver_->EnsureSchemas({schema_});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST_F(PostgresDriverTest, WrongPasswordNamesTheServerNotThePassword) {
  ConnectionSpec bad = spec_;
  bad.password = "Wr0ngSecretValue";
  auto d = OpenPostgres(bad, DriverOptions{});
  ASSERT_FALSE(d);
  const Error& e = d.error();
  EXPECT_EQ(ErrorCode::kDatabase, e.code);
  EXPECT_NE(std::string::npos, e.message.find(spec_.Where())) << e.message;
  EXPECT_EQ("cannot connect to PostgreSQL at " + spec_.Where() +
                ": password authentication failed for user \"" + spec_.user + "\"",
            e.message);
  for (const std::string& text : {e.message, e.db_message, e.hint}) {
    EXPECT_EQ(std::string::npos, text.find(bad.password)) << text;
    EXPECT_EQ(std::string::npos, text.find(spec_.password)) << text;
  }
}

TEST_F(PostgresDriverTest, SessionIsSetUp) {
  DriverOptions options;
  options.lock_timeout_ms = 2500;
  auto d = Open(options);
  ASSERT_NE(d, nullptr);
  // Read through the driver's own session: a raised exception carries the values in its message.
  auto r = d->Execute(Stmt(
      "DO $$BEGIN RAISE EXCEPTION '%|%|%', current_setting('lock_timeout'), current_setting('search_path'), "
      "current_setting('application_name'); END$$"));
  ASSERT_FALSE(r);
  EXPECT_EQ("2500ms|" + schema_ + "|shiftway", r.error().message);
}

TEST_F(PostgresDriverTest, RetriesThenNamesTheServer) {
  ConnectionSpec closed = spec_;
  closed.port = 1;  // nothing listens on a privileged port on loopback here
  DriverOptions options;
  options.connect_retries = 1;
  options.connect_retries_interval_s = 1;
  const auto start = std::chrono::steady_clock::now();
  auto d = OpenPostgres(closed, options);
  ASSERT_FALSE(d);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ("cannot connect to PostgreSQL at " + closed.Where() + ": Connection refused", d.error().message);
  EXPECT_EQ(std::vector<std::string>{"gave up after 2 attempts"}, d.error().notes);
}

TEST_F(PostgresDriverTest, HistoryRoundTrip) {
  auto exists = driver_->HistoryExists();
  ASSERT_TRUE(exists) << exists.error().message;
  EXPECT_FALSE(*exists);
  auto created = driver_->CreateHistory();
  ASSERT_TRUE(created) << created.error().message;
  exists = driver_->HistoryExists();
  ASSERT_TRUE(exists);
  EXPECT_TRUE(*exists);
  // Flyway's names for the key and the index.
  EXPECT_EQ("1", Scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'flyway_schema_history_pk' AND "
                        "contype = 'p' AND connamespace = '\"" +
                        schema_ + "\"'::regnamespace"));
  EXPECT_EQ("1", Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + schema_ +
                        "' AND indexname = 'flyway_schema_history_s_idx'"));

  HistoryRow schema_row;
  schema_row.installed_rank = 0;
  schema_row.description = "<< Flyway Schema Creation >>";
  schema_row.type = "SCHEMA";
  schema_row.script = "\"" + schema_ + "\"";
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
  EXPECT_EQ(0, (*rows)[0].installed_rank);
  EXPECT_FALSE((*rows)[0].version);
  EXPECT_FALSE((*rows)[0].checksum);
  EXPECT_EQ("SCHEMA", (*rows)[0].type);
  const HistoryRow& got = (*rows)[1];
  EXPECT_EQ("1.1", got.version.value_or(""));
  EXPECT_EQ("it's a \\ test", got.description);
  EXPECT_EQ("V1_1__it's_a_test.sql", got.script);
  EXPECT_EQ(-123456789, got.checksum.value_or(0));
  EXPECT_EQ("ci", got.installed_by);
  EXPECT_FALSE(got.installed_on.empty());
  EXPECT_EQ(42, got.execution_time);
  EXPECT_TRUE(got.success);

  HistoryRow changed = got;
  changed.description = "renamed";
  changed.checksum = 7;
  changed.success = false;
  ASSERT_TRUE(driver_->UpdateHistory(changed));
  ASSERT_TRUE(driver_->DeleteHistory(0));
  rows = driver_->ReadHistory();
  ASSERT_TRUE(rows);
  ASSERT_EQ(1u, rows->size());
  EXPECT_EQ("renamed", (*rows)[0].description);
  EXPECT_EQ(7, (*rows)[0].checksum.value_or(0));
  EXPECT_FALSE((*rows)[0].success);
}

TEST_F(PostgresDriverTest, LockWaitsThenNamesTheHolder) {
  DriverOptions impatient;
  impatient.lock_retry_count = 2;
  auto other = Open(impatient);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(driver_->Lock(nullptr));
  // The lock is Flyway's: same key, so shiftway and Flyway exclude each other.
  const uint64_t key = static_cast<uint64_t>(FlywayPostgresLockKey(schema_, "flyway_schema_history"));
  const std::string holder_pid =
      Scalar("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = " +
             std::to_string(key >> 32) + " AND objid::bigint = " + std::to_string(key & 0xFFFFFFFFu));
  ASSERT_FALSE(holder_pid.empty());

  std::vector<LockWait> waits;
  auto r = other->Lock([&](const LockWait& w) { waits.push_back(w); });
  ASSERT_FALSE(r);
  ASSERT_EQ(1u, waits.size());
  EXPECT_EQ(1, waits[0].attempt);
  EXPECT_EQ(2, waits[0].max_attempts);
  EXPECT_EQ("backend pid " + holder_pid, waits[0].holder);
  EXPECT_EQ("SELECT pg_terminate_backend(" + holder_pid + ")", waits[0].free_command);
  EXPECT_EQ(ErrorCode::kDatabase, r.error().code);
  EXPECT_EQ("could not take the migration lock on " + spec_.Where() + " after 2 attempts: backend pid " +
                holder_pid + " holds it",
            r.error().message);
  EXPECT_NE(std::string::npos, r.error().hint.find("SELECT pg_terminate_backend(" + holder_pid + ")"));

  ASSERT_TRUE(driver_->Unlock());
  EXPECT_TRUE(other->Lock(nullptr));
  EXPECT_TRUE(other->Unlock());
}

TEST_F(PostgresDriverTest, ALostConnectionIsAnErrorNotASilentReconnect) {
  ASSERT_TRUE(driver_->Lock(nullptr));
  const uint64_t key = static_cast<uint64_t>(FlywayPostgresLockKey(schema_, "flyway_schema_history"));
  EXPECT_EQ("t",
            Scalar("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND "
                   "classid::bigint = " +
                   std::to_string(key >> 32) + " AND objid::bigint = " + std::to_string(key & 0xFFFFFFFFu)));
  auto r = driver_->Execute(Stmt("SELECT 1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(ErrorCode::kDatabase, r.error().code);
  EXPECT_EQ("lost the connection to PostgreSQL at " + spec_.Where(), r.error().message);
  // A reconnect would have dropped the lock while we believe we hold it.
  EXPECT_FALSE(driver_->Unlock());
  EXPECT_FALSE(driver_->Execute(Stmt("SELECT 1")));
}

TEST_F(PostgresDriverTest, ExecuteErrorCarriesSqlstateAndPosition) {
  auto r = driver_->Execute(Stmt("SELECT *\n  FROM no_such_table"));
  ASSERT_FALSE(r);
  EXPECT_EQ(ErrorCode::kMigration, r.error().code);
  EXPECT_EQ("relation \"no_such_table\" does not exist", r.error().message);
  EXPECT_EQ("relation \"no_such_table\" does not exist", r.error().db_message);
  EXPECT_EQ("42P01", r.error().sqlstate);
  ASSERT_TRUE(r.error().pos);
  EXPECT_EQ(2, r.error().pos->line);
  EXPECT_EQ(8, r.error().pos->column);

  // PostgreSQL counts characters; columns count bytes, like the splitter's.
  r = driver_->Execute(Stmt("SELECT '\xC3\xA9', nope"));
  ASSERT_FALSE(r);
  EXPECT_EQ("42703", r.error().sqlstate);
  ASSERT_TRUE(r.error().pos);
  EXPECT_EQ(1, r.error().pos->line);
  EXPECT_EQ(14, r.error().pos->column);

  // A runtime error has no position.
  r = driver_->Execute(Stmt("SELECT 1 / 0"));
  ASSERT_FALSE(r);
  EXPECT_EQ("22012", r.error().sqlstate);
  EXPECT_FALSE(r.error().pos);
}

TEST_F(PostgresDriverTest, CopyFromStdinLoadsRows) {
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE items (id int PRIMARY KEY, name text)")));
  sql::Statement copy = Stmt("COPY items (id, name) FROM STDIN");
  copy.copy_data = "1\tone\n2\ttwo\n3\t\\N";
  copy.has_copy_data = true;
  auto r = driver_->Execute(copy);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ("3", Scalar("SELECT count(*) FROM \"" + schema_ + "\".items"));
  EXPECT_EQ("two", Scalar("SELECT name FROM \"" + schema_ + "\".items WHERE id = 2"));

  copy.copy_data = "4\tfour\nfive\tfive\n";
  r = driver_->Execute(copy);
  ASSERT_FALSE(r);
  EXPECT_EQ("22P02", r.error().sqlstate);
  EXPECT_EQ("3", Scalar("SELECT count(*) FROM \"" + schema_ + "\".items"));
  // The connection is usable after a failed COPY.
  EXPECT_TRUE(driver_->Execute(Stmt("SELECT 1")));
}

TEST_F(PostgresDriverTest, NonTransactionalStatementsAreDetectedAndRunOutsideOne) {
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE t (a int)")));
  const sql::Statement concurrently = Stmt("CREATE INDEX CONCURRENTLY t_a ON t (a)");
  EXPECT_TRUE(driver_->CannotRunInTransaction(concurrently));
  EXPECT_FALSE(driver_->CannotRunInTransaction(Stmt("CREATE INDEX t_a ON t (a)")));
  // The server agrees: inside a transaction it is refused, outside it runs.
  ASSERT_TRUE(driver_->Begin());
  auto r = driver_->Execute(concurrently);
  ASSERT_FALSE(r);
  EXPECT_EQ("25001", r.error().sqlstate);
  ASSERT_TRUE(driver_->Rollback());
  EXPECT_TRUE(driver_->Execute(concurrently));
}

TEST_F(PostgresDriverTest, TransactionsAreReal) {
  ASSERT_TRUE(driver_->Begin());
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE gone (a int)")));
  ASSERT_TRUE(driver_->Rollback());
  EXPECT_EQ("", Scalar("SELECT to_regclass('\"" + schema_ + "\".gone')::text"));

  // Committing a transaction in which a statement failed is an error, not a silent rollback.
  ASSERT_TRUE(driver_->Begin());
  ASSERT_TRUE(driver_->Execute(Stmt("CREATE TABLE kept (a int)")));
  ASSERT_FALSE(driver_->Execute(Stmt("SELECT nope")));
  auto c = driver_->Commit();
  ASSERT_FALSE(c);
  EXPECT_EQ(ErrorCode::kMigration, c.error().code);
  EXPECT_EQ("", Scalar("SELECT to_regclass('\"" + schema_ + "\".kept')::text"));
}

TEST_F(PostgresDriverTest, CleanLeavesTheSchemaEmpty) {
  ASSERT_TRUE(driver_->CreateHistory());
  for (const char* s : {
           "CREATE TABLE parent (id serial PRIMARY KEY, name text)",
           "CREATE TABLE child (id int GENERATED ALWAYS AS IDENTITY, parent_id int REFERENCES parent (id))",
           "CREATE VIEW parent_names AS SELECT name FROM parent",
           "CREATE MATERIALIZED VIEW parent_count AS SELECT count(*) FROM parent",
           "CREATE SEQUENCE loose_seq",
           "CREATE TYPE mood AS ENUM ('ok', 'meh')",
           "CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
           "CREATE TYPE pair AS (a int, b int)",
           "CREATE TYPE floatrange AS RANGE (subtype = float8)",
           "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'",
           "CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b'",
           "CREATE PROCEDURE noop() LANGUAGE plpgsql AS $$BEGIN END$$",
           "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
           "CREATE TRIGGER parent_touch BEFORE UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION touch()",
       }) {
    auto r = driver_->Execute(Stmt(s));
    ASSERT_TRUE(r) << s << ": " << r.error().message;
  }
  auto objects = driver_->ListObjects({schema_});
  ASSERT_TRUE(objects) << objects.error().message;
  std::set<std::string> listed;
  for (const auto& o : *objects) listed.insert(o.kind + " " + o.name);
  for (const char* expected :
       {"table parent", "table child", "table flyway_schema_history", "view parent_names",
        "materialized view parent_count", "sequence loose_seq", "type mood", "domain positive", "type pair",
        "type floatrange", "function add(a integer, b integer)", "function add(a text, b text)",
        "procedure noop()", "function touch()"}) {
    EXPECT_TRUE(listed.count(expected)) << expected;
  }
  auto r = driver_->Clean({schema_});
  ASSERT_TRUE(r) << r.error().message;
  objects = driver_->ListObjects({schema_});
  ASSERT_TRUE(objects);
  EXPECT_TRUE(objects->empty());
  const std::string ns = "'\"" + schema_ + "\"'::regnamespace";
  EXPECT_EQ("0", Scalar("SELECT count(*) FROM pg_class WHERE relnamespace = " + ns));
  EXPECT_EQ("0", Scalar("SELECT count(*) FROM pg_type WHERE typnamespace = " + ns));
  EXPECT_EQ("0", Scalar("SELECT count(*) FROM pg_proc WHERE pronamespace = " + ns));
  // The schema itself stays.
  EXPECT_EQ("1", Scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema_ + "'"));
}

}  // namespace
}  // namespace shiftway::drivers
