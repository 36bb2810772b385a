// The rule documentation pages (docs/rules/*.md), compiled into the binary for `shiftway explain`.
#pragma once

#include <string_view>
#include <vector>

namespace shiftway::lint {

struct RuleDoc {
  std::string_view name;      ///< the file's base name, which is the rule's name
  std::string_view markdown;  ///< the page as written
};

/// Every page, sorted by name. Generated at build time by cmake/embed_docs.cmake.
const std::vector<RuleDoc>& RuleDocs();

/// The page for a rule name, or nullptr when there is none.
const RuleDoc* FindRuleDoc(std::string_view name);

}  // namespace shiftway::lint
