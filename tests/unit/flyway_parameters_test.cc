// The rule, row by row: every Flyway parameter in docs/flyway.md is implemented (its value reaches
// the settings), refused (exit 2 naming the key and its source) or ignored (a warning).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include "core/config/flyway_parameters.h"
#include "core/config/settings.h"

namespace shiftway::config {
namespace {
namespace fs = std::filesystem;

// sqlMigrationSuffixes -> FLYWAY_SQL_MIGRATION_SUFFIXES
std::string EnvName(std::string_view key) {
  std::string out = "FLYWAY_";
  for (char c : key) {
    if (std::isupper(static_cast<unsigned char>(c))) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

class FlywayParameterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway-params-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Sources Base() const {
    Sources src;
    src.working_directory = dir_.string();
    src.flags["url"] = "sqlite:x.db";
    return src;
  }
  fs::path dir_;
};

// A value for each implemented parameter, and where it must arrive.
struct Sample {
  std::string value;
  std::function<std::string(const Settings&)> get;
  std::string want;  ///< what `get` returns; "" means `value`
};

const std::map<std::string, Sample>& Samples() {
  static const std::map<std::string, Sample> samples = {
      {"url", {"sqlite:other.db", [](const Settings& s) { return s.url; }}},
      {"user", {"deploy", [](const Settings& s) { return s.user; }}},
      {"password", {"s3cret", [](const Settings& s) { return s.password; }}},
      {"schemas", {"app,audit", [](const Settings& s) { return s.schemas[0] + "," + s.schemas[1]; }}},
      {"connectRetries", {"3", [](const Settings& s) { return std::to_string(s.connect_retries); }}},
      {"connectRetriesInterval", {"7", [](const Settings& s) { return std::to_string(s.connect_retries_interval); }}},
      {"environment", {"other", [](const Settings& s) { return s.url; }, "sqlite:env.db"}},
      {"locations", {"filesystem:db", [](const Settings& s) { return s.locations.front(); }}},
      {"encoding", {"ISO-8859-1", [](const Settings& s) { return s.encoding; }}},
      {"sqlMigrationPrefix", {"M", [](const Settings& s) { return s.naming.versioned; }}},
      {"undoSqlMigrationPrefix", {"D", [](const Settings& s) { return s.naming.undo; }}},
      {"baselineMigrationPrefix", {"S", [](const Settings& s) { return s.naming.baseline; }}},
      {"repeatableSqlMigrationPrefix", {"RR", [](const Settings& s) { return s.naming.repeatable; }}},
      {"sqlMigrationSeparator", {"-", [](const Settings& s) { return s.naming.separator; }}},
      {"sqlMigrationSuffixes", {".ddl", [](const Settings& s) { return s.naming.suffixes.front(); }}},
      {"validateMigrationNaming", {"true", [](const Settings& s) { return s.validate_migration_naming ? "true" : "false"; }}},
      {"failOnMissingLocations", {"true", [](const Settings& s) { return s.fail_on_missing_locations ? "true" : "false"; }}},
      {"placeholderReplacement", {"false", [](const Settings& s) { return s.placeholders.enabled ? "true" : "false"; }}},
      {"placeholderPrefix", {"#[", [](const Settings& s) { return s.placeholders.prefix; }}},
      {"placeholderSuffix", {"]", [](const Settings& s) { return s.placeholders.suffix; }}},
      {"placeholders", {"v", [](const Settings& s) { return s.placeholders.values.at("owner"); }}},
      {"table", {"history", [](const Settings& s) { return s.table; }}},
      {"defaultSchema", {"audit", [](const Settings& s) { return s.schemas.front(); }}},
      {"createSchemas", {"false", [](const Settings& s) { return s.create_schemas ? "true" : "false"; }}},
      {"target", {"3", [](const Settings& s) { return s.target; }}},
      {"outOfOrder", {"true", [](const Settings& s) { return s.out_of_order ? "true" : "false"; }}},
      {"ignoreMigrationPatterns", {"*:missing", [](const Settings& s) { return s.ignore_migration_patterns.front(); }}},
      {"validateOnMigrate", {"false", [](const Settings& s) { return s.validate_on_migrate ? "true" : "false"; }}},
      {"cleanDisabled", {"false", [](const Settings& s) { return s.clean_disabled ? "true" : "false"; }}},
      {"baselineVersion", {"5", [](const Settings& s) { return s.baseline_version; }}},
      {"baselineDescription", {"start", [](const Settings& s) { return s.baseline_description; }}},
      {"baselineOnMigrate", {"true", [](const Settings& s) { return s.baseline_on_migrate ? "true" : "false"; }}},
      {"installedBy", {"ci", [](const Settings& s) { return s.installed_by; }}},
      {"executeInTransaction", {"false", [](const Settings& s) { return s.execute_in_transaction ? "true" : "false"; }}},
      {"mixed", {"true", [](const Settings& s) { return s.mixed ? "true" : "false"; }}},
      {"lockRetryCount", {"9", [](const Settings& s) { return std::to_string(s.lock_retry_count); }}},
      {"configFiles", {"extra.conf", [](const Settings& s) { return s.table; }, "from_extra"}},
  };
  return samples;
}

// Sets `key` to `value` from a flag (or, with `env`, from its FLYWAY_* variable).
Sources With(Sources src, const std::string& key, const std::string& value, bool env) {
  std::string k = key == "placeholders" ? "placeholders.owner" : key;
  if (env) {
    src.env[key == "placeholders" ? "FLYWAY_PLACEHOLDERS_OWNER" : EnvName(key)] = value;
  } else if (key == "configFiles") {
    src.config_path = value;
  } else {
    src.flags[k] = value;
  }
  return src;
}

TEST_F(FlywayParameterTest, EverySupportedParameterReachesTheSettingsFromFlagsAndEnvironment) {
  std::ofstream(dir_ / "extra.conf") << "flyway.table=from_extra\n";
  std::ofstream(dir_ / "flyway.toml") << "[environments.default]\nurl = \"sqlite:x.db\"\n"
                                      << "[environments.other]\nurl = \"sqlite:env.db\"\n";
  for (const auto& p : FlywayParameters()) {
    if (p.support != Support::kSupported) continue;
    SCOPED_TRACE(std::string(p.name));
    auto it = Samples().find(std::string(p.name));
    ASSERT_NE(it, Samples().end()) << "a supported parameter needs a sample in this test";
    const Sample& sample = it->second;
    for (bool env : {false, true}) {
      SCOPED_TRACE(env ? "environment variable" : "flag");
      Sources src = Base();
      if (p.name == "url" || p.name == "environment") src.flags.erase("url");
      src = With(src, std::string(p.name), sample.value, env);
      std::vector<std::string> warnings;
      auto s = Load(src, warnings);
      ASSERT_TRUE(s) << s.error().message;
      EXPECT_EQ(sample.want.empty() ? sample.value : sample.want, sample.get(*s));
      EXPECT_TRUE(warnings.empty()) << warnings.front();
    }
  }
}

// A value shiftway would not honour: the opposite of Flyway's default, or any text.
std::string RefusedValue(const FlywayParameter& p) {
  if (!p.accepted.empty() && p.accepted.front() == "false") return "true";
  if (!p.accepted.empty() && p.accepted.front() == "true") return "false";
  return "something";
}

TEST_F(FlywayParameterTest, EveryRefusedParameterStopsWithItsNameAndSource) {
  for (const auto& p : FlywayParameters()) {
    if (p.support != Support::kRefused) continue;
    const std::string key(p.name);
    SCOPED_TRACE(key);
    std::vector<std::string> warnings;
    auto flag = Load(With(Base(), key, RefusedValue(p), false), warnings);
    ASSERT_FALSE(flag);
    EXPECT_EQ(ErrorCode::kConfig, flag.error().code);
    EXPECT_EQ("Flyway setting '" + key + "' (--" + key + ") is not supported: " + std::string(p.note),
              flag.error().message);
    if (key.find('.') == std::string::npos && key != "jdbcProperties") {
      auto env = Load(With(Base(), key, RefusedValue(p), true), warnings);
      ASSERT_FALSE(env);
      EXPECT_NE(std::string::npos, env.error().message.find("(environment variable " + EnvName(key) + ")"))
          << env.error().message;
    }
    if (!p.accepted.empty()) {
      // Flyway's default is what shiftway does anyway, so it is accepted.
      auto ok = Load(With(Base(), key, std::string(p.accepted.front()), false), warnings);
      EXPECT_TRUE(ok) << ok.error().message;
    }
  }
}

TEST_F(FlywayParameterTest, TablesFlywayReadsAsOneSettingAreRefusedFromTomlAndEnvironment) {
  std::ofstream(dir_ / "flyway.toml") << "[environments.default]\nurl = \"sqlite:x.db\"\n"
                                      << "[environments.default.jdbcProperties]\nssl = \"true\"\n";
  std::vector<std::string> warnings;
  Sources src = Base();
  src.flags.clear();
  auto s = Load(src, warnings);
  ASSERT_FALSE(s);
  EXPECT_EQ("Flyway setting 'jdbcProperties' (" + (dir_ / "flyway.toml").string() +
                ":3) is not supported: " + std::string(FindFlywayParameter("jdbcProperties")->note),
            s.error().message);
  fs::remove(dir_ / "flyway.toml");
  src = Base();
  src.env["FLYWAY_JDBC_PROPERTIES_ssl"] = "true";
  EXPECT_FALSE(Load(src, warnings));
}

TEST_F(FlywayParameterTest, EveryIgnoredParameterIsAWarningNamingIt) {
  for (const auto& p : FlywayParameters()) {
    if (p.support != Support::kIgnored) continue;
    const std::string key(p.name);
    SCOPED_TRACE(key);
    std::vector<std::string> warnings;
    auto s = Load(With(Base(), key, "x", false), warnings);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_EQ(1u, warnings.size());
    EXPECT_EQ("Flyway setting '" + key + "' (--" + key + ") is ignored: " + std::string(p.note), warnings[0]);
  }
}

// docs/flyway.md lists exactly the table's parameters, each with the table's verdict.
TEST(FlywayParameterDocTest, DocsListEveryParameterWithItsVerdict) {
  std::ifstream in(fs::path(SHIFTWAY_SOURCE_DIR) / "docs" / "flyway.md");
  ASSERT_TRUE(in) << "docs/flyway.md is missing";
  std::map<std::string, std::string> rows;
  static const std::regex row(R"(^\| `([A-Za-z.]+)` \| (supported|refused|ignored) \|.*)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) rows[m[1]] = m[2];
  }
  for (const auto& p : FlywayParameters()) {
    SCOPED_TRACE(std::string(p.name));
    auto it = rows.find(std::string(p.name));
    ASSERT_NE(it, rows.end()) << "no row in docs/flyway.md";
    const char* want = p.support == Support::kSupported ? "supported" : p.support == Support::kRefused ? "refused" : "ignored";
    EXPECT_EQ(want, it->second);
    rows.erase(it);
  }
  for (const auto& [name, _] : rows) ADD_FAILURE() << "docs/flyway.md lists '" << name << "', which the table lacks";
}

}  // namespace
}  // namespace shiftway::config
