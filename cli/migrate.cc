// `shiftway migrate`: apply pending migrations.
#include <chrono>
#include <memory>
#include <optional>

#include <unistd.h>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "core/lint/report.h"

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
              bool lint = false;
              std::string fail_on;
              std::vector<std::string> allow, reason;
              std::string verify;
            };
            auto f = std::make_shared<Flags>();
            app.add_option("--target", f->target, "migrate up to and including this version");
            app.add_flag("--out-of-order", f->out_of_order, "also apply pending versions below the current one");
            app.add_flag("--dry-run", f->dry_run, "print every statement migrate would run, history writes included");
            app.add_flag("--lint", f->lint,
                         "lint the pending migrations against the database first, and refuse on findings "
                         "(also: lint = true under [migrate])");
            app.add_option("--fail-on", f->fail_on,
                           "with --lint or --verify: refuse on findings at or above error (default), warning, or never")
                ->check(CLI::IsMember({"error", "warning", "info", "never"}));
            app.add_option("--allow", f->allow, "with --lint: let this rule's findings through for this run (repeatable)");
            app.add_option("--reason", f->reason, "why the preceding --allow is safe (required, kept in the output)");
            app.add_option("--verify", f->verify,
                           "first prove that these queries of the running release (FILE or DIR) still prepare after "
                           "the pending migrations, and refuse when one breaks (docs/verify.md)");
            auto fleet = AddFleetFlags(app);
            return [f, fleet](Globals& g, Out& out) -> int {
              if (auto rc = RunFleetCommand(*fleet, g, out, "migrate")) return *rc;
              if (!f->target.empty()) g.flyway_flags["target"] = f->target;
              if (f->out_of_order) g.flyway_flags["outOfOrder"] = "true";
              if (f->allow.size() != f->reason.size()) {
                return out.Fail(Error(ErrorCode::kUsage, "each --allow RULE needs its own --reason \"...\" (got " +
                                                             std::to_string(f->allow.size()) + " --allow and " +
                                                             std::to_string(f->reason.size()) + " --reason)")
                                    .Hint("for example: migrate --lint --allow drop-column --reason \"column unused "
                                          "since 2.3\""));
              }
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              std::optional<run::MigrateLintGate> gate;
              if (f->lint || settings->migrate.lint) {
                std::vector<run::LintOverride> allowed;
                for (size_t i = 0; i < f->allow.size(); ++i) allowed.push_back({f->allow[i], f->reason[i], 0});
                const std::string fail_on = f->fail_on.empty() ? settings->lint.fail_on : f->fail_on;
                std::optional<lint::Severity> threshold;
                if (fail_on != "never") {
                  threshold = lint::Severity::kError;
                  lint::ParseSeverity(fail_on, &threshold.value());
                }
                run::Observer observer;
                observer.warn = [&out](const std::string& s) { out.Warn(s); };
                auto checked = run::LintBeforeMigrate(*settings, std::move(allowed), threshold, observer);
                if (!checked) return out.Fail(checked.error());
                gate = std::move(*checked);
                auto allowed_json = nlohmann::json::array();
                for (const auto& a : gate->allowed) {
                  allowed_json.push_back({{"rule", a.rule}, {"reason", a.reason}, {"findings", a.findings}});
                  if (out.human()) {
                    out.Note("lint: " + a.rule + " allowed for this run (" + std::to_string(a.findings) + " finding" +
                             (a.findings == 1 ? "" : "s") + "): " + a.reason);
                  }
                }
                if (gate->refused) {
                  if (out.json()) {
                    auto doc = nlohmann::json::parse(lint::RenderJson(gate->result));
                    doc["operation"] = "migrate";
                    doc["success"] = false;
                    doc["migrationsExecuted"] = 0;
                    doc["boundary"] = gate->boundary;
                    doc["allowed"] = allowed_json;
                    doc["error"] = {{"message", "migrate refused: the pending migrations have lint findings"}};
                    out.Json(doc);
                  } else {
                    lint::ReportOptions options;
                    options.color = g.color == "always";
                    std::string text = lint::RenderHuman(gate->result, options);
                    while (!text.empty() && text.back() == '\n') text.pop_back();
                    std::fprintf(stderr, "%s\n", out.Redact(text).c_str());
                    out.Fail(Error(ErrorCode::kValidation, "migrate refused: the pending migrations would break the "
                                                           "running release (" + gate->boundary + ")")
                                 .Note("nothing was applied")
                                 .Hint("split the change (`shiftway split FILE --against-db`), or override a rule "
                                       "for this run with --allow RULE --reason \"...\""));
                  }
                  return 1;
                }
                if (!gate->result.findings.empty() && out.human()) {
                  std::string text = lint::RenderHuman(gate->result, {});
                  while (!text.empty() && text.back() == '\n') text.pop_back();
                  std::fprintf(stderr, "%s\n", out.Redact(text).c_str());
                }
              }
              if (!f->verify.empty()) {
                if (auto stop = VerifyBeforeMigrate(*settings, f->verify,
                                                    f->fail_on.empty() ? settings->lint.fail_on : f->fail_on, g, out)) {
                  return *stop;
                }
              }
              // The summary's time is the run's wall time, commits and callbacks included: the
              // sum of the migrations' own times left out every commit (and SQLite's syncs).
              const auto started = std::chrono::steady_clock::now();
              // What ran before a failure: Flyway's MigrateErrorResult lists it with the error.
              struct Partial {
                std::vector<run::MigrationStep> done;
                std::optional<run::MigrationStep> current;
              };
              auto partial = std::make_shared<Partial>();
              run::Observer observer = out.Observer();
              observer.migrating = [partial, shown = observer.migrating](const run::MigrationStep& step) {
                partial->current = step;
                if (shown) shown(step);
              };
              observer.applied = [partial, shown = observer.applied](const run::MigrationStep& step) {
                partial->done.push_back(step);
                partial->current.reset();
                if (shown) shown(step);
              };
              auto r = run::Migrate(*settings, f->dry_run, observer);
              if (!r) {
                const run::MigrationStep* any = partial->current ? &*partial->current
                                                : partial->done.empty() ? nullptr : &partial->done.back();
                if (!out.json() || !any) return out.Fail(r.error());
                run::Target target{any->database_description, any->schema, settings->embedded_default, any->database,
                                   any->database_type};
                auto doc = Envelope("migrate", target, out);
                doc["initialSchemaVersion"] = any->initial_version.empty() ? nlohmann::json() : nlohmann::json(any->initial_version);
                std::string reached = any->initial_version;
                doc["migrations"] = nlohmann::json::array();
                for (const auto& m : partial->done) {
                  doc["migrations"].push_back({{"category", m.category}, {"version", m.version},
                                               {"description", m.description}, {"type", m.type},
                                               {"filepath", m.path}, {"executionTime", m.execution_time}});
                  if (!m.version.empty()) reached = m.version;
                }
                doc["targetSchemaVersion"] = reached.empty() ? nlohmann::json() : nlohmann::json(reached);
                doc["migrationsExecuted"] = partial->done.size();
                doc["success"] = false;
                std::string code;
                if (partial->current && r.error().code == ErrorCode::kMigration) {
                  code = partial->current->version.empty() ? "FAILED_REPEATABLE_MIGRATION" : "FAILED_VERSIONED_MIGRATION";
                }
                return out.Fail(r.error(), std::move(doc), code);
              }
              const int total_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                        std::chrono::steady_clock::now() - started)
                                                        .count());
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
                if (gate) {
                  auto lint_doc = nlohmann::json::parse(lint::RenderJson(gate->result));
                  lint_doc["boundary"] = gate->boundary;
                  lint_doc["allowed"] = nlohmann::json::array();
                  for (const auto& a : gate->allowed) {
                    lint_doc["allowed"].push_back({{"rule", a.rule}, {"reason", a.reason}, {"findings", a.findings}});
                  }
                  doc["lint"] = lint_doc;
                }
                out.Json(doc);
                return kOk;
              }
              if (r->dry_run) {
                out.Line("-- dry run: nothing below has been executed");
                if (!r->migrations.empty()) {
                  out.Line("-- execution_time is 0 below: migrate writes the time each migration took");
                }
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
