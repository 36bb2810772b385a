// Configuration: files, environment, flags, precedence and the errors a user sees.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/config/settings.h"

namespace shiftway::config {
namespace {
namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway-config-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    src_.working_directory = dir_.string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Result<Settings> Load() { return config::Load(src_, warnings_); }

  fs::path dir_;
  Sources src_;
  std::vector<std::string> warnings_;
};

TEST_F(ConfigTest, NothingConfiguredMeansTheEmbeddedFile) {
  auto s = Load();
  ASSERT_TRUE(s);
  EXPECT_EQ("sqlite:shiftway.db", s->url);
  EXPECT_TRUE(s->embedded_default);
  EXPECT_EQ(std::vector<std::string>{"filesystem:sql"}, s->locations);
}

TEST_F(ConfigTest, CiOrKubernetesWithoutUrlIsAnError) {
  src_.env["CI"] = "true";
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("no database URL: CI is set, so shiftway will not fall back to a local SQLite file", s.error().message);
  src_.env.clear();
  src_.env["KUBERNETES_SERVICE_HOST"] = "10.0.0.1";
  EXPECT_FALSE(Load());
}

TEST_F(ConfigTest, FlywayTomlIsReadAsIs) {
  Write("flyway.toml",
        "id = \"abc\"\ndatabaseType = \"PostgreSql\"\n[flywayDesktop]\ndevelopment = \"x\"\n"
        "[environments.default]\nurl = \"jdbc:postgresql://db:5432/app\"\nuser = \"${env.DB_USER}\"\n"
        "schemas = [\"app\", \"audit\"]\n"
        "[flyway]\nlocations = [\"filesystem:migrations\"]\nbaselineOnMigrate = true\n"
        "[flyway.placeholders]\nowner = \"app_owner\"\n");
  src_.env["DB_USER"] = "deploy";
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("jdbc:postgresql://db:5432/app", s->url);
  EXPECT_EQ("deploy", s->user);
  EXPECT_EQ((std::vector<std::string>{"app", "audit"}), s->schemas);
  EXPECT_EQ(std::vector<std::string>{"filesystem:migrations"}, s->locations);
  EXPECT_TRUE(s->baseline_on_migrate);
  EXPECT_EQ("app_owner", s->placeholders.values.at("owner"));
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
}

TEST_F(ConfigTest, PrecedenceIsFlagsThenEnvironmentThenFile) {
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:file.db\"\n[flyway]\ntable = \"from_file\"\n");
  src_.env["FLYWAY_URL"] = "sqlite:flyway-env.db";
  src_.env["SHIFTWAY_TABLE"] = "from_env";
  auto s = Load();
  ASSERT_TRUE(s);
  EXPECT_EQ("sqlite:flyway-env.db", s->url);
  EXPECT_EQ("from_env", s->table);
  src_.env["SHIFTWAY_URL"] = "sqlite:shiftway-env.db";
  EXPECT_EQ("sqlite:shiftway-env.db", Load()->url);
  src_.flags["url"] = "sqlite:flag.db";
  EXPECT_EQ("sqlite:flag.db", Load()->url);
}

