// `--fleet` on real servers: 200 PostgreSQL schemas named by a control query, 50 MariaDB
// databases named by URL in a --targets file, 100 SQLite files named by a glob; a broken target
// under both --on-error modes, a failing canary, Ctrl-C, resume after a kill, --shard coverage,
// the JSON document, and no password in any output.
//
// Every name carries the test's name and pid, so parallel ctest runs on the same servers never
// meet; each test drops what it created.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "drivers/url.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class FleetTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-fleet.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/sql");
    prefix_ = "fl" + std::to_string(getpid()) + "_";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ + "/" + rel, std::ios::binary) << text; }
  Finished Run(const std::vector<std::string>& args, const std::string& tag, int timeout_s = 300) {
    return Wait(StartShiftway(args, dir_, tag), timeout_s);
  }
  // Two migrations; V1 names the tenant through ${tenant}.
  void TwoMigrations() {
    Write("sql/V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, tenant VARCHAR(64) DEFAULT '${tenant}');\n");
    Write("sql/V2__email.sql", "ALTER TABLE accounts ADD COLUMN email VARCHAR(200);\n");
  }
  std::vector<std::string> Locations() const { return {"--locations", "filesystem:" + dir_ + "/sql"}; }

  std::string dir_;
  std::string prefix_;
};

nlohmann::json Json(const Finished& f) {
  auto doc = nlohmann::json::parse(f.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << f.out << f.err;
  return doc;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// ---- SQLite: 100 files named by a glob -------------------------------------------------------

class SqliteFleetTest : public FleetTest {
 protected:
  void SetUp() override {
    FleetTest::SetUp();
    fs::create_directories(dir_ + "/dbs");
    TwoMigrations();
    Write("shiftway.toml", "[fleet]\nsqlite = \"dbs/*.db\"\n");
  }
  void MakeFiles(int n) {
    for (int i = 0; i < n; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "dbs/t%03d.db", i);
      Write(name, "");
    }
  }
  // The target's name: the path as the glob dbs/*.db gives it.
  static std::string Name(int i) {
    char name[32];
    std::snprintf(name, sizeof name, "dbs/t%03d.db", i);
    return name;
  }
  std::string File(int i) const { return dir_ + "/" + Name(i); }
  // Rows of the file's history (successful ones), or -1 when it has none.
  long Applied(int i) {
    sqlite3* db = nullptr;
    long n = -1;
    if (sqlite3_open_v2(File(i).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(db, 5000);
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM flyway_schema_history WHERE success", -1, &st, nullptr) ==
              SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int(st, 0);
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
  }
  std::string Scalar(int i, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(File(i).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, 0);
        out = t ? reinterpret_cast<const char*>(t) : "";
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
  }
  // A V3 that fails on one tenant only (a NULL into a NOT NULL column), after V1 and V2 applied.
  void BreakTarget(int i) {
    char tenant[16];
    std::snprintf(tenant, sizeof tenant, "t%03d", i);
    Write("sql/V3__mark.sql", "CREATE TABLE marks (id INT NOT NULL);\nINSERT INTO marks VALUES (CASE WHEN '${tenant}' = '" +
                                  std::string(tenant) + "' THEN NULL ELSE 1 END);\n");
  }
};

TEST_F(SqliteFleetTest, GlobMatchingNothingIsAConfigError) {
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "none");
  EXPECT_EQ(2, f.exit_code) << f.out << f.err;
  EXPECT_EQ("error: the fleet's sqlite glob 'dbs/*.db' matches no file (" + dir_ + "/shiftway.toml)\n"
            "  help: a relative pattern is taken from the working directory; check the path, or create the databases "
            "first\n",
            f.err);
}

TEST_F(SqliteFleetTest, HundredFilesMigrateThenAreUpToDate) {
  MakeFiles(100);
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--parallel", "4"}, "first");
  ASSERT_EQ(0, f.exit_code) << f.out << f.err;
  EXPECT_EQ(100u, Occurrences(f.out, ": empty -> 2, 2 migrations ("));
  EXPECT_NE(std::string::npos, f.out.find("| Succeeded  | 100     |")) << f.out;
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(2, Applied(i)) << File(i);
  }
  // ${tenant} is the file's name without its extension.
  EXPECT_EQ("t042", Scalar(42, "SELECT dflt_value FROM pragma_table_info('accounts') WHERE name = 'tenant'").substr(1, 4));

  Finished again = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--parallel", "4"}, "again");
  ASSERT_EQ(0, again.exit_code) << again.out << again.err;
  EXPECT_EQ(100u, Occurrences(again.out, ": up to date at 2 ("));
  EXPECT_NE(std::string::npos, again.out.find("| Up to date | 100     |")) << again.out;
}

TEST_F(SqliteFleetTest, BrokenTargetWithOnErrorStopStartsNothingAfterIt) {
  MakeFiles(100);
  BreakTarget(37);
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "stop");
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  for (int i = 0; i < 37; ++i) EXPECT_EQ(3, Applied(i)) << i;
  EXPECT_EQ(2, Applied(37));
  for (int i = 38; i < 100; ++i) EXPECT_EQ(-1, Applied(i)) << i;
  EXPECT_NE(std::string::npos, f.err.find("[38/100] " + Name(37) + ": FAILED (exit 3, ")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("V3__mark.sql:2: NOT NULL constraint failed: marks.id")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("error: 1 of 100 targets failed: " + Name(37) + "\n")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("  note: stopped: a target failed (--on-error stop); 62 targets were not started\n"))
      << f.err;
  EXPECT_NE(std::string::npos, f.out.find("| Succeeded  | 37      |")) << f.out;
  EXPECT_NE(std::string::npos, f.out.find("| Failed     | 1       |")) << f.out;
  EXPECT_NE(std::string::npos, f.out.find("| Skipped    | 62      |")) << f.out;
}

