// Small string helpers used across the library.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace shiftway {

/// ASCII lower case; identifiers, keys and keywords are compared this way.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Without leading and trailing spaces, tabs and line ends.
inline std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

/// `ident` between `quote` characters, with each quote inside doubled ("a""b", `a``b`).
inline std::string QuoteIdentifier(std::string_view ident, char quote = '"') {
  std::string out(1, quote);
  for (char c : ident) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

}  // namespace shiftway
