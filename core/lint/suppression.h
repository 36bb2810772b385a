// `-- shiftway:allow <rule> reason: ...` comments, and `-- shiftway:deprecate <kind> <name>` markers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/lint/lint.h"
#include "core/lint/rule.h"

namespace shiftway::lint {

/// One allow comment.
///
/// Where it applies: `-- shiftway:allow-file RULE reason: ...`, anywhere in the file, to the whole
/// file (squawk's `squawk-ignore-file`). `-- shiftway:allow` on one of a statement's lines (for
/// example trailing it) applies to that statement, and anywhere else to the next statement only,
/// even in the comments at the top of the file. A reason is required: an allow without one
/// suppresses nothing and is reported.
struct Allow {
  std::vector<std::string> rules;
  std::string reason;
  int line = 1;
  int column = 1;
  bool file_wide = false;
  bool explicit_file_wide = false;  ///< spelled `shiftway:allow-file`
  int first_line = 0;  ///< where the statement it covers starts and ends (when not file-wide)
  int last_line = 0;
  int first_column = 1;
  int last_column = 1 << 30;
  bool used = false;
};

/// Where one statement of a file starts and ends: two statements may share a line.
struct StatementLines {
  int first = 1;
  int last = 1;
  int first_column = 1;
  int last_column = 1 << 30;  ///< of its last character, on line `last`
};

/// True when a finding at line:column is in the statement `a` covers (or `a` is file-wide).
bool Covers(const Allow& a, int line, int column);

/// Finds the allow comments in a file, given the lines of all its statements in file order.
std::vector<Allow> ParseAllows(std::string_view text, const std::vector<StatementLines>& statements);

/// A deprecation marker: `-- shiftway:deprecate column person.last_name`.
struct DeprecationMarker {
  std::string kind;  ///< "column", "table", "view", "routine", "type"
  std::string name;  ///< as written, possibly qualified
  int line = 1;
};

/// Finds the deprecation markers in a file.
std::vector<DeprecationMarker> ParseDeprecations(std::string_view text);

}  // namespace shiftway::lint
