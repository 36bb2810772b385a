// `migrate --dry-run` lists what a real `migrate` sends, statement for statement, in order.
//
// Each test runs a dry run of a small project (migrations inside and outside a transaction, a
// repeatable migration, callbacks with a placeholder), checks that the database is unchanged,
// then runs the real migrate while recording what reaches the database, and compares the two:
//
//   - PostgreSQL: the server's own statement log. The session asks for log_statement=all in its
//     URL (scripts/test-servers.sh lets the test user set it), and the test reads the server's
//     log file from where test-servers.sh writes it.
//   - MariaDB: the server's general query log, written to the table mysql.general_log for the
//     duration of the run, and read back for shiftway's connection only.
//   - SQLite: sqlite3_trace_v2 on every connection the process opens during the run, installed by
//     this test through sqlite3_auto_extension. Nothing in shiftway itself is changed for this:
//     the hook lives only in this test binary, never in the user's path.
//
// Both sides are split with shiftway's splitter (a driver may send several statements in one
// string) and compared after dropping what a dry run does not list because it changes nothing:
// reads (SELECT, SHOW, the lock functions, which are SELECTs) and session settings (SET, USE).
// The only value normalised is execution_time, which the dry run writes as 0.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/run/operations.h"
#include "core/sql/statement.h"
#include "tests/conformance/database.h"

namespace shiftway {
namespace {
namespace fs = std::filesystem;
using conformance::Backend;
using conformance::TestDatabase;

// ---- SQLite: statements traced on connections opened while recording ----
std::mutex g_trace_mutex;
std::vector<std::string>* g_trace = nullptr;

int TraceStatement(unsigned, void*, void* stmt, void*) {
  std::lock_guard<std::mutex> lock(g_trace_mutex);
  if (g_trace) {
    const char* text = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
    if (text) g_trace->push_back(text);
  }
  return 0;
}

int InstallTrace(sqlite3* db, char**, const sqlite3_api_routines*) {
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, TraceStatement, nullptr);
  return SQLITE_OK;
}

using AutoExtension = void (*)();

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// What a dry run lists: everything but reads and session settings.
bool ChangesSomething(const std::string& statement) {
  const std::string u = Upper(statement);
  for (const char* read : {"SELECT ", "SELECT\n", "SHOW ", "SET ", "USE "}) {
    if (u.starts_with(read)) return false;
  }
  return true;
}

// Splits each string as the server reads it, drops comments-only pieces, reads and session
// settings, and writes execution_time as <ms>.
std::vector<std::string> Normalise(sql::Dialect dialect, const std::vector<std::string>& texts) {
  static const std::regex update_time(R"(("execution_time"|`execution_time`) = \d+)");
  static const std::regex insert_time(R"(, \d+, (0|1|true|false)\)$)");
  std::vector<std::string> out;
  for (const auto& text : texts) {
    for (const auto& st : sql::Split(dialect, text)) {
      std::string s = Trim(st.text);
      // Leading comment lines (a trigger's "-- " label in SQLite's trace) are not statements.
      while (s.starts_with("--")) {
        const size_t nl = s.find('\n');
        s = nl == std::string::npos ? "" : Trim(s.substr(nl + 1));
      }
      if (s.empty() || !ChangesSomething(s)) continue;
      s = std::regex_replace(s, update_time, "$1 = <ms>");
      // A history INSERT: execution_time is its last value but one.
      if (s.find("execution_time") != std::string::npos) s = std::regex_replace(s, insert_time, ", <ms>, $1)");
      out.push_back(s);
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += std::to_string(i + 1) + ". " + v[i] + "\n";
  return out;
}

std::string Text(const Error& e) {
  std::string out = e.message;
  for (const auto& n : e.notes) out += "\n  note: " + n;
  return out;
}

class RecordingTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-recording.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/sql");
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "recording", dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  sql::Dialect dialect() const {
    return GetParam() == Backend::kSqlite ? sql::Dialect::kSqlite
           : GetParam() == Backend::kPostgres ? sql::Dialect::kPostgres
                                              : sql::Dialect::kMysql;
  }

  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ + "/sql/" + name) << text; }

  config::Settings Settings(const std::string& url) const {
    config::Settings s;
    s.url = url;
    s.schemas = db_->Schemas();
    s.locations = {"filesystem:" + dir_ + "/sql"};
    return s;
  }

