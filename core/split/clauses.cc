#include "core/split/clauses.h"

#include <regex>

namespace shiftway::split {

std::optional<AlterActions> SplitAlterTable(sql::Dialect d, const std::string& text) {
  if (d == sql::Dialect::kSqlite) return std::nullopt;  // one action per ALTER TABLE
  static const std::regex head(
      R"re(^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?((?:"[^"]+"|`[^`]+`|[\w$]+)(?:\.(?:"[^"]+"|`[^`]+`|[\w$]+))?)\s+)re",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_search(text, m, head)) return std::nullopt;
  AlterActions out;
  out.head = text.substr(static_cast<size_t>(m.position(0)), static_cast<size_t>(m.position(1) - m.position(0)));
  const size_t lead = out.head.find_first_not_of(" \t\r\n");
  out.head = lead == std::string::npos ? out.head : out.head.substr(lead);
  out.table = m[1].str();
  const std::string rest = m.suffix().str();
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted string or name, doubled quotes inside; MySQL also escapes with a backslash.
      size_t j = i + 1;
      for (; j < rest.size(); ++j) {
        if (d == sql::Dialect::kMysql && c == '\'' && rest[j] == '\\') {
          ++j;
        } else if (rest[j] == c) {
          if (j + 1 < rest.size() && rest[j + 1] == c) {
            ++j;
          } else {
            break;
          }
        }
      }
      if (j >= rest.size()) return std::nullopt;
      cur += rest.substr(i, j - i + 1);
      i = j;
      continue;
    }
    if (c == '$' && d == sql::Dialect::kPostgres) return std::nullopt;  // dollar quoting
    if ((c == '-' && i + 1 < rest.size() && rest[i + 1] == '-') || (c == '/' && i + 1 < rest.size() && rest[i + 1] == '*') ||
        c == '#') {
      return std::nullopt;  // a comment: where it belongs is not clear
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth < 0) return std::nullopt;
    if (c == ',' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (depth != 0) return std::nullopt;
  parts.push_back(cur);
  static const std::regex option(R"(^(ALGORITHM|LOCK)\s*=?\s*\w+$)", std::regex::icase);
  for (auto& p : parts) {
    const size_t b = p.find_first_not_of(" \t\r\n");
    const size_t e = p.find_last_not_of(" \t\r\n;");
    if (b == std::string::npos || e == std::string::npos || e < b) return std::nullopt;
    std::string action = p.substr(b, e - b + 1);
    if (d == sql::Dialect::kMysql && std::regex_match(action, option)) {
      out.options.push_back(action);
    } else {
      out.actions.push_back(action);
    }
  }
  if (out.actions.empty()) return std::nullopt;
  return out;
}

}  // namespace shiftway::split
