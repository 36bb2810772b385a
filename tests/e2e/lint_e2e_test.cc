// End-to-end tests of `shiftway lint` and `shiftway explain`: the real binary, its output and exit code.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {
namespace fs = std::filesystem;

// The person.last_name -> surname story (migrations-examples/breaking and expand-contract).
constexpr const char* kV1 =
    "-- Release 1: the application (app v1) reads and writes person.last_name.\n"
    "CREATE TABLE person (\n"
    "  id integer PRIMARY KEY,\n"
    "  first_name varchar(100),\n"
    "  last_name varchar(100)\n"
    ");\n"
    "\n"
    "INSERT INTO person (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace');\n"
    "INSERT INTO person (id, first_name, last_name) VALUES (2, 'Grace', 'Hopper');\n";
constexpr const char* kV2Rename =
    "-- Release 2: app v2 uses person.surname. This migration breaks app v1, which is still running\n"
    "-- during the rollout and is what a rollback returns to. See README.md.\n"
    "ALTER TABLE person RENAME COLUMN last_name TO surname;\n";
constexpr const char* kV2AddSurname =
    "-- Release 2 (expand): add the new column next to the old one.\n"
    "-- shiftway:deprecate column person.last_name\n"
    "ALTER TABLE person ADD COLUMN surname varchar(100);\n";
constexpr const char* kV3Backfill =
    "-- Release 3 (backfill): copy what app v1 wrote before it was gone.\n"
    "UPDATE person SET surname = last_name WHERE surname IS NULL;\n";
constexpr const char* kV4Drop =
    "-- Release 5 (contract): drop the old column.\n"
    "ALTER TABLE person DROP COLUMN last_name;\n";

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LintE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-lint-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  // Runs a shell command line in the temp dir, with CI unset so no CI-only rule applies.
  Outcome Sh(const std::string& cmd, const std::string& stdin_text = "") {
    Write(".stdin", stdin_text);
    std::string line = "cd " + Quote(dir_.string()) + " && unset CI SHIFTWAY_URL FLYWAY_URL && (" + cmd +
                       ") <.stdin >.stdout 2>.stderr";
    int status = std::system(("/bin/sh -c " + Quote(line)).c_str());
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir_ / ".stdout");
    r.err = Slurp(dir_ / ".stderr");
    return r;
  }
  Outcome Shiftway(const std::string& args, const std::string& stdin_text = "") {
    return Sh(Quote(SHIFTWAY_BINARY) + " " + args, stdin_text);
  }
  void Git(const std::string& args) {
    Outcome r = Sh("git -c user.name=test -c user.email=test@example.com -c init.defaultBranch=main " + args);
    ASSERT_EQ(r.code, 0) << "git " << args << "\n" << r.err;
  }

  void WriteBreaking() {
    Write("sql/V1__create_person.sql", kV1);
    Write("sql/V2__rename_last_name_to_surname.sql", kV2Rename);
  }

  fs::path dir_;
};

constexpr const char* kLintSqlite = "lint --locations filesystem:sql --dialect sqlite";

