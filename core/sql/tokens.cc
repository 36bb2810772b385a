// Tokens of a SQL text.
#include "core/sql/tokens.h"

#include <cctype>

#include "core/base/strings.h"
#include "core/sql/scan.h"

namespace shiftway::sql {

bool NextToken(std::string_view s, size_t& i, std::string& token, bool& quoted, bool backslash) {
  for (;;) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (s.substr(i, 2) == "--" || (i < s.size() && s[i] == '#')) {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (s.substr(i, 2) == "/*") {
      i = s.find("*/", i + 2);
      i = i == std::string_view::npos ? s.size() : i + 2;
    } else {
      break;
    }
  }
  if (i >= s.size()) return false;
  quoted = false;
  const char c = s[i];
  if (c == '\'') {
    i = scan::SkipQuoted(s, i, '\'', backslash);
    token = "'";
    return true;
  }
  if (c == '"' || c == '`' || c == '[') {
    const char close = c == '[' ? ']' : c;
    token.clear();
    for (++i; i < s.size(); ++i) {
      if (s[i] == close) {
        if (i + 1 < s.size() && s[i + 1] == close && close != ']') {
          token += close;
          ++i;
          continue;
        }
        ++i;
        break;
      }
      token += s[i];
    }
    quoted = true;
    return true;
  }
  if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
    size_t j = i;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '$')) ++j;
    token = std::string(s.substr(i, j - i));
    i = j;
    return true;
  }
  token = std::string(1, c);
  ++i;
  return true;
}

std::set<std::string> Names(std::string_view text) {
  std::set<std::string> out;
  size_t i = 0;
  std::string t;
  bool quoted = false;
  while (NextToken(text, i, t, quoted)) {
    if (!t.empty() && (quoted || std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_')) out.insert(Lower(t));
  }
  return out;
}

}  // namespace shiftway::sql
