// Two pods, two pipeline jobs: several `migrate` processes started at once on one SQLite file must
// apply each migration exactly once, and the ones that wait must say what they wait for.
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Rows of a query, each as "col|col|...".
std::vector<std::string> Query(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        row += (c ? "|" : "") + std::string(v ? reinterpret_cast<const char*>(v) : "NULL");
      }
      rows.push_back(row);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

int CountOf(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

class ConcurrentMigrateTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "shiftway-concurrency-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ / "sql");
    // Each migration inserts enough rows through a recursive CTE to take a noticeable fraction of
    // a second, so the processes really overlap.
    for (int v = 1; v <= 3; ++v) {
      std::ofstream(dir_ / "sql" / ("V" + std::to_string(v) + "__batch_" + std::to_string(v) + ".sql"))
          << (v == 1 ? "CREATE TABLE numbers (batch integer NOT NULL, n integer NOT NULL);\n" : "")
          << "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " << kRows << ")\n"
          << "INSERT INTO numbers (batch, n) SELECT " << v << ", n FROM seq;\n"
          << "CREATE INDEX numbers_" << v << " ON numbers (batch, n) WHERE batch = " << v << ";\n";
    }
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
    else std::cerr << "kept " << dir_ << "\n";
  }

  /// Starts `migrate` in the test directory with stdout and stderr in files named after `i`.
  pid_t Start(int i) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (dir_ / ("out" + std::to_string(i))).string();
    const std::string err = (dir_ / ("err" + std::to_string(i))).string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string url = "--url=sqlite:" + (dir_ / "shared.db").string();
    const std::string locations = "--locations=filesystem:" + (dir_ / "sql").string();
    const char* argv[] = {SHIFTWAY_BINARY, url.c_str(), locations.c_str(), "migrate", nullptr};
    std::vector<char*> env;
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      if (kv.starts_with("SHIFTWAY_") || kv.starts_with("FLYWAY_")) continue;
      env.push_back(*e);
    }
    env.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, SHIFTWAY_BINARY, &actions, nullptr, const_cast<char* const*>(argv), env.data());
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0) << "cannot start " << SHIFTWAY_BINARY;
    return pid;
  }

  static constexpr int kRows = 300000;
  fs::path dir_;
};

TEST_F(ConcurrentMigrateTest, EachMigrationAppliedExactlyOnce) {
  constexpr int kProcesses = 3;
  std::vector<pid_t> pids;
  for (int i = 0; i < kProcesses; ++i) pids.push_back(Start(i));
  std::string all_out, all_err;
  for (int i = 0; i < kProcesses; ++i) {
    int status = 0;
    ASSERT_EQ(waitpid(pids[i], &status, 0), pids[i]);
    const std::string out = ReadAll(dir_ / ("out" + std::to_string(i)));
    const std::string err = ReadAll(dir_ / ("err" + std::to_string(i)));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "process " << i << " failed:\n" << out << err;
    all_out += out;
    all_err += err;
  }

  // One history row per version, all successful, and each batch inserted exactly once.
  EXPECT_EQ(Query(dir_ / "shared.db",
                  "SELECT version, count(*), min(success) FROM flyway_schema_history GROUP BY version ORDER BY version"),
            (std::vector<std::string>{"1|1|1", "2|1|1", "3|1|1"}));
  EXPECT_EQ(Query(dir_ / "shared.db", "SELECT batch, count(*) FROM numbers GROUP BY batch ORDER BY batch"),
            (std::vector<std::string>{"1|300000", "2|300000", "3|300000"}));

  // Exactly one process did the work; the others waited for it, said so, and found nothing to do.
  EXPECT_EQ(CountOf(all_out, "Successfully applied 3 migrations"), 1) << all_out;
  EXPECT_EQ(CountOf(all_out, "is up to date. No migration necessary."), kProcesses - 1) << all_out;
  EXPECT_NE(all_err.find("warning: waiting for the migration lock held by process "), std::string::npos) << all_err;
}

}  // namespace
