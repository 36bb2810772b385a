// set-invisible: a released MySQL/MariaDB column made INVISIBLE, or an invisible one made VISIBLE:
// the running release's SELECT * and INSERT without a column list see another set of columns.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class SetInvisible final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"set-invisible", "SW126", Category::kCompatibility, Severity::kWarning, true,
                               "a released column made INVISIBLE or VISIBLE (SELECT * and positional INSERT change)"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kMysql || !ctx.after) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kSetVisibility || !c.released) continue;
      const bool hide = c.detail == "invisible";
      if (c.before && c.before->invisible == hide) continue;  // already so
      // Net effect: the running release sees the column as it was released, so only a column whose
      // visibility at the end of the release differs from the released one is reported (hidden and
      // shown again, or shown and hidden again, is not).
      const schema::Table* was_t = ctx.released ? ctx.released->FindTable(c.schema, c.object) : nullptr;
      const schema::Column* was = was_t ? was_t->FindColumn(c.column) : nullptr;
      if (!was || was->invisible == hide) continue;
      const schema::Table* t = ctx.after->FindTable(c.schema, c.object);
      const schema::Column* now = t ? t->FindColumn(c.column) : nullptr;
      if (!now || now->invisible != hide) continue;
      const std::string table = ObjectName(c);
      const std::string col = table + "." + c.column;
      auto f = ctx.Report(
          hide ? "making " + col + " INVISIBLE hides it from the running release's SELECT * (which no longer returns " +
                     c.column + ") and from its INSERT INTO " + table +
                     " VALUES (...) without a column list, which now has one value too many and fails"
               : "making " + col + " VISIBLE adds it to the running release's SELECT * and to its INSERT INTO " + table +
                     " VALUES (...) without a column list, which now has one value too few and fails");
      f.Help("name the columns in the app's SELECT and INSERT statements of " + table + " first, then change " +
             c.column + "'s visibility in a later release");
      f.Expand(AppStep("name the columns of " + table + " in every SELECT and INSERT instead of * and VALUES (...)"));
      f.Contract(ctx.Sql());
      f.About(ctx.ColumnSubject(c.schema, c.object, c.column));
    }
  }
};

}  // namespace

const Rule& SetInvisibleRule() {
  static const SetInvisible rule;
  return rule;
}

}  // namespace shiftway::lint::rules
