// What every command shares: global options, settings loading, and output.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/config/settings.h"
#include "core/run/operations.h"

namespace shiftway::cli {

/// Global options (DESIGN §2), parsed before the command runs.
struct Globals {
  std::string config, environment, url, user, password, locations, table, schemas;
  std::string config_files;  ///< Flyway's -configFiles=a.conf,b.conf
  std::string output_file;   ///< Flyway's -outputFile=PATH: output goes there too
  bool url_given = false;  ///< --url was on the command line, even empty
  std::vector<std::string> placeholders;
  std::string output = "human";
  std::string color = "auto";
  bool quiet = false;
  bool verbose = false;
  /// Flyway keys given as -key=value or --key=value (e.g. -baselineVersion=2), and the values of
  /// command flags that map to Flyway keys (--target, --out-of-order, ...).
  std::map<std::string, std::string> flyway_flags;
  std::map<std::string, std::string> env;  ///< the process environment
  std::string cwd;
  std::vector<std::string> args;  ///< the command line as given (after the program name), for --fleet's children
  bool fleet_member = false;      ///< this process runs one target of a parent's --fleet (cli/fleet.h)
};

/// Where output goes. Every line passes through Redact, so a password can never be printed.
class Out {
 public:
  explicit Out(const Globals& g);
  bool json() const { return json_; }
  bool human() const { return !json_; }
  /// Hides passwords where they occur as passwords (drivers::RedactText).
  std::string Redact(std::string text) const;

  /// A line on stdout (human mode and not --quiet).
  void Line(const std::string& text) const;
  /// A raw line on stdout whatever the mode (dry-run SQL, the JSON document).
  void Print(const std::string& text) const;
  /// "warning: ..." on stderr, also under --quiet.
  void Warn(const std::string& text) const;
  void Note(const std::string& text) const;
  void Verbose(const std::string& text) const;
  /// Renders an error (human on stderr, JSON on stdout) and returns its exit code. In JSON,
  /// `result` (an object) is the document the error joins as "error", with "success": false:
  /// Flyway's MigrateErrorResult is the migrate result so far plus its error. `error_code`
  /// replaces the errorCode derived from e.code (Flyway's FAILED_VERSIONED_MIGRATION, ...).
  int Fail(const Error& e, nlohmann::json result = nullptr, const std::string& error_code = "") const;
  /// A transient status line on a terminal ("(3 of 10) ..."): human mode, stdout a TTY and not
  /// --quiet only. The next line printed replaces it.
  void Status(const std::string& text) const;
  bool progress() const { return progress_; }
  /// A line whose end comes later (EndLine): written and flushed now, so a log that stops here
  /// (a killed run) still shows it. Any other output ends it first.
  void StartLine(const std::string& text) const;
  void EndLine(const std::string& tail, const std::string& whole) const;
  /// Prints a JSON document on stdout.
  void Json(const nlohmann::json& doc) const;
  /// Prints `doc` with its top-level array `key` (empty in `doc`) holding `count` elements,
  /// element(i) built and written one at a time: the same text as Json() of the whole document,
  /// without holding every element at once (`info` of 10,000 migrations).
  void JsonWithArray(const nlohmann::json& doc, const std::string& key, size_t count,
                     const std::function<nlohmann::json(size_t)>& element) const;

  std::string Bold(const std::string& s) const { return color_ ? "\033[1m" + s + "\033[0m" : s; }
  std::string Red(const std::string& s) const { return color_ ? "\033[1;31m" + s + "\033[0m" : s; }
  std::string Yellow(const std::string& s) const { return color_ ? "\033[1;33m" + s + "\033[0m" : s; }
  std::string Cyan(const std::string& s) const { return color_ ? "\033[1;36m" + s + "\033[0m" : s; }
  std::string Green(const std::string& s) const { return color_ ? "\033[32m" + s + "\033[0m" : s; }

  run::Observer Observer() const;
  std::vector<std::string>& warnings() const { return warnings_; }

 private:
  bool json_ = false;
  bool quiet_ = false;
  bool verbose_ = false;
  bool color_ = false;
  bool progress_ = false;            ///< stdout is a terminal: Status lines are shown
  mutable bool status_shown_ = false;
  mutable bool line_open_ = false;  ///< StartLine wrote a line that EndLine has not ended yet
  void ClearStatus() const;
  mutable std::vector<std::string> warnings_;  ///< collected for JSON "warnings"
};

/// Resolves settings from the globals; warnings go to `out`. With `url_optional`, a missing URL
/// leaves settings.url empty instead of failing or picking the embedded SQLite file.
Result<config::Settings> LoadSettings(const Globals& g, Out& out, bool url_optional = false);

/// Prints the database line every command starts with, and the embedded-file notice.
void AnnounceTarget(const run::Target& target, const Out& out);

/// The JSON fields every command's document carries.
nlohmann::json Envelope(const std::string& operation, const run::Target& target, const Out& out);

/// One command: how to set up its flags, and what to run. The runner gets the settings already
/// loaded and returns the exit code.
struct Command {
  const char* name;
  const char* help;
  /// Adds the command's flags to `app`; returns the function that runs it.
  std::function<std::function<int(Globals&, Out&)>(CLI::App& app, Globals& g)> setup;
};

/// Progress for commands whose stdout carries a report (lint, split, verify): information and the
/// database line only with --verbose, warnings always, all on stderr.
run::Observer ReportObserver(const Out& out);

/// The release boundary and threshold flags lint and verify share: --dialect, --since, --against,
/// --against-db and --fail-on.
void AddBoundaryOptions(CLI::App& app, run::LintRequest& request, std::string& fail_on);

/// Prints a lint report in the --output format (human, json, sarif, github, gitlab) and returns
/// lint's exit code for `fail_on` (error, warning, info, never): 1 when a finding is at or above
/// it. JSON carries `boundary`, the collected warnings and the fields of `extra` (an object or
/// null). `footer` is one more line: after the human report, on stderr for the machine formats.
int RenderReport(const lint::LintResult& result, const std::string& boundary, const nlohmann::json& extra,
                 const std::string& footer, const Globals& g, const Out& out, const std::string& fail_on);

/// `migrate --verify QUERIES`: verifies the queries against the pending migrations (the database's
/// history is the boundary) before anything is applied. Returns the exit code when migrate must
/// stop (a query breaks at or above `fail_on`, or verify failed), nullopt to go on.
std::optional<int> VerifyBeforeMigrate(const config::Settings& settings, const std::string& queries,
                                       const std::string& fail_on, const Globals& g, Out& out);

/// The command table (cli/commands.cc).
const std::vector<Command>& Commands();

/// Exit code of a successful run.
inline constexpr int kOk = 0;

}  // namespace shiftway::cli

namespace shiftway::cli {

/// A boxed text table like Flyway's `info`; widths count UTF-8 code points.
std::string RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

}  // namespace shiftway::cli
