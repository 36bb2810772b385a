// What foreign-key-blocking and check-constraint-blocking share: PostgreSQL validates a new
// constraint on a released table by scanning it under a lock, unless it is added NOT VALID and
// validated in a later migration.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {

/// A rule about adding one kind of constraint without NOT VALID. Subclasses give the RuleInfo,
/// the kind, the noun for messages ("foreign key") and the lock the scan holds.
class NotValidBlocking : public Rule {
 protected:
  NotValidBlocking(Constraint::Kind kind, std::string noun, std::string lock)
      : kind_(kind), noun_(std::move(noun)), lock_(std::move(lock)) {}

 public:
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kAddConstraint || !c.released || c.on_new_columns || c.constraint.kind != kind_ ||
          c.constraint.not_valid || !c.rebuilt_from.empty()) {
        continue;
      }
      const std::string table = ObjectName(c);
      // An unnamed constraint gets PostgreSQL's own name for it: person_team_id_fkey, person_age_check.
      const std::string name =
          !c.constraint.name.empty()
              ? c.constraint.name
              : c.object + (c.constraint.columns.empty() ? "" : "_" + c.constraint.columns.front()) +
                    (kind_ == Constraint::Kind::kForeignKey ? "_fkey" : "_check");
      ctx.Report("adding " + noun_ + " " + name + " to " + table + " without NOT VALID validates every row while holding " +
                 lock_ + ", until the scan ends")
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
        if (c.kind == ChangeKind::kAddConstraint && c.released && c.constraint.kind == kind_ && c.constraint.not_valid &&
            !c.constraint.name.empty()) {
          added.push_back(schema::Lower(c.constraint.name));
        }
        if (c.kind == ChangeKind::kValidateConstraint &&
            std::find(added.begin(), added.end(), schema::Lower(c.column)) != added.end()) {
          ctx.Report(s, "validating " + noun_ + " " + c.column + " in the same migration that added it keeps the " +
                            "ADD's lock on " + ObjectName(c) + " while every row is checked")
              .Help("move ALTER TABLE " + ObjectName(c) + " VALIDATE CONSTRAINT " + c.column + " to a later migration");
        }
      }
    }
  }

 private:
  Constraint::Kind kind_;
  std::string noun_;
  std::string lock_;
};

}  // namespace shiftway::lint::rules
