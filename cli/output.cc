// Output: human text with optional color, JSON documents, errors, and password redaction.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "core/lint/report.h"
#include "drivers/url.h"

namespace shiftway::cli {

Out::Out(const Globals& g) {
  json_ = g.output == "json";
  quiet_ = g.quiet;
  verbose_ = g.verbose;
  if (g.color == "always") color_ = true;
  else if (g.color == "never") color_ = false;
  else color_ = isatty(STDERR_FILENO) && !g.env.count("NO_COLOR") && (!g.env.count("TERM") || g.env.at("TERM") != "dumb");
  progress_ = !json_ && !quiet_ && isatty(STDOUT_FILENO) && (!g.env.count("TERM") || g.env.at("TERM") != "dumb");
}

void Out::Status(const std::string& text) const {
  if (!progress_) return;
  std::cout << "\r\033[K" << Redact(text) << std::flush;
  status_shown_ = true;
}

void Out::ClearStatus() const {
  if (line_open_) {
    std::cout << "\n" << std::flush;
    line_open_ = false;
  }
  if (!status_shown_) return;
  std::cout << "\r\033[K" << std::flush;
  status_shown_ = false;
}

void Out::StartLine(const std::string& text) const {
  if (json_ || quiet_) return;
  ClearStatus();
  std::cout << Redact(text) << std::flush;
  line_open_ = true;
}

void Out::EndLine(const std::string& tail, const std::string& whole) const {
  if (json_ || quiet_) return;
  if (line_open_) {
    std::cout << Redact(tail) << "\n" << std::flush;
    line_open_ = false;
    return;
  }
  Line(whole);
}

std::string Out::Redact(std::string text) const {
  // Passwords are hidden where they occur as passwords, never as a substring of anything else.
  return drivers::RedactText(text);
}

void Out::Line(const std::string& text) const {
  if (json_ || quiet_) return;
  ClearStatus();
  std::cout << Redact(text) << "\n";
}

void Out::Print(const std::string& text) const {
  ClearStatus();
  std::cout << Redact(text) << "\n";
}

void Out::Warn(const std::string& text) const {
  warnings_.push_back(Redact(text));
  ClearStatus();
  std::cerr << Yellow("warning:") << " " << Redact(text) << "\n";
}

void Out::Note(const std::string& text) const {
  if (quiet_) return;
  ClearStatus();
  std::cerr << Cyan("note:") << " " << Redact(text) << "\n";
}

void Out::Verbose(const std::string& text) const {
  if (!verbose_) return;
  ClearStatus();
  std::cerr << Redact(text) << "\n";
}

static std::string CodeName(ErrorCode c) {
  switch (c) {
    case ErrorCode::kUsage: return "USAGE";
    case ErrorCode::kConfig: return "CONFIGURATION";
    case ErrorCode::kValidation: return "VALIDATE_ERROR";
    case ErrorCode::kDatabase: return "DB_CONNECTION";
    case ErrorCode::kMigration: return "MIGRATION_FAILED";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

static std::string StateLabel(const std::string& sqlstate) {
  bool code = sqlstate.size() == 5;
  for (char c : sqlstate) code = code && (std::isdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)));
  return code ? "SQLSTATE " + sqlstate : sqlstate;
}

int Out::Fail(const Error& e, nlohmann::json result, const std::string& error_code) const {
  ClearStatus();
  std::string message = e.message;
  if (!e.sqlstate.empty()) message += " (" + StateLabel(e.sqlstate) + ")";
  if (json_) {
    // Flyway's ErrorOutputItem: errorCode, message, lineNumber, path (absolute), cause; the rest
    // is shiftway's.
    nlohmann::json err = {{"errorCode", CodeName(e.code)}, {"message", Redact(message)}};
    if (e.pos) {
      std::error_code ec;
      const auto absolute = e.pos->file.empty() ? std::filesystem::path() : std::filesystem::absolute(e.pos->file, ec);
      err["path"] = ec || absolute.empty() ? e.pos->file : absolute.lexically_normal().string();
      if (e.pos->line > 0) err["lineNumber"] = e.pos->line;
      if (e.pos->column > 0) err["column"] = e.pos->column;
    }
    if (!e.db_message.empty()) err["cause"] = {{"message", Redact(e.db_message)}};
    if (!e.notes.empty()) {
      for (const auto& n : e.notes) err["notes"].push_back(Redact(n));
    }
    if (!e.hint.empty()) err["hint"] = Redact(e.hint);
    if (!e.sqlstate.empty()) err["sqlState"] = e.sqlstate;
    if (!e.db_message.empty()) err["databaseMessage"] = Redact(e.db_message);
    nlohmann::json doc = nlohmann::json::object();
    if (result.is_object()) {
      doc = std::move(result);
      doc["success"] = false;
    }
    if (!error_code.empty()) err["errorCode"] = error_code;
    doc["error"] = err;
    if (!warnings_.empty()) doc["warnings"] = warnings_;
    Json(doc);
  } else {
    std::string where;
    if (e.pos && !e.pos->file.empty()) {
      where = e.pos->file;
      if (e.pos->line > 0) where += ":" + std::to_string(e.pos->line) + ":" + std::to_string(e.pos->column);
      where += ": ";
    }
    std::cerr << Bold(Redact(where)) << Red("error:") << " " << Redact(message) << "\n";
    for (const auto& n : e.notes) {
      std::string text = Redact(n);
      for (size_t p = text.find('\n'); p != std::string::npos; p = text.find('\n', p + 1)) text.insert(p + 1, "        ");
      // Flyway's "-> Applied to database" lines read best without a label.
      std::cerr << "  " << (n.starts_with("->") ? "" : Cyan("note:") + " ") << text << "\n";
    }
    if (!e.hint.empty()) std::cerr << "  " << Cyan("help:") << " " << Redact(e.hint) << "\n";
  }
  return ExitCodeFor(e.code);
}

void Out::Json(const nlohmann::json& doc) const {
  std::cout << Redact(doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
}

void Out::JsonWithArray(const nlohmann::json& doc, const std::string& key, size_t count,
                        const std::function<nlohmann::json(size_t)>& element) const {
  const auto dump = [](const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); };
  std::string text = dump(doc);
  // The empty array as dump() writes a top-level key: on a line of its own, two spaces in.
  const std::string empty = "\n  " + nlohmann::json(key).dump() + ": []";
  const size_t at = text.find(empty);
  if (count == 0 || at == std::string::npos) {
    std::cout << Redact(text) << "\n";
    return;
  }
  std::string items;
  for (size_t i = 0; i < count; ++i) {
    // Each element two levels down: four spaces before each of its lines.
    const std::string one = dump(element(i));
    items += i == 0 ? "\n    " : ",\n    ";
    size_t from = 0;
    for (size_t nl; (nl = one.find('\n', from)) != std::string::npos; from = nl + 1) {
      items.append(one, from, nl + 1 - from).append("    ");
    }
    items.append(one, from);
  }
  text.replace(at + empty.size() - 2, 2, "[" + items + "\n  ]");
  std::cout << Redact(text) << "\n";
}

run::Observer Out::Observer() const {
  run::Observer o;
  o.info = [this](const std::string& s) { Line(s); };
  o.warn = [this](const std::string& s) { Warn(s); };
  o.connected = [this](const std::string& database, bool embedded) {
    AnnounceTarget(run::Target{database, "", embedded}, *this);
  };
  // Flyway's "Migrating schema ..." line, ended by the migration's own time. On a terminal a long
  // run shows "(N of M) ..." meanwhile, replaced by the finished line; elsewhere (a log) the line
  // is written as the migration starts, so a log that stops there names the migration it was in.
  auto line = [](const run::MigrationStep& step) {
    return "Migrating schema \"" + step.schema + "\" " + (step.version.empty() ? "with " : "to ") + step.label;
  };
  o.migrating = [this, line](const run::MigrationStep& step) {
    if (progress_) {
      Status("(" + std::to_string(step.index) + " of " + std::to_string(step.total) + ") " + line(step) + " ...");
    } else {
      StartLine(line(step));
    }
  };
  o.applied = [this, line](const run::MigrationStep& step) {
    EndLine(" (" + step.time + ")", line(step) + " (" + step.time + ")");
  };
  return o;
}

void AnnounceTarget(const run::Target& target, const Out& out) {
  if (target.embedded_default) {
    out.Note("no database is configured, so shiftway uses the embedded SQLite file " +
             std::string(config::kEmbeddedDatabase) + " in this directory (pass --url or set SHIFTWAY_URL for another)");
  }
  out.Line("Database: " + target.database);
}

nlohmann::json Envelope(const std::string& operation, const run::Target& target, const Out& out) {
  // "database" is what Flyway means by it: the database's name (its catalog), not the server.
  return {{"operation", operation},
          {"database", target.name},
          {"databaseType", target.type},
          {"databaseDescription", out.Redact(target.database)},
          {"schemaName", target.schema},
          {"shiftwayVersion", SHIFTWAY_VERSION},
          {"warnings", out.warnings()}};
}

}  // namespace shiftway::cli

