// drop-table: dropping a released table breaks the previous release, which still uses it.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// A partition detached from a released table: its rows stay, as a table of their own, but leave the
// parent, which is what the running release queries. Archiving old partitions is routine, so a
// warning, as drop-table warns of rows deleted on purpose.
void ReportDetach(const StatementContext& ctx, const Change& c) {
  const std::string parent = ObjectName(c);
  ctx.Report("detaching partition " + c.new_name + " takes its rows out of " + parent +
             ": the running release no longer reads them through " + parent +
             ", and its writes of rows that belonged there fail (no partition of " + parent + " takes them)" +
             (c.concurrently ? "" : "; without CONCURRENTLY it also holds an ACCESS EXCLUSIVE lock on " + parent))
      .WithSeverity(Severity::kWarning)
      .Help("make sure the running release no longer reads or writes that range (archived data), or attach another "
            "partition for it in the same release; on PostgreSQL 14+ detach it CONCURRENTLY, outside a transaction")
      .About(ctx.TableSubject(c.schema, c.object));
}

class DropTable final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-table", "SW101", Category::kCompatibility, Severity::kError, true,
                               "dropping a released table breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind == ChangeKind::kDetachPartition && c.released) {
        ReportDetach(ctx, c);
        continue;
      }
      // MariaDB CREATE OR REPLACE TABLE of a released table: a drop and a create in one statement.
      const bool replaces = c.kind == ChangeKind::kCreateTable && c.detail == "replaces";
      if (!replaces && (c.kind != ChangeKind::kDropTable || !c.released)) continue;
      if (ReportNeverCreated(ctx, c, "table " + ObjectName(c))) continue;
      const std::string subject = ctx.TableSubject(c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string name = ObjectName(c);
      if (c.detail == "recreated" || replaces) {
        ctx.Report((replaces ? "replacing table " + name + " with CREATE OR REPLACE TABLE"
                             : "dropping table " + name + " and creating it again") +
                   " deletes every row in it, which the running release reads; its new columns are judged against "
                   "the released ones")
            .WithSeverity(Severity::kWarning)
            .Help("change the table in place with ALTER TABLE, or copy its rows into the new table before the old "
                  "one goes; if the rows are disposable (a cache), say so with -- shiftway:allow drop-table")
            .About(subject);
        continue;
      }
      ctx.Report("dropping table " + name + " breaks the running release, which still reads and writes " + name)
          .Help("ship a release whose app no longer uses " + name + " first (mark it with `-- shiftway:deprecate table " +
                name + "`), then drop it in the release after")
          .Expand("-- shiftway:deprecate table " + name)
          .Expand(AppStep("stop reading and writing " + name))
          .Contract("DROP TABLE " + sql::TableIdent(ctx.dialect, name))
          .About(subject);
    }
  }
};

}  // namespace

const Rule& DropTableRule() {
  static const DropTable rule;
  return rule;
}

}  // namespace shiftway::lint::rules
