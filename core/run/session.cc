// Opening a session: discovery first, then the connection, the lock and the history.
#include "core/run/session.h"

#include <ctime>
#include <future>
#include <filesystem>

#include "core/migration/checksum.h"
#include "core/sql/transaction_control.h"

namespace shiftway::run {

Result<std::unique_ptr<Session>> Session::Open(const config::Settings& settings, Options options,
                                               const Observer& observer) {
  std::unique_ptr<Session> s(new Session());
  s->settings_ = settings;
  migration::DiscoveryOptions d = config::DiscoveryOptionsOf(settings);
  auto spec = drivers::ParseUrl(settings.url);
  if (!spec) return Fail(spec.error());
  s->spec_ = std::move(*spec);
  if (!settings.user.empty()) s->spec_.user = settings.user;
  if (!settings.password.empty()) s->spec_.password = settings.password;

  drivers::DriverOptions o;
  o.table = settings.table;
  o.schemas = settings.schemas;
  o.connect_timeout_s = settings.connect_timeout;
  o.connect_retries = settings.connect_retries;
  o.connect_retries_interval_s = settings.connect_retries_interval;
  o.lock_retry_count = settings.lock_retry_count;
  o.lock_timeout_ms = settings.migrate.lock_timeout_ms;
  o.lock_lease_ms = settings.migrate.lock_lease_ms;
  o.read_only = options.read_only;
  o.on_retry = observer.warn;

  // A read-only command changes nothing, so it connects and reads the history while the files
  // are read: on SQLite, loading a large schema costs as much as reading thousands of files.
  // Anything that writes connects only after discovery succeeded, so a bad file name never
  // reaches the database (nor creates a SQLite file).
  struct Connected {
    Result<std::unique_ptr<drivers::Driver>> driver = Fail(ErrorCode::kInternal, "not connected");
    Result<std::vector<drivers::HistoryRow>> history = std::vector<drivers::HistoryRow>{};
    bool exists = false;
  };
  auto connect = [&s, &o, prefetch = options.read_only && !options.lock]() {
    Connected c;
    c.driver = drivers::OpenDriver(s->spec_, o);
    if (!c.driver || !prefetch) return c;
    auto exists = (*c.driver)->HistoryExists();
    if (!exists) {
      c.history = Fail(exists.error());
    } else if ((c.exists = *exists)) {
      c.history = (*c.driver)->ReadHistory();
    }
    return c;
  };
  std::future<Connected> early;
  if (options.read_only) early = std::async(std::launch::async, connect);
  auto discovery = migration::Discover(d);
  Connected connected = early.valid() ? early.get() : Connected{};
  if (!discovery) return Fail(discovery.error());
  s->discovery_ = std::move(*discovery);
  for (const auto& w : s->discovery_.warnings) observer.warn(w);
  if (!options.read_only) connected = connect();
  if (!connected.driver) return Fail(connected.driver.error());
  s->driver_ = std::move(*connected.driver);
  if (options.read_only && !options.lock) {
    if (!connected.history) return Fail(connected.history.error());
    s->prefetched_ = std::move(*connected.history);
    s->history_exists_ = connected.exists;
    s->has_prefetched_ = true;
  }
  observer.connected(s->DatabaseDescription(), settings.embedded_default);
  if (const std::string topology = s->driver_->Topology(); !topology.empty()) observer.info("note: " + topology);

  if (options.lock && s->driver_->lock_scope() == drivers::LockScope::kTransaction && !options.per_transaction_lock) {
    return Fail(Error(ErrorCode::kDatabase, "cannot hold the migration lock for this command through a transaction "
                                            "pooler: the lock only lives inside one transaction")
                    .Note(s->driver_->Topology())
                    .Note("nothing was changed")
                    .Hint("connect to the database directly (or through a session-pooling PgBouncer) for this "
                          "command; `migrate` works through the pooler"));
  }
  if (options.lock) {
    auto locked = s->driver_->Lock([&](const drivers::LockWait& w) {
      observer.warn("waiting for the migration lock held by " + w.holder + " (attempt " + std::to_string(w.attempt) +
                    " of " + std::to_string(w.max_attempts) + ")" +
                    (w.free_command.empty() ? "" : "; to free it: " + w.free_command));
    });
    if (!locked) return Fail(locked.error());
    s->locked_ = true;
    if (const std::string note = s->driver_->LockNote(); !note.empty()) observer.warn(note);
  }

  // Built-in placeholders; a user value for one of them wins (that pins ${flyway:timestamp}).
  s->placeholders_ = settings.placeholders;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  s->placeholders_.AddBuiltin("defaultSchema", s->SchemaName());
  s->placeholders_.AddBuiltin("user", settings.user.empty() ? s->driver_->CurrentUser() : settings.user);
  s->placeholders_.AddBuiltin("database", s->driver_->DatabaseName());
  s->placeholders_.AddBuiltin("timestamp", stamp);
  s->placeholders_.AddBuiltin("table", settings.table);
  return s;
}

Session::~Session() {
  if (locked_ && driver_) driver_->Unlock();
}

std::string Session::SchemaName() const {
  if (!settings_.schemas.empty()) return settings_.schemas.front();
  return driver_ ? driver_->DefaultSchema() : "";
}

std::string Session::DatabaseDescription() const {
  if (spec_.dialect == sql::Dialect::kSqlite) return driver_->ServerVersion() + " (file " + spec_.path + ")";
  return driver_->ServerVersion() + " at " + spec_.Where() + (spec_.database.empty() ? "" : "/" + spec_.database);
}

Result<std::vector<drivers::HistoryRow>> Session::ReadHistory() {
  if (has_prefetched_) {
    has_prefetched_ = false;
    return std::move(prefetched_);
  }
  auto exists = driver_->HistoryExists();
  if (!exists) return Fail(exists.error());
  history_exists_ = *exists;
  if (!*exists) return std::vector<drivers::HistoryRow>{};
  return driver_->ReadHistory();
}

migration::ResolveOptions Session::ResolveOptionsFor() const {
  migration::ResolveOptions r;
  // Flyway's forms: latest (everything), current, next, and "N?" (N, without failing when no
  // file has version N: shiftway never fails on a missing target version, as Flyway 10's default).
  const std::string target = settings_.target.ends_with('?') ? settings_.target.substr(0, settings_.target.size() - 1)
                                                             : settings_.target;
  if (target == "current" || target == "next") {
    r.target_keyword = target;
  } else if (!target.empty() && target != "latest") {
    auto v = migration::Version::Parse(target);
    if (v) r.target = *v;
  }
  r.out_of_order = settings_.out_of_order;
  r.ignore_patterns = settings_.ignore_migration_patterns;
  return r;
}

Result<migration::Resolution> Session::Resolve(const std::vector<drivers::HistoryRow>& history) {
  migration::ResolveOptions r = ResolveOptionsFor();
  if (!settings_.target.empty() && settings_.target != "latest" && !r.target && r.target_keyword.empty()) {
    std::string t = settings_.target.ends_with('?') ? settings_.target.substr(0, settings_.target.size() - 1) : settings_.target;
    auto v = migration::Version::Parse(t);
    return Fail(Error(ErrorCode::kConfig, "invalid target: " + (v ? std::string("'") + settings_.target + "'" : v.error().message))
                    .Hint("give a version such as 3 or 1.2, `3?`, `current`, `next` or `latest`"));
  }
  const auto& files = discovery_.migrations;
  r.replaced_checksums.resize(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].name.kind != migration::Kind::kRepeatable) continue;
    auto text = ReplacePlaceholders(files[i].text, files[i].path,
                                    std::filesystem::path(files[i].script).filename().string());
    if (!text) return Fail(text.error());
    r.replaced_checksums[i] = migration::FlywayChecksum(*text);
  }
  return migration::Resolve(discovery_, history, r);
}

