// unparsed-statement: a statement the schema model cannot read is reported, never guessed at.
#include <cctype>

#include "core/lint/rules/common.h"
#include "core/schema/frontend.h"

namespace shiftway::lint::rules {
namespace {

// The first released table whose name appears as a word in the statement, or "".
std::string NamedReleasedTable(const std::string& sql, const schema::Model& released) {
  std::string word;
  auto check = [&](const std::string& w) -> std::string {
    if (w.empty()) return "";
    for (const auto& [key, t] : released.tables) {
      if (schema::SameName(t.name, w)) return t.name;
    }
    return "";
  };
  for (char ch : sql + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
      word += ch;
    } else {
      std::string hit = check(word);
      if (!hit.empty()) return hit;
      word.clear();
    }
  }
  return "";
}

class UnparsedStatement final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"unparsed-statement", "SW304", Category::kHygiene, Severity::kInfo, true,
                               "a statement the linter could not analyse"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    bool reported = false;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kUnparsed) continue;
      // One finding for the statement itself; one for each piece of code it runs (a DO block's or a
      // called routine's statements) that could not be analysed, each naming the routine and line.
      if (reported && c.routine.empty()) continue;
      reported = true;
      const std::string kw = schema::FirstKeyword(ctx.Sql());
      const std::string table = NamedReleasedTable(ctx.Sql(), *ctx.released);
      const bool risky = kw == "ALTER" || kw == "DROP" || kw == "RENAME" || kw == "PREPARE" || kw == "EXECUTE" ||
                         !table.empty() || !c.routine.empty();
      auto f = ctx.Report("could not analyse this statement (" + c.detail + "); what it changes is not checked" +
                          (table.empty() ? "" : ", and it names released table " + table));
      f.Help("check it by hand for the running release; if it is safe, add `-- shiftway:allow unparsed-statement "
             "reason: ...` above it");
      if (risky) f.WithSeverity(Severity::kWarning);
    }
  }
};

}  // namespace

const Rule& UnparsedStatementRule() {
  static const UnparsedStatement rule;
  return rule;
}

}  // namespace shiftway::lint::rules
