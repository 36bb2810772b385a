// drop-view: dropping a released view the old release may query (recreating it in the same file is fine).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropView final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-view", "SW112", Category::kCompatibility, Severity::kError, true,
                               "dropping a released view breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropView || !c.released) continue;
      if (RecreatedLater(ctx, ChangeKind::kCreateView, c)) continue;  // a redefinition
      if (ReportNeverCreated(ctx, c, "view " + ObjectName(c))) continue;
      const std::string subject = ctx.ObjectSubject("view", c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string name = ObjectName(c);
      ctx.Report("dropping view " + name + " breaks the running release, which may still query it")
          .Help("stop using " + name + " in the app first, then drop it in a later release")
          .Expand("-- shiftway:deprecate view " + name)
          .Expand(AppStep("stop querying " + name))
          .Contract("DROP VIEW " + name)
          .About(subject);
    }
  }
};

}  // namespace

const Rule& DropViewRule() {
  static const DropView rule;
  return rule;
}

}  // namespace shiftway::lint::rules