TEST_F(SqliteFleetTest, BrokenTargetWithOnErrorContinueHarmsNoOther) {
  MakeFiles(100);
  BreakTarget(37);
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--parallel", "4", "--on-error",
                                                          "continue", "--output", "json"},
                   "continue");
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  for (int i = 0; i < 100; ++i) {
    if (i != 37) EXPECT_EQ(3, Applied(i)) << i;
  }
  EXPECT_EQ(2, Applied(37));
  // V3 was rolled back on the broken target: no table marks there.
  EXPECT_EQ("0", Scalar(37, "SELECT count(*) FROM sqlite_schema WHERE name = 'marks'"));
  auto doc = Json(f);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ("migrate", doc["operation"]);
  EXPECT_EQ(false, doc["success"]);
  EXPECT_EQ((nlohmann::json{{"total", 100}, {"succeeded", 99}, {"upToDate", 0}, {"failed", 1}, {"skipped", 0}}),
            doc["summary"]);
  EXPECT_TRUE(doc["stopped"].is_null());
  ASSERT_EQ(100u, doc["results"].size());
  const auto& broken = doc["results"][37];
  EXPECT_EQ(Name(37), broken["target"]);
  EXPECT_EQ("t037", broken["tenant"]);
  EXPECT_EQ("failed", broken["status"]);
  EXPECT_EQ(3, broken["exitCode"]);
  EXPECT_EQ(false, broken["result"]["success"]);
  EXPECT_EQ("FAILED_VERSIONED_MIGRATION", broken["result"]["error"]["errorCode"]) << broken.dump();
  const auto& ok = doc["results"][36];
  EXPECT_EQ("succeeded", ok["status"]);
  EXPECT_TRUE(ok["error"].is_null());
  // Each result is the single-target document.
  EXPECT_EQ("migrate", ok["result"]["operation"]);
  EXPECT_EQ(3, ok["result"]["migrationsExecuted"]);
  EXPECT_EQ("3", ok["result"]["targetSchemaVersion"]);
  EXPECT_EQ(3u, ok["result"]["migrations"].size());
  EXPECT_EQ("2", broken["result"]["targetSchemaVersion"]);
  EXPECT_EQ("SQLite", ok["result"]["databaseType"]);
}

TEST_F(SqliteFleetTest, FailingCanaryStopsTheFleet) {
  MakeFiles(20);
  BreakTarget(2);
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--canary", "5", "--parallel", "2",
                                                          "--on-error", "continue"},
                   "canary");
  EXPECT_EQ(3, f.exit_code) << f.out << f.err;
  int done = 0;
  for (int i = 0; i < 20; ++i) done += Applied(i) == 3;
  EXPECT_EQ(4, done);
  for (int i = 5; i < 20; ++i) EXPECT_EQ(-1, Applied(i)) << i;
  EXPECT_NE(std::string::npos, f.err.find("  note: stopped: the canary failed; 15 targets were not started\n")) << f.err;
}

