// add-check-constraint: a new CHECK on a released table may reject the old release's writes.
#include "core/lint/rules/common.h"
#include "core/sql/identifier.h"
#include "core/schema/frontend.h"

namespace shiftway::lint::rules {
namespace {

// What typeof() gives for a value a STRICT column of `type` keeps (INT/INTEGER, REAL, TEXT, BLOB).
std::string SqliteStrictTypeof(const std::string& type) {
  const std::string t = schema::Lower(type);
  if (t.find("int") != std::string::npos) return "integer";
  if (t == "real") return "real";
  if (t == "blob") return "blob";
  return "text";
}

class AddCheckConstraint final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-check-constraint", "SW110", Category::kCompatibility, Severity::kError, true,
                               "a new CHECK on a released table may reject the old release's writes"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAddConstraint || !c.released || c.on_new_columns ||
          c.constraint.kind != Constraint::Kind::kCheck || EnforcedAtRelease(ctx, c)) {
        continue;
      }
      if (!c.constraint.not_null_column.empty()) continue;  // set-not-null reports CHECK (c IS NOT NULL)
      const std::string table = ObjectName(c);
      if (c.detail == "strict") {
        // Apps rarely write another type on purpose, but SQLite took it (a number as text, a date
        // as a number), and nothing showed: a warning, with the query that finds such rows.
        const std::string via = c.rebuilt_from.empty() || schema::SameName(c.rebuilt_from, c.object)
                                    ? ""
                                    : " (via " + c.rebuilt_from + ")";
        auto f = ctx.Report("rebuilding " + table + via +
                            " as a STRICT table makes SQLite refuse values that are not of their column's " +
                            "declared type, which it stored for the running release until now");
        f.WithSeverity(Severity::kWarning)
            .Help("check that the app writes each column's type (the rows already there show what it wrote), then "
                  "make the table STRICT in a later release")
            .Expand(AppStep("write only values of each column's declared type to " + table));
        // The first column whose values can be of another type (not the rowid, not ANY).
        const schema::Column* first = nullptr;
        if (c.before_table) {
          for (const auto& col : c.before_table->columns) {
            if (col.default_expr != "rowid" && !schema::SameName(col.type, "any")) {
              first = &col;
              break;
            }
          }
        }
        if (first) {
          f.Expand("-- per column: rows whose value is not of the column's type, e.g. " + first->name);
          const std::string q = sql::Ident(ctx.dialect, first->name);
          f.Expand("SELECT count(*) FROM " + sql::TableIdent(ctx.dialect, table) + " WHERE " + q +
                   " IS NOT NULL AND typeof(" + q + ") <> '" + SqliteStrictTypeof(first->type) + "'");
        }
        f.About(ctx.TableSubject(c.schema, c.object));
        continue;
      }
      const std::string expr = c.constraint.expr.empty() ? "..." : c.constraint.expr;
      if (ctx.dialect == sql::Dialect::kMysql && !ctx.config->server_version.empty()) {
        // MySQL before 8.0.16 and MariaDB before 10.2.1 parse CHECK and ignore it.
        const schema::ServerVersion v = schema::ParseServerVersion(ctx.config->server_version);
        if (v.number > 0 && v.number < (v.mariadb ? 100201 : 80016)) {
          ctx.Report("adding CHECK (" + expr + ") to " + table + " rejects nothing on " +
                     (v.mariadb ? "MariaDB " : "MySQL ") + ctx.config->server_version +
                     ", which parses CHECK and ignores it; the server that enforces it (" +
                     (v.mariadb ? "MariaDB 10.2.1" : "MySQL 8.0.16") +
                     " or later) may reject the running release's writes")
              .WithSeverity(Severity::kInfo)
              .Help("make the app write only values that satisfy the check before upgrading the server")
              .About(ctx.TableSubject(c.schema, c.object));
          continue;
        }
      }
      ctx.Report("adding CHECK (" + expr + ") to " + table +
                 (c.constraint.not_valid ? " (NOT VALID still applies to new writes)" : "") +
                 " may reject inserts and updates from the running release")
          .Help("make the app write only values that satisfy the check, fix existing rows, and add the constraint "
                "in a later release")
          .Expand(AppStep("write only rows of " + table + " that satisfy " + expr))
          .Expand("-- must return 0 before the contract step")
          .Expand("SELECT count(*) FROM " + sql::TableIdent(ctx.dialect, table) + " WHERE NOT (" + expr + ")")
          .Contract(ctx.Sql())
          .About(ctx.TableSubject(c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& AddCheckConstraintRule() {
  static const AddCheckConstraint rule;
  return rule;
}

}  // namespace shiftway::lint::rules
