// add-required-column: a NOT NULL column without a default on a released table rejects old inserts.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class AddRequiredColumn final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-required-column", "SW106", Category::kCompatibility, Severity::kError, true,
                               "a NOT NULL column without a default on a released table"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAddColumn || !c.released) continue;
      if (!c.def.not_null || c.def.has_default || c.def.generated) continue;
      const std::string table = ObjectName(c);
      const std::string type = TypeOrPlaceholder(c.def.type, table, c.def.name);
      auto f = ctx.Report("adding " + table + "." + c.def.name + " (" + type +
                          ") as NOT NULL without a default breaks the running release, whose inserts into " + table +
                          " do not set " + c.def.name);
      f.Help("add " + c.def.name + " as nullable (or with a DEFAULT), have the app write it, backfill, and make it NOT "
             "NULL in a later release");
      f.Expand(AddColumnSql(ctx.dialect, table, c.def.name, type, false, ""));
      f.Expand(AppStep("write " + table + "." + c.def.name + " on every insert and update"));
      f.Expand("UPDATE " + table + " SET " + c.def.name + " = /* value for existing rows */ NULL WHERE " + c.def.name +
               " IS NULL");
      for (auto& s : SetNotNullSql(ctx.dialect, table, c.def.name, type)) f.Contract(s);
      f.About(ctx.ColumnSubject(c.schema, c.object, c.def.name));
    }
  }
};

}  // namespace

const Rule& AddRequiredColumnRule() {
  static const AddRequiredColumn rule;
  return rule;
}

}  // namespace shiftway::lint::rules
