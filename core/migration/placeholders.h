// ${name} placeholder replacement in migration text, as Flyway does it.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace shiftway::migration {

/// Placeholder values keyed by lower-cased name (names are case-insensitive). Built-ins use the
/// names "flyway:defaultschema", "flyway:user", ...; Placeholders::WithBuiltins adds the
/// "shiftway:" spellings.
struct Placeholders {
  std::map<std::string, std::string> values;
  std::string prefix = "${";
  std::string suffix = "}";
  bool enabled = true;  ///< Flyway's placeholderReplacement

  /// Sets a value; the name is lower-cased.
  void Set(std::string_view name, std::string value);
  /// Adds flyway:NAME and shiftway:NAME for each built-in unless the user set one already
  /// (a user value for flyway:timestamp pins the time, which tests and checksums need).
  void AddBuiltin(std::string_view name, std::string value);
};

/// Replaces every ${name} in `text`. An unknown name is an error at its line and column in
/// `file`, naming the placeholder and how to define it. Text that is not a well-formed
/// placeholder name (spaces, quotes) is left alone.
Result<std::string> ReplacePlaceholders(std::string_view text, const Placeholders& placeholders,
                                        std::string_view file);

}  // namespace shiftway::migration
