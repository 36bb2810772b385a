// query-breaks: reported by `shiftway verify` (core/run/verify.cc), which prepares the previous
// release's queries on a scratch database; lint alone has nothing to run, so no hook fires here.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class QueryBreaks final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"query-breaks", "SW401", Category::kCompatibility, Severity::kError, true,
                               "a query of the previous release no longer prepares after a new migration (shiftway verify)"};
    return info;
  }
};

}  // namespace

const Rule& QueryBreaksRule() {
  static const QueryBreaks rule;
  return rule;
}

}  // namespace shiftway::lint::rules
