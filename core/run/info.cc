// `info`: every migration and its state; never changes the database.
#include <filesystem>
#include <thread>

#include "core/migration/version.h"

#include "core/run/common.h"

namespace shiftway::run {

Result<std::unique_ptr<InfoResult>> Info(const config::Settings& settings, const Observer& observer) {
  auto opened = Session::Open(settings, {.read_only = true, .lock = false}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  auto res = s.Resolve(*history);
  if (!res) return Fail(res.error());
  auto out = std::make_unique<InfoResult>();
  out->target = TargetOf(s);
  out->current_version = res->current_version;
  auto stopped = FindInterruptions(s, res->infos);
  if (!stopped) return Fail(stopped.error());
  for (const auto& i : *stopped) out->interrupted[i.info->applied->installed_rank] = InterruptionState(i);
  out->migrations = std::move(res->infos);
  // The entries point into the session's files; moving the vector keeps its elements in place,
  // so the pointers stay valid after the session closes.
  out->discovery = s.TakeDiscovery();
  // Contract migrations held back by `split` wait outside the locations until `promote`.
  std::error_code ec;
  if (!settings.split.held.empty() && std::filesystem::is_directory(settings.split.held, ec)) {
    for (const auto& e : std::filesystem::directory_iterator(settings.split.held, ec)) {
      if (e.path().extension() == ".sql") out->held.push_back(e.path().generic_string());
    }
    std::sort(out->held.begin(), out->held.end());
  }
  return out;
}

namespace {

bool IsFailed(migration::State s) {
  return s == migration::State::kFailed || s == migration::State::kFailedMissing || s == migration::State::kFailedFuture;
}

std::string Seconds(std::chrono::milliseconds ms) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(ms).count();
  return std::to_string(s) + " s";
}

}  // namespace

Result<WaitResult> WaitForVersion(const config::Settings& settings, const WaitOptions& options,
                                  const Observer& observer) {
  auto wanted = migration::Version::Parse(options.version);
  if (!wanted) {
    return Fail(Error(ErrorCode::kUsage, "--wait-for-version: '" + options.version + "' is not a version")
                    .Hint("give a migration version such as 4 or 1.2"));
  }
  auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  auto now = options.now ? options.now : [] { return std::chrono::steady_clock::now(); };
  const auto start = now();
  // Warnings (a missing location in an app image, say) are worth one mention, not one per check.
  Observer quiet = observer;
  quiet.warn = [](const std::string&) {};
  quiet.connected = [](const std::string&, bool) {};
  WaitResult result;
  std::optional<Error> last_error;
  std::string last_version;
  while (true) {
    ++result.checks;
    auto info = Info(settings, result.checks == 1 ? observer : quiet);
    if (!info) {
      const ErrorCode c = info.error().code;
      if (c != ErrorCode::kDatabase && c != ErrorCode::kMigration) return Fail(info.error());
      last_error = info.error();
    } else {
      last_error.reset();
      result.target = (*info)->target;
      last_version = (*info)->current_version;
      for (const auto& m : (*info)->migrations) {
        if (!IsFailed(m.state)) continue;
        return Fail(Error(ErrorCode::kValidation, "migration " + (m.version.empty() ? m.description : "version " + m.version) +
                                                      " failed; the database will not reach version " + options.version +
                                                      " until it is repaired")
                        .Note("the database is at version " + (last_version.empty() ? std::string("<< Empty Schema >>") : last_version))
                        .Hint("fix the migration, run `shiftway repair`, then `shiftway migrate` again"));
      }
      if (!last_version.empty()) {
        auto current = migration::Version::Parse(last_version);
        if (current && *current >= *wanted) {
          result.current_version = last_version;
          result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(now() - start);
          return result;
        }
      }
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now() - start);
    if (elapsed >= options.timeout) {
      if (last_error) {
        Error e = *last_error;
        e.Note("gave up waiting for version " + options.version + " after " + Seconds(options.timeout));
        return Fail(std::move(e));
      }
      return Fail(Error(ErrorCode::kValidation, "timed out after " + Seconds(options.timeout) + " waiting for version " +
                                                    options.version + ": the database is at version " +
                                                    (last_version.empty() ? std::string("<< Empty Schema >>") : last_version))
                      .Hint("check that `shiftway migrate` ran (its Job or pipeline step), or raise --timeout"));
    }
    sleep(std::min(options.interval, options.timeout - elapsed));
  }
}

}  // namespace shiftway::run
