// rename-view: renaming a released view the old release may query.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class RenameView final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"rename-view", "SW113", Category::kCompatibility, Severity::kError, true,
                               "renaming a released view breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRenameView || !c.released) continue;
      if (!c.column.empty()) continue;  // a column of the view: change-view
      const std::string subject = ctx.ObjectSubject("view", c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string from = ObjectName(c);
      const std::string to = schema::Qualified(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
      ctx.Report("renaming view " + from + " to " + to + " breaks the running release, which may still query " + from)
          .Help("create " + to + " next to " + from + ", move the app to it, and drop " + from + " a release later")
          .Expand("CREATE VIEW " + sql::TableIdent(ctx.dialect, to) + " AS SELECT * FROM " + sql::TableIdent(ctx.dialect, from))
          .Contract("DROP VIEW " + sql::TableIdent(ctx.dialect, from))
          .About(subject);
    }
  }
};

}  // namespace

const Rule& RenameViewRule() {
  static const RenameView rule;
  return rule;
}

}  // namespace shiftway::lint::rules
