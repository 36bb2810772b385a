// Process helpers for the multi-process conformance tests.
#include "tests/conformance/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace shiftway::conformance {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Process StartShiftway(const std::vector<std::string>& args, const std::string& cwd, const std::string& tag) {
  Process p;
  p.out_path = cwd + "/" + tag + ".out";
  p.err_path = cwd + "/" + tag + ".err";
  std::vector<std::string> argv_s = {SHIFTWAY_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, p.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, p.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  if (posix_spawn(&p.pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) p.pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return p;
}

Finished Wait(const Process& p, int timeout_s) {
  Finished f;
  if (p.pid <= 0) {
    f.err = "could not start " SHIFTWAY_BINARY;
    return f;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  for (;;) {
    pid_t r = waitpid(p.pid, &status, WNOHANG);
    if (r == p.pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(p.pid, SIGKILL);
      waitpid(p.pid, &status, 0);
      f.out = Slurp(p.out_path);
      f.err = Slurp(p.err_path) + "\n(killed after " + std::to_string(timeout_s) + "s)";
      return f;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  f.out = Slurp(p.out_path);
  f.err = Slurp(p.err_path);
  return f;
}

}  // namespace shiftway::conformance
