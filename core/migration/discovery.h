// Finding migration files and callbacks in the configured locations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/migration/name.h"

namespace shiftway::migration {

/// Settings from a per-script `<file>.sql.conf`.
struct ScriptConfig {
  std::optional<bool> execute_in_transaction;
  std::string encoding;  ///< empty: the global encoding
};

/// A migration file on disk.
struct MigrationFile {
  ParsedName name;
  std::string script;  ///< path relative to its location with '/' separators, as stored in history
  std::string path;    ///< path for messages: the location directory joined with script
  std::string text;    ///< decoded UTF-8, leading BOM dropped, placeholders not yet replaced
  int32_t checksum = 0;  ///< Flyway checksum of `text`
  ScriptConfig config;

  bool versioned() const { return name.kind != Kind::kRepeatable; }
};

/// A callback script such as beforeMigrate.sql.
struct CallbackFile {
  std::string event;
  std::string script;
  std::string path;
  std::string text;
};

struct DiscoveryOptions {
  std::vector<std::string> locations = {"filesystem:sql"};
  std::string encoding = "UTF-8";
  bool validate_naming = false;           ///< Flyway's validateMigrationNaming
  bool fail_on_missing_locations = false; ///< Flyway's failOnMissingLocations
  NamingConvention naming;                ///< prefixes, separator and suffixes of file names
};

struct Discovery {
  std::vector<MigrationFile> migrations;  ///< versioned (V, U, B) by version, then repeatable by description
  std::vector<CallbackFile> callbacks;    ///< by file name
  std::vector<std::string> warnings;      ///< misnamed files, missing locations
};

/// Turns "filesystem:sql" or "sql" into a directory; "classpath:" and other schemes are errors.
Result<std::string> LocationDirectory(std::string_view location);

/// Scans every location recursively. Errors: an unreadable directory or file, a duplicate
/// version (naming both files), undecodable bytes, and misnamed files when validate_naming.
Result<Discovery> Discover(const DiscoveryOptions& options);

}  // namespace shiftway::migration
