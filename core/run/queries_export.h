// `queries export`: writes the statements a live database's statistics recorded as the queries
// file `verify --queries` reads.
#pragma once

#include <string>

#include "core/run/operations.h"
#include "core/run/session.h"

namespace shiftway::run {

struct QueriesExportResult {
  Target target;
  /// The queries file: a header comment, then per statement a comment line naming where it came
  /// from and how often it ran, and the statement ended by `;`.
  std::string text;
  std::string source;  ///< "pg_stat_statements", "performance_schema.events_statements_summary_by_digest"
  int exported = 0;
  int not_queries = 0;  ///< left out: not SELECT, INSERT, UPDATE, DELETE or WITH (DDL, SET, SHOW, ...)
  int own = 0;          ///< left out: shiftway's own (the history table, the statistics view)
  int hidden = 0;       ///< left out: the server hides their text from this user
  int unusable = 0;     ///< left out: a digest that cannot be turned back into a statement
  int over_limit = 0;   ///< left out: beyond `limit`
};

/// Connects (read only), reads the recorded statements of the configured database (PostgreSQL)
/// or schemas (MySQL/MariaDB), keeps the SELECT, INSERT, UPDATE, DELETE and WITH statements that
/// are not shiftway's own, most called first, at most `limit` of them (0: all). Errors: the
/// connection's; a statistics view that is missing or off, or SQLite (configuration, saying what
/// to enable).
Result<QueriesExportResult> ExportQueries(const config::Settings& settings, int limit, const Observer& observer);

}  // namespace shiftway::run
