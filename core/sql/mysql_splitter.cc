// MySQL/MariaDB statement splitting: DELIMITER, backslash escapes, executable comments, routine bodies.
#include <algorithm>
#include <cstdint>
#include <cstring>
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

// MySQL identifiers may start with a digit and contain '$'; bytes >= 0x80 are UTF-8 letters.
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The compound statements that END closes inside a stored program body.
enum class Block : uint8_t { kBegin, kIf, kCaseStatement, kCaseExpression, kLoop, kWhile, kRepeat };

class MysqlSplitter {
 public:
  explicit MysqlSplitter(std::string_view text) : text_(text), lines_(text) {}

  /// The first problem the last Run() met.
  const scan::ProblemRecorder& problems() const { return problems_; }

  void Run(const StatementSink& each) {
    size_t pos = 0;
    while (true) {
      const size_t start = SkipBlankAndComments(pos);
      if (start >= text_.size()) break;
      const size_t after_command = TakeDelimiterCommand(start);
      if (after_command != kNpos) {
        pos = after_command;
        continue;
      }
      const size_t end = ScanStatement(start);
      pos = end < text_.size() ? end + delimiter_.size() : end;
      Emit(start, end, each);
    }
  }

 private:
  // Each Skip* gets the offset of an opening token and returns the offset just past its closing token,
  // or the end of the text when it is unterminated.
  size_t SkipLineComment(size_t i) const {
    const size_t nl = text_.find('\n', i);
    return nl == kNpos ? text_.size() : nl;
  }

  // MySQL comments do not nest.
  size_t SkipBlockComment(size_t i) const {
    const size_t close = text_.find("*/", i + 2);
    if (close == kNpos) {
      problems_.Note(i, "unterminated block comment: no */ closes this /*");
      return text_.size();
    }
    return close + 2;
  }

  // Backslash escapes apply in '' and "" strings (unless NO_BACKSLASH_ESCAPES, which we do not model);
  // a doubled quote stands for itself everywhere.
  size_t SkipQuoted(size_t i, char quote, bool backslash_escapes) const {
    bool unterminated = false;
    const size_t end = scan::SkipQuoted(text_, i, quote, backslash_escapes, &unterminated);
    if (unterminated) {
      problems_.Note(i, quote == '`' ? "unterminated quoted identifier: no ` closes this one"
                                     : std::string("unterminated string: no ") + quote + " closes this one");
    }
    return std::min(end, text_.size());
  }

  // "--" starts a comment only when a space or control character (or the end) follows it: 1--1 is 2.
  bool IsDashComment(size_t i) const {
    return text_.compare(i, 2, "--") == 0 &&
           (i + 2 >= text_.size() || static_cast<unsigned char>(text_[i + 2]) <= ' ');
  }

  // /*!50003 ... */ (and MariaDB's /*M!100100 ... */) is SQL that the server runs, not a comment.
  // Returns the length of the opener including its version number, or 0.
  size_t ExecutableCommentOpener(size_t i) const {
    size_t j;
    if (text_.compare(i, 3, "/*!") == 0) {
      j = i + 3;
    } else if (text_.compare(i, 4, "/*M!") == 0) {
      j = i + 4;
    } else {
      return 0;
    }
    while (j < text_.size() && IsDigit(text_[j])) ++j;
    return j - i;
  }

  size_t SkipBlankAndComments(size_t i) const {
    while (i < text_.size()) {
      if (IsBlank(text_[i])) {
        ++i;
      } else if (text_[i] == '#' || IsDashComment(i)) {
        i = SkipLineComment(i);
      } else if (text_.compare(i, 2, "/*") == 0 && ExecutableCommentOpener(i) == 0) {
        i = SkipBlockComment(i);
      } else {
        break;
      }
    }
    return i;
  }

