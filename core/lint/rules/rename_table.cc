// rename-table: renaming or moving (SET SCHEMA, RENAME TABLE) a released table.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// A view created under the old name later in the same file keeps the running release working
// (the expand step `shiftway split` writes); dropping that view is the contract step.
bool KeptAsView(const StatementContext& ctx, const Change& rename) {
  return rename.new_schema.empty() && RecreatedLater(ctx, ChangeKind::kCreateView, rename);
}

class RenameTable final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"rename-table", "SW103", Category::kCompatibility, Severity::kError, true,
                               "renaming or moving a released table breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRenameTable || !c.released) continue;
      if (RenameUnseen(ctx, c)) continue;
      const std::string subject = ctx.TableSubject(c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string from = ObjectName(c);
      if (KeptAsView(ctx, c)) continue;
      const std::string to = schema::Qualified(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
      const std::string verb = c.new_schema.empty() ? "renaming" : "moving";
      ctx.Report(verb + " table " + from + " to " + to + " breaks the running release, which still uses " + from)
          .Help("rename it and keep " + from + " as a view over " + to +
                " so both releases work; drop the view in the next release")
          .Suggest(RenameTableWithView(ctx.dialect, from, to, c.before_table ? &*c.before_table : nullptr))
          .About(subject);
    }
  }
};

}  // namespace

const Rule& RenameTableRule() {
  static const RenameTable rule;
  return rule;
}

}  // namespace shiftway::lint::rules