TEST_F(SqliteFleetTest, ResumeAfterAKillPicksUpWhereItStopped) {
  MakeFiles(100);
  Process p = StartShiftway(Locations() + std::vector<std::string>{"migrate", "--fleet"}, dir_, "killed");
  ASSERT_GT(p.pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Applied(5) != 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(2, Applied(5));
  kill(p.pid, SIGKILL);
  int status = 0;
  waitpid(p.pid, &status, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the child in flight ends with its parent
  int complete = 0;
  for (int i = 0; i < 100; ++i) complete += Applied(i) == 2;
  ASSERT_GE(complete, 6);
  ASSERT_LT(complete, 100) << "the first run finished before the kill; nothing left to resume";

  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--output", "json"}, "resumed");
  ASSERT_EQ(0, f.exit_code) << f.out << f.err;
  auto doc = Json(f);
  EXPECT_EQ(complete, doc["summary"]["upToDate"]);
  EXPECT_EQ(100 - complete, doc["summary"]["succeeded"]);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(2, Applied(i)) << i;
}

TEST_F(SqliteFleetTest, ShardsCoverEveryTargetExactlyOnce) {
  MakeFiles(100);
  for (int n : {1, 2, 3, 7, 16}) {
    std::map<std::string, int> seen;
    for (int i = 0; i < n; ++i) {
      Finished f = Run(Locations() + std::vector<std::string>{"info", "--fleet", "--parallel", "8", "--shard",
                                                              std::to_string(i) + "/" + std::to_string(n), "--output",
                                                              "json"},
                       "shard");
      ASSERT_EQ(0, f.exit_code) << f.out << f.err;
      auto doc = Json(f);
      EXPECT_EQ(std::to_string(i) + "/" + std::to_string(n), doc["shard"]);
      EXPECT_EQ(100, doc["targetCount"]);
      for (const auto& r : doc["results"]) {
        ++seen[r["target"].get<std::string>()];
        EXPECT_EQ("info", r["result"]["operation"]);
      }
    }
    ASSERT_EQ(100u, seen.size()) << "N=" << n;
    for (const auto& [name, times] : seen) EXPECT_EQ(1, times) << name << " N=" << n;
  }
  // In a Kubernetes Indexed Job: auto takes the index from JOB_COMPLETION_INDEX.
  setenv("JOB_COMPLETION_INDEX", "1", 1);
  Finished a = Run(Locations() + std::vector<std::string>{"info", "--fleet", "--shard", "auto/3", "--output", "json"},
                   "auto");
  Finished b = Run(Locations() + std::vector<std::string>{"info", "--fleet", "--shard", "1/3", "--output", "json"},
                   "explicit");
  unsetenv("JOB_COMPLETION_INDEX");
  ASSERT_EQ(0, a.exit_code) << a.err;
  auto targets = [](const nlohmann::json& doc) {
    std::vector<std::string> out;
    for (const auto& r : doc["results"]) out.push_back(r["target"]);
    return out;
  };
  EXPECT_EQ(targets(Json(b)), targets(Json(a)));
  Finished unset = Run(Locations() + std::vector<std::string>{"info", "--fleet", "--shard", "auto/3"}, "unset");
  EXPECT_EQ(2, unset.exit_code);
  EXPECT_EQ(0u, unset.err.find("error: --shard auto/3: auto takes the index from JOB_COMPLETION_INDEX, which is not set\n"))
      << unset.err;
}

TEST_F(SqliteFleetTest, ValidateOverTheFleet) {
  MakeFiles(3);
  ASSERT_EQ(0, Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "m").exit_code);
  Finished ok = Run(Locations() + std::vector<std::string>{"validate", "--fleet"}, "v");
  EXPECT_EQ(0, ok.exit_code) << ok.out << ok.err;
  EXPECT_EQ(3u, Occurrences(ok.out, ": validated 2 migrations ("));
  Write("sql/V2__email.sql", "ALTER TABLE accounts ADD COLUMN email VARCHAR(201);\n");
  Finished bad = Run(Locations() + std::vector<std::string>{"validate", "--fleet", "--on-error", "continue"}, "bad");
  EXPECT_EQ(1, bad.exit_code) << bad.out << bad.err;
  EXPECT_EQ(3u, Occurrences(bad.err, ": FAILED (exit 1, ")) << bad.err;
  EXPECT_NE(std::string::npos, bad.err.find("validate failed: migration checksum mismatch for migration version 2"))
      << bad.err;
}

TEST_F(SqliteFleetTest, DriftOverTheFleet) {
  MakeFiles(3);
  ASSERT_EQ(0, Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "m").exit_code);
  // Each target replays with its own ${tenant}: the defaults match its live schema.
  Finished clean = Run(Locations() + std::vector<std::string>{"check", "--drift", "--fleet"}, "clean");
  EXPECT_EQ(0, clean.exit_code) << clean.out << clean.err;
  EXPECT_EQ(3u, Occurrences(clean.out, ": no drift (")) << clean.out;
  // A column added out of band on one tenant is that tenant's drift, and no other's.
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(File(1).c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, "ALTER TABLE accounts ADD COLUMN nickname TEXT", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  Finished drift = Run(Locations() + std::vector<std::string>{"check", "--drift", "--fleet", "--on-error", "continue"},
                       "drift");
  EXPECT_EQ(1, drift.exit_code) << drift.out << drift.err;
  EXPECT_EQ(2u, Occurrences(drift.out, ": no drift (")) << drift.out;
  EXPECT_EQ(1u, Occurrences(drift.err, Name(1) + ": FAILED (exit 1, ")) << drift.err;
  EXPECT_NE(std::string::npos, drift.err.find("drift: extra: column accounts.nickname")) << drift.err;
}

TEST_F(SqliteFleetTest, LintAgainstEachTargetsHistory) {
  MakeFiles(3);
  ASSERT_EQ(0, Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "m").exit_code);
  Finished clean = Run(Locations() + std::vector<std::string>{"lint", "--fleet", "--against-db"}, "clean");
  EXPECT_EQ(0, clean.exit_code) << clean.out << clean.err;
  EXPECT_EQ(3u, Occurrences(clean.out, ": no findings ("));
  Write("sql/V3__drop.sql", "ALTER TABLE accounts DROP COLUMN email;\n");
  Finished drop = Run(Locations() + std::vector<std::string>{"lint", "--fleet", "--against-db", "--on-error", "continue"},
                      "drop");
  EXPECT_EQ(1, drop.exit_code) << drop.out << drop.err;
  EXPECT_EQ(3u, Occurrences(drop.err, ": FAILED (exit 1, ")) << drop.err;
  EXPECT_EQ(3u, Occurrences(drop.err, "lint: 1 finding(s), the first V3__drop.sql:1 drop-column: ")) << drop.err;
  Finished no_boundary = Run(Locations() + std::vector<std::string>{"lint", "--fleet", "--since", "2"}, "since");
  EXPECT_EQ(2, no_boundary.exit_code);
  EXPECT_EQ("error: lint --fleet needs --against-db: each target's own history is its release boundary\n"
            "  help: run `shiftway lint --fleet --against-db`\n",
            no_boundary.err);
}

