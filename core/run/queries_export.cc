// `queries export`: the statistics view's statements, as a queries file for `verify`.
#include "core/run/queries_export.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/run/common.h"

namespace shiftway::run {
namespace {

// The statement's first keyword, upper-cased, past blanks, comments and opening parentheses.
std::string FirstKeyword(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == '(') {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) return "";
    } else if (text.compare(i, 2, "/*") == 0) {
      i = text.find("*/", i);
      if (i == std::string::npos) return "";
      i += 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
  }
  return word;
}

bool Contains(const std::string& text, const std::string& word) {
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string w = word;
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(w) != std::string::npos;
}

}  // namespace

Result<QueriesExportResult> ExportQueries(const config::Settings& settings, int limit, const Observer& observer) {
  // Only the connection matters here: the migrations are not read.
  config::Settings connect = settings;
  connect.locations.clear();
  connect.fail_on_missing_locations = false;
  auto opened = Session::Open(connect, {.read_only = true, .lock = false}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  QueriesExportResult out;
  out.target = TargetOf(s);
  const bool postgres = s.driver().dialect() == sql::Dialect::kPostgres;
  out.source = postgres ? "pg_stat_statements" : "performance_schema.events_statements_summary_by_digest";
  auto recorded = s.driver().RecordedStatements(settings.schemas);
  if (!recorded) return Fail(recorded.error());
  // shiftway's own statements name the history table (or its progress side table) or the
  // statistics view, or read only the system catalogs or no table at all (what a driver asks
  // when it connects, as every client library does): the previous release's queries of the
  // app's tables are never among them, and no migration can break the others.
  const std::vector<std::string> own = {settings.table,         "pg_stat_statements", "events_statements_summary_by_digest",
                                        "pg_catalog.",          "pg_extension",       "pg_namespace",
                                        "information_schema.",  "performance_schema.", "`information_schema`", "`performance_schema`",
                                        "`mysql` .",            "mysql."};
  std::string body;
  std::vector<drivers::RecordedStatement> kept;
  std::map<std::string, std::size_t> seen;
  for (const auto& r : *recorded) {
    if (r.hidden) { ++out.hidden; continue; }
    const std::string keyword = FirstKeyword(r.text);
    if (keyword != "SELECT" && keyword != "INSERT" && keyword != "UPDATE" && keyword != "DELETE" &&
        keyword != "WITH") {
      ++out.not_queries;
      continue;
    }
    bool ours = false;
    for (const auto& name : own) ours = ours || Contains(r.text, name);
    ours = ours || (keyword == "SELECT" && !Contains(r.text, " FROM "));
    if (ours) { ++out.own; continue; }
    if (!r.unusable.empty()) {
      ++out.unusable;
      observer.warn("left out a statement of " + out.source + " (" + r.unusable + "): " + r.text);
      continue;
    }
    std::string text = r.text;
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) {
      text.pop_back();
    }
    // Digests that differ only in how many rows an INSERT wrote become the same statement: one entry.
    auto [at, added] = seen.emplace(text, kept.size());
    if (added) {
      kept.push_back({text, r.calls, r.where});
    } else {
      kept[at->second].calls += r.calls;
    }
  }
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.calls > b.calls; });
  for (const auto& k : kept) {
    if (limit > 0 && out.exported >= limit) { ++out.over_limit; continue; }
    body += "\n-- " + out.source + ", " + k.where + ": " + std::to_string(k.calls) + (k.calls == 1 ? " call" : " calls") +
            "\n" + k.text + ";\n";
    ++out.exported;
  }
  out.text = "-- the queries " + out.target.database + " recorded in " + out.source +
             ", most called first (shiftway queries export)\n" + body;
  return out;
}

}  // namespace shiftway::run
