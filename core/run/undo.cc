// `undo`: run U<version>__*.sql for the latest applied migration, or down to --target.
#include <filesystem>

#include "core/run/common.h"

namespace shiftway::run {
namespace {

// The undo file for an applied migration: its own file name with U for V (V1__init.sql ->
// U1__init.sql), so the description keeps its underscores.
std::string UndoFileName(const migration::MigrationInfo& m) {
  std::string name = std::filesystem::path(m.file ? m.file->script : m.script).filename().string();
  if (!name.empty() && (name[0] == 'V' || name[0] == 'v')) {
    name[0] = 'U';
    return name;
  }
  return "U" + m.version + "__" + name;
}

}  // namespace

Result<UndoResult> Undo(const config::Settings& settings, const Observer& observer) {
  auto opened = Session::Open(settings, {.read_only = false, .lock = true}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto& d = s.driver();
  UndoResult out;
  out.target = TargetOf(s);
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  auto res = s.Resolve(*history);
  if (!res) return Fail(res.error());
  out.initial_version = res->current_version;
  out.target_version = res->current_version;

  // Flyway's semantics: without a target, undo the most recently applied versioned migration;
  // with one, undo every applied migration above it, newest version first.
  std::vector<const migration::MigrationInfo*> todo;
  auto target = s.ResolveOptionsFor().target;
  for (const auto& m : res->infos) {
    if (!m.applied || m.category != "Versioned" || m.type != "SQL") continue;
    if (m.state != migration::State::kSuccess && m.state != migration::State::kOutOfOrder) continue;
    if (target) {
      auto v = migration::Version::Parse(m.version);
      if (v && *target < *v) todo.push_back(&m);
    } else if (todo.empty() || todo.front()->applied->installed_rank < m.applied->installed_rank) {
      todo.assign(1, &m);
    }
  }
  std::sort(todo.begin(), todo.end(), [](auto* a, auto* b) {
    return *migration::Version::Parse(b->version) < *migration::Version::Parse(a->version);
  });
  if (todo.empty()) return out;

  // Every undo file must exist before the first one runs.
  std::vector<std::pair<const migration::MigrationInfo*, const migration::MigrationFile*>> steps;
  for (const auto* m : todo) {
    const migration::MigrationFile* undo = nullptr;
    for (const auto& f : s.discovery().migrations) {
      if (f.name.kind == migration::Kind::kUndo && f.name.version.raw() == m->version) undo = &f;
      if (f.name.kind == migration::Kind::kUndo && !undo && m->file && f.name.version == m->file->name.version) undo = &f;
    }
    if (!undo) {
      return Fail(Error(ErrorCode::kConfig, "no undo migration for version " + m->version + " (" + m->description + ")")
                      .Note("nothing was undone")
                      .Hint("add " + UndoFileName(*m) + " next to " + (m->file ? m->file->path : m->script) +
                            ", or choose another --target"));
    }
    steps.emplace_back(m, undo);
  }
  std::vector<Prepared> prepared;
  for (auto& [m, f] : steps) {
    auto p = PrepareScript(s, *f);
    if (!p) return Fail(p.error());
    p->info = m;
    prepared.push_back(std::move(*p));
  }
  if (auto r = s.RunCallbacks("beforeUndo", observer); !r) return Fail(r.error());
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto* m = steps[i].first;
    const auto* f = steps[i].second;
    const Prepared& p = prepared[i];
    observer.info("Undoing migration of schema \"" + s.SchemaName() + "\" to version \"" + m->version + " - " +
                  m->description + "\"");
    const auto start = std::chrono::steady_clock::now();
    if (p.mode == Mode::kTransaction) {
      if (auto r = d.Begin(); !r) return Fail(r.error());
    }
    if (auto r = d.RestoreSessionState(); !r) {
      d.Rollback();
      return Fail(r.error());
    }
    for (const auto& st : p.statements) {
      if (auto r = d.Execute(st); !r) {
        d.Rollback();
        Error e = StatementError(r.error(), f->path, st);
        e.Note(p.mode == Mode::kTransaction && d.TransactionalDdl()
                   ? f->path + " was rolled back; the database is still at version " + out.target_version
                   : "earlier statements of " + f->path + " may have been applied");
        e.Hint("fix the undo file and run `shiftway undo` again");
        s.RunCallbacks("afterUndoError", observer);
        return Fail(std::move(e));
      }
    }
    drivers::HistoryRow row;
    row.installed_rank = Session::NextRank(*history);
    row.version = m->version;
    row.description = f->name.description;
    row.type = "UNDO_SQL";
    row.script = f->script;
    row.checksum = f->checksum;
    row.installed_by = s.InstalledBy();
    row.execution_time = ElapsedMs(start);
    if (auto r = d.InsertHistory(row); !r) { d.Rollback(); return Fail(r.error()); }
    if (p.mode == Mode::kTransaction) {
      if (auto r = d.Commit(); !r) return Fail(r.error());
    }
    history->push_back(row);
    out.undone.push_back({"Undo", m->version, f->name.description, "UNDO_SQL", f->path, row.execution_time});
  }
  if (auto r = s.RunCallbacks("afterUndo", observer); !r) return Fail(r.error());
  auto after = s.Resolve(*history);
  if (after) out.target_version = after->current_version;
  out.warnings.push_back(
      "the history table now holds UNDO_SQL rows: open-source Flyway (for example embedded in a Spring Boot app) "
      "refuses to run against it, and DELETE rows need Flyway 9 or later; run `shiftway migrate` to re-apply, "
      "and use shiftway or Flyway Teams on this database from now on");
  return out;
}

}  // namespace shiftway::run
