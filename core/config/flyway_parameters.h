// Flyway's whole parameter list, each marked supported, refused or ignored (docs/flyway.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shiftway::config {

/// What shiftway does with a Flyway parameter.
enum class Support {
  kSupported,  ///< implemented as Flyway does it
  kRefused,    ///< a value other than `accepted` stops the run with exit 2, naming the key and its source
  kIgnored,    ///< changes presentation only (or nothing shiftway has): a warning names it
};

struct FlywayParameter {
  std::string_view name;  ///< Flyway's key as in [flyway] / flyway.conf, e.g. "sqlMigrationSuffixes"
  Support support;
  /// For refused keys: the values that equal what shiftway does anyway (Flyway's default), compared
  /// ignoring case. An empty list refuses every value.
  std::vector<std::string_view> accepted;
  /// Why it is refused or ignored, or how it is supported; shown in messages and docs/flyway.md.
  std::string_view note;
};

/// Every parameter of Flyway's documented list (Flyway 10/11, plus the Flyway 9 names that were
/// removed), in the order docs/flyway.md lists them.
const std::vector<FlywayParameter>& FlywayParameters();

/// The parameter called `key`, or null. Database-specific keys are dotted
/// ("postgresql.transactional.lock"); placeholders.NAME and environments.* are not in the table.
const FlywayParameter* FindFlywayParameter(std::string_view key);

/// The parameter an environment variable names after FLYWAY_/SHIFTWAY_ ("SQL_MIGRATION_SUFFIXES",
/// "DRYRUN_OUTPUT"): matched ignoring case and underscores, as Flyway's names are. Null if none.
const FlywayParameter* FindFlywayParameterByEnvName(std::string_view rest);

/// The table's names, for "did you mean" suggestions.
std::vector<std::string> FlywayParameterNames();

}  // namespace shiftway::config
