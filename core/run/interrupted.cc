// Migrations that were recorded in the history before they started and never finished
// (docs/locking.md, "Interrupted migrations"): what the next run says about them.
#include <algorithm>

#include "core/run/common.h"

namespace shiftway::run {
namespace {

std::string NameOf(const migration::MigrationInfo& info) {
  return info.version.empty() ? info.description : "V" + info.version;
}

std::string FirstLine(const sql::Statement& st) {
  std::string first = st.text.substr(0, st.text.find('\n'));
  if (first.size() > 60) first = first.substr(0, 57) + "...";
  return first;
}

std::string Numbered(const sql::Statement& st) { return "line " + std::to_string(st.line) + ": " + FirstLine(st); }

// "statements 1 to 3" / "statement 1".
std::string Range(int from, int to) {
  if (from == to) return "statement " + std::to_string(from);
  return "statements " + std::to_string(from) + " to " + std::to_string(to);
}

// The SQL that marks the row succeeded, for a migration whose every statement completed.
std::string MarkSucceededSql(Session& s, int rank) {
  const auto dialect = s.driver().dialect();
  const char q = dialect == sql::Dialect::kMysql ? '`' : '"';
  auto quote = [q](const std::string& name) {
    std::string out(1, q);
    for (char c : name) {
      out += c;
      if (c == q) out += c;
    }
    return out + q;
  };
  return "UPDATE " + quote(s.SchemaName()) + "." + quote(s.settings().table) + " SET " + quote("success") + " = " +
         (dialect == sql::Dialect::kPostgres ? "true" : "1") + " WHERE " + quote("installed_rank") + " = " +
         std::to_string(rank);
}

}  // namespace

Result<std::vector<Interruption>> FindInterruptions(Session& s, const std::vector<migration::MigrationInfo>& infos) {
  std::vector<Interruption> out;
  const bool any_failed = std::any_of(infos.begin(), infos.end(), [](const auto& m) { return m.applied && !m.applied->success; });
  if (!any_failed) return out;
  auto progress = s.driver().ReadProgress();
  if (!progress) return Fail(progress.error());
  for (const auto& m : infos) {
    if (!m.applied || m.applied->success) continue;
    for (const auto& p : *progress) {
      // A row left by an earlier migration at a reused rank describes something else.
      if (p.installed_rank == m.applied->installed_rank && p.version == m.applied->version &&
          p.script == m.applied->script && p.checksum == m.applied->checksum) {
        out.push_back({&m, p});
      }
    }
  }
  return out;
}

std::string InterruptionState(const Interruption& i) {
  const auto& p = i.progress;
  const std::string of = " of " + std::to_string(p.statements);
  switch (p.stop) {
    case drivers::Progress::kStatementFailed:
      return "statement " + std::to_string(p.done + 1) + of + " failed";
    case drivers::Progress::kStoppedBetween:
      return "stopped with an error after statement " + std::to_string(p.done) + of;
    case drivers::Progress::kRolledBack:
      return "failed; statements 1 to " + std::to_string(p.done) + of + " stayed applied";
    default:
      if (p.done >= p.statements) return "all " + std::to_string(p.statements) + " statements completed, not marked succeeded";
      return "interrupted after statement " + std::to_string(p.done) + of;
  }
}

Error InterruptedError(Session& s, const Interruption& i, const std::vector<const migration::ValidationError*>& others) {
  const auto& info = *i.info;
  const auto& p = i.progress;
  const std::string name = NameOf(info);
  const int k = p.done, n = p.statements;
  const int rank = info.applied->installed_rank;
  // The statements as they ran: only when the file is still the one that ran.
  sql::StatementList statements;
  std::string path = info.file ? info.file->path : info.script;
  bool same_file = false;
  if (info.file && info.checksum == info.applied->checksum) {
    auto prepared = PrepareScript(s, *info.file);
    if (prepared && static_cast<int>(prepared->statements.size()) == n) {
      statements = std::move(prepared->statements);
      same_file = true;
    }
  }
  const bool all_done = p.stop == drivers::Progress::kRunning && k >= n;
  std::string message;
  if (p.stop == drivers::Progress::kStatementFailed) {
    message = name + " failed at statement " + std::to_string(k + 1) + " of " + std::to_string(n) +
              ", after " + (k == 0 ? "none" : Range(1, k)) + " had completed";
  } else if (p.stop == drivers::Progress::kStoppedBetween) {
    message = name + " stopped with an error after statement " + std::to_string(k) + " of " + std::to_string(n);
  } else if (p.stop == drivers::Progress::kRolledBack) {
    message = name + " failed after " + (k == 0 ? "no statement" : Range(1, k)) + " of " + std::to_string(n) +
              " had been committed";
  } else if (all_done) {
    message = name + " ran all " + std::to_string(n) + " of its statements, but the run stopped before it marked " +
              name + " succeeded";
  } else {
    message = name + " was interrupted after statement " + std::to_string(k) + " of " + std::to_string(n);
  }
  Error e(ErrorCode::kValidation, message);
  if (same_file && k < n) e.At(SourcePos{path, statements[k].line, statements[k].column});
  else e.At(SourcePos{path, 0, 0});
  e.Note("it is recorded in " + s.settings().table + " as failed (installed_rank " + std::to_string(rank) +
         "), the row written before its first statement ran; Flyway reads it as failed too");
  if (!same_file) {
    e.Note(info.file ? "the file changed since it ran, so the statements below are counted in the version that ran"
                     : "its file is no longer in the locations, so its statements cannot be shown");
  }
  if (k > 0) {
    std::string done = Range(1, k) + " completed and stayed applied";
    if (same_file) {
      done += ":";
      const int shown = std::min(k, 10);
      for (int j = 0; j < shown; ++j) done += "\n" + std::to_string(j + 1) + ". " + Numbered(statements[j]);
      if (k > shown) done += "\n... and " + std::to_string(k - shown) + " more";
    }
    e.Note(done);
  } else if (!all_done) {
    e.Note("no statement had completed");
  }
  std::vector<std::string> left;
  if (k < n) {
    const std::string next = "statement " + std::to_string(k + 1) + (same_file ? " (" + Numbered(statements[k]) + ")" : "");
    if (p.stop == drivers::Progress::kRolledBack) {
      e.Note(Range(k + 1, n) + " did not stay applied: a later statement failed, and the ones not yet committed "
             "were rolled back; the run that ran it printed why");
    } else if (p.stop == drivers::Progress::kStatementFailed) {
      e.Note(next + " failed; the run that ran it printed why");
    } else if (p.stop == drivers::Progress::kStoppedBetween) {
      e.Note(next + " never started");
    } else {
      e.Note(next + " was running, or had completed but was not yet recorded, when the run stopped: it may have "
                    "applied, in part or in full");
    }
    const bool ran_next = p.stop == drivers::Progress::kRunning || p.stop == drivers::Progress::kStatementFailed;
    if (same_file && ran_next) left = s.driver().LeftBehind(statements[k]);
    for (const auto& l : left) e.Note("it left " + l);
    if (k + 2 <= n && p.stop != drivers::Progress::kRolledBack) e.Note(Range(k + 2, n) + " never ran");
  }
  for (const auto* o : others) {
    if (o->version == info.version && o->code.starts_with("FAILED_")) continue;
    e.Note(o->path + ": " + o->message);
  }
  e.Note("nothing was applied by this run");
  if (all_done) {
    return std::move(e).Hint("check that the database has what " + name + " does, then mark it succeeded with `" +
                             MarkSucceededSql(s, rank) +
                             "` and run `shiftway migrate`; do not run `shiftway repair`, which would make the next "
                             "migrate run all of " + name + " again");
  }
  std::string undo;
  if (p.stop == drivers::Progress::kRunning) {
    undo = "undo what " + Range(1, k + 1) + " did (check in the database whether statement " + std::to_string(k + 1) +
           " took effect" + (left.empty() ? "" : ", and drop what it left") + ")";
  } else if (k > 0) {
    undo = "undo what " + Range(1, k) + " did" + (left.empty() ? "" : ", and drop what statement " + std::to_string(k + 1) + " left");
  } else {
    undo = left.empty() ? "nothing needs undoing" : "drop what statement 1 left";
  }
  std::string fix = p.stop == drivers::Progress::kStatementFailed ? ", fix statement " + std::to_string(k + 1) + " if it was at fault" : "";
  return std::move(e).Hint(undo + fix + ", then run `shiftway repair` and `shiftway migrate`, which runs " + name +
                           " again from its first statement");
}

}  // namespace shiftway::run
