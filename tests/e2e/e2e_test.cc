// Golden end-to-end tests: each tests/e2e/cases/*.txt runs the real binary and compares what a
// user sees (stdout, stderr, exit code) with the expected text kept in the same file.
//
// A case file reads top to bottom, and its sections run in that order:
//
//   What the case shows, in a few lines of prose (everything before the first section).
//
//   -- file: sql/V1__init.sql --         write this file (directories are created) in the work dir
//   CREATE TABLE t (id integer);
//
//   -- run: $SHIFTWAY migrate --         run this line with /bin/sh in the work dir
//   Optional prose: why this step is here.
//   -- stdout --                         what it must print on stdout (absent: nothing)
//   ...
//   -- stderr --                         what it must print on stderr (absent: nothing)
//   ...
//   -- exit: 0 --                        its exit status (required)
//
// Every case starts in a fresh temporary directory, so relative paths in the output are stable.
// The shell sees $SHIFTWAY (the binary), $SRC (the source tree) and $UNPRIVILEGED (a prefix that
// drops root privileges, empty when not root), $PG_URL, $MYSQL_URL and $TEST_SERVERS_DIR when
// scripts/test-servers.sh started the servers (a case using $PG_URL or $MYSQL_URL is skipped,
// saying why, without them), and an environment without CI,
// KUBERNETES_SERVICE_HOST, SHIFTWAY_* and FLYWAY_* unless the line sets them (`CI=true $SHIFTWAY ...`).
// HOME is an empty directory outside the work dir; a case that needs ~/flyway.toml sets HOME=$PWD/….
//
// Only what differs from run to run or machine to machine is normalised before comparing:
// timestamps become YYYY-MM-DD HH:MM:SS (ISO ones YYYY-MM-DDTHH:MM:SS.mmmZ), durations
// "(execution time MM:SS.mmms)" and a migration's own "(<time>)", server versions and ports, JSON
// "executionTime"/"totalMigrationTime" values <ms>, the SQLite library version X.Y.Z, and the
// work and source directories $WORK and $SRC. Trailing blank lines of an output are ignored.
//
// No output may contain a password from kPasswords (below), whatever the case expects.
//
// SHIFTWAY_UPDATE_GOLDEN=1 rewrites the stdout, stderr and exit sections from the actual output;
// review the diff before committing it.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;

const fs::path kCasesDir = fs::path(SHIFTWAY_SOURCE_DIR) / "tests" / "e2e" / "cases";

struct Section {
  std::string kind;  ///< "prose", "file", "run", "stdout", "stderr", "exit"
  std::string arg;   ///< the path, the command line, or the exit status
  std::vector<std::string> body;
};

const std::regex& MarkerRe() {
  static const std::regex re(R"(^-- (file: .+|run: .+|stdout|stderr|exit: -?[0-9]+) --$)");
  return re;
}

std::vector<Section> Parse(const std::string& text) {
  std::vector<Section> sections{{"prose", "", {}}};
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, MarkerRe())) {
      std::string what = m[1];
      size_t colon = what.find(": ");
      if (colon == std::string::npos) sections.push_back({what, "", {}});
      else sections.push_back({what.substr(0, colon), what.substr(colon + 2), {}});
    } else {
      sections.back().body.push_back(line);
    }
  }
  for (auto& s : sections) {
    while (!s.body.empty() && s.body.back().empty()) s.body.pop_back();
  }
  return sections;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

/// Replaces what legitimately differs between runs, and drops trailing blank lines.
std::string Normalise(std::string s, const fs::path& work) {
  ReplaceAll(s, fs::weakly_canonical(work).string(), "$WORK");
  ReplaceAll(s, work.string(), "$WORK");
  ReplaceAll(s, fs::weakly_canonical(SHIFTWAY_SOURCE_DIR).string(), "$SRC");
  static const std::regex stamp(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?)");
  static const std::regex elapsed(R"(\(execution time \d+:\d+\.\d+s\))");
  static const std::regex json_ms(R"re("(executionTime|totalMigrationTime)": \d+)re");
  static const std::regex sqlite(R"(SQLite \d+\.\d+\.\d+)");
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  static const std::regex step(R"(\((\d+ min )?\d+\.\d+ m?s\)(?=\n|$))");
  static const std::regex servers(R"((PostgreSQL|MariaDB|MySQL) \d+\.\d+(\.\d+)? at 127\.0\.0\.1:\d+)");
  s = std::regex_replace(s, iso, "YYYY-MM-DDTHH:MM:SS.mmmZ");
  s = std::regex_replace(s, step, "(<time>)");
  s = std::regex_replace(s, servers, "$1 X.Y at 127.0.0.1:PORT");
  s = std::regex_replace(s, stamp, "YYYY-MM-DD HH:MM:SS");
  s = std::regex_replace(s, elapsed, "(execution time MM:SS.mmms)");
  s = std::regex_replace(s, json_ms, "\"$1\": <ms>");
  s = std::regex_replace(s, sqlite, "SQLite X.Y.Z");
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s.empty() ? s : s + "\n";
}

