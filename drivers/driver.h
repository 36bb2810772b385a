// The driver interface: everything shiftway needs from one kind of database, and nothing more.
//
// The core owns the policy (order, transactions, history rows, ranks, locking sequence); a driver
// only talks to its database. To add a driver:
//   1. Create drivers/<name>/ with a class deriving from Driver and an Open<Name>() factory.
//   2. Add one line for its URL dialect to OpenDriver() in drivers/registry.cc, and an option in
//      CMakeLists.txt.
//   3. Instantiate the conformance suite for it in tests/conformance/ (one INSTANTIATE line).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/error.h"
#include "core/lint/table_stats.h"
#include "core/schema/model.h"
#include "core/sql/statement.h"
#include "drivers/url.h"

namespace shiftway::drivers {

/// One row of Flyway's schema history table, column for column.
struct HistoryRow {
  int installed_rank = 0;
  std::optional<std::string> version;  ///< null for repeatable and SCHEMA rows
  std::string description;
  std::string type;                    ///< SQL, BASELINE, SQL_BASELINE, SCHEMA, DELETE, UNDO_SQL, ...
  std::string script;
  std::optional<int32_t> checksum;
  std::string installed_by;
  std::string installed_on;            ///< as the database renders it; empty: let the database set it
  int execution_time = 0;              ///< milliseconds
  bool success = true;
};

/// How far a migration got that was recorded in the history before it started (docs/locking.md,
/// "Interrupted migrations"). One row per such migration, in the side table `<table>_progress`
/// next to the history table: Flyway never reads it, and the history table keeps Flyway's shape.
struct Progress {
  int installed_rank = 0;              ///< the history row it belongs to
  std::optional<std::string> version;
  std::string script;
  std::optional<int32_t> checksum;
  int statements = 0;                  ///< n: statements in the migration
  int done = 0;                        ///< k: statements known to have completed
  /// How the run that ran it ended: kRunning (it never said: killed, or the connection went),
  /// kStatementFailed (statement k + 1 failed), kStoppedBetween (something else failed after
  /// statement k, before statement k + 1 started), kRolledBack (a later statement failed, and the
  /// ones after k, not yet committed, were rolled back with it).
  int stop = kRunning;
  static constexpr int kRunning = 0, kStatementFailed = 1, kStoppedBetween = 2, kRolledBack = 3;
};

/// One statement a server's statistics recorded, with its literals already replaced by the
/// server's placeholders ($1 on PostgreSQL, ? on MySQL/MariaDB); `queries export` reads them.
struct RecordedStatement {
  std::string text;   ///< as the server recorded it
  int64_t calls = 0;  ///< how often it ran since the statistics were last reset
  std::string where;  ///< "database app" (PostgreSQL), "schema app" (MySQL/MariaDB)
  /// The server hides the text from this user (PostgreSQL shows another role's statements only
  /// to members of pg_read_all_stats); `text` is then empty.
  bool hidden = false;
  /// Why `text` cannot be prepared as recorded (a digest the server cut short, or one that
  /// dropped how many values a row holds); empty when it can.
  std::string unusable;
};

/// One column of a table as an INSERT meets it (`verify`), in the table's order.
struct InsertColumn {
  std::string name;
  /// NOT NULL without a default and filled by nothing else (no identity, auto-increment or
  /// generated column, nor SQLite's INTEGER PRIMARY KEY): an INSERT that leaves it out fails.
  bool required = false;
  /// Why the database refuses a value for it, empty when it takes one: "GENERATED ALWAYS AS
  /// IDENTITY" (PostgreSQL, unless OVERRIDING SYSTEM VALUE), or "a generated column" (PostgreSQL
  /// STORED, MySQL/MariaDB VIRTUAL or STORED, SQLite): an INSERT may only give it DEFAULT.
  std::string generated;
  bool identity = false;  ///< the refusal is PostgreSQL's identity ALWAYS
};

/// Settings a driver needs to connect and to behave; resolved by the core from configuration.
struct DriverOptions {
  std::string table = "flyway_schema_history";
  std::vector<std::string> schemas;       ///< first one holds the history table; empty: the default
  int connect_timeout_s = 10;
  int connect_retries = 0;                ///< Flyway's connectRetries
  int connect_retries_interval_s = 120;   ///< Flyway's connectRetriesInterval (max backoff)
  int lock_retry_count = 50;              ///< Flyway's lockRetryCount: attempts, one second apart
  int lock_timeout_ms = 10000;            ///< lock_timeout / lock_wait_timeout while migrating; 0: off
  int lock_lease_ms = 60000;              ///< Galera: the lock row's lease, renewed every third of it
  bool read_only = false;                 ///< dry run: never create or change anything
  /// Called before each connectRetries wait, as Flyway logs each retry: "connection to ... failed
  /// (attempt 1 of 4): why; retrying in 2 s". May be empty.
  std::function<void(const std::string&)> on_retry;
};

/// The message on_retry gets.
inline std::string RetryMessage(const std::string& where, const std::string& why, int attempt, int attempts,
                                int wait_s) {
  return "connection to " + where + " failed (attempt " + std::to_string(attempt) + " of " + std::to_string(attempts) +
         "): " + why + "; retrying in " + std::to_string(wait_s) + " s";
}

/// After a failed connection attempt that may heal (a server or volume still starting): reports
/// it through on_retry, as Flyway logs each retry, and sleeps Flyway's backoff: 1 s, doubled each
/// time, at most connectRetriesInterval. `backoff_s` starts at 1 and carries the wait to the next call.
inline void WaitBeforeRetry(const DriverOptions& options, const std::string& where, const std::string& why,
                            int attempt, int attempts, int* backoff_s) {
  if (options.on_retry) options.on_retry(RetryMessage(where, why, attempt, attempts, *backoff_s));
  std::this_thread::sleep_for(std::chrono::seconds(*backoff_s));
  *backoff_s = std::min(*backoff_s * 2, std::max(1, options.connect_retries_interval_s));
}

/// Reported while waiting for another process's migration lock.
struct LockWait {
  int attempt = 0;
  int max_attempts = 0;
  std::string holder;        ///< "backend pid 4242", "connection id 17", "another process"
  std::string free_command;  ///< SQL or action that would free it, or empty
};

/// How long the migration lock lives once taken (docs/locking.md).
enum class LockScope {
  kSession,      ///< from Lock until Unlock or the end of the connection
  kTransaction,  ///< only inside a transaction: Begin takes it again every time
};

/// An object that `clean` drops.
struct SchemaObject {
  std::string schema;
  std::string kind;  ///< "table", "view", "index", "trigger", "sequence", "type", "function", ...
  std::string name;
};

/// A connection to one database. Not thread-safe; one per process run.
class Driver {
 public:
  virtual ~Driver() = default;

