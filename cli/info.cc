// `shiftway info`: every migration, its state and checksum.
#include "cli/cli.h"

namespace shiftway::cli {

namespace {
std::string Checksum(const std::optional<int32_t>& c) { return c ? std::to_string(*c) : ""; }
}  // namespace

Command InfoCommand() {
  return {"info", "list every migration with its state and checksum", [](CLI::App& app, Globals&) {
            auto target = std::make_shared<std::string>();
            app.add_option("--target", *target, "versions above this one show as Above Target");
            return [target](Globals& g, Out& out) -> int {
              if (!target->empty()) g.flyway_flags["target"] = *target;
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Info(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              const auto& info = **r;
              if (out.json()) {
                auto doc = Envelope("info", info.target, out);
                doc["schemaVersion"] = info.current_version.empty() ? nlohmann::json() : nlohmann::json(info.current_version);
                doc["allSchemasEmpty"] = info.migrations.empty();
                doc["migrations"] = nlohmann::json::array();
                for (const auto& m : info.migrations) {
                  nlohmann::json j = {{"category", m.category},
                                      {"version", m.version},
                                      {"description", m.description},
                                      {"type", m.type},
                                      {"installedOnUTC", m.applied ? m.applied->installed_on : ""},
                                      {"state", migration::StateName(m.state)},
                                      {"undoable", m.undoable ? "Yes" : "No"},
                                      {"filepath", m.file ? m.file->path : ""},
                                      {"script", m.script},
                                      {"installedBy", m.applied ? m.applied->installed_by : ""},
                                      {"shouldExecute", m.state == migration::State::kPending || m.state == migration::State::kOutdated},
                                      {"executionTime", m.applied ? m.applied->execution_time : 0},
                                      {"checksum", m.checksum ? nlohmann::json(*m.checksum) : nlohmann::json()},
                                      {"installedRank", m.applied ? nlohmann::json(m.applied->installed_rank) : nlohmann::json()}};
                  if (m.applied_checksum != m.checksum) j["appliedChecksum"] = m.applied_checksum ? nlohmann::json(*m.applied_checksum) : nlohmann::json();
                  doc["migrations"].push_back(std::move(j));
                }
                doc["heldContractMigrations"] = info.held;
                out.Json(doc);
                return kOk;
              }
              out.Print("Schema version: " + (info.current_version.empty() ? std::string("<< Empty Schema >>") : info.current_version));
              out.Print("");
              std::vector<std::vector<std::string>> rows;
              for (const auto& m : info.migrations) {
                std::string checksum = Checksum(m.checksum);
                if (m.applied && m.applied_checksum != m.checksum && m.file && !m.version.empty()) {
                  checksum = Checksum(m.applied_checksum) + " -> " + checksum;  // edited after it was applied
                }
                rows.push_back({m.category, m.version, m.description, m.type,
                                m.applied ? m.applied->installed_on.substr(0, 19) : "",
                                std::string(migration::StateName(m.state)), checksum, m.undoable ? "Yes" : "No"});
              }
              out.Print(RenderTable({"Category", "Version", "Description", "Type", "Installed On", "State", "Checksum", "Undoable"}, rows));
              if (!info.held.empty()) {
                out.Print("");
                out.Print("Held for a later release (run `shiftway promote` when it comes):");
                for (const auto& h : info.held) out.Print("  " + h);
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
