// Running the real shiftway binary as separate processes, several at once.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace shiftway::conformance {

/// A started process whose stdout and stderr go to files.
struct Process {
  pid_t pid = -1;
  std::string out_path, err_path;
};

struct Finished {
  int exit_code = -1;  ///< -1 when killed by a signal or timed out
  std::string out, err;
};

/// Starts SHIFTWAY_BINARY with `args` in `cwd`; `tag` names the output files there.
Process StartShiftway(const std::vector<std::string>& args, const std::string& cwd, const std::string& tag);
/// Waits for the process, killing it after `timeout_s`.
Finished Wait(const Process& p, int timeout_s);

}  // namespace shiftway::conformance
