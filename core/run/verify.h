// `verify`: proves that the previous release's queries still work, by preparing each of them on a
// scratch database at the released version and again after every new migration.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/lint/lint.h"
#include "core/run/operations.h"

namespace shiftway::run {

/// What `verify` checks, and against what.
struct VerifyRequest {
  /// The release boundary and dialect, exactly as lint takes them (--since, --against git:REF,
  /// --against-db, --dialect). Explicit files are not used.
  LintRequest boundary;
  std::string queries;      ///< --queries FILE|DIR; "": [verify] queries
  std::string scratch_url;  ///< --scratch-url; "": [verify] scratch_url (PostgreSQL, MySQL/MariaDB)
  /// --execute: a write (INSERT, UPDATE, DELETE, REPLACE, MERGE) whose capture gives sample
  /// parameters (a `-- params: ...` line before it) is also run with them, at the release and after
  /// each new migration, in a transaction on the scratch database that is always rolled back.
  bool execute = false;
  /// Polled between statements and prepares: true once the user asked to stop (SIGINT, SIGTERM).
  /// The scratch database is dropped before Verify returns either way.
  std::function<bool()> interrupted = [] { return false; };
};

/// One query of the capture, and where it came from.
struct CapturedQuery {
  std::string file;
  int line = 1;
  int column = 1;
  std::string text;
  /// The sample parameters of a `-- params: v1, v2, ...` comment line before the query, as SQL
  /// literals in placeholder order; `has_params` tells an empty list from none.
  std::vector<std::string> params;
  bool has_params = false;
};

struct VerifyResult {
  /// lint's findings on the same boundary, then verify's own: query-breaks (a query that prepared
  /// at the release and fails after a new migration) and query-bad-capture (a query that did not
  /// prepare even at the release). Summary counts cover both.
  lint::LintResult result;
  std::string boundary;  ///< as LintPlan::boundary
  std::string scratch;   ///< "SQLite in memory", "PostgreSQL 15.5 at 127.0.0.1:5432 (database shiftway_verify_...)"
  int queries = 0;       ///< queries in the capture
  int migrations = 0;    ///< new migrations applied one at a time
  int breaks = 0;
  int bad_captures = 0;
  /// Prepares not needed: a step that changed none of the tables, views and indexes a query names
  /// (and no routine, type or schema) cannot change whether it prepares.
  int skipped = 0;
  /// --execute: runs of a write with its sample parameters, each rolled back.
  int executed = 0;
  /// One line where lint and verify disagree (lint silent but a query breaks, or lint reports a
  /// compatibility finding but every query still prepares); empty when they agree.
  std::string disagreement;
};

/// Resolves the boundary as lint does (PrepareLint), reads the queries (a file split with the
/// dialect's splitter, or every .sql file under a folder, in path order), creates the scratch
/// database (SQLite: in memory; otherwise a uniquely named database on the scratch server, never
/// the configured target), applies the released migrations, prepares every query, then applies
/// each new migration in turn and prepares the queries that still prepared. The scratch
/// database is always dropped. Errors: lint's boundary errors; no queries, or none readable
/// (usage); a scratch URL missing, of another dialect, or naming the target (usage); a migration
/// that fails on the scratch database (migration, naming the statement); interrupted.
Result<VerifyResult> Verify(const config::Settings& settings, VerifyRequest request, const Observer& observer);

}  // namespace shiftway::run
