// set-not-null: making a released nullable column required, including CHECK (c IS NOT NULL).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// Made NOT NULL and nullable again by a later statement of the same release (a migration that
// was reverted in the next file): the release leaves the column as the running release knew it.
// The scan and lock of SET NOT NULL still happen, and not-null-scan still says so.
bool NullableAtTheEnd(const StatementContext& ctx, const std::string& schema, const std::string& table,
                      const std::string& column) {
  const schema::Table* now = ctx.after ? ctx.after->FindTable(schema, table) : nullptr;
  const schema::Column* col = now && !now->columns_unknown ? now->FindColumn(column) : nullptr;
  if (!col || col->not_null) return false;
  for (const auto& k : now->constraints) {
    if (k.kind == Constraint::Kind::kCheck && schema::SameName(k.not_null_column, column)) return false;
  }
  return true;
}

class SetNotNull final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"set-not-null", "SW107", Category::kCompatibility, Severity::kError, true,
                               "making a released nullable column NOT NULL"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      std::string column;
      std::string how;
      if (c.kind == ChangeKind::kSetNotNull && c.released) {
        column = c.column;
        how = c.rebuilt_from.empty() ? (c.detail == "redefine" ? "redefining " : "making ")
                                     : "rebuilding " + ObjectName(c) + " with ";
      } else if (c.kind == ChangeKind::kAddConstraint && c.released &&
                 c.constraint.kind == Constraint::Kind::kCheck && !c.constraint.not_null_column.empty() &&
                 !c.on_new_columns) {
        column = c.constraint.not_null_column;
        how = std::string("adding CHECK (") + column + " IS NOT NULL)" + (c.constraint.not_valid ? " NOT VALID" : "") +
              " to make ";
      } else {
        continue;
      }
      if (c.before && c.before->not_null) continue;
      if (c.kind == ChangeKind::kSetNotNull && c.has_not_null_check) continue;
      if (NullableAtTheEnd(ctx, c.schema, c.object, column)) continue;
      const std::string table = ObjectName(c);
      std::string type = c.before ? c.before->type : "";
      std::string subject = table + "." + column + (type.empty() ? "" : " (" + type + ")");
      auto f = ctx.Report(how + subject + " NOT NULL breaks the running release, which may still write NULL to " +
                          column + (c.constraint.not_valid ? " (NOT VALID still applies to new writes)" : ""));
      f.Help("have the app write " + column + " on every insert and update, backfill the NULLs, and add NOT NULL in a "
             "later release");
      f.Expand(AppStep("always write " + table + "." + column));
      f.Expand("-- backfill; on large tables run it in batches");
      const std::string q_col = sql::Ident(ctx.dialect, column);
      f.Expand("UPDATE " + sql::TableIdent(ctx.dialect, table) + " SET " + q_col + " = /* value */ NULL WHERE " + q_col +
               " IS NULL");
      for (auto& s : SetNotNullSql(ctx.dialect, table, column, type)) f.Contract(s);
      f.About(ctx.ColumnSubject(c.schema, c.object, column));
    }
  }
};

}  // namespace

const Rule& SetNotNullRule() {
  static const SetNotNull rule;
  return rule;
}

}  // namespace shiftway::lint::rules
