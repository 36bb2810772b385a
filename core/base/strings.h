// Small string helpers used across the library.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shiftway {

/// ASCII lower case; identifiers, keys and keywords are compared this way.
/// FNV-1a, 64 bits: the offset basis to start from, and the hash of `bytes` continued from `h`, so
/// a string and each of its prefixes hash in one pass.
inline constexpr uint64_t kFnv1a64Basis = 14695981039346656037ull;
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t h = kFnv1a64Basis) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

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

/// Levenshtein distance, for "did you mean" suggestions.
inline size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The candidate nearest to `wanted` ignoring case, if it is near enough to be a typo (at most a
/// third of its length away, and at most 3 edits); "" otherwise.
inline std::string ClosestName(std::string_view wanted, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = 4;
  const std::string w = Lower(wanted);
  for (const auto& c : candidates) {
    size_t d = EditDistance(w, Lower(c));
    if (d < best_d && d * 3 <= std::max<size_t>(c.size(), 3)) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace shiftway
