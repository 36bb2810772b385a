// add-foreign-key: a new foreign key on released columns may reject the old release's writes.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class AddForeignKey final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-foreign-key", "SW111", Category::kCompatibility, Severity::kError, true,
                               "a new foreign key on a released table may reject the old release's writes"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAddConstraint || !c.released || c.on_new_columns ||
          c.constraint.kind != Constraint::Kind::kForeignKey || EnforcedAtRelease(ctx, c)) {
        continue;
      }
      std::string cols;
      for (const auto& col : c.constraint.columns) cols += (cols.empty() ? "" : ", ") + col;
      const std::string table = ObjectName(c);
      ctx.Report("adding a foreign key from " + table + " (" + cols + ") to " + c.constraint.ref_table +
                 (c.constraint.not_valid ? " (NOT VALID still applies to new writes)" : "") +
                 " may reject writes from the running release, and deletes from " + c.constraint.ref_table)
          .Help("make the app write only existing " + c.constraint.ref_table +
                " references, fix orphans, and add the foreign key in a later release")
          .Expand(AppStep("write only " + table + " rows whose (" + cols + ") exist in " + c.constraint.ref_table))
          .Contract(ctx.Sql())
          .About(ctx.TableSubject(c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& AddForeignKeyRule() {
  static const AddForeignKey rule;
  return rule;
}

}  // namespace shiftway::lint::rules
