// Configuration: files, environment, flags, precedence and the errors a user sees.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace shiftway::config
