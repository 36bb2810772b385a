// foreign-key-blocking: PostgreSQL adds a foreign key by scanning the released table under a lock that blocks traffic.
#include "core/lint/rules/not_valid_blocking.h"

namespace shiftway::lint::rules {
namespace {

class ForeignKeyBlocking final : public NotValidBlocking {
 public:
  ForeignKeyBlocking()
      : NotValidBlocking(Constraint::Kind::kForeignKey, "foreign key",
                         "SHARE ROW EXCLUSIVE locks on both tables, blocking writes") {}
  const RuleInfo& Info() const override {
    static const RuleInfo info{"foreign-key-blocking", "SW203", Category::kLocking, Severity::kWarning, true,
                               "adding a foreign key without NOT VALID scans the table under a blocking lock"};
    return info;
  }
};

}  // namespace

const Rule& ForeignKeyBlockingRule() {
  static const ForeignKeyBlocking rule;
  return rule;
}

}  // namespace shiftway::lint::rules
