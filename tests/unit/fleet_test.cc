// Fleets without servers: [fleet] and --targets files, resolving targets (SQLite globs and a
// control query on a SQLite file), --shard, and the rollout pool's canary / on-error / parallel
// rules.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/config/settings.h"
#include "core/run/fleet.h"

namespace shiftway::run {
namespace {
namespace fs = std::filesystem;

// A temporary directory per test, for --targets files, SQLite files and globs.
class FleetConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway-fleet-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

std::vector<std::string> Names(const std::vector<FleetTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets) out.push_back(t.name);
  return out;
}

TEST_F(FleetConfigTest, ListedUrlsAndSchemas) {
  config::Settings s;
  s.url = "postgresql://app:s3cret@db/app";
  s.fleet.origin = "shiftway.toml";
  s.fleet.targets = {"tenant_a", "mysql://root:pw@db2/shop?x=1,2", "tenant_b"};
  auto targets = ResolveFleet(s);
  ASSERT_TRUE(targets) << targets.error().message;
  EXPECT_EQ((std::vector<std::string>{"tenant_a", "mysql://root:***@db2/shop?x=1,2", "tenant_b"}), Names(*targets));
  EXPECT_EQ("tenant_a", (*targets)[0].schema);
  EXPECT_EQ("postgresql://app:s3cret@db/app", (*targets)[0].url);
  EXPECT_EQ("", (*targets)[1].schema);
  EXPECT_EQ("shop", (*targets)[1].tenant);
}

TEST_F(FleetConfigTest, TargetsFileAtTopLevelOrUnderFleet) {
  Write("t1.toml", "targets = [\"a\", \"b\"]\n");
  Write("t2.toml", "[fleet]\nsqlite = \"${env.DIR}/*.db\"\n");
  auto one = config::LoadFleetFile(Path("t1.toml"), {});
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), one->targets);
  EXPECT_EQ(Path("t1.toml"), one->origin);
  auto two = config::LoadFleetFile(Path("t2.toml"), {{"DIR", "/srv"}});
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_EQ("/srv/*.db", two->sqlite);
}

