// change-column-type: narrowing a released column or changing its type family.
#include "core/lint/rules/common.h"
#include "core/schema/types.h"

namespace shiftway::lint::rules {
namespace {

class ChangeColumnType final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"change-column-type", "SW105", Category::kCompatibility, Severity::kError, true,
                               "narrowing a released column or changing its kind of value"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAlterColumnType || !c.released) continue;
      const std::string old_type = BeforeType(c);
      // SQLite stores by affinity: a declared type that keeps it changes nothing stored or read.
      if (ctx.dialect == sql::Dialect::kSqlite && !old_type.empty() && schema::SqliteStoresSame(old_type, c.def.type)) {
        continue;
      }
      const schema::TypeChange change = schema::CompareTypes(old_type, c.def.type);
      if (change == schema::TypeChange::kSame || change == schema::TypeChange::kWidening) continue;
      const schema::TypeInfo a = schema::ClassifyType(old_type), b = schema::ClassifyType(c.def.type);
      if ((a.family == "enum" || a.family == "set") && a.family == b.family) continue;  // change-enum
      if (c.enum_before && c.enum_after) continue;  // one PostgreSQL enum for another: change-enum
      const std::string table = ObjectName(c);
      // An enum this release renamed away is the running release's type under its released name.
      std::string was = old_type;
      if (!c.released_key.empty() && ctx.released) {
        auto e = ctx.released->enums.find(c.released_key);
        if (e != ctx.released->enums.end()) was = schema::Qualified(e->second.schema, e->second.name);
      }
      std::string what;
      if (change == schema::TypeChange::kUnknown) {
        what = "changing the type of " + table + "." + c.column + " to " + c.def.type +
               " may break the running release (its previous type is unknown here)";
      } else if (change == schema::TypeChange::kNarrowing) {
        what = "narrowing " + table + "." + c.column + " from " + was + " to " + c.def.type +
               " breaks the running release, which may still write values that no longer fit";
      } else {
        what = "changing " + table + "." + c.column + " from " + was + " to " + c.def.type +
               " breaks the running release, which still reads and writes " + was + " values";
      }
      auto f = ctx.Report(what);
      if (change == schema::TypeChange::kUnknown) f.WithSeverity(Severity::kWarning);
      f.Help("add a new column of type " + c.def.type + ", keep it in sync with " + c.column +
             ", move the app to it, and drop " + c.column + " a release later");
      f.Suggest(DualWrite(ctx.dialect, table, c.column, old_type, c.column + "_new", c.def.type));
      f.About(ctx.ColumnSubject(c.schema, c.object, c.column));
    }
  }
};

}  // namespace

const Rule& ChangeColumnTypeRule() {
  static const ChangeColumnType rule;
  return rule;
}

}  // namespace shiftway::lint::rules