TEST_F(LintE2E, RenameOfReleasedColumnFailsWithExpandContractSuggestion) {
  WriteBreaking();
  Outcome r = Shiftway(std::string(kLintSqlite) + " --since 1");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("sql/V2__rename_last_name_to_surname.sql:3:1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rename-column"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("person.last_name"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ADD COLUMN surname"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DROP COLUMN last_name"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(LintE2E, JsonOutputKeepsTheContract) {
  WriteBreaking();
  Outcome r = Shiftway(std::string("--output json ") + kLintSqlite + " --since 1");
  EXPECT_EQ(r.code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  const auto& f = doc["findings"][0];
  EXPECT_EQ(f["rule"], "rename-column");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["category"], "compatibility");
  EXPECT_EQ(f["file"], "sql/V2__rename_last_name_to_surname.sql");
  EXPECT_EQ(f["line"], 3);
  EXPECT_EQ(f["column"], 1);
  EXPECT_NE(f["message"].get<std::string>().find("last_name"), std::string::npos);
  EXPECT_FALSE(f["help"].get<std::string>().empty());
  EXPECT_FALSE(f["suggestion"]["expand"].empty());
  EXPECT_FALSE(f["suggestion"]["contract"].empty());
  EXPECT_EQ(doc["summary"]["files"], 1);
  EXPECT_EQ(doc["summary"]["statements"], 1);
  EXPECT_EQ(doc["summary"]["errors"], 1);
  EXPECT_EQ(doc["summary"]["warnings"], 0);
  EXPECT_EQ(doc["boundary"], "since version 1");
}

TEST_F(LintE2E, SarifGithubAndGitlabCarryTheFinding) {
  WriteBreaking();
  Outcome sarif = Shiftway(std::string("--output sarif ") + kLintSqlite + " --since 1");
  EXPECT_EQ(sarif.code, 1);
  auto s = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(s["runs"][0]["results"][0]["ruleId"], "rename-column");
  EXPECT_EQ(s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "sql/V2__rename_last_name_to_surname.sql");

  Outcome github = Shiftway(std::string("--output github ") + kLintSqlite + " --since 1");
  EXPECT_EQ(github.code, 1);
  EXPECT_EQ(github.out.rfind("::error file=sql/V2__rename_last_name_to_surname.sql,line=3,col=1", 0), 0u)
      << github.out;
  EXPECT_NE(github.out.find("rename-column"), std::string::npos);

  Outcome gitlab = Shiftway(std::string("--output gitlab ") + kLintSqlite + " --since 1");
  EXPECT_EQ(gitlab.code, 1);
  auto g = nlohmann::json::parse(gitlab.out);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0]["check_name"], "rename-column");
}

TEST_F(LintE2E, FailOnNeverAndConfigSeverity) {
  WriteBreaking();
  EXPECT_EQ(Shiftway(std::string(kLintSqlite) + " --since 1 --fail-on never").code, 0);
  Write("shiftway.toml",
        "[lint]\nsince = \"1\"\ndialect = \"sqlite\"\n[lint.rules]\nrename-column = \"warning\"\n");
  EXPECT_EQ(Shiftway("lint --locations filesystem:sql").code, 0);
  EXPECT_EQ(Shiftway("lint --locations filesystem:sql --fail-on warning").code, 1);
}

TEST_F(LintE2E, ExpandContractReleasesEachPass) {
  Write("sql/V1__create_person.sql", kV1);
  Outcome r1 = Shiftway(std::string(kLintSqlite) + " --since 0");
  EXPECT_EQ(r1.code, 0) << r1.out << r1.err;
  Write("sql/V2__add_surname.sql", kV2AddSurname);
  Outcome r2 = Shiftway(std::string(kLintSqlite) + " --since 1");
  EXPECT_EQ(r2.code, 0) << r2.out << r2.err;
  Write("sql/V3__backfill_surname.sql", kV3Backfill);
  Outcome r3 = Shiftway(std::string(kLintSqlite) + " --since 2");
  EXPECT_EQ(r3.code, 0) << r3.out << r3.err;
  Outcome r4 = Shiftway(std::string(kLintSqlite) + " --since 3");  // release 4 ships no migration
  EXPECT_EQ(r4.code, 0) << r4.out << r4.err;
  Write("sql/V4__drop_last_name.sql", kV4Drop);
  Outcome r5 = Shiftway(std::string(kLintSqlite) + " --since 3");
  EXPECT_EQ(r5.code, 0) << r5.out << r5.err;
  // Shipping the deprecation and the drop in one release is what the steps avoid.
  Outcome together = Shiftway(std::string(kLintSqlite) + " --since 1");
  EXPECT_EQ(together.code, 1) << together.out;
  EXPECT_NE(together.out.find("contract-too-early"), std::string::npos) << together.out;
}

TEST_F(LintE2E, AgainstGitRef) {
  Write("sql/V1__create_person.sql", kV1);
  Git("init -q");
  Git("add sql");
  Git("commit -q -m release-1");
  Git("tag v1");
  Write("sql/V2__rename_last_name_to_surname.sql", kV2Rename);
  // The location is given from a subdirectory to check paths come out relative to the root.
  fs::create_directories(dir_ / "sub");
  Outcome r = Sh("cd sub && " + Quote(SHIFTWAY_BINARY) +
                 " --output json lint --locations filesystem:../sql --dialect sqlite --against git:v1");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_EQ(doc["findings"][0]["rule"], "rename-column");
  EXPECT_EQ(doc["findings"][0]["file"], "sql/V2__rename_last_name_to_surname.sql");
  EXPECT_NE(doc["boundary"].get<std::string>().find("git ref v1"), std::string::npos);

  // Editing a released file after the tag.
  Write("sql/V1__create_person.sql",
        std::string(kV1) + "CREATE INDEX person_first ON person (first_name);\n");
  Outcome m = Shiftway(std::string(kLintSqlite) + " --against git:v1");
  EXPECT_EQ(m.code, 1);
  EXPECT_NE(m.out.find("modified-released-migration"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("sql/V1__create_person.sql"), std::string::npos) << m.out;

  // The boundary can come from the configuration.
  Write("shiftway.toml", "[lint]\nagainst = \"git:v1\"\ndialect = \"sqlite\"\n");
  Outcome configured = Shiftway("lint --locations filesystem:sql");
  EXPECT_EQ(configured.code, 1) << configured.err;
  EXPECT_NE(configured.out.find("modified-released-migration"), std::string::npos) << configured.out;
  fs::remove(dir_ / "shiftway.toml");

  Outcome unknown = Shiftway(std::string(kLintSqlite) + " --against git:v9");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown git ref 'v9'"), std::string::npos) << unknown.err;

  Outcome bad = Shiftway(std::string(kLintSqlite) + " --against v1");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("git:REF"), std::string::npos) << bad.err;
}

TEST_F(LintE2E, AReleasedBaselineFileIsTheReleasedSchema) {
  // V1 and V2 made person; B2 is the same schema in one file, and V3 changes it after.
  // B2 wins over the versions it covers: person.nick is text there, varchar(20) in V1.
  Write("sql/V1__person.sql", "CREATE TABLE person (id integer PRIMARY KEY, nick varchar(20));\n");
  Write("sql/V2__pet.sql", "CREATE TABLE pet (id integer PRIMARY KEY);\n");
  Write("sql/B2__schema.sql",
        "CREATE TABLE person (id integer PRIMARY KEY, nick text);\n"
        "CREATE TABLE pet (id integer PRIMARY KEY);\n");
  Write("sql/V3__drop.sql", "ALTER TABLE person DROP COLUMN nick;\n");
  Outcome r = Shiftway("--output json lint --locations filesystem:sql --dialect postgres --since 2");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_EQ(doc["findings"][0]["rule"], "drop-column");
  EXPECT_NE(doc["findings"][0]["message"].get<std::string>().find("dropping person.nick (text)"), std::string::npos)
      << r.out;
  EXPECT_EQ(doc["summary"]["files"], 1) << r.out;

  // A baseline above the boundary never runs on a database that has the release: not linted.
  Write("sql/B3__schema.sql", "CREATE TABLE person (id integer PRIMARY KEY);\n");
  Outcome above = Shiftway("--output json lint --locations filesystem:sql --dialect postgres --since 2");
  EXPECT_EQ(above.code, 1) << above.out << above.err;
  auto doc_above = nlohmann::json::parse(above.out);
  EXPECT_EQ(doc_above["summary"]["files"], 1) << above.out;
  EXPECT_EQ(doc_above["findings"].size(), 1u) << above.out;
  fs::remove(dir_ / "sql/B3__schema.sql");

  // A squashed history: only the baseline and the new version are left.
  fs::remove(dir_ / "sql/V1__person.sql");
  fs::remove(dir_ / "sql/V2__pet.sql");
  Outcome squashed = Shiftway("--output json lint --locations filesystem:sql --dialect postgres --since 2");
  EXPECT_EQ(squashed.code, 1) << squashed.out << squashed.err;
  auto doc_squashed = nlohmann::json::parse(squashed.out);
  ASSERT_EQ(doc_squashed["findings"].size(), 1u) << squashed.out;
  EXPECT_NE(doc_squashed["findings"][0]["message"].get<std::string>().find("dropping person.nick (text)"),
            std::string::npos)
      << squashed.out;
}

TEST_F(LintE2E, AgainstGitOutsideARepositoryOrInAShallowClone) {
  WriteBreaking();
  Outcome r = Shiftway(std::string(kLintSqlite) + " --against git:v1");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("needs a git repository"), std::string::npos) << r.err;

  Write("origin/sql/V1__create_person.sql", kV1);
  Git("-C origin init -q");
  Git("-C origin add sql");
  Git("-C origin commit -q -m release-1");
  Git("-C origin tag v1");
  Write("origin/sql/V2__rename_last_name_to_surname.sql", kV2Rename);
  Git("-C origin add sql");
  Git("-C origin commit -q -m release-2");
  Git("clone -q --depth 1 --no-tags file://" + (dir_ / "origin").string() + " shallow");
  Outcome s = Shiftway("lint --locations filesystem:shallow/sql --dialect sqlite --against git:v1");
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.err.find("shallow clone"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("git fetch --unshallow"), std::string::npos) << s.err;
}