TEST_F(FleetConfigTest, TargetsFileErrors) {
  auto missing = config::LoadFleetFile(Path("nope.toml"), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ("cannot read the --targets file " + Path("nope.toml") + ": it does not exist", missing.error().message);
  Write("bad.toml", "targets = [\"a\"]\nparallel = 3\n");
  auto bad = config::LoadFleetFile(Path("bad.toml"), {});
  ASSERT_FALSE(bad);
  EXPECT_EQ("unknown key 'parallel' in [fleet] (" + Path("bad.toml") + ":2)", bad.error().message);
  Write("other.toml", "[fleet]\ntargets = [\"a\"]\n[flyway]\nurl = \"x\"\n");
  auto other = config::LoadFleetFile(Path("other.toml"), {});
  ASSERT_FALSE(other);
  EXPECT_EQ("unknown key 'flyway' in " + Path("other.toml"), other.error().message);
  EXPECT_EQ(ErrorCode::kConfig, other.error().code);
}

TEST_F(FleetConfigTest, EmptyFleetIsRefused) {
  config::Settings s;
  auto targets = ResolveFleet(s);
  ASSERT_FALSE(targets);
  EXPECT_EQ("--fleet needs targets, and none are named", targets.error().message);
  EXPECT_EQ(ErrorCode::kConfig, targets.error().code);
}

TEST_F(FleetConfigTest, SchemaWithoutUrlAndDuplicatesAreRefused) {
  config::Settings s;
  s.fleet.origin = "t.toml";
  s.fleet.targets = {"tenant_a"};
  auto no_url = ResolveFleet(s);
  ASSERT_FALSE(no_url);
  EXPECT_EQ("t.toml: targets[0]: 'tenant_a' is a schema, but no database url is configured", no_url.error().message);
  s.url = "postgresql://db/app";
  s.fleet.targets = {"tenant_a", "tenant_b", "tenant_a"};
  auto twice = ResolveFleet(s);
  ASSERT_FALSE(twice);
  EXPECT_EQ("the fleet names tenant_a twice (t.toml)", twice.error().message);
}

TEST_F(FleetConfigTest, SqliteGlobIsSortedAndMustMatch) {
  for (const char* f : {"b.db", "a.db", "c.txt"}) Write(f, "");
  config::Settings s;
  s.fleet.origin = "shiftway.toml";
  s.fleet.sqlite = Path("*.db");
  auto targets = ResolveFleet(s);
  ASSERT_TRUE(targets) << targets.error().message;
  EXPECT_EQ((std::vector<std::string>{Path("a.db"), Path("b.db")}), Names(*targets));
  EXPECT_EQ("sqlite:" + Path("a.db"), (*targets)[0].url);
  EXPECT_EQ("a", (*targets)[0].tenant);
  s.fleet.sqlite = Path("*.sqlite");
  auto none = ResolveFleet(s);
  ASSERT_FALSE(none);
  EXPECT_EQ("the fleet's sqlite glob '" + Path("*.sqlite") + "' matches no file (shiftway.toml)", none.error().message);
}

TEST_F(FleetConfigTest, QueryOnAControlDatabase) {
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(Path("control.db").c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db,
                                    "CREATE TABLE tenants (name text, active int);"
                                    "INSERT INTO tenants VALUES ('t2', 1), ('t1', 1), ('gone', 0);",
                                    nullptr, nullptr, nullptr));
  sqlite3_close(db);
  config::Settings s;
  s.url = "postgresql://db/app";
  s.fleet.origin = "shiftway.toml";
  s.fleet.query_url = "sqlite:" + Path("control.db");
  s.fleet.query = "SELECT name FROM tenants WHERE active ORDER BY name";
  auto targets = ResolveFleet(s);
  ASSERT_TRUE(targets) << targets.error().message;
  EXPECT_EQ((std::vector<std::string>{"t1", "t2"}), Names(*targets));
  EXPECT_EQ("postgresql://db/app", (*targets)[0].url);

  s.fleet.query = "SELECT name FROM tenant";
  auto failing = ResolveFleet(s);
  ASSERT_FALSE(failing);
  EXPECT_EQ(ErrorCode::kConfig, failing.error().code);
  EXPECT_EQ("the fleet query failed on sqlite:" + Path("control.db") + ": no such table: tenant",
            failing.error().message.substr(0, failing.error().message.find(" (")));

  s.fleet.query = "SELECT name FROM tenants WHERE 0";
  auto empty = ResolveFleet(s);
  ASSERT_FALSE(empty);
  EXPECT_EQ("the fleet query returned no rows on sqlite:" + Path("control.db"), empty.error().message);
}

TEST(FleetShardTest, ParsesIndexOverCount) {
  auto s = ParseShard("2/5", "");
  ASSERT_TRUE(s);
  EXPECT_EQ(2, s->index);
  EXPECT_EQ(5, s->count);
  auto a = ParseShard("auto/4", "3");
  ASSERT_TRUE(a);
  EXPECT_EQ(3, a->index);
  EXPECT_EQ("--shard 5/5: the index 5 is not below the count 5 (indexes start at 0)", ParseShard("5/5", "").error().message);
  EXPECT_EQ("--shard 1: expected I/N", ParseShard("1", "").error().message);
  EXPECT_EQ("--shard 1/0: N must be a whole number of at least 1", ParseShard("1/0", "").error().message);
  EXPECT_EQ("--shard auto/3: auto takes the index from JOB_COMPLETION_INDEX, which is not set",
            ParseShard("auto/3", "").error().message);
  EXPECT_EQ(ErrorCode::kUsage, ParseShard("x/3", "").error().code);
}

TEST(FleetShardTest, HashIsFnv1a64OfTheName) {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector).
  EXPECT_EQ(static_cast<int>(0xaf63dc4c8601ec8cull % 1000003), FleetShardOf("a", 1000003));
  EXPECT_EQ(5, FleetShardOf("a", 7));
}