  virtual sql::Dialect dialect() const = 0;
  /// "SQLite 3.40.1", "PostgreSQL 15.5", "MariaDB 10.11.6".
  virtual std::string ServerVersion() const = 0;
  /// The user name recorded in installed_by by default ("" on SQLite, as Flyway does).
  virtual std::string CurrentUser() const = 0;
  /// The schema that holds the history table ("main" on SQLite).
  virtual std::string DefaultSchema() const = 0;
  /// The database name for ${flyway:database}.
  virtual std::string DatabaseName() const = 0;
  /// Whether DDL is rolled back with its transaction (PostgreSQL, SQLite: yes; MySQL: no).
  virtual bool TransactionalDdl() const = 0;

  /// Takes the exclusive migration lock, calling on_wait before each retry; fails after
  /// lock_retry_count attempts naming the holder.
  ///
  /// With LockScope::kTransaction (PostgreSQL behind a transaction pooler) Lock only remembers
  /// on_wait, and every Begin waits for the lock the same bounded way; Commit and Rollback release
  /// it. The core then re-reads the history in each transaction, and never runs statements
  /// outside one under such a lock.
  virtual Result<void> Lock(const std::function<void(const LockWait&)>& on_wait) = 0;
  virtual Result<void> Unlock() = 0;
  virtual LockScope lock_scope() const { return LockScope::kSession; }
  /// One sentence on how the connection reaches the database when that changes how the lock
  /// works ("connected through PgBouncer in transaction pooling mode; ..."); empty for a direct
  /// connection.
  virtual std::string Topology() const { return ""; }
  /// After Lock: one sentence worth telling the user about how the lock was taken (a Galera lock
  /// taken over from a crashed holder whose lease had expired), or empty.
  virtual std::string LockNote() const { return ""; }