TEST_F(SqliteFleetTest, FleetFlagsWithoutFleetAreRefused) {
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--parallel", "4"}, "noflag");
  EXPECT_EQ(2, f.exit_code);
  EXPECT_EQ("error: --parallel needs --fleet\n  help: add --fleet to run over the targets of [fleet] or --targets FILE\n",
            f.err);
  Finished chain = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "info"}, "chain");
  EXPECT_EQ(2, chain.exit_code);
  EXPECT_EQ("error: --fleet runs one command, not a chain of verbs\n  help: run each verb with --fleet on its own\n",
            chain.err);
  Write("shiftway.toml", "[fleet]\nglob = \"dbs/*.db\"\n");
  Finished bad = Run(Locations() + std::vector<std::string>{"migrate", "--fleet"}, "badkey");
  EXPECT_EQ(2, bad.exit_code);
  EXPECT_EQ("error: unknown key 'glob' in [fleet] (" + dir_ + "/shiftway.toml:2)\n"
            "  help: the keys of [fleet] are: targets, query, query_url, sqlite\n",
            bad.err);
}

// ---- PostgreSQL: 200 schemas named by a control query ---------------------------------------

class PostgresFleetTest : public FleetTest {
 protected:
  void SetUp() override {
    FleetTest::SetUp();
    std::string error;
    control_ = TestDatabase::Create(Backend::kPostgres, "fleet_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()), dir_, &error);
    ASSERT_NE(control_, nullptr) << error;
    control_->Materialize();
    control_->Exec("CREATE TABLE " + control_->Qualified("tenants") + " (name text, active boolean)");
  }
  void TearDown() override {
    for (const auto& s : control_ ? schemas_ : std::vector<std::string>{}) {
      try {
        control_->Exec("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
      } catch (...) {
      }
    }
    control_.reset();
    FleetTest::TearDown();
  }
  void Tenants(int n) {
    std::string values;
    for (int i = 0; i < n; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "%st%03d", prefix_.c_str(), i);
      schemas_.push_back(name);
      values += std::string(values.empty() ? "" : ",") + "('" + name + "', true)";
    }
    control_->Exec("INSERT INTO " + control_->Qualified("tenants") + " VALUES " + values + ", ('" + prefix_ +
                   "inactive', false)");
    Write("shiftway.toml", "[fleet]\nquery = \"SELECT name FROM " + control_->Schema() +
                               ".tenants WHERE active ORDER BY name\"\n");
  }
  std::vector<std::string> Args(std::vector<std::string> more) const {
    return std::vector<std::string>{"--url", control_->Url()} + Locations() + more;
  }

  // `n` tenants whose V1 sleeps `seconds`, migrated with --parallel 2 (for the Ctrl-C tests).
  Process StartSlow(int n, const std::string& seconds, const std::string& tag) {
    Write("sql/V1__slow.sql", "CREATE TABLE accounts (id INT);\nSELECT pg_sleep(" + seconds + ");\n");
    Tenants(n);
    return StartShiftway(Args({"migrate", "--fleet", "--parallel", "2"}), dir_, tag);
  }

  std::unique_ptr<TestDatabase> control_;
  std::vector<std::string> schemas_;
};

TEST_F(PostgresFleetTest, TwoHundredSchemasFromAControlQuery) {
  TwoMigrations();
  Tenants(200);
  Finished f = Run(Args({"migrate", "--fleet", "--parallel", "4"}), "pg200");
  ASSERT_EQ(0, f.exit_code) << f.out << f.err;
  EXPECT_EQ(200u, Occurrences(f.out, ": empty -> 2, 2 migrations ("));
  EXPECT_NE(std::string::npos, f.out.find("Fleet of 200 targets (" + dir_ + "/shiftway.toml); migrate with --parallel 4"))
      << f.out;
  EXPECT_EQ("200", control_->Scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE '" +
                                    prefix_ + "t%'"));
  for (const auto& s : schemas_) {
    ASSERT_EQ("2", control_->Scalar("SELECT count(*) FROM \"" + s + "\".flyway_schema_history WHERE success AND type = 'SQL'")) << s;
  }
  EXPECT_EQ("'" + schemas_[123] + "'::character varying",
            control_->Scalar("SELECT column_default FROM information_schema.columns WHERE table_schema = '" +
                             schemas_[123] + "' AND table_name = 'accounts' AND column_name = 'tenant'"));
  EXPECT_EQ("0", control_->Scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + prefix_ +
                                  "inactive'"));
  Finished info = Run(Args({"info", "--fleet", "--parallel", "4"}), "pginfo");
  ASSERT_EQ(0, info.exit_code) << info.err;
  EXPECT_EQ(200u, Occurrences(info.out, ": at 2, 0 pending ("));
}

