// Migration versions: Flyway's parsing, ordering and stored form.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"

namespace shiftway::migration {

/// A version such as 1, 1.2, 2020_06_19 or 001.2. Parts split on '.' or '_' and compare
/// numerically (any length); trailing zero parts are ignored, so 1.1 == 1_1 == 1.01 == 1.1.0.
class Version {
 public:
  Version() = default;
  /// Parses the version part of a file name or a config value. Only digits separated by single
  /// '.' or '_' are valid.
  static Result<Version> Parse(std::string_view text);

  /// The form stored in the history table: the raw digits with '_' turned into '.' ("001.2").
  const std::string& raw() const { return raw_; }
  bool empty() const { return raw_.empty(); }

  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }

 private:
  std::string raw_;
  std::vector<std::string> parts_;  ///< leading zeros stripped ("" for zero), trailing zero parts dropped
};

}  // namespace shiftway::migration
