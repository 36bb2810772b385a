// create-index-blocking: PostgreSQL CREATE INDEX without CONCURRENTLY blocks writes to a released table.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class CreateIndexBlocking final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"create-index-blocking", "SW201", Category::kLocking, Severity::kWarning, true,
                               "CREATE INDEX without CONCURRENTLY blocks writes while it builds"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind == ChangeKind::kAddConstraint && c.released && !c.constraint.exclusion &&
          (c.constraint.kind == Constraint::Kind::kUnique || c.constraint.kind == Constraint::Kind::kPrimaryKey) &&
          c.detail.rfind("using index", 0) != 0 && !CreatedEarlierInTransaction(ctx, c)) {
        // ADD CONSTRAINT ... UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE (whether or
        // not the release enforced the same key before, and on new columns too: every row is read).
        const std::string table = ObjectName(c);
        const bool pk = c.constraint.kind == Constraint::Kind::kPrimaryKey;
        std::string cols;
        for (const auto& col : c.constraint.columns) cols += (cols.empty() ? "" : ", ") + col;
        const std::string name = !c.constraint.name.empty() ? c.constraint.name : PgConstraintName(c.object, c.constraint);
        ctx.Report(std::string("adding ") + (pk ? "a primary key" : "a unique constraint") + " on " + table + " (" + cols +
                   ") builds its index while holding an ACCESS EXCLUSIVE lock on " + table +
                   ", blocking every query on it until the index is built")
            .Help("build the index first with CREATE UNIQUE INDEX CONCURRENTLY, in a migration of its own that does not "
                  "run in a transaction, then add the constraint with ADD CONSTRAINT " +
                  (name.empty() ? std::string("...") : name) + (pk ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX");
        continue;
      }
      if (c.kind != ChangeKind::kCreateIndex || !c.released || c.concurrently || c.only) continue;
      if (CreatedEarlierInTransaction(ctx, c)) continue;
      std::string cols;
      for (const auto& col : c.index.columns) cols += (cols.empty() ? "" : ", ") + col;
      const std::string table = ObjectName(c);
      if (c.on_partitioned) {
        // PostgreSQL cannot build an index on a partitioned table CONCURRENTLY.
        ctx.Report("creating index " + c.index.name + " on partitioned table " + table + " builds it on every " +
                   "partition and blocks inserts, updates and deletes on them until it is built")
            .Help("CONCURRENTLY is refused on a partitioned table: create the index with CREATE " +
                  std::string(c.index.unique ? "UNIQUE " : "") + "INDEX " + c.index.name + " ON ONLY " + table + " (" +
                  (cols.empty() ? "..." : cols) + "), build each partition's index with CREATE INDEX CONCURRENTLY, and " +
                  "attach each with ALTER INDEX " + c.index.name + " ATTACH PARTITION");
        continue;
      }
      ctx.Report("creating index " + c.index.name + " on " + table +
                 (ReleasedMatview(ctx, c) ? " without CONCURRENTLY blocks the running release's REFRESH MATERIALIZED "
                                            "VIEW " + table + " until the index is built (reads go on)"
                                          : " without CONCURRENTLY blocks inserts, updates and deletes on " + table +
                                                " until the index is built"))
          .Help("use CREATE " + std::string(c.index.unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + c.index.name +
                " ON " + ObjectName(c) + " (" + (cols.empty() ? "..." : cols) +
                "), in a migration of its own that does not run in a transaction");
    }
  }
};

}  // namespace

const Rule& CreateIndexBlockingRule() {
  static const CreateIndexBlocking rule;
  return rule;
}

}  // namespace shiftway::lint::rules
