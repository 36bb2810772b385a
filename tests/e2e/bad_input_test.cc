// Bad input on real servers: each file below is one a server would refuse or run only in part,
// and `migrate` must refuse it before anything runs (exact message, exit 3) and leave the
// database as it was, or run it exactly as the server reads it. PostgreSQL and MariaDB come from
// scripts/test-servers.sh; a missing server fails the test, it never skips.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/driver.h"
#include "drivers/url.h"

namespace {
namespace fs = std::filesystem;

enum class Db { kPostgres, kMysql };

struct Ran {
  int exit = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class BadInputTest : public testing::TestWithParam<Db> {
 protected:
  void SetUp() override {
    const char* var = GetParam() == Db::kPostgres ? "SHIFTWAY_TEST_POSTGRES_URL" : "SHIFTWAY_TEST_MYSQL_URL";
    const char* env = std::getenv(var);
    ASSERT_NE(env, nullptr) << var << " is not set: run the tests under scripts/test-servers.sh -- ctest --test-dir build";
    url_ = env;
    auto spec = shiftway::drivers::ParseUrl(url_);
    ASSERT_TRUE(spec) << spec.error().message;
    spec_ = *spec;
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string tag;
    for (char c : name.substr(0, name.find('/'))) tag += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    schema_ = "sw_bad_" + tag.substr(0, 30) + "_" + std::to_string(getpid());
    work_ = fs::temp_directory_path() / schema_;
    fs::remove_all(work_);
    fs::create_directories(work_ / "sql");
  }

  void TearDown() override {
    Sw("-cleanDisabled=false clean");
    if (auto d = Open()) {
      shiftway::sql::Statement drop;
      drop.text = (GetParam() == Db::kPostgres ? "DROP SCHEMA IF EXISTS " : "DROP DATABASE IF EXISTS ") + schema_ +
                  (GetParam() == Db::kPostgres ? " CASCADE" : "");
      (void)(*d)->Execute(drop);
    }
    if (!HasFailure()) fs::remove_all(work_);
  }

  shiftway::Result<std::unique_ptr<shiftway::drivers::Driver>> Open() const {
    shiftway::drivers::DriverOptions o;
    o.schemas = {schema_};
    return shiftway::drivers::OpenDriver(spec_, o);
  }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(work_ / rel, std::ios::binary) << text;
  }

  Ran Sw(const std::string& args) {
    const std::string cmd = "cd '" + work_.string() + "' && '" + SHIFTWAY_BINARY + "' --url '" + url_ +
                            "' --schemas " + schema_ + " " + args + " >stdout.txt 2>stderr.txt";
    Ran r;
    const int status = std::system(cmd.c_str());
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(work_ / "stdout.txt");
    r.err = Slurp(work_ / "stderr.txt");
    // The suite-wide rule: no output shows the password, whatever the case.
    if (!spec_.password.empty()) {
      EXPECT_EQ(std::string::npos, r.out.find(spec_.password)) << "stdout shows the password";
      EXPECT_EQ(std::string::npos, r.err.find(spec_.password)) << "stderr shows the password";
    }
    return r;
  }