  virtual Result<void> Begin() = 0;
  virtual Result<void> Commit() = 0;
  /// The statements Begin (under a session lock) and Commit send, for --dry-run.
  virtual std::string BeginSql() const = 0;
  virtual std::string CommitSql() const { return "COMMIT"; }
  /// After Commit failed: whether the transaction may have committed all the same, because the
  /// connection went while COMMIT was in flight and the server's answer never arrived.
  virtual bool CommitOutcomeUnknown() const { return false; }
  /// Why this process no longer holds the migration lock it took (a Galera lease that another
  /// process took over), or "" while it holds it. After that it must not touch the history.
  virtual std::string LockLost() { return ""; }
  virtual Result<void> Rollback() = 0;
  /// Runs one statement. An error carries db_message and sqlstate; the caller adds the position.
  /// When the database reports a position inside the statement, the error's pos holds it as
  /// line/column relative to the statement's first character (line 1, column 1).
  virtual Result<void> Execute(const sql::Statement& statement) = 0;
  /// What Flyway does before each migration, undo and callback script (`restoreOriginalState`,
  /// then `changeCurrentSchemaTo` the default schema), so that session state one script set does
  /// or does not reach the next exactly as under Flyway (docs/flyway.md, "Session state between
  /// migrations"). PostgreSQL: the role of the connection's start, and the search_path; MySQL and
  /// MariaDB: user variables, foreign_key_checks, sql_safe_updates and the current database;
  /// SQLite: nothing.
  virtual Result<void> RestoreSessionState() { return {}; }
  /// Statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
  /// PRAGMA foreign_keys, ...).
  virtual bool CannotRunInTransaction(const sql::Statement& statement) const = 0;
  /// After `statement` failed outside a transaction: what it left behind all the same, one
  /// sentence each, naming the object and how to remove it (PostgreSQL: the INVALID index of a
  /// failed CREATE INDEX CONCURRENTLY). Empty when a failed statement leaves nothing.
  virtual std::vector<std::string> LeftBehind(const sql::Statement& statement) { return {}; }

  /// Prepares `text` (one statement) without running it, so the database checks its names and
  /// types against the schema as it is now (`verify`): SQLite sqlite3_prepare_v2, PostgreSQL the
  /// protocol's Parse of the unnamed statement, MySQL/MariaDB a server-side prepared statement.
  /// Parameter placeholders ($1, ?) are typed by the database from the schema; on PostgreSQL one
  /// that nothing types (42P18, `SELECT $1`) is typed text and the prepare tried again. The error
  /// carries db_message and sqlstate, and pos relative to the statement when the database gives
  /// one. Nothing is kept prepared afterwards.
  virtual Result<void> Prepare(const std::string& text) {
    return Fail(Error(ErrorCode::kDatabase, "this driver cannot prepare a statement without running it"));
  }

  /// The columns of `table` in `schema` ("": the one an unqualified name in a query resolves to:
  /// PostgreSQL's search_path, the current MySQL database, SQLite's main), in the table's order, for
  /// the INSERTs that prepare but would fail (`verify`). Names are as the catalog spells them (the
  /// caller folds unquoted PostgreSQL names). Empty when there is no such table.
  virtual Result<std::vector<InsertColumn>> InsertColumns(const std::string& schema, const std::string& table) {
    return Fail(Error(ErrorCode::kDatabase, "this driver cannot read a table's columns"));
  }

  /// The statements the server's statistics recorded for this database (PostgreSQL:
  /// pg_stat_statements, rows of the current database; MySQL/MariaDB:
  /// performance_schema.events_statements_summary_by_digest, rows whose default schema is one of
  /// `schemas`, or the connection's database when empty), most called first. A statistics view
  /// that is missing or switched off is a configuration error that says what to enable; SQLite
  /// records no statements.
  virtual Result<std::vector<RecordedStatement>> RecordedStatements(const std::vector<std::string>& schemas) {
    return Fail(Error(ErrorCode::kConfig, "this database records no statements it ran, so there is nothing to export")
                    .Hint("capture the previous release's queries from its test suite or its own query log instead "
                          "(docs/verify.md, \"Capturing the previous release's queries\")"));
  }

