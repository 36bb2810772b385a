// `shiftway repair`: fix the history table after a failure or an edited file.
#include "cli/cli.h"

namespace shiftway::cli {

Command RepairCommand() {
  return {"repair", "remove failed rows, realign checksums, mark missing migrations deleted", [](CLI::App&, Globals&) {
            return [](Globals& g, Out& out) -> int {
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Repair(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              auto list = [](const std::vector<run::Executed>& v) {
                nlohmann::json a = nlohmann::json::array();
                for (const auto& m : v) a.push_back({{"version", m.version}, {"description", m.description}, {"filepath", m.path}});
                return a;
              };
              if (out.json()) {
                auto doc = Envelope("repair", r->target, out);
                doc["repairActions"] = nlohmann::json::array();
                if (!r->removed.empty()) doc["repairActions"].push_back("REMOVED_FAILED_MIGRATIONS");
                if (!r->deleted.empty()) doc["repairActions"].push_back("MARKED_APPLIED_MIGRATIONS_AS_DELETED");
                if (!r->aligned.empty()) doc["repairActions"].push_back("ALIGNED_APPLIED_MIGRATION_CHECKSUMS");
                doc["migrationsRemoved"] = list(r->removed);
                doc["migrationsDeleted"] = list(r->deleted);
                doc["migrationsAligned"] = list(r->aligned);
                out.Json(doc);
                return kOk;
              }
              auto name = [](const run::Executed& m) {
                return (m.version.empty() ? m.description : m.version + " - " + m.description) + " (" + m.path + ")";
              };
              for (const auto& m : r->removed) out.Line("Removed failed migration " + name(m));
              for (const auto& m : r->deleted) out.Line("Marked missing migration as deleted: " + name(m));
              for (const auto& m : r->aligned) out.Line("Realigned checksum and description of " + name(m));
              out.Line(r->removed.empty() && r->deleted.empty() && r->aligned.empty()
                           ? "Nothing to repair: the schema history matches the files"
                           : "Successfully repaired schema history table \"" + r->target.schema + "\".\"" +
                                 settings->table + "\"");
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
