// Helpers shared by the operations in core/run.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "core/run/operations.h"
#include "core/sql/statement_list.h"

namespace shiftway::run {

inline Target TargetOf(Session& s) {
  const std::string version = s.driver().ServerVersion();
  return Target{s.DatabaseDescription(), s.SchemaName(), s.settings().embedded_default, s.driver().DatabaseName(),
                version.substr(0, version.find(' '))};
}

/// Milliseconds since `start`.
inline int ElapsedMs(std::chrono::steady_clock::time_point start) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
}

/// One migration's own time on its progress line: "12.3 ms", "4.21 s", "3 min 2.5 s".
inline std::string StepTime(std::chrono::steady_clock::duration d) {
  const double ms = std::chrono::duration<double, std::milli>(d).count();
  char buf[48];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  else if (ms < 60000) std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  else std::snprintf(buf, sizeof buf, "%d min %.1f s", static_cast<int>(ms / 60000), (ms - 60000 * static_cast<int>(ms / 60000)) / 1000);
  return buf;
}

/// "version 2 - add orders" or "repeatable migration views", as progress lines name a migration.
inline std::string Label(const migration::MigrationInfo& m) {
  return m.version.empty() ? "repeatable migration \"" + m.description + "\""
                           : "version \"" + m.version + " - " + m.description + "\"";
}

enum class Mode { kTransaction, kOwnTransaction, kNoTransaction };

/// A script prepared before anything runs, so bad input never half-applies: placeholders
/// replaced, statements split, and how it must run decided.
struct Prepared {
  const migration::MigrationInfo* info = nullptr;
  /// Places in the file's text (or, after placeholders, in a copy it keeps): a Statement is made
  /// only while it runs, so a large file is not held several times over.
  sql::StatementList statements;
  Mode mode = Mode::kTransaction;
};

/// Prepares `file`. A file with its own BEGIN/COMMIT runs unwrapped; one whose statements cannot
/// run in a transaction runs outside one; mixing both kinds is refused unless configured.
Result<Prepared> PrepareScript(Session& s, const migration::MigrationFile& file);

/// One error for the problems that stop a run: a single one keeps its file, details and hint.
Error ValidationFailure(const std::vector<const migration::ValidationError*>& problems);

/// Creates the history table (and records created schemas) unless it exists; in a dry run the
/// SQL is appended to `sql` instead. Refuses a non-empty schema without history unless
/// baselineOnMigrate (as Flyway does), baselining it when allowed.
Result<void> EnsureHistory(Session& s, std::vector<drivers::HistoryRow>& history, bool dry_run,
                           const std::vector<std::string>& created_schemas, bool allow_non_empty,
                           std::vector<std::string>* sql, const Observer& observer);

/// A migration recorded in the history before it started (docs/locking.md, "Interrupted
/// migrations") whose row still says failed, and how far it got.
struct Interruption {
  const migration::MigrationInfo* info = nullptr;
  drivers::Progress progress;
};

/// The failed rows among `infos` that have a matching progress row. Reads the progress table
/// only when some row failed.
Result<std::vector<Interruption>> FindInterruptions(Session& s, const std::vector<migration::MigrationInfo>& infos);

/// "interrupted after statement 2 of 4", as `info` shows it.
std::string InterruptionState(const Interruption& i);

/// What `migrate` refuses with: the statements that applied, the one that may have, the ones that
/// never ran, and the repair that fits. `others` are the other problems that stop the run.
Error InterruptedError(Session& s, const Interruption& i, const std::vector<const migration::ValidationError*>& others);

}  // namespace shiftway::run