  /// Creates the named schemas that do not exist yet; returns the ones it created.
  virtual Result<std::vector<std::string>> EnsureSchemas(const std::vector<std::string>& schemas) = 0;
  virtual Result<bool> HistoryExists() = 0;
  virtual Result<void> CreateHistory() = 0;
  /// The SQL that CreateHistory runs, for --dry-run.
  virtual std::vector<std::string> CreateHistorySql() const = 0;
  /// All rows ordered by installed_rank.
  virtual Result<std::vector<HistoryRow>> ReadHistory() = 0;
  virtual Result<void> InsertHistory(const HistoryRow& row) = 0;
  /// The INSERT that InsertHistory runs, with values inlined, for --dry-run.
  virtual std::string InsertHistorySql(const HistoryRow& row) const = 0;
  /// Rewrites description, type, checksum, execution_time and success of the row with
  /// row.installed_rank.
  virtual Result<void> UpdateHistory(const HistoryRow& row) = 0;
  /// The UPDATE that UpdateHistory runs, with values inlined, for --dry-run.
  virtual std::string UpdateHistorySql(const HistoryRow& row) const = 0;
  virtual Result<void> DeleteHistory(int installed_rank) = 0;

  /// The progress side table (see Progress). EnsureProgress creates it if missing (DDL: call it
  /// outside a transaction); WriteProgress replaces the row of p.installed_rank; SetProgress
  /// rewrites only done and stop, one cheap UPDATE per statement; ReadProgress returns no rows
  /// when the table does not exist (ProgressExists tells); DropProgress drops it if it exists.
  virtual Result<void> EnsureProgress() = 0;
  virtual Result<void> WriteProgress(const Progress& p) = 0;
  virtual Result<void> SetProgress(int installed_rank, int done, int stop) = 0;
  virtual Result<std::vector<Progress>> ReadProgress() = 0;
  virtual Result<bool> ProgressExists() = 0;
  virtual Result<void> DropProgress() = 0;
  /// The SQL that EnsureProgress, WriteProgress, SetProgress and DropProgress run, text for text,
  /// for --dry-run (one string may hold several statements, as the driver sends them).
  virtual std::string EnsureProgressSql() const = 0;
  virtual std::string WriteProgressSql(const Progress& p) const = 0;
  virtual std::string SetProgressSql(int installed_rank, int done, int stop) const = 0;
  virtual std::string DropProgressSql() const = 0;

  /// Every object in the schemas that `clean` would drop.
  virtual Result<std::vector<SchemaObject>> ListObjects(const std::vector<std::string>& schemas) = 0;
  /// Drops everything ListObjects lists (the history table included).
  virtual Result<void> Clean(const std::vector<std::string>& schemas) = 0;

  /// The live schema of `schemas` (empty: the default schema) as the same schema::Model that
  /// replaying migrations builds (docs/drift.md): tables, columns (types spelled as the dialect's
  /// front end spells them), constraints, indexes, views and their columns, enum types,
  /// sequences, routines and triggers. The history table and its _progress side table are left
  /// out. The model's default schema is the first of `schemas`, as lint replays with it.
  virtual Result<schema::Model> ReadSchema(const std::vector<std::string>& schemas) = 0;
  /// SQLite keeps its schema as CREATE texts: those ReadSchema reads, in the order it runs them
  /// (tables, then indexes, views and triggers, each in rowid order), for lint --against-db to
  /// load the live file into the SQLite front end's in-memory database. Servers that keep a
  /// catalog instead return none.
  virtual Result<std::vector<std::string>> ReadSchemaStatements(const std::vector<std::string>& schemas) {
    return std::vector<std::string>{};
  }
  /// Runs a read-only query (a fleet's control query, `[fleet] query`) and returns its first
  /// column, row by row in the database's order; NULL is "". Errors carry the database's text.
  virtual Result<std::vector<std::string>> SelectColumn(const std::string& sql) = 0;

  /// The estimated rows and bytes (data and indexes) of every table in `schemas` (empty: the
  /// default schema), the history table and its side tables left out (docs/lint.md, "Table
  /// sizes"). PostgreSQL: pg_class.reltuples (-1 until the table is first analyzed) and
  /// pg_total_relation_size; MySQL/MariaDB: information_schema.TABLES TABLE_ROWS and
  /// DATA_LENGTH + INDEX_LENGTH; SQLite: count(*) (exact) and the dbstat pages of the table and
  /// its indexes.
  virtual Result<std::vector<lint::TableSize>> ReadTableSizes(const std::vector<std::string>& schemas) = 0;
};

/// Opens a driver for a parsed URL; a URL for a driver not built in is a configuration error.
Result<std::unique_ptr<Driver>> OpenDriver(const ConnectionSpec& spec, const DriverOptions& options);

}  // namespace shiftway::drivers