TEST(FleetShardTest, ShardsCoverEveryTargetExactlyOnce) {
  std::vector<FleetTarget> targets;
  for (int i = 0; i < 1000; ++i) targets.push_back({"tenant_" + std::to_string(i), "", "", ""});
  for (int n = 1; n <= 64; ++n) {
    std::map<std::string, int> seen;
    size_t largest = 0;
    for (int i = 0; i < n; ++i) {
      auto part = SelectShard(targets, Shard{i, n});
      largest = std::max(largest, part.size());
      for (const auto& t : part) ++seen[t.name];
    }
    ASSERT_EQ(targets.size(), seen.size()) << "N=" << n;
    for (const auto& [name, times] : seen) ASSERT_EQ(1, times) << name << " N=" << n;
    // Spread: no shard holds more than twice its share (plus slack for small shares).
    EXPECT_LE(largest, 2 * targets.size() / static_cast<size_t>(n) + 10) << "N=" << n;
  }
}

// The pool, with a fake run per target.
struct Recorder {
  std::mutex mu;
  std::vector<size_t> order;
  std::atomic<int> active{0}, peak{0};
  FleetStatus Run(size_t i, const std::set<size_t>& failing, int sleep_ms = 0) {
    const int now = ++active;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    --active;
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(i);
    return failing.count(i) ? FleetStatus::kFailed : FleetStatus::kSucceeded;
  }
};

TEST(FleetPoolTest, OnErrorStopStartsNothingAfterAFailure) {
  Recorder r;
  FleetOptions o;
  auto report = RunFleet(10, o, [&](size_t i) { return r.Run(i, {3}); }, [](size_t, FleetStatus) {});
  EXPECT_EQ((std::vector<size_t>{0, 1, 2, 3}), r.order);
  EXPECT_EQ(FleetStatus::kFailed, report.status[3]);
  EXPECT_EQ(FleetStatus::kSkipped, report.status[4]);
  EXPECT_EQ("a target failed (--on-error stop)", report.stopped);
}

TEST(FleetPoolTest, OnErrorContinueRunsEveryTarget) {
  Recorder r;
  FleetOptions o;
  o.stop_on_error = false;
  int finished = 0;
  auto report = RunFleet(10, o, [&](size_t i) { return r.Run(i, {3, 7}); }, [&](size_t, FleetStatus) { ++finished; });
  EXPECT_EQ(10u, r.order.size());
  EXPECT_EQ(10, finished);
  EXPECT_EQ(FleetStatus::kFailed, report.status[7]);
  EXPECT_EQ(FleetStatus::kSucceeded, report.status[9]);
  EXPECT_EQ("", report.stopped);
}

TEST(FleetPoolTest, FailingCanaryStopsTheFleetEvenWithContinue) {
  Recorder r;
  FleetOptions o;
  o.canary = 3;
  o.parallel = 8;
  o.stop_on_error = false;
  auto report = RunFleet(20, o, [&](size_t i) { return r.Run(i, {1}); }, [](size_t, FleetStatus) {});
  EXPECT_EQ(3u, r.order.size());
  EXPECT_EQ((std::set<size_t>{0, 1, 2}), std::set<size_t>(r.order.begin(), r.order.end()));
  EXPECT_EQ("the canary failed", report.stopped);
  EXPECT_EQ(FleetStatus::kSkipped, report.status[3]);
}

TEST(FleetPoolTest, ParallelIsTheBoundOfTargetsAtOnce) {
  Recorder r;
  FleetOptions o;
  o.parallel = 4;
  RunFleet(16, o, [&](size_t i) { return r.Run(i, {}, 30); }, [](size_t, FleetStatus) {});
  EXPECT_EQ(16u, r.order.size());
  EXPECT_EQ(4, r.peak.load());
}

TEST(FleetPoolTest, InterruptStartsNothingNew) {
  Recorder r;
  std::atomic<bool> stop{false};
  FleetOptions o;
  o.parallel = 2;
  o.interrupted = &stop;
  auto report = RunFleet(10, o,
                         [&](size_t i) {
                           if (i == 1) stop = true;
                           return r.Run(i, {}, 20);
                         },
                         [](size_t, FleetStatus) {});
  EXPECT_EQ(2u, r.order.size());
  EXPECT_EQ("interrupted", report.stopped);
  EXPECT_EQ(FleetStatus::kSucceeded, report.status[0]);
  EXPECT_EQ(FleetStatus::kSucceeded, report.status[1]);
  EXPECT_EQ(FleetStatus::kSkipped, report.status[2]);
}

}  // namespace
}  // namespace shiftway::run