  // Migrates for real and returns what reached the database.
  std::vector<std::string> RecordMigrate() {
    std::vector<std::string> sent;
    if (GetParam() == Backend::kSqlite) {
      sqlite3_auto_extension(reinterpret_cast<AutoExtension>(InstallTrace));
      {
        std::lock_guard<std::mutex> lock(g_trace_mutex);
        g_trace = &sent;
      }
      auto r = run::Migrate(Settings(db_->Url()), false, {});
      {
        std::lock_guard<std::mutex> lock(g_trace_mutex);
        g_trace = nullptr;
      }
      sqlite3_cancel_auto_extension(reinterpret_cast<AutoExtension>(InstallTrace));
      EXPECT_TRUE(r) << Text(r.error());
    } else if (GetParam() == Backend::kPostgres) {
      const char* dir = std::getenv("SHIFTWAY_TEST_SERVERS_DIR");
      EXPECT_NE(dir, nullptr) << "SHIFTWAY_TEST_SERVERS_DIR is not set: run through scripts/test-servers.sh";
      if (!dir) return sent;
      const std::string log = std::string(dir) + "/pg.log";
      const auto from = fs::file_size(log);
      std::string url = db_->Url();
      url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("options=-c%20log_statement%3Dall");
      auto r = run::Migrate(Settings(url), false, {});
      EXPECT_TRUE(r) << Text(r.error());
      std::ifstream in(log, std::ios::binary);
      in.seekg(static_cast<std::streamoff>(from));
      // Entries start with log_line_prefix ('%m [%p] '); a statement's further lines follow.
      static const std::regex entry(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] ([A-Z]+):  (.*)$)");
      std::string line;
      bool in_statement = false;
      while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, entry)) {
          const std::string body = m[2];
          in_statement = m[1] == "LOG" && body.starts_with("statement: ");
          if (in_statement) sent.push_back(body.substr(11));
        } else if (in_statement) {
          // The server writes a statement's further lines after a tab.
          sent.back() += "\n" + (line.starts_with("\t") ? line.substr(1) : line);
        }
      }
    } else {
      const std::string own = db_->Scalar("SELECT CONNECTION_ID()");
      db_->Exec("SET GLOBAL log_output = 'TABLE'");
      db_->Exec("TRUNCATE TABLE mysql.general_log");
      db_->Exec("SET GLOBAL general_log = 1");
      auto r = run::Migrate(Settings(db_->Url()), false, {});
      db_->Exec("SET GLOBAL general_log = 0");
      EXPECT_TRUE(r) << Text(r.error());
      // shiftway's connection: the one, not this test's, that names the test's database.
      const std::string name = db_->Schema();
      auto rows = db_->Query("SELECT thread_id, command_type, CONVERT(argument USING utf8mb4) FROM mysql.general_log");
      std::string thread;
      for (const auto& row : rows) {
        if (*row[0] != own && row[2] && row[2]->find(name) != std::string::npos) {
          thread = *row[0];
          break;
        }
      }
      EXPECT_FALSE(thread.empty()) << "no connection in the general log names " << name;
      for (const auto& row : rows) {
        if (*row[0] == thread && *row[1] == "Query") sent.push_back(row[2].value_or(""));
      }
    }
    return sent;
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(RecordingTest, DryRunListsWhatMigrateSends) {
  const Backend b = GetParam();
  Write("V1__create_person.sql",
        "CREATE TABLE person (id int PRIMARY KEY, name varchar(100));\n"
        "INSERT INTO person (id, name) VALUES (1, 'Ada');\n");
  // Outside a transaction on PostgreSQL and SQLite; on MariaDB every migration is recorded before
  // it starts, as DDL commits at once.
  Write("V2__index_person.sql", b == Backend::kPostgres ? "CREATE INDEX CONCURRENTLY person_name ON person (name);\n"
                                : b == Backend::kSqlite ? "VACUUM;\n"
                                                        : "CREATE INDEX person_name ON person (name);\n");
  Write("V3__add_email.sql", "ALTER TABLE person ADD COLUMN email varchar(100);\n");
  Write("R__people.sql", b == Backend::kSqlite ? "DROP VIEW IF EXISTS people;\nCREATE VIEW people AS SELECT name FROM person;\n"
                                               : "CREATE OR REPLACE VIEW people AS SELECT name FROM person;\n");
  Write("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS audit (note varchar(100));\n");
  Write("afterEachMigrate.sql", "INSERT INTO audit (note) VALUES ('after a migration of ${flyway:table}');\n");

  auto dry = run::Migrate(Settings(db_->Url()), true, {});
  ASSERT_TRUE(dry) << Text(dry.error());
  ASSERT_EQ(dry->migrations.size(), 4u);
  // The dry run changed nothing.
  if (b == Backend::kSqlite) {
    EXPECT_FALSE(fs::exists(db_->Url().substr(7))) << "the dry run created the database file";
  } else {
    EXPECT_EQ(db_->Count(b == Backend::kPostgres
                             ? "SELECT count(*) FROM pg_namespace WHERE nspname = '" + db_->Schema() + "'"
                             : "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db_->Schema() + "'"),
              0)
        << "the dry run created the schema";
  }

  std::vector<std::string> listed;
  for (const auto& s : dry->dry_run_sql) {
    if (!s.starts_with("-- ")) listed.push_back(s);
  }
  const auto expected = Normalise(dialect(), listed);
  const auto sent = Normalise(dialect(), RecordMigrate());
  EXPECT_EQ(Join(sent), Join(expected));
  // Not an empty comparison: the history table, its rows, and every migration's statements.
  EXPECT_GE(expected.size(), 14u);
  EXPECT_EQ(db_->Count("SELECT count(*) FROM " + db_->Qualified("people")), 1);
  EXPECT_EQ(db_->Count("SELECT count(*) FROM " + db_->Qualified("flyway_schema_history") + " WHERE " +
                       db_->Quote("success") + (b == Backend::kPostgres ? "" : " = 1")),
            b == Backend::kSqlite ? 4 : 5);  // SQLite has no SCHEMA row
  EXPECT_EQ(db_->Count("SELECT count(*) FROM " + db_->Qualified("audit")), 4);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RecordingTest, testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMysql),
                         [](const auto& info) { return conformance::BackendName(info.param); });

}  // namespace
}  // namespace shiftway
