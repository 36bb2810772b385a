// Flyway's state machine: which migrations are applied, pending, missing, outdated, ...
#include "core/migration/resolver.h"
#include "core/base/strings.h"

#include <algorithm>
#include <map>

namespace shiftway::migration {
namespace {

std::string ChecksumText(const std::optional<int32_t>& c) { return c ? std::to_string(*c) : "null"; }

}  // namespace

std::string_view StateName(State s) {
  switch (s) {
    case State::kPending: return "Pending";
    case State::kAboveTarget: return "Above Target";
    case State::kBelowBaseline: return "Below Baseline";
    case State::kBaseline: return "Baseline";
    case State::kIgnored: return "Ignored";
    case State::kMissing: return "Missing";
    case State::kFailedMissing: return "Failed (Missing)";
    case State::kSuccess: return "Success";
    case State::kUndone: return "Undone";
    case State::kAvailable: return "Available";
    case State::kFailed: return "Failed";
    case State::kOutOfOrder: return "Out of Order";
    case State::kFuture: return "Future";
    case State::kFailedFuture: return "Failed (Future)";
    case State::kOutdated: return "Outdated";
    case State::kSuperseded: return "Superseded";
    case State::kDeleted: return "Deleted";
  }
  return "Unknown";
}

bool MatchesIgnorePattern(const std::vector<std::string>& patterns, const std::string& version, std::string_view state) {
  const std::string st = Lower(state);
  for (const auto& p : patterns) {
    size_t colon = p.find(':');
    if (colon == std::string::npos) continue;
    std::string pv = p.substr(0, colon), ps = Lower(p.substr(colon + 1));
    bool version_ok = pv == "*" || (!version.empty() && [&] {
                        auto a = Version::Parse(pv), b = Version::Parse(version);
                        return a && b && *a == *b;
                      }());
    if (version_ok && (ps == "*" || ps == st)) return true;
  }
  return false;
}

Resolution Resolve(const Discovery& discovery, const std::vector<drivers::HistoryRow>& history,
                   const ResolveOptions& options) {
  Resolution res;
  const auto& files = discovery.migrations;
  auto checksum_of = [&](size_t i) -> int32_t {
    if (i < options.replaced_checksums.size() && options.replaced_checksums[i]) return *options.replaced_checksums[i];
    return files[i].checksum;
  };

  // Index the files.
  std::map<Version, size_t> versioned, undo, baseline;
  std::map<std::string, size_t> repeatable;
  std::optional<Version> max_resolved;
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    switch (f.name.kind) {
      case Kind::kVersioned:
        versioned[f.name.version] = i;
        if (!max_resolved || *max_resolved < f.name.version) max_resolved = f.name.version;
        break;
      case Kind::kUndo: undo[f.name.version] = i; break;
      case Kind::kBaseline: baseline[f.name.version] = i; break;
      case Kind::kRepeatable: repeatable[f.name.description] = i; break;
    }
  }

