// change-enum: removing or renaming a value of a released enum.
#include "core/lint/rules/common.h"
#include "core/schema/types.h"

namespace shiftway::lint::rules {
namespace {

class ChangeEnum final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"change-enum", "SW114", Category::kCompatibility, Severity::kError, true,
                               "removing or renaming a value of a released enum"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (!c.released) continue;
      const std::string name = ObjectName(c);
      if (c.kind == ChangeKind::kRenameEnumValue) {
        ctx.Report("renaming value '" + c.column + "' of enum " + name + " to '" + c.new_name +
                   "' breaks the running release, which still reads and writes '" + c.column + "'")
            .Help("add the new value, have the app write it and accept both, migrate the rows, and remove the old "
                  "value in a later release")
            .Expand("ALTER TYPE " + name + " ADD VALUE IF NOT EXISTS '" + c.new_name + "'")
            .Expand(AppStep("write '" + c.new_name + "' and read both '" + c.column + "' and '" + c.new_name + "'"))
            .Contract("-- after the app stops writing '" + c.column + "': UPDATE the rows that use it to '" +
                      c.new_name + "', then recreate " + name + " without '" + c.column + "'")
            .About(ctx.ObjectSubject("type", c.schema, c.object));
      } else if (c.kind == ChangeKind::kDropType && c.known) {
        ctx.Report("dropping enum " + name + " removes all of its values, which the running release still uses")
            .Help("stop using " + name + " in the app first; drop it in a later release")
            .Expand(AppStep("stop using " + name))
            .Contract("DROP TYPE " + name)
            .About(ctx.ObjectSubject("type", c.schema, c.object));
      } else if (c.kind == ChangeKind::kAlterColumnType) {
        const schema::TypeInfo a = schema::ClassifyType(BeforeType(c)), b = schema::ClassifyType(c.def.type);
        if ((a.family != "enum" && a.family != "set") || a.family != b.family) continue;
        if (schema::CompareTypes(BeforeType(c), c.def.type) != schema::TypeChange::kNarrowing) continue;
        const std::string table = ObjectName(c);
        ctx.Report("changing " + table + "." + c.column + " from " + BeforeType(c) + " to " + c.def.type +
                   " removes or reorders values the running release still writes")
            .Help("only append values to an enum while an older release runs; remove values a release after the app "
                  "stops writing them")
            .Expand(AppStep("stop writing the values that will be removed"))
            .Contract(ctx.Sql())
            .About(ctx.ColumnSubject(c.schema, c.object, c.column));
      }
    }
  }
};

}  // namespace

const Rule& ChangeEnumRule() {
  static const ChangeEnum rule;
  return rule;
}

}  // namespace shiftway::lint::rules