struct Outcome {
  std::string out, err;
  int status = -1;
};

/// The environment a case runs in: the test's own, minus whatever could change shiftway's choices.
std::vector<std::string> CaseEnvironment(const fs::path& home) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    std::string name = kv.substr(0, kv.find('='));
    if (name == "CI" || name == "KUBERNETES_SERVICE_HOST" || name.starts_with("SHIFTWAY_") ||
        name.starts_with("FLYWAY_") || name.starts_with("flyway_") || name == "LC_ALL" || name == "NO_COLOR" ||
        name == "SRC" || name == "UNPRIVILEGED" || name == "HOME") {
      continue;
    }
    env.push_back(kv);
  }
  env.push_back(std::string("SHIFTWAY=") + SHIFTWAY_BINARY);
  env.push_back(std::string("SRC=") + SHIFTWAY_SOURCE_DIR);
  // Root reads a chmod 000 directory anyway; run such steps as "nobody" so they test something.
  env.push_back(std::string("UNPRIVILEGED=") + (geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : ""));
  env.push_back("LC_ALL=C");
  // The throwaway servers of scripts/test-servers.sh, under names shiftway does not read: a case
  // passes them on its command line (--url "$PG_URL").
  for (const auto& [from, to] : {std::pair{"SHIFTWAY_TEST_POSTGRES_URL", "PG_URL"},
                                 std::pair{"SHIFTWAY_TEST_MYSQL_URL", "MYSQL_URL"},
                                 std::pair{"SHIFTWAY_TEST_SERVERS_DIR", "TEST_SERVERS_DIR"}}) {
    if (const char* v = std::getenv(from); v && *v) env.push_back(std::string(to) + "=" + v);
  }
  // An empty home directory, so that a ~/flyway.toml on the machine cannot change a case.
  env.push_back("HOME=" + home.string());
  return env;
}

Outcome RunStep(const std::string& command, const fs::path& work, const fs::path& scratch) {
  const fs::path out_path = scratch / "stdout", err_path = scratch / "stderr";
  std::vector<std::string> env = CaseEnvironment(scratch.parent_path() / "home");
  std::vector<char*> envp;
  for (auto& kv : env) envp.push_back(kv.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || null < 0 || chdir(work.c_str()) != 0) _exit(127);
    dup2(null, 0);
    dup2(out, 1);
    dup2(err, 2);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
    _exit(127);
  }
  Outcome o;
  int status = 0;
  waitpid(pid, &status, 0);
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = Normalise(ReadAll(out_path), work);
  o.err = Normalise(ReadAll(err_path), work);
  return o;
}

