// mixed-ddl-dml: on MySQL/MariaDB, DDL commits implicitly, so a failure leaves half a migration applied.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

bool IsDdl(ChangeKind k) {
  switch (k) {
    case ChangeKind::kDml:
    case ChangeKind::kOther:
    case ChangeKind::kBegin:
    case ChangeKind::kCommit:
    case ChangeKind::kSetLockTimeout:
    case ChangeKind::kUnparsed: return false;
    default: return true;
  }
}

class MixedDdlDml final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"mixed-ddl-dml", "SW303", Category::kHygiene, Severity::kWarning, true,
                               "DDL and DML in one MySQL migration cannot be rolled back together"};
    return info;
  }
  void CheckFile(const FileContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kMysql) return;
    const StatementRecord* first_ddl = nullptr;
    const StatementRecord* first_dml = nullptr;
    for (const auto& s : ctx.file->statements) {
      for (const auto& c : s.changes) {
        if (IsDdl(c.kind) && !first_ddl) first_ddl = &s;
        if (c.kind == ChangeKind::kDml && !first_dml) first_dml = &s;
      }
    }
    if (!first_ddl || !first_dml) return;
    const StatementRecord* at = first_ddl->statement.line > first_dml->statement.line ? first_ddl : first_dml;
    ctx.Report(*at, "this migration mixes DDL and data changes; MySQL commits each DDL statement at once, so if a "
                    "later statement fails the migration stays half applied")
        .Help("put schema changes and data changes in separate migrations");
  }
};

}  // namespace

const Rule& MixedDdlDmlRule() {
  static const MixedDdlDml rule;
  return rule;
}

}  // namespace shiftway::lint::rules
