// Version parsing and numeric comparison of arbitrary-length parts.
#include "core/migration/version.h"

namespace shiftway::migration {

Result<Version> Version::Parse(std::string_view text) {
  Version v;
  if (text.empty()) return Fail(ErrorCode::kConfig, "empty version");
  std::string_view part;
  size_t part_start = 0;
  size_t key_end = 0;  // the key up to the last non-zero part: trailing zero parts are dropped
  auto flush = [&](size_t end) -> bool {
    part = text.substr(part_start, end - part_start);
    if (part.empty()) return false;
    size_t nz = part.find_first_not_of('0');
    std::string_view digits = nz == std::string_view::npos ? std::string_view() : part.substr(nz);
    v.key_.push_back(static_cast<char>((digits.size() >> 8) & 0xFF));
    v.key_.push_back(static_cast<char>(digits.size() & 0xFF));
    v.key_.append(digits);
    if (!digits.empty()) key_end = v.key_.size();
    return true;
  };
  v.raw_.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      v.raw_.push_back(c);
    } else if (c == '.' || c == '_') {
      if (!flush(i)) {
        return Fail(ErrorCode::kConfig, "invalid version '" + std::string(text) +
                                            "': a '.' or '_' must stand between two numbers");
      }
      v.raw_.push_back('.');
      part_start = i + 1;
    } else {
      return Fail(ErrorCode::kConfig, "invalid version '" + std::string(text) +
                                          "': only digits separated by '.' or '_' are allowed");
    }
  }
  if (!flush(text.size())) {
    return Fail(ErrorCode::kConfig, "invalid version '" + std::string(text) +
                                        "': a '.' or '_' must stand between two numbers");
  }
  v.key_.resize(key_end);
  return v;
}

}  // namespace shiftway::migration
