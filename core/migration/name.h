// Migration file names: V/U/B<version>__<description>.sql and R__<description>.sql.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/migration/version.h"

namespace shiftway::migration {

enum class Kind { kVersioned, kUndo, kRepeatable, kBaseline };

/// "Versioned", "Undo", "Repeatable", "Baseline" (Flyway's categories).
std::string_view KindName(Kind kind);

struct ParsedName {
  Kind kind = Kind::kVersioned;
  Version version;          ///< empty for repeatable migrations
  std::string description;  ///< underscores turned into spaces
};

/// Flyway's file-name settings: sqlMigrationPrefix, undoSqlMigrationPrefix, baselineMigrationPrefix,
/// repeatableSqlMigrationPrefix, sqlMigrationSeparator and sqlMigrationSuffixes.
struct NamingConvention {
  std::string versioned = "V";
  std::string undo = "U";
  std::string baseline = "B";
  std::string repeatable = "R";
  std::string separator = "__";
  std::vector<std::string> suffixes = {".sql"};
};

/// The outcome of looking at one file name.
struct NameCheck {
  std::optional<ParsedName> parsed;  ///< set when the name is a valid migration name
  bool is_sql = false;               ///< the name ends in a migration suffix (.sql by default, any case)
  std::string problem;               ///< why such a name is not a valid migration name
};

/// Parses a file name (no directories). Suffixes match in any case, as Flyway's do, and the
/// longest matching suffix wins; prefixes match exactly, longest first (so a prefix "VR" is not
/// taken for "V"). A file with a migration suffix that is not a migration gets `problem` set.
NameCheck ParseMigrationName(std::string_view file_name, const NamingConvention& naming = {});

/// Callback events as Flyway names them (beforeMigrate, afterEachMigrate, ...), for
/// `<event><suffix>` and `<event><separator><description><suffix>` files; empty when the name
/// is not a callback.
std::string CallbackEvent(std::string_view file_name, const NamingConvention& naming = {});

}  // namespace shiftway::migration
