// unused-allow: an allow comment that suppresses nothing. The suppression pass in core/lint/lint.cc reports it.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class UnusedAllow final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"unused-allow", "SW306", Category::kHygiene, Severity::kWarning, true, "an allow comment that suppresses nothing"};
    return info;
  }
};

}  // namespace

const Rule& UnusedAllowRule() {
  static const UnusedAllow rule;
  return rule;
}

}  // namespace shiftway::lint::rules
