// The commands as library functions: each takes settings and returns a result to render.
//
// To add a command: 1. declare its function and result here and implement it in
// core/run/<command>.cc; 2. add cli/<command>.cc that parses its flags, calls it and renders the
// result; 3. add one row to the command table in cli/commands.cc and an end-to-end test.
#pragma once

#include <chrono>
#include <ctime>
#include <functional>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "core/config/settings.h"
#include "core/lint/lint.h"
#include "core/schema/compare.h"
#include "core/migration/resolver.h"
#include "core/run/session.h"

namespace shiftway::run {

/// What every command reports about the database it talked to.
struct Target {
  std::string database;  ///< Session::DatabaseDescription()
  std::string schema;
  bool embedded_default = false;  ///< the SQLite file was chosen because nothing was configured
  std::string name;  ///< what Flyway calls the database: the catalog (PostgreSQL), schema (MySQL), "main" (SQLite)
  std::string type;  ///< Flyway's database type name: "PostgreSQL", "MySQL", "MariaDB", "SQLite"
};

/// One migration that migrate or undo ran (or would run, in a dry run).
struct Executed {
  std::string category;
  std::string version;
  std::string description;
  std::string type;
  std::string path;
  int execution_time = 0;
};

struct MigrateResult {
  Target target;
  std::string initial_version;  ///< before the run ("" : empty database)
  std::string target_version;   ///< after the run
  std::vector<Executed> migrations;
  bool dry_run = false;
  std::vector<std::string> dry_run_sql;  ///< every statement in order, history writes included
  std::vector<std::string> warnings;
};
Result<MigrateResult> Migrate(const config::Settings& settings, bool dry_run, const Observer& observer);

struct InfoResult {
  Target target;
  std::string current_version;
  std::vector<migration::MigrationInfo> migrations;
  std::vector<std::string> held;  ///< contract migrations waiting for `promote`
  /// Failed migrations that were recorded before they started: installed_rank -> how far they
  /// got ("interrupted after statement 2 of 4"), docs/locking.md.
  std::map<int, std::string> interrupted;
  migration::Discovery discovery;  ///< owns the files `migrations` point into
};
/// Returns the result by pointer so MigrationInfo::file stays valid.
Result<std::unique_ptr<InfoResult>> Info(const config::Settings& settings, const Observer& observer);

/// `info --wait-for-version V --timeout S`: for init containers and app pods that must not start
/// before the schema is there. Polls the history (read-only, as `info` does) until the database is
/// at version V or later.
struct WaitOptions {
  std::string version;                       ///< at least this version
  std::chrono::milliseconds timeout{300000};  ///< 0: check once
  std::chrono::milliseconds interval{2000};  ///< between two checks
  /// Injected so tests need not wait; default: std::this_thread::sleep_for and steady_clock.
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::steady_clock::time_point()> now;
};
struct WaitResult {
  Target target;
  std::string current_version;  ///< the version reached (at least WaitOptions::version)
  int checks = 0;               ///< how many times the history was read
  std::chrono::milliseconds waited{0};
};
/// Errors: kUsage for a bad version (exit 2, no wait); kValidation (exit 1) when a failed
/// migration is in the history (nothing will move the version until `repair`; no wait) or when
/// the timeout passes with the database below V; kDatabase (exit 3) when the database could not
/// be read at the last check. Connection and read errors are retried until the timeout, because
/// the database may still be starting; configuration errors are returned at once.
Result<WaitResult> WaitForVersion(const config::Settings& settings, const WaitOptions& options,
                                  const Observer& observer);

struct ValidateResult {
  Target target;
  int validate_count = 0;
  std::vector<migration::ValidationError> errors;
  bool ok() const { return errors.empty(); }
};
Result<ValidateResult> Validate(const config::Settings& settings, const Observer& observer);

struct BaselineResult {
  Target target;
  std::string baseline_version;
  std::string description;
  bool already = false;  ///< the history already had this baseline: nothing written
};
Result<BaselineResult> Baseline(const config::Settings& settings, const Observer& observer);

struct RepairResult {
  Target target;
  std::vector<Executed> removed;   ///< failed rows deleted
  std::vector<Executed> aligned;   ///< checksums / descriptions realigned
  std::vector<Executed> deleted;   ///< missing migrations marked deleted
};
Result<RepairResult> Repair(const config::Settings& settings, const Observer& observer);

struct CleanResult {
  Target target;
  std::vector<std::string> schemas_cleaned;
  std::vector<drivers::SchemaObject> dropped;
};
Result<CleanResult> Clean(const config::Settings& settings, const Observer& observer);

struct UndoResult {
  Target target;
  std::string initial_version;
  std::string target_version;
  std::vector<Executed> undone;
  std::vector<std::string> warnings;
};
Result<UndoResult> Undo(const config::Settings& settings, const Observer& observer);

struct NewFileResult {
  std::string path;
  std::string version;  ///< "" for repeatable
};
/// Creates the next migration file in the first location. kind: V, U or R.
Result<NewFileResult> NewMigration(const config::Settings& settings, char kind, const std::string& description,
                                   const std::string& version_override, std::time_t now);

/// What `lint` compares. At most one boundary may be set; when none is, the [lint] `since` or
/// `against` key is used.
struct LintRequest {
  std::string since;        ///< --since VERSION: versions up to and including it were released
  std::string against;      ///< --against git:REF: what the locations held at REF was released
  bool against_db = false;  ///< --against-db: what the configured database applied was released
  std::string dialect;      ///< --dialect; "": from the URL, then [lint] dialect
  /// Explicit files (pre-commit hooks), linted as new whatever the boundary says. `path` is as
  /// the user gave it; `text` is the file's bytes, already read (stdin has path "-").
  struct File {
    std::string path;
    std::string text;
  };
  std::vector<File> files;
  /// --table-stats FILE: table sizes from a stats file (its bytes already read, `table_stats_text`),
  /// which win over the live ones that --against-db reads.
  std::string table_stats;
  std::string table_stats_text;
  /// With --against-db, also read the table sizes live (check --drift does not need them).
  bool live_sizes = true;
  /// With --against-db, also read the live schema, which lint then judges the new files on
  /// (lint::LintInput::live); check --drift, which compares the replay with it, reads it itself.
  bool live_schema = true;
};

/// The linter's input, and how the boundary was found (for messages and JSON).
struct LintPlan {
  lint::LintInput input;
  std::string boundary;  ///< "since version 1", "git ref v1 (3f2a9c1)", "database SQLite 3.40 (file x.db)"
};

/// Turns settings and a request into the linter's input:
///  - --since V: versioned files up to and including V are released, later ones are new.
///    Repeatable migrations count as released (a version gives no way to tell whether one changed;
///    use --against git:REF or --against-db for that).
///  - --against git:REF: files present at REF (read with libgit2, no checkout) are released with
///    their content at REF, files not at REF are new, repeatables whose content changed are
///    replayed at REF and linted as new, and a versioned file whose Flyway checksum changed since
///    REF is a ModifiedMigration.
///  - --against-db: applied versions (and baselined or below-baseline ones) and applied
///    repeatables are released; pending, failed and outdated (changed repeatable) ones are new; an
///    applied checksum that differs from the file's is a ModifiedMigration. Reads only.
/// With explicit files, `added` is exactly those files; the boundary only supplies `released`
/// (minus those same files) and the ModifiedMigrations among them. Without a boundary, explicit
/// files are linted against an empty release.
/// Undo (U) and baseline (B) files are never linted or replayed. Placeholders are replaced before
/// parsing, as migrate replaces them; an unknown placeholder is an error, as it is for migrate.
/// Built-ins that need a connection (flyway:user, flyway:database) are taken from the settings.
/// File paths are made relative to the git work tree's root when the locations are in one.
/// Errors: no dialect, no boundary, two boundaries (usage, exit 2); git and config problems;
/// database errors with --against-db.
/// The request is taken by value so that the explicit files' bytes become their texts in place
/// (std::move it in): a large file is then held once, not as bytes and as text.
Result<LintPlan> PrepareLint(const config::Settings& settings, LintRequest request, const Observer& observer);

/// A rule overridden for one `migrate --lint` run, and why.
struct LintOverride {
  std::string rule;
  std::string reason;
  int findings = 0;  ///< how many findings it let through
};

/// What `migrate --lint` decided before applying anything.
struct MigrateLintGate {
  lint::LintResult result;  ///< the findings left after the overrides
  std::string boundary;
  std::vector<LintOverride> allowed;
  bool refused = false;  ///< a remaining finding is at or above the threshold
};

/// Lints the pending migrations with the database's history as the boundary (PrepareLint with
/// --against-db on the same settings), drops the findings of the `allowed` rules (counting them),
/// and refuses when one left is at or above `threshold` (nullopt: never). Reads only.
/// Errors: an unknown rule in `allowed` or an empty reason (usage); PrepareLint's errors.
Result<MigrateLintGate> LintBeforeMigrate(const config::Settings& settings, std::vector<LintOverride> allowed,
                                          std::optional<lint::Severity> threshold, const Observer& observer);

/// `check --drift`: the live schema against the schema the applied migrations produce.
struct DriftResult {
  std::string database;  ///< Session::DatabaseDescription()
  std::string boundary;  ///< what was replayed: "database PostgreSQL 15.5 at ..."
  int applied = 0;       ///< applied migrations replayed
  /// The differences left after [check] ignore, by object key.
  std::vector<schema::Difference> differences;
  int ignored = 0;  ///< differences that [check] ignore matched
  schema::Model replayed, live;
};

/// Replays the applied migrations (at the applied checksums: a file changed since it was applied
/// is refused, as validate reports it), reads the live schema with Driver::ReadSchema and
/// compares them (schema::CompareModels). Reads only. Errors: a changed file (validation);
/// PrepareLint's and the driver's errors.
Result<DriftResult> CheckDrift(const config::Settings& settings, const Observer& observer);

/// `stats export`: the estimated size of every table in the managed schemas (Driver::ReadTableSizes),
/// as the stats file holds them. Reads only. Errors: the driver's.
Result<lint::TableStats> ExportTableStats(const config::Settings& settings, const Observer& observer);

/// The schemas Driver::ReadSchema reads for these settings: the configured ones, else the
/// driver's default schema.
std::vector<std::string> LiveSchemas(const config::Settings& settings, drivers::Driver& driver);

}  // namespace shiftway::run