  // The mysql client's DELIMITER command, recognised where a statement starts. Its argument is the
  // first word (quotes stripped); the rest of the line is ignored. Returns the offset of the next line,
  // or kNpos when the text at `start` is not the command.
  size_t TakeDelimiterCommand(size_t start) {
    constexpr std::string_view kCommand = "delimiter";
    if (start + kCommand.size() > text_.size() ||
        !IsKeyword(text_.substr(start, kCommand.size()), kCommand)) {
      return kNpos;
    }
    size_t i = start + kCommand.size();
    if (i < text_.size() && !IsBlank(text_[i])) return kNpos;
    size_t line_end = text_.find('\n', i);
    if (line_end == kNpos) line_end = text_.size();
    while (i < line_end && IsBlank(text_[i])) ++i;
    size_t arg_start = i, arg_end = i;
    if (i < line_end && (text_[i] == '\'' || text_[i] == '"' || text_[i] == '`')) {
      const size_t close = text_.find(text_[i], i + 1);
      arg_start = i + 1;
      arg_end = close < line_end ? close : line_end;
    } else {
      while (arg_end < line_end && !IsBlank(text_[arg_end])) ++arg_end;
    }
    // Without an argument the client reports an error and keeps the old delimiter.
    if (arg_end > arg_start) delimiter_.assign(text_.substr(arg_start, arg_end - arg_start));
    return line_end < text_.size() ? line_end + 1 : line_end;
  }

  // Decides, from the words after CREATE, whether the statement defines a stored program. Returns
  // 1 (it does), 0 (it does not) or -1 (not known yet).
  static int RoutineVerdict(std::string_view word, int words_after_create) {
    for (std::string_view kw : {"procedure", "function", "trigger", "event"}) {
      if (IsKeyword(word, kw)) return 1;
    }
    for (std::string_view kw :
         {"table", "view", "index", "unique", "fulltext", "spatial", "database", "schema", "temporary",
          "user", "role", "server", "tablespace", "sequence", "algorithm", "logfile", "resource"}) {
      if (IsKeyword(word, kw)) return 0;
    }
    // OR REPLACE, DEFINER = user@host, AGGREGATE, SQL SECURITY ...: give up after a few words.
    return words_after_create >= 8 ? 0 : -1;
  }

  // Returns the offset of the delimiter that ends the statement starting at `start`, or the end of text.
  size_t ScanStatement(size_t start) {
    // A stored program written without a DELIMITER change has ';' inside its BEGIN ... END body. Track
    // the nesting of compound statements there. IF, LOOP, WHILE and REPEAT open a block only where a
    // statement starts (IF() and REPEAT() are also functions, and DROP TABLE IF EXISTS is no block);
    // END only closes one where a statement starts or after a CASE expression or UNTIL condition, since
    // END is also a valid column name.
    const bool default_delimiter = delimiter_ == ";";
    bool body = false;         // a stored program or a MariaDB compound statement
    int routine = -1;          // RoutineVerdict for CREATE statements; 0 for anything else
    int begin_not_atomic = 0;  // words matched of a leading BEGIN NOT ATOMIC
    bool at_statement_start = false;
    bool after_end = false;        // END IF, END LOOP, ...: the next word belongs to the END
    bool after_each = false;       // FOR EACH ROW starts a trigger's body
    bool in_exec_comment = false;  // between /*! and */
    int word_count = 0;
    blocks_.clear();

    size_t i = start;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == delimiter_[0] && text_.compare(i, delimiter_.size(), delimiter_) == 0 &&
          (!default_delimiter || (blocks_.empty() && !in_exec_comment))) {
        return i;
      }
      if (IsBlank(c)) {
        ++i;
        continue;
      }
      if (c == '#' || IsDashComment(i)) {
        i = SkipLineComment(i);
        continue;
      }
      if (c == '/' && i + 1 < text_.size() && text_[i + 1] == '*') {
        const size_t opener = ExecutableCommentOpener(i);
        if (opener > 0) {
          in_exec_comment = true;
          i += opener;
        } else {
          i = SkipBlockComment(i);
        }
        continue;
      }
      if (in_exec_comment && c == '*' && i + 1 < text_.size() && text_[i + 1] == '/') {
        in_exec_comment = false;
        i += 2;
        continue;
      }
      if (!IsWordChar(c)) {
        if (c == '\'' || c == '"' || c == '`') {
          i = SkipQuoted(i, c, c != '`');
        } else {
          ++i;
        }
        after_end = false;
        after_each = false;
        // A label ("l1: LOOP") is followed by a statement; ":=" is an assignment.
        at_statement_start = c == ';' || (c == ':' && (i >= text_.size() || text_[i] != '='));
        continue;
      }

      size_t j = i + 1;
      // The delimiter ends a word too: END$$ is END followed by the delimiter $$.
      while (j < text_.size() && IsWordChar(text_[j]) &&
             !(text_[j] == delimiter_[0] && text_.compare(j, delimiter_.size(), delimiter_) == 0)) {
        ++j;
      }
      const std::string_view word = text_.substr(i, j - i);
      const bool qualified = i > 0 && text_[i - 1] == '.';  // t.end is a column
      i = j;
      const int index = word_count++;
      if (qualified) {
        at_statement_start = after_end = after_each = false;
        continue;
      }

