// The compatibility linter's entry point: released and new migration files in, findings out.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/lint/table_stats.h"
#include "core/schema/model.h"
#include "core/sql/statement.h"

namespace shiftway::lint {

/// How bad a finding is. `--fail-on` compares against it.
enum class Severity { kInfo, kWarning, kError };

/// Why a rule exists: it breaks the previous release, it blocks traffic, or it is bad practice.
enum class Category { kCompatibility, kLocking, kHygiene };

/// "error", "warning", "info".
std::string_view SeverityName(Severity s);
/// "compatibility", "locking", "hygiene".
std::string_view CategoryName(Category c);
/// Parses "error" / "warning" / "info"; false for anything else.
bool ParseSeverity(std::string_view text, Severity* out);

/// A migration file as the linter sees it: already resolved, placeholders already replaced.
struct LintFile {
  std::string path;         ///< as displayed, relative to the repository root
  std::string version;      ///< raw version ("1.2", "001"); "" for repeatable migrations
  bool repeatable = false;  ///< an R__ migration: replayed after all versioned ones
  std::string text;         ///< contents with placeholders replaced
  /// The runner will execute the whole file in one transaction whatever it contains
  /// (executeInTransaction=true, group=true); an explicit BEGIN in the file counts too.
  bool force_transaction = false;
};

/// A released migration whose contents changed since it was released.
struct ModifiedMigration {
  std::string path;
  std::string version;
  std::int32_t released_checksum = 0;  ///< Flyway checksum at the boundary
  std::int32_t current_checksum = 0;   ///< Flyway checksum now
};

/// Lint settings, from `[lint]` in shiftway.toml and the command line.
struct LintConfig {
  std::map<std::string, Severity, std::less<>> severity;  ///< per-rule severity overrides
  std::set<std::string, std::less<>> disabled;            ///< rules turned off
  std::set<std::string, std::less<>> enabled;             ///< rules that are off by default, turned on
  /// The server version where a rule depends on it ("11", "8.0.30"); empty means a current one.
  std::string server_version;
  /// Size grading of locking findings (docs/lint.md, "Table sizes"): on a table with fewer rows
  /// than small_table_rows a locking finding drops to info; above large_table_rows it is an error.
  /// small_table_rows is 0 (off) unless set: the database lint reads may be a small staging copy.
  std::int64_t small_table_rows = 0;
  std::int64_t large_table_rows = 1000000;
  /// `[check] ignore`: differences between the live and the replayed schema that are not
  /// released-schema-drift findings (schema::IgnoredDifference). The live schema still wins.
  std::vector<std::string> drift_ignore;
};

/// The live schema of the database that `--against-db` lints against (Driver::ReadSchema).
struct LiveSchema {
  /// What the catalog holds; with `statements`, the model they build in the front end instead.
  schema::Model model;
  /// The schemas it was read from: an object elsewhere is as replay has it.
  std::vector<std::string> schemas;
  /// SQLite: the CREATE texts the file holds, in the order they run (Driver::ReadSchemaStatements).
  /// The SQLite front end's in-memory database is rebuilt from them, so that the new migrations
  /// run against the live file's tables, not the replayed ones, and the live model is read from
  /// it as ReadSchema reads it. Empty for the other servers.
  std::vector<std::string> statements;
};

/// Keeps the replay of the released files between runs, for a front end that can snapshot it
/// (SQLite's, which runs every statement): linting a new file after a long history then costs what
/// the files not yet replayed cost. `key` is the whole input of a replay, file after file in replay
/// order; an implementation compares it exactly, so a snapshot is only ever used for the very same
/// files.
struct ReplayHit {
  size_t files = 0;      ///< how many of the replay's first files the snapshot covers
  std::string snapshot;
};

class ReplayCache {
 public:
  virtual ~ReplayCache() = default;
  /// The kept snapshot of the longest prefix of the replay `key` describes. `ends[k - 1]` is the
  /// length of the part of `key` that ends with the k-th file (ascending; the last is key.size()).
  /// So when one file was released since the last lint, the snapshot of the others is used and
  /// only that file runs.
  virtual std::optional<ReplayHit> Load(std::string_view key, const std::vector<size_t>& ends) = 0;
  virtual void Store(std::string_view key, std::string_view snapshot) = 0;
};

/// Everything the linter needs; how the release boundary was found is the caller's business.
struct LintInput {
  sql::Dialect dialect = sql::Dialect::kPostgres;
  std::vector<LintFile> released;  ///< in order; repeatables are replayed after the versioned ones
  std::vector<LintFile> added;     ///< new in this release, in order (new or changed repeatables too)
  std::vector<ModifiedMigration> modified;  ///< released files whose checksum changed
  /// The highest version that was released (applied or at the boundary). Empty: the highest
  /// version among `released`.
  std::string released_max_version;
  /// The history starts from a baseline (a B migration, a baseline row in the database) rather than
  /// from an empty schema, so objects that no migration created may exist and may be in use.
  bool baseline = false;
  /// The configured schemas (`schemas`), in order. On PostgreSQL each migration starts with the
  /// search_path "first schema", "$user", public, as under Flyway (docs/flyway.md): the first is
  /// where CREATE puts objects.
  std::vector<std::string> schemas;
  LintConfig config;
  /// Table sizes (`--table-stats FILE`, or read live with --against-db): locking findings on a
  /// table they list carry its size and are graded by it.
  std::optional<TableStats> table_stats;
  /// Where the released files' replay is kept between runs; null: replayed every time.
  std::shared_ptr<ReplayCache> replay_cache;
  /// With --against-db: the database's own schema. It is the released schema the new files are
  /// judged on: after the released files are replayed, each way the catalog differs from the
  /// replay is settled the catalog's way (schema::ReconcileModels), and is a
  /// released-schema-drift finding.
  std::optional<LiveSchema> live;
};

/// Expand/contract SQL for a breaking change: what to ship now, and what to ship a release later.
struct Suggestion {
  std::vector<std::string> expand;
  std::vector<std::string> contract;
  bool empty() const { return expand.empty() && contract.empty(); }
};

/// One rule's report about one place in a file.
struct Finding {
  std::string rule;
  Severity severity = Severity::kError;
  Category category = Category::kCompatibility;
  std::string file;
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in bytes
  std::string message;
  std::string help;
  Suggestion suggestion;
  std::string source_line;  ///< the text of `line`, for the human renderer's caret
  /// The object the finding is about ("column:public.person.last_name"); a deprecation marker for
  /// it shipped in an earlier release makes drops and renames of it allowed.
  std::string subject;
  /// The released table the statement acts on, for size grading; empty when none.
  std::string table_schema;
  std::string table;
};

/// Counts for the summary line and the JSON `summary` object.
struct Summary {
  int files = 0;       ///< new files linted
  int statements = 0;  ///< statements in those files
  int errors = 0;
  int warnings = 0;
  int infos = 0;
};

/// The linter's result: findings sorted by file order, line and column.
struct LintResult {
  std::vector<Finding> findings;
  Summary summary;
};

/// Replays `released` into a schema model, applies `added` statement by statement, and runs every
/// enabled rule. Fails only on bad configuration (an unknown rule name); anything in the SQL,
/// however broken, becomes a finding.
Result<LintResult> Lint(const LintInput& input);

/// The schema model that replaying `in.released` builds: the released schema that Lint judges
/// `in.added` against when there is no `in.live`, and what `check --drift` compares a live
/// database with. It never reads `in.live`.
schema::Model ReplayReleased(const LintInput& in);

/// True when `severity` is at or above the `--fail-on` threshold.
inline bool AtOrAbove(Severity severity, Severity threshold) {
  return static_cast<int>(severity) >= static_cast<int>(threshold);
}

}  // namespace shiftway::lint
