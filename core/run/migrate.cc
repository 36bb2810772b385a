// `migrate`: apply pending migrations, one transaction each where the database allows it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>
#include <set>
#include <sstream>
#include <utility>

#include "core/run/common.h"
#include "core/sql/transaction_control.h"

namespace shiftway::run {
namespace {

drivers::HistoryRow RowFor(Session& s, const migration::MigrationInfo& info, int rank) {
  drivers::HistoryRow row;
  row.installed_rank = rank;
  if (!info.version.empty()) row.version = info.version;
  row.description = info.description;
  row.type = info.type == "SQL_BASELINE" ? "SQL_BASELINE" : "SQL";
  row.script = info.file->script;
  row.checksum = info.checksum;
  row.installed_by = s.InstalledBy();
  return row;
}

// Rolls an open transaction back on every early return.
struct OpenTransaction {
  drivers::Driver* driver = nullptr;
  ~OpenTransaction() {
    if (driver) (void)driver->Rollback();
  }
  Result<void> Commit() {
    drivers::Driver* d = std::exchange(driver, nullptr);
    return d ? d->Commit() : Result<void>{};
  }
};

// Whether history row `r` records migration `info`.
bool Records(const drivers::HistoryRow& r, const migration::MigrationInfo& info) {
  if (info.version.empty()) return !r.version && r.script == info.file->script && r.checksum == info.checksum;
  return r.version && *r.version == info.version;
}

std::string NameOf(const migration::MigrationInfo& info) {
  return info.version.empty() ? info.description : "V" + info.version;
}

std::string RowLabel(const drivers::HistoryRow& r) {
  return r.version ? "V" + *r.version + " (" + r.script + ")" : r.script;
}

// What EnsureSchemas runs for one schema, as --dry-run prints it.
std::string CreateSchemaSql(sql::Dialect dialect, const std::string& name) {
  const char q = dialect == sql::Dialect::kMysql ? '`' : '"';
  std::string quoted(1, q);
  for (char c : name) {
    quoted += c;
    if (c == q) quoted += c;
  }
  quoted += q;
  return (dialect == sql::Dialect::kMysql ? "CREATE DATABASE IF NOT EXISTS " : "CREATE SCHEMA IF NOT EXISTS ") + quoted + ";";
}

}  // namespace

Error ValidationFailure(const std::vector<const migration::ValidationError*>& problems) {
  if (problems.size() == 1) {
    const auto& p = *problems.front();
    Error e(ErrorCode::kValidation, p.message);
    e.At(SourcePos{p.path, 0, 0});
    for (const auto& d : p.details) e.Note(d);
    e.Note("nothing was applied");
    return std::move(e).Hint(p.hint);
  }
  Error e(ErrorCode::kValidation, "validation failed: " + std::to_string(problems.size()) + " problems");
  for (const auto* p : problems) {
    std::string note = p->path + ": " + p->message;
    for (const auto& d : p->details) note += "\n" + d;
    e.Note(note + "\n" + p->hint);
  }
  return std::move(e).Note("nothing was applied");
}

Result<void> EnsureHistory(Session& s, std::vector<drivers::HistoryRow>& history, bool dry_run,
                           const std::vector<std::string>& created_schemas, bool allow_non_empty,
                           std::vector<std::string>* sql, const Observer& observer) {
  if (s.history_exists()) return {};
  auto& d = s.driver();
  const auto& settings = s.settings();
  auto objects = d.ListObjects(settings.schemas.empty() ? std::vector<std::string>{s.SchemaName()} : settings.schemas);
  if (!objects) return Fail(objects.error());
  const bool non_empty = !objects->empty() && created_schemas.empty();
  if (non_empty && !allow_non_empty && !settings.baseline_on_migrate) {
    return Fail(Error(ErrorCode::kMigration, "found non-empty schema \"" + s.SchemaName() + "\" (" +
                                                 std::to_string(objects->size()) + (objects->size() == 1 ? " object" : " objects") + ", such as " +
                                                 objects->front().kind + " " + objects->front().name +
                                                 ") but no schema history table")
                    .Note("nothing was applied")
                    .Hint("run `shiftway baseline` to mark its current state, or set baselineOnMigrate=true"));
  }
  const std::string table = "\"" + s.SchemaName() + "\".\"" + settings.table + "\"";
  if (dry_run) {
    for (const auto& q : d.CreateHistorySql()) sql->push_back(q + ";");
  } else {
    observer.info("Creating Schema History table " + table + " ...");
    if (auto r = d.CreateHistory(); !r) return r;
  }
  auto append = [&](drivers::HistoryRow row) -> Result<void> {
    row.installed_rank = Session::NextRank(history);
    row.installed_by = s.InstalledBy();
    if (dry_run) sql->push_back(d.InsertHistorySql(row) + ";");
    else if (auto r = d.InsertHistory(row); !r) return r;
    history.push_back(row);
    return {};
  };
  if (!created_schemas.empty()) {
    std::string list;
    // Flyway lists the schemas quoted the database's way: "a" on PostgreSQL, `a` on MySQL.
    const std::string q = d.dialect() == sql::Dialect::kMysql ? "`" : "\"";
    for (const auto& c : created_schemas) list += (list.empty() ? "" : ",") + (q + c + q);
    drivers::HistoryRow row;
    row.description = "<< Flyway Schema Creation >>";
    row.type = "SCHEMA";
    row.script = list;
    if (auto r = append(row); !r) return r;
  }
  if (non_empty && settings.baseline_on_migrate) {
    drivers::HistoryRow row;
    row.version = settings.baseline_version;
    row.description = settings.baseline_description;
    row.type = "BASELINE";
    row.script = settings.baseline_description;
    observer.info("Baselining schema \"" + s.SchemaName() + "\" at version " + settings.baseline_version);
    if (auto r = append(row); !r) return r;
  }
  return {};
}

namespace {

// One attempt of `migrate`. `out` receives what it applied even when it fails; `retryable` says
// that it failed only because a statement waited too long for another session's lock, and that
// its migration was rolled back completely (docs/locking.md, "Lock queues").
Result<MigrateResult> MigrateOnce(const config::Settings& settings, bool dry_run, const Observer& observer,
                                  MigrateResult& out, bool& retryable) {
  auto opened = Session::Open(settings, {.read_only = dry_run, .lock = !dry_run, .per_transaction_lock = true},
                              observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto& d = s.driver();
  out.dry_run = dry_run;
  out.target = TargetOf(s);

  // A lock that lives only inside a transaction (PostgreSQL through a transaction pooler,
  // docs/locking.md): planning and the history table's creation run in one transaction under it,
  // and each migration re-reads the history in its own.
  const bool per_transaction = !dry_run && d.lock_scope() == drivers::LockScope::kTransaction;
  OpenTransaction planning;
  if (per_transaction) {
    if (auto r = d.Begin(); !r) return Fail(r.error());
    planning.driver = &d;
  }

  // In a dry run the (read-only) driver only reports the schemas it would create, and they are
  // printed with the rest: CREATE SCHEMA, then the history table and its SCHEMA row.
  std::vector<std::string> created;
  std::vector<std::string> schema_sql;
  if (settings.create_schemas && !settings.schemas.empty()) {
    auto c = d.EnsureSchemas(settings.schemas);
    if (!c) return Fail(c.error());
    created = *c;
    if (dry_run) {
      for (const auto& name : created) schema_sql.push_back(CreateSchemaSql(d.dialect(), name));
    }
  }
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  // Plan the history table's creation (and any SCHEMA or BASELINE rows) without writing yet: the
  // rows take part in resolution, but nothing is written until every file is prepared.
  const size_t existing_rows = history->size();
  std::vector<std::string> history_sql = std::move(schema_sql);
  if (auto r = EnsureHistory(s, *history, true, created, false, &history_sql, observer); !r) return Fail(r.error());

  auto res = s.Resolve(*history);
  if (!res) return Fail(res.error());
  // A failed migration blocks everything until repair, whatever validateOnMigrate says.
  auto problems = res->Validate(false, s.ResolveOptionsFor());
  std::vector<const migration::ValidationError*> blocking;
  for (const auto& p : problems) {
    if (settings.validate_on_migrate || p.code.starts_with("FAILED_")) blocking.push_back(&p);
  }
  if (!blocking.empty()) {
    // A migration recorded before it started and never finished: say how far it got.
    auto stopped = FindInterruptions(s, res->infos);
    if (!stopped) return Fail(stopped.error());
    if (!stopped->empty()) return Fail(InterruptedError(s, stopped->front(), blocking));
    return Fail(ValidationFailure(blocking));
  }
  out.initial_version = res->current_version;

  // Prepare every planned migration first: placeholders, splitting and transaction modes.
  std::vector<Prepared> plan;
  for (const auto* info : res->plan) {
    auto p = PrepareScript(s, *info->file);
    if (p) p->info = info;
    if (!p) return Fail(p.error());
    if (per_transaction && p->mode != Mode::kTransaction) {
      const bool own = p->mode == Mode::kOwnTransaction;
      return Fail(Error(ErrorCode::kMigration,
                        NameOf(*info) +
                            (own ? " manages its own transaction" : " runs outside a transaction") +
                            ", which the migration lock cannot cover through a transaction pooler")
                      .At(SourcePos{info->file->path, 0, 0})
                      .Note(d.Topology())
                      .Note("outside shiftway's transaction each statement may run on another server connection, "
                            "so no lock holds across them")
                      .Note("nothing was applied")
                      .Hint("run `shiftway migrate` once over a direct connection to PostgreSQL (or a "
                            "session-pooling PgBouncer) to apply it, then deploy through the pooler again"));
    }
    plan.push_back(std::move(*p));
  }
  // Callbacks run between migrations: one the server would refuse must stop the run before it starts.
  for (const auto& cb : s.discovery().callbacks) {
    if (auto r = SplitScript(d.dialect(), cb.text, cb.path); !r) return Fail(r.error());
  }
  if (dry_run) {
    out.dry_run_sql = std::move(history_sql);
  } else if (!s.history_exists()) {
    observer.info("Creating Schema History table \"" + s.SchemaName() + "\".\"" + settings.table + "\" ...");
    if (auto r = d.CreateHistory(); !r) return Fail(r.error());
    for (size_t i = existing_rows; i < history->size(); ++i) {
      if (auto r = d.InsertHistory((*history)[i]); !r) return Fail(r.error());
    }
  }
  if (auto r = planning.Commit(); !r) return Fail(r.error());
  // The rows this run knows of; under a per-transaction lock any other row was written by
  // another process since.
  std::set<int> known_ranks;
  for (const auto& h : *history) known_ranks.insert(h.installed_rank);
  // A dry run prints each callback's statements as RunCallbacks would send them: placeholders
  // replaced, split the same way.
  auto dry_callbacks = [&](const std::string& event) -> Result<void> {
    for (const auto& cb : s.discovery().callbacks) {
      if (cb.event != event) continue;
      out.dry_run_sql.push_back("-- callback " + cb.script);
      auto text = s.ReplacePlaceholders(cb.text, cb.path, std::filesystem::path(cb.script).filename().string());
      if (!text) return Fail(text.error());
      auto statements = SplitScript(d.dialect(), *text, cb.path);
      if (!statements) return Fail(statements.error());
      for (const auto& st : *statements) out.dry_run_sql.push_back(st.text + ";");
    }
    return {};
  };
  auto run_callbacks = [&](const std::string& event) -> Result<void> {
    if (dry_run) return dry_callbacks(event);
    return s.RunCallbacks(event, observer);
  };
  // Flyway's order (DbMigrate.migrate): beforeMigrate on every migrate, pending or not; then the
  // migrations; then afterMigrateApplied only if one was applied; then afterMigrate, again on
  // every migrate. So "reset the test data on every start" callbacks run when nothing is pending.
  bool progress_used = false;  // this run wrote to the progress table (docs/locking.md)
  if (auto r = run_callbacks("beforeMigrate"); !r) return Fail(r.error());
  observer.info("Current version of schema \"" + s.SchemaName() + "\": " +
                (res->current_version.empty() ? "<< Empty Schema >>" : res->current_version));
  // Once every migration succeeded, progress rows are done with, even those of a run killed after
  // its last migration (docs/locking.md, "Interrupted migrations"). Only under a session lock: a
  // process through a transaction pooler must not drop a direct process's table.
  auto drop_progress = [&](bool used) {
    if (per_transaction) return;
    auto exists = used ? Result<bool>(true) : d.ProgressExists();
    if (exists && *exists) {
      if (dry_run) out.dry_run_sql.push_back(d.DropProgressSql() + ";");
      else if (auto r = d.DropProgress(); !r) observer.warn("could not drop the progress table: " + r.error().message);
    }
  };
  if (plan.empty()) {
    drop_progress(false);
    observer.info("Schema \"" + s.SchemaName() + "\" is up to date. No migration necessary.");
    out.target_version = res->current_version;
    if (auto r = run_callbacks("afterMigrate"); !r) return Fail(r.error());
    return out;
  }

  std::string current = res->current_version;
  // An out-of-order migration leaves the schema at the highest version, not at its own.
  auto advance = [&current](const std::string& version) {
    if (version.empty()) return;
    auto v = migration::Version::Parse(version);
    auto c = migration::Version::Parse(current);
    if (current.empty() || !v || !c || *c < *v) current = version;
  };
  std::size_t step_index = 0;
  const Target target = TargetOf(s);
  for (auto& p : plan) {
    const auto& info = *p.info;
    ++step_index;
    drivers::HistoryRow row = RowFor(s, info, Session::NextRank(*history));
    const std::string& path = info.file->path;
    // Recorded in the history before it starts: the comment where it runs, below, says why.
    const bool recorded_first = (p.mode != Mode::kTransaction || !d.TransactionalDdl()) && !p.statements.empty();
    if (dry_run) {
      // The statements the run below sends when every statement succeeds, in its order, its own
      // bookkeeping included (tests/drivers/recording_test.cc compares them with a real run).
      // execution_time is 0 here; the real run writes the time it measured.
      auto& sql = out.dry_run_sql;
      sql.push_back("-- " + path + (p.mode == Mode::kTransaction ? "" : p.mode == Mode::kOwnTransaction ? " (manages its own transaction)" : " (runs outside a transaction)"));
      const int n = static_cast<int>(p.statements.size());
      if (recorded_first) {
        if (!progress_used) sql.push_back(d.EnsureProgressSql() + ";");
        progress_used = true;
        sql.push_back(d.WriteProgressSql({row.installed_rank, row.version, row.script, row.checksum, n, 0,
                                          drivers::Progress::kRunning}) + ";");
      }
      if (p.mode == Mode::kTransaction) sql.push_back(d.BeginSql() + ";");
      if (recorded_first) {
        drivers::HistoryRow started = row;
        started.success = false;
        sql.push_back(d.InsertHistorySql(started) + ";");
      }
      const bool statement_callbacks = s.HasCallbacks("beforeEachMigrateStatement") ||
                                       s.HasCallbacks("afterEachMigrateStatement");
      if (auto r = dry_callbacks("beforeEachMigrate"); !r) return Fail(r.error());
      int done = 0;
      for (const auto& st : p.statements) {
        if (statement_callbacks) {
          if (auto r = dry_callbacks("beforeEachMigrateStatement"); !r) return Fail(r.error());
        }
        sql.push_back(st.text + ";");
        ++done;
        if (recorded_first) sql.push_back(d.SetProgressSql(row.installed_rank, done, drivers::Progress::kRunning) + ";");
        if (statement_callbacks) {
          if (auto r = dry_callbacks("afterEachMigrateStatement"); !r) return Fail(r.error());
        }
      }
      if (auto r = dry_callbacks("afterEachMigrate"); !r) return Fail(r.error());
      sql.push_back((recorded_first ? d.UpdateHistorySql(row) : d.InsertHistorySql(row)) + ";");
      if (p.mode == Mode::kTransaction) sql.push_back(d.CommitSql() + ";");
      history->push_back(row);
      out.migrations.push_back({info.category, info.version, info.description, row.type, path, 0});
      advance(info.version);
      continue;
    }
    // The "Migrating schema ..." line starts here and ends with the migration's own time.
    MigrationStep step{info.category, info.version, info.description, row.type, path, Label(info),
                       res->current_version, step_index, plan.size(), 0, "", s.SchemaName(), target.name, target.type,
                       target.database};
    if (observer.migrating) observer.migrating(step);
    if (p.mode == Mode::kOwnTransaction) {
      observer.info("  " + path + " manages its own transaction; shiftway does not wrap it and records it afterwards");
    } else if (p.mode == Mode::kNoTransaction) {
      observer.info("  " + path + " runs outside a transaction, one statement at a time");
    }
    const auto start = std::chrono::steady_clock::now();
    // A migration whose effects cannot be rolled back (outside shiftway's transaction, or any DDL
    // on MySQL, which commits at once) is recorded before it starts, as failed (Flyway reads
    // success = false as a failed migration too), and marked succeeded at the end. Each completed
    // statement is counted in the progress table. A kill at any point then leaves a row that stops
    // the next migrate with how far it got, instead of "already exists" on a re-run. On MySQL the
    // row is written inside the migration's transaction: the first DDL commits it, and a migration
    // without DDL is rolled back with it.
    // `done` statements ran before the failure; `failed` is the statement that failed, if any.
    auto fail = [&](Error e, size_t done, const sql::Statement* failed) -> tl::unexpected<Error> {
      d.Rollback();
      if (const std::string lost = d.LockLost(); !lost.empty()) {
        // Another process holds the lock now and may be applying this very migration: the history
        // is its to write, so this run leaves it alone and claims nothing about the database.
        e.Note(lost + ", so this run left the history as it was; the other process may have applied " + NameOf(info));
        s.RunCallbacks("afterMigrateError", observer);
        return tl::unexpected<Error>(std::move(e));
      }
      const bool undone = p.mode == Mode::kTransaction && d.TransactionalDdl();
      // The progress row rides with the statements, so after the rollback it counts the ones that
      // stayed: on MySQL, those up to the last DDL's implicit commit.
      const size_t ran = done;
      if (recorded_first) {
        auto progress = d.ReadProgress();
        if (progress) {
          done = 0;
          for (const auto& q : *progress) {
            if (q.installed_rank == row.installed_rank) done = static_cast<size_t>(q.done);
          }
        }
      }
      const std::string at = current.empty() ? "is still empty" : "is still at version " + current;
      const std::string name = NameOf(info);
      if (failed) {
        const size_t index = done + 1;  // statements run in order, so the failed one follows those done
        std::string first = failed->text.substr(0, failed->text.find('\n'));
        if (first.size() > 60) first = first.substr(0, 57) + "...";
        e.Note("statement " + std::to_string(index) + " of " + std::to_string(p.statements.size()) + " (line " +
               std::to_string(failed->line) + ": " + first + ") failed");
      }
      // Outside a transaction a failed statement may itself leave something (an INVALID index).
      std::vector<std::string> left;
      if (failed && !undone) left = d.LeftBehind(*failed);
      // The statement waited too long for a lock another session holds: the file may well be fine.
      const bool lock_wait = failed && (e.sqlstate == "55P03" || e.sqlstate == "SQLITE_BUSY" ||
                                        e.db_message.find("Lock wait timeout exceeded") != std::string::npos);
      if (lock_wait) {
        e.Note("the statement waited for a lock that another session holds" +
               (settings.migrate.lock_timeout_ms > 0 && e.sqlstate != "SQLITE_BUSY"
                    ? " longer than [migrate] lock_timeout (" + std::to_string(settings.migrate.lock_timeout_ms) + " ms)"
                    : std::string()));
      }
      // MySQL: the statements ran in a transaction that no DDL had committed yet.
      const bool rolled_back = undone || (recorded_first && p.mode == Mode::kTransaction && ran > 0 && done == 0);
      if (rolled_back || (done == 0 && left.empty())) {
        // Its "started" row goes too: the failed statement was the first and left nothing.
        if (recorded_first) {
          (void)d.DeleteHistory(row.installed_rank);
          // No failed row is left (the run started with none), so no progress row is needed.
          (void)d.DropProgress();
        }
        e.Note(name + (rolled_back ? " was rolled back" : " changed nothing") + "; the database " + at);
        retryable = lock_wait;
        e.Hint(lock_wait ? "wait for the session holding the lock to finish, or end it, or raise [migrate] "
                           "lock_timeout (or lock_retries); then run `shiftway migrate` again"
                         : failed ? "fix the file and run `shiftway migrate` again"
                                  // No statement failed (a lost lock, a failed history write): the
                                  // file is not known to be at fault.
                                  : "resolve the cause above, then run `shiftway migrate` again");
      } else {
        // Something stayed: record the failure so the next migrate stops until repair.
        drivers::HistoryRow failed_row = row;
        failed_row.success = false;
        failed_row.execution_time = ElapsedMs(start);
        // The "started" row may have gone with a rollback: write it again.
        if (recorded_first) (void)d.DeleteHistory(failed_row.installed_rank);
        auto recorded = d.InsertHistory(failed_row);
        if (recorded_first) {
          drivers::Progress q{row.installed_rank, row.version, row.script, row.checksum,
                              static_cast<int>(p.statements.size()), static_cast<int>(done),
                              done < ran ? drivers::Progress::kRolledBack
                              : failed   ? drivers::Progress::kStatementFailed
                                         : drivers::Progress::kStoppedBetween};
          if (recorded) recorded = d.WriteProgress(q);
        }
        if (done > 0) {
          const auto& last = p.statements[done - 1];
          e.Note("statements 1 to " + std::to_string(done) + " of " + path + " (lines " +
                 std::to_string(p.statements.front().line) + " to " + std::to_string(last.line) +
                 (recorded_first ? ") completed before it and stayed applied"
                                 : ") ran before it and may have stayed applied") +
                 (p.mode == Mode::kTransaction ? ": this database commits DDL immediately"
                                               : ": the migration ran outside a transaction"));
        }
        if (done < ran) {
          e.Note("statements " + std::to_string(done + 1) + " to " + std::to_string(ran) +
                 " had not been committed yet and were rolled back");
        }
        for (const auto& l : left) e.Note("the failed statement left " + l);
        e.Note(recorded ? "the failure is recorded in " + settings.table + "; migrate refuses to continue until repair"
                        : "the failure could not be recorded in " + settings.table + ": " + recorded.error().message);
        e.Hint("undo or finish those changes by hand, fix the file, then run `shiftway repair` and `shiftway migrate`");
      }
      s.RunCallbacks("afterMigrateError", observer);
      return tl::unexpected<Error>(std::move(e));
    };
    if (recorded_first) {
      // Outside the migration's transaction, so that a rollback leaves the count at 0.
      if (!progress_used) {
        if (auto r = d.EnsureProgress(); !r) return Fail(r.error());
        progress_used = true;
      }
      drivers::Progress q{row.installed_rank, row.version, row.script, row.checksum,
                          static_cast<int>(p.statements.size()), 0, drivers::Progress::kRunning};
      if (auto r = d.WriteProgress(q); !r) return Fail(r.error());
    }
    if (p.mode == Mode::kTransaction) {
      if (auto r = d.Begin(); !r) {
        // SQLite's BEGIN IMMEDIATE waits for the write lock: timing out there, nothing ran.
        if (r.error().sqlstate == "SQLITE_BUSY") {
          Error e = std::move(r.error());
          e.At(SourcePos{path, 0, 0});
          e.Note("the transaction of " + NameOf(info) + " waited for a lock that another process holds");
          e.Note(NameOf(info) + " was not started; the database " +
                 (current.empty() ? "is still empty" : "is still at version " + current));
          e.Hint("wait for the process holding the lock to finish, or end it; then run `shiftway migrate` again "
                 "(or set [migrate] lock_retries)");
          retryable = true;
          return Fail(std::move(e));
        }
        return Fail(r.error());
      }
    }
    if (per_transaction) {
      // The lock was free between transactions: re-read what other processes did meanwhile.
      auto fresh = d.ReadHistory();
      if (!fresh) {
        d.Rollback();
        return Fail(fresh.error());
      }
      bool applied_elsewhere = false;
      for (const auto& h : *fresh) {
        if (known_ranks.count(h.installed_rank)) continue;
        const std::string at = current.empty() ? "is empty" : "is at version " + current;
        if (!h.success) {
          d.Rollback();
          return Fail(Error(ErrorCode::kMigration, "another process's migration failed meanwhile: " + RowLabel(h))
                          .Note(NameOf(info) + " and later migrations were not applied by this run; the database " + at)
                          .Hint("read the other process's log, then run `shiftway repair` and `shiftway migrate`"));
        }
        if (Records(h, info)) {
          applied_elsewhere = true;
          continue;
        }
        bool planned = false;
        for (const auto& q : plan) planned = planned || Records(h, *q.info);
        if (!planned) {
          d.Rollback();
          return Fail(Error(ErrorCode::kMigration, "the history changed while migrating: another process applied " +
                                                       RowLabel(h) + ", which this run did not plan")
                          .Note(NameOf(info) + " and later migrations were not applied by this run; the database " + at)
                          .Hint("run `shiftway migrate` again, so that it plans from the new history"));
        }
      }
      *history = std::move(*fresh);
      if (applied_elsewhere) {
        d.Rollback();
        observer.info("  " + path + " was applied by another process meanwhile; skipping it");
        advance(info.version);
        continue;
      }
      row.installed_rank = Session::NextRank(*history);
    }
    if (recorded_first) {
      drivers::HistoryRow started = row;
      started.success = false;
      if (auto r = d.InsertHistory(started); !r) return Fail(r.error());
    }
    // As Flyway, before each migration: the session state the previous one left is reset.
    if (auto r = d.RestoreSessionState(); !r) return fail(r.error(), 0, nullptr);
    if (auto r = s.RunCallbacks("beforeEachMigrate", observer); !r) return fail(r.error(), 0, nullptr);
    size_t done = 0;
    const bool statement_callbacks = s.HasCallbacks("beforeEachMigrateStatement") ||
                                     s.HasCallbacks("afterEachMigrateStatement") ||
                                     s.HasCallbacks("afterEachMigrateStatementError");
    for (const auto& st : p.statements) {
      if (statement_callbacks) {
        if (auto r = s.RunCallbacks("beforeEachMigrateStatement", observer); !r) return fail(r.error(), done, nullptr);
      }
      auto r = d.Execute(st);
      if (!r) {
        if (statement_callbacks) s.RunCallbacks("afterEachMigrateStatementError", observer);
        s.RunCallbacks("afterEachMigrateError", observer);
        return fail(StatementError(r.error(), path, st), done, &st);
      }
      ++done;
      if (recorded_first) {
        if (auto r2 = d.SetProgress(row.installed_rank, static_cast<int>(done), drivers::Progress::kRunning); !r2) {
          return fail(r2.error(), done, nullptr);
        }
      }
      if (statement_callbacks) {
        if (auto r2 = s.RunCallbacks("afterEachMigrateStatement", observer); !r2) return fail(r2.error(), done, nullptr);
      }
    }
    if (auto r = s.RunCallbacks("afterEachMigrate", observer); !r) return fail(r.error(), done, nullptr);
    // Flyway writes the history on a connection of its own: the row is written as the role the
    // run started with (a SET ROLE in the migration does not write it), as the next one runs.
    if (auto r = d.RestoreSessionState(); !r) return fail(r.error(), done, nullptr);
    row.execution_time = ElapsedMs(start);
    if (auto r = recorded_first ? d.UpdateHistory(row) : d.InsertHistory(row); !r) return fail(r.error(), done, nullptr);
    if (p.mode == Mode::kTransaction) {
      if (auto r = d.Commit(); !r) {
        if (!d.CommitOutcomeUnknown()) return fail(r.error(), 0, nullptr);
        // Neither "rolled back" nor "fix the file" is known to be true: the history row was in
        // the same transaction, so the next run's history tells which way it went.
        const std::string name = NameOf(info);
        Error e = std::move(r.error());
        e.At(SourcePos{path, 0, 0});
        e.notes.clear();
        e.Note("the connection went while COMMIT of " + name + " was in flight: " + name +
               " may have committed, or may have been rolled back");
        if (recorded_first) {
          // MySQL: the row was written before the first statement, and DDL committed it.
          e.Note("it was recorded in " + settings.table + " before its first statement, and counted statement by "
                 "statement: `shiftway info` shows " + name + " as Success if it committed, as Pending if it was "
                 "rolled back whole, and as Failed if its DDL had committed, in which case the next `shiftway "
                 "migrate` says how far it got");
          e.Note("the migration lock went with the connection");
          e.Hint("check the connection, then run `shiftway migrate` again: it goes on if " + name +
                 " committed, and otherwise names what applied and how to repair it");
        } else {
          e.Note("its history row was written in the same transaction, so `shiftway info` shows " + name +
                 " as Success if it committed and as Pending if it did not");
          e.Note("the migration lock went with the connection");
          e.Hint("check the connection, run `shiftway info`, then `shiftway migrate` again; nothing needs repair "
                 "either way");
        }
        return Fail(std::move(e));
      }
    }
    history->push_back(row);
    known_ranks.insert(row.installed_rank);
    advance(info.version);
    out.migrations.push_back({info.category, info.version, info.description, row.type, path, row.execution_time});
    step.execution_time = row.execution_time;
    step.time = StepTime(std::chrono::steady_clock::now() - start);
    if (observer.applied) {
      observer.applied(step);
    } else {
      observer.info("Migrating schema \"" + s.SchemaName() + "\" " + (info.version.empty() ? "with " : "to ") +
                    Label(info) + " (" + step.time + ")");
    }
  }
  drop_progress(progress_used);
  if (auto r = run_callbacks("afterMigrateApplied"); !r) return Fail(r.error());
  if (auto r = run_callbacks("afterMigrate"); !r) return Fail(r.error());
  out.target_version = current;
  return out;
}

}  // namespace

Result<MigrateResult> Migrate(const config::Settings& settings, bool dry_run, const Observer& observer) {
  MigrateResult total;
  std::mt19937 random(std::random_device{}());
  const int retries = dry_run ? 0 : settings.migrate.lock_retries;
  for (int attempt = 0;; ++attempt) {
    MigrateResult out;
    bool retryable = false;
    auto r = MigrateOnce(settings, dry_run, observer, out, retryable);
    // Migrations an earlier attempt applied belong to this run's result too.
    if (attempt == 0) total.initial_version = out.initial_version;
    total.migrations.insert(total.migrations.end(), out.migrations.begin(), out.migrations.end());
    if (r) {
      r->initial_version = total.initial_version;
      r->migrations = std::move(total.migrations);
      return r;
    }
    if (!retryable || attempt >= retries) {
      if (retryable && retries > 0) {
        r.error().Note("gave up after " + std::to_string(retries) + (retries == 1 ? " retry" : " retries") +
                       " ([migrate] lock_retries)");
      }
      // After retries the earlier attempts' output is far above: say what this run applied.
      for (const auto& m : attempt > 0 ? total.migrations : std::vector<Executed>{}) {
        r.error().Note((m.version.empty() ? m.description : "V" + m.version) + " was applied by this run and stays applied");
      }
      return r;
    }
    // Jittered exponential backoff: base x 2^attempt, times 0.5 to 1.5, at most ten minutes.
    const double base = settings.migrate.lock_retry_backoff_ms * std::pow(2.0, attempt);
    const double wait_ms = std::min(600000.0, base * std::uniform_real_distribution<double>(0.5, 1.5)(random));
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", wait_ms / 1000);
    std::string why = r.error().message;
    for (const auto& n : r.error().notes) {
      if (n.starts_with("the statement waited") || n.starts_with("the lock ") || n.starts_with("the session holding") ||
          n.starts_with("the process holding"))
        why += "; " + n;
    }
    observer.warn("retry " + std::to_string(attempt + 1) + " of " + std::to_string(retries) + " in " + seconds +
                  " s: " + why);
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(wait_ms)));
  }
}

}  // namespace shiftway::run
