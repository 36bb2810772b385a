// query-bad-capture: reported by `shiftway verify` (core/run/verify.cc), which prepares the previous
// release's queries on a scratch database; lint alone has nothing to run, so no hook fires here.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class QueryBadCapture final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"query-bad-capture", "SW402", Category::kHygiene, Severity::kWarning, true,
                               "a captured query does not prepare even at the released version (shiftway verify)"};
    return info;
  }
};

}  // namespace

const Rule& QueryBadCaptureRule() {
  static const QueryBadCapture rule;
  return rule;
}

}  // namespace shiftway::lint::rules
