// `shiftway split FILE`: rewrite an unreleased breaking migration into expand now, contract later.
#include <memory>

#include "cli/cli.h"
#include "core/split/split.h"

namespace shiftway::cli {

Command SplitCommand() {
  return {"split", "rewrite a breaking migration into an expand step now and a contract step for the next release",
          [](CLI::App& app, Globals&) {
            auto f = std::make_shared<split::SplitRequest>();
            app.add_option("file", f->file, "the unreleased migration to split (rewritten in place)")->required();
            app.add_option("--dialect", f->lint.dialect, "postgres, mysql, mariadb or sqlite (default: from the URL)")
                ->check(CLI::IsMember({"postgres", "postgresql", "mysql", "mariadb", "sqlite"}));
            app.add_option("--since", f->lint.since, "versions up to and including VERSION were released");
            app.add_option("--against", f->lint.against, "git:REF: what the locations held at REF was released");
            app.add_flag("--against-db", f->lint.against_db, "what the configured database applied was released");
            app.add_option("--up", f->up, "type changes: the old value converted to the new type, over the old column");
            app.add_option("--down", f->down,
                           "type changes: the new value converted back to the old type, over the new column");
            app.add_flag("--as-new-column", f->as_new_column,
                         "type changes: end with the column renamed to <column>_new (the contract drops the old one)");
            app.add_option("--default", f->default_expr,
                           "add-required-column, set-not-null: the value for rows that have none");
            return [f](Globals& g, Out& out) -> int {
              auto settings = LoadSettings(g, out, /*url_optional=*/true);
              if (!settings) return out.Fail(settings.error());
              run::Observer observer = ReportObserver(out);
              auto plan = split::PlanSplit(*settings, *f, observer);
              if (!plan) return out.Fail(plan.error());
              if (auto r = split::WriteSplit(*plan); !r) return out.Fail(r.error());
              if (out.json()) {
                nlohmann::json doc = {{"operation", "split"}, {"boundary", plan->boundary},
                                      {"expand", plan->expand.path}, {"contracts", nlohmann::json::array()},
                                      {"handled", nlohmann::json::array()}, {"kept", nlohmann::json::array()},
                                      {"left", nlohmann::json::array()}};
                for (const auto& c : plan->contracts) doc["contracts"].push_back(c.path);
                for (const auto& h : plan->handled) {
                  doc["handled"].push_back({{"rule", h.rule}, {"line", h.line}, {"message", h.message}});
                }
                for (const auto& k : plan->kept) doc["kept"].push_back({{"line", k.line}, {"statement", k.statement}});
                for (const auto& l : plan->left) {
                  doc["left"].push_back({{"rule", l.rule}, {"line", l.line}, {"message", l.message}});
                }
                if (!out.warnings().empty()) doc["warnings"] = out.warnings();
                out.Json(doc);
                return kOk;
              }
              for (const auto& h : plan->handled) {
                out.Line("split " + h.rule + " at line " + std::to_string(h.line) + ": " + h.message);
              }
              for (const auto& k : plan->kept) {
                out.Line("kept in the expand from line " + std::to_string(k.line) + ": " + k.statement);
              }
              out.Line("Wrote the expand step to " + plan->expand.path + " (ships in this release)");
              for (const auto& c : plan->contracts) {
                out.Line("Held the contract step in " + c.path + " (run `shiftway promote` in the next release)");
              }
              for (const auto& l : plan->left) {
                out.Warn(plan->expand.path + ":" + std::to_string(l.line) + ": left as it was: " + l.message + " [" +
                         l.rule + "]");
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
