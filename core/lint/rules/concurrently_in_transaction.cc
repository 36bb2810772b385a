// concurrently-in-transaction: CREATE/DROP INDEX CONCURRENTLY in a file that must run in a transaction.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class ConcurrentlyInTransaction final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"concurrently-in-transaction", "SW207", Category::kLocking, Severity::kWarning, true,
                               "CONCURRENTLY cannot run inside a transaction block"};
    return info;
  }
  void CheckFile(const FileContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres || !ctx.file->in_transaction) return;
    for (const auto& s : ctx.file->statements) {
      for (const auto& c : s.changes) {
        if ((c.kind != ChangeKind::kCreateIndex && c.kind != ChangeKind::kDropIndex) || !c.concurrently) continue;
        const std::string why = ctx.file->file->force_transaction
                                    ? "this migration is forced into a transaction (executeInTransaction or group)"
                                    : "this migration opens a transaction with BEGIN";
        ctx.Report(s, std::string(c.kind == ChangeKind::kCreateIndex ? "CREATE" : "DROP") + " INDEX CONCURRENTLY " +
                          (c.kind == ChangeKind::kCreateIndex ? c.index.name : ObjectName(c)) +
                          " fails with SQLSTATE 25001: " + why)
            .Help("put the CONCURRENTLY statement in a migration of its own, without BEGIN, and without "
                  "executeInTransaction=true in its .conf");
      }
    }
  }
};

}  // namespace

const Rule& ConcurrentlyInTransactionRule() {
  static const ConcurrentlyInTransaction rule;
  return rule;
}

}  // namespace shiftway::lint::rules
