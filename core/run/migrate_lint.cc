// `migrate --lint`: the compatibility linter as a gate in front of migrate, with the database as
// the release boundary.
#include <ctime>

#include "core/lint/rule.h"
#include "core/run/operations.h"

namespace shiftway::run {

Result<MigrateLintGate> LintBeforeMigrate(const config::Settings& settings, std::vector<LintOverride> allowed,
                                          std::optional<lint::Severity> threshold, const Observer& observer) {
  for (const auto& a : allowed) {
    if (!lint::FindRule(a.rule)) {
      return Fail(Error(ErrorCode::kUsage, "--allow names an unknown lint rule '" + a.rule + "'")
                      .Hint("`shiftway explain` lists the rules"));
    }
    if (a.reason.empty()) {
      return Fail(Error(ErrorCode::kUsage, "--allow " + a.rule + " needs a reason")
                      .Hint("pass --reason \"why this is safe\" right after it; the reason is kept in the output"));
    }
  }
  LintRequest request;
  request.against_db = true;
  // The embedded default file is still a database with a history.
  config::Settings with_db = settings;
  with_db.embedded_default = false;
  auto plan = PrepareLint(with_db, request, observer);
  if (!plan) return Fail(plan.error());
  auto result = lint::Lint(plan->input);
  if (!result) return Fail(result.error());
  MigrateLintGate gate;
  gate.boundary = plan->boundary;
  for (auto& f : result->findings) {
    bool overridden = false;
    for (auto& a : allowed) {
      if (a.rule == f.rule) {
        ++a.findings;
        overridden = true;
        break;
      }
    }
    if (overridden) {
      auto& s = result->summary;
      if (f.severity == lint::Severity::kError) --s.errors;
      if (f.severity == lint::Severity::kWarning) --s.warnings;
      if (f.severity == lint::Severity::kInfo) --s.infos;
      continue;
    }
    if (threshold && lint::AtOrAbove(f.severity, *threshold)) gate.refused = true;
    gate.result.findings.push_back(std::move(f));
  }
  gate.result.summary = result->summary;
  gate.allowed = std::move(allowed);
  return gate;
}

}  // namespace shiftway::run
