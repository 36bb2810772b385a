// Resolution: migration files x applied migrations -> Flyway's states, the plan, validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/migration/discovery.h"
#include "core/migration/version.h"
#include "drivers/driver.h"

namespace shiftway::migration {

/// Flyway's migration states.
enum class State {
  kPending, kAboveTarget, kBelowBaseline, kBaseline, kIgnored, kMissing, kFailedMissing, kSuccess,
  kUndone, kAvailable, kFailed, kOutOfOrder, kFuture, kFailedFuture, kOutdated, kSuperseded, kDeleted,
};

/// The display name Flyway uses: "Pending", "Above Target", "Failed (Missing)", ...
std::string_view StateName(State state);

/// One line of `info`: a migration file, an applied migration, or both.
struct MigrationInfo {
  State state = State::kPending;
  std::string category;  ///< "Versioned", "Repeatable", "Undo", "Baseline", "Schema"
  std::string version;   ///< raw version; empty for repeatable
  std::string description;
  std::string type;      ///< SQL, BASELINE, SQL_BASELINE, SCHEMA, UNDO_SQL, ...
  std::string script;
  std::optional<int32_t> checksum;          ///< the file's (after placeholders for repeatables)
  std::optional<int32_t> applied_checksum;  ///< the history row's
  const MigrationFile* file = nullptr;      ///< points into the Discovery passed to Resolve
  std::optional<drivers::HistoryRow> applied;
  bool undoable = false;                    ///< a U file exists for this version
};

struct ResolveOptions {
  std::optional<Version> target;  ///< migrate up to and including this version
  /// Flyway's target keywords: "current" (nothing above the schema's current version) or "next"
  /// (only the first pending version); "" when `target` or nothing is set.
  std::string target_keyword;
  bool out_of_order = false;
  /// Flyway's ignoreMigrationPatterns: "*:future" (default), "*:missing", "2.0:ignored", "*:*".
  std::vector<std::string> ignore_patterns = {"*:future"};
  /// Checksums of repeatable files after placeholder replacement, by index into migrations;
  /// when absent the raw checksum is used.
  std::vector<std::optional<int32_t>> replaced_checksums;
};

/// One problem `validate` reports.
struct ValidationError {
  std::string code;     ///< Flyway's error codes: CHECKSUM_MISMATCH, FAILED_VERSIONED_MIGRATION, ...
  std::string version;
  std::string description;
  std::string path;     ///< the file, or the script recorded in history
  std::string message;               ///< one line, Flyway's wording
  std::vector<std::string> details;  ///< "-> Applied to database : 123", ...
  std::string hint;                  ///< what to do next

  /// message, details and hint on separate lines, as Flyway prints them.
  std::string Text() const;
};

struct Resolution {
  std::vector<MigrationInfo> infos;          ///< applied by rank, then pending by version, then repeatables
  std::vector<const MigrationInfo*> plan;    ///< what migrate would run, in order
  std::string current_version;               ///< highest applied version (or baseline), "" if none
  std::optional<Version> baseline_version;
  const MigrationFile* baseline_file = nullptr;  ///< B file to apply on an empty database
  bool history_empty = true;

  /// Problems, in Flyway's order. `pending_is_error` is true for the `validate` command and false
  /// for validate-on-migrate.
  std::vector<ValidationError> Validate(bool pending_is_error, const ResolveOptions& options) const;
};

Resolution Resolve(const Discovery& discovery, const std::vector<drivers::HistoryRow>& history,
                   const ResolveOptions& options);

/// True when `pattern` (version:state, either side "*") matches; e.g. "*:missing".
bool MatchesIgnorePattern(const std::vector<std::string>& patterns, const std::string& version, std::string_view state);

}  // namespace shiftway::migration
