// check-constraint-blocking: PostgreSQL adds a check constraint by scanning the released table under a lock that blocks traffic.
#include <algorithm>

#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class CheckConstraintBlocking final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"check-constraint-blocking", "SW204", Category::kLocking, Severity::kWarning, true,
                               "adding a check constraint without NOT VALID scans the table under a blocking lock"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAddConstraint || !c.released || c.on_new_columns ||
          c.constraint.kind != Constraint::Kind::kCheck || c.constraint.not_valid) {
        continue;
      }
      const std::string table = ObjectName(c);
      const std::string name = c.constraint.name.empty() ? "<name>" : c.constraint.name;
      ctx.Report("adding check constraint " + name + " to " + table + " without NOT VALID validates every row while holding " +
                 "an ACCESS EXCLUSIVE lock, blocking every query, until the scan ends")
          .Help("add it with NOT VALID, then run ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name +
                " in a later migration that runs in its own transaction");
    }
  }
  // ADD ... NOT VALID followed by VALIDATE in the same file runs in one transaction under Flyway's
  // default, so the strong lock from ADD is still held while VALIDATE scans.
  void CheckFile(const FileContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    std::vector<std::string> added;
    for (const auto& s : ctx.file->statements) {
      for (const auto& c : s.changes) {
        if (c.kind == ChangeKind::kAddConstraint && c.released && c.constraint.kind == Constraint::Kind::kCheck &&
            c.constraint.not_valid && !c.constraint.name.empty()) {
          added.push_back(schema::Lower(c.constraint.name));
        }
        if (c.kind == ChangeKind::kValidateConstraint &&
            std::find(added.begin(), added.end(), schema::Lower(c.column)) != added.end()) {
          ctx.Report(s, "validating check constraint " + c.column + " in the same migration that added it keeps the " +
                            "ADD's lock on " + ObjectName(c) + " while every row is checked")
              .Help("move ALTER TABLE " + ObjectName(c) + " VALIDATE CONSTRAINT " + c.column +
                    " to a later migration");
        }
      }
    }
  }
};

}  // namespace

const Rule& CheckConstraintBlockingRule() {
  static const CheckConstraintBlocking rule;
  return rule;
}

}  // namespace shiftway::lint::rules