      if (index == 0) {
        if (IsKeyword(word, "create")) {
          continue;  // routine stays -1 until the words after CREATE decide it
        }
        routine = 0;
        if (IsKeyword(word, "begin")) {
          begin_not_atomic = 1;
          continue;
        }
        // MariaDB runs IF, CASE, LOOP, WHILE and REPEAT outside stored programs too.
        for (std::string_view kw : {"if", "case", "loop", "while", "repeat"}) {
          if (IsKeyword(word, kw)) body = at_statement_start = true;
        }
      } else if (routine == -1) {
        routine = RoutineVerdict(word, index);
        if (routine == 1) body = true;
        continue;
      } else if (begin_not_atomic > 0) {
        if (begin_not_atomic == 1 && IsKeyword(word, "not")) {
          begin_not_atomic = 2;
          continue;
        }
        if (begin_not_atomic == 2 && IsKeyword(word, "atomic")) {
          body = true;
          blocks_.push_back(Block::kBegin);
          at_statement_start = true;
        }
        begin_not_atomic = 0;
        continue;
      }
      if (body) TrackBody(word, &at_statement_start, &after_end, &after_each);
    }
    return text_.size();
  }

  void TrackBody(std::string_view word, bool* at_statement_start, bool* after_end, bool* after_each) {
    const bool statement_start = *at_statement_start;
    const bool each = *after_each;
    *at_statement_start = false;
    *after_each = false;
    if (*after_end) {
      *after_end = false;
      for (std::string_view kw : {"if", "case", "loop", "while", "repeat"}) {
        if (IsKeyword(word, kw)) return;
      }
    }
    const Block top = blocks_.empty() ? Block::kBegin : blocks_.back();
    if (IsKeyword(word, "begin")) {
      blocks_.push_back(Block::kBegin);
      *at_statement_start = true;
    } else if (IsKeyword(word, "case")) {
      blocks_.push_back(statement_start ? Block::kCaseStatement : Block::kCaseExpression);
    } else if (IsKeyword(word, "end")) {
      if (!blocks_.empty() && (statement_start || top == Block::kCaseExpression || top == Block::kRepeat)) {
        blocks_.pop_back();
        *after_end = true;
      }
    } else if (statement_start && IsKeyword(word, "if")) {
      blocks_.push_back(Block::kIf);
    } else if (statement_start && IsKeyword(word, "while")) {
      blocks_.push_back(Block::kWhile);
    } else if (statement_start && IsKeyword(word, "loop")) {
      blocks_.push_back(Block::kLoop);
      *at_statement_start = true;
    } else if (statement_start && IsKeyword(word, "repeat")) {
      blocks_.push_back(Block::kRepeat);
      *at_statement_start = true;
    } else if (IsKeyword(word, "then") || IsKeyword(word, "else")) {
      // In a CASE expression THEN and ELSE are followed by values, not statements.
      *at_statement_start = blocks_.empty() || top != Block::kCaseExpression;
    } else if (IsKeyword(word, "do")) {
      // WHILE ... DO and CREATE EVENT ... DO start a body; DO at a statement start is the DO statement.
      *at_statement_start = !statement_start;
    } else if (IsKeyword(word, "each")) {
      *after_each = true;
    } else if (each && IsKeyword(word, "row")) {
      *at_statement_start = true;
    }
  }

  // Hands the statement text_[start, end) without trailing whitespace to `each`, unless it is empty.
  void Emit(size_t start, size_t end, const StatementSink& each) {
    while (end > start && IsBlank(text_[end - 1])) --end;
    if (end == start) return;
    Statement st;
    st.text.assign(text_.substr(start, end - start));
    st.offset = start;
    lines_.Locate(start, &st.line, &st.column);
    each(std::move(st));
  }

  std::string_view text_;
  LineCounter lines_;
  mutable scan::ProblemRecorder problems_;
  std::string delimiter_ = ";";
  std::vector<Block> blocks_;  // reused across statements
};

}  // namespace

void SplitMysqlEach(std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem) {
  MysqlSplitter splitter(text);
  splitter.Run(each);
  splitter.problems().Report(text, problem);
}

}  // namespace shiftway::sql
