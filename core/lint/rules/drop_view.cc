// drop-view: dropping a released view the old release may query (recreating it in the same file is fine).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropView final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-view", "SW112", Category::kCompatibility, Severity::kError, true,
                               "dropping a released view breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropView || !c.released) continue;
      if (RecreatedLater(ctx, ChangeKind::kCreateView, c)) continue;  // a redefinition
      if (ReportNeverCreated(ctx, c, "view " + ObjectName(c))) continue;
      const std::string subject = ctx.ObjectSubject("view", c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string name = ObjectName(c);
      ctx.Report("dropping view " + name + " breaks the running release, which may still query it")
          .Help("stop using " + name + " in the app first, then drop it in a later release")
          .Expand("-- shiftway:deprecate view " + name)
          .Expand(AppStep("stop querying " + name))
          .Contract("DROP VIEW " + sql::TableIdent(ctx.dialect, name))
          .About(subject);
    }
    ReportViewsBrokenByTables(ctx);
    ReportViewsBrokenByColumns(ctx);
  }

 private:
  // A released view that reads a table this statement drops or renames: MySQL/MariaDB keep the
  // view and fail every query on it; SQLite keeps it on a DROP (a rename rewrites the view);
  // PostgreSQL refuses, except that DROP ... CASCADE drops the view with the table.
  static void ReportViewsBrokenByTables(const StatementContext& ctx) {
    if (!ctx.released || !ctx.after) return;
    for (const auto& c : ctx.record->changes) {
      const bool drop = c.kind == ChangeKind::kDropTable && c.released && !c.never_created;
      const bool rename = c.kind == ChangeKind::kRenameTable && c.released;
      if (!drop && !rename) continue;
      const bool pg = ctx.dialect == sql::Dialect::kPostgres;
      if (pg && !(drop && c.cascade)) continue;
      if (ctx.dialect == sql::Dialect::kSqlite && rename) continue;
      for (const schema::View* released_view : ReleasedViewsOn(ctx, c)) {
        const schema::View& view = *released_view;
        const std::string subject = ctx.ObjectSubject("view", view.schema, view.name);
        const std::string vname = schema::Qualified(view.schema, view.name);
        const std::string what = std::string(drop ? "dropping" : "renaming") + " table " + ObjectName(c);
        ctx.Report(pg ? what + " CASCADE also drops view " + vname + ", which reads it; the running release may still "
                             "query " + vname
                      : what + " breaks view " + vname + ", which reads it: the view stays and every query on it " +
                            "fails, in the running release and in this one")
            .Help(pg ? "drop the view in a release whose app no longer queries it, and drop the table without CASCADE"
                     : "redefine or drop " + vname + " in the same migration, once no running release queries it")
            .About(subject);
      }
    }
  }

  // The released views that read table `schema.table`, still there after the release and not
  // redefined later in this file, nor deprecated earlier.
  static std::vector<const schema::View*> ReleasedViewsOn(const StatementContext& ctx, const Change& c) {
    std::vector<const schema::View*> out;
    const std::string table_key = ctx.released->Key(c.schema, c.object);
    for (const auto& [key, view] : ctx.released->views) {
      bool reads = false;
      for (const auto& t : view.tables) {
        const size_t dot = t.rfind('.');
        const std::string ts = dot == std::string::npos ? "" : t.substr(0, dot);
        const std::string tn = dot == std::string::npos ? t : t.substr(dot + 1);
        if (ctx.released->Key(ts, tn) == table_key) reads = true;
      }
      if (!reads || !ctx.after->views.count(key)) continue;
      Change as_view;
      as_view.schema = view.schema;
      as_view.object = view.name;
      if (RecreatedLater(ctx, ChangeKind::kCreateView, as_view)) continue;
      if (ctx.DeprecatedEarlier(ctx.ObjectSubject("view", view.schema, view.name))) continue;
      out.push_back(&view);
    }
    return out;
  }

  // A released view that reads a column this statement drops or renames. MySQL/MariaDB keep the
  // view and fail every query on it (a `SELECT *` view lists its columns when it is created);
  // SQLite rewrites a view on RENAME COLUMN, so a view column that showed the column takes its new
  // name; PostgreSQL renames nothing a view shows, and refuses the drop except with CASCADE, which
  // drops the view.
  static void ReportViewsBrokenByColumns(const StatementContext& ctx) {
    if (!ctx.released || !ctx.after) return;
    const bool pg = ctx.dialect == sql::Dialect::kPostgres;
    const bool sqlite = ctx.dialect == sql::Dialect::kSqlite;
    for (const auto& c : ctx.record->changes) {
      const bool drop = c.kind == ChangeKind::kDropColumn && c.released && !c.never_created;
      const bool rename = c.kind == ChangeKind::kRenameColumn && c.released;
      if (!drop && !rename) continue;
      if (pg && !(drop && c.cascade)) continue;
      // A SQLite rebuild's drops and a DROP COLUMN that a view reads fail there, loudly.
      if (sqlite && drop) continue;
      const std::string col = ObjectName(c) + "." + c.column;
      for (const schema::View* view : ReleasedViewsOn(ctx, c)) {
        bool reads = false;
        if (sqlite) {
          // Only a view column that shows the renamed column under its name changes.
          for (const auto& o : view->outputs) reads = reads || schema::SameName(o.name, c.column);
          bool mentioned = false;
          for (const auto& m : view->columns) mentioned = mentioned || schema::SameName(m, c.column);
          reads = reads && (mentioned || view->star);
        } else {
          reads = view->star;
          for (const auto& m : view->columns) reads = reads || schema::SameName(m, c.column);
        }
        if (!reads) continue;
        const std::string vname = schema::Qualified(view->schema, view->name);
        const std::string subject = ctx.ObjectSubject("view", view->schema, view->name);
        if (pg) {
          ctx.Report("dropping column " + col + " CASCADE also drops view " + vname +
                     ", which reads it; the running release may still query " + vname)
              .Help("drop the view in a release whose app no longer queries it, and drop the column without CASCADE")
              .About(subject);
        } else if (sqlite) {
          ctx.Report("renaming column " + col + " to " + c.new_name + " also renames column " + c.column +
                     " of view " + vname + " (SQLite rewrites the view), which the running release may still read")
              .Help("keep " + vname + "'s columns: redefine it in the same migration with `" + c.new_name + " AS " +
                    c.column + "`, and rename the view's column a release after the app stops reading it")
              .About(subject);
        } else {
          ctx.Report(std::string(drop ? "dropping" : "renaming") + " column " + col + " breaks view " + vname +
                     ", which reads it: the view stays and every query on it fails, in the running release and in "
                     "this one")
              .Help("redefine or drop " + vname + " in the same migration, once no running release queries it")
              .About(subject);
        }
      }
    }
  }
};

}  // namespace

const Rule& DropViewRule() {
  static const DropView rule;
  return rule;
}

}  // namespace shiftway::lint::rules
