// contract-too-early: dropping or renaming an object deprecated in this same release.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class ContractTooEarly final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"contract-too-early", "SW118", Category::kCompatibility, Severity::kError, true,
                               "the contract step ships in the same release as its deprecation"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (!c.released) continue;
      std::string subject, name;
      switch (c.kind) {
        case ChangeKind::kDropColumn:
        case ChangeKind::kRenameColumn:
          subject = ctx.ColumnSubject(c.schema, c.object, c.column);
          name = "column " + ObjectName(c) + "." + c.column;
          break;
        case ChangeKind::kDropTable:
        case ChangeKind::kRenameTable:
          subject = ctx.TableSubject(c.schema, c.object);
          name = "table " + ObjectName(c);
          break;
        case ChangeKind::kDropView:
        case ChangeKind::kRenameView:
          subject = ctx.ObjectSubject("view", c.schema, c.object);
          name = "view " + ObjectName(c);
          break;
        default: continue;
      }
      if (!ctx.DeprecatedNow(subject)) continue;
      ctx.Report(name + " is deprecated in this release, so the running release still uses it; " +
                 std::string(schema::ChangeKindName(c.kind)) + " belongs to a later release")
          .Help("ship the deprecation (and the app that stops using it) first; move this statement to the next "
                "release (`shiftway split` / `shiftway promote`)")
          .Contract(ctx.Sql())
          .About(subject);
    }
  }
};

}  // namespace

const Rule& ContractTooEarlyRule() {
  static const ContractTooEarly rule;
  return rule;
}

}  // namespace shiftway::lint::rules
