// SQLite statement splitting with SQLite's own sqlite3_complete(), so trigger bodies stay whole.
#include <sqlite3.h>

#include <string>

#include "core/sql/scan.h"
#include "core/sql/statement.h"

namespace shiftway::sql {

std::string_view DialectName(Dialect d) {
  switch (d) {
    case Dialect::kSqlite: return "sqlite";
    case Dialect::kPostgres: return "postgres";
    case Dialect::kMysql: return "mysql";
  }
  return "unknown";
}

namespace {

using scan::IsBlank;

// True when s holds only whitespace and comments: such a tail is not a statement.
bool OnlyCommentsOrBlank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (IsBlank(s[i])) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return true;
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

// The index of the ';' that ends the statement starting at `start`, or npos: the first ';' where
// sqlite3_complete() says the text so far is a complete statement. Asking it at every ';' costs
// the statement's length each time, which a multi-row INSERT with many ';' inside its strings
// turns into hours; so only a ';' outside quotes and comments is asked about. For any other ';'
// sqlite3_complete() says no by its own rules (complete.c: a prefix ending inside a string, quoted
// identifier, [name] or /* comment is incomplete, and one ending inside a -- comment is complete
// only if an earlier ';' already was), so skipping it changes nothing. With a NUL byte in the text
// (an error anyway) every ';' is asked, as before, since sqlite3_complete() stops reading there.
size_t FindEnd(std::string_view text, size_t start, bool has_nul, std::string& candidate) {
  auto complete_at = [&](size_t semi) {
    candidate.assign(text.substr(start, semi - start + 1));
    return sqlite3_complete(candidate.c_str()) != 0;
  };
  if (has_nul) {
    for (size_t semi = text.find(';', start); semi != std::string_view::npos; semi = text.find(';', semi + 1)) {
      if (complete_at(semi)) return semi;
    }
    return std::string_view::npos;
  }
  size_t i = start;
  while (i < text.size()) {
    const char c = text[i];
    size_t close = 0;
    if (c == ';') {
      if (complete_at(i)) return i;
      ++i;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      close = text.find(c, i + 1);
    } else if (c == '[') {
      close = text.find(']', i + 1);
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      close = text.find("*/", i + 2);
      if (close != std::string_view::npos) ++close;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      close = text.find('\n', i + 2);
    } else {
      ++i;
      continue;
    }
    // Never closed: no later ';' can end the statement (see above).
    if (close == std::string_view::npos) return std::string_view::npos;
    i = close + 1;
  }
  return std::string_view::npos;
}

}  // namespace

void SplitSqliteEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem) {
  // sqlite3_prepare reads a statement only up to a NUL byte, so the rest would silently not run.
  scan::ProblemRecorder problems;
  problems.NoteNul(text, "NUL byte (0x00) in the file: SQLite stops reading the statement here");
  const bool has_nul = text.find('\0') != std::string_view::npos;
  problems.Report(text, problem);
  int line = 1, col = 1;  // position of `pos`
  size_t pos = 0;
  // sqlite3_complete() says whether a prefix ends in a complete statement; grow the candidate at
  // each ';' until it does. This never splits inside strings, comments or CREATE TRIGGER bodies.
  std::string candidate;
  auto advance = [&](size_t to) {
    for (; pos < to; ++pos) {
      if (text[pos] == '\n') { ++line; col = 1; } else { ++col; }
    }
  };
  while (pos < text.size()) {
    // Skip whitespace and comments so the statement's position is that of its first token.
    while (pos < text.size()) {
      if (IsBlank(text[pos])) {
        advance(pos + 1);
      } else if (text.compare(pos, 2, "--") == 0) {
        size_t nl = text.find('\n', pos);
        advance(nl == std::string_view::npos ? text.size() : nl);
      } else if (text.compare(pos, 2, "/*") == 0) {
        size_t end = text.find("*/", pos + 2);
        advance(end == std::string_view::npos ? text.size() : end + 2);
      } else {
        break;
      }
    }
    if (pos >= text.size()) break;
    const size_t start = pos;
    const int start_line = line, start_col = col;
    const size_t end = FindEnd(text, start, has_nul, candidate);  // index of the terminating ';'
    // A large statement's candidate is not kept while the caller handles the statement (lint
    // parses it then): it would be one more copy of it.
    if (candidate.capacity() > (size_t{1} << 20)) std::string().swap(candidate);
    std::string_view body = end == std::string_view::npos ? text.substr(start) : text.substr(start, end - start);
    size_t stop = end == std::string_view::npos ? text.size() : end + 1;
    if (!OnlyCommentsOrBlank(body)) {
      size_t trimmed = body.size();
      while (trimmed > 0 && IsBlank(body[trimmed - 1])) --trimmed;
      Statement st;
      st.text = std::string(body.substr(0, trimmed));
      st.line = start_line;
      st.column = start_col;
      st.offset = start;
      each(std::move(st));
    }
    advance(stop);
  }
}

}  // namespace shiftway::sql
