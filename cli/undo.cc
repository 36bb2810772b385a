// `shiftway undo`: apply U<version>__*.sql undo migrations.
#include "cli/cli.h"

namespace shiftway::cli {

Command UndoCommand() {
  return {"undo", "undo the latest migration, or every one above --target", [](CLI::App& app, Globals&) {
            auto target = std::make_shared<std::string>();
            app.add_option("--target", *target, "undo every applied migration above this version");
            return [target](Globals& g, Out& out) -> int {
              if (!target->empty()) g.flyway_flags["target"] = *target;
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Undo(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              for (const auto& w : r->warnings) out.Warn(w);
              if (out.json()) {
                auto doc = Envelope("undo", r->target, out);
                doc["initialSchemaVersion"] = r->initial_version;
                doc["targetSchemaVersion"] = r->target_version;
                doc["undoneMigrations"] = nlohmann::json::array();
                for (const auto& m : r->undone) {
                  doc["undoneMigrations"].push_back({{"version", m.version}, {"description", m.description},
                                                     {"filepath", m.path}, {"executionTime", m.execution_time}});
                }
                doc["migrationsUndone"] = r->undone.size();
                out.Json(doc);
                return kOk;
              }
              if (r->undone.empty()) {
                out.Line("Nothing to undo");
              } else {
                out.Line("Successfully undid " + std::to_string(r->undone.size()) + " migration" +
                         (r->undone.size() == 1 ? "" : "s") + " on schema \"" + r->target.schema + "\", now at version " +
                         (r->target_version.empty() ? "<< Empty Schema >>" : "v" + r->target_version));
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
