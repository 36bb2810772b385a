// `--fleet`: a command run over many databases or schemas (README, "Fleets").
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/cli.h"

namespace shiftway::cli {

/// The rollout flags a fleet-capable command (migrate, info, validate, lint --against-db) adds.
struct FleetFlags {
  bool fleet = false;
  std::string targets_file;
  int parallel = 1;
  int canary = 0;
  std::string on_error = "stop";
  std::string shard;
  std::vector<CLI::Option*> options;  ///< the flags other than --fleet, to refuse them without it
};

/// Adds --fleet, --targets, --parallel, --canary, --on-error and --shard to `app`.
std::shared_ptr<FleetFlags> AddFleetFlags(CLI::App& app);

/// With --fleet, runs `command` once per target, each as a child process of this binary given the
/// same command line and the target (so that each target is exactly the single-database run, with
/// its own connection, lock and history), and returns the fleet's exit code. Without --fleet (or
/// inside such a child) returns nullopt, and the command runs as usual.
std::optional<int> RunFleetCommand(const FleetFlags& flags, Globals& g, Out& out, const std::string& command);

/// In a fleet's child process: takes the target the parent passed in the environment into the
/// globals (url, schema, ${tenant}, JSON output). Does nothing in any other process.
void TakeFleetMember(Globals& g);

}  // namespace shiftway::cli
