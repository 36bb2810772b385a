// `shiftway baseline`: mark an existing database as being at a version.
#include "cli/cli.h"

namespace shiftway::cli {

Command BaselineCommand() {
  return {"baseline", "mark an existing database as being at baselineVersion", [](CLI::App& app, Globals&) {
            struct Flags { std::string version, description; };
            auto f = std::make_shared<Flags>();
            app.add_option("--baseline-version", f->version, "version to mark (default 1)");
            app.add_option("--baseline-description", f->description, "description of the baseline row");
            return [f](Globals& g, Out& out) -> int {
              if (!f->version.empty()) g.flyway_flags["baselineVersion"] = f->version;
              if (!f->description.empty()) g.flyway_flags["baselineDescription"] = f->description;
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Baseline(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              if (out.json()) {
                auto doc = Envelope("baseline", r->target, out);
                doc["successfullyBaselined"] = true;
                doc["baselineVersion"] = r->baseline_version;
                doc["alreadyBaselined"] = r->already;
                out.Json(doc);
                return kOk;
              }
              out.Line(r->already ? "Schema \"" + r->target.schema + "\" is already baselined at version " + r->baseline_version
                                  : "Successfully baselined schema \"" + r->target.schema + "\" with version: " +
                                        r->baseline_version);
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
