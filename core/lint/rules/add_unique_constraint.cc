// add-unique-constraint: a new UNIQUE/PRIMARY KEY (or unique index) on released columns.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

class AddUniqueConstraint final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-unique-constraint", "SW109", Category::kCompatibility, Severity::kError, true,
                               "a new unique constraint on a released table may reject the old release's writes"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      std::vector<std::string> cols;
      std::string what;
      if (c.kind == ChangeKind::kAddConstraint && c.released && !c.on_new_columns &&
          (c.constraint.kind == Constraint::Kind::kUnique || c.constraint.kind == Constraint::Kind::kPrimaryKey) &&
          c.detail.rfind("using index", 0) != 0) {
        cols = c.constraint.columns;
        what = c.constraint.kind == Constraint::Kind::kPrimaryKey ? "a primary key"
               : c.constraint.exclusion                            ? "an exclusion constraint"
                                                                   : "a unique constraint";
      } else if (c.kind == ChangeKind::kCreateIndex && c.released && c.index.unique && !c.on_new_columns) {
        cols = c.index.columns;
        what = "unique index " + c.index.name;
      } else {
        continue;
      }
      if (EnforcedAtRelease(ctx, c)) continue;
      const std::string table = ObjectName(c);
      const std::string key =
          c.constraint.exclusion || cols.empty() || !ctx.released ? "" : ctx.released->UniqueKeyWithin(c.schema, c.object, cols);
      if (!key.empty()) {
        // Wider than a released key: no combination of values is refused for a duplicate. A primary
        // key still makes its columns NOT NULL.
        if (c.kind != ChangeKind::kAddConstraint || c.constraint.kind != Constraint::Kind::kPrimaryKey) continue;
        const schema::Table* was = ctx.released->FindTable(c.schema, c.object);
        std::vector<std::string> nullable;
        for (const auto& col : cols) {
          const schema::Column* p = was ? was->FindColumn(col) : nullptr;
          if (p && !p->not_null) nullable.push_back(p->name);
        }
        if (nullable.empty()) continue;
        ctx.Report("adding a primary key on " + table + " (" + Join(cols) + ") makes " + Join(nullable) +
                   " NOT NULL, and the running release's writes of NULL to " + (nullable.size() == 1 ? "it" : "them") +
                   " now fail (the released key on (" + key + ") already keeps every key value unique)")
            .Help("have the app always write " + Join(nullable) + ", backfill the NULLs, and add the primary key in a "
                  "later release")
            .Expand(AppStep("always write " + Join(nullable) + " in " + table))
            .Contract(ctx.Sql())
            .About(ctx.TableSubject(c.schema, c.object));
        continue;
      }
      const std::string list = cols.empty() ? "(on expressions)" : "(" + Join(cols) + ")";
      const std::string values = cols.empty() ? "its indexed expressions" : list;
      if (c.constraint.exclusion) {
        // No index can be built beforehand for EXCLUDE (there is no ADD ... USING INDEX for it).
        auto f = ctx.Report("adding " + what + " on " + table + " " + list +
                            " may reject inserts and updates from the running release, which does not expect " +
                            "conflicting rows to fail; PostgreSQL also builds its index holding an ACCESS EXCLUSIVE " +
                            "lock, which blocks every query on " + table);
        f.Help("make the app avoid conflicting rows and clean up existing ones first; add the constraint in a later "
               "release, at a quiet time (it cannot be built concurrently)");
        f.Expand(AppStep("stop writing rows to " + table + " that conflict on " + values));
        f.Contract(ctx.Sql());
        f.About(ctx.TableSubject(c.schema, c.object));
        continue;
      }
      if (ReleasedMatview(ctx, c)) {
        // No row of a materialized view is written but by REFRESH, which fails as a whole on a duplicate.
        auto f = ctx.Report("adding " + what + " on materialized view " + table + " " + list +
                            " makes the running release's REFRESH MATERIALIZED VIEW " + table +
                            " fail whenever its query returns duplicate " + values + " values");
        f.Help("make sure the view's query cannot return duplicates of " + values + " before adding the index");
        if (!cols.empty()) {
          const std::string q_cols = sql::IdentList(ctx.dialect, cols);
          f.Expand("-- must return no rows, now and after every refresh");
          f.Expand("SELECT " + q_cols + ", count(*) FROM " + sql::TableIdent(ctx.dialect, table) + " GROUP BY " + q_cols +
                   " HAVING count(*) > 1");
        }
        f.Contract(ctx.Sql());
        f.About(ctx.ObjectSubject("view", c.schema, c.object));
        continue;
      }
      auto f = ctx.Report("adding " + what + " on " + table + " " + list +
                          " may reject inserts and updates from the running release, which does not expect " +
                          "duplicates to fail");
      f.Help("make the app avoid duplicates and clean up existing ones first; add the constraint in a later release");
      f.Expand(AppStep("stop writing duplicate " + values + " values to " + table));
      if (!cols.empty()) {
        f.Expand("-- must return no rows before the contract step");
        const std::string q_cols = sql::IdentList(ctx.dialect, cols);
        f.Expand("SELECT " + q_cols + ", count(*) FROM " + sql::TableIdent(ctx.dialect, table) + " GROUP BY " +
                 q_cols + " HAVING count(*) > 1");
      }
      if (ctx.dialect == sql::Dialect::kPostgres && !cols.empty()) {
        std::string name = table + "_" + cols[0] + "_key";
        std::replace(name.begin(), name.end(), '.', '_');
        const std::string idx = sql::Ident(ctx.dialect, ShortName(ctx.dialect, name));
        const std::string q_table = sql::TableIdent(ctx.dialect, table);
        f.Contract("CREATE UNIQUE INDEX CONCURRENTLY " + idx + " ON " + q_table + " (" +
                   sql::IdentList(ctx.dialect, cols) + ")");
        f.Contract("ALTER TABLE " + q_table + " ADD CONSTRAINT " + idx + " UNIQUE USING INDEX " + idx);
      } else {
        f.Contract(ctx.Sql());
      }
      f.About(ctx.TableSubject(c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& AddUniqueConstraintRule() {
  static const AddUniqueConstraint rule;
  return rule;
}

}  // namespace shiftway::lint::rules
