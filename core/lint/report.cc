// Renderers for lint results: human text, JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality.
#include "core/lint/report.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/lint/rule.h"
#include "core/lint/rule_docs.h"

namespace shiftway::lint {

using ordered_json = nlohmann::ordered_json;

bool ParseReportFormat(std::string_view text, ReportFormat* out) {
  if (text == "human") *out = ReportFormat::kHuman;
  else if (text == "json") *out = ReportFormat::kJson;
  else if (text == "sarif") *out = ReportFormat::kSarif;
  else if (text == "github") *out = ReportFormat::kGithub;
  else if (text == "gitlab") *out = ReportFormat::kGitlab;
  else return false;
  return true;
}

namespace {

std::string Plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Indents every line of a (possibly multi-line) SQL statement and ends it with ';' unless it is a comment.
void AppendSql(std::string& out, const std::string& sql, const std::string& indent) {
  std::string line;
  bool comment_only = sql.rfind("--", 0) == 0 && sql.find('\n') == std::string::npos;
  std::string text = sql + (comment_only ? "" : ";");
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    out += indent + text.substr(start, nl == std::string::npos ? std::string::npos : nl - start) + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

ordered_json FindingJson(const Finding& f) {
  ordered_json j;
  j["rule"] = f.rule;
  j["severity"] = std::string(SeverityName(f.severity));
  j["category"] = std::string(CategoryName(f.category));
  j["file"] = f.file;
  j["line"] = f.line;
  j["column"] = f.column;
  j["message"] = f.message;
  j["help"] = f.help;
  j["suggestion"]["expand"] = f.suggestion.expand;
  j["suggestion"]["contract"] = f.suggestion.contract;
  return j;
}

std::string SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "warning";
}

// GitHub workflow command escaping: data escapes %, CR, LF; properties also ':' and ','.
std::string EscapeData(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string EscapeProperty(const std::string& s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string Fnv1a64Hex(const std::string& s) {
  // From 1469598103934665603, not FNV's own basis: the fingerprints code scanning already holds
  // were made with it, and a changed one reads as a new alert.
  const std::uint64_t h = Fnv1a64(s, 1469598103934665603ull);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// One stable identity per finding: rule, file and message (which name the objects, not the line),
// plus an occurrence count for repeats. So a finding keeps its identity when lines above it move,
// in GitLab's `fingerprint` and in SARIF's `partialFingerprints` alike.
std::vector<std::string> StableFingerprints(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (const auto& f : findings) {
    std::string key = f.rule + "|" + f.file + "|" + f.message;
    int n = seen[key]++;
    out.push_back(Fnv1a64Hex(key + "|" + std::to_string(n)));
  }
  return out;
}

// The body of a doc page's `## heading` section, or "" when the page has none.
std::string DocSection(std::string_view page, std::string_view heading) {
  const std::string marker = "\n## " + std::string(heading) + "\n";
  size_t start = page.find(marker);
  if (start == std::string_view::npos) return "";
  start += marker.size();
  size_t end = page.find("\n## ", start);
  std::string_view body = page.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  while (!body.empty() && (body.front() == '\n' || body.front() == ' ')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
  return std::string(body);
}

// Markdown prose as plain text: paragraphs are joined into single lines, inline code loses its
// backticks. Code blocks are dropped (fullDescription is prose; help.text keeps them, see below).
std::string ProseText(std::string_view markdown) {
  std::string out;
  bool in_code = false;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t nl = markdown.find('\n', start);
    std::string_view line = markdown.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? markdown.size() + 1 : nl + 1;
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (in_code) continue;
    if (line.empty()) {
      if (!out.empty() && out.back() != '\n') out += "\n\n";
      continue;
    }
    if (!out.empty() && out.back() != '\n') out += ' ';
    for (char c : line) {
      if (c != '`') out += c;
    }
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The whole page as plain text for `help.text`, which viewers without Markdown show: headings lose
// their `#`, fences disappear, and code stays, indented, so the safe alternative's SQL is there too.
std::string PageText(std::string_view markdown) {
  std::string out;
  bool in_code = false;
  size_t start = 0;
  while (start < markdown.size()) {
    size_t nl = markdown.find('\n', start);
    std::string_view line = markdown.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? markdown.size() : nl + 1;
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (in_code) {
      out += "    " + std::string(line) + "\n";
      continue;
    }
    if (line.rfind('#', 0) == 0) {
      line.remove_prefix(std::min(line.find_first_not_of('#'), line.size()));
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    }
    for (char c : line) {
      if (c != '`') out += c;
    }
    out += "\n";
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string RuleHelpUri(std::string_view rule, std::string_view version) {
  return "https://github.com/shiftway/shiftway/blob/v" + std::string(version) + "/docs/rules/" + std::string(rule) +
         ".md";
}

std::string RenderHuman(const LintResult& result, const ReportOptions& options) {
  const bool color = options.color;
  auto paint = [&](const char* code, const std::string& s) {
    return color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
  };
  std::string out;
  for (const auto& f : result.findings) {
    const char* sev_color = f.severity == Severity::kError ? "1;31" : f.severity == Severity::kWarning ? "1;33" : "1;36";
    out += paint("1", f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ":") + " " +
           paint(sev_color, std::string(SeverityName(f.severity)) + ":") + " " + f.message + " [" + f.rule + "]\n";
    if (!f.source_line.empty()) {
      const std::string num = std::to_string(f.line);
      const std::string pad(num.size(), ' ');
      out += " " + num + " | " + f.source_line + "\n";
      std::string caret_pad;
      for (int i = 1; i < f.column && i - 1 < static_cast<int>(f.source_line.size()); ++i) {
        caret_pad += f.source_line[i - 1] == '\t' ? '\t' : ' ';
      }
      out += " " + pad + " | " + caret_pad + paint(sev_color, "^") + "\n";
    }
    if (!f.help.empty()) out += "  " + paint("1", "help:") + " " + f.help + "\n";
    if (!f.suggestion.expand.empty()) {
      out += "  expand (this release):\n";
      for (const auto& s : f.suggestion.expand) AppendSql(out, s, "    ");
    }
    if (!f.suggestion.contract.empty()) {
      out += "  contract (a later release):\n";
      for (const auto& s : f.suggestion.contract) AppendSql(out, s, "    ");
    }
    out += "\n";
  }
  const Summary& s = result.summary;
  out += Plural(s.errors, "error") + ", " + Plural(s.warnings, "warning");
  if (s.infos > 0) out += ", " + Plural(s.infos, "note");
  out += " in " + Plural(s.files, "file") + " (" + Plural(s.statements, "statement") + ")\n";
  return out;
}

std::string RenderJson(const LintResult& result) {
  ordered_json root;
  root["findings"] = ordered_json::array();
  for (const auto& f : result.findings) root["findings"].push_back(FindingJson(f));
  root["summary"]["files"] = result.summary.files;
  root["summary"]["statements"] = result.summary.statements;
  root["summary"]["errors"] = result.summary.errors;
  root["summary"]["warnings"] = result.summary.warnings;
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// A SARIF run with shiftway as its tool, before its rules and results.
ordered_json SarifRun(const ReportOptions& options) {
  ordered_json run;
  run["tool"]["driver"]["name"] = "shiftway";
  run["tool"]["driver"]["version"] = options.tool_version;
  run["tool"]["driver"]["semanticVersion"] = options.tool_version;
  run["tool"]["driver"]["informationUri"] = "https://github.com/shiftway/shiftway";
  return run;
}

std::string SarifLog(ordered_json run) {
  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered_json::array({std::move(run)});
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string RenderDriftSarif(const std::vector<schema::Difference>& differences, const std::string& artifact,
                             const ReportOptions& options) {
  ordered_json run = SarifRun(options);
  struct Kind {
    const char* id;
    const char* summary;
    const char* full;
  };
  static const Kind kinds[] = {
      {"drift-missing", "an object the applied migrations create is missing from the database",
       "The applied migrations create this object, but the live database does not have it: someone dropped it "
       "outside the migrations. Recreate it with a new migration, or drop it in one so that the history says so."},
      {"drift-extra", "the database has an object that no applied migration creates",
       "The live database has this object, but no applied migration creates it: it was created outside the "
       "migrations. Add a migration that creates it (IF NOT EXISTS), drop it, or list it under [check] ignore."},
      {"drift-changed", "an object differs between the database and the applied migrations",
       "The object exists on both sides, but its type, nullability, default, columns or definition differ. Write "
       "a migration that brings the database to the shape you want, so that the history says so."},
  };
  ordered_json rules = ordered_json::array();
  for (const auto& k : kinds) {
    ordered_json rule;
    rule["id"] = k.id;
    rule["shortDescription"]["text"] = k.summary;
    rule["fullDescription"]["text"] = k.full;
    rule["helpUri"] = "https://github.com/shiftway/shiftway/blob/v" + options.tool_version + "/docs/drift.md";
    rule["help"]["text"] = k.full;
    rule["defaultConfiguration"]["level"] = "error";
    rule["properties"]["category"] = "drift";
    rules.push_back(rule);
  }
  run["tool"]["driver"]["rules"] = rules;
  run["results"] = ordered_json::array();
  for (const auto& d : differences) {
    const int index = d.kind == schema::Difference::Kind::kMissing ? 0
                      : d.kind == schema::Difference::Kind::kExtra ? 1
                                                                   : 2;
    ordered_json r;
    r["ruleId"] = kinds[index].id;
    r["ruleIndex"] = index;
    r["level"] = "error";
    r["message"]["text"] = d.Message();
    ordered_json loc;
    loc["physicalLocation"]["artifactLocation"]["uri"] = artifact;
    loc["physicalLocation"]["region"]["startLine"] = 1;  // drift has no line; SARIF2017 wants a region
    loc["logicalLocations"] = ordered_json::array({{{"fullyQualifiedName", d.name}, {"kind", d.object}}});
    r["locations"] = ordered_json::array({loc});
    r["partialFingerprints"]["shiftwayDrift/v1"] = std::string(d.KindName()) + ":" + d.object + ":" + d.key +
                                                  (d.aspect.empty() ? "" : ":" + d.aspect);
    run["results"].push_back(r);
  }
  return SarifLog(std::move(run));
}

std::string RenderSarif(const LintResult& result, const ReportOptions& options) {
  ordered_json run = SarifRun(options);
  std::map<std::string, int> index;
  ordered_json rules = ordered_json::array();
  for (const Rule* r : AllRules()) {
    const RuleInfo& info = r->Info();
    index[std::string(info.name)] = static_cast<int>(rules.size());
    ordered_json rule;
    rule["id"] = std::string(info.name);
    rule["shortDescription"]["text"] = std::string(info.summary);
    // GitHub code scanning requires a fullDescription (GH2012) and shows help.markdown on the alert.
    // Both come from the rule's doc page, the same text `shiftway explain` prints.
    const RuleDoc* doc = FindRuleDoc(info.name);
    std::string full = doc ? ProseText(DocSection(doc->markdown, "Problem")) : "";
    const std::string why = doc ? ProseText(DocSection(doc->markdown, "Why it matters")) : "";
    if (!why.empty()) full += (full.empty() ? "" : "\n\n") + why;
    rule["fullDescription"]["text"] = full.empty() ? std::string(info.summary) : full;
    rule["helpUri"] = RuleHelpUri(info.name, options.tool_version);
    if (doc) {
      rule["help"]["text"] = PageText(doc->markdown);
      rule["help"]["markdown"] = std::string(doc->markdown);
    } else {
      rule["help"]["text"] = std::string(info.summary) + "\nrun `shiftway explain " + std::string(info.name) + "`";
    }
    rule["defaultConfiguration"]["level"] = SarifLevel(info.severity);
    rule["properties"]["category"] = std::string(CategoryName(info.category));
    rule["properties"]["code"] = std::string(info.code);
    rules.push_back(rule);
  }
  run["tool"]["driver"]["rules"] = rules;
  run["results"] = ordered_json::array();
  const std::vector<std::string> fingerprints = StableFingerprints(result.findings);
  for (size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    ordered_json r;
    r["ruleId"] = f.rule;
    if (index.count(f.rule)) r["ruleIndex"] = index[f.rule];
    r["level"] = SarifLevel(f.severity);
    r["message"]["text"] = f.help.empty() ? f.message : f.message + "\nhelp: " + f.help;
    ordered_json loc;
    loc["physicalLocation"]["artifactLocation"]["uri"] = f.file;
    loc["physicalLocation"]["region"]["startLine"] = f.line;
    loc["physicalLocation"]["region"]["startColumn"] = f.column;
    r["locations"] = ordered_json::array({loc});
    // Code scanning matches alerts across runs by these; ours ignore the line, so a finding keeps
    // its alert when lines above it move. (GitHub adds its own primaryLocationLineHash on upload.)
    r["partialFingerprints"]["shiftwayFinding/v1"] = fingerprints[i];
    run["results"].push_back(r);
  }
  return SarifLog(std::move(run));
}

std::string RenderGithub(const LintResult& result) {
  std::string out;
  for (const auto& f : result.findings) {
    const char* cmd = f.severity == Severity::kError ? "error" : f.severity == Severity::kWarning ? "warning" : "notice";
    std::string msg = f.message;
    if (!f.help.empty()) msg += "\nhelp: " + f.help;
    out += std::string("::") + cmd + " file=" + EscapeProperty(f.file) + ",line=" + std::to_string(f.line) +
           ",col=" + std::to_string(f.column) + ",title=" + EscapeProperty(f.rule) + "::" + EscapeData(msg) + "\n";
  }
  return out;
}

std::string RenderGitlab(const LintResult& result) {
  ordered_json issues = ordered_json::array();
  const std::vector<std::string> fingerprints = StableFingerprints(result.findings);
  for (size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    ordered_json j;
    j["description"] = f.message;
    j["check_name"] = f.rule;
    j["fingerprint"] = fingerprints[i];
    j["severity"] = f.severity == Severity::kError ? "critical" : f.severity == Severity::kWarning ? "major" : "info";
    j["location"]["path"] = f.file;
    j["location"]["lines"]["begin"] = f.line;
    issues.push_back(j);
  }
  return issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string Render(const LintResult& result, ReportFormat format, const ReportOptions& options) {
  switch (format) {
    case ReportFormat::kHuman: return RenderHuman(result, options);
    case ReportFormat::kJson: return RenderJson(result);
    case ReportFormat::kSarif: return RenderSarif(result, options);
    case ReportFormat::kGithub: return RenderGithub(result);
    case ReportFormat::kGitlab: return RenderGitlab(result);
  }
  return RenderHuman(result, options);
}

}  // namespace shiftway::lint
