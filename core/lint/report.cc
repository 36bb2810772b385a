// Renderers for lint results: human text, JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality.
#include "core/lint/report.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/lint/rule.h"

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
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

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

std::string RenderSarif(const LintResult& result, const ReportOptions& options) {
  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  ordered_json run;
  run["tool"]["driver"]["name"] = "shiftway";
  run["tool"]["driver"]["version"] = options.tool_version;
  std::map<std::string, int> index;
  ordered_json rules = ordered_json::array();
  for (const Rule* r : AllRules()) {
    const RuleInfo& info = r->Info();
    index[std::string(info.name)] = static_cast<int>(rules.size());
    ordered_json rule;
    rule["id"] = std::string(info.name);
    rule["shortDescription"]["text"] = std::string(info.summary);
    rule["help"]["text"] = "shiftway explain " + std::string(info.name);
    rule["defaultConfiguration"]["level"] = SarifLevel(info.severity);
    rule["properties"]["category"] = std::string(CategoryName(info.category));
    rule["properties"]["code"] = std::string(info.code);
    rules.push_back(rule);
  }
  run["tool"]["driver"]["rules"] = rules;
  run["results"] = ordered_json::array();
  for (const auto& f : result.findings) {
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
    run["results"].push_back(r);
  }
  root["runs"] = ordered_json::array({run});
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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
  std::map<std::string, int> seen;
  for (const auto& f : result.findings) {
    // Stable across line moves: rule, file and message, plus an occurrence count for repeats.
    std::string key = f.rule + "|" + f.file + "|" + f.message;
    int n = seen[key]++;
    ordered_json j;
    j["description"] = f.message;
    j["check_name"] = f.rule;
    j["fingerprint"] = Fnv1a64Hex(key + "|" + std::to_string(n));
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
