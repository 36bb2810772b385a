// allow-without-reason: an allow comment without a reason suppresses nothing. The suppression pass in core/lint/lint.cc reports it.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class AllowWithoutReason final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"allow-without-reason", "SW305", Category::kHygiene, Severity::kWarning, true, "an allow comment without a reason suppresses nothing"};
    return info;
  }
};

}  // namespace

const Rule& AllowWithoutReasonRule() {
  static const AllowWithoutReason rule;
  return rule;
}

}  // namespace shiftway::lint::rules
