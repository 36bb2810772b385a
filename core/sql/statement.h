// One SQL statement cut out of a migration file, with where it starts.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shiftway::sql {

/// A statement as a splitter found it. `text` starts at the statement's first token (leading
/// whitespace and comments are skipped) and excludes the terminating delimiter and trailing
/// whitespace; comments inside it are kept. `line` and `column` are 1-based and point at the first
/// character of `text` in the original file (columns count bytes, CRLF counts as one line end).
struct Statement {
  std::string text;
  int line = 1;
  int column = 1;
  std::size_t offset = 0;  ///< byte offset of the first character in the file
  /// For PostgreSQL `COPY ... FROM STDIN`: the data lines that follow the statement, up to and
  /// excluding the `\.` terminator line. Empty for every other statement.
  std::string copy_data;
  bool has_copy_data = false;
};

/// The SQL dialects shiftway understands.
enum class Dialect { kSqlite, kPostgres, kMysql };

/// "sqlite", "postgres", "mysql".
std::string_view DialectName(Dialect d);

/// What a splitter found that its server would refuse, so nothing may run: an unterminated block
/// comment, string, quoted identifier or dollar quote (at its opening), or a NUL byte where the
/// server would stop reading the statement (PostgreSQL and SQLite).
struct SplitProblem {
  std::string message;     ///< "unterminated block comment: no */ closes this /*"
  std::size_t offset = 0;  ///< byte offset in the file
  int line = 1;
  int column = 1;
};

/// Splits a whole file into statements for a dialect. Never splits inside strings, quoted
/// identifiers, comments, dollar-quoted or BEGIN...END bodies. Empty statements (`;;`) and
/// comment-only tails are dropped. A statement missing its final delimiter is still returned.
/// When `problem` is given, it receives the first problem (or nullopt); the statements are
/// returned either way, as the scan found them.
std::vector<Statement> Split(Dialect dialect, std::string_view text, std::optional<SplitProblem>* problem = nullptr);

/// Receives each statement as a splitter finds it.
using StatementSink = std::function<void(Statement&&)>;

/// Like Split, but hands each statement to `each` in file order as soon as it is found, so a caller
/// that handles one statement at a time holds one statement's copy of the text, not all of them.
/// `problem` is filled at the end, after the last statement.
void SplitEach(Dialect dialect, std::string_view text, const StatementSink& each,
               std::optional<SplitProblem>* problem = nullptr);

/// Where the rows of a PostgreSQL `INSERT ... VALUES (...), (...) [tail]` are: `rows_start` is just
/// past the VALUES keyword, `rows` each row from its '(' to just past its ')', and `tail_start`
/// where what follows the last row (ON CONFLICT, RETURNING, ORDER BY ...) begins, or the end.
/// Strings, quoted names, dollar quotes and comments are skipped as the splitter skips them.
struct ValuesRows {
  std::size_t rows_start = 0;
  std::vector<std::pair<std::size_t, std::size_t>> rows;
  std::size_t tail_start = 0;
};
/// nullopt when `statement` has no VALUES list at the top level, or its parentheses do not match.
std::optional<ValuesRows> PostgresValuesRows(std::string_view statement);

/// Per-dialect entry points used by Split and SplitEach.
std::vector<Statement> SplitSqlite(std::string_view text, std::optional<SplitProblem>* problem = nullptr);
std::vector<Statement> SplitPostgres(std::string_view text, std::optional<SplitProblem>* problem = nullptr);
std::vector<Statement> SplitMysql(std::string_view text, std::optional<SplitProblem>* problem = nullptr);
void SplitSqliteEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem = nullptr);
void SplitPostgresEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem = nullptr);
void SplitMysqlEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem = nullptr);

}  // namespace shiftway::sql
