// check-constraint-blocking: PostgreSQL adds a check constraint by scanning the released table under a lock that blocks traffic.
#include "core/lint/rules/not_valid_blocking.h"

namespace shiftway::lint::rules {
namespace {

class CheckConstraintBlocking final : public NotValidBlocking {
 public:
  CheckConstraintBlocking()
      : NotValidBlocking(Constraint::Kind::kCheck, "check constraint",
                         "an ACCESS EXCLUSIVE lock, blocking every query") {}
  const RuleInfo& Info() const override {
    static const RuleInfo info{"check-constraint-blocking", "SW204", Category::kLocking, Severity::kWarning, true,
                               "adding a check constraint without NOT VALID scans the table under a blocking lock"};
    return info;
  }
};

}  // namespace

const Rule& CheckConstraintBlockingRule() {
  static const CheckConstraintBlocking rule;
  return rule;
}

}  // namespace shiftway::lint::rules
