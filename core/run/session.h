// A command's connection to its database and what it learned there: shared by every operation.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/config/settings.h"
#include "core/migration/discovery.h"
#include "core/migration/resolver.h"
#include "drivers/driver.h"

namespace shiftway::run {

/// One migration of a migrate run, as it starts and once it succeeded.
struct MigrationStep {
  std::string category, version, description, type, path;
  std::string label;            ///< Label(): version "1 - init"
  std::string initial_version;  ///< the schema's version before this run ("": empty)
  std::size_t index = 0;        ///< 1-based position among the migrations this run applies
  std::size_t total = 0;
  int execution_time = 0;       ///< milliseconds, as recorded in the history (applied only)
  std::string time;             ///< its own time for the progress line, "12.3 ms" (applied only)
  std::string schema;                ///< the schema migrated
  std::string database;              ///< Target::name
  std::string database_type;         ///< Target::type
  std::string database_description;  ///< Target::database
};

/// How core reports progress without printing: the CLI decides where lines go.
struct Observer {
  std::function<void(const std::string&)> info = [](const std::string&) {};
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  /// Called once connected: the database description and whether it is the embedded default.
  std::function<void(const std::string&, bool)> connected = [](const std::string&, bool) {};
  /// migrate: before each migration runs, and after it succeeded and committed. When `applied`
  /// is empty, core reports the finished migration through `info` instead.
  std::function<void(const MigrationStep&)> migrating;
  std::function<void(const MigrationStep&)> applied;
};

/// The parts of a run every command shares. Create with Session::Open.
class Session {
 public:
  struct Options {
    bool read_only = false;  ///< never create or change anything (info, validate, dry runs)
    bool lock = false;       ///< take the migration lock before reading the history
    /// The caller works in transactions and re-reads the history in each one, so a lock that
    /// lives per transaction (drivers::LockScope::kTransaction) protects it. Without this such a
    /// lock is refused: it could not cover the command's steps.
    bool per_transaction_lock = false;
  };

  /// Discovers the files, connects, and (when asked) takes the lock. Discovery errors come first,
  /// so a bad file name never reaches the database.
  static Result<std::unique_ptr<Session>> Open(const config::Settings& settings, Options options,
                                               const Observer& observer);
  ~Session();

  const config::Settings& settings() const { return settings_; }
  drivers::Driver& driver() { return *driver_; }
  const migration::Discovery& discovery() const { return discovery_; }
  /// Hands the discovered files to the caller (the session must not use them afterwards).
  migration::Discovery TakeDiscovery() { return std::move(discovery_); }
  const drivers::ConnectionSpec& spec() const { return spec_; }
  /// "SQLite 3.40.1 (file shiftway.db)", "PostgreSQL 15.5 at 127.0.0.1:5432/app"; no password.
  std::string DatabaseDescription() const;
  /// The schema holding the history table, as messages and JSON name it.
  std::string SchemaName() const;

  /// Reads the history once (empty when the table does not exist yet).
  Result<std::vector<drivers::HistoryRow>> ReadHistory();
  bool history_exists() const { return history_exists_; }
  /// Resolves files against `history`, with repeatable checksums taken after placeholders.
  Result<migration::Resolution> Resolve(const std::vector<drivers::HistoryRow>& history);
  migration::ResolveOptions ResolveOptionsFor() const;

  /// The migration's text with placeholders replaced (built-ins included).
  Result<std::string> ReplacePlaceholders(const std::string& text, const std::string& path,
                                          const std::string& file_name) const;
  /// Whether ReplacePlaceholders would change anything in `text` (else it returns a copy).
  bool HasPlaceholders(const std::string& text) const;
  /// installed_by for new rows: installedBy, else the database user.
  std::string InstalledBy() const;
  /// The next installed_rank after `history`.
  static int NextRank(const std::vector<drivers::HistoryRow>& history);

  /// Whether any callback script exists for `event`.
  bool HasCallbacks(const std::string& event) const;
  /// Runs the callback scripts for `event` (beforeMigrate, ...), each statement in turn.
  Result<void> RunCallbacks(const std::string& event, const Observer& observer);

 private:
  Session() = default;
  config::Settings settings_;
  migration::Discovery discovery_;
  drivers::ConnectionSpec spec_;
  std::unique_ptr<drivers::Driver> driver_;
  migration::Placeholders placeholders_;
  bool history_exists_ = false;
  std::vector<drivers::HistoryRow> prefetched_;  ///< read while discovering (read-only sessions)
  bool has_prefetched_ = false;
  bool locked_ = false;
};

/// Splits a script for `dialect`. What the server would refuse before running anything (an
/// unterminated comment, string or dollar quote; a NUL byte it would stop reading at) is an error
/// at its place in `path`, so that no statement of a file that cannot run whole is executed.
Result<std::vector<sql::Statement>> SplitScript(sql::Dialect dialect, std::string_view text, const std::string& path);

/// The error SplitScript gives for a problem the splitter found in `path`.
Error SplitError(const sql::SplitProblem& problem, const std::string& path);

/// Statement-level failure: prefixes the file position and attaches the database's words.
Error StatementError(Error db_error, const std::string& path, const sql::Statement& statement);

}  // namespace shiftway::run
