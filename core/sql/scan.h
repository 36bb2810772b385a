// Small pieces every statement splitter needs: character classes, keyword matching, positions.
#pragma once

#include <cstring>
#include <string_view>

namespace shiftway::sql::scan {

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// ASCII case-insensitive comparison of `word` with a lowercase keyword.
inline bool IsKeyword(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

/// The index just past the quoted text that starts with `quote` at `i`: a doubled quote stands for
/// itself, and with `backslash_escapes` a backslash escapes the next byte. An unterminated quote
/// runs to the end of the text.
inline size_t SkipQuoted(std::string_view text, size_t i, char quote, bool backslash_escapes) {
  ++i;
  while (i < text.size()) {
    const char c = text[i];
    if (backslash_escapes && c == '\\') {
      i += 2;
    } else if (c == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return text.size();
}

/// Turns byte offsets into 1-based lines and columns. Offsets must be asked for in increasing
/// order, so the whole file is counted once.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}

  void Locate(size_t offset, int* line, int* column) {
    while (counted_ < offset) {
      const void* nl = std::memchr(text_.data() + counted_, '\n', offset - counted_);
      if (nl == nullptr) break;
      counted_ = static_cast<size_t>(static_cast<const char*>(nl) - text_.data()) + 1;
      ++line_;
      line_start_ = counted_;
    }
    counted_ = offset;
    *line = line_;
    *column = static_cast<int>(offset - line_start_) + 1;
  }

 private:
  std::string_view text_;
  size_t counted_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace shiftway::sql::scan