TEST_F(PostgresFleetTest, FailingQueryIsAConfigError) {
  TwoMigrations();
  Write("shiftway.toml", "[fleet]\nquery = \"SELECT name FROM " + control_->Schema() + ".no_such_table\"\n");
  Finished f = Run(Args({"migrate", "--fleet"}), "badquery");
  EXPECT_EQ(2, f.exit_code) << f.out << f.err;
  EXPECT_EQ(0u, f.err.find("error: the fleet query failed on ")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("no_such_table\" does not exist (SQLSTATE 42P01)")) << f.err;
  EXPECT_NE(std::string::npos, f.err.find("  help: fix query under [fleet] (" + dir_ + "/shiftway.toml): it must return "
                                          "one column of URLs or schema names\n"))
      << f.err;
}

TEST_F(PostgresFleetTest, CtrlCFinishesTheTargetsInFlightAndStartsNothingNew) {
  Process p = StartSlow(10, "2.5", "sigint");
  ASSERT_GT(p.pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(p.pid, SIGINT);
  Finished f = Wait(p, 60);
  EXPECT_EQ(130, f.exit_code) << f.out << f.err;
  EXPECT_EQ(2u, Occurrences(f.out, ": empty -> 1, 1 migration (")) << f.out;
  EXPECT_NE(std::string::npos, f.out.find("| Succeeded  | 2       |")) << f.out;
  EXPECT_NE(std::string::npos, f.out.find("| Skipped    | 8       |")) << f.out;
  EXPECT_NE(std::string::npos, f.err.find("  note: stopped: interrupted; 8 targets were not started\n")) << f.err;
  EXPECT_EQ("2", control_->Scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE '" + prefix_ +
                                  "t%' AND table_name = 'flyway_schema_history'"));
}

