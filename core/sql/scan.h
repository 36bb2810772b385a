// Small pieces every statement splitter needs: character classes, keyword matching, positions.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/sql/statement.h"

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
/// runs to the end of the text, and sets `*unterminated` when given.
inline size_t SkipQuoted(std::string_view text, size_t i, char quote, bool backslash_escapes,
                         bool* unterminated = nullptr) {
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
  if (unterminated != nullptr) *unterminated = true;
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

/// Keeps the first problem a splitter meets (the earliest opening that is never closed, or a NUL
/// byte) and places it in the file when asked.
class ProblemRecorder {
 public:
  void Note(size_t offset, std::string message) {
    if (!offset_ || offset < *offset_) {
      offset_ = offset;
      message_ = std::move(message);
    }
  }
  /// Records the first NUL byte of `text`, if any, with `message`.
  void NoteNul(std::string_view text, std::string message) {
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
      Note(static_cast<size_t>(static_cast<const char*>(nul) - text.data()), std::move(message));
    }
  }
  /// Fills `out` (when given) with the problem, or nullopt.
  void Report(std::string_view text, std::optional<SplitProblem>* out) const {
    if (out == nullptr) return;
    out->reset();
    if (!offset_) return;
    SplitProblem p;
    p.message = message_;
    p.offset = *offset_;
    LineCounter(text).Locate(*offset_, &p.line, &p.column);
    *out = std::move(p);
  }

 private:
  std::optional<size_t> offset_;
  std::string message_;
};

}  // namespace shiftway::sql::scan
