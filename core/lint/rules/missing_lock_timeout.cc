// missing-lock-timeout: DDL on released tables without a lock timeout can queue behind long queries
// and block every query that arrives after it. Off by default.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

bool TakesTableLock(const Change& c) {
  switch (c.kind) {
    case ChangeKind::kDropTable:
    case ChangeKind::kRenameTable:
    case ChangeKind::kAddColumn:
    case ChangeKind::kDropColumn:
    case ChangeKind::kRenameColumn:
    case ChangeKind::kAlterColumnType:
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull:
    case ChangeKind::kSetDefault:
    case ChangeKind::kDropDefault:
    case ChangeKind::kAddConstraint:
    case ChangeKind::kValidateConstraint:
    case ChangeKind::kDropConstraint:
    case ChangeKind::kTableRewrite: return true;
    case ChangeKind::kCreateIndex:
    case ChangeKind::kDropIndex: return !c.concurrently;
    default: return false;
  }
}

class MissingLockTimeout final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"missing-lock-timeout", "SW208", Category::kLocking, Severity::kWarning, false,
                               "DDL on a released table without a lock timeout"};
    return info;
  }
  void CheckFile(const FileContext& ctx) const override {
    if (ctx.dialect == sql::Dialect::kSqlite) return;
    const bool pg = ctx.dialect == sql::Dialect::kPostgres;
    for (const auto& s : ctx.file->statements) {
      if (s.Has(ChangeKind::kSetLockTimeout)) return;
      for (const auto& c : s.changes) {
        if (!c.released || !TakesTableLock(c)) continue;
        ctx.Report(s, "this migration locks " + ObjectName(c) + " without " +
                          (pg ? "a lock_timeout" : "a lock_wait_timeout") +
                          ": waiting behind a long query, it blocks every query on " + ObjectName(c) +
                          " that comes after it")
            .Help(pg ? "start the migration with SET lock_timeout = '5s' and retry on failure"
                     : "start the migration with SET SESSION lock_wait_timeout = 5 and retry on failure");
        return;
      }
    }
  }
};

}  // namespace

const Rule& MissingLockTimeoutRule() {
  static const MissingLockTimeout rule;
  return rule;
}

}  // namespace shiftway::lint::rules
