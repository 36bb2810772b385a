// Fleets: many databases or schemas run one after another or side by side, each exactly as a
// single-database run (README, "Fleets").
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/config/settings.h"

namespace shiftway::run {

/// One database or schema of a fleet.
struct FleetTarget {
  /// How the target is shown and hashed for --shard: the schema name, the URL with its password
  /// replaced by "***" (otherwise as written), or the SQLite file's path. Never holds a password.
  std::string name;
  std::string url;     ///< what to connect to (may hold a password: never print it)
  std::string schema;  ///< "": the URL's own; else the schema that holds the history
  /// ${tenant}: the schema name, the URL's database name (the SQLite file's name without its
  /// extension).
  std::string tenant;
};

/// Turns settings.fleet into targets, in order: the `targets` list, then the rows of `query` (run
/// on `query_url`, else on the configured url), then the files matching `sqlite` (sorted). An
/// entry with "://" or a "sqlite:" / "jdbc:" prefix is a URL; anything else is a schema on the
/// configured url. Errors (all kConfig, exit 2): an empty fleet, a glob that matches nothing, a
/// query that fails or returns no rows, an empty or malformed entry, a schema entry without a
/// configured url, two targets of the same name. A query that cannot connect is kDatabase.
Result<std::vector<FleetTarget>> ResolveFleet(const config::Settings& settings);

/// --shard I/N: this machine runs the targets whose FleetShardOf(name, N) is I (0-based, so that
/// a Kubernetes Indexed Job's JOB_COMPLETION_INDEX is I as it is).
struct Shard {
  int index = 0;
  int count = 1;
};
/// Parses "I/N" (0 <= I < N). "auto/N" takes I from `completion_index` (the caller passes
/// JOB_COMPLETION_INDEX; "" is an error saying it is not set). Errors are kUsage.
Result<Shard> ParseShard(std::string_view text, const std::string& completion_index);
/// The shard a target belongs to among `count`: FNV-1a (64-bit) of its name, modulo count. It
/// depends on nothing but the name, so every machine computes the same split.
int FleetShardOf(std::string_view name, int count);
/// The targets of shard `shard`, in their order.
std::vector<FleetTarget> SelectShard(const std::vector<FleetTarget>& targets, const Shard& shard);

/// How one target's run ended.
enum class FleetStatus { kSucceeded, kUpToDate, kFailed, kSkipped };
const char* FleetStatusName(FleetStatus s);

/// Rollout control.
struct FleetOptions {
  int parallel = 1;            ///< targets run at once
  int canary = 0;              ///< run these first (in order); if one fails, start nothing else
  bool stop_on_error = true;   ///< --on-error stop: after a failure, start nothing new
  const std::atomic<bool>* interrupted = nullptr;  ///< set (Ctrl-C): start nothing new
};

struct FleetReport {
  std::vector<FleetStatus> status;  ///< per target, in the targets' order
  /// Why targets were not started: "the canary failed", "a target failed (--on-error stop)",
  /// "interrupted"; "" when every target ran.
  std::string stopped;
};

/// Runs `count` targets through `run_one` (called from up to `parallel` threads at once, one call
/// per target, each target at most once), and calls `finished` for each target as it ends, one
/// call at a time, in the order they end. Targets that never start stay kSkipped in the report
/// (no `finished` call). `run_one` must be safe to call from several threads: the CLI's starts a child process.
FleetReport RunFleet(size_t count, const FleetOptions& options, const std::function<FleetStatus(size_t)>& run_one,
                     const std::function<void(size_t, FleetStatus)>& finished);

}  // namespace shiftway::run
