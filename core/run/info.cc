// `info`: every migration and its state; never changes the database.
#include <filesystem>

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

}  // namespace shiftway::run
