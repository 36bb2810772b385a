// add-foreign-key: a new foreign key on released columns may reject the old release's writes.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// The released foreign key on the same columns and target when it has other ON DELETE / ON UPDATE
// actions than `c`'s (a drop and re-create that is not identical), or nullptr.
const Constraint* SameKeyOtherActions(const RuleContext& ctx, const Change& c) {
  const schema::Table* t = ctx.released ? ctx.released->FindTable(c.schema, c.object) : nullptr;
  if (!t) return nullptr;
  for (const auto& k : t->constraints) {
    if (k.kind != Constraint::Kind::kForeignKey || !SameColumns(k.columns, c.constraint.columns, false)) continue;
    if (!schema::SameName(BareName(k.ref_table), BareName(c.constraint.ref_table))) continue;
    if (k.on_delete != c.constraint.on_delete || k.on_update != c.constraint.on_update) return &k;
  }
  return nullptr;
}

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
      if (const Constraint* was = SameKeyOtherActions(ctx, c)) {
        auto action = [](const std::string& a) { return a.empty() ? std::string("NO ACTION") : a; };
        std::string what;
        if (was->on_delete != c.constraint.on_delete) {
          what = "ON DELETE " + action(c.constraint.on_delete) + " (was " + action(was->on_delete) + ")";
        }
        if (was->on_update != c.constraint.on_update) {
          what += (what.empty() ? "" : " and ") + std::string("ON UPDATE ") + action(c.constraint.on_update) +
                  " (was " + action(was->on_update) + ")";
        }
        ctx.Report("re-creating the foreign key from " + table + " (" + cols + ") to " + c.constraint.ref_table +
                   " with " + what + " changes what the running release's deletes and updates of " +
                   c.constraint.ref_table + " do to " + table + ": it is not the released foreign key")
            .Help("keep the released actions while an older release runs, or make sure no running release depends "
                  "on them (say so with -- shiftway:allow add-foreign-key reason: ...)")
            .About(ctx.TableSubject(c.schema, c.object));
        continue;
      }
      // What the key does to the running release's deletes from the referenced table: rejects
      // them (NO ACTION, RESTRICT), or reaches into this table (CASCADE, SET NULL, SET DEFAULT).
      const std::string& on_delete = c.constraint.on_delete;
      const std::string deletes =
          on_delete == "CASCADE"    ? ", and its deletes from " + c.constraint.ref_table + " now delete the " + table +
                                          " rows that reference them"
          : on_delete.empty()       ? ", and deletes from " + c.constraint.ref_table
                                    : ", and its deletes from " + c.constraint.ref_table + " now " +
                                          (on_delete == "SET NULL" ? "set (" + cols + ") to NULL" : "reset (" + cols + ") to its default") +
                                          " in the " + table + " rows that reference them";
      ctx.Report("adding a foreign key from " + table + " (" + cols + ") to " + c.constraint.ref_table +
                 (c.constraint.not_valid ? " (NOT VALID still applies to new writes)" : "") +
                 " may reject writes from the running release" + deletes)
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
