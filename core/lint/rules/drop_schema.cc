// drop-schema: dropping a released schema (and everything in it).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropSchema final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-schema", "SW115", Category::kCompatibility, Severity::kError, true,
                               "dropping a released schema breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropSchema || !c.released) continue;
      if (ReportNeverCreated(ctx, c, "schema " + c.object)) continue;
      ctx.Report("dropping schema " + c.object + (c.cascade ? " with CASCADE" : "") +
                 " breaks the running release, which may still use the objects in it")
          .Help("move the app off every object in " + c.object + " first; drop the schema in a later release")
          .Expand(AppStep("stop using every object in schema " + c.object))
          .Contract(ctx.Sql())
          .About("schema:" + schema::Lower(c.object));
    }
  }
};

}  // namespace

const Rule& DropSchemaRule() {
  static const DropSchema rule;
  return rule;
}

}  // namespace shiftway::lint::rules
