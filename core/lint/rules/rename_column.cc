// rename-column: renaming a released column breaks the previous release's readers and writers.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class RenameColumn final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"rename-column", "SW104", Category::kCompatibility, Severity::kError, true,
                               "renaming a released column breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      // Only what this release created may change freely; anything else (even unknown) counts as released.
      if (c.kind != ChangeKind::kRenameColumn || !c.released) continue;
      if (RenameUnseen(ctx, c)) continue;
      // Renamed away for a swap in place: the column comes back under its name with the data.
      if (SwappedInPlace(ctx, c.schema, c.object, c.column, c.new_name)) continue;
      const std::string subject = ctx.ColumnSubject(c.schema, c.object, c.column);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string table = ObjectName(c);
      ctx.Report("renaming " + ColumnDesc(c) + " to " + c.new_name +
                 " breaks the running release, which still reads and writes " + c.column)
          .Help("add " + c.new_name + " next to " + c.column + ", keep both in sync, switch the app to " + c.new_name +
                ", and drop " + c.column + " a release later")
          .Suggest(DualWrite(ctx.dialect, table, c.column, BeforeType(c), c.new_name, BeforeType(c)))
          .About(subject);
    }
  }
};

}  // namespace

const Rule& RenameColumnRule() {
  static const RenameColumn rule;
  return rule;
}

}  // namespace shiftway::lint::rules
