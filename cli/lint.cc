// `shiftway lint`: the compatibility linter over a release boundary, or over explicit files.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "core/lint/report.h"

namespace shiftway::cli {
namespace {

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(Error(ErrorCode::kUsage, "cannot read " + path + ": no such file, or permission denied")
                    .Hint("pass existing migration files, or - to read one from stdin"));
  }
  // Sized once from the file, so a large file is not copied while the string grows.
  std::string text;
  std::error_code ec;
  const auto size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  if (!ec && size > 0) {
    text.resize(size);
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return text;
}

}  // namespace

Command LintCommand() {
  return {"lint", "check that the new migrations keep the running release working",
          [](CLI::App& app, Globals&) {
            struct Flags {
              std::vector<std::string> files;
              run::LintRequest request;
              std::string fail_on;
            };
            auto f = std::make_shared<Flags>();
            app.add_option("files", f->files,
                           "lint these files as new (- reads one from stdin), e.g. from a pre-commit hook");
            AddBoundaryOptions(app, f->request, f->fail_on);
            app.add_option("--table-stats", f->request.table_stats,
                           "grade locking findings by the table sizes in FILE (from `shiftway stats export`)");
            auto fleet = AddFleetFlags(app);
            return [f, fleet](Globals& g, Out& out) -> int {
              if (fleet->fleet && !g.fleet_member && !f->request.against_db) {
                return out.Fail(Error(ErrorCode::kUsage, "lint --fleet needs --against-db: each target's own history "
                                                         "is its release boundary")
                                    .Hint("run `shiftway lint --fleet --against-db`"));
              }
              if (auto rc = RunFleetCommand(*fleet, g, out, "lint")) return *rc;
              // Only --against-db and a dialect taken from the URL need the database.
              auto settings = LoadSettings(g, out, /*url_optional=*/true);
              if (!settings) return out.Fail(settings.error());
              run::LintRequest request = f->request;
              if (!request.table_stats.empty()) {
                std::ifstream in(request.table_stats, std::ios::binary);
                if (!in) {
                  return out.Fail(Error(ErrorCode::kUsage, "cannot read the stats file " + request.table_stats)
                                      .Hint("write it with `shiftway stats export --output-file " +
                                            request.table_stats + "`"));
                }
                request.table_stats_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
              }
              for (const auto& path : f->files) {
                auto text = ReadInput(path);
                if (!text) return out.Fail(text.error());
                request.files.push_back({path, std::move(*text)});
              }
              // stdout carries the report, so progress goes to stderr and only with --verbose.
              run::Observer observer = ReportObserver(out);
              // Moved in: each file's bytes become its text in place.
              auto plan = run::PrepareLint(*settings, std::move(request), observer);
              if (!plan) return out.Fail(plan.error());
              out.Verbose("Linting " + std::to_string(plan->input.added.size()) + " new migration(s) after " +
                          std::to_string(plan->input.released.size()) + " released, " + plan->boundary);
              auto result = lint::Lint(plan->input);
              if (!result) return out.Fail(result.error());

              return RenderReport(*result, plan->boundary, nullptr, "", g, out,
                                  f->fail_on.empty() ? settings->lint.fail_on : f->fail_on);
            };
          }};
}

}  // namespace shiftway::cli