Result<std::string> Session::ReplacePlaceholders(const std::string& text, const std::string& path,
                                                 const std::string& file_name) const {
  if (!HasPlaceholders(text)) return text;
  migration::Placeholders p = placeholders_;
  p.values["flyway:filename"] = file_name;
  p.values["shiftway:filename"] = file_name;
  return migration::ReplacePlaceholders(text, p, path);
}

bool Session::HasPlaceholders(const std::string& text) const {
  return placeholders_.enabled && text.find(placeholders_.prefix) != std::string::npos;
}

std::string Session::InstalledBy() const {
  if (!settings_.installed_by.empty()) return settings_.installed_by;
  return driver_->CurrentUser();
}

int Session::NextRank(const std::vector<drivers::HistoryRow>& history) {
  int rank = 0;
  for (const auto& row : history) rank = std::max(rank, row.installed_rank);
  return rank + 1;
}

bool Session::HasCallbacks(const std::string& event) const {
  for (const auto& cb : discovery_.callbacks) {
    if (cb.event == event) return true;
  }
  return false;
}

Result<void> Session::RunCallbacks(const std::string& event, const Observer& observer) {
  for (const auto& cb : discovery_.callbacks) {
    if (cb.event != event) continue;
    observer.info("Executing SQL callback: " + event + " - " + cb.script);
    // As Flyway's callback executor: each callback starts from the session's original state.
    if (auto r = driver_->RestoreSessionState(); !r) return Fail(r.error());
    auto text = ReplacePlaceholders(cb.text, cb.path, std::filesystem::path(cb.script).filename().string());
    if (!text) return Fail(text.error());
    auto statements = SplitScript(driver_->dialect(), *text, cb.path);
    if (!statements) return Fail(statements.error());
    for (const auto& st : *statements) {
      if (auto r = driver_->Execute(st); !r) return Fail(StatementError(r.error(), cb.path, st));
    }
  }
  return {};
}

Result<std::vector<sql::Statement>> SplitScript(sql::Dialect dialect, std::string_view text, const std::string& path) {
  std::optional<sql::SplitProblem> problem;
  std::vector<sql::Statement> statements = sql::Split(dialect, text, &problem);
  if (!problem) return statements;
  return Fail(SplitError(*problem, path));
}

Error SplitError(const sql::SplitProblem& problem, const std::string& path) {
  const bool nul = problem.message.starts_with("NUL");
  return Error(ErrorCode::kMigration, problem.message)
      .At(SourcePos{path, problem.line, problem.column})
      .Note("nothing was applied")
      .Hint(nul ? "remove the NUL byte; a file saved as UTF-16 has one in every other byte, so save it as UTF-8"
                : "close it: the database would reject the file as it is, and shiftway runs no part of it");
}

Error StatementError(Error e, const std::string& path, const sql::Statement& statement) {
  SourcePos pos{path, statement.line, statement.column};
  if (e.pos && e.pos->line > 0) {
    // The database's position is relative to the statement; make it absolute in the file.
    pos.line = statement.line + e.pos->line - 1;
    pos.column = e.pos->line == 1 ? statement.column + e.pos->column - 1 : e.pos->column;
  }
  e.pos = pos;
  if (e.code == ErrorCode::kDatabase) e.code = ErrorCode::kMigration;
  return e;
}

}  // namespace shiftway::run
