// rename-schema: renaming a released schema moves every object the old release uses.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class RenameSchema final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"rename-schema", "SW116", Category::kCompatibility, Severity::kError, true,
                               "renaming a released schema breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRenameSchema || !c.released) continue;
      ctx.Report("renaming schema " + c.object + " to " + c.new_name +
                 " breaks the running release, which still uses the objects in " + c.object)
          .Help("create " + c.new_name + " and move objects one by one with views left behind in " + c.object +
                ", or make the app read the schema name from configuration first")
          .Expand("CREATE SCHEMA " + sql::Ident(ctx.dialect, c.new_name))
          .Expand(AppStep("use objects in " + c.new_name))
          .Contract("DROP SCHEMA " + sql::Ident(ctx.dialect, c.object))
          .About("schema:" + schema::Lower(c.object));
    }
  }
};

}  // namespace

const Rule& RenameSchemaRule() {
  static const RenameSchema rule;
  return rule;
}

}  // namespace shiftway::lint::rules
