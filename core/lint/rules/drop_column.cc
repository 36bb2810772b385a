// drop-column: dropping a released column (directly or by rebuilding the table without it).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropColumn final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-column", "SW102", Category::kCompatibility, Severity::kError, true,
                               "dropping a released column breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropColumn || !c.released) continue;
      if (ReportNeverCreated(ctx, c, "column " + ObjectName(c) + "." + c.column)) continue;
      const std::string subject = ctx.ColumnSubject(c.schema, c.object, c.column);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string table = ObjectName(c);
      const std::string how = !c.cascade_from.empty()
                                  ? "dropping " + c.cascade_from + " CASCADE also drops " + ColumnDesc(c) + ", and"
                              : c.rebuilt_from.empty()
                                  ? "dropping " + ColumnDesc(c)
                                  : "rebuilding " + table + " (via " + c.rebuilt_from + ") without " + ColumnDesc(c);
      auto f = ctx.Report(how + " breaks the running release, which still reads and writes " + c.column);
      f.Help("stop using " + c.column + " in the app first (mark it with `-- shiftway:deprecate column " + table + "." +
             c.column + "`), then drop it in a later release");
      f.Expand("-- shiftway:deprecate column " + table + "." + c.column);
      if (c.before && c.before->not_null && !c.before->has_default) {
        f.Expand(DropNotNullSql(ctx.dialect, table, *c.before));
      }
      f.Expand(AppStep("stop reading and writing " + table + "." + c.column));
      f.Contract("ALTER TABLE " + sql::TableIdent(ctx.dialect, table) + " DROP COLUMN " + sql::Ident(ctx.dialect, c.column));
      f.About(subject);
    }
  }
};

}  // namespace

const Rule& DropColumnRule() {
  static const DropColumn rule;
  return rule;
}

}  // namespace shiftway::lint::rules
