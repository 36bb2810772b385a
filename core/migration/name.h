// Migration file names: V/U/B<version>__<description>.sql and R__<description>.sql.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

/// The outcome of looking at one file name.
struct NameCheck {
  std::optional<ParsedName> parsed;  ///< set when the name is a valid migration name
  bool is_sql = false;               ///< the name ends in .sql (any case)
  std::string problem;               ///< why a .sql name is not a valid migration name
};

/// Parses a file name (no directories). The .sql suffix matches in any case, as Flyway's does;
/// the prefixes are upper case. A .sql file that is not a migration gets `problem` set.
NameCheck ParseMigrationName(std::string_view file_name);

/// Callback events as Flyway names them (beforeMigrate, afterEachMigrate, ...), for
/// `<event>.sql` and `<event>__<description>.sql` files; empty when the name is not a callback.
std::string CallbackEvent(std::string_view file_name);

}  // namespace shiftway::migration