  // Walk the history in rank order; later rows (UNDO_SQL, DELETE, re-applied repeatables) change
  // the state of earlier ones.
  std::vector<MigrationInfo> applied;
  std::map<Version, size_t> current_versioned;      // version -> index into applied
  std::map<std::string, size_t> current_repeatable;  // description -> index into applied
  std::optional<Version> max_applied;
  std::optional<Version> max_baseline;  // BASELINE rows are never undone
  // After an undo or a delete, the schema is at the highest version still in effect.
  auto recompute_max_applied = [&] {
    max_applied = max_baseline;
    for (auto it = current_versioned.rbegin(); it != current_versioned.rend(); ++it) {
      if (!applied[it->second].applied->success) continue;
      if (!max_applied || *max_applied < it->first) max_applied = it->first;
      break;
    }
  };
  for (const auto& row : history) {
    res.history_empty = res.history_empty && row.type == "SCHEMA";
    MigrationInfo info;
    info.version = row.version.value_or("");
    info.description = row.description;
    info.type = row.type;
    info.script = row.script;
    info.applied_checksum = row.checksum;
    info.checksum = row.checksum;
    info.applied = row;
    info.state = row.success ? State::kSuccess : State::kFailed;
    auto version = row.version ? Version::Parse(*row.version) : Result<Version>(Version());
    if (row.type == "SCHEMA") {
      info.category = "Schema";
      applied.push_back(std::move(info));
      continue;
    }
    if (row.type == "BASELINE") {
      info.category = "Baseline";
      info.state = State::kBaseline;
      if (version) res.baseline_version = *version;
      if (version && (!max_applied || *max_applied < *version)) max_applied = *version;
      if (version && (!max_baseline || *max_baseline < *version)) max_baseline = *version;
      applied.push_back(std::move(info));
      continue;
    }
    if (row.type == "DELETE" || row.type == "UNDO_SQL" || row.type == "UNDO_JDBC") {
      if (row.version && version) {
        auto it = current_versioned.find(*version);
        if (it != current_versioned.end()) {
          applied[it->second].state = row.type == "DELETE" ? State::kDeleted : State::kUndone;
          current_versioned.erase(it);
          recompute_max_applied();
        }
      } else {
        auto it = current_repeatable.find(row.description);
        if (it != current_repeatable.end()) {
          applied[it->second].state = State::kDeleted;
          current_repeatable.erase(it);
        }
      }
      if (row.type == "DELETE") continue;  // a marker, not a migration
      info.category = "Undo";
      applied.push_back(std::move(info));
      continue;
    }
    if (!row.version) {
      info.category = "Repeatable";
      auto it = current_repeatable.find(row.description);
      if (it != current_repeatable.end()) applied[it->second].state = State::kSuperseded;
      current_repeatable[row.description] = applied.size();
      applied.push_back(std::move(info));
      continue;
    }
    info.category = row.type == "SQL_BASELINE" ? "Baseline" : "Versioned";
    if (version) {
      if (row.success && max_applied && *version < *max_applied) info.state = State::kOutOfOrder;
      if (row.type == "SQL_BASELINE") res.baseline_version = *version;
      if (row.success && (!max_applied || *max_applied < *version)) max_applied = *version;
      current_versioned[*version] = applied.size();
    }
    applied.push_back(std::move(info));
  }

  // Attach files to the applied rows that are still in effect.
  for (auto& [version, idx] : current_versioned) {
    MigrationInfo& info = applied[idx];
    auto f = info.type == "SQL_BASELINE" ? baseline.find(version) : versioned.find(version);
    bool resolved = f != (info.type == "SQL_BASELINE" ? baseline.end() : versioned.end());
    if (resolved) {
      info.file = &files[f->second];
      info.checksum = files[f->second].checksum;
    } else {
      bool future = !max_resolved || *max_resolved < version;
      if (info.state == State::kFailed) info.state = future ? State::kFailedFuture : State::kFailedMissing;
      else if (info.type != "SQL_BASELINE") info.state = future ? State::kFuture : State::kMissing;
    }
    info.undoable = undo.count(version) > 0;
  }
  for (auto& [description, idx] : current_repeatable) {
    MigrationInfo& info = applied[idx];
    auto f = repeatable.find(description);
    if (f == repeatable.end()) {
      if (info.state == State::kSuccess) info.state = State::kMissing;
      else if (info.state == State::kFailed) info.state = State::kFailedMissing;
      continue;
    }
    info.file = &files[f->second];
    int32_t replaced = checksum_of(f->second);
    info.checksum = replaced;
    // The raw checksum is accepted too: older tools stored it before replacement.
    bool same = info.applied_checksum &&
                (*info.applied_checksum == replaced || *info.applied_checksum == files[f->second].checksum);
    if (info.state == State::kSuccess && !same) info.state = State::kOutdated;
  }
  res.current_version = max_applied ? max_applied->raw() : "";
  res.infos = std::move(applied);

