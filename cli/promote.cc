// `shiftway promote`: move the held contract migrations into the first location, next versions.
#include <memory>

#include "cli/cli.h"
#include "core/split/split.h"

namespace shiftway::cli {

Command PromoteCommand() {
  return {"promote", "give the held contract migrations the next free versions in the first location",
          [](CLI::App& app, Globals&) {
            auto dry_run = std::make_shared<bool>(false);
            app.add_flag("--dry-run", *dry_run, "show what would move, and move nothing");
            return [dry_run](Globals& g, Out& out) -> int {
              auto settings = LoadSettings(g, out, /*url_optional=*/true);
              if (!settings) return out.Fail(settings.error());
              auto plan = split::PlanPromote(*settings);
              if (!plan) return out.Fail(plan.error());
              if (!*dry_run) {
                if (auto r = split::ApplyPromote(*plan); !r) return out.Fail(r.error());
              }
              if (out.json()) {
                nlohmann::json doc = {{"operation", "promote"}, {"held", plan->held_dir}, {"dryRun", *dry_run},
                                      {"promoted", nlohmann::json::array()}};
                for (const auto& s : plan->steps) {
                  doc["promoted"].push_back({{"from", s.from}, {"to", s.to}, {"version", s.version}});
                }
                out.Json(doc);
                return kOk;
              }
              if (plan->steps.empty()) {
                out.Line("No contract migration is held in " + plan->held_dir + "; nothing to promote.");
                return kOk;
              }
              for (const auto& s : plan->steps) {
                out.Line(std::string(*dry_run ? "Would move " : "Moved ") + s.from + " to " + s.to + " (version " +
                         s.version + ")");
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