TEST_F(PostgresFleetTest, SecondCtrlCEndsTheTargetsInFlightAndTheirMigrationRollsBack) {
  Process p = StartSlow(4, "3", "sigint2");
  ASSERT_GT(p.pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  kill(p.pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(p.pid, SIGINT);
  Finished f = Wait(p, 60);
  EXPECT_EQ(130, f.exit_code) << f.out << f.err;
  EXPECT_EQ(2u, Occurrences(f.err, ": FAILED (exit 143, ")) << f.err;
  EXPECT_EQ(2u, Occurrences(f.err, "ended by signal 15 (Terminated)")) << f.err;
  EXPECT_NE(std::string::npos, f.out.find("| Failed     | 2       |")) << f.out;
  EXPECT_NE(std::string::npos, f.out.find("| Skipped    | 2       |")) << f.out;
  // Neither migration in flight committed: no table, no history row.
  EXPECT_EQ("0", control_->Scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE '" + prefix_ +
                                  "t%' AND table_name = 'accounts'"));
}

// ---- MariaDB: 50 databases named by URL in a --targets file ---------------------------------

TEST_F(FleetTest, MariadbFiftyDatabasesByUrl) {
  std::string error;
  auto control = TestDatabase::Create(Backend::kMysql, "fleet_mariadb", dir_, &error);
  ASSERT_NE(control, nullptr) << error;
  auto spec = drivers::ParseUrl(control->Url());
  ASSERT_TRUE(spec);
  ASSERT_FALSE(spec->password.empty()) << "the test user needs a password, to show that none is printed";
  TwoMigrations();
  std::vector<std::string> databases;
  std::string targets = "targets = [\n";
  for (int i = 0; i < 50; ++i) {
    databases.push_back(prefix_ + "db" + std::to_string(i));
    control->Exec("CREATE DATABASE `" + databases.back() + "`");
    targets += "  \"mysql://" + spec->user + ":" + spec->password + "@" + spec->host + ":" + std::to_string(spec->port) +
               "/" + databases.back() + "\",\n";
  }
  Write("targets.toml", targets + "]\n");
  Finished f = Run(Locations() + std::vector<std::string>{"migrate", "--fleet", "--targets", "targets.toml",
                                                          "--parallel", "4", "--output", "json"},
                   "mariadb");
  Finished human = Run(Locations() + std::vector<std::string>{"info", "--fleet", "--targets", "targets.toml"}, "info");
  for (const auto& d : databases) {
    EXPECT_EQ("2", control->Scalar("SELECT count(*) FROM `" + d + "`.flyway_schema_history WHERE success")) << d;
    EXPECT_EQ("'" + d + "'", control->Scalar("SELECT column_default FROM information_schema.columns WHERE table_schema = '" +
                                             d + "' AND table_name = 'accounts' AND column_name = 'tenant'"));
  }
  for (const auto& d : databases) control->Exec("DROP DATABASE IF EXISTS `" + d + "`");
  ASSERT_EQ(0, f.exit_code) << f.out << f.err;
  auto doc = Json(f);
  EXPECT_EQ(50, doc["summary"]["succeeded"]);
  const std::string shown = "mysql://" + spec->user + ":***@" + spec->host + ":" + std::to_string(spec->port) + "/" +
                            databases[7];
  EXPECT_EQ(shown, doc["results"][7]["target"]);
  EXPECT_EQ(databases[7], doc["results"][7]["tenant"]);
  EXPECT_EQ("MariaDB", doc["results"][7]["result"]["databaseType"]);
  ASSERT_EQ(0, human.exit_code) << human.err;
  EXPECT_NE(std::string::npos, human.out.find("] " + shown + ": at 2, 0 pending (")) << human.out;
  for (const Finished* run : {&f, &human}) {
    EXPECT_EQ(std::string::npos, run->out.find(spec->password)) << run->out;
    EXPECT_EQ(std::string::npos, run->err.find(spec->password)) << run->err;
  }
}

}  // namespace
}  // namespace shiftway::conformance
