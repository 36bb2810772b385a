// Tokens of a SQL text, for reading names out of statements the front ends do not model.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace shiftway::sql {

/// The next token of `s` from `i`: a word, a quoted name (unquoted), a string literal (the token
/// "'"), or one punctuation character; comments and whitespace are skipped. `quoted` tells a quoted
/// name from a keyword. `backslash`: a backslash escapes in a string (MySQL).
bool NextToken(std::string_view s, size_t& i, std::string& token, bool& quoted, bool backslash = false);

/// The lowercase words and quoted names of a statement (strings and comments left out).
std::set<std::string> Names(std::string_view text);

}  // namespace shiftway::sql
