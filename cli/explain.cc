// `shiftway explain`: a lint rule's documentation page, compiled into the binary.
#include <algorithm>
#include <memory>

#include "cli/cli.h"
#include "core/lint/rule.h"
#include "core/base/strings.h"
#include "core/lint/rule_docs.h"

namespace shiftway::cli {
namespace {

// Names a user probably meant: near in spelling, or containing what they typed.
std::vector<std::string> CloseNames(const std::string& wanted) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const lint::Rule* rule : lint::AllRules()) {
    std::string name(rule->Info().name);
    size_t d = shiftway::EditDistance(wanted, name);
    if (d <= 3 || (wanted.size() >= 3 && name.find(wanted) != std::string::npos))
      scored.emplace_back(d, name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, name] : scored) {
    if (out.size() < 5) out.push_back(name);
  }
  return out;
}

const lint::Rule* FindByNameOrCode(const std::string& wanted) {
  for (const lint::Rule* rule : lint::AllRules()) {
    if (rule->Info().name == wanted || rule->Info().code == wanted) return rule;
  }
  return nullptr;
}

}  // namespace

Command ExplainCommand() {
  return {
      "explain", "print a lint rule's documentation", [](CLI::App& app, Globals&) {
        struct Flags {
          std::string rule;
          bool list = false;
        };
        auto f = std::make_shared<Flags>();
        app.add_option("rule", f->rule, "the rule's name (rename-column) or code (SW104)");
        app.add_flag("--list", f->list, "list every rule with its category and default severity");
        return [f](Globals& g, Out& out) -> int {
          if (f->list || f->rule.empty()) {
            if (!f->list) {
              return out.Fail(Error(ErrorCode::kUsage, "explain needs a rule name")
                                  .Hint("run `shiftway explain --list` for the rules, then `shiftway explain "
                                        "<rule>`"));
            }
            nlohmann::json rules = nlohmann::json::array();
            std::vector<std::vector<std::string>> rows;
            for (const lint::Rule* rule : lint::AllRules()) {
              const lint::RuleInfo& i = rule->Info();
              rules.push_back({{"name", i.name},
                               {"code", i.code},
                               {"category", lint::CategoryName(i.category)},
                               {"severity", lint::SeverityName(i.severity)},
                               {"enabledByDefault", i.enabled_by_default},
                               {"summary", i.summary}});
              rows.push_back(
                  {std::string(i.name), std::string(i.code), std::string(lint::CategoryName(i.category)),
                   std::string(lint::SeverityName(i.severity)) + (i.enabled_by_default ? "" : " (off)"),
                   std::string(i.summary)});
            }
            if (out.json()) {
              out.Json({{"rules", rules}});
            } else {
              out.Print(RenderTable({"Rule", "Code", "Category", "Default", "Summary"}, rows));
            }
            return kOk;
          }
          const lint::Rule* rule = FindByNameOrCode(f->rule);
          const lint::RuleDoc* doc = rule ? lint::FindRuleDoc(rule->Info().name) : nullptr;
          if (!doc) {
            Error e(ErrorCode::kUsage, "unknown lint rule '" + f->rule + "'");
            std::vector<std::string> close = CloseNames(f->rule);
            std::string names;
            for (const auto& n : close) names += (names.empty() ? "" : ", ") + n;
            if (!close.empty()) e.Note("did you mean: " + names + "?");
            e.Hint("run `shiftway explain --list` for every rule");
            return out.Fail(e);
          }
          if (out.json()) {
            out.Json({{"rule", doc->name}, {"code", rule->Info().code}, {"markdown", doc->markdown}});
          } else {
            std::string text(doc->markdown);
            while (!text.empty() && text.back() == '\n') text.pop_back();
            out.Print(text);
          }
          return kOk;
        };
      }};
}

}  // namespace shiftway::cli
