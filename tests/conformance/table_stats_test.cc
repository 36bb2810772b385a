// Table sizes on each real database: stats export reads them, and lint grades locking findings by
// them, live with --against-db and offline from the stats file, with the same result.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "core/run/operations.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

class TableStatsTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-stats.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/sql");
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "stats_" + name.substr(0, name.find('/')), dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool postgres() const { return GetParam() == Backend::kPostgres; }
  bool mysql() const { return GetParam() == Backend::kMysql; }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }
  config::Settings Settings() const {
    config::Settings s;
    s.url = db_->Url();
    s.schemas = db_->Schemas();
    s.locations = {"filesystem:" + dir_ + "/sql"};
    s.lint.small_table_rows = 100;
    s.lint.large_table_rows = 100000;
    return s;
  }
  // An empty table and one of 200,000 rows, migrated, with the database's estimates up to date.
  void MigrateSizedTables() {
    Write("sql/V1__tables.sql",
          "CREATE TABLE empty_t (id int PRIMARY KEY, v int);\nCREATE TABLE big_t (id int PRIMARY KEY, v int);\n");
    auto r = run::Migrate(Settings(), false, {});
    ASSERT_TRUE(r) << r.error().message;
    const std::string big = db_->Qualified("big_t");
    if (postgres()) {
      db_->Exec("INSERT INTO " + big + " SELECT g, g FROM generate_series(1, 200000) g");
      db_->Exec("ANALYZE " + big);
      db_->Exec("ANALYZE " + db_->Qualified("empty_t"));
    } else if (mysql()) {
      const std::string digits = db_->Qualified("digits");
      db_->Exec("CREATE TABLE " + digits + " (d int)");
      db_->Exec("INSERT INTO " + digits + " VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
      for (int half = 0; half < 2; ++half) {
        db_->Exec("INSERT INTO " + big + " SELECT n, n FROM (SELECT " + std::to_string(half * 100000 + 1) +
                  " + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM " + digits + " a, " + digits +
                  " b, " + digits + " c, " + digits + " e, " + digits + " f) x");
      }
      db_->Exec("DROP TABLE " + digits);
      db_->Exec("ANALYZE TABLE " + big + ", " + db_->Qualified("empty_t"));
    } else {
      db_->Exec("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 200000) INSERT INTO big_t "
                "SELECT n, n FROM g");
    }
  }
  // Changes that rewrite or copy each table (table-rewrite); SQLite has no locking rule.
  void WriteRewrites() {
    const std::string type = postgres() ? " ALTER COLUMN v TYPE bigint" : " MODIFY v bigint";
    Write("sql/V2__widen.sql", "ALTER TABLE empty_t" + type + ";\nALTER TABLE big_t" + type + ";\n");
  }
  // "severity rule line: message" per finding.
  static std::string Findings(const lint::LintResult& r) {
    std::string out;
    for (const auto& f : r.findings) {
      out += std::string(lint::SeverityName(f.severity)) + " " + f.rule + " " + std::to_string(f.line) + ": " +
             f.message + "\n";
    }
    return out;
  }
  lint::LintResult Lint(run::LintRequest request, const config::Settings& s) {
    auto plan = run::PrepareLint(s, std::move(request), {});
    EXPECT_TRUE(plan) << plan.error().message;
    if (!plan) return {};
    auto r = lint::Lint(plan->input);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : lint::LintResult{};
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(TableStatsTest, ExportReadsEachTablesSize) {
  MigrateSizedTables();
  auto stats = run::ExportTableStats(Settings(), {});
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_EQ(2u, stats->tables.size()) << lint::TableStatsJson(*stats);  // the history table is left out
  const lint::TableSize* big = stats->Find("", "big_t");
  const lint::TableSize* empty = stats->Find("", "empty_t");
  ASSERT_NE(big, nullptr);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(0, empty->rows);
  if (mysql()) {
    // InnoDB's TABLE_ROWS is a sampled estimate.
    EXPECT_NEAR(200000, big->rows, 40000);
  } else {
    EXPECT_EQ(200000, big->rows);
  }
  // 200,000 rows of two ints and a primary key take more than a megabyte on every engine.
  EXPECT_GT(big->bytes, 1 << 20);
  EXPECT_GE(empty->bytes, 0);
  EXPECT_LT(empty->bytes, big->bytes / 10);
}

TEST_P(TableStatsTest, SizesGradeLockingFindingsLiveAndOffline) {
  MigrateSizedTables();
  WriteRewrites();
  run::LintRequest live;
  live.against_db = true;
  const lint::LintResult online = Lint(live, Settings());
  const std::string found = Findings(online);
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ("", found);  // SQLite has no locking rule: nothing to grade
  } else {
    ASSERT_EQ(2u, online.findings.size()) << found;
    EXPECT_EQ(lint::Severity::kInfo, online.findings[0].severity) << found;
    EXPECT_EQ(lint::Severity::kError, online.findings[1].severity) << found;
    // PostgreSQL findings name the table with its schema, as the rules resolve it.
    const std::string schema = postgres() ? db_->Schema() + "." : "";
    EXPECT_NE(found.find("(" + schema + "empty_t: 0 rows, "), std::string::npos) << found;
    EXPECT_NE(found.find("; below the small-table threshold of 100 rows)\n"), std::string::npos) << found;
    EXPECT_NE(found.find("(" + schema + (postgres() ? "big_t: ~200.0K rows, " : "big_t: ~")), std::string::npos)
        << found;
    EXPECT_NE(found.find(" MB; above the large-table threshold of 100000 rows)\n"), std::string::npos) << found;
  }

  // The same grades offline, from the exported file, without a connection (--since reads no database).
  auto stats = run::ExportTableStats(Settings(), {});
  ASSERT_TRUE(stats) << stats.error().message;
  run::LintRequest offline;
  offline.since = "1";
  offline.table_stats = dir_ + "/stats.json";
  offline.table_stats_text = lint::TableStatsJson(*stats);
  config::Settings s = Settings();
  s.url.clear();
  s.lint.dialect = postgres() ? "postgres" : mysql() ? "mysql" : "sqlite";
  EXPECT_EQ(found, Findings(Lint(offline, s)));

  // Without sizes the rule's own severity stands.
  run::LintRequest plain;
  plain.since = "1";
  for (const auto& f : Lint(plain, s).findings) EXPECT_EQ(lint::Severity::kWarning, f.severity) << f.message;
}

TEST_P(TableStatsTest, StatsFileRoundTripsThroughTheBinary) {
  MigrateSizedTables();
  WriteRewrites();
  const std::string file = dir_ + "/stats.json";
  const std::string url = "--url=" + db_->Url();
  std::vector<std::string> where = {url, "--locations=filesystem:" + dir_ + "/sql"};
  for (const auto& schema : db_->Schemas()) where.push_back("--schemas=" + schema);
  std::vector<std::string> args = {"stats", "export", "--output-file", file};
  args.insert(args.end(), where.begin(), where.end());
  Finished exported = Wait(StartShiftway(args, dir_, "export"), 120);
  ASSERT_EQ(0, exported.exit_code) << exported.err;
  EXPECT_EQ("Wrote the sizes of 2 tables to " + file + "\n", exported.out);
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"format\": \"shiftway-table-stats\",\n  \"version\": 1,"), std::string::npos) << text;
  EXPECT_EQ(text.find("password"), std::string::npos);

  // A file of another version is refused, naming the file and what is wrong.
  Write("v9.json", "{\"format\": \"shiftway-table-stats\", \"version\": 9, \"tables\": []}");
  Finished bad = Wait(StartShiftway({"lint", "--since", "1", "--dialect", postgres() ? "postgres" : "mysql",
                                     "--table-stats", dir_ + "/v9.json", "--locations=filesystem:" + dir_ + "/sql"},
                                    dir_, "bad"),
                      60);
  EXPECT_EQ(2, bad.exit_code) << bad.out << bad.err;
  EXPECT_NE(bad.err.find(dir_ + "/v9.json: stats file version 9 is not supported; this shiftway reads version 1"),
            std::string::npos)
      << bad.err;
  Write("junk.json", "not json");
  Finished junk = Wait(StartShiftway({"lint", "--since", "1", "--dialect", "postgres", "--table-stats",
                                      dir_ + "/junk.json", "--locations=filesystem:" + dir_ + "/sql"},
                                     dir_, "junk"),
                       60);
  EXPECT_EQ(2, junk.exit_code) << junk.out << junk.err;
  EXPECT_NE(junk.err.find(dir_ + "/junk.json: not a stats file: it is not valid JSON"), std::string::npos) << junk.err;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, TableStatsTest, testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, TableStatsTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Mysql, TableStatsTest, testing::Values(Backend::kMysql),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace shiftway::conformance