  // Files not in effect in the history. The target keywords resolve against the history here.
  std::optional<Version> target = options.target;
  bool nothing_above = false;  // "current" on an empty schema: no versioned migration is in reach
  if (options.target_keyword == "current") {
    if (max_applied) target = *max_applied;
    else nothing_above = true;
  } else if (options.target_keyword == "next") {
    for (const auto& [version, idx] : versioned) {
      if (current_versioned.count(version) || (max_applied && !(*max_applied < version))) continue;
      target = version;
      break;
    }
  }
  auto above_target = [&](const Version& v) { return nothing_above || (target && *target < v); };
  std::vector<MigrationInfo> pending;
  if (res.history_empty && !baseline.empty()) {
    for (auto it = baseline.rbegin(); it != baseline.rend(); ++it) {
      if (above_target(it->first)) continue;
      res.baseline_file = &files[it->second];
      break;
    }
  }
  if (res.baseline_file) {
    MigrationInfo info;
    info.category = "Baseline";
    info.version = res.baseline_file->name.version.raw();
    info.description = res.baseline_file->name.description;
    info.type = "SQL_BASELINE";
    info.script = res.baseline_file->script;
    info.checksum = res.baseline_file->checksum;
    info.file = res.baseline_file;
    info.state = State::kPending;
    pending.push_back(std::move(info));
  }
  for (const auto& [version, idx] : versioned) {
    if (current_versioned.count(version)) continue;
    MigrationInfo info;
    info.category = "Versioned";
    info.version = files[idx].name.version.raw();
    info.description = files[idx].name.description;
    info.type = "SQL";
    info.script = files[idx].script;
    info.checksum = files[idx].checksum;
    info.file = &files[idx];
    info.undoable = undo.count(version) > 0;
    const std::optional<Version> floor =
        res.baseline_file ? std::optional<Version>(res.baseline_file->name.version) : res.baseline_version;
    if (!res.baseline_file && res.baseline_version && version == *res.baseline_version) {
      continue;  // the BASELINE row stands for this version, as Flyway shows it
    }
    if (floor && !(*floor < version)) {
      info.state = State::kBelowBaseline;
    } else if (above_target(version)) {
      info.state = State::kAboveTarget;
    } else if (max_applied && version < *max_applied) {
      info.state = options.out_of_order ? State::kPending : State::kIgnored;
    } else {
      info.state = State::kPending;
    }
    pending.push_back(std::move(info));
  }
  for (const auto& [version, idx] : undo) {
    auto cur = current_versioned.find(version);
    if (cur == current_versioned.end() || res.infos[cur->second].state != State::kSuccess) continue;
    MigrationInfo info;
    info.category = "Undo";
    info.version = files[idx].name.version.raw();
    info.description = files[idx].name.description;
    info.type = "UNDO_SQL";
    info.script = files[idx].script;
    info.checksum = files[idx].checksum;
    info.file = &files[idx];
    info.state = State::kAvailable;
    pending.push_back(std::move(info));
  }
  for (const auto& [description, idx] : repeatable) {
    auto cur = current_repeatable.find(description);
    if (cur != current_repeatable.end() && res.infos[cur->second].state != State::kDeleted) continue;
    MigrationInfo info;
    info.category = "Repeatable";
    info.description = description;
    info.type = "SQL";
    info.script = files[idx].script;
    info.checksum = checksum_of(idx);
    info.file = &files[idx];
    info.state = State::kPending;
    pending.push_back(std::move(info));
  }
  const size_t applied_count = res.infos.size();
  for (auto& p : pending) res.infos.push_back(std::move(p));

