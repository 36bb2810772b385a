// drop-index-blocking: PostgreSQL DROP INDEX without CONCURRENTLY blocks reads and writes of the table.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropIndexBlocking final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-index-blocking", "SW202", Category::kLocking, Severity::kWarning, true,
                               "DROP INDEX without CONCURRENTLY blocks all access to the table"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropIndex || !c.released || c.concurrently) continue;
      if (c.never_created && c.detail == "index") {
        ctx.Report("DROP INDEX IF EXISTS " + ObjectName(c) + " drops nothing and takes no lock: no earlier migration " +
                   "created an index of that name, no key or constraint carries it, and the history starts at " +
                   "version 1 with no baseline")
            .WithSeverity(Severity::kInfo)
            .Help("nothing to do; if the index can exist outside the migrations (created by hand or by another "
                  "tool), drop it with DROP INDEX CONCURRENTLY");
        continue;
      }
      if (c.never_created) {
        ctx.Report("DROP INDEX IF EXISTS " + ObjectName(c) + " drops nothing and takes no lock: PostgreSQL reads " +
                   c.schema + " as a schema, and no earlier migration created schema " + c.schema +
                   " (the history starts at version 1 with no baseline)")
            .WithSeverity(Severity::kInfo)
            .Help("if the index was meant, write its schema, not its table: DROP INDEX CONCURRENTLY " + c.object);
        continue;
      }
      const std::string on = c.table.empty() ? "its table" : c.table;
      ctx.Report("dropping index " + ObjectName(c) + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on " + on +
                 ", blocking every query on it until the drop finishes")
          .Help("use DROP INDEX CONCURRENTLY " + ObjectName(c) +
                ", in a migration of its own that does not run in a transaction");
    }
  }
};

}  // namespace

const Rule& DropIndexBlockingRule() {
  static const DropIndexBlocking rule;
  return rule;
}

}  // namespace shiftway::lint::rules
