// One Settings value resolved from flags, environment, config file and defaults.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/migration/discovery.h"
#include "core/migration/placeholders.h"

namespace shiftway::config {

/// Everything a command needs to know. Keys follow Flyway's names; see the README's table.
struct Settings {
  // Connection.
  std::string url;
  std::string user;
  std::string password;
  std::vector<std::string> schemas;
  std::string table = "flyway_schema_history";
  bool create_schemas = true;
  int connect_retries = 0;
  int connect_retries_interval = 120;
  int connect_timeout = 10;
  int lock_retry_count = 50;
  std::string environment = "default";

  // Discovery and resolution.
  std::vector<std::string> locations = {"filesystem:sql"};
  std::string encoding = "UTF-8";
  bool validate_migration_naming = false;
  bool fail_on_missing_locations = false;
  migration::Placeholders placeholders;
  std::string target;  ///< "" or "latest": everything
  bool out_of_order = false;
  std::vector<std::string> ignore_migration_patterns = {"*:future"};
  bool validate_on_migrate = true;
  std::string baseline_version = "1";
  std::string baseline_description = "<< Flyway Baseline >>";
  bool baseline_on_migrate = false;
  bool clean_disabled = true;
  std::string installed_by;  ///< "" : the database user
  bool mixed = false;
  bool group = false;
  bool execute_in_transaction = true;
  migration::NamingConvention naming;  ///< sqlMigrationPrefix, sqlMigrationSuffixes, ...

  // shiftway's own sections.
  struct Lint {
    std::string since;
    std::string against;
    std::string dialect;
    std::string fail_on = "error";
    std::string server_version;
    std::map<std::string, std::string> rules;  ///< rule -> error|warning|info|off
    int small_table_rows = 0;        ///< locking findings on smaller tables drop to info; 0: off
    int large_table_rows = 1000000;  ///< locking findings on larger tables become errors
    /// cache_dir: where the SQLite front end keeps replays of released files (docs/lint.md, "The
    /// replay cache"); "off" keeps none. Unset in a file: $XDG_CACHE_HOME/shiftway, else
    /// $HOME/.cache/shiftway, else none. Load always sets it.
    std::optional<std::string> cache_dir;
  } lint;
  struct Migrate {
    bool lint = false;
    int lock_timeout_ms = 10000;  ///< lock_timeout / lock_wait_timeout while migrating
    int lock_lease_ms = 60000;    ///< lock_lease: the Galera lock row's lease (docs/locking.md)
    int lock_retries = 0;         ///< lock_retries: reruns after a lock timeout that rolled back fully
    int lock_retry_backoff_ms = 1000;  ///< lock_retry_backoff: the first retry's wait, doubled each time
  } migrate;
  struct Split {
    std::string held = "contract";  ///< where held contract migrations wait for `promote`
  } split;
  struct Verify {
    std::string queries;      ///< the previous release's queries: a .sql file or a folder of them
    std::string scratch_url;  ///< PostgreSQL/MySQL server where verify creates its throwaway database
  } verify;
  struct Check {
    /// check --drift: objects whose differences are not drift ("audit_*", "person.legacy_note"),
    /// glob patterns (`*`, `?`) matched case-insensitively against a difference's name.
    std::vector<std::string> ignore;
  } check;
  /// [fleet], or the file given with --targets: the databases and schemas `--fleet` runs over
  /// (README, "Fleets"). The three ways add up; an empty fleet is refused when --fleet runs.
  struct Fleet {
    std::vector<std::string> targets;  ///< URLs and/or schema names, in order
    std::string query;      ///< SQL whose first column gives URLs or schema names
    std::string query_url;  ///< where `query` runs; "": the configured url
    std::string sqlite;     ///< a glob of SQLite files
    std::string origin;     ///< where the fleet was named, for messages ("shiftway.toml", "--targets t.toml")
    bool empty() const { return targets.empty() && query.empty() && sqlite.empty(); }
  } fleet;

  // Where things came from, for messages.
  std::vector<std::string> config_files;  ///< the config files read, in order (a later one wins)
  bool embedded_default = false; ///< url was chosen because nothing was configured
};

/// Inputs to Load: what main() gathered without interpreting it.
struct Sources {
  /// --config / -configFiles: comma-separated files read after the default ones (Flyway's
  /// configFiles); FLYWAY_CONFIG_FILES in `env` adds files before these.
  std::string config_path;
  std::string working_directory;  ///< where default files are looked for
  std::string environment_name;   ///< --environment, or ""
  std::map<std::string, std::string> env;    ///< the process environment
  std::map<std::string, std::string> flags;  ///< Flyway key -> value from command-line flags
  std::vector<std::string> placeholder_flags;  ///< KEY=VALUE from --placeholder
  /// A missing URL is not an error and picks no embedded SQLite file: `url` stays empty. For
  /// commands that need a database only sometimes (lint).
  bool url_optional = false;
};

/// Loads settings: flags over environment variables (SHIFTWAY_* over FLYWAY_*) over the config
/// files over defaults. The files are Flyway 10's: flyway.toml and flyway.user.toml from the home
/// directory (env HOME) and the working directory, then shiftway.toml, then FLYWAY_CONFIG_FILES
/// and --config; without any TOML file, flyway.conf from the same directories. The selected
/// [environments.NAME] (its connection and its [environments.NAME.flyway] table) overrides
/// [flyway]. A Flyway setting shiftway does not implement is an error naming it and its source,
/// unless it only changes presentation: then it is a warning appended to `warnings`.
Result<Settings> Load(const Sources& sources, std::vector<std::string>& warnings);

/// Reads a --targets FILE: a TOML file with [fleet]'s keys (targets, query, query_url, sqlite),
/// at its top level or under [fleet]; ${env.NAME} resolves from `env`. It replaces the config's
/// [fleet]. An unknown key is an error naming it and the file.
Result<Settings::Fleet> LoadFleetFile(const std::string& path, const std::map<std::string, std::string>& env);

/// Where and how to look for migration files, as the settings say.
inline migration::DiscoveryOptions DiscoveryOptionsOf(const Settings& s) {
  migration::DiscoveryOptions d;
  d.locations = s.locations;
  d.encoding = s.encoding;
  d.validate_naming = s.validate_migration_naming;
  d.fail_on_missing_locations = s.fail_on_missing_locations;
  d.naming = s.naming;
  return d;
}

/// True for the Flyway keys shiftway implements (url, baselineVersion, outOfOrder, ...).
bool IsFlywayKey(std::string_view key);

/// The name of the SQLite file used when nothing names a database.
inline constexpr const char* kEmbeddedDatabase = "shiftway.db";

}  // namespace shiftway::config
