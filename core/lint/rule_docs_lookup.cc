// Looking up a rule's documentation page by name.
#include "core/lint/rule_docs.h"

namespace shiftway::lint {

const RuleDoc* FindRuleDoc(std::string_view name) {
  for (const auto& doc : RuleDocs()) {
    if (doc.name == name) return &doc;
  }
  return nullptr;
}

}  // namespace shiftway::lint
