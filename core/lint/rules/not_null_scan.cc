// not-null-scan: PostgreSQL SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class NotNullScan final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"not-null-scan", "SW205", Category::kLocking, Severity::kWarning, true,
                               "SET NOT NULL without a validated CHECK scans the table under a blocking lock"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (!c.rebuilt_from.empty()) continue;  // a new table replaces the released one: nothing to scan
      // A column this release added to a released table is scanned all the same: the table is full.
      if (c.kind != ChangeKind::kSetNotNull || !(c.released || c.on_released_table) || c.has_valid_not_null_check) {
        continue;
      }
      if (c.before && c.before->not_null) continue;
      const std::string table = ObjectName(c);
      const std::string k = table + "_" + c.column + "_not_null";
      ctx.Report("SET NOT NULL on " + table + "." + c.column + " scans every row of " + table +
                 " while holding an ACCESS EXCLUSIVE lock, blocking all queries on it")
          .Help("first ADD CONSTRAINT " + k + " CHECK (" + c.column + " IS NOT NULL) NOT VALID and VALIDATE it in a "
                "separate migration; PostgreSQL 12+ then sets NOT NULL without a scan");
    }
  }
};

}  // namespace

const Rule& NotNullScanRule() {
  static const NotNullScan rule;
  return rule;
}

}  // namespace shiftway::lint::rules
