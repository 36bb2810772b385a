// Peak memory of `lint` and `migrate` on one large file: a file's bytes and its text are never
// held together, and a large INSERT costs lint a few times its size, not its parse tree. The
// peak is the child's maximum resident set size (wait4), less that of the same command on a
// one-line file, so the binary's own pages do not count. bench/memory.sh measures 200 MB files.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;

constexpr double kMb = 1024.0 * 1024.0;

class MemoryTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway_memory_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    for (const char* sub : {"tiny", "small", "huge"}) fs::create_directories(dir_ / sub);
    const std::string create = "CREATE TABLE person (id integer PRIMARY KEY, name varchar(100), note varchar(100));\n";
    std::ofstream(dir_ / "tiny" / "V1__tiny.sql") << create;
    // Short INSERTs, one a line, and two multi-row INSERTs of half the size each.
    {
      std::ofstream small(dir_ / "small" / "V1__small.sql", std::ios::binary);
      small << create;
      for (long i = 1; small.tellp() < kFileBytes; ++i) {
        small << "INSERT INTO person (id, name, note) VALUES (" << i << ", 'name " << i << "', 'a short note');\n";
      }
    }
    std::ofstream huge(dir_ / "huge" / "V1__huge.sql", std::ios::binary);
    huge << create;
    long id = 0;
    for (int k = 0; k < 2; ++k) {
      const long until = static_cast<long>(huge.tellp()) + kFileBytes / 2;
      huge << "INSERT INTO person (id, name, note) VALUES\n";
      for (bool first = true; huge.tellp() < until; first = false) {
        ++id;
        huge << (first ? "" : ",\n") << "(" << id << ", 'name " << id << "', 'a short note')";
      }
      huge << ";\n";
    }
    largest_mb_ = kFileBytes / 2 / kMb;
    file_mb_ = kFileBytes / kMb;
  }

  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  /// Runs shiftway with `args` in the test directory; its peak RSS in MB (-1 when it failed).
  double PeakMb(const std::vector<std::string>& args) {
    std::vector<char*> argv{const_cast<char*>(SHIFTWAY_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const std::string err = (dir_ / "stderr.txt").string();
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> env;
    for (char** e = environ; e && *e; ++e) {
      const std::string kv = *e;
      if (!kv.starts_with("SHIFTWAY_") && !kv.starts_with("FLYWAY_")) env.push_back(*e);
    }
    env.push_back(nullptr);
    pid_t pid = -1;
    const std::string cwd = fs::current_path().string();
    fs::current_path(dir_);
    const int rc = posix_spawn(&pid, SHIFTWAY_BINARY, &actions, nullptr, argv.data(), env.data());
    fs::current_path(cwd);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << SHIFTWAY_BINARY;
      return -1;
    }
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::ifstream in(err);
      ADD_FAILURE() << "shiftway " << args.back() << " failed: " << std::string(std::istreambuf_iterator<char>(in), {});
      return -1;
    }
    return static_cast<double>(usage.ru_maxrss) * 1024.0 / kMb;  // ru_maxrss is in KB on Linux
  }

  double LintMb(const std::string& dialect, const std::string& kind) {
    return PeakMb({"lint", "--dialect", dialect, "--fail-on", "never", kind + "/V1__" + kind + ".sql"});
  }

  double MigrateMb(const std::string& kind) {
    fs::remove(dir_ / (kind + ".db"));
    return PeakMb({"--url", "sqlite:" + kind + ".db", "--locations", "filesystem:" + kind, "migrate"});
  }

  static constexpr long kFileBytes = 24L << 20;
  fs::path dir_;
  double file_mb_ = 0, largest_mb_ = 0;
};

TEST_F(MemoryTest, LintHoldsAFileOnceAndALargeInsertAFewTimesOver) {
  for (const std::string dialect : {"postgres", "mysql", "sqlite"}) {
    const double base = LintMb(dialect, "tiny");
    // Bytes and text both held would be twice the file.
    const double small = LintMb(dialect, "small") - base;
    EXPECT_LT(small, 1.5 * file_mb_) << dialect << ": " << small << " MB above the one-line file's peak for a "
                                     << file_mb_ << " MB file of short INSERTs";
    // PostgreSQL's raw parse tree of a whole INSERT would be about 7 times the statement.
    const double huge = LintMb(dialect, "huge") - base;
    EXPECT_LT(huge, file_mb_ + 4 * largest_mb_)
        << dialect << ": " << huge << " MB above the one-line file's peak for a " << file_mb_ << " MB file of two "
        << largest_mb_ << " MB INSERTs";
  }
}

TEST_F(MemoryTest, SqliteMigrateHoldsAFileOnce) {
  const double base = MigrateMb("tiny");
  const double small = MigrateMb("small") - base;
  // The file's text, and per statement its place (about 300,000 statements of 80 bytes).
  EXPECT_LT(small, 1.75 * file_mb_) << small << " MB above the one-line file's peak for a " << file_mb_
                                    << " MB file of short INSERTs";
}

}  // namespace
