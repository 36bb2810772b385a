// `shiftway stats export`: the managed tables' estimated sizes as a stats file for offline lint.
#include <fstream>
#include <memory>

#include "cli/cli.h"

namespace shiftway::cli {

Command StatsCommand() {
  return {"stats", "export table sizes for `lint --table-stats` (export [--output-file F])",
          [](CLI::App& app, Globals&) {
            auto file = std::make_shared<std::string>();
            auto* exp = app.add_subcommand("export", "write the estimated rows and bytes of every managed table as JSON");
            exp->add_option("--output-file", *file, "write the stats file here instead of stdout");
            return [file, exp](Globals& g, Out& out) -> int {
              if (!exp->parsed()) {
                return out.Fail(Error(ErrorCode::kUsage, "stats needs a subcommand")
                                    .Hint("run `shiftway stats export --output-file table-stats.json`"));
              }
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              // stdout may carry the file itself, so which database it is goes only to --verbose.
              run::Observer observer = out.Observer();
              observer.connected = [&out](const std::string& db, bool) { out.Verbose("Database: " + db); };
              auto stats = run::ExportTableStats(*settings, observer);
              if (!stats) return out.Fail(stats.error());
              stats->source = out.Redact(stats->source);
              const std::string text = lint::TableStatsJson(*stats);
              if (file->empty()) {
                std::string body = text;
                body.pop_back();
                out.Print(body);
                return kOk;
              }
              std::ofstream f(*file, std::ios::binary | std::ios::trunc);
              if (f) f << text;
              f.close();
              if (!f) {
                return out.Fail(Error(ErrorCode::kUsage, "cannot write " + *file)
                                    .Hint("check that its folder exists and is writable"));
              }
              const size_t n = stats->tables.size();
              if (out.json()) {
                out.Json({{"operation", "stats export"}, {"file", *file}, {"tables", n}});
              } else {
                out.Print("Wrote the sizes of " + std::to_string(n) + " table" + (n == 1 ? "" : "s") + " to " + *file);
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
