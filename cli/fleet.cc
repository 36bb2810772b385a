// `--fleet`: runs a command once per target, each in a child process of this binary, and reports.
//
// Why child processes and not threads calling run::Migrate: a target's run must be exactly the
// single-database run, and harm no other target. core/ and drivers/ hold no mutable global state (none was found),
// but in one process the runs would share the Out that prints progress lines (unsynchronised
// state), Connector/C++'s driver instance (its first use is not thread-safe), and any crash, abort
// or out-of-memory. A child per target shares none of it, and its JSON document is the
// single-target shape as it is. The cost is a process start and a connection per target, which
// the shell loop users write today pays too (docs/fleet.md; bench/results/fleet.md).
#include "cli/fleet.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "core/run/fleet.h"

extern char** environ;

namespace shiftway::cli {
namespace {

constexpr const char* kMemberUrl = "SHIFTWAY_FLEET_MEMBER_URL";
constexpr const char* kMemberSchema = "SHIFTWAY_FLEET_MEMBER_SCHEMA";
constexpr const char* kMemberTenant = "SHIFTWAY_FLEET_MEMBER_TENANT";
constexpr int kMaxParallel = 256;

// Ctrl-C and SIGTERM: the first starts nothing new and lets the targets in flight finish; the
// second ends them (SIGTERM to each child's process group), so the database rolls back the
// migration each was in.
std::atomic<bool> interrupted{false};
std::atomic<int> signals_seen{0};
std::array<std::atomic<pid_t>, kMaxParallel> running{};

void OnSignal(int) {
  interrupted.store(true);
  if (signals_seen.fetch_add(1) >= 1) {
    for (auto& pid : running) {
      const pid_t p = pid.load();
      if (p > 0) kill(-p, SIGTERM);
    }
  }
}

struct Child {
  int exit_code = -1;  ///< -1: ended by a signal
  int signal = 0;
  std::string out, err;
};

std::string ReadAll(FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

// Starts this binary with `args` and `env` in a process group of its own (so that the terminal's
// Ctrl-C reaches only the parent), which ends if the parent dies; waits for it.
Child RunChild(const std::string& exe, const std::vector<std::string>& args, const std::vector<std::string>& env,
               size_t slot) {
  Child c;
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  if (!out || !err) {
    if (out) std::fclose(out);
    if (err) std::fclose(err);
    c.err = std::string("error: cannot create a temporary file for the target's output: ") + std::strerror(errno);
    return c;
  }
  // Not inherited by the other targets' children started meanwhile (dup2 clears it on 1 and 2).
  fcntl(fileno(out), F_SETFD, FD_CLOEXEC);
  fcntl(fileno(err), F_SETFD, FD_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: the parent has threads.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(128 + SIGTERM);
    const int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    execve(exe.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  if (pid < 0) {
    c.err = std::string("error: cannot start a process for the target: ") + std::strerror(errno);
  } else {
    setpgid(pid, pid);
    running[slot].store(pid);
    if (signals_seen.load() >= 2) kill(-pid, SIGTERM);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    running[slot].store(0);
    if (WIFEXITED(status)) c.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) c.signal = WTERMSIG(status);
    c.out = ReadAll(out);
    c.err = ReadAll(err);
  }
  std::fclose(out);
  std::fclose(err);
  return c;
}

// What the parent keeps of one target's run.
struct Outcome {
  run::FleetStatus status = run::FleetStatus::kSkipped;
  int exit_code = 0;
  double seconds = 0;
  nlohmann::json doc;        ///< the child's JSON document (null when it printed none)
  std::string summary;       ///< the human line's tail: "2 -> 5, 3 migrations"
  std::string error;         ///< the error's first line
  std::vector<std::string> warnings;
};

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string Version(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : "empty"; }

// The first line of what went wrong, from the child's JSON error, else its stderr.
std::string ErrorLine(const nlohmann::json& doc, const Child& c) {
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const auto& e = doc["error"];
    std::string where;
    if (e.contains("path") && e["path"].is_string()) {
      where = std::filesystem::path(e["path"].get<std::string>()).filename().string();
      if (e.contains("lineNumber")) where += ":" + std::to_string(e["lineNumber"].get<int>());
      where += ": ";
    }
    return where + FirstLine(e.value("message", ""));
  }
  if (doc.is_object() && doc.contains("findings") && doc["findings"].is_array() && !doc["findings"].empty()) {
    const auto& first = doc["findings"][0];
    const std::string file = std::filesystem::path(first.value("file", "")).filename().string();
    return "lint: " + std::to_string(doc["findings"].size()) + " finding(s), the first " + file + ":" +
           std::to_string(first.value("line", 0)) + " " + first.value("rule", "") + ": " +
           FirstLine(first.value("message", ""));
  }
  if (doc.is_object() && doc.contains("differences") && doc["differences"].is_array() &&
      !doc["differences"].empty()) {
    const auto& first = doc["differences"][0];
    const size_t more = doc["differences"].size() - 1;
    return "drift: " + first.value("kind", "") + ": " + FirstLine(first.value("message", "")) +
           (more ? " (and " + std::to_string(more) + " more)" : std::string());
  }
  if (doc.is_object() && doc.contains("invalidMigrations") && doc["invalidMigrations"].is_array() &&
      !doc["invalidMigrations"].empty()) {
    const auto& first = doc["invalidMigrations"][0];
    const std::string message = first.contains("errorDetails") ? first["errorDetails"].value("errorMessage", "") : "";
    const size_t more = doc["invalidMigrations"].size() - 1;
    return "validate failed: " + FirstLine(message) +
           (more ? " (and " + std::to_string(more) + " more)" : std::string());
  }
  for (size_t at = 0; at < c.err.size();) {
    size_t end = c.err.find('\n', at);
    std::string line = c.err.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (line.find("error:") != std::string::npos) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  if (c.signal) return "ended by signal " + std::to_string(c.signal) + " (" + strsignal(c.signal) + ")";
  return "exited with code " + std::to_string(c.exit_code);
}

// The human line's tail for a target that succeeded; decides up to date for migrate.
void Describe(const std::string& command, Outcome& o) {
  const nlohmann::json& doc = o.doc;
  if (!doc.is_object()) return;
  if (command == "migrate") {
    const int executed = doc.value("migrationsExecuted", 0);
    if (doc.value("dryRun", false)) {
      o.summary = "dry run: " + std::to_string(doc["migrations"].size()) + " migration(s) would be applied";
    } else if (executed == 0) {
      o.status = run::FleetStatus::kUpToDate;
      o.summary = "up to date at " + Version(doc["targetSchemaVersion"]);
    } else {
      o.summary = Version(doc["initialSchemaVersion"]) + " -> " + Version(doc["targetSchemaVersion"]) + ", " +
                  std::to_string(executed) + " migration" + (executed == 1 ? "" : "s");
    }
  } else if (command == "info") {
    int pending = 0;
    if (doc.contains("migrations") && doc["migrations"].is_array()) {
      for (const auto& m : doc["migrations"]) pending += m.value("state", "") == "Pending";
    }
    o.summary = "at " + Version(doc["schemaVersion"]) + ", " + std::to_string(pending) + " pending";
    if (pending == 0) o.status = run::FleetStatus::kUpToDate;
  } else if (command == "validate") {
    o.summary = "validated " + std::to_string(doc.value("validateCount", 0)) + " migrations";
  } else if (command == "check") {
    o.summary = "no drift";
  } else if (command == "lint") {
    const size_t findings = doc.contains("findings") && doc["findings"].is_array() ? doc["findings"].size() : 0;
    o.summary = findings == 0 ? "no findings" : std::to_string(findings) + " finding(s) below --fail-on";
  }
}

std::string Secs(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

}  // namespace

std::shared_ptr<FleetFlags> AddFleetFlags(CLI::App& app) {
  auto f = std::make_shared<FleetFlags>();
  app.add_flag("--fleet", f->fleet, "run over every target of [fleet] (or --targets FILE), each as its own run");
  f->options.push_back(
      app.add_option("--targets", f->targets_file, "with --fleet: a TOML file naming the targets ([fleet]'s keys)"));
  f->options.push_back(app.add_option("--parallel", f->parallel, "with --fleet: targets run at once (default 1)")
                           ->check(CLI::Range(1, kMaxParallel)));
  f->options.push_back(app.add_option("--canary", f->canary,
                                      "with --fleet: run the first K targets first, and stop if any fails")
                           ->check(CLI::NonNegativeNumber));
  f->options.push_back(app.add_option("--on-error", f->on_error,
                                      "with --fleet: after a target fails, stop (start nothing new; default) or continue")
                           ->check(CLI::IsMember({"stop", "continue"})));
  f->options.push_back(app.add_option("--shard", f->shard,
                                      "with --fleet: run only shard I of N (I/N, 0-based; auto/N reads "
                                      "JOB_COMPLETION_INDEX)"));
  return f;
}

void TakeFleetMember(Globals& g) {
  auto url = g.env.find(kMemberUrl);
  if (url == g.env.end()) return;
  g.fleet_member = true;
  g.url = url->second;
  g.url_given = true;
  if (auto schema = g.env.find(kMemberSchema); schema != g.env.end() && !schema->second.empty()) {
    g.schemas = schema->second;
  }
  if (auto tenant = g.env.find(kMemberTenant); tenant != g.env.end()) g.placeholders.push_back("tenant=" + tenant->second);
  g.output = "json";
  for (const char* name : {kMemberUrl, kMemberSchema, kMemberTenant}) g.env.erase(name);
}

std::optional<int> RunFleetCommand(const FleetFlags& flags, Globals& g, Out& out, const std::string& command) {
  if (g.fleet_member) return std::nullopt;
  if (flags.fleet && g.output != "human" && g.output != "json") {
    return out.Fail(Error(ErrorCode::kUsage, "--output " + g.output + " does not combine with --fleet")
                        .Hint("use --output json: one document with each target's lint report"));
  }
  if (!flags.fleet) {
    for (const CLI::Option* o : flags.options) {
      if (o->count() > 0) {
        return out.Fail(Error(ErrorCode::kUsage, o->get_name() + " needs --fleet")
                            .Hint("add --fleet to run over the targets of [fleet] or --targets FILE"));
      }
    }
    return std::nullopt;
  }
  auto settings = LoadSettings(g, out, /*url_optional=*/true);
  if (!settings) return out.Fail(settings.error());
  if (!flags.targets_file.empty()) {
    auto fleet = config::LoadFleetFile(flags.targets_file, g.env);
    if (!fleet) return out.Fail(fleet.error());
    settings->fleet = std::move(*fleet);
  }
  auto all = run::ResolveFleet(*settings);
  if (!all) return out.Fail(all.error());
  std::optional<run::Shard> shard;
  if (!flags.shard.empty()) {
    auto index = g.env.find("JOB_COMPLETION_INDEX");
    auto parsed = run::ParseShard(flags.shard, index == g.env.end() ? "" : index->second);
    if (!parsed) return out.Fail(parsed.error());
    shard = *parsed;
  }
  const std::vector<run::FleetTarget> targets = shard ? run::SelectShard(*all, *shard) : *all;
  const std::string shard_text = shard ? std::to_string(shard->index) + "/" + std::to_string(shard->count) : "";

  std::error_code ec;
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) return out.Fail(Error(ErrorCode::kInternal, "cannot find this program's own file: " + ec.message()));
  std::vector<std::string> base_env;
  for (char** e = environ; e && *e; ++e) {
    const std::string kv = *e;
    if (kv.starts_with("SHIFTWAY_FLEET_MEMBER_")) continue;
    base_env.push_back(kv);
  }

  if (out.human()) {
    out.Line("Fleet of " + std::to_string(all->size()) + " target" + (all->size() == 1 ? "" : "s") +
             (shard ? ", shard " + shard_text + ": " + std::to_string(targets.size()) : std::string()) + " (" +
             settings->fleet.origin + "); " + command + " with --parallel " + std::to_string(flags.parallel) +
             (flags.canary > 0 ? ", --canary " + std::to_string(flags.canary) : std::string()) + ", --on-error " +
             flags.on_error);
  }

  struct sigaction action {}, old_int {}, old_term {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  interrupted.store(false);
  signals_seen.store(0);
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  std::vector<Outcome> outcomes(targets.size());
  std::vector<std::atomic<bool>> slot_busy(kMaxParallel);
  size_t done = 0;
  run::FleetOptions options;
  options.parallel = flags.parallel;
  options.canary = flags.canary;
  options.stop_on_error = flags.on_error == "stop";
  options.interrupted = &interrupted;

  auto run_one = [&](size_t i) {
    const run::FleetTarget& t = targets[i];
    size_t slot = 0;
    for (;; slot = (slot + 1) % kMaxParallel) {
      bool free = false;
      if (slot_busy[slot].compare_exchange_strong(free, true)) break;
    }
    std::vector<std::string> env = base_env;
    env.push_back(std::string(kMemberUrl) + "=" + t.url);
    env.push_back(std::string(kMemberSchema) + "=" + t.schema);
    env.push_back(std::string(kMemberTenant) + "=" + t.tenant);
    const auto started = std::chrono::steady_clock::now();
    Child c = RunChild(exe, g.args, env, slot);
    slot_busy[slot].store(false);
    Outcome& o = outcomes[i];
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    o.exit_code = c.signal ? 128 + c.signal : c.exit_code;
    o.doc = nlohmann::json::parse(c.out, nullptr, false);
    if (o.doc.is_discarded()) o.doc = nullptr;
    for (size_t at = 0; at < c.err.size();) {
      size_t end = c.err.find('\n', at);
      std::string line = c.err.substr(at, end == std::string::npos ? std::string::npos : end - at);
      if (line.starts_with("warning:")) o.warnings.push_back(out.Redact(line));
      if (end == std::string::npos) break;
      at = end + 1;
    }
    if (c.exit_code == 0) {
      o.status = run::FleetStatus::kSucceeded;
      Describe(command, o);
    } else {
      o.status = run::FleetStatus::kFailed;
      o.error = out.Redact(ErrorLine(o.doc, c));
    }
    return o.status;
  };
  auto finished = [&](size_t i, run::FleetStatus s) {
    ++done;
    if (!out.human()) return;
    const Outcome& o = outcomes[i];
    const std::string head = "[" + std::to_string(done) + "/" + std::to_string(targets.size()) + "] " + targets[i].name + ": ";
    for (const auto& w : o.warnings) out.Warn(targets[i].name + ": " + w.substr(std::strlen("warning: ")));
    if (s == run::FleetStatus::kFailed) {
      std::cerr << head << out.Red("FAILED") << " (exit " << o.exit_code << ", " << Secs(o.seconds) << "): " << o.error
                << "\n";
    } else {
      out.Print(head + o.summary + " (" + Secs(o.seconds) + ")");
    }
  };
  run::FleetReport report = run::RunFleet(targets.size(), options, run_one, finished);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);

  int counts[4] = {0, 0, 0, 0};
  int rc = kOk;
  for (size_t i = 0; i < targets.size(); ++i) {
    ++counts[static_cast<int>(report.status[i])];
    if (report.status[i] == run::FleetStatus::kFailed) rc = std::max(rc, outcomes[i].exit_code > 0 ? outcomes[i].exit_code : 3);
  }
  if (rc > 70) rc = 3;  // a child ended by a signal: a database or migration failure
  if (interrupted.load()) rc = 130;
  const int succeeded = counts[static_cast<int>(run::FleetStatus::kSucceeded)];
  const int up_to_date = counts[static_cast<int>(run::FleetStatus::kUpToDate)];
  const int failed = counts[static_cast<int>(run::FleetStatus::kFailed)];
  const int skipped = counts[static_cast<int>(run::FleetStatus::kSkipped)];

  if (out.json()) {
    nlohmann::json doc = {{"operation", command},
                          {"fleet", true},
                          {"targetCount", all->size()},
                          {"shard", shard ? nlohmann::json(shard_text) : nlohmann::json()},
                          {"parallel", flags.parallel},
                          {"canary", flags.canary},
                          {"onError", flags.on_error},
                          {"shiftwayVersion", SHIFTWAY_VERSION}};
    doc["results"] = nlohmann::json::array();
    for (size_t i = 0; i < targets.size(); ++i) {
      const Outcome& o = outcomes[i];
      nlohmann::json r = {{"target", targets[i].name},
                          {"tenant", targets[i].tenant},
                          {"status", run::FleetStatusName(report.status[i])}};
      if (report.status[i] != run::FleetStatus::kSkipped) {
        r["exitCode"] = o.exit_code;
        r["seconds"] = std::round(o.seconds * 1000) / 1000;
        r["error"] = o.error.empty() ? nlohmann::json() : nlohmann::json(o.error);
        r["result"] = o.doc;
      }
      doc["results"].push_back(std::move(r));
    }
    doc["summary"] = {{"total", targets.size()}, {"succeeded", succeeded}, {"upToDate", up_to_date},
                      {"failed", failed},        {"skipped", skipped}};
    doc["stopped"] = report.stopped.empty() ? nlohmann::json() : nlohmann::json(report.stopped);
    doc["success"] = rc == kOk;
    doc["warnings"] = out.warnings();
    out.Json(doc);
    return rc;
  }
  out.Print("");
  out.Print(RenderTable({"Result", "Targets"}, {{"Succeeded", std::to_string(succeeded)},
                                                {"Up to date", std::to_string(up_to_date)},
                                                {"Failed", std::to_string(failed)},
                                                {"Skipped", std::to_string(skipped)}}));
  if (failed > 0) {
    std::string names;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (report.status[i] == run::FleetStatus::kFailed) names += (names.empty() ? "" : ", ") + targets[i].name;
    }
    std::cerr << out.Red("error:") << " " << failed << " of " << targets.size() << " target" << (targets.size() == 1 ? "" : "s")
              << " failed: " << out.Redact(names) << "\n";
  }
  if (!report.stopped.empty()) {
    std::cerr << "  note: stopped: " << report.stopped << "; " << skipped << " target" << (skipped == 1 ? " was" : "s were")
              << " not started\n";
  }
  if (failed > 0 || !report.stopped.empty()) {
    std::cerr << "  help: fix the failures and run the same command again: each target's history says where it is, so "
                 "finished targets are up to date and the rest pick up\n";
  }
  return rc;
}

}  // namespace shiftway::cli
