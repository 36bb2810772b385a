// `-- shiftway:allow <rule> reason: ...` comments, and `-- shiftway:deprecate <kind> <name>` markers.
#include "core/lint/suppression.h"
#include "core/base/strings.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace shiftway::lint {
namespace {

using shiftway::Trim;

struct Directive {
  int line;
  int column;
  std::string body;  ///< text after the directive word
};

// Every `-- shiftway:<word>` comment in the text. Comments inside string literals are not
// told apart; a migration that puts this exact text in a string gets an unused-allow at worst.
std::vector<Directive> FindDirectives(std::string_view text, std::string_view word) {
  std::vector<Directive> out;
  const std::string needle = "shiftway:" + std::string(word);
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
      continue;
    }
    if (text[i] != '-' || i + 1 >= text.size() || text[i + 1] != '-') continue;
    size_t j = i + 2;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (text.compare(j, needle.size(), needle) != 0) continue;
    size_t after = j + needle.size();
    if (after < text.size() && !std::isspace(static_cast<unsigned char>(text[after]))) continue;
    size_t eol = text.find('\n', after);
    if (eol == std::string_view::npos) eol = text.size();
    out.push_back({line, static_cast<int>(i - line_start) + 1, Trim(text.substr(after, eol - after))});
    i = eol - 1;
  }
  return out;
}

}  // namespace

std::vector<Allow> ParseAllows(std::string_view text, const std::vector<StatementLines>& statements) {
  std::vector<Allow> out;
  std::vector<Directive> directives = FindDirectives(text, "allow");
  const size_t statement_allows = directives.size();
  for (auto& d : FindDirectives(text, "allow-file")) directives.push_back(std::move(d));
  for (size_t i = 0; i < directives.size(); ++i) {
    const Directive& d = directives[i];
    Allow a;
    a.explicit_file_wide = i >= statement_allows;
    a.line = d.line;
    a.column = d.column;
    std::string body = d.body;
    std::string rules_part = body;
    size_t reason_at = body.find("reason:");
    if (reason_at != std::string::npos) {
      rules_part = body.substr(0, reason_at);
      a.reason = Trim(body.substr(reason_at + 7));
    }
    std::string cur;
    for (char c : rules_part + " ") {
      if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
        if (!cur.empty()) a.rules.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (a.explicit_file_wide) {
      a.file_wide = true;
    } else {
      // Statements are in file order, so first and last lines only grow: the first statement that
      // ends on or after the allow's line holds it, or else the first that starts after it follows.
      auto holds = std::lower_bound(statements.begin(), statements.end(), a.line,
                                    [](const StatementLines& s, int line) { return s.last < line; });
      auto next = std::upper_bound(statements.begin(), statements.end(), a.line,
                                   [](int line, const StatementLines& s) { return line < s.first; });
      bool placed = false;
      auto cover = [&](const StatementLines& st) {
        a.first_line = st.first;
        a.last_line = st.last;
        a.first_column = st.first_column;
        a.last_column = st.last_column;
        placed = true;
      };
      if (holds != statements.end() && holds->first <= a.line) {
        // A trailing allow after two statements on one line covers the one just before it.
        while (std::next(holds) != statements.end() && std::next(holds)->first == a.line &&
               std::next(holds)->first_column < a.column) {
          ++holds;
        }
        cover(*holds);
      } else if (next != statements.end()) {
        cover(*next);  // the first statement on the next line, not every one on it
      }
      if (!placed) a.first_line = a.last_line = -1;  // after the last statement: covers nothing
    }
    out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const Allow& x, const Allow& y) { return x.line < y.line; });
  return out;
}

bool Covers(const Allow& a, int line, int column) {
  if (a.file_wide) return true;
  const auto at = std::make_pair(line, column);
  return std::make_pair(a.first_line, a.first_column) <= at && at <= std::make_pair(a.last_line, a.last_column);
}

std::vector<DeprecationMarker> ParseDeprecations(std::string_view text) {
  std::vector<DeprecationMarker> out;
  for (const auto& d : FindDirectives(text, "deprecate")) {
    DeprecationMarker m;
    m.line = d.line;
    size_t sp = d.body.find_first_of(" \t");
    if (sp == std::string::npos) continue;
    m.kind = d.body.substr(0, sp);
    std::string rest = Trim(d.body.substr(sp));
    size_t end = rest.find_first_of(" \t");
    m.name = rest.substr(0, end);
    for (char& c : m.kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace shiftway::lint
