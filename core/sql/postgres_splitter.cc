// PostgreSQL statement splitting: strings, dollar quotes, nested comments, BEGIN ATOMIC bodies, COPY data.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql/scan.h"
#include "core/sql/statement.h"

namespace shiftway::sql {
namespace {

using scan::IsBlank;
using scan::IsDigit;
using scan::IsKeyword;
using scan::LineCounter;

constexpr size_t kNpos = std::string_view::npos;

// PostgreSQL treats every byte >= 0x80 as an identifier letter, so UTF-8 names need no decoding.
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || IsDigit(c) || c == '$';
}

// What the scanner learned about one statement besides its end.
struct StatementInfo {
  bool copy_from_stdin = false;
};

class PostgresSplitter {
 public:
  explicit PostgresSplitter(std::string_view text) : text_(text), lines_(text) {}

  /// The first problem the last Run() met.
  const scan::ProblemRecorder& problems() const { return problems_; }

  void Run(const StatementSink& each) {
    // libpq sends a statement as a C string, so a NUL byte would cut it short without a word.
    problems_.NoteNul(text_, "NUL byte (0x00) in the file: PostgreSQL cannot take it, and the statement would be cut short here");
    size_t pos = 0;
    while (true) {
      const size_t start = SkipBlankAndComments(pos);
      if (start >= text_.size()) break;
      StatementInfo info;
      const size_t end = ScanStatement(start, &info);
      pos = end < text_.size() ? end + 1 : end;
      Statement st;
      if (!Emit(start, end, &st)) continue;
      if (info.copy_from_stdin) {
        st.has_copy_data = true;
        if (end < text_.size()) pos = TakeCopyData(end + 1, &st.copy_data);
      }
      each(std::move(st));
    }
  }

 private:
  // Each Skip* gets the offset of an opening token and returns the offset just past its closing token,
  // or the end of the text when it is unterminated.
  // PostgreSQL's scanner ends a -- comment at either newline byte, so a CR-only file has one
  // comment per line, not a comment that runs to the end of the file.
  size_t SkipLineComment(size_t i) const {
    const size_t nl = text_.find_first_of("\r\n", i);
    return nl == kNpos ? text_.size() : nl;
  }

  // PostgreSQL block comments nest, unlike the SQL standard's.
  size_t SkipBlockComment(size_t i) const {
    const size_t open = i;
    int depth = 1;
    i += 2;
    while (i + 1 < text_.size()) {
      if (text_[i] == '/' && text_[i + 1] == '*') {
        ++depth;
        i += 2;
      } else if (text_[i] == '*' && text_[i + 1] == '/') {
        i += 2;
        if (--depth == 0) return i;
      } else {
        ++i;
      }
    }
    problems_.Note(open, "unterminated block comment: no */ closes this /*");
    return text_.size();
  }

  // A doubled quote stands for itself. Backslash escapes exist only in E'' strings: with
  // standard_conforming_strings (the default since 9.1) a backslash in '' is an ordinary character.
  size_t SkipQuoted(size_t i, char quote, bool backslash_escapes) const {
    bool unterminated = false;
    const size_t end = scan::SkipQuoted(text_, i, quote, backslash_escapes, &unterminated);
    if (unterminated) {
      problems_.Note(i, quote == '"' ? "unterminated quoted identifier: no \" closes this one"
                                     : "unterminated string: no ' closes this one");
    }
    return std::min(end, text_.size());
  }

  // Returns kNpos when the '$' at i does not open a dollar quote ($1 parameters, a lone '$').
  size_t SkipDollarQuoted(size_t i) const {
    size_t j = i + 1;
    if (j < text_.size() && IsIdentStart(text_[j])) {
      ++j;
      while (j < text_.size() && IsIdentChar(text_[j]) && text_[j] != '$') ++j;
    }
    if (j >= text_.size() || text_[j] != '$') return kNpos;
    const std::string_view tag = text_.substr(i, j - i + 1);
    const size_t close = text_.find(tag, j + 1);
    if (close == kNpos) {
      problems_.Note(i, "unterminated dollar-quoted string: no " + std::string(tag) + " closes this one");
      return text_.size();
    }
    return close + tag.size();
  }

  size_t SkipBlankAndComments(size_t i) const {
    while (i < text_.size()) {
      if (IsBlank(text_[i])) {
        ++i;
      } else if (text_.compare(i, 2, "--") == 0) {
        i = SkipLineComment(i);
      } else if (text_.compare(i, 2, "/*") == 0) {
        i = SkipBlockComment(i);
      } else {
        break;
      }
    }
    return i;
  }

