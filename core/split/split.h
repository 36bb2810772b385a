// `split` and `promote`: rewriting a breaking migration into expand now and contract later, and
// releasing the held contract steps when their release comes.
#pragma once

#include <string>
#include <vector>

#include "core/config/settings.h"
#include "core/run/operations.h"

namespace shiftway::split {

/// What `shiftway split FILE` was asked.
struct SplitRequest {
  std::string file;       ///< the unreleased migration to split, as the user gave it
  run::LintRequest lint;  ///< the release boundary and dialect, exactly as `lint` takes them
  std::string up;         ///< --up: old value -> new type, written over the old column's name
  std::string down;       ///< --down: new value -> old type, written over the new column's name
  std::string default_expr;  ///< --default: the value for rows (and writes) that have none
  /// --as-new-column: a type change ends with the column renamed to <column>_new (without it, a
  /// type change is refused: the contract cannot give the column its name back without breaking
  /// the release that uses <column>_new).
  bool as_new_column = false;
};

/// A file split writes (or promote moves).
struct GeneratedFile {
  std::string path;
  std::string text;
};

/// One breaking change split turned into expand and contract steps.
struct Handled {
  std::string rule;  ///< the lint rule that found it
  int line = 0;      ///< where in FILE
  std::string message;
};

/// An action of a rewritten ALTER TABLE that split does not rewrite, written again in the expand
/// as an ALTER TABLE of its own.
struct Kept {
  int line = 0;           ///< the statement's line in FILE
  std::string statement;  ///< as the expand has it
};

/// What split will write. Nothing is written until WriteSplit.
struct SplitPlan {
  GeneratedFile expand;                  ///< replaces FILE, same version and name
  std::vector<GeneratedFile> contracts;  ///< held for the next release
  std::vector<Handled> handled;
  std::vector<Kept> kept;  ///< in FILE's order
  /// Findings in FILE that split does not rewrite; they are left as they were.
  std::vector<lint::Finding> left;
  std::string boundary;
  sql::Dialect dialect = sql::Dialect::kPostgres;
};

/// Lints FILE against the boundary and rewrites the compatibility findings split knows
/// (rename-column, rename-table, change-column-type, add-required-column, set-not-null,
/// drop-column, drop-table) into an expand migration that keeps both releases working, and a
/// contract migration held in `settings.split.held` for the next release.
/// Errors (usage, exit 2): FILE released per the boundary or applied in the database
/// (--against-db); FILE not in a location; no breaking change split knows; a needed --up, --down
/// or --default missing; the held directory inside a scanned location.
Result<SplitPlan> PlanSplit(const config::Settings& settings, const SplitRequest& request,
                            const run::Observer& observer);

/// Writes the expand over FILE and the contract files (creating the held directory).
Result<void> WriteSplit(const SplitPlan& plan);

/// One held contract migration and where promote puts it.
struct PromoteStep {
  std::string from;     ///< held file
  std::string to;       ///< V<next>__<description>.sql in the first location
  std::string version;  ///< the version it gets
};

struct PromotePlan {
  std::string held_dir;
  std::vector<PromoteStep> steps;  ///< in the held files' name order; empty: nothing held
};

/// Gives each held contract migration the next free version (one more than the highest
/// versioned migration in the locations, whole numbers), in name order.
/// Errors: no filesystem location; the held directory inside a location; a target that exists.
Result<PromotePlan> PlanPromote(const config::Settings& settings);

/// Moves the held files to their versioned names.
Result<void> ApplyPromote(const PromotePlan& plan);

/// Fails when `held` is inside one of the scanned locations (the scan is recursive, so a held
/// contract there would be migrated at once).
Result<void> CheckHeldOutsideLocations(const config::Settings& settings);

}  // namespace shiftway::split
