// `shiftway migrate`: apply pending migrations.
#include <memory>

#include "cli/cli.h"

namespace shiftway::cli {
namespace {

std::string Seconds(int ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d.%03ds", ms / 60000, (ms / 1000) % 60, ms % 1000);
  return buf;
}

}  // namespace

Command MigrateCommand() {
  return {"migrate", "apply pending migrations", [](CLI::App& app, Globals&) {
            struct Flags {
              std::string target;
              bool out_of_order = false;
              bool dry_run = false;
            };
            auto f = std::make_shared<Flags>();
            app.add_option("--target", f->target, "migrate up to and including this version");
            app.add_flag("--out-of-order", f->out_of_order, "also apply pending versions below the current one");
            app.add_flag("--dry-run", f->dry_run, "print every statement migrate would run, history writes included");
            return [f](Globals& g, Out& out) -> int {
              if (!f->target.empty()) g.flyway_flags["target"] = f->target;
              if (f->out_of_order) g.flyway_flags["outOfOrder"] = "true";
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::Migrate(*settings, f->dry_run, out.Observer());
              if (!r) return out.Fail(r.error());
              int total_ms = 0;
              for (const auto& m : r->migrations) total_ms += m.execution_time;
              if (out.json()) {
                auto doc = Envelope("migrate", r->target, out);
                doc["initialSchemaVersion"] = r->initial_version.empty() ? nlohmann::json() : nlohmann::json(r->initial_version);
                doc["targetSchemaVersion"] = r->target_version.empty() ? nlohmann::json() : nlohmann::json(r->target_version);
                doc["migrations"] = nlohmann::json::array();
                for (const auto& m : r->migrations) {
                  doc["migrations"].push_back({{"category", m.category}, {"version", m.version},
                                               {"description", m.description}, {"type", m.type},
                                               {"filepath", m.path}, {"executionTime", m.execution_time}});
                }
                doc["migrationsExecuted"] = r->dry_run ? 0 : r->migrations.size();
                doc["success"] = true;
                doc["totalMigrationTime"] = total_ms;
                doc["dryRun"] = r->dry_run;
                if (r->dry_run) doc["dryRunSql"] = r->dry_run_sql;
                out.Json(doc);
                return kOk;
              }
              if (r->dry_run) {
                out.Line("-- dry run: nothing below has been executed");
                for (const auto& s : r->dry_run_sql) out.Print(s);
                out.Line("-- " + std::to_string(r->migrations.size()) + " migration" +
                         (r->migrations.size() == 1 ? "" : "s") + " would be applied");
                return kOk;
              }
              if (!r->migrations.empty()) {
                out.Print("Successfully applied " + std::to_string(r->migrations.size()) + " migration" +
                         (r->migrations.size() == 1 ? "" : "s") + " to schema \"" + r->target.schema + "\"" +
                         (r->target_version.empty() ? "" : ", now at version v" + r->target_version) +
                         " (execution time " + Seconds(total_ms) + ")");
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