namespace shiftway::cli {

static size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> w(header.size());
  for (size_t i = 0; i < header.size(); ++i) w[i] = Width(header[i]);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], Width(r[i]));
  }
  std::string rule = "+";
  for (size_t x : w) rule.append(x + 2, '-') += '+';
  // One buffer for the whole table: `info` renders a row per migration, thousands of them.
  std::string out;
  out.reserve((rows.size() + 4) * (rule.size() + 8));
  static const std::string kEmpty;
  auto line = [&](const std::vector<std::string>& cells) {
    out += '|';
    for (size_t i = 0; i < w.size(); ++i) {
      const std::string& c = i < cells.size() ? cells[i] : kEmpty;
      out += ' ';
      out += c;
      out.append(w[i] - Width(c), ' ');
      out += " |";
    }
    out += '\n';
  };
  out += rule;
  out += '\n';
  line(header);
  out += rule;
  out += '\n';
  if (rows.empty()) out.append("| No migrations found").append(rule.size() > 22 ? rule.size() - 22 : 0, ' ').append("|\n");
  for (const auto& r : rows) line(r);
  out += rule;
  return out;
}

}  // namespace shiftway::cli

namespace shiftway::cli {

run::Observer ReportObserver(const Out& out) {
  run::Observer observer;
  observer.info = [&out](const std::string& s) { out.Verbose(s); };
  observer.warn = [&out](const std::string& s) { out.Warn(s); };
  observer.connected = [&out](const std::string& db, bool) { out.Verbose("Database: " + db); };
  return observer;
}

void AddBoundaryOptions(CLI::App& app, run::LintRequest& request, std::string& fail_on) {
  app.add_option("--dialect", request.dialect, "postgres, mysql, mariadb or sqlite (default: from the URL)")
      ->check(CLI::IsMember({"postgres", "postgresql", "mysql", "mariadb", "sqlite"}));
  app.add_option("--since", request.since, "versions up to and including VERSION were released");
  app.add_option("--against", request.against, "git:REF: what the locations held at REF was released");
  app.add_flag("--against-db", request.against_db, "what the configured database applied was released");
  app.add_option("--fail-on", fail_on, "exit 1 on findings at or above: error (default), warning, never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
}

int RenderReport(const lint::LintResult& result, const std::string& boundary, const nlohmann::json& extra,
                 const std::string& footer, const Globals& g, const Out& out, const std::string& fail_on) {
  lint::ReportFormat format = lint::ReportFormat::kHuman;
  lint::ParseReportFormat(g.output, &format);
  lint::ReportOptions options;
  options.tool_version = SHIFTWAY_VERSION;
  options.color = g.color == "always" ||
                  (g.color == "auto" && isatty(STDOUT_FILENO) && !g.env.count("NO_COLOR") &&
                   (!g.env.count("TERM") || g.env.at("TERM") != "dumb"));
  std::string text = lint::Render(result, format, options);
  if (format == lint::ReportFormat::kJson) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded()) {
      doc["boundary"] = boundary;
      if (extra.is_object()) {
        for (const auto& [key, value] : extra.items()) doc[key] = value;
      }
      if (!out.warnings().empty()) doc["warnings"] = out.warnings();
      text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  } else if (format == lint::ReportFormat::kHuman && !footer.empty()) {
    text += footer + "\n";
  } else if (!footer.empty()) {
    out.Note(footer);
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty()) out.Print(text);

  if (fail_on == "never") return kOk;
  lint::Severity threshold = lint::Severity::kError;
  lint::ParseSeverity(fail_on, &threshold);
  for (const auto& finding : result.findings) {
    if (lint::AtOrAbove(finding.severity, threshold)) return 1;
  }
  return kOk;
}

}  // namespace shiftway::cli