  // The plan: a baseline file on an empty database, pending versioned migrations by version,
  // then new or outdated repeatables by description.
  std::vector<const MigrationInfo*> versioned_plan, repeatable_plan;
  for (size_t i = 0; i < res.infos.size(); ++i) {
    const MigrationInfo& info = res.infos[i];
    if (i < applied_count) {
      if (info.state == State::kOutdated) repeatable_plan.push_back(&info);
      continue;
    }
    if (info.state != State::kPending) continue;
    (info.category == "Repeatable" ? repeatable_plan : versioned_plan).push_back(&info);
  }
  std::stable_sort(versioned_plan.begin(), versioned_plan.end(), [](auto* a, auto* b) {
    if ((a->type == "SQL_BASELINE") != (b->type == "SQL_BASELINE")) return a->type == "SQL_BASELINE";
    return a->file->name.version < b->file->name.version;
  });
  std::stable_sort(repeatable_plan.begin(), repeatable_plan.end(),
                   [](auto* a, auto* b) { return a->description < b->description; });
  res.plan = std::move(versioned_plan);
  res.plan.insert(res.plan.end(), repeatable_plan.begin(), repeatable_plan.end());
  return res;
}

std::string ValidationError::Text() const {
  std::string out = message;
  for (const auto& d : details) out += "\n" + d;
  if (!hint.empty()) out += "\n" + hint;
  return out;
}

std::vector<ValidationError> Resolution::Validate(bool pending_is_error, const ResolveOptions& options) const {
  std::vector<ValidationError> out;
  auto add = [&](const MigrationInfo& info, std::string code, std::string message, std::string hint = "",
                 std::vector<std::string> details = {}) {
    out.push_back({std::move(code), info.version, info.description, info.file ? info.file->path : info.script,
                   std::move(message), std::move(details), std::move(hint)});
  };
  auto what = [](const MigrationInfo& info) {
    return info.version.empty() ? "repeatable migration " + info.description : "migration version " + info.version;
  };
  for (const auto& info : infos) {
    const std::string state(StateName(info.state));
    if (MatchesIgnorePattern(options.ignore_patterns, info.version, state)) continue;
    switch (info.state) {
      case State::kFailed:
      case State::kFailedMissing:
      case State::kFailedFuture:
        add(info, info.version.empty() ? "FAILED_REPEATABLE_MIGRATION" : "FAILED_VERSIONED_MIGRATION",
            "detected failed " + what(info) + " (" + info.description + ")",
            "remove any half-completed changes, then run `shiftway repair` to remove the failed row");
        continue;
      case State::kMissing:
        add(info, info.version.empty() ? "APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED" : "APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED",
            "detected applied " + what(info) + " not resolved locally (" + info.script + ")",
            "restore the file, or if you removed it on purpose, run `shiftway repair` to mark it as deleted");
        continue;
      case State::kFuture:
        add(info, "APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED",
            "detected applied migration version " + info.version + " newer than every local file (" + info.script + ")");
        continue;
      case State::kIgnored:
        add(info, "RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED",
            "detected resolved migration not applied to database: " + info.version + ", below the current version " +
                current_version,
            "to apply it, run with --out-of-order; to skip it, set ignoreMigrationPatterns='*:ignored'");
        continue;
      case State::kPending:
        if (pending_is_error) {
          add(info, info.version.empty() ? "RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED" : "RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED",
              "detected resolved " + what(info) + " not applied to database",
              "run `shiftway migrate`, or set ignoreMigrationPatterns='*:pending'");
        }
        continue;
      case State::kSuccess:
      case State::kOutOfOrder:
        break;
      default:
        continue;
    }
    if (!info.file || info.version.empty()) continue;  // repeatables re-run instead of failing
    if (info.applied_checksum != info.checksum) {
      add(info, "CHECKSUM_MISMATCH",
          "migration checksum mismatch for " + what(info),
          "either revert the changes to the migration, or run `shiftway repair` to update the schema history",
          {"-> Applied to database : " + ChecksumText(info.applied_checksum),
           "-> Resolved locally    : " + ChecksumText(info.checksum)});
    }
    if (info.applied && info.applied->description != info.file->name.description) {
      add(info, "DESCRIPTION_MISMATCH",
          "migration description mismatch for " + what(info),
          "either rename the file back, or run `shiftway repair` to update the schema history",
          {"-> Applied to database : " + info.applied->description,
           "-> Resolved locally    : " + info.file->name.description});
    }
  }
  return out;
}

}  // namespace shiftway::migration
