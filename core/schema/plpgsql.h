// PL/pgSQL bodies (DO blocks, functions, procedures) read with libpg_query's PL/pgSQL parser: the
// SQL statements they run, in order, so the linter can judge what a migration really does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shiftway::schema {

/// One SQL statement that a PL/pgSQL body runs.
struct PlpgsqlStatement {
  int line = 1;     ///< 1-based, counted from the line where the body's quote opens
  std::string sql;  ///< the statement; for EXECUTE of a string literal, the literal's text
  /// EXECUTE of an expression that is not a plain string literal (format(...), concatenation):
  /// what it runs is only known at run time. `sql` then holds the expression.
  bool dynamic = false;
  /// Stands for the whole body of a routine in a language the linter cannot read ("plpython3u").
  std::string foreign_language;
};

/// What a body runs, or `ok == false` with `error` when it is not PL/pgSQL libpg_query can read.
struct PlpgsqlBody {
  bool ok = false;
  std::string error;
  std::vector<PlpgsqlStatement> statements;
};

/// Reads the body of `statement`, a `DO` block or a `CREATE FUNCTION`/`PROCEDURE ... LANGUAGE
/// plpgsql`. Statements nested in IF, CASE, loops and exception handlers are included, in the
/// order they appear: the linter cannot know which branch runs, so it judges every one.
PlpgsqlBody ReadPlpgsql(std::string_view statement);

}  // namespace shiftway::schema