/// Makes every directory below `root` removable again (cases may chmod 000 one).
void RemoveTree(const fs::path& root) {
  std::error_code ec;
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::add, ec);
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(root, ec);
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCasesDir, ec)) {
    if (e.path().extension() == ".txt") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Render(const std::vector<Section>& sections) {
  std::string out;
  for (const auto& s : sections) {
    if (s.kind == "prose") {
      if (!s.body.empty()) out += Join(s.body) + "\n";
      continue;
    }
    out += "-- " + s.kind + (s.arg.empty() ? "" : ": " + s.arg) + " --\n";
    if (!s.body.empty()) out += Join(s.body);
    if (s.kind != "stdout" && s.kind != "stderr" && s.kind != "run") out += "\n";
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// Every password the cases use, and pieces of the raw one that breaks URL syntax: no output of
// any case may contain one (DESIGN §2: a password is never printed). "postgres", also used as a
// password, is left out: cases show that the database named postgres is still named.
constexpr const char* kPasswords[] = {"Sup3rSecretPw", "p@ss:w/rd%", "p@ss", "ss:w", "w/rd", "rd%", "p%40ss"};

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, Case) {
  const fs::path case_path = kCasesDir / (GetParam() + ".txt");
  const std::string case_text = ReadAll(case_path);
  const std::vector<Section> sections = Parse(case_text);
  // A case that names a server needs it, and fails without it (never a silent skip), as every
  // other server test does; scripts/test-servers.sh starts them.
  for (const auto& [var, env] : {std::pair{"$PG_URL", "SHIFTWAY_TEST_POSTGRES_URL"},
                                 std::pair{"$MYSQL_URL", "SHIFTWAY_TEST_MYSQL_URL"}}) {
    if (case_text.find(var) != std::string::npos) {
      ASSERT_NE(nullptr, std::getenv(env)) << case_path.string() << " runs on a server: " << env
                                           << " is not set: run the tests under scripts/test-servers.sh -- ctest ...";
    }
  }
  const bool update = std::getenv("SHIFTWAY_UPDATE_GOLDEN") != nullptr &&
                      std::string(std::getenv("SHIFTWAY_UPDATE_GOLDEN")) == "1";

  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = (fs::path(tmp && *tmp ? tmp : "/tmp") / "shiftway-e2e-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "cannot create a temporary directory";
  const fs::path base = tmpl;
  const fs::path work = base / "work", scratch = base / "scratch";
  fs::create_directories(work);
  fs::create_directories(scratch);
  fs::create_directories(base / "home");
  // The unprivileged user must reach the work directory to be refused by what lies inside it.
  fs::permissions(base, fs::perms::all, fs::perm_options::replace);
  fs::permissions(work, fs::perms::all, fs::perm_options::replace);

  std::vector<Section> updated;
  bool saw_run = false;
  for (size_t i = 0; i < sections.size(); ++i) {
    const Section& s = sections[i];
    if (s.kind == "prose" || s.kind == "file") {
      updated.push_back(s);
      if (s.kind == "file") {
        fs::path p = work / s.arg;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << Join(s.body);
      }
      continue;
    }
    if (s.kind != "run") {
      ADD_FAILURE() << case_path.string() << ": a -- " << s.kind << " -- section must follow a -- run: ... -- section";
      continue;
    }
    saw_run = true;
    updated.push_back(s);
    std::string want_out, want_err;
    std::optional<int> want_status;
    while (i + 1 < sections.size() && (sections[i + 1].kind == "stdout" || sections[i + 1].kind == "stderr" ||
                                       sections[i + 1].kind == "exit")) {
      const Section& e = sections[++i];
      if (e.kind == "stdout") want_out = Join(e.body);
      if (e.kind == "stderr") want_err = Join(e.body);
      if (e.kind == "exit") want_status = std::stoi(e.arg);
    }
    const Outcome got = RunStep(s.arg, work, scratch);
    for (const char* password : kPasswords) {
      EXPECT_EQ(got.out.find(password), std::string::npos) << case_path.string() << ": $ " << s.arg << "\nstdout shows the password " << password;
      EXPECT_EQ(got.err.find(password), std::string::npos) << case_path.string() << ": $ " << s.arg << "\nstderr shows the password " << password;
    }
    if (update) {
      for (const auto* text : {&got.out, &got.err}) {
        for (const auto& l : Lines(*text)) {
          ASSERT_FALSE(std::regex_match(l, MarkerRe())) << "output line looks like a section marker: " << l;
        }
      }
      if (!got.out.empty()) updated.push_back({"stdout", "", Lines(got.out)});
      if (!got.err.empty()) updated.push_back({"stderr", "", Lines(got.err)});
      updated.push_back({"exit", std::to_string(got.status), {}});
      continue;
    }
    SCOPED_TRACE(case_path.string() + ": $ " + s.arg);
    EXPECT_TRUE(want_status.has_value()) << "every run needs an -- exit: N -- section";
    EXPECT_EQ(want_out, got.out) << "stdout differs";
    EXPECT_EQ(want_err, got.err) << "stderr differs";
    if (want_status) {
      EXPECT_EQ(*want_status, got.status) << "exit status differs";
    }
  }
  EXPECT_TRUE(saw_run) << case_path.string() << " runs nothing";
  if (update) std::ofstream(case_path, std::ios::binary) << Render(updated);
  if (HasFailure()) {
    std::cerr << "kept the work directory: " << work.string() << "\n";
  } else {
    RemoveTree(base);
  }
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, testing::ValuesIn(CaseNames()), TestName);

}  // namespace
