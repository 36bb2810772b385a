// Runs every lint rule case in tests/lint/cases/*.sql: SQL in, expected findings out.
//
// A case file holds cases like this one:
//
//   -- case: rename of a released column
//   -- dialect: sqlite postgres mysql        (optional; all three when left out)
//   -- config: enable missing-lock-timeout   (or: disable R, severity R=error, server-version 10,
//                                            schemas app,public, ignore PATTERN for [check] ignore)
//   -- released V1__init.sql
//   CREATE TABLE person (id int primary key, last_name text);
//   -- new V2__rename.sql                    (append "transaction" to force a transaction)
//   ALTER TABLE person RENAME COLUMN last_name TO surname;
//   -- modified V1__init.sql 123 456         (a released file whose checksum changed)
//   -- live                                  (the database's own schema, as --against-db reads it:
//   CREATE TABLE person (id int primary key,  the statements that build it, replayed into the
//     last_name text, nickname text);         live model; SQLite also loads them as its
//                                             sqlite_schema texts)
//   -- expect
//   V2__rename.sql:1:1 rename-column ~ renaming person.last_name (text)
//
// Each expect line is `file:line:col rule`, optionally followed by ` [severity]` that the finding
// must have and by ` ~ text` that the message must contain. `-- config: baseline` lints as if the
// history started from a baseline. No expect lines means the case must be silent. Findings must match exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/lint/lint.h"

