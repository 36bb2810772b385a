// `shiftway clean`: drop everything in the managed schemas (only when cleanDisabled=false).
#include "cli/cli.h"

namespace shiftway::cli {

Command CleanCommand() {
  return {"clean", "drop all objects in the managed schemas (needs cleanDisabled=false)", [](CLI::App& app, Globals&) {
            auto disabled = std::make_shared<std::string>();
            app.add_option("--clean-disabled", *disabled, "false to allow clean");
            return [disabled](Globals& g, Out& out) -> int {
              if (!disabled->empty()) g.flyway_flags["cleanDisabled"] = *disabled;
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Clean(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              if (out.json()) {
                auto doc = Envelope("clean", r->target, out);
                doc["schemasCleaned"] = r->schemas_cleaned;
                doc["schemasDropped"] = nlohmann::json::array();
                doc["objectsDropped"] = r->dropped.size();
                out.Json(doc);
                return kOk;
              }
              for (const auto& s : r->schemas_cleaned) {
                out.Line("Successfully cleaned schema \"" + s + "\" (" + std::to_string(r->dropped.size()) + " objects dropped)");
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
