// Fleets: resolving the targets, sharding them, and the bounded pool that runs them.
#include "core/run/fleet.h"

#include <glob.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "core/base/strings.h"
#include "drivers/driver.h"
#include "drivers/url.h"

namespace shiftway::run {
namespace {

bool IsUrl(std::string_view entry) {
  return entry.find("://") != std::string_view::npos || entry.starts_with("sqlite:") || entry.starts_with("jdbc:");
}

Result<FleetTarget> UrlTarget(const std::string& url, const std::string& where) {
  auto spec = drivers::ParseUrl(url);
  if (!spec) {
    Error e = spec.error();
    e.message = where + ": " + e.message;
    return Fail(std::move(e));
  }
  FleetTarget t;
  t.url = url;
  if (spec->dialect == sql::Dialect::kSqlite) {
    t.name = spec->path;
    t.tenant = std::filesystem::path(spec->path).stem().string();
  } else {
    t.name = drivers::RedactUrl(url);  // as the user wrote it, password hidden
    t.tenant = spec->database;
  }
  return t;
}

// An entry of the list or a row of the query: a URL, or a schema on the configured url.
Result<FleetTarget> EntryTarget(const std::string& raw, const config::Settings& settings, const std::string& where) {
  const std::string entry = Trim(raw);
  if (entry.empty()) {
    return Fail(Error(ErrorCode::kConfig, where + ": empty target").Hint("each target is a URL or a schema name"));
  }
  if (IsUrl(entry)) return UrlTarget(entry, where);
  if (settings.url.empty()) {
    return Fail(Error(ErrorCode::kConfig, where + ": '" + entry + "' is a schema, but no database url is configured")
                    .Hint("set the url the schemas live on (--url, SHIFTWAY_URL or [environments.NAME] url), or "
                          "list full URLs"));
  }
  FleetTarget t;
  t.name = entry;
  t.url = settings.url;
  t.schema = entry;
  t.tenant = entry;
  return t;
}

Result<std::vector<std::string>> QueryRows(const config::Settings& settings) {
  const std::string url = settings.fleet.query_url.empty() ? settings.url : settings.fleet.query_url;
  if (url.empty()) {
    return Fail(Error(ErrorCode::kConfig, "the fleet query has no database to run on (" + settings.fleet.origin + ")")
                    .Hint("set query_url under [fleet], or configure the url"));
  }
  auto spec = drivers::ParseUrl(url);
  if (!spec) {
    Error e = spec.error();
    e.message = "[fleet] query_url: " + e.message;
    return Fail(std::move(e));
  }
  if (settings.fleet.query_url.empty()) {
    if (!settings.user.empty()) spec->user = settings.user;
    if (!settings.password.empty()) spec->password = settings.password;
  }
  drivers::DriverOptions o;
  o.read_only = true;
  o.connect_timeout_s = settings.connect_timeout;
  o.connect_retries = settings.connect_retries;
  o.connect_retries_interval_s = settings.connect_retries_interval;
  auto driver = drivers::OpenDriver(*spec, o);
  if (!driver) return Fail(driver.error());
  auto rows = (*driver)->SelectColumn(settings.fleet.query);
  if (!rows) {
    Error e(ErrorCode::kConfig, "the fleet query failed on " + spec->Redacted() + ": " + rows.error().message);
    e.db_message = rows.error().db_message;
    e.sqlstate = rows.error().sqlstate;
    return Fail(e.Note("query: " + settings.fleet.query)
                    .Hint("fix query under [fleet] (" + settings.fleet.origin +
                          "): it must return one column of URLs or schema names"));
  }
  if (rows->empty()) {
    return Fail(Error(ErrorCode::kConfig, "the fleet query returned no rows on " + spec->Redacted())
                    .Note("query: " + settings.fleet.query)
                    .Hint("a fleet with no targets would report success without running anything; check the "
                          "query's WHERE clause"));
  }
  return rows;
}

Result<std::vector<std::string>> GlobFiles(const std::string& pattern, const std::string& origin) {
  glob_t g{};
  const int rc = glob(pattern.c_str(), 0, nullptr, &g);
  std::vector<std::string> files;
  for (size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) files.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  if (files.empty()) {
    return Fail(Error(ErrorCode::kConfig, "the fleet's sqlite glob '" + pattern + "' matches no file (" + origin + ")")
                    .Hint("a relative pattern is taken from the working directory; check the path, or create the "
                          "databases first"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<std::vector<FleetTarget>> ResolveFleet(const config::Settings& settings) {
  const config::Settings::Fleet& fleet = settings.fleet;
  if (fleet.empty()) {
    return Fail(Error(ErrorCode::kConfig, "--fleet needs targets, and none are named")
                    .Hint("add a [fleet] table to shiftway.toml (targets = [...], query = \"SELECT ...\", or sqlite = "
                          "\"dbs/*.db\"), or pass --targets FILE"));
  }
  std::vector<FleetTarget> targets;
  for (size_t i = 0; i < fleet.targets.size(); ++i) {
    auto t = EntryTarget(fleet.targets[i], settings, fleet.origin + ": targets[" + std::to_string(i) + "]");
    if (!t) return Fail(t.error());
    targets.push_back(std::move(*t));
  }
  if (!fleet.query.empty()) {
    auto rows = QueryRows(settings);
    if (!rows) return Fail(rows.error());
    for (size_t i = 0; i < rows->size(); ++i) {
      auto t = EntryTarget((*rows)[i], settings, "the fleet query's row " + std::to_string(i + 1));
      if (!t) return Fail(t.error());
      targets.push_back(std::move(*t));
    }
  }
  if (!fleet.sqlite.empty()) {
    auto files = GlobFiles(fleet.sqlite, fleet.origin);
    if (!files) return Fail(files.error());
    for (const auto& f : *files) {
      auto t = UrlTarget("sqlite:" + f, fleet.origin + ": sqlite");
      if (!t) return Fail(t.error());
      targets.push_back(std::move(*t));
    }
  }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < targets.size(); ++i) {
    auto [it, fresh] = seen.emplace(targets[i].name, i);
    if (!fresh) {
      return Fail(Error(ErrorCode::kConfig, "the fleet names " + targets[i].name + " twice (" + fleet.origin + ")")
                      .Hint("each target runs once, with its own lock and history; remove the duplicate"));
    }
  }
  return targets;
}

Result<Shard> ParseShard(std::string_view text, const std::string& completion_index) {
  auto bad = [&](const std::string& why) {
    return Fail(Error(ErrorCode::kUsage, "--shard " + std::string(text) + ": " + why)
                    .Hint("use --shard I/N with 0 <= I < N (for example --shard 0/4), or --shard auto/N in a "
                          "Kubernetes Indexed Job"));
  };
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad("expected I/N");
  auto number = [](std::string_view s, int* out) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    *out = std::stoi(std::string(s));
    return true;
  };
  Shard shard;
  if (!number(text.substr(slash + 1), &shard.count) || shard.count < 1) return bad("N must be a whole number of at least 1");
  std::string_view index = text.substr(0, slash);
  if (index == "auto") {
    if (completion_index.empty()) return bad("auto takes the index from JOB_COMPLETION_INDEX, which is not set");
    if (!number(completion_index, &shard.index)) {
      return bad("JOB_COMPLETION_INDEX is '" + completion_index + "', not a whole number");
    }
  } else if (!number(index, &shard.index)) {
    return bad("I must be a whole number");
  }
  if (shard.index >= shard.count) {
    return bad("the index " + std::to_string(shard.index) + " is not below the count " + std::to_string(shard.count) +
               " (indexes start at 0)");
  }
  return shard;
}

int FleetShardOf(std::string_view name, int count) {
  return static_cast<int>(Fnv1a64(name) % static_cast<uint64_t>(std::max(count, 1)));
}

std::vector<FleetTarget> SelectShard(const std::vector<FleetTarget>& targets, const Shard& shard) {
  std::vector<FleetTarget> out;
  for (const auto& t : targets) {
    if (FleetShardOf(t.name, shard.count) == shard.index) out.push_back(t);
  }
  return out;
}

const char* FleetStatusName(FleetStatus s) {
  switch (s) {
    case FleetStatus::kSucceeded: return "succeeded";
    case FleetStatus::kUpToDate: return "up to date";
    case FleetStatus::kFailed: return "failed";
    case FleetStatus::kSkipped: return "skipped";
  }
  return "";
}

FleetReport RunFleet(size_t count, const FleetOptions& options, const std::function<FleetStatus(size_t)>& run_one,
                     const std::function<void(size_t, FleetStatus)>& finished) {
  FleetReport report;
  report.status.assign(count, FleetStatus::kSkipped);
  std::mutex mu;
  bool failed = false;
  auto interrupted = [&] { return options.interrupted && options.interrupted->load(); };

  // Runs targets [begin, end) with up to `parallel` at once; stops starting new ones when told.
  auto wave = [&](size_t begin, size_t end, bool stop_on_error) {
    size_t next = begin;
    const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(options.parallel, 1)), end - begin);
    std::vector<std::thread> threads;
    for (size_t w = 0; w < workers; ++w) {
      threads.emplace_back([&] {
        for (;;) {
          size_t i;
          {
            std::lock_guard<std::mutex> lock(mu);
            if (next >= end || interrupted() || (stop_on_error && failed)) return;
            i = next++;
          }
          const FleetStatus s = run_one(i);
          std::lock_guard<std::mutex> lock(mu);
          report.status[i] = s;
          if (s == FleetStatus::kFailed) failed = true;
          finished(i, s);
        }
      });
    }
    for (auto& t : threads) t.join();
  };

  const size_t canary = std::min(count, static_cast<size_t>(std::max(options.canary, 0)));
  if (canary > 0) {
    wave(0, canary, false);
    if (failed && canary < count) report.stopped = "the canary failed";
  }
  if (report.stopped.empty() && canary < count && !interrupted()) {
    wave(canary, count, options.stop_on_error);
  }
  if (report.stopped.empty()) {
    const bool all_ran = std::none_of(report.status.begin(), report.status.end(),
                                      [](FleetStatus s) { return s == FleetStatus::kSkipped; });
    if (!all_ran) report.stopped = interrupted() ? "interrupted" : "a target failed (--on-error stop)";
  }
  return report;
}

}  // namespace shiftway::run
