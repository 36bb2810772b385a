// add-rejecting-trigger: a new trigger on a released table that can refuse the row it fires for.
#include <regex>

#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// What makes a trigger refuse the row it fires for, by dialect: PL/pgSQL's RAISE at its default
// level or EXCEPTION (not NOTICE, WARNING...), MySQL's SIGNAL, SQLite's RAISE(ABORT|FAIL|ROLLBACK).
bool CanReject(sql::Dialect d, const std::string& text) {
  static const std::regex pg(R"(\braise\s+(exception\b|sqlstate\b|using\b|'|"|;))", std::regex::icase);
  static const std::regex mysql(R"(\bsignal\s+sqlstate\b)", std::regex::icase);
  static const std::regex sqlite(R"(\braise\s*\(\s*(abort|fail|rollback)\b)", std::regex::icase);
  return std::regex_search(text, d == sql::Dialect::kPostgres ? pg : d == sql::Dialect::kMysql ? mysql : sqlite);
}

// PostgreSQL: the text of the CREATE FUNCTION of `function` in this release, or "".
std::string FunctionText(const RuleContext& ctx, const std::string& function) {
  const std::string bare = BareName(function);
  std::string text;
  for (const auto& f : *ctx.files) {
    for (const auto& s : f.statements) {
      for (const auto& c : s.changes) {
        if (c.kind == ChangeKind::kCreateRoutine && schema::SameName(c.object, bare)) text = s.statement.text;
      }
    }
  }
  return text;
}

class AddRejectingTrigger final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-rejecting-trigger", "SW122", Category::kCompatibility, Severity::kWarning, true,
                               "a new trigger on a released table that can refuse the running release's writes"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kCreateTrigger || !ctx.released->FindTable(c.schema, c.object)) continue;
      const schema::Trigger& t = c.trigger_def;
      // BEFORE or AFTER: an error raised in either fails the running release's statement.
      if (t.event.find("INSERT") == std::string::npos && t.event.find("UPDATE") == std::string::npos) continue;
      const std::string body = ctx.dialect == sql::Dialect::kPostgres ? FunctionText(ctx, c.function) : t.body;
      if (body.empty() || !CanReject(ctx.dialect, body)) continue;
      const std::string table = ObjectName(c);
      const std::string what = ctx.dialect == sql::Dialect::kPostgres ? "RAISE in " + c.function + "()"
                               : ctx.dialect == sql::Dialect::kMysql ? "SIGNAL"
                                                                     : "RAISE";
      const std::string events = t.event.find("INSERT") != std::string::npos &&
                                         t.event.find("UPDATE") != std::string::npos
                                     ? "inserts and updates"
                                 : t.event.find("INSERT") != std::string::npos ? "inserts"
                                                                               : "updates";
      ctx.Report("trigger " + c.column + " on " + table + " can refuse a row (" + what + ") and may reject " +
                 events + " of the running release, which does not know what it checks")
          .Help("make the app write rows that pass the trigger's check first, and add the trigger in a later "
                "release; a check on a column this release adds breaks every insert that leaves it out")
          .Expand(AppStep("write only rows of " + table + " that the trigger " + c.column + " accepts"))
          .Contract(ctx.Sql())
          .About(ctx.TableSubject(c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& AddRejectingTriggerRule() {
  static const AddRejectingTrigger rule;
  return rule;
}

}  // namespace shiftway::lint::rules