namespace shiftway::lint {
namespace {

struct Expect {
  std::string severity;  ///< "info", "warning", "error"; empty: any
  std::string location_rule;  ///< "file:line:col rule"
  std::string message_part;
};

struct LintCase {
  std::string source;  ///< case file and line, for messages
  std::string name;
  std::string test_name;
  sql::Dialect dialect = sql::Dialect::kSqlite;
  LintInput input;
  std::vector<Expect> expects;
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

LintFile FileNamed(const std::string& name) {
  LintFile f;
  f.path = name;
  if (name.rfind("R__", 0) == 0) {
    f.repeatable = true;
  } else if (!name.empty() && (name[0] == 'V' || name[0] == 'v')) {
    size_t sep = name.find("__");
    f.version = name.substr(1, sep == std::string::npos ? std::string::npos : sep - 1);
    std::replace(f.version.begin(), f.version.end(), '_', '.');
  }
  return f;
}

// The live schema a `-- live` section describes: its statements replayed as the only released
// file, as a database that ran them holds it.
LiveSchema LiveOf(const LintInput& in, const std::string& text) {
  LintInput as_built;
  as_built.dialect = in.dialect;
  as_built.schemas = in.schemas;
  LintFile f;
  f.path = "live.sql";
  f.version = "1";
  f.text = text;
  as_built.released.push_back(f);
  LiveSchema live;
  live.model = ReplayReleased(as_built);
  live.schemas = in.schemas;
  if (in.dialect == sql::Dialect::kSqlite) {
    sql::SplitEach(in.dialect, text, [&](sql::Statement&& st) { live.statements.push_back(st.text); });
  }
  return live;
}

std::vector<LintCase> ParseCaseFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<LintCase> out;
  struct Raw {
    int line = 0;
    std::string name;
    std::vector<std::string> dialects;
    LintInput input;
    std::vector<Expect> expects;
    std::optional<std::string> live;
  };
  std::vector<Raw> raws;
  std::string line;
  int line_no = 0;
  enum { kNone, kReleased, kNew, kLive, kExpect } mode = kNone;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("-- case:", 0) == 0) {
      raws.emplace_back();
      raws.back().line = line_no;
      raws.back().name = Trim(line.substr(8));
      mode = kNone;
      continue;
    }
    if (raws.empty()) continue;
    Raw& r = raws.back();
    if (line.rfind("-- dialect:", 0) == 0) {
      std::istringstream words(line.substr(11));
      std::string w;
      while (words >> w) r.dialects.push_back(w);
    } else if (line.rfind("-- config:", 0) == 0) {
      std::istringstream words(line.substr(10));
      std::string verb, arg;
      words >> verb >> arg;
      if (verb == "enable") r.input.config.enabled.insert(arg);
      if (verb == "disable") r.input.config.disabled.insert(arg);
      if (verb == "server-version") r.input.config.server_version = arg;
      if (verb == "baseline") r.input.baseline = true;
      if (verb == "ignore") r.input.config.drift_ignore.push_back(arg);
      if (verb == "schemas") {
        std::istringstream list(arg);
        std::string schema;
        while (std::getline(list, schema, ',')) r.input.schemas.push_back(schema);
      }
      if (verb == "severity") {
        size_t eq = arg.find('=');
        Severity s = Severity::kError;
        ParseSeverity(arg.substr(eq + 1), &s);
        r.input.config.severity[arg.substr(0, eq)] = s;
      }
    } else if (line.rfind("-- released ", 0) == 0) {
      r.input.released.push_back(FileNamed(Trim(line.substr(12))));
      mode = kReleased;
    } else if (line.rfind("-- new ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name, flag;
      words >> name >> flag;
      LintFile f = FileNamed(name);
      f.force_transaction = flag == "transaction";
      r.input.added.push_back(f);
      mode = kNew;
    } else if (line.rfind("-- modified ", 0) == 0) {
      std::istringstream words(line.substr(12));
      ModifiedMigration m;
      words >> m.path >> m.released_checksum >> m.current_checksum;
      r.input.modified.push_back(m);
    } else if (line.rfind("-- max-released ", 0) == 0) {
      r.input.released_max_version = Trim(line.substr(16));
    } else if (line == "-- live") {
      r.live = "";
      mode = kLive;
    } else if (line == "-- expect") {
      mode = kExpect;
    } else if (mode == kExpect) {
      if (Trim(line).empty()) continue;
      Expect e;
      size_t tilde = line.find(" ~ ");
      e.location_rule = Trim(line.substr(0, tilde));
      if (tilde != std::string::npos) e.message_part = Trim(line.substr(tilde + 3));
      size_t bracket = e.location_rule.find(" [");
      if (bracket != std::string::npos && e.location_rule.back() == ']') {
        e.severity = e.location_rule.substr(bracket + 2, e.location_rule.size() - bracket - 3);
        e.location_rule = Trim(e.location_rule.substr(0, bracket));
      }
      r.expects.push_back(e);
    } else if (mode == kReleased) {
      r.input.released.back().text += line + "\n";
    } else if (mode == kNew) {
      r.input.added.back().text += line + "\n";
    } else if (mode == kLive) {
      *r.live += line + "\n";
    }
  }
  const std::string stem = path.stem().string();
  for (size_t i = 0; i < raws.size(); ++i) {
    Raw& r = raws[i];
    if (r.dialects.empty()) r.dialects = {"sqlite", "postgres", "mysql"};
    for (const auto& d : r.dialects) {
      LintCase c;
      c.source = path.filename().string() + ":" + std::to_string(r.line);
      c.name = r.name;
      c.dialect = d == "postgres" ? sql::Dialect::kPostgres : d == "mysql" ? sql::Dialect::kMysql : sql::Dialect::kSqlite;
      c.input = r.input;
      c.input.dialect = c.dialect;
      if (r.live) c.input.live = LiveOf(c.input, *r.live);
      c.expects = r.expects;
      c.test_name = stem + "_" + std::to_string(i + 1) + "_" + d;
      for (char& ch : c.test_name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<LintCase> LoadCases() {
  std::vector<LintCase> all;
  const std::filesystem::path dir = std::filesystem::path(SHIFTWAY_SOURCE_DIR) / "tests" / "lint" / "cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".sql") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    for (auto& c : ParseCaseFile(f)) all.push_back(std::move(c));
  }
  return all;
}

void PrintTo(const LintCase& c, std::ostream* os) { *os << c.source << " " << sql::DialectName(c.dialect); }

class LintCaseTest : public ::testing::TestWithParam<LintCase> {};

TEST_P(LintCaseTest, FindingsMatch) {
  const LintCase& c = GetParam();
  SCOPED_TRACE(c.source + " (" + c.name + ", " + std::string(sql::DialectName(c.dialect)) + ")");
  auto result = Lint(c.input);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  std::vector<std::string> got, want;
  std::string details;
  for (const auto& f : result->findings) {
    got.push_back(f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule);
    details += "  " + got.back() + " [" + std::string(SeverityName(f.severity)) + "] " + f.message + "\n";
  }
  for (const auto& e : c.expects) want.push_back(e.location_rule);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(want, got) << "findings:\n" << details;
  for (const auto& e : c.expects) {
    if (e.severity.empty()) continue;
    bool found = false;
    for (const auto& f : result->findings) {
      const std::string key = f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule;
      if (key == e.location_rule && SeverityName(f.severity) == e.severity) found = true;
    }
    EXPECT_TRUE(found) << "no " << e.location_rule << " of severity " << e.severity << "\n" << details;
  }
  for (const auto& e : c.expects) {
    if (e.message_part.empty()) continue;
    bool found = false;
    for (const auto& f : result->findings) {
      const std::string key = f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule;
      if (key == e.location_rule && f.message.find(e.message_part) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << "no " << e.location_rule << " whose message contains \"" << e.message_part << "\"\n"
                       << details;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, LintCaseTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<LintCase>& info) { return info.param.test_name; });

// Every registered rule has cases that fire (checked here) and a doc page (checked in lint_test.cc).
TEST(LintCaseCoverageTest, EveryRuleFiresInSomeCase) {
  std::set<std::string> fired;
  for (const auto& c : LoadCases()) {
    for (const auto& e : c.expects) fired.insert(e.location_rule.substr(e.location_rule.find(' ') + 1));
  }
  for (const char* name : {"drop-table", "drop-column", "rename-table", "rename-column", "change-column-type",
                           "add-required-column", "set-not-null", "drop-default", "add-unique-constraint",
                           "add-check-constraint", "add-foreign-key", "drop-view", "rename-view", "change-enum",
                           "drop-schema", "rename-schema", "drop-routine", "add-rejecting-trigger", "restrict-access", "drop-unique-constraint", "restart-sequence", "set-invisible", "contract-too-early",
                           "create-index-blocking", "drop-index-blocking", "foreign-key-blocking",
                           "check-constraint-blocking", "not-null-scan", "table-rewrite",
                           "concurrently-in-transaction", "missing-lock-timeout", "modified-released-migration",
                           "out-of-order-version", "released-schema-drift", "mixed-ddl-dml", "unparsed-statement", "allow-without-reason",
                           "unused-allow"}) {
    EXPECT_TRUE(fired.count(name)) << "no case fires " << name;
  }
}

}  // namespace
}  // namespace shiftway::lint
