// The table behind "the rule": every Flyway setting that changes which files run, against which
// database, under which history table or what is recorded is implemented or refused; only
// presentation may be ignored (with a warning).
#include "core/config/flyway_parameters.h"

#include "core/base/strings.h"

namespace shiftway::config {
namespace {

constexpr Support S = Support::kSupported;
constexpr Support R = Support::kRefused;
constexpr Support I = Support::kIgnored;

}  // namespace

const std::vector<FlywayParameter>& FlywayParameters() {
  static const std::vector<FlywayParameter> params = {
      // Connection ([environments.NAME] in TOML).
      {"url", S, {}, "the database URL"},
      {"user", S, {}, "the database user"},
      {"password", S, {}, "the database password; never printed"},
      {"driver", I, {}, "the client is chosen from the URL's scheme; a JDBC driver class changes nothing"},
      {"schemas", S, {}, "managed schemas; the first holds the history table"},
      {"connectRetries", S, {}, "connection retries"},
      {"connectRetriesInterval", S, {}, "maximum seconds between connection retries"},
      {"initSql", R, {""}, "SQL run on every new connection is not implemented"},
      {"jdbcProperties", R, {}, "JDBC driver properties have no equivalent; put connection parameters in the URL"},
      {"resolvers", R, {}, "property resolvers (Vault, secrets managers) are not implemented; use ${env.NAME}"},
      {"propertyResolvers", R, {}, "property resolvers are not implemented; use ${env.NAME}"},
      {"provisioner", R, {"", "none"}, "environment provisioners (clean, docker, clone) are not implemented"},
      {"environmentProvisionMode", R, {"", "provision"}, "environment provisioners are not implemented"},
      {"jarDirs", R, {""}, "Java migrations and JDBC driver jars are not supported"},
      {"kerberosConfigFile", R, {""}, "Kerberos authentication is not implemented"},
      {"environment", S, {}, "which [environments.NAME] to use"},
      // Files: which ones run and how they are read.
      {"locations", S, {}, "directories scanned recursively; classpath: is refused"},
      {"encoding", S, {}, "UTF-8, ISO-8859-1, windows-1252, US-ASCII, UTF-16"},
      {"detectEncoding", R, {"false"}, "encoding detection is not implemented; set encoding"},
      {"sqlMigrationPrefix", S, {}, "prefix of versioned migrations"},
      {"undoSqlMigrationPrefix", S, {}, "prefix of undo migrations"},
      {"baselineMigrationPrefix", S, {}, "prefix of baseline migrations"},
      {"repeatableSqlMigrationPrefix", S, {}, "prefix of repeatable migrations"},
      {"sqlMigrationSeparator", S, {}, "separator between version and description"},
      {"sqlMigrationSuffixes", S, {}, "file suffixes of migrations and callbacks"},
      {"validateMigrationNaming", S, {}, "a misnamed file is an error instead of a warning"},
      {"failOnMissingLocations", S, {}, "a missing location is an error"},
      {"callbacks", R, {""}, "Java callback classes and callback locations are not supported; put <event>.sql files in a location"},
      {"callbackLocations", R, {""}, "separate callback locations are not supported; put <event>.sql files in a location"},
      {"skipDefaultCallbacks", R, {"false"}, "SQL callbacks in the locations always run"},
      {"migrationResolvers", R, {""}, "custom migration resolvers are not supported"},
      {"skipDefaultResolvers", R, {"false"}, "the SQL resolver always runs"},
      {"placeholderReplacement", S, {}, "replace placeholders"},
      {"placeholderPrefix", S, {}, "placeholder prefix"},
      {"placeholderSuffix", S, {}, "placeholder suffix"},
      {"placeholderSeparator", R, {":"}, "only ':' separates flyway:NAME built-in placeholders"},
      {"placeholders", S, {}, "placeholder values (placeholders.NAME)"},
      {"scriptPlaceholderPrefix", R, {"FP__"}, "script config placeholders are not implemented"},
      {"scriptPlaceholderSuffix", R, {"__"}, "script config placeholders are not implemented"},
      // What runs and how it is recorded.
      {"table", S, {}, "history table"},
      {"tablespace", R, {""}, "creating the history table in a tablespace is not implemented"},
      {"defaultSchema", S, {}, "the schema that holds the history table"},
      {"createSchemas", S, {}, "create missing schemas"},
      {"target", S, {}, "migrate up to this version"},
      {"failOnMissingTarget", R, {"false"}, "a target version without a file is not checked"},
      {"cherryPick", R, {""}, "cherry-picking migrations is not implemented"},
      {"outOfOrder", S, {}, "apply pending versions below the current one"},
      {"skipExecutingMigrations", R, {"false"}, "recording migrations without running them is not implemented"},
      {"ignoreMigrationPatterns", S, {}, "version:state patterns validation ignores"},
      {"ignoreMissingMigrations", R, {"false"}, "Flyway 9 name: use ignoreMigrationPatterns=*:missing"},
      {"ignoreIgnoredMigrations", R, {"false"}, "Flyway 9 name: use ignoreMigrationPatterns=*:ignored"},
      {"ignorePendingMigrations", R, {"false"}, "Flyway 9 name: use ignoreMigrationPatterns=*:pending"},
      {"ignoreFutureMigrations", R, {"true"}, "Flyway 9 name: use ignoreMigrationPatterns without *:future"},
      {"validateOnMigrate", S, {}, "validate before migrating"},
      {"cleanOnValidationError", R, {"false"}, "cleaning the database on a validation error is not implemented"},
      {"cleanDisabled", S, {}, "clean is refused unless false"},
      {"baselineVersion", S, {}, "version for baseline"},
      {"baselineDescription", S, {}, "description for baseline"},
      {"baselineOnMigrate", S, {}, "baseline a non-empty schema without history"},
      {"installedBy", S, {}, "installed_by of new rows"},
      {"executeInTransaction", S, {}, "wrap each migration in a transaction"},
      {"mixed", S, {}, "allow non-transactional statements next to transactional ones"},
      {"group", R, {"false"}, "one transaction for all pending migrations is not implemented; each migration gets its own"},
      {"errorOverrides", R, {""}, "error overrides are not implemented"},
      {"dryRunOutput", R, {""}, "writing SQL to a file instead of running it: use `shiftway migrate --dry-run`"},
      {"lockRetryCount", S, {}, "attempts to take the migration lock"},
      {"stream", I, {}, "statement streaming changes memory use only"},
      {"batch", I, {}, "statement batching changes round trips only"},
      {"communityDBSupportEnabled", I, {}, "shiftway's databases need no community plugin"},
      {"licenseKey", I, {}, "there are no editions"},
      // Configuration sources.
      {"configFiles", S, {}, "config files, merged in order"},
      {"configFileEncoding", R, {"UTF-8", "UTF8"}, "config files are read as UTF-8"},
      {"workingDirectory", R, {"", "."}, "run shiftway in the project directory instead"},
      // Presentation.
      {"outputType", I, {}, "output format; use --output json"},
      {"outputProgress", I, {}, "progress output"},
      {"outputQueryResults", I, {}, "printing query results"},
      {"reportEnabled", I, {}, "HTML/JSON reports"},
      {"reportFilename", I, {}, "HTML/JSON reports"},
      {"loggers", I, {}, "logging framework"},
      {"color", I, {}, "colour; use --color"},
      // Database-specific settings.
      {"postgresql.transactional.lock", I, {}, "shiftway takes Flyway's advisory lock as a session lock; both exclude each other"},
      {"oracle.sqlplus", I, {}, "Oracle is not supported"},
      {"oracle.sqlplusWarn", I, {}, "Oracle is not supported"},
      {"oracle.kerberosCacheFile", I, {}, "Oracle is not supported"},
      {"oracle.walletLocation", I, {}, "Oracle is not supported"},
      {"sqlserver.kerberos.login.file", I, {}, "SQL Server is not supported"},
  };
  return params;
}

const FlywayParameter* FindFlywayParameter(std::string_view key) {
  for (const auto& p : FlywayParameters()) {
    if (p.name == key) return &p;
  }
  return nullptr;
}

const FlywayParameter* FindFlywayParameterByEnvName(std::string_view rest) {
  std::string wanted;
  for (char c : rest) {
    if (c != '_') wanted.push_back(c);
  }
  wanted = Lower(wanted);
  for (const auto& p : FlywayParameters()) {
    if (p.name.find('.') != std::string_view::npos) continue;
    if (Lower(p.name) == wanted) return &p;
  }
  return nullptr;
}

std::vector<std::string> FlywayParameterNames() {
  std::vector<std::string> out;
  for (const auto& p : FlywayParameters()) out.emplace_back(p.name);
  return out;
}

}  // namespace shiftway::config
