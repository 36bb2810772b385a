// Version parsing and numeric comparison of arbitrary-length parts.
#include "core/migration/version.h"

namespace shiftway::migration {

Result<Version> Version::Parse(std::string_view text) {
  Version v;
  if (text.empty()) return Fail(ErrorCode::kConfig, "empty version");
  std::string part;
  auto flush = [&]() -> bool {
    if (part.empty()) return false;
    size_t nz = part.find_first_not_of('0');
    v.parts_.push_back(nz == std::string::npos ? std::string() : part.substr(nz));
    part.clear();
    return true;
  };
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      part.push_back(c);
      v.raw_.push_back(c);
    } else if (c == '.' || c == '_') {
      if (!flush()) break;
      v.raw_.push_back('.');
    } else {
      return Fail(ErrorCode::kConfig, "invalid version '" + std::string(text) +
                                          "': only digits separated by '.' or '_' are allowed");
    }
  }
  if (!flush()) {
    return Fail(ErrorCode::kConfig, "invalid version '" + std::string(text) +
                                        "': a '.' or '_' must stand between two numbers");
  }
  while (!v.parts_.empty() && v.parts_.back().empty()) v.parts_.pop_back();
  return v;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  const size_t n = std::max(parts_.size(), other.parts_.size());
  static const std::string kZero;
  for (size_t i = 0; i < n; ++i) {
    const std::string& a = i < parts_.size() ? parts_[i] : kZero;
    const std::string& b = i < other.parts_.size() ? other.parts_[i] : kZero;
    if (a.size() != b.size()) return a.size() <=> b.size();
    if (int c = a.compare(b); c != 0) return c <=> 0;
  }
  return std::strong_ordering::equal;
}

}  // namespace shiftway::migration
