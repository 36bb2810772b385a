// `shiftway verify`: prepares the previous release's queries after each new migration.
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/cli.h"
#include "core/lint/report.h"
#include "core/run/verify.h"

namespace shiftway::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnSignal(int sig) { g_signal = sig; }

// SIGINT and SIGTERM only raise a flag, which verify polls between statements, so the scratch
// database is always dropped before the process ends. Restored when this goes.
class SignalFlag {
 public:
  SignalFlag() {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalFlag() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

}  // namespace

std::optional<int> VerifyBeforeMigrate(const config::Settings& settings, const std::string& queries,
                                       const std::string& fail_on, const Globals& g, Out& out) {
  run::VerifyRequest request;
  request.queries = queries;
  request.boundary.against_db = true;
  run::Observer observer;
  observer.warn = [&out](const std::string& s) { out.Warn(s); };
  g_signal = 0;
  SignalFlag flag;
  request.interrupted = [] { return g_signal != 0; };
  auto result = run::Verify(settings, std::move(request), observer);
  if (!result) {
    const int code = out.Fail(result.error());
    return g_signal ? 128 + g_signal : code;
  }
  // Only what verify proved decides here; lint's own findings are `migrate --lint`'s business.
  lint::LintResult proven;
  std::optional<lint::Severity> threshold;
  if (fail_on != "never") {
    threshold = lint::Severity::kError;
    lint::ParseSeverity(fail_on, &threshold.value());
  }
  bool refused = false;
  for (auto& finding : result->result.findings) {
    if (finding.rule != "query-breaks" && finding.rule != "query-bad-capture") continue;
    refused = refused || (threshold && lint::AtOrAbove(finding.severity, *threshold));
    (finding.severity == lint::Severity::kError ? proven.summary.errors : proven.summary.warnings)++;
    proven.findings.push_back(std::move(finding));
  }
  proven.summary.files = result->result.summary.files;
  proven.summary.statements = result->result.summary.statements;
  if (!proven.findings.empty() && out.human()) {
    std::string text = lint::RenderHuman(proven, {});
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::fprintf(stderr, "%s\n", out.Redact(text).c_str());
  }
  if (!refused) {
    out.Note("verify: " + std::to_string(result->queries) + " queries of the running release still prepare after " +
             "each of the " + std::to_string(result->migrations) + " pending migration(s)");
    return std::nullopt;
  }
  if (out.json()) {
    auto doc = nlohmann::json::parse(lint::RenderJson(proven));
    doc["operation"] = "migrate";
    doc["success"] = false;
    doc["migrationsExecuted"] = 0;
    doc["boundary"] = result->boundary;
    doc["error"] = {{"message", "migrate refused: queries of the running release break"}};
    out.Json(doc);
    return 1;
  }
  out.Fail(Error(ErrorCode::kValidation, "migrate refused: " + std::to_string(result->breaks) + " of the " +
                                             std::to_string(result->queries) +
                                             " queries of the running release break after the pending migrations (" +
                                             result->boundary + ")")
               .Note("nothing was applied")
               .Hint("split the change (`shiftway split FILE --against-db`), or fix the capture; --fail-on never "
                     "migrates anyway"));
  return 1;
}

Command VerifyCommand() {
  return {"verify", "prove that the previous release's queries still work after each new migration",
          [](CLI::App& app, Globals&) {
            struct Flags {
              run::VerifyRequest request;
              std::string fail_on;
            };
            auto f = std::make_shared<Flags>();
            app.add_option("--queries", f->request.queries,
                           "the previous release's queries: a file of ;-separated statements, or a folder of .sql "
                           "files (default: [verify] queries)");
            app.add_option("--scratch-url", f->request.scratch_url,
                           "PostgreSQL/MySQL server where a throwaway database is created and dropped (default: "
                           "[verify] scratch_url; SQLite verifies in memory)");
            app.add_flag("--execute", f->request.execute,
                         "also run each write whose capture gives sample parameters (-- params: ...) in a "
                         "transaction that is always rolled back, on the scratch database");
            AddBoundaryOptions(app, f->request.boundary, f->fail_on);
            return [f](Globals& g, Out& out) -> int {
              auto settings = LoadSettings(g, out, /*url_optional=*/true);
              if (!settings) return out.Fail(settings.error());
              run::Observer observer = ReportObserver(out);
              g_signal = 0;
              SignalFlag flag;
              run::VerifyRequest request = f->request;
              request.interrupted = [] { return g_signal != 0; };
              auto result = run::Verify(*settings, std::move(request), observer);
              if (!result) {
                const int code = out.Fail(result.error());
                return g_signal ? 128 + g_signal : code;
              }
              out.Verbose("Verified " + std::to_string(result->queries) + " queries after " +
                          std::to_string(result->migrations) + " new migration(s), " + result->boundary + ", on " +
                          result->scratch);
              nlohmann::json extra;
              extra["verify"] = {{"queries", result->queries},        {"migrations", result->migrations},
                                 {"breaks", result->breaks},          {"badCaptures", result->bad_captures},
                                 {"scratch", result->scratch},        {"disagreement", result->disagreement},
                                 {"skippedPrepares", result->skipped}, {"executed", result->executed}};
              std::string footer = "verified " + std::to_string(result->queries) + " quer" +
                                   (result->queries == 1 ? "y" : "ies") + " at the release and after each of " +
                                   std::to_string(result->migrations) + " new migration(s): " +
                                   std::to_string(result->breaks) + " broken, " +
                                   std::to_string(result->bad_captures) + " bad capture(s)";
              if (f->request.execute) {
                footer += "; " + std::to_string(result->executed) + " run(s) of writes with sample parameters, all "
                          "rolled back";
              }
              if (!result->disagreement.empty()) footer += "\nnote: " + result->disagreement;
              return RenderReport(result->result, result->boundary, extra, footer, g, out,
                                  f->fail_on.empty() ? settings->lint.fail_on : f->fail_on);
            };
          }};
}

}  // namespace shiftway::cli
