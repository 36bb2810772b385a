// `shiftway queries export`: the queries a live database recorded, as the file verify reads.
#include <fstream>

#include "cli/cli.h"
#include "core/run/queries_export.h"

namespace shiftway::cli {

Command QueriesCommand() {
  return {"queries", "export the queries a live database recorded, for `verify --queries`",
          [](CLI::App& app, Globals&) {
            struct Flags {
              std::string output_file;
              int limit = 0;
            };
            auto f = std::make_shared<Flags>();
            app.require_subcommand(0, 1);
            CLI::App* exp = app.add_subcommand(
                "export", "write the statements of pg_stat_statements (PostgreSQL) or performance_schema's digests "
                          "(MySQL/MariaDB) as a queries file");
            exp->fallthrough();
            exp->add_option("--output-file", f->output_file, "write the queries file here (default: stdout)");
            exp->add_option("--limit", f->limit, "export at most N statements, the most called first (default: all)")
                ->check(CLI::Validator(
                    [](std::string& v) {
                      return v.find_first_not_of("0123456789") == std::string::npos && !v.empty()
                                 ? std::string()
                                 : "takes a count of statements (0 or more), not " + v;
                    },
                    "N"));
            return [f, exp](Globals& g, Out& out) -> int {
              if (!exp->parsed()) {
                return out.Fail(Error(ErrorCode::kUsage, "`shiftway queries` needs what to do: `queries export`")
                                    .Hint("shiftway queries export --output-file queries.sql"));
              }
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              auto r = run::ExportQueries(*settings, f->limit, ReportObserver(out));
              if (!r) return out.Fail(r.error());
              if (!f->output_file.empty()) {
                std::ofstream file(f->output_file, std::ios::binary | std::ios::trunc);
                file << out.Redact(r->text);
                file.close();
                if (!file) {
                  return out.Fail(Error(ErrorCode::kUsage, "cannot write " + f->output_file)
                                      .Hint("check that its directory exists and can be written"));
                }
              } else {
                std::string text = r->text;
                if (!text.empty() && text.back() == '\n') text.pop_back();
                out.Print(text);
              }
              std::string note = "exported " + std::to_string(r->exported) + " quer" +
                                 (r->exported == 1 ? "y" : "ies") + " from " + r->source;
              std::vector<std::string> left;
              auto add = [&left](int n, const std::string& why) {
                if (n > 0) left.push_back(std::to_string(n) + " " + why);
              };
              add(r->not_queries, "not SELECT, INSERT, UPDATE, DELETE or WITH");
              add(r->own, "shiftway's own or reading no table of the app");
              add(r->hidden, "hidden from this user (GRANT pg_read_all_stats TO it to see every role's)");
              add(r->unusable, "not turned back into statements (warned above)");
              add(r->over_limit, "over --limit");
              if (!left.empty()) {
                note += "; left out";
                for (std::size_t i = 0; i < left.size(); ++i) note += (i ? ", " : " ") + left[i];
              }
              if (!f->output_file.empty()) note += "; written to " + f->output_file;
              if (out.json() && !f->output_file.empty()) {
                auto doc = Envelope("queries export", r->target, out);
                doc["source"] = r->source;
                doc["outputFile"] = f->output_file;
                doc["exported"] = r->exported;
                doc["leftOut"] = {{"notQueries", r->not_queries}, {"own", r->own},           {"hidden", r->hidden},
                                  {"unusable", r->unusable},       {"overLimit", r->over_limit}};
                out.Json(doc);
              } else {
                out.Note(note);
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