TEST_F(LintE2E, AgainstTheDatabaseHistory) {
  WriteBreaking();
  Outcome m = Shiftway("--url sqlite:app.db --locations filesystem:sql migrate --target 1");
  ASSERT_EQ(m.code, 0) << m.out << m.err;
  // The dialect comes from the URL.
  Outcome r = Shiftway("--url sqlite:app.db lint --locations filesystem:sql --against-db");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("V2__rename_last_name_to_surname.sql:3:1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rename-column"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("V1__create_person.sql"), std::string::npos) << r.out;

  // An applied file edited afterwards.
  Write("sql/V1__create_person.sql", std::string(kV1) + "-- edited\n");
  Outcome e = Shiftway("--url sqlite:app.db lint --locations filesystem:sql --against-db");
  EXPECT_EQ(e.code, 1);
  EXPECT_NE(e.out.find("modified-released-migration"), std::string::npos) << e.out;

  // A database without history (a wrong URL, say) would make everything new and pass silently.
  Outcome fresh = Shiftway("--url sqlite:other.db lint --locations filesystem:sql --against-db");
  EXPECT_EQ(fresh.code, 0) << fresh.out;
  EXPECT_NE(fresh.err.find("has no schema history table flyway_schema_history"), std::string::npos)
      << fresh.err;

  Outcome none = Shiftway("lint --locations filesystem:sql --against-db --dialect sqlite");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("--against-db needs a database URL"), std::string::npos) << none.err;
}

