// `repair`: remove failed rows, realign checksums and descriptions, mark missing ones deleted.
#include "core/run/common.h"

namespace shiftway::run {

Result<RepairResult> Repair(const config::Settings& settings, const Observer& observer) {
  auto opened = Session::Open(settings, {.read_only = false, .lock = true}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto& d = s.driver();
  RepairResult out;
  out.target = TargetOf(s);
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  if (!s.history_exists()) return out;
  auto res = s.Resolve(*history);
  if (!res) return Fail(res.error());
  int rank = Session::NextRank(*history);
  auto executed = [](const migration::MigrationInfo& m) {
    return Executed{m.category, m.version, m.description, m.type, m.file ? m.file->path : m.script, 0};
  };
  if (auto r = s.RunCallbacks("beforeRepair", observer); !r) return Fail(r.error());
  // Each change is its own statement; a transaction keeps repair all-or-nothing where DDL allows.
  if (auto r = d.Begin(); !r) return Fail(r.error());
  auto abort = [&](Error e) {
    d.Rollback();
    s.RunCallbacks("afterRepairError", observer);
    return tl::unexpected<Error>(std::move(e));
  };
  for (const auto& m : res->infos) {
    if (!m.applied) continue;
    switch (m.state) {
      case migration::State::kFailed:
      case migration::State::kFailedMissing:
      case migration::State::kFailedFuture:
        if (auto r = d.DeleteHistory(m.applied->installed_rank); !r) return abort(r.error());
        out.removed.push_back(executed(m));
        break;
      case migration::State::kMissing: {
        drivers::HistoryRow row = *m.applied;
        row.installed_rank = rank++;
        row.type = "DELETE";
        row.installed_by = s.InstalledBy();
        row.installed_on.clear();
        row.execution_time = 0;
        row.success = true;
        if (auto r = d.InsertHistory(row); !r) return abort(r.error());
        out.deleted.push_back(executed(m));
        break;
      }
      case migration::State::kSuccess:
      case migration::State::kOutOfOrder: {
        if (!m.file || m.version.empty()) break;  // repeatables re-run instead
        if (m.applied->checksum == m.checksum && m.applied->description == m.file->name.description) break;
        drivers::HistoryRow row = *m.applied;
        row.checksum = m.checksum;
        row.description = m.file->name.description;
        if (auto r = d.UpdateHistory(row); !r) return abort(r.error());
        out.aligned.push_back(executed(m));
        break;
      }
      default:
        break;
    }
  }
  if (auto r = d.Commit(); !r) return abort(r.error());
  // The progress of the failed rows it removed (docs/locking.md) is done with too.
  if (!out.removed.empty()) {
    if (auto r = d.DropProgress(); !r) observer.warn("could not drop the progress table: " + r.error().message);
  }
  if (auto r = s.RunCallbacks("afterRepair", observer); !r) return Fail(r.error());
  return out;
}

}  // namespace shiftway::run
