// drop-routine: dropping or renaming a function or procedure the old release may call.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropRoutine final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-routine", "SW117", Category::kCompatibility, Severity::kWarning, true,
                               "dropping a function or procedure the running release may call"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropRoutine || !c.released) continue;
      if (c.new_name.empty() && RecreatedLater(ctx, ChangeKind::kCreateRoutine, c)) continue;  // a redefinition
      // The app never calls a trigger function: dropped, it goes with its trigger (or the DROP
      // fails on it); renamed, its trigger follows it.
      if (c.trigger_function) continue;
      if (ReportNeverCreated(ctx, c, std::string(c.is_procedure ? "procedure " : "function ") + ObjectName(c))) continue;
      // A deprecation shipped earlier (e.g. a sync trigger's function from `shiftway split`) is the plan.
      if (ctx.DeprecatedEarlier(ctx.ObjectSubject("routine", c.schema, c.object))) continue;
      const std::string name = ObjectName(c);
      const char* what = c.is_procedure ? "procedure " : "function ";
      const std::string msg = c.new_name.empty()
                                  ? "dropping " + std::string(what) + name + " breaks the running release if it calls " +
                                        name
                                  : "renaming " + std::string(what) + name + " to " + c.new_name +
                                        " breaks the running release if it calls " + name;
      ctx.Report(msg)
          .Help("keep " + name + " until no running release calls it; drop it in a later release")
          .Expand(AppStep("stop calling " + name))
          .Contract(ctx.Sql())
          .About(ctx.ObjectSubject("routine", c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& DropRoutineRule() {
  static const DropRoutine rule;
  return rule;
}

}  // namespace shiftway::lint::rules
