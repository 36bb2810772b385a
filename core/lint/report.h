// Renderers for lint results: human text, JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality.
#pragma once

#include <string>
#include <string_view>

#include "core/lint/lint.h"
#include "core/schema/compare.h"

namespace shiftway::lint {

/// The output formats `lint --output` accepts.
enum class ReportFormat { kHuman, kJson, kSarif, kGithub, kGitlab };

/// Parses "human", "json", "sarif", "github", "gitlab"; false for anything else.
bool ParseReportFormat(std::string_view text, ReportFormat* out);

/// Options the renderers share. File paths are printed as the findings carry them (the caller
/// makes them relative to the repository root, so annotations attach to the diff).
struct ReportOptions {
  bool color = false;                 ///< ANSI colors in the human format
  std::string tool_version = "0.0.0";  ///< for SARIF's tool.driver.version
};

/// `file:line:col: severity: message [rule]`, the source line with a caret under the column, the
/// help text and the suggested expand/contract SQL; then a summary line.
std::string RenderHuman(const LintResult& result, const ReportOptions& options = {});

/// The JSON contract: {"findings":[{rule, severity, category, file, line, column, message, help,
/// suggestion:{expand, contract}}], "summary":{files, statements, errors, warnings}}.
std::string RenderJson(const LintResult& result);

/// SARIF 2.1.0 with every registered rule in tool.driver.rules, for GitHub code scanning. Each rule
/// carries fullDescription, help.text and help.markdown from its doc page (docs/rules/NAME.md) and
/// a helpUri; each result carries partialFingerprints that do not depend on the line.
std::string RenderSarif(const LintResult& result, const ReportOptions& options = {});

/// `check --drift` as SARIF 2.1.0, through the same writer: one rule per kind of difference
/// (drift-missing, drift-extra, drift-changed), each difference an error result located at
/// `artifact` (the first migration location, relative to the repository root) with the object's
/// name as its logical location and a fingerprint of its kind and key.
std::string RenderDriftSarif(const std::vector<schema::Difference>& differences, const std::string& artifact,
                             const ReportOptions& options = {});

/// Where a rule's doc page is published for a release: the page in the source tree at tag vVERSION.
std::string RuleHelpUri(std::string_view rule, std::string_view version);

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE::MESSAGE`.
std::string RenderGithub(const LintResult& result);

/// GitLab Code Quality report (a JSON array of issues with stable fingerprints).
std::string RenderGitlab(const LintResult& result);

/// Dispatches on the format.
std::string Render(const LintResult& result, ReportFormat format, const ReportOptions& options = {});

}  // namespace shiftway::lint