  /// The tables in the test's schema, sorted, joined by spaces ("" for none).
  std::string Tables() const {
    auto d = Open();
    if (!d) return "cannot connect: " + d.error().message;
    auto objects = (*d)->ListObjects({schema_});
    if (!objects) return "cannot list: " + objects.error().message;
    std::vector<std::string> names;
    for (const auto& o : *objects) {
      if (o.kind == "table") names.push_back(o.name);
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
    return out;
  }

  /// Applies V1, so that every case starts from a database with history, at version 1.
  void StartAtV1() {
    Write("sql/V1__init.sql", "CREATE TABLE a (id integer);\n");
    Ran r = Sw("-q migrate");
    ASSERT_EQ(0, r.exit) << r.out << r.err;
    ASSERT_EQ("a flyway_schema_history", Tables());
  }

  /// Migrate refuses with exactly `stderr` and exit 3, and the database is still at V1.
  void ExpectRefused(const std::string& want_err) {
    Ran r = Sw("migrate");
    EXPECT_EQ(3, r.exit) << r.out << r.err;
    EXPECT_EQ(want_err, r.err);
    EXPECT_EQ(std::string::npos, r.out.find("Successfully applied")) << r.out;
    EXPECT_EQ("a flyway_schema_history", Tables());
    Ran info = Sw("--output json info");
    EXPECT_NE(std::string::npos, info.out.find("\"schemaVersion\": \"1\"")) << info.out;
  }

  std::string url_, schema_;
  fs::path work_;
  shiftway::drivers::ConnectionSpec spec_;
};

TEST_P(BadInputTest, UnterminatedBlockCommentIsALocatedErrorBeforeAnythingRuns) {
  StartAtV1();
  Write("sql/V2__b.sql", "CREATE TABLE b (id integer);\n/* the rest is a comment\nCREATE TABLE c (id integer);\n");
  ExpectRefused(
      "sql/V2__b.sql:2:1: error: unterminated block comment: no */ closes this /*\n"
      "  note: nothing was applied\n"
      "  help: close it: the database would reject the file as it is, and shiftway runs no part of it\n");
}

TEST_P(BadInputTest, UnterminatedStringIsALocatedErrorBeforeAnythingRuns) {
  StartAtV1();
  Write("sql/V2__b.sql", "CREATE TABLE b (id integer);\nINSERT INTO a VALUES (1);\nSELECT 'oops;\nCREATE TABLE c (id integer);\n");
  ExpectRefused(
      "sql/V2__b.sql:3:8: error: unterminated string: no ' closes this one\n"
      "  note: nothing was applied\n"
      "  help: close it: the database would reject the file as it is, and shiftway runs no part of it\n");
}

TEST_P(BadInputTest, OpenTransactionIsRefusedNotReportedAsApplied) {
  StartAtV1();
  Write("sql/V2__b.sql", "START TRANSACTION;\nCREATE TABLE b (id integer);\nINSERT INTO a VALUES (1);\n");
  ExpectRefused(
      "sql/V2__b.sql:1:1: error: this START opens a transaction that the file never commits\n"
      "  note: the database would roll it back when the connection closes, with every statement after it\n"
      "  note: nothing was applied\n"
      "  help: end the file with COMMIT, or remove its BEGIN and let shiftway run the file in a transaction\n");
}

TEST_P(BadInputTest, DryRunPrintsCreateSchemaAndTheSchemaRowWithTheRanksMigrateUses) {
  Write("sql/V1__init.sql", "CREATE TABLE a (id integer);\n");
  Ran dry = Sw("migrate --dry-run");
  ASSERT_EQ(0, dry.exit) << dry.out << dry.err;
  const bool pg = GetParam() == Db::kPostgres;
  const std::string q = pg ? "\"" : "`";
  const std::string table = q + schema_ + q + "." + q + "flyway_schema_history" + q;
  EXPECT_NE(std::string::npos, dry.out.find((pg ? "CREATE SCHEMA IF NOT EXISTS " : "CREATE DATABASE IF NOT EXISTS ") + q +
                                            schema_ + q + ";\nCREATE TABLE " + table + " (\n"))
      << dry.out;
  EXPECT_NE(std::string::npos, dry.out.find("VALUES (1, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '" + q + schema_ + q + "'"))
      << dry.out;
  EXPECT_NE(std::string::npos, dry.out.find("VALUES (2, '1', 'init', 'SQL', 'V1__init.sql'")) << dry.out;
  EXPECT_EQ("", Tables()) << "the dry run changed the database";

  // The real run writes the same rows with the same ranks.
  Ran real = Sw("-q migrate");
  ASSERT_EQ(0, real.exit) << real.out << real.err;
  auto d = Open();
  ASSERT_TRUE(d) << d.error().message;
  auto rows = (*d)->ReadHistory();
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(2u, rows->size());
  EXPECT_EQ(1, (*rows)[0].installed_rank);
  EXPECT_EQ("SCHEMA", (*rows)[0].type);
  EXPECT_EQ(2, (*rows)[1].installed_rank);
  EXPECT_EQ("1", (*rows)[1].version.value_or(""));
}

INSTANTIATE_TEST_SUITE_P(Servers, BadInputTest, testing::Values(Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return i.param == Db::kPostgres ? "postgres" : "mysql"; });

// PostgreSQL only: dollar quotes, NUL bytes and CR line ends are PostgreSQL's own rules.
class PostgresBadInputTest : public BadInputTest {};

TEST_P(PostgresBadInputTest, UnterminatedDollarQuoteIsALocatedError) {
  StartAtV1();
  Write("sql/V2__b.sql", "CREATE TABLE b (id integer);\nDO $body$ BEGIN PERFORM 1; END;\nCREATE TABLE c (id integer);\n");
  ExpectRefused(
      "sql/V2__b.sql:2:4: error: unterminated dollar-quoted string: no $body$ closes this one\n"
      "  note: nothing was applied\n"
      "  help: close it: the database would reject the file as it is, and shiftway runs no part of it\n");
}

TEST_P(PostgresBadInputTest, BeginWithoutCommitIsRefused) {
  StartAtV1();
  Write("sql/V2__b.sql", "BEGIN;\nCREATE TABLE b (id integer);\nINSERT INTO a VALUES (1);\n");
  ExpectRefused(
      "sql/V2__b.sql:1:1: error: this BEGIN opens a transaction that the file never commits\n"
      "  note: the database would roll it back when the connection closes, with every statement after it\n"
      "  note: nothing was applied\n"
      "  help: end the file with COMMIT, or remove its BEGIN and let shiftway run the file in a transaction\n");
}

TEST_P(PostgresBadInputTest, NulByteWouldTruncateTheStatement) {
  StartAtV1();
  std::string text = "CREATE TABLE b (id integer);\nCREATE TABLE c (id integer, note text DEFAULT 'x";
  text += '\0';
  text += "y');\n";
  Write("sql/V2__b.sql", text);
  ExpectRefused(
      "sql/V2__b.sql:2:49: error: NUL byte (0x00) in the file: PostgreSQL cannot take it, and the statement would be cut short here\n"
      "  note: nothing was applied\n"
      "  help: remove the NUL byte; a file saved as UTF-16 has one in every other byte, so save it as UTF-8\n");
}

TEST_P(PostgresBadInputTest, CarriageReturnEndsALineComment) {
  // PostgreSQL ends a -- comment at \r too, so a CR-only file runs every statement after one.
  StartAtV1();
  Write("sql/V2__b.sql", "-- two tables\rCREATE TABLE b (id integer);\r-- and one more\rCREATE TABLE c (id integer);\r");
  Ran r = Sw("migrate");
  EXPECT_EQ(0, r.exit) << r.out << r.err;
  EXPECT_EQ("a b c flyway_schema_history", Tables());
}

TEST_P(PostgresBadInputTest, CommittedOwnTransactionIsApplied) {
  // The control case: the same file with its COMMIT runs as written and is recorded.
  StartAtV1();
  Write("sql/V2__b.sql", "BEGIN;\nCREATE TABLE b (id integer);\nINSERT INTO a VALUES (1);\nCOMMIT;\n");
  Ran r = Sw("migrate");
  EXPECT_EQ(0, r.exit) << r.out << r.err;
  EXPECT_EQ("a b flyway_schema_history", Tables());
}

INSTANTIATE_TEST_SUITE_P(Servers, PostgresBadInputTest, testing::Values(Db::kPostgres),
                         [](const testing::TestParamInfo<Db>&) { return "postgres"; });

}  // namespace