TEST_F(ConfigTest, LegacyFlywayConf) {
  Write("flyway.conf",
        "# comment\nflyway.url=sqlite:legacy.db\nflyway.locations=filesystem:a,filesystem:b\n"
        "flyway.placeholders.Owner=x\nflyway.cleanDisabled=false\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("sqlite:legacy.db", s->url);
  EXPECT_EQ((std::vector<std::string>{"filesystem:a", "filesystem:b"}), s->locations);
  EXPECT_EQ("x", s->placeholders.values.at("owner"));
  EXPECT_FALSE(s->clean_disabled);
}

TEST_F(ConfigTest, BrokenTomlPointsAtLineAndColumn) {
  Write("shiftway.toml", "[flyway]\nlocations = [\"a\"\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ(ErrorCode::kConfig, s.error().code);
  ASSERT_TRUE(s.error().pos);
  EXPECT_EQ((dir_ / "shiftway.toml").string(), s.error().pos->file);
  EXPECT_EQ(2, s.error().pos->line);  // the unclosed array
}

TEST_F(ConfigTest, UnknownKeyInOwnSectionIsAnErrorNamingKeyAndFile) {
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[lint]\nsinse = \"3\"\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("unknown key 'sinse' in [lint] (" + (dir_ / "shiftway.toml").string() + ":4)", s.error().message);
}

TEST_F(ConfigTest, ServerVersionWithoutDotsIsRefused) {
  Write("shiftway.toml", "[lint]\nserver_version = \"80036\"\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_NE(std::string::npos,
            s.error().message.find("'80036' is not a server version; write it with dots, as 8.0.36 or 10.6"))
      << s.error().message;
  EXPECT_NE(std::string::npos, s.error().message.find("shiftway.toml:2")) << s.error().message;
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[lint]\nserver_version = \"15\"\n");
  auto pg = Load();
  ASSERT_TRUE(pg) << pg.error().message;
  EXPECT_EQ("15", pg->lint.server_version);
}

// Unset, the replay cache follows the XDG base directory specification.
TEST_F(ConfigTest, ReplayCacheDirectory) {
  src_.env = {{"HOME", "/home/ada"}};
  EXPECT_EQ("/home/ada/.cache/shiftway", Load()->lint.cache_dir.value_or(""));
  src_.env["XDG_CACHE_HOME"] = "/var/cache/ci";
  EXPECT_EQ("/var/cache/ci/shiftway", Load()->lint.cache_dir.value_or(""));
  src_.env = {};
  EXPECT_EQ("off", Load()->lint.cache_dir.value_or(""));
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[lint]\ncache_dir = \".lint-cache\"\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(".lint-cache", s->lint.cache_dir.value_or(""));
}

TEST_F(ConfigTest, UnsupportedFlywayKeyIsAnErrorNamingItsSource) {
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[flyway]\nskipExecutingMigrations = true\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ(ErrorCode::kConfig, s.error().code);
  EXPECT_EQ("Flyway setting 'skipExecutingMigrations' (" + (dir_ / "shiftway.toml").string() +
                ":4) is not supported: recording migrations without running them is not implemented",
            s.error().message);
}

TEST_F(ConfigTest, PresentationOnlyFlywayKeyIsAWarning) {
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[flyway]\noutputProgress = true\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(1u, warnings_.size());
  EXPECT_EQ("Flyway setting 'outputProgress' (" + (dir_ / "shiftway.toml").string() + ":4) is ignored: progress output",
            warnings_[0]);
}

TEST_F(ConfigTest, MissingEnvironmentVariableNamesIt) {
  Write("shiftway.toml", "[environments.default]\nurl = \"${env.DATABASE_URL}\"\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_NE(std::string::npos, s.error().message.find("environment variable DATABASE_URL is not set"));
}

TEST_F(ConfigTest, PlaceholdersFromEnvironmentAndFlags) {
  src_.env["FLYWAY_PLACEHOLDERS_OWNER"] = "env";
  src_.env["FLYWAY_URL"] = "sqlite:x.db";
  src_.placeholder_flags = {"region=eu"};
  auto s = Load();
  ASSERT_TRUE(s);
  EXPECT_EQ("env", s->placeholders.values.at("owner"));
  EXPECT_EQ("eu", s->placeholders.values.at("region"));
}

TEST_F(ConfigTest, BadBooleanNamesKeyAndOrigin) {
  src_.flags["outOfOrder"] = "yes";
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("invalid value for 'outOfOrder' (--outOfOrder): expected true or false, got 'yes'", s.error().message);
}

TEST_F(ConfigTest, UndefinedEnvironmentIsAnError) {
  Write("shiftway.toml", "[environments.prod]\nurl = \"sqlite:p.db\"\n");
  src_.environment_name = "staging";
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("environment 'staging' is not defined in " + (dir_ / "shiftway.toml").string(), s.error().message);
  EXPECT_EQ("defined environments: prod", s.error().hint);
}

// --- Configuration sources as Flyway 10 reads them -------------------------------------------

TEST_F(ConfigTest, ConfExpandsVariablesAndDecodesEscapes) {
  Write("flyway.conf",
        "flyway.url=jdbc\\:sqlite\\:${DB_DIR}/p.db\nflyway.placeholders.re=^\\d+$\nflyway.table=${TABLE}hist\n");
  src_.env["DB_DIR"] = "data";
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("jdbc:sqlite:data/p.db", s->url);
  EXPECT_EQ("^\\d+$", s->placeholders.values.at("re"));  // other backslashes stay, as in Flyway
  EXPECT_EQ("hist", s->table);                            // unset is empty, as in Flyway...
  ASSERT_EQ(1u, warnings_.size());                        // ...and named in a warning
  EXPECT_EQ((dir_ / "flyway.conf").string() +
                ":3: environment variable TABLE is not set; ${TABLE} is replaced by an empty string, as Flyway does",
            warnings_[0]);
}

TEST_F(ConfigTest, TomlFilesMergeInFlywaysOrder) {
  fs::create_directories(dir_ / "home");
  std::ofstream(dir_ / "home" / "flyway.toml") << "[environments.default]\nurl = \"sqlite:home.db\"\n[flyway]\ntable = \"home\"\n";
  std::ofstream(dir_ / "home" / "flyway.user.toml") << "[flyway]\ntable = \"home_user\"\nbaselineVersion = \"7\"\n";
  Write("flyway.toml", "[flyway]\ntable = \"project\"\nlocations = [\"filesystem:a\"]\n");
  Write("flyway.user.toml", "[flyway]\nlocations = [\"filesystem:mine\"]\n");
  src_.env["HOME"] = (dir_ / "home").string();
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("sqlite:home.db", s->url);
  EXPECT_EQ("7", s->baseline_version);
  EXPECT_EQ("project", s->table);
  EXPECT_EQ(std::vector<std::string>{"filesystem:mine"}, s->locations);
  EXPECT_EQ(4u, s->config_files.size());
}

TEST_F(ConfigTest, ConfigFilesFromEnvironmentAndFlagsMergeAfterTheDefaults) {
  Write("flyway.conf", "flyway.url=sqlite:default.db\nflyway.table=t_default\nflyway.baselineVersion=1\n");
  Write("a.conf", "flyway.table=t_a\nflyway.baselineVersion=2\n");
  Write("b.conf", "flyway.table=t_b\n");
  src_.env["FLYWAY_CONFIG_FILES"] = "a.conf";
  src_.config_path = "b.conf";
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("sqlite:default.db", s->url);
  EXPECT_EQ("2", s->baseline_version);
  EXPECT_EQ("t_b", s->table);
  src_.config_path = "missing.conf";
  auto missing = Load();
  ASSERT_FALSE(missing);
  EXPECT_EQ("config file missing.conf does not exist (--config or -configFiles)", missing.error().message);
}

TEST_F(ConfigTest, EmbeddedFallbackOnlyWhenNothingIsConfigured) {
  src_.env["FLYWAY_VERSION"] = "10.0";  // not a setting, but someone set up Flyway here
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("no database URL: environment variable FLYWAY_VERSION is configured, but no url is set, so shiftway "
            "will not fall back to a local SQLite file",
            s.error().message);
  src_.env.clear();
  Write("flyway.toml", "[flyway]\nlocations = [\"filesystem:db\"]\n");
  EXPECT_FALSE(Load());
  fs::remove(dir_ / "flyway.toml");
  EXPECT_TRUE(Load()->embedded_default);
}

TEST_F(ConfigTest, EnvironmentFlywayTableOverridesAndEnvironmentFlags) {
  Write("flyway.toml",
        "[flyway]\ntable = \"root\"\nlocations = [\"filesystem:a\"]\n[flyway.placeholders]\nregion = \"root\"\n"
        "[environments.prod]\nurl = \"sqlite:prod.db\"\n[environments.prod.flyway]\ntable = \"prod_history\"\n"
        "[environments.prod.flyway.placeholders]\nregion = \"eu\"\n");
  src_.environment_name = "prod";
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("prod_history", s->table);
  EXPECT_EQ(std::vector<std::string>{"filesystem:a"}, s->locations);
  EXPECT_EQ("eu", s->placeholders.values.at("region"));
  src_.flags["environments.prod.url"] = "sqlite:other.db";
  src_.flags["environments.test.url"] = "sqlite:test.db";  // another environment: not used
  EXPECT_EQ("sqlite:other.db", Load()->url);
}

// Every file-name setting, from a file, an environment variable and a flag.
TEST_F(ConfigTest, FileNameSettingsFromEverySource) {
  struct Case {
    const char* key;
    const char* env;
    std::function<std::string(const Settings&)> get;
  };
  const std::vector<Case> cases = {
      {"sqlMigrationPrefix", "FLYWAY_SQL_MIGRATION_PREFIX", [](const Settings& s) { return s.naming.versioned; }},
      {"undoSqlMigrationPrefix", "FLYWAY_UNDO_SQL_MIGRATION_PREFIX", [](const Settings& s) { return s.naming.undo; }},
      {"baselineMigrationPrefix", "FLYWAY_BASELINE_MIGRATION_PREFIX", [](const Settings& s) { return s.naming.baseline; }},
      {"repeatableSqlMigrationPrefix", "FLYWAY_REPEATABLE_SQL_MIGRATION_PREFIX",
       [](const Settings& s) { return s.naming.repeatable; }},
      {"sqlMigrationSeparator", "FLYWAY_SQL_MIGRATION_SEPARATOR", [](const Settings& s) { return s.naming.separator; }},
      {"sqlMigrationSuffixes", "FLYWAY_SQL_MIGRATION_SUFFIXES",
       [](const Settings& s) { return s.naming.suffixes.front() + "," + s.naming.suffixes.back(); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    const std::string want = std::string(c.key) == "sqlMigrationSuffixes" ? ".ddl,.sql" : "X-";
    Write("flyway.conf", "flyway.url=sqlite:x.db\nflyway." + std::string(c.key) + "=" + want + "\n");
    auto from_file = Load();
    ASSERT_TRUE(from_file) << from_file.error().message;
    EXPECT_EQ(want, c.get(*from_file));
    fs::remove(dir_ / "flyway.conf");
    src_.env = {{"FLYWAY_URL", "sqlite:x.db"}, {c.env, want}};
    auto from_env = Load();
    ASSERT_TRUE(from_env) << from_env.error().message;
    EXPECT_EQ(want, c.get(*from_env));
    src_.env = {};
    src_.flags = {{c.key, want}};
    auto from_flag = Load();
    ASSERT_TRUE(from_flag) << from_flag.error().message;
    EXPECT_EQ(want, c.get(*from_flag));
    src_.flags = {};
  }
}

// A project written by Flyway Desktop loads: other commands' and databases' settings only warn.
TEST_F(ConfigTest, FlywayDesktopProjectLoads) {
  Write("flyway.toml",
        "databaseType = \"SQLite\"\n[environments.development]\nurl = \"jdbc:sqlite:dev.db\"\n"
        "[flyway]\nenvironment = \"development\"\nmixed = true\n[flyway.check]\nmajorTolerance = 0\n"
        "[flyway.sqlserver]\nkerberos.login.file = \"x\"\n[flywayDesktop]\ndevelopmentEnvironment = \"development\"\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("jdbc:sqlite:dev.db", s->url);
  EXPECT_TRUE(s->mixed);
  ASSERT_EQ(2u, warnings_.size());
  EXPECT_EQ("Flyway setting 'check.majorTolerance' (" + (dir_ / "flyway.toml").string() +
                ":8) is ignored: it belongs to Flyway's check command",
            warnings_[0]);
  // A namespace that could change what runs here is not waved through.
  Write("flyway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[flyway.postgresql]\ntransactional.lockk = false\n");
  auto typo = Load();
  ASSERT_FALSE(typo);
  EXPECT_EQ("did you mean 'postgresql.transactional.lock'?", typo.error().hint);
}

TEST_F(ConfigTest, MigrateLockKeysAreReadAndChecked) {
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[migrate]\nlock_retries = 3\n"
                         "lock_retry_backoff = \"250ms\"\nlock_lease = \"2min\"\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(3, s->migrate.lock_retries);
  EXPECT_EQ(250, s->migrate.lock_retry_backoff_ms);
  EXPECT_EQ(120000, s->migrate.lock_lease_ms);
  // Defaults: no retries, a 1 s backoff, a 60 s lease.
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n");
  s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(0, s->migrate.lock_retries);
  EXPECT_EQ(1000, s->migrate.lock_retry_backoff_ms);
  EXPECT_EQ(60000, s->migrate.lock_lease_ms);
  Write("shiftway.toml", "[environments.default]\nurl = \"sqlite:x.db\"\n[migrate]\nlock_lease = \"500ms\"\n");
  s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("invalid value for 'migrate.lock_lease' (" + (dir_ / "shiftway.toml").string() +
                ":4): must be at least 1s, got '500ms'",
            s.error().message);
}

TEST_F(ConfigTest, FleetSectionKeepsEachTargetWhole) {
  Write("shiftway.toml",
        "[environments.default]\nurl = \"postgresql://db/app\"\n"
        "[fleet]\ntargets = [\"tenant_a\", \"mysql://root:pw@db2/shop?x=1,2\"]\nquery = \"SELECT 1\"\n");
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((std::vector<std::string>{"tenant_a", "mysql://root:pw@db2/shop?x=1,2"}), s->fleet.targets);
  EXPECT_EQ("SELECT 1", s->fleet.query);
  EXPECT_EQ((dir_ / "shiftway.toml").string(), s->fleet.origin);
}

TEST_F(ConfigTest, FleetSectionInAFileGivenWithConfig) {
  Write("tenants.toml", "[fleet]\nsqlite = \"dbs/*.db\"\n");
  src_.config_path = (dir_ / "tenants.toml").string();
  src_.url_optional = true;  // as --fleet loads it: the targets bring their own URLs
  auto s = Load();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ("dbs/*.db", s->fleet.sqlite);
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(ConfigTest, UnknownFleetKeyNamesTheKeyAndTheFile) {
  Write("shiftway.toml", "[fleet]\ntarget = [\"a\"]\n");
  auto s = Load();
  ASSERT_FALSE(s);
  EXPECT_EQ("unknown key 'target' in [fleet] (" + (dir_ / "shiftway.toml").string() + ":2)", s.error().message);
  EXPECT_EQ("the keys of [fleet] are: targets, query, query_url, sqlite", s.error().hint);
}

}  // namespace
}  // namespace shiftway::config

