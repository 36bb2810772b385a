// Migration versions: Flyway's parsing, ordering and stored form.
#pragma once

#include <compare>
#include <string>
#include <string_view>

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

  std::strong_ordering operator<=>(const Version& other) const { return key_.compare(other.key_) <=> 0; }
  bool operator==(const Version& other) const { return key_ == other.key_; }

 private:
  std::string raw_;
  /// A key whose byte order is the numeric order: for each part, its digit count (two bytes, big
  /// endian) and its digits without leading zeros; trailing zero parts dropped. Comparing keys is
  /// one memcmp, which matters when 10,000 versions are sorted and looked up.
  std::string key_;
};

}  // namespace shiftway::migration
