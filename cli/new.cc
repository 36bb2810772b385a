// `shiftway new`: create the next migration file.
#include <ctime>

#include "cli/cli.h"

namespace shiftway::cli {

Command NewCommand() {
  return {"new", "create the next migration file: shiftway new add orders table", [](CLI::App& app, Globals&) {
            struct Flags {
              std::vector<std::string> words;
              bool undo = false, repeatable = false;
              std::string version;
            };
            auto f = std::make_shared<Flags>();
            app.add_option("description", f->words, "what the migration does")->required();
            app.add_flag("--undo", f->undo, "create the U file for the latest version");
            app.add_flag("--repeatable", f->repeatable, "create an R__ repeatable migration");
            app.add_option("--version", f->version, "use this version instead of the next one");
            return [f](Globals& g, Out& out) -> int {
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              std::string description;
              for (const auto& w : f->words) description += (description.empty() ? "" : " ") + w;
              char kind = f->repeatable ? 'R' : f->undo ? 'U' : 'V';
              auto r = run::NewMigration(*settings, kind, description, f->version, std::time(nullptr));
              if (!r) return out.Fail(r.error());
              if (out.json()) {
                out.Json({{"operation", "new"}, {"filepath", r->path}, {"version", r->version}});
              } else {
                out.Print("Created " + r->path);
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
