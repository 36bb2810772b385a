// The last-resort catch around a command: anything that escapes is a bug, reported as exit 70.
#pragma once

#include <exception>
#include <iostream>

namespace shiftway::cli {

/// Runs `command` and returns its exit code. An exception that escapes is an internal error:
/// one message on `err` that asks for a report, and exit code 70 (EX_SOFTWARE).
template <class F>
int RunGuarded(F&& command, std::ostream& err = std::cerr) {
  try {
    return command();
  } catch (const std::exception& e) {
    err << "error: internal error: " << e.what()
        << "\n  help: this is a bug in shiftway; please report it with the command you ran\n";
  } catch (...) {
    err << "error: internal error\n  help: this is a bug in shiftway; please report it with the command you ran\n";
  }
  return 70;
}

}  // namespace shiftway::cli
