// `shiftway check --drift`: is the live schema the one the applied migrations produce?
#include <memory>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "core/lint/report.h"

namespace shiftway::cli {

Command CheckCommand() {
  return {
      "check", "compare the live schema with the applied migrations (--drift; exit 1 on drift)",
      [](CLI::App& app, Globals&) {
        auto drift = std::make_shared<bool>(false);
        app.add_flag("--drift", *drift,
                     "report each difference between the live schema and the schema the applied migrations "
                     "produce");
        auto fleet = AddFleetFlags(app);
        return [drift, fleet](Globals& g, Out& out) -> int {
          if (!*drift) {
            return out.Fail(
                Error(ErrorCode::kUsage, "check needs to know what to check")
                    .Hint("run `shiftway check --drift` to compare the live schema with the applied "
                          "migrations"));
          }
          if (auto rc = RunFleetCommand(*fleet, g, out, "check")) return *rc;
          auto settings = LoadSettings(g, out);
          if (!settings) return out.Fail(settings.error());
          run::Observer observer = out.Observer();
          // SARIF on stdout is one document: which database it is goes only to --verbose.
          if (g.output == "sarif") {
            observer.connected = [&out](const std::string& db, bool) { out.Verbose("Database: " + db); };
          }
          auto r = run::CheckDrift(*settings, observer);
          if (!r) return out.Fail(r.error());
          const size_t n = r->differences.size();
          if (g.output == "sarif") {
            // Drift has no line: results point at the first migration location, where the fix goes.
            std::string artifact = settings->locations.empty() ? "sql" : settings->locations.front();
            if (artifact.starts_with("filesystem:")) artifact = artifact.substr(11);
            if (artifact.starts_with("/")) artifact = "file://" + artifact;
            lint::ReportOptions options;
            options.tool_version = SHIFTWAY_VERSION;
            std::string text = lint::RenderDriftSarif(r->differences, artifact, options);
            text.pop_back();
            out.Print(text);
            return n > 0 ? 1 : kOk;
          }
          if (out.json()) {
            nlohmann::json doc = {{"operation", "check"},
                                  {"database", out.Redact(r->database)},
                                  {"appliedMigrations", r->applied},
                                  {"drift", n > 0},
                                  {"ignored", r->ignored},
                                  {"differences", nlohmann::json::array()}};
            for (const auto& d : r->differences) {
              nlohmann::json item = {
                  {"kind", d.KindName()}, {"object", d.object}, {"name", d.name}, {"message", d.Message()}};
              if (d.kind == schema::Difference::Kind::kChanged) {
                item["aspect"] = d.aspect;
                item["expected"] = d.expected;
                item["actual"] = d.actual;
              }
              doc["differences"].push_back(item);
            }
            out.Json(doc);
            return n > 0 ? 1 : kOk;
          }
          const std::string ignored =
              r->ignored ? " (" + std::to_string(r->ignored) + " more ignored by [check] ignore)" : "";
          const std::string applied =
              std::to_string(r->applied) + " applied migration" + (r->applied == 1 ? "" : "s");
          if (n == 0) {
            out.Print("No drift: " + out.Redact(r->database) + " matches the schema of its " + applied +
                      ignored);
            return kOk;
          }
          out.Print("Drift: " + out.Redact(r->database) + " differs from the schema of its " + applied +
                    " in " + std::to_string(n) + " place" + (n == 1 ? "" : "s") + ignored + ":");
          for (const auto& d : r->differences)
            out.Print("  " + std::string(d.KindName()) + ": " + d.Message());
          return 1;
        };
      }};
}

}  // namespace shiftway::cli
