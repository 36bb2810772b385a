// `baseline`: mark an existing database as being at baselineVersion.
#include "core/run/common.h"

namespace shiftway::run {

Result<BaselineResult> Baseline(const config::Settings& settings, const Observer& observer) {
  auto version = migration::Version::Parse(settings.baseline_version);
  if (!version) {
    return Fail(Error(ErrorCode::kConfig, "invalid baselineVersion: " + version.error().message)
                    .Hint("give a version such as 1 or 2.3"));
  }
  auto opened = Session::Open(settings, {.read_only = false, .lock = true}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto& d = s.driver();
  BaselineResult out;
  out.target = TargetOf(s);
  out.baseline_version = version->raw();
  out.description = settings.baseline_description;
  std::vector<std::string> created;
  if (settings.create_schemas && !settings.schemas.empty()) {
    auto c = d.EnsureSchemas(settings.schemas);
    if (!c) return Fail(c.error());
    created = *c;
  }
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  for (const auto& row : *history) {
    auto applied = row.version ? migration::Version::Parse(*row.version) : Result<migration::Version>(migration::Version());
    if (row.type == "BASELINE" && applied && !applied->empty() && *applied == *version) {
      out.already = true;
      return out;
    }
    if (row.type != "SCHEMA") {
      return Fail(Error(ErrorCode::kMigration, "cannot baseline: " + settings.table + " already contains migrations (" +
                                                   (row.version ? "version " + *row.version : row.description) + ")")
                      .Note("nothing was changed")
                      .Hint("baseline only a database that shiftway or Flyway has never migrated"));
    }
  }
  if (auto r = s.RunCallbacks("beforeBaseline", observer); !r) return Fail(r.error());
  std::vector<std::string> ignored;
  if (auto r = EnsureHistory(s, *history, false, created, true, &ignored, observer); !r) return Fail(r.error());
  drivers::HistoryRow row;
  row.installed_rank = Session::NextRank(*history);
  row.version = version->raw();
  row.description = settings.baseline_description;
  row.type = "BASELINE";
  row.script = settings.baseline_description;
  row.installed_by = s.InstalledBy();
  if (auto r = d.InsertHistory(row); !r) {
    s.RunCallbacks("afterBaselineError", observer);
    return Fail(r.error());
  }
  if (auto r = s.RunCallbacks("afterBaseline", observer); !r) return Fail(r.error());
  return out;
}

}  // namespace shiftway::run
