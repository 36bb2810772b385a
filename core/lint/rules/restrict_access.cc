// restrict-access: REVOKE on a released table, or ROW LEVEL SECURITY switched on, takes away what
// the running release reads and writes.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class RestrictAccess final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"restrict-access", "SW123", Category::kCompatibility, Severity::kWarning, true,
                               "REVOKE on a released table, or row level security switched on"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRestrictAccess || !c.released || !ctx.released->FindTable(c.schema, c.object)) {
        continue;
      }
      const std::string table = ObjectName(c);
      if (c.detail == "revoke") {
        std::string privileges;
        for (const auto& p : c.values) privileges += (privileges.empty() ? "" : ", ") + p;
        ctx.Report("REVOKE " + privileges + " ON " + table + " FROM " + c.column +
                   " takes away what the running release may still do with " + table + " if it connects as " +
                   c.column + (c.column == "PUBLIC" ? " (every role)" : ""))
            .Help("revoke a privilege a release after no running release needs it")
            .Expand(AppStep("stop using " + privileges + " on " + table + " as " + c.column))
            .Contract(ctx.Sql())
            .About(ctx.TableSubject(c.schema, c.object));
      } else if (!ReleaseHas(ctx, ChangeKind::kCreatePolicy, c.schema, c.object)) {
        const bool force = !c.values.empty() && c.values[0] == "FORCE";
        ctx.Report(std::string(force ? "FORCE" : "ENABLE") + " ROW LEVEL SECURITY on " + table +
                   " with no policy in this release: every role but the table's owner" +
                   (force ? " (and, forced, the owner too)" : "") +
                   " then reads no rows of it and cannot write it, unless a policy admits it")
            .Help("create the policies that admit the running release's role in the same release, or before, "
                  "and check them against the app's queries")
            .About(ctx.TableSubject(c.schema, c.object));
      }
    }
  }
};

}  // namespace

const Rule& RestrictAccessRule() {
  static const RestrictAccess rule;
  return rule;
}

}  // namespace shiftway::lint::rules