  // Returns the offset of the ';' that ends the statement starting at `start`, or the end of the text.
  size_t ScanStatement(size_t start, StatementInfo* info) const {
    // Semicolons inside a SQL-standard body (CREATE FUNCTION ... BEGIN ATOMIC ... END) do not end the
    // statement. Like psql, only look for bodies in CREATE [OR REPLACE] FUNCTION|PROCEDURE, and count
    // CASE ... END inside them because it also ends with END. Words inside parentheses never count.
    enum class Head { kCreate, kAfterCreate, kAfterOr, kAfterReplace, kRoutine, kOther };
    enum class Prev { kOther, kBegin, kFrom };
    Head head = Head::kCreate;
    Prev prev = Prev::kOther;
    int word_count = 0;
    int paren_depth = 0;
    int body_depth = 0;
    bool is_copy = false;

    size_t i = start;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == ';') {
        // Like psql and Flyway (and libpg_query's scanner split), a ';' inside parentheses does
        // not end the statement: the server gets the whole text and rejects it, if it must.
        if (body_depth == 0 && paren_depth == 0) return i;
        prev = Prev::kOther;
        ++i;
      } else if (IsBlank(c)) {
        ++i;
      } else if (c == '\'' || c == '"') {
        i = SkipQuoted(i, c, false);
        prev = Prev::kOther;
      } else if (c == '-' && i + 1 < text_.size() && text_[i + 1] == '-') {
        i = SkipLineComment(i);
      } else if (c == '/' && i + 1 < text_.size() && text_[i + 1] == '*') {
        i = SkipBlockComment(i);
      } else if (c == '$') {
        const size_t after = SkipDollarQuoted(i);
        if (after != kNpos) {
          i = after;
        } else {
          ++i;
          while (i < text_.size() && IsDigit(text_[i])) ++i;
        }
        prev = Prev::kOther;
      } else if (IsDigit(c)) {
        // A number, possibly 1e5 or 1.5: its letters must not be read as a word. Letters right after
        // it start an identifier-like tail (1abc), and a '$' inside that tail is part of it, as in any
        // identifier (x.1ab$c$ is no dollar quote); after a '.' a '$' may open one again.
        bool in_word = false;
        while (i < text_.size()) {
          const char d = text_[i];
          if (d == '$' && !in_word) break;
          if (d == '.') {
            in_word = false;
          } else if (IsIdentStart(d)) {
            in_word = true;
          } else if (!IsDigit(d) && d != '$') {
            break;
          }
          ++i;
        }
        prev = Prev::kOther;
      } else if (IsIdentStart(c)) {
        size_t j = i + 1;
        while (j < text_.size() && IsIdentChar(text_[j])) ++j;
        const std::string_view word = text_.substr(i, j - i);
        const bool qualified = i > 0 && text_[i - 1] == '.';  // t.end is a column, not a keyword
        if (j < text_.size() && text_[j] == '\'' && (word == "E" || word == "e")) {
          i = SkipQuoted(j, '\'', true);
          prev = Prev::kOther;
          continue;
        }
        i = j;
        switch (head) {
          case Head::kCreate:
            head = IsKeyword(word, "create") ? Head::kAfterCreate : Head::kOther;
            break;
          case Head::kAfterCreate:
          case Head::kAfterReplace:
            head = IsKeyword(word, "function") || IsKeyword(word, "procedure") ? Head::kRoutine
                   : head == Head::kAfterCreate && IsKeyword(word, "or")       ? Head::kAfterOr
                                                                               : Head::kOther;
            break;
          case Head::kAfterOr:
            head = IsKeyword(word, "replace") ? Head::kAfterReplace : Head::kOther;
            break;
          case Head::kRoutine:
          case Head::kOther:
            break;
        }
        if (word_count++ == 0) is_copy = IsKeyword(word, "copy");
        if (is_copy && prev == Prev::kFrom && paren_depth == 0 && IsKeyword(word, "stdin")) {
          info->copy_from_stdin = true;
        }
        if (head == Head::kRoutine && paren_depth == 0 && !qualified) {
          if (prev == Prev::kBegin && IsKeyword(word, "atomic")) {
            ++body_depth;
          } else if (body_depth > 0 && IsKeyword(word, "case")) {
            ++body_depth;
          } else if (body_depth > 0 && IsKeyword(word, "end")) {
            --body_depth;
          }
        }
        prev = qualified                  ? Prev::kOther
               : IsKeyword(word, "begin") ? Prev::kBegin
               : IsKeyword(word, "from")  ? Prev::kFrom
                                          : Prev::kOther;
      } else {
        if (c == '(') {
          ++paren_depth;
        } else if (c == ')' && paren_depth > 0) {
          --paren_depth;
        }
        prev = Prev::kOther;
        ++i;
      }
    }
    return text_.size();
  }

 public:
  // See PostgresValuesRows. Only whole tokens are looked at, so a '(' or a word VALUES inside a
  // string, comment or quoted name never counts.
  std::optional<ValuesRows> FindValuesRows() const {
    ValuesRows out;
    int depth = 0;
    bool after_values = false;  // VALUES seen at depth 0; rows follow
    bool want_row = false;      // after VALUES or a comma: a row must come next
    size_t row_open = kNpos;
    size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      const size_t token = i;
      if (IsBlank(c)) {
        ++i;
        continue;
      }
      if (c == '-' && i + 1 < text_.size() && text_[i + 1] == '-') {
        i = SkipLineComment(i);
        continue;
      }
      if (c == '/' && i + 1 < text_.size() && text_[i + 1] == '*') {
        i = SkipBlockComment(i);
        continue;
      }
      if (c == '\'' || c == '"') {
        i = SkipQuoted(i, c, false);
      } else if (c == '$') {
        const size_t after = SkipDollarQuoted(i);
        i = after != kNpos ? after : i + 1;
      } else if (IsIdentStart(c) || IsDigit(c)) {
        size_t j = i + 1;
        while (j < text_.size() && (IsIdentChar(text_[j]) || text_[j] == '.')) ++j;
        const std::string_view word = text_.substr(i, j - i);
        if (j < text_.size() && text_[j] == '\'' && (word == "E" || word == "e")) {
          i = SkipQuoted(j, '\'', true);
        } else {
          i = j;
          if (depth == 0 && !after_values && IsKeyword(word, "values")) {
            after_values = true;
            want_row = true;
            out.rows_start = i;
            continue;
          }
        }
      } else if (c == '(' && (depth > 0 || !after_values || want_row)) {
        if (depth++ == 0) row_open = token;
        want_row = false;
        ++i;
        continue;
      } else if (c == ')') {
        if (depth == 0) return std::nullopt;
        ++i;
        if (--depth == 0 && after_values && row_open != kNpos) {
          out.rows.emplace_back(row_open, i);
          row_open = kNpos;
        }
        continue;
      } else if (c == ',' && depth == 0 && after_values) {
        // Exactly one comma between two rows: the slices leave out what separates them.
        if (want_row) return std::nullopt;
        want_row = true;
        ++i;
        continue;
      } else {
        ++i;
      }
      // Anything else at depth 0 after the rows begins the tail (ON CONFLICT, RETURNING ...).
      if (depth == 0 && after_values) {
        if (out.rows.empty() || want_row) return std::nullopt;
        out.tail_start = token;
        return out;
      }
    }
    if (!after_values || out.rows.empty() || want_row || depth != 0) return std::nullopt;
    out.tail_start = text_.size();
    return out;
  }

 private:

  // Reads COPY ... FROM STDIN data: it starts on the line after the statement's ';' (the rest of that
  // line is not data) and ends before a line that is exactly "\." (CRLF allowed), or at the end of the
  // text. Returns the offset just past the terminator line.
  size_t TakeCopyData(size_t after_semicolon, std::string* data) const {
    const size_t nl = text_.find('\n', after_semicolon);
    if (nl == kNpos) return text_.size();
    const size_t data_start = nl + 1;
    size_t line = data_start;
    while (line < text_.size()) {
      size_t line_end = text_.find('\n', line);
      const size_t next = line_end == kNpos ? text_.size() : line_end + 1;
      if (line_end == kNpos) line_end = text_.size();
      std::string_view content = text_.substr(line, line_end - line);
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      if (content == "\\.") {
        data->assign(text_.substr(data_start, line - data_start));
        return next;
      }
      line = next;
    }
    data->assign(text_.substr(data_start));
    return text_.size();
  }

  // Fills `st` with the statement text_[start, end) without trailing whitespace; false when it is
  // empty.
  bool Emit(size_t start, size_t end, Statement* st) {
    while (end > start && IsBlank(text_[end - 1])) --end;
    if (end == start) return false;
    st->text.assign(text_.substr(start, end - start));
    st->offset = start;
    lines_.Locate(start, &st->line, &st->column);
    return true;
  }

  std::string_view text_;
  LineCounter lines_;
  mutable scan::ProblemRecorder problems_;
};

}  // namespace

std::optional<ValuesRows> PostgresValuesRows(std::string_view statement) {
  return PostgresSplitter(statement).FindValuesRows();
}

void SplitPostgresEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem) {
  PostgresSplitter splitter(text);
  splitter.Run(each);
  splitter.problems().Report(text, problem);
}

}  // namespace shiftway::sql
