// `shiftway validate`: applied migrations against the files.
#include <algorithm>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "core/run/common.h"

namespace shiftway::cli {

Command ValidateCommand() {
  return {"validate", "check applied migrations against the files (exit 1 when they differ)", [](CLI::App& app, Globals&) {
            auto fleet = AddFleetFlags(app);
            return [fleet](Globals& g, Out& out) -> int {
              if (auto rc = RunFleetCommand(*fleet, g, out, "validate")) return *rc;
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Validate(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              if (out.json()) {
                auto doc = Envelope("validate", r->target, out);
                doc["validationSuccessful"] = r->ok();
                doc["validateCount"] = r->validate_count;
                doc["errorDetails"] = nullptr;
                doc["invalidMigrations"] = nlohmann::json::array();
                for (const auto& e : r->errors) {
                  doc["invalidMigrations"].push_back({{"version", e.version},
                                                      {"description", e.description},
                                                      {"filepath", e.path},
                                                      {"errorDetails", {{"errorCode", e.code}, {"errorMessage", e.Text()}}}});
                }
                if (!r->ok()) doc["errorDetails"] = {{"errorCode", "VALIDATE_ERROR"}, {"errorMessage", "Validate failed: migrations have failed validation"}};
                out.Json(doc);
                return r->ok() ? kOk : 1;
              }
              if (r->ok()) {
                out.Print("Successfully validated " + std::to_string(r->validate_count) + " migration" +
                         (r->validate_count == 1 ? "" : "s"));
                return kOk;
              }
              std::vector<const migration::ValidationError*> problems;
              for (const auto& v : r->errors) problems.push_back(&v);
              Error e = run::ValidationFailure(problems);
              e.notes.erase(std::remove(e.notes.begin(), e.notes.end(), "nothing was applied"), e.notes.end());
              return out.Fail(e);
            };
          }};
}

}  // namespace shiftway::cli