TEST_F(LintE2E, WithoutABoundaryOrADialectItSaysWhatItNeeds) {
  WriteBreaking();
  Outcome r = Shiftway(kLintSqlite);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no release boundary is set"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--since VERSION"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--against git:REF"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--against-db"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  Outcome d = Shiftway("lint --locations filesystem:sql --since 1");
  EXPECT_EQ(d.code, 2);
  EXPECT_NE(d.err.find("lint needs to know the SQL dialect"), std::string::npos) << d.err;
  EXPECT_NE(d.err.find("--dialect"), std::string::npos) << d.err;
  EXPECT_FALSE(fs::exists(dir_ / "shiftway.db"));

  Outcome two = Shiftway(std::string(kLintSqlite) + " --since 1 --against-db");
  EXPECT_EQ(two.code, 2);
  EXPECT_NE(two.err.find("one release boundary"), std::string::npos) << two.err;
}

TEST_F(LintE2E, ExplicitFilesAndStdin) {
  WriteBreaking();
  // A pre-commit hook passes the staged file; the boundary supplies what was released.
  Outcome r = Shiftway(std::string(kLintSqlite) + " --since 1 sql/V2__rename_last_name_to_surname.sql");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("rename-column"), std::string::npos);

  Write("new.sql", "CREATE TABLE orders (id integer PRIMARY KEY, person_id integer);\n");
  Outcome ok = Shiftway(std::string(kLintSqlite) + " --since 1 new.sql");
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;

  // Without a boundary nothing is released, and an unknown table counts as released.
  Outcome in = Shiftway("lint --dialect postgres -", "ALTER TABLE person DROP COLUMN last_name;\n");
  EXPECT_EQ(in.code, 1) << in.out << in.err;
  EXPECT_NE(in.out.find("<stdin>:1:1"), std::string::npos) << in.out;
  EXPECT_NE(in.out.find("drop-column"), std::string::npos) << in.out;

  Outcome missing = Shiftway("lint --dialect postgres nothere.sql");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("cannot read nothere.sql"), std::string::npos) << missing.err;
}

TEST_F(LintE2E, PlaceholdersAreReplacedBeforeParsing) {
  Write("sql/V1__create_person.sql", kV1);
  Write("sql/V2__rename.sql", "ALTER TABLE ${table_name} RENAME COLUMN last_name TO surname;\n");
  Outcome r = Shiftway(std::string(kLintSqlite) + " --since 1 --placeholder table_name=person");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("rename-column"), std::string::npos) << r.out;
  Outcome unknown = Shiftway(std::string(kLintSqlite) + " --since 1");
  EXPECT_EQ(unknown.code, 2) << unknown.out;
  EXPECT_NE(unknown.err.find("table_name"), std::string::npos) << unknown.err;
}

TEST_F(LintE2E, Explain) {
  Outcome r = Shiftway("explain rename-column");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("# rename-column\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("## Safe alternative"), std::string::npos);

  Outcome typo = Shiftway("explain renme-column");
  EXPECT_EQ(typo.code, 2);
  EXPECT_NE(typo.err.find("unknown lint rule 'renme-column'"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("did you mean: rename-column"), std::string::npos) << typo.err;

  Outcome list = Shiftway("explain --list");
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("rename-column"), std::string::npos);
  EXPECT_NE(list.out.find("compatibility"), std::string::npos);
  EXPECT_NE(list.out.find("missing-lock-timeout"), std::string::npos);

  Outcome json = Shiftway("--output json explain --list");
  auto doc = nlohmann::json::parse(json.out);
  bool found = false;
  for (const auto& rule : doc["rules"]) {
    if (rule["name"] == "drop-column") {
      found = true;
      EXPECT_EQ(rule["category"], "compatibility");
      EXPECT_EQ(rule["severity"], "error");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
