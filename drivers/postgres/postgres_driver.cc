// PostgreSQL driver: pqxx for connecting and catalog/history queries, libpq for running migration
// statements (error positions, the COPY protocol) and for transaction status.
//
// Where this file calls libpq directly, and why (pqxx 6.4 has no public way to do these):
//   - HandlePolicy: pqxx keeps the PGconn private; its connection-policy extension point is
//     handed the PGconn when it connects, and keeps it for the calls below.
//   - LibpqKeywords: PQconndefaults() lists the connection keywords this libpq accepts, so URL
//     parameters can be passed through without guessing.
//   - Execute: pqxx::sql_error has the message and SQLSTATE but no error position, and pqxx's
//     tablewriter issues its own `COPY table FROM STDIN` instead of the file's statement. The
//     statement is sent with PQsendQuery, its errors read with PQresultErrorField, and COPY data
//     sent with PQputCopyData/PQputCopyEnd.
//   - Commit/Rollback/Lock: PQtransactionStatus tells whether a transaction is open or failed,
//     which pqxx does not track for transactions it did not start.
//   - DetectPooler: PQsocket gives the socket, whose local port is compared with the client port
//     the server sees; PgBouncer's admin console is asked with a plain PQconnectdb/PQexec, since
//     it speaks only the simple query protocol and is no database pqxx should set up.
#include "drivers/postgres/postgres_driver.h"
#include "core/base/strings.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>

#include "drivers/catalog.h"
#include "drivers/common.h"

namespace shiftway::drivers {
namespace {

// A string literal that means the same whatever standard_conforming_strings is set to.
// The N of "could not determine data type of parameter $N" (42P18); 0 when it names none.
int UntypedParameter(const std::string& message) {
  const size_t dollar = message.rfind('$');
  if (dollar == std::string::npos) return 0;
  int n = 0;
  for (size_t i = dollar + 1; i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])) && n < 100000; ++i) {
    n = n * 10 + (message[i] - '0');
  }
  return n;
}

std::string Literal(std::string_view s) {
  bool backslash = s.find('\\') != std::string_view::npos;
  std::string out = backslash ? "E'" : "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    if (c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string ArrayOf(const std::vector<std::string>& items) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Literal(items[i]);
  return out + "]::text[]";
}

// A value in a libpq connection string.
std::string ConnValue(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string FirstLine(std::string s) {
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

// libpq prefixes server errors with their severity ("ERROR:  ", "FATAL:  ").
std::string StripSeverity(std::string s) {
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
    if (auto p = s.find(prefix); p != std::string::npos) return s.substr(p + prefix.size());
  }
  return s;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// The keywords this libpq accepts in a connection string (libpq: PQconndefaults, see top).
const std::set<std::string>& LibpqKeywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> out;
    if (PQconninfoOption* opts = PQconndefaults()) {
      for (PQconninfoOption* o = opts; o->keyword; ++o) out.insert(o->keyword);
      PQconninfoFree(opts);
    }
    return out;
  }();
  return keywords;
}

// pqxx keeps the PGconn private; a connection policy is pqxx's extension point for connecting
// and is given the handle, so this one remembers it (libpq, see top).
class HandlePolicy : public pqxx::connect_direct {
 public:
  explicit HandlePolicy(const std::string& options) : pqxx::connect_direct(options) {}
  handle do_startconnect(handle orig) override {
    handle_ = pqxx::connect_direct::do_startconnect(orig);
    return handle_;
  }
  handle do_dropconnect(handle orig) noexcept override {
    handle_ = nullptr;
    return pqxx::connect_direct::do_dropconnect(orig);
  }
  handle do_disconnect(handle orig) noexcept override {
    handle_ = nullptr;
    return pqxx::connect_direct::do_disconnect(orig);
  }
  PGconn* get() const { return handle_; }

 private:
  PGconn* handle_ = nullptr;
};

// pqxx::connection with the policy above; built the way pqxx builds basic_connection_base.
class Connection : public pqxx::connection_base {
 public:
  explicit Connection(const std::string& options)
      : pqxx::connection_base(policy_), options_(options), policy_(options_) {
    init();
  }
  ~Connection() noexcept { close(); }
  PGconn* handle() const { return policy_.get(); }

 private:
  std::string options_;
  HandlePolicy policy_;
};

// Upper-cased words and punctuation of a statement's start, skipping comments; a quoted
// identifier is one token.
std::vector<std::string> Tokens(std::string_view text, std::size_t max_tokens) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < max_tokens) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      int depth = 0;
      do {
        if (text.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (text.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else
          ++i;
      } while (depth > 0 && i < text.size());
    } else if (c == '"') {
      std::size_t start = i++;
      while (i < text.size()) {
        if (text[i] == '"' && (i + 1 >= text.size() || text[i + 1] != '"')) {
          ++i;
          break;
        }
        i += text[i] == '"' ? 2 : 1;
      }
      out.emplace_back(text.substr(start, i - start));
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80) {
      std::size_t start = i;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                                 text[i] == '$' || static_cast<unsigned char>(text[i]) >= 0x80)) {
        ++i;
      }
      std::string word(text.substr(start, i - start));
      for (auto& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      out.push_back(std::move(word));
    } else {
      out.emplace_back(1, c);
      ++i;
    }
  }
  return out;
}

class PostgresDriver final : public Driver {
 public:
  PostgresDriver(ConnectionSpec spec, DriverOptions options)
      : spec_(std::move(spec)), options_(std::move(options)) {}

  ~PostgresDriver() override {
    if (side_) PQfinish(side_);
    // The handler unregisters itself from the connection, so it goes first.
    quiet_.reset();
    conn_.reset();
  }

  Result<void> Connect() {
    if (auto parsed = LibpqOptions(); !parsed) return Fail(parsed.error());
    const std::string conninfo = ConnInfo();
    const int attempts = 1 + std::max(0, options_.connect_retries);
    int backoff_s = 1;
    for (int attempt = 1;; ++attempt) {
      std::string failure;
      try {
        conn_ = std::make_unique<Connection>(conninfo);
        break;
      } catch (const std::exception& e) {
        conn_.reset();
        failure = TrimRight(Scrub(e.what()));
      }
      const bool auth =
          failure.find("authentication failed") != std::string::npos ||
          (failure.find("does not exist") != std::string::npos &&
           (failure.find("role") != std::string::npos || failure.find("database") != std::string::npos));
      // Wrong credentials or names do not heal by waiting; a server that is starting up may.
      if (auth || attempt >= attempts) return Fail(ConnectError(failure, auth, attempt));
      WaitBeforeRetry(options_, "PostgreSQL at " + spec_.Where(),
                      ConnectError(failure, auth, attempt).message.substr(
                          ("cannot connect to PostgreSQL at " + spec_.Where() + ": ").size()),
                      attempt, attempts, &backoff_s);
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    // A silent reconnect would drop the session's advisory lock while we believe we hold it.
    conn_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    // Notices (e.g. "table does not exist, skipping") are not ours to print.
    quiet_ = std::make_unique<pqxx::quiet_errorhandler>(*conn_);

    // Session settings: SET for the session on a connection of our own, SET LOCAL in each
    // transaction through a transaction pooler, where a SET would stick to a pooled server
    // connection and leak to its other clients.
    auto settings = [&](const std::string& set) {
      std::string out;
      if (!options_.schemas.empty()) {
        out += set + " search_path TO ";
        for (std::size_t i = 0; i < options_.schemas.size(); ++i)
          out += (i ? ", " : "") + QuoteIdentifier(options_.schemas[i]);
        out += "; ";
      }
      if (options_.lock_timeout_ms > 0) out += set + " lock_timeout = " + std::to_string(options_.lock_timeout_ms) + "; ";
      // As the JDBC driver Flyway uses: the session runs in this machine's time zone, so that
      // installed_on (a timestamp without time zone, DEFAULT now()) holds local time as Flyway's
      // rows do, and reads back as the right instant.
      out += set + " TimeZone TO " + Literal(zone_) + "; ";
      return out;
    };
    zone_ = ClientTimeZone();
    if (auto known = Query("SELECT now() AT TIME ZONE " + Literal(zone_), ErrorCode::kDatabase); !known) {
      Error e(ErrorCode::kDatabase, "PostgreSQL at " + spec_.Where() + " does not know the time zone \"" + zone_ +
                                        "\" this machine runs in");
      e.db_message = known.error().db_message;
      e.sqlstate = known.error().sqlstate;
      e.Note("shiftway sets the session's TimeZone to the machine's zone, as Flyway's JDBC driver does, so that "
             "installed_on is written and read the way Flyway does it");
      e.Hint("set TZ to a zone name PostgreSQL knows (for example TZ=UTC or TZ=Europe/Berlin)");
      return Fail(std::move(e));
    }
    // The schema is only read from current_schema() when no schemas are configured, so reading
    // it before search_path is set gives the same answer.
    auto info = Query(
        "SELECT current_user, current_database(), current_schema(), current_setting('server_version'), "
        "current_setting('server_version_num'), inet_client_port(), pg_backend_pid(), "
        "current_setting('search_path')",
        ErrorCode::kDatabase);
    if (!info) return Fail(info.error());
    const pqxx::row row = (*info)[0];
    if (auto r = DetectPooler(row[5].is_null() ? -1 : row[5].as<int>()); !r) return r;
    if (per_transaction_lock_) {
      local_settings_ = settings("SET LOCAL");
    } else if (const std::string session = settings("SET"); !session.empty()) {
      if (auto r = Exec(session, ErrorCode::kDatabase); !r) return r;
    }
    user_ = row[0].c_str();
    // What Flyway's Connection remembers when it opens: CURRENT_USER and SHOW search_path, read
    // before anything of shiftway's changed them.
    original_role_ = user_;
    original_path_ = row[7].c_str();
    path_touched_ = !options_.schemas.empty();
    backend_pid_ = row[6].as<int>();
    database_ = row[1].c_str();
    std::string version = row[3].c_str();
    version_ = "PostgreSQL " + version.substr(0, version.find(' '));
    version_num_ = std::atoi(row[4].c_str());
    if (!options_.schemas.empty()) {
      schema_ = options_.schemas.front();
    } else if (!row[2].is_null()) {
      schema_ = row[2].c_str();
    } else {
      return Fail(Error(ErrorCode::kConfig, "cannot tell which schema holds the history table on " +
                                                spec_.Where() + ": no schema in the search_path exists")
                      .Hint("set `schemas` in the configuration, or fix the role's search_path"));
    }
    return {};
  }

  sql::Dialect dialect() const override {
    return sql::Dialect::kPostgres;
  }
  std::string ServerVersion() const override {
    return version_;
  }
  std::string CurrentUser() const override {
    return user_;
  }
  std::string DefaultSchema() const override {
    return schema_;
  }
  std::string DatabaseName() const override {
    return database_;
  }
  bool TransactionalDdl() const override {
    return true;
  }

  LockScope lock_scope() const override {
    return per_transaction_lock_ ? LockScope::kTransaction : LockScope::kSession;
  }

  std::string Topology() const override {
    if (pool_mode_.empty()) return "";
    if (pool_mode_ == "session")
      return "connected through PgBouncer in session pooling mode; the migration lock is a session lock, which "
             "PgBouncer's server_reset_query (DISCARD ALL) releases when shiftway disconnects";
    if (pool_mode_ == "transaction")
      return "connected through PgBouncer in transaction pooling mode; the migration lock is taken in each "
             "migration's transaction";
    return "connected through a pooler or proxy whose pooling mode shiftway cannot read (" + pool_mode_ +
           "); assuming transaction pooling, so the migration lock is taken in each migration's transaction";
  }

  Result<void> Lock(const std::function<void(const LockWait&)>& on_wait) override {
    // Through a transaction pooler nothing outlives a transaction: Begin takes the lock.
    if (per_transaction_lock_) {
      on_wait_ = on_wait;
      return {};
    }
    // A waiter inside a transaction holds a snapshot that makes the holder's CREATE INDEX
    // CONCURRENTLY wait for it: deadlock. So the lock is only ever taken outside one.
    if (PQtransactionStatus(conn_->handle()) != PQTRANS_IDLE) {
      return Fail(ErrorCode::kInternal, "the migration lock must be taken outside a transaction");
    }
    const int64_t key = LockKey();
    for (int attempt = 1;; ++attempt) {
      auto got = Query("SELECT pg_try_advisory_lock(" + std::to_string(key) + ")", ErrorCode::kDatabase);
      if (!got) return Fail(got.error());
      if (std::string((*got)[0][0].c_str()) == "t") {
        locked_ = true;
        return {};
      }
      if (auto r = WaitForLock(attempt, on_wait); !r) return r;
    }
  }

  Result<void> Unlock() override {
    if (!locked_) return {};
    auto r = Query("SELECT pg_advisory_unlock(" + std::to_string(LockKey()) + ")", ErrorCode::kDatabase);
    if (!r) return Fail(r.error());
    locked_ = false;
    return {};
  }

  Result<void> Begin() override {
    if (!per_transaction_lock_) return Exec(BeginSql(), ErrorCode::kDatabase);
    // Polled like the session lock, and rolled back between attempts, so a waiter never holds a
    // snapshot or a pooled server connection while it waits.
    for (int attempt = 1;; ++attempt) {
      auto got = Query("BEGIN; " + local_settings_ + "SELECT pg_try_advisory_xact_lock(" +
                           std::to_string(LockKey()) + ")",
                       ErrorCode::kDatabase);
      if (got && std::string((*got)[0][0].c_str()) == "t") return {};
      (void)Rollback();
      if (!got) return Fail(got.error());
      if (auto r = WaitForLock(attempt, on_wait_); !r) return r;
    }
  }

  std::string BeginSql() const override { return "BEGIN"; }

  // Flyway's PostgreSQLConnection: restoreOriginalState is `SET ROLE '<role at connect>'`, and
  // changeCurrentSchemaTo(schema) sets the search_path to "schema",<search_path at connect>,
  // unless that search_path is the schema's name or starts with it and a comma, or the schema
  // does not exist: then it is left as it is, and a search_path a script set stays for the next.
  // Nothing else is restored (lock_timeout, statement_timeout, ... stay as a script set them).
  Result<void> RestoreSessionState() override {
    // Through a transaction pooler a session SET would stick to a pooled server connection and
    // reach its other clients; inside a transaction it is SET LOCAL and ends with it.
    const bool local = per_transaction_lock_;
    if (local && PQtransactionStatus(conn_->handle()) == PQTRANS_IDLE) return {};
    std::string sql = std::string(local ? "SET LOCAL" : "SET") + " ROLE " + Literal(original_role_) + "; ";
    const bool keep = schema_ == original_path_ || original_path_.starts_with(schema_ + ",");
    std::string path;
    if (!keep) {
      path = QuoteIdentifier(schema_) + (original_path_.find_first_not_of(" \t\r\n") == std::string::npos ? "" : "," + original_path_);
    } else if (path_touched_ || local) {
      // Flyway's connection still has the search_path it opened with; shiftway's own connect set
      // it to the schemas, so the first time it is put back.
      path = original_path_;
    }
    path_touched_ = false;
    if (!path.empty()) {
      sql += "SELECT pg_catalog.set_config('search_path', " + Literal(path) + ", " + (local ? "true" : "false") +
             ") FROM pg_catalog.pg_namespace WHERE nspname = " + Literal(schema_);
    }
    return Exec(sql, ErrorCode::kDatabase);
  }

  Result<void> Commit() override {
    // COMMIT of a failed transaction succeeds and rolls back; the caller must hear about it.
    if (PQtransactionStatus(conn_->handle()) == PQTRANS_INERROR) {
      (void)Exec("ROLLBACK", ErrorCode::kDatabase);
      return Fail(Error(ErrorCode::kMigration,
                        "the transaction was rolled back instead of committed: a statement "
                        "in it failed"));
    }
    auto r = Exec("COMMIT", ErrorCode::kDatabase);
    // No answer to COMMIT: the server may have committed before the connection went.
    commit_unknown_ = !r && PQstatus(conn_->handle()) != CONNECTION_OK;
    return r;
  }

  bool CommitOutcomeUnknown() const override {
    return commit_unknown_;
  }

  Result<void> Rollback() override {
    if (PQtransactionStatus(conn_->handle()) == PQTRANS_IDLE) return {};
    return Exec("ROLLBACK", ErrorCode::kDatabase);
  }

  // libpq directly (see top): positions and the COPY protocol.
  Result<void> Execute(const sql::Statement& statement) override {
    PGconn* c = conn_->handle();
    if (!c || PQstatus(c) != CONNECTION_OK) return Fail(LostConnection());
    // A C string ends at a NUL byte: sending the statement would run only its beginning.
    if (statement.text.find('\0') != std::string::npos) {
      return Fail(Error(ErrorCode::kMigration, "the statement holds a NUL byte (0x00), which PostgreSQL cannot take"));
    }
    if (!PQsendQuery(c, statement.text.c_str())) return Fail(LostConnection());
    const std::string blockers = WatchBlockers(c);
    std::optional<Error> failure;
    while (PGresult* r = PQgetResult(c)) {
      switch (PQresultStatus(r)) {
        case PGRES_COPY_IN: {
          std::string data = statement.copy_data;
          if (!data.empty() && data.back() != '\n') data += '\n';
          bool ok = data.empty() || PQputCopyData(c, data.data(), static_cast<int>(data.size())) == 1;
          if (PQputCopyEnd(c, ok ? nullptr : "shiftway could not send the COPY data") != 1 && !failure) {
            failure = LostConnection();
          }
          break;
        }
        case PGRES_COPY_OUT: {
          char* buffer = nullptr;
          while (PQgetCopyData(c, &buffer, 0) > 0) PQfreemem(buffer);
          break;
        }
        case PGRES_FATAL_ERROR:
        case PGRES_BAD_RESPONSE:
          if (!failure) failure = StatementError(r, statement.text);
          break;
        default:
          break;
      }
      PQclear(r);
    }
    if (PQstatus(c) != CONNECTION_OK) return Fail(LostConnection());
    if (failure && failure->sqlstate == "55P03") {
      failure->Note(blockers.empty() ? "the session holding the lock is unknown: none was seen blocking the statement "
                                       "while it waited"
                                     : "the lock is held by " + blockers);
    }
    if (failure) return Fail(std::move(*failure));
    return {};
  }

  // Waits for the statement's first result. While it waits longer than half a second (or half of
  // lock_timeout, if shorter), asks
  // pg_blocking_pids on a second connection, once a second, who blocks it, so that a lock timeout
  // can name the blocker (docs/locking.md, "Lock queues"). Returns the last answer, or empty.
  // Not through a transaction pooler: there the statement's server session is not known.
  std::string WatchBlockers(PGconn* c) {
    std::string last;
    if (per_transaction_lock_ || options_.lock_timeout_ms <= 0 || backend_pid_ <= 0) return last;
    const auto start = std::chrono::steady_clock::now();
    // The first look comes early enough for a short lock_timeout too.
    auto next = start + std::chrono::milliseconds(std::min(500, options_.lock_timeout_ms / 2));
    while (PQisBusy(c)) {
      pollfd p{PQsocket(c), POLLIN, 0};
      if (p.fd < 0) break;
      const int ready = poll(&p, 1, 100);
      if (ready < 0 && errno != EINTR) break;
      if (ready > 0 && !PQconsumeInput(c)) break;
      if (std::chrono::steady_clock::now() < next) continue;
      next = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      if (!side_) {
        side_ = PQconnectdb(ConnInfo().c_str());
        if (PQstatus(side_) != CONNECTION_OK) break;  // kept, so it is not tried again
      }
      if (PQstatus(side_) != CONNECTION_OK) break;
      PGresult* r = PQexec(
          side_, ("SELECT pid, usename, state, extract(epoch FROM now() - coalesce(xact_start, query_start))::int, "
                  "left(regexp_replace(query, '\\s+', ' ', 'g'), 120) FROM pg_stat_activity WHERE pid = "
                  "ANY(pg_blocking_pids(" + std::to_string(backend_pid_) + ")) ORDER BY pid")
                     .c_str());
      if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
        last.clear();
        for (int i = 0; i < PQntuples(r); ++i) {
          last += std::string(i ? "; " : "") + "backend pid " + PQgetvalue(r, i, 0) + " (user " + PQgetvalue(r, i, 1) +
                  ", state " + PQgetvalue(r, i, 2) + ", in its transaction for " + PQgetvalue(r, i, 3) +
                  " s, last query: " + PQgetvalue(r, i, 4) + "; end it with SELECT pg_terminate_backend(" +
                  PQgetvalue(r, i, 0) + "))";
        }
      }
      PQclear(r);
    }
    return last;
  }

  // libpq directly (see top): PQprepare is the protocol's Parse, which pqxx 6.4 defers to the
  // first execution. The unnamed statement is replaced by the next one, so nothing accumulates.
  Result<void> Prepare(const std::string& text) override {
    PGconn* c = conn_->handle();
    if (!c || PQstatus(c) != CONNECTION_OK) return Fail(LostConnection());
    if (text.find('\0') != std::string::npos) {
      return Fail(Error(ErrorCode::kMigration, "the statement holds a NUL byte (0x00), which PostgreSQL cannot take"));
    }
    // A parameter that nothing around it types (`SELECT $1`, `$1 IS NULL`) fails the Parse with
    // 42P18, though the app's driver bound a value to it: it is typed text, as a client library
    // binds a string, and the prepare is tried again. No column or operator wanted another type,
    // so text cannot hide a break. Every other parameter stays for the server to type from the
    // schema.
    std::vector<Oid> types;
    for (;;) {
      PGresult* r = PQprepare(c, "", text.c_str(), static_cast<int>(types.size()), types.empty() ? nullptr : types.data());
      if (!r) return Fail(LostConnection());
      std::optional<Error> failure;
      int untyped = 0;
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        failure = StatementError(r, text);
        if (failure->sqlstate == "42P18") untyped = UntypedParameter(failure->db_message);
      }
      PQclear(r);
      if (PQstatus(c) != CONNECTION_OK) return Fail(LostConnection());
      if (!failure) return {};
      constexpr Oid kText = 25;
      if (untyped <= 0 || untyped > 65535 || (static_cast<size_t>(untyped) <= types.size() && types[untyped - 1] == kText)) {
        return Fail(std::move(*failure));
      }
      if (types.size() < static_cast<size_t>(untyped)) types.resize(untyped, 0);
      types[untyped - 1] = kText;
    }
  }

  Result<std::vector<InsertColumn>> InsertColumns(const std::string& schema, const std::string& table) override {
    const std::string name = (schema.empty() ? "" : QuoteIdentifier(schema) + ".") + QuoteIdentifier(table);
    auto rows = Query("SELECT a.attname, a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND "
                      "a.attgenerated = '', a.attidentity, a.attgenerated FROM pg_catalog.pg_attribute a WHERE "
                      "a.attrelid = to_regclass(" + Literal(name) + ") AND a.attnum > 0 AND NOT a.attisdropped "
                      "ORDER BY a.attnum",
                      ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<InsertColumn> out;
    for (const auto& row : *rows) {
      InsertColumn c;
      c.name = row[0].c_str();
      c.required = std::string(row[1].c_str()) == "t";
      if (std::string(row[2].c_str()) == "a") {
        c.generated = "GENERATED ALWAYS AS IDENTITY";
        c.identity = true;
      } else if (!std::string(row[3].c_str()).empty()) {
        c.generated = "a generated column";
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  Result<std::vector<RecordedStatement>> RecordedStatements(const std::vector<std::string>&) override {
    auto where = Query("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                       "WHERE e.extname = 'pg_stat_statements'",
                       ErrorCode::kDatabase);
    if (!where) return Fail(where.error());
    const std::string enable =
        "add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart the server, then run "
        "CREATE EXTENSION pg_stat_statements in database " + database_;
    if (where->empty()) {
      return Fail(Error(ErrorCode::kConfig, "pg_stat_statements is not installed in database " + database_ +
                                                ", so PostgreSQL keeps no statements to export")
                      .Hint(enable));
    }
    // Rows of this database only; statements of all its users (the app's included).
    auto rows = Query("SELECT query, calls FROM " + QuoteIdentifier((*where)[0][0].c_str()) +
                          ".pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
                          "current_database()) ORDER BY calls DESC, query",
                      ErrorCode::kDatabase);
    if (!rows) {
      Error e = rows.error();
      // 55000: installed but not loaded ("must be loaded via shared_preload_libraries").
      if (e.sqlstate == "55000") {
        e.code = ErrorCode::kConfig;
        e.message = "pg_stat_statements is installed in database " + database_ +
                    " but the server did not load it, so it records no statements";
        e.Hint("add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf and restart the server");
      }
      return Fail(std::move(e));
    }
    std::vector<RecordedStatement> out;
    for (const auto& row : *rows) {
      RecordedStatement s;
      s.calls = row[1].as<int64_t>();
      s.where = "database " + database_;
      if (row[0].is_null() || std::string(row[0].c_str()) == "<insufficient privilege>") {
        s.hidden = true;
      } else {
        s.text = row[0].c_str();
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  bool CannotRunInTransaction(const sql::Statement& statement) const override {
    return PostgresCannotRunInTransaction(statement.text, version_num_);
  }

  // A failed CREATE INDEX CONCURRENTLY keeps its catalog entry, marked invalid: it is not used
  // for reads but is still maintained on every write, and a retry with the same name fails.
  std::vector<std::string> LeftBehind(const sql::Statement& statement) override {
    const std::vector<std::string> w = Tokens(statement.text, 16);
    auto at = [&](std::size_t i) { return i < w.size() ? w[i] : std::string(); };
    std::size_t i = 1;
    if (at(0) != "CREATE") return {};
    if (at(i) == "UNIQUE") ++i;
    if (at(i) != "INDEX" || at(i + 1) != "CONCURRENTLY") return {};
    i += 2;
    if (at(i) == "IF" && at(i + 1) == "NOT" && at(i + 2) == "EXISTS") i += 3;
    // Unquoted names fold to lower case; a quoted one keeps its case.
    auto ident = [](const std::string& token) {
      if (token.size() >= 2 && token.front() == '"') {
        std::string out;
        for (std::size_t k = 1; k + 1 < token.size(); ++k) {
          out += token[k];
          if (token[k] == '"') ++k;
        }
        return out;
      }
      return Lower(token);
    };
    std::string where = "NOT i.indisvalid";
    if (at(i) != "ON" && !at(i).empty()) {
      std::string schema, name = ident(at(i));
      if (at(i + 1) == ".") {
        schema = name;
        name = ident(at(i + 2));
      }
      where += " AND c.relname = " + Literal(name) + " AND n.nspname = " +
               (schema.empty() ? "ANY(pg_catalog.current_schemas(false))" : Literal(schema));
    } else {
      // No name given: PostgreSQL chose one; any invalid index in the search path may be it.
      where += " AND n.nspname = ANY(pg_catalog.current_schemas(false))";
    }
    auto rows = Query(
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = "
        "i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
            where + " ORDER BY 1, 2",
        ErrorCode::kDatabase);
    std::vector<std::string> out;
    if (!rows) return out;
    for (const auto& row : *rows) {
      const std::string index = QuoteIdentifier(row[0].c_str()) + "." + QuoteIdentifier(row[1].c_str());
      out.push_back("the INVALID index " + index + ": drop it with `DROP INDEX CONCURRENTLY " + index +
                    "` before migrating again");
    }
    return out;
  }

  Result<std::vector<std::string>> EnsureSchemas(const std::vector<std::string>& schemas) override {
    std::vector<std::string> missing;
    if (schemas.empty()) return missing;
    auto rows =
        Query("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(" + ArrayOf(schemas) + ")",
              ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::set<std::string> present;
    for (const auto& row : *rows) present.insert(row[0].c_str());
    for (const auto& s : schemas) {
      if (!present.count(s) && std::find(missing.begin(), missing.end(), s) == missing.end())
        missing.push_back(s);
    }
    // A dry run reports what it would create and creates nothing.
    if (options_.read_only) return missing;
    for (const auto& s : missing) {
      if (auto r = Exec("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(s), ErrorCode::kDatabase); !r)
        return Fail(r.error());
    }
    return missing;
  }

  Result<bool> HistoryExists() override {
    auto rows = Query(
        "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = " +
            Literal(schema_) + " AND c.relname = " + Literal(options_.table) + " AND c.relkind IN ('r', 'p')",
        ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    return !rows->empty();
  }

  // Flyway's createMetaDataTable.sql for PostgreSQL, statement for statement.
  std::vector<std::string> CreateHistorySql() const override {
    return {
        "CREATE TABLE " + Table() +
            " (\n"
            "    \"installed_rank\" INT NOT NULL,\n"
            "    \"version\" VARCHAR(50),\n"
            "    \"description\" VARCHAR(200) NOT NULL,\n"
            "    \"type\" VARCHAR(20) NOT NULL,\n"
            "    \"script\" VARCHAR(1000) NOT NULL,\n"
            "    \"checksum\" INTEGER,\n"
            "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
            "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
            "    \"execution_time\" INTEGER NOT NULL,\n"
            "    \"success\" BOOLEAN NOT NULL\n"
            ")",
        "ALTER TABLE " + Table() + " ADD CONSTRAINT " + QuoteIdentifier(options_.table + "_pk") +
            " PRIMARY KEY (\"installed_rank\")",
        "CREATE INDEX " + QuoteIdentifier(options_.table + "_s_idx") + " ON " + Table() + " (\"success\")",
    };
  }

  Result<void> CreateHistory() override {
    // One query string: PostgreSQL runs it as one transaction, so no half-made table is left.
    std::string all;
    for (const auto& s : CreateHistorySql()) all += s + ";\n";
    return Exec(all, ErrorCode::kDatabase);
  }

  Result<std::vector<std::string>> SelectColumn(const std::string& sql) override {
    auto rows = Query(sql, ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<std::string> out;
    if (rows->columns() == 0) return out;
    for (const auto& row : *rows) out.emplace_back(row[0].is_null() ? "" : row[0].c_str());
    return out;
  }

  Result<std::vector<HistoryRow>> ReadHistory() override {
    auto rows = Query(
        "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
        "\"installed_by\", to_char((\"installed_on\" AT TIME ZONE " + Literal(zone_) +
            ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), \"execution_time\", \"success\" FROM " +
            Table() + " ORDER BY \"installed_rank\"",
        ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<HistoryRow> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) {
      HistoryRow r;
      r.installed_rank = row[0].as<int>();
      if (!row[1].is_null()) r.version = row[1].c_str();
      r.description = row[2].c_str();
      r.type = row[3].c_str();
      r.script = row[4].c_str();
      if (!row[5].is_null()) r.checksum = row[5].as<int32_t>();
      r.installed_by = row[6].c_str();
      r.installed_on = row[7].c_str();
      r.execution_time = row[8].as<int>();
      r.success = std::string(row[9].c_str()) == "t";
      out.push_back(std::move(r));
    }
    return out;
  }

  std::string InsertHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    const bool on = !r.installed_on.empty();
    s << "INSERT INTO " << Table()
      << " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
         "\"installed_by\", "
      << (on ? "\"installed_on\", " : "") << "\"execution_time\", \"success\") VALUES (" << r.installed_rank
      << ", " << (r.version ? Literal(*r.version) : "NULL") << ", " << Literal(r.description) << ", "
      << Literal(r.type) << ", " << Literal(r.script) << ", "
      << (r.checksum ? std::to_string(*r.checksum) : "NULL") << ", " << Literal(r.installed_by) << ", "
      << (on ? "(" + Literal(r.installed_on) + "::timestamptz AT TIME ZONE " + Literal(zone_) + "), " : "")
      << r.execution_time << ", "
      << (r.success ? "true" : "false") << ")";
    return s.str();
  }

  Result<void> InsertHistory(const HistoryRow& row) override {
    return Exec(InsertHistorySql(row), ErrorCode::kDatabase);
  }

  std::string UpdateHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    s << "UPDATE " << Table() << " SET \"description\" = " << Literal(r.description)
      << ", \"type\" = " << Literal(r.type)
      << ", \"checksum\" = " << (r.checksum ? std::to_string(*r.checksum) : "NULL")
      << ", \"execution_time\" = " << r.execution_time << ", \"success\" = " << (r.success ? "true" : "false")
      << " WHERE \"installed_rank\" = " << r.installed_rank;
    return s.str();
  }

  Result<void> UpdateHistory(const HistoryRow& r) override {
    return Exec(UpdateHistorySql(r), ErrorCode::kDatabase);
  }

  Result<void> DeleteHistory(int installed_rank) override {
    return Exec("DELETE FROM " + Table() + " WHERE \"installed_rank\" = " + std::to_string(installed_rank),
                ErrorCode::kDatabase);
  }

  Result<void> EnsureProgress() override { return Exec(EnsureProgressSql(), ErrorCode::kDatabase); }
  std::string EnsureProgressSql() const override { return Progress().Create(); }
  Result<void> WriteProgress(const drivers::Progress& p) override {
    return Exec(WriteProgressSql(p), ErrorCode::kDatabase);
  }
  std::string WriteProgressSql(const drivers::Progress& p) const override {
    return Progress().Delete(p.installed_rank) + "; " + Progress().Insert(p);
  }
  Result<void> SetProgress(int installed_rank, int done, int stop) override {
    return Exec(SetProgressSql(installed_rank, done, stop), ErrorCode::kDatabase);
  }
  std::string SetProgressSql(int installed_rank, int done, int stop) const override {
    return Progress().Set(installed_rank, done, stop);
  }
  Result<std::vector<drivers::Progress>> ReadProgress() override {
    return ReadProgressTable([this] { return ProgressExists(); }, [this]() -> Result<TextRows> {
      auto rows = Query(Progress().Select(), ErrorCode::kDatabase);
      if (!rows) return Fail(rows.error());
      TextRows out;
      for (const auto& row : *rows) {
        auto& cells = out.emplace_back();
        for (const auto& f : row) cells.push_back(f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str()));
      }
      return out;
    });
  }
  Result<bool> ProgressExists() override {
    auto exists = Query("SELECT to_regclass(" + Literal(Progress().table) + ") IS NOT NULL", ErrorCode::kDatabase);
    if (!exists) return Fail(exists.error());
    return std::string((*exists)[0][0].c_str()) == "t";
  }
  Result<void> DropProgress() override { return Exec(DropProgressSql(), ErrorCode::kDatabase); }
  std::string DropProgressSql() const override { return Progress().Drop(); }

  Result<std::vector<SchemaObject>> ListObjects(const std::vector<std::string>& schemas) override {
    auto objects = Objects(schemas);
    if (!objects) return Fail(objects.error());
    std::vector<SchemaObject> out;
    for (auto& o : *objects) out.push_back({o.schema, o.kind, o.name + o.args});
    return out;
  }

  Result<schema::Model> ReadSchema(const std::vector<std::string>& schemas) override {
    CatalogScope scope{schemas.empty() ? std::vector<std::string>{schema_} : schemas, options_.table};
    return ReadPostgresCatalog(
        [this](const std::string& sql) -> Result<TextRows> {
          auto r = Query(sql, ErrorCode::kDatabase);
          if (!r) return Fail(r.error());
          TextRows rows;
          for (const auto& row : *r) {
            auto& out = rows.emplace_back();
            for (const auto& f : row) out.push_back(f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str()));
          }
          return rows;
        },
        scope);
  }

  Result<std::vector<lint::TableSize>> ReadTableSizes(const std::vector<std::string>& schemas) override {
    const std::vector<std::string> in = schemas.empty() ? std::vector<std::string>{schema_} : schemas;
    // A partitioned table holds no rows itself: its size is the sum of its partitions' (every level
    // below it, from pg_inherits), and its rows are unknown while any leaf's are.
    auto r = Query(
        "WITH RECURSIVE tree(root, oid) AS (SELECT c.oid, c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace "
        "rn ON rn.oid = c.relnamespace WHERE c.relkind = 'p' AND rn.nspname = ANY(" + ArrayOf(in) + ") "
        "UNION ALL SELECT tree.root, i.inhrelid FROM tree JOIN pg_catalog.pg_inherits i ON i.inhparent = tree.oid), "
        "parts AS (SELECT tree.root, CASE WHEN bool_or(l.relkind <> 'p' AND l.reltuples < 0) THEN -1 ELSE "
        "COALESCE(sum(l.reltuples) FILTER (WHERE l.relkind <> 'p'), 0)::bigint END AS rows, "
        "COALESCE(sum(pg_catalog.pg_total_relation_size(l.oid)), 0)::bigint AS bytes FROM tree JOIN "
        "pg_catalog.pg_class l ON l.oid = tree.oid GROUP BY tree.root) "
        "SELECT n.nspname, c.relname, CASE WHEN c.relkind = 'p' THEN p.rows WHEN c.reltuples < 0 THEN -1 ELSE "
        "c.reltuples::bigint END, CASE WHEN c.relkind = 'p' THEN p.bytes ELSE "
        "pg_catalog.pg_total_relation_size(c.oid) END FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
        "n.oid = c.relnamespace LEFT JOIN parts p ON p.root = c.oid WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname = ANY(" + ArrayOf(in) + ") AND NOT "
        "(n.nspname = " + Literal(schema_) + " AND c.relname IN (" + Literal(options_.table) + ", " +
        Literal(options_.table + "_progress") + ")) ORDER BY 1, 2",
        ErrorCode::kDatabase);
    if (!r) return Fail(r.error());
    std::vector<lint::TableSize> out;
    for (const auto& row : *r) {
      out.push_back({row[0].c_str(), row[1].c_str(), row[2].as<std::int64_t>(), row[3].as<std::int64_t>()});
    }
    return out;
  }

  Result<void> Clean(const std::vector<std::string>& schemas) override {
    auto objects = Objects(schemas);
    if (!objects) return Fail(objects.error());
    if (objects->empty()) return {};
    // One query string runs as one transaction: a failing DROP leaves everything in place.
    // CASCADE and IF EXISTS because dropping a table also drops its views, sequences, triggers.
    std::string all;
    for (const auto& o : *objects) {
      std::string kind = Upper(o.kind);
      all += "DROP " + kind + " IF EXISTS " + QuoteIdentifier(o.schema) + "." + QuoteIdentifier(o.name) + o.args + " CASCADE;\n";
    }
    return Exec(all, ErrorCode::kDatabase);
  }

 private:
  struct Object {
    std::string schema, kind, name, args;
  };

  static std::string Upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  std::string Table() const {
    return QuoteIdentifier(schema_) + "." + QuoteIdentifier(options_.table);
  }
  ProgressSql Progress() const {
    return {QuoteIdentifier(schema_) + "." + QuoteIdentifier(options_.table + "_progress"),
            [](std::string_view v) { return Literal(v); }, ""};
  }
  int64_t LockKey() const {
    return FlywayPostgresLockKey(schema_, options_.table);
  }
  std::string Scrub(std::string text) const {
    return ScrubSecret(std::move(text), spec_.password);
  }

  // A postgresql:// URL or keyword string as libpq reads it (PQconninfoParse): every libpq
  // parameter, Unix sockets, %2F hosts. A URI's JDBC-style parameters (currentSchema, sslMode,
  // ...), which libpq would refuse, are left to ConnInfo's mapping.
  Result<std::map<std::string, std::string>> LibpqOptions() const {
    std::map<std::string, std::string> out;
    if (spec_.libpq.empty()) return out;
    std::string text = spec_.libpq;
    const auto& known = LibpqKeywords();
    if (const size_t q = text.find('?'); q != std::string::npos && text.find("://") != std::string::npos) {
      std::string kept;
      std::string_view query = std::string_view(text).substr(q + 1);
      while (!query.empty()) {
        const size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (known.count(std::string(pair.substr(0, pair.find('='))))) kept += (kept.empty() ? "" : "&") + std::string(pair);
      }
      text = text.substr(0, q) + (kept.empty() ? "" : "?" + kept);
    }
    char* error = nullptr;
    PQconninfoOption* opts = PQconninfoParse(text.c_str(), &error);
    if (!opts) {
      std::string why = error ? TrimRight(error) : "out of memory";
      if (error) PQfreemem(error);
      return Fail(Error(ErrorCode::kConfig, "invalid PostgreSQL connection string '" + RedactText(spec_.libpq) +
                                                "': " + RedactText(why))
                      .Hint("see libpq's connection strings: postgresql://user@host:port/db?param=value, or "
                            "host=... port=... dbname=..."));
    }
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
      if (o->val) out[o->keyword] = o->val;
    }
    PQconninfoFree(opts);
    return out;
  }

  // `database` replaces the URL's database (PgBouncer's admin console is database "pgbouncer").
  std::string ConnInfo(const std::string& database = "") const {
    std::map<std::string, std::string> kv;
    if (!spec_.libpq.empty()) {
      auto parsed = LibpqOptions();
      if (parsed) kv = std::move(*parsed);
      // The spec's fields were read from the same text; one a caller changed since wins.
      if (!spec_.host.empty() && !kv.count("hostaddr")) kv["host"] = spec_.host;
      if (spec_.port) kv["port"] = std::to_string(spec_.port);
      if (!spec_.database.empty()) kv["dbname"] = spec_.database;
    } else {
      kv["host"] = spec_.host;
      if (spec_.port) kv["port"] = std::to_string(spec_.port);
      if (!spec_.database.empty()) kv["dbname"] = spec_.database;
    }
    // A user or password from the settings (or the JDBC URL) wins over the URL's.
    if (!spec_.user.empty()) kv["user"] = spec_.user;
    if (!spec_.password.empty()) kv["password"] = spec_.password;
    kv.try_emplace("connect_timeout", std::to_string(std::max(1, options_.connect_timeout_s)));
    kv.try_emplace("application_name", "shiftway");
    kv.try_emplace("keepalives", "1");
    kv.try_emplace("keepalives_idle", "60");
    kv.try_emplace("keepalives_interval", "10");
    kv.try_emplace("keepalives_count", "6");
    const auto& known = LibpqKeywords();
    for (const auto& [key, value] : spec_.params) {
      const std::string lower = Lower(key);
      if (known.count(key)) {
        kv[key] = value;
      } else if (lower.starts_with("ssl") && known.count(lower)) {
        // sslMode=require, sslRootCert=...: the TLS settings count whatever their case, so that a
        // request for TLS is never dropped for being spelled the JDBC way.
        kv[lower] = value;
      } else if ((lower == "usessl" || lower == "requiressl") && (value == "true" || value == "1") &&
                 !spec_.params.count("sslmode")) {
        kv["sslmode"] = "require";
      } else if (lower == "ssl" && (value == "true" || value == "1") && !spec_.params.count("sslmode")) {
        kv["sslmode"] = "require";
      } else if (lower == "currentschema") {
        kv["options"] = "-csearch_path=" + value;
      } else if (lower == "applicationname") {
        kv["application_name"] = value;
      } else if (lower == "connecttimeout" || lower == "logintimeout") {
        kv["connect_timeout"] = value;
      }
      // Other JDBC-only parameters (prepareThreshold, tcpKeepAlive, ...) have no libpq meaning.
    }
    if (!database.empty()) kv["dbname"] = database;
    std::string out;
    for (const auto& [key, value] : kv) out += key + "=" + ConnValue(value) + " ";
    return out;
  }

  Error ConnectError(const std::string& failure, bool auth, int attempts) const {
    // libpq says "connection to server at "h", port p failed: why"; the message names the server
    // once, as host:port, and keeps the why.
    std::string why = FirstLine(failure);
    if (auto p = why.find(" failed: "); why.rfind("connection to server", 0) == 0 && p != std::string::npos) {
      why = why.substr(p + 9);
    }
    Error e(ErrorCode::kDatabase,
            "cannot connect to PostgreSQL at " + spec_.Where() + ": " + StripSeverity(why));
    e.db_message = failure;
    if (attempts > 1) e.Note("gave up after " + std::to_string(attempts) + " attempts");
    e.Hint(auth ? "check the user, password and database name in the URL or configuration"
                : "check that the server runs and accepts " +
                      std::string(spec_.Where().starts_with("socket ") ? "" : "TCP ") + "connections on " + spec_.Where() +
                      " (connectRetries waits for a server that is starting)");
    return e;
  }

  Error LostConnection() const {
    PGconn* c = conn_ ? conn_->handle() : nullptr;
    Error e(ErrorCode::kDatabase, "lost the connection to PostgreSQL at " + spec_.Where());
    if (c) e.db_message = TrimRight(Scrub(PQerrorMessage(c)));
    e.Note(
        "the migration lock went with the connection; nothing after the last committed migration is applied");
    return e;
  }

  // libpq directly (see top): the position is only available as a libpq error field.
  Error StatementError(const PGresult* r, const std::string& statement) const {
    auto field = [&](int code) {
      const char* v = PQresultErrorField(r, code);
      return v ? std::string(v) : std::string();
    };
    std::string primary = field(PG_DIAG_MESSAGE_PRIMARY);
    if (primary.empty()) primary = TrimRight(StripSeverity(PQresultErrorMessage(r)));
    Error e(ErrorCode::kMigration, Scrub(primary));
    e.db_message = e.message;
    e.sqlstate = field(PG_DIAG_SQLSTATE);
    if (std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty())
      e.Note("detail: " + Scrub(detail));
    if (std::string where = field(PG_DIAG_CONTEXT); !where.empty())
      e.Note("context: " + Scrub(FirstLine(where)));
    if (std::string hint = field(PG_DIAG_MESSAGE_HINT); !hint.empty()) e.Hint(Scrub(hint));
    if (std::string pos = field(PG_DIAG_STATEMENT_POSITION); !pos.empty()) {
      e.pos = PosAtByte(statement, ByteOfCharPosition(statement, std::atoi(pos.c_str())));
    }
    return e;
  }

  Error FromException(const std::exception& ex, ErrorCode code) const {
    std::string text = TrimRight(Scrub(ex.what()));
    if (dynamic_cast<const pqxx::broken_connection*>(&ex)) {
      Error e = LostConnection();
      if (e.db_message.empty()) e.db_message = text;
      return e;
    }
    Error e(code, StripSeverity(FirstLine(text)));
    e.db_message = text;
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&ex)) e.sqlstate = sql->sqlstate();
    return e;
  }

  Result<pqxx::result> Query(const std::string& sql, ErrorCode code) {
    try {
      pqxx::nontransaction tx(*conn_);
      pqxx::result r = tx.exec(sql);
      tx.commit();
      return r;
    } catch (const std::exception& e) {
      return Fail(FromException(e, code));
    }
  }

  Result<void> Exec(const std::string& sql, ErrorCode code) {
    auto r = Query(sql, code);
    if (!r) return Fail(r.error());
    return {};
  }

  // After a failed attempt: reports the wait and sleeps, or fails after lock_retry_count
  // attempts naming the holder.
  Result<void> WaitForLock(int attempt, const std::function<void(const LockWait&)>& on_wait) {
    const int64_t key = LockKey();
    const int attempts = std::max(1, options_.lock_retry_count);
    LockWait wait;
    wait.attempt = attempt;
    wait.max_attempts = attempts;
    const std::string pid = HolderPid(key);
    wait.holder = pid.empty() ? "another session" : "backend pid " + pid;
    wait.free_command = pid.empty() ? "" : "SELECT pg_terminate_backend(" + pid + ")";
    if (attempt >= attempts) {
      Error e(ErrorCode::kDatabase, "could not take the migration lock on " + spec_.Where() + " after " +
                                        std::to_string(attempts) + " attempts: " + wait.holder + " holds it");
      e.Note("the lock is " + std::string(per_transaction_lock_ ? "pg_advisory_xact_lock(" : "pg_advisory_lock(") +
             std::to_string(key) + ") for " + QuoteIdentifier(schema_) + "." + QuoteIdentifier(options_.table) +
             ", the same one Flyway takes");
      e.Hint(pid.empty() ? "wait for the other migration to finish"
                         : "wait for the other migration to finish, or end its session with `" +
                               wait.free_command + "`");
      return Fail(std::move(e));
    }
    if (on_wait) on_wait(wait);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    return {};
  }

  // Whether a pooler sits between us and the server (docs/locking.md, "Detection"): the server
  // sees a client port that is not our socket's. PgBouncer's admin console then tells the pool
  // mode; a server that has no database "pgbouncer" is PostgreSQL behind a plain proxy.
  Result<void> DetectPooler(int server_seen_port) {
    sockaddr_storage local{};
    socklen_t len = sizeof local;
    const int fd = PQsocket(conn_->handle());
    if (fd < 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return {};
    int local_port = -1;
    if (local.ss_family == AF_INET) local_port = ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
    if (local.ss_family == AF_INET6) local_port = ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
    // A Unix socket to us and none from the server's view: direct (or a pooler we cannot see).
    if (local_port < 0 && server_seen_port < 0) return {};
    if (local_port >= 0 && local_port == server_seen_port) return {};

    std::string mode = "PgBouncer's admin console did not answer";
    PGconn* console = PQconnectdb(ConnInfo("pgbouncer").c_str());
    if (PQstatus(console) == CONNECTION_OK) {
      PGresult* r = PQexec(console, "SHOW DATABASES");
      const int name_col = PQfnumber(r, "name"), mode_col = PQfnumber(r, "pool_mode");
      if (PQresultStatus(r) == PGRES_TUPLES_OK && name_col >= 0 && mode_col >= 0) {
        mode = "PgBouncer's SHOW DATABASES does not list database " + spec_.database;
        for (int i = 0; i < PQntuples(r); ++i) {
          if (PQgetvalue(r, i, name_col) == spec_.database) mode = PQgetvalue(r, i, mode_col);
        }
      }
      PQclear(r);
      // A database without a pool_mode of its own uses the global one.
      if (mode.empty()) {
        mode = "PgBouncer's SHOW CONFIG does not list pool_mode";
        r = PQexec(console, "SHOW CONFIG");
        const int key_col = PQfnumber(r, "key"), value_col = PQfnumber(r, "value");
        if (PQresultStatus(r) == PGRES_TUPLES_OK && key_col >= 0 && value_col >= 0) {
          for (int i = 0; i < PQntuples(r); ++i) {
            if (std::string_view(PQgetvalue(r, i, key_col)) == "pool_mode") mode = PQgetvalue(r, i, value_col);
          }
        }
        PQclear(r);
      }
    } else {
      std::string why = PQerrorMessage(console);
      // PostgreSQL itself answered: a proxy that hands on one connection, not a pooler.
      if (why.find("database \"pgbouncer\" does not exist") != std::string::npos) {
        PQfinish(console);
        return {};
      }
      mode = "PgBouncer's admin console refused `SHOW DATABASES`: " +
             StripSeverity(TrimRight(FirstLine(Scrub(why))));
    }
    PQfinish(console);
    if (mode == "statement") {
      return Fail(Error(ErrorCode::kConfig, "PgBouncer at " + spec_.Where() + " pools database " + spec_.database +
                                                " in statement mode, which cannot run a migration's transaction")
                      .Hint("point shiftway at a database in transaction or session pooling mode, or at "
                            "PostgreSQL directly"));
    }
    pool_mode_ = mode;
    per_transaction_lock_ = mode != "session";
    return {};
  }

  std::string HolderPid(int64_t key) {
    const uint64_t k = static_cast<uint64_t>(key);
    auto rows = Query(
        "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
        "AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
        "AND classid::bigint = " +
            std::to_string(k >> 32) + " AND objid::bigint = " + std::to_string(k & 0xFFFFFFFFu) + " LIMIT 1",
        ErrorCode::kDatabase);
    if (!rows || rows->empty() || (*rows)[0][0].is_null()) return "";
    return (*rows)[0][0].c_str();
  }

  Result<std::vector<Object>> Objects(std::vector<std::string> schemas) {
    if (schemas.empty()) schemas.push_back(schema_);
    const std::string in = ArrayOf(schemas);
    // Objects of extensions, and internal ones (a range type's constructors), go with their owner.
    const std::string not_owned =
        " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = o.oid AND d.deptype IN ('e', "
        "'i'))";
    const std::string prokind =
        version_num_ >= 110000
            ? "CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END"
            : "CASE WHEN p.proisagg THEN 'aggregate' ELSE 'function' END";
    const std::string partition = version_num_ >= 100000 ? " AND NOT c.relispartition" : "";
    // Dropped in this order: what depends on tables first, types last.
    const std::string sql =
        "SELECT nspname, kind, name, args FROM ("
        " SELECT n.nspname, CASE c.relkind WHEN 'm' THEN 'materialized view' WHEN 'v' THEN 'view'"
        "   WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' ELSE 'table' END AS kind,"
        "   c.relname AS name, '' AS args,"
        "   CASE c.relkind WHEN 'm' THEN 1 WHEN 'v' THEN 2 WHEN 'S' THEN 5 WHEN 'f' THEN 4 ELSE 3 END AS ord"
        " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,"
        "   LATERAL (SELECT c.oid) o"
        " WHERE n.nspname = ANY(" +
        in + ") AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')" + partition + not_owned +
        " UNION ALL"
        " SELECT n.nspname, " +
        prokind +
        ", p.proname, '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', 6"
        " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace,"
        "   LATERAL (SELECT p.oid) o"
        " WHERE n.nspname = ANY(" +
        in + ")" + not_owned +
        " UNION ALL"
        " SELECT n.nspname, CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, t.typname, '',"
        "   CASE t.typtype WHEN 'd' THEN 8 ELSE 7 END"
        " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace,"
        "   LATERAL (SELECT t.oid) o"
        " WHERE n.nspname = ANY(" +
        in +
        ") AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND"
        "   (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c'))" +
        not_owned + ") objects ORDER BY ord, nspname, name, args";
    auto rows = Query(sql, ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<Object> out;
    for (const auto& row : *rows)
      out.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str()});
    return out;
  }

  ConnectionSpec spec_;
  DriverOptions options_;
  std::unique_ptr<Connection> conn_;
  std::string zone_ = "UTC";  ///< the session's TimeZone: this machine's zone (ClientTimeZone)
  std::unique_ptr<pqxx::quiet_errorhandler> quiet_;
  std::string user_, database_, schema_, version_;
  int version_num_ = 0;
  int backend_pid_ = 0;
  PGconn* side_ = nullptr;  ///< asks who blocks a waiting statement; opened on first need
  bool locked_ = false;
  // Through a pooler: its pool mode, or why it is unknown; empty for a direct connection.
  std::string pool_mode_;
  bool per_transaction_lock_ = false;
  bool commit_unknown_ = false;
  std::string local_settings_;  ///< SET LOCAL statements run at the start of every transaction
  std::string original_role_, original_path_;  ///< CURRENT_USER and search_path at connect
  bool path_touched_ = false;  ///< shiftway's connect changed the search_path, Flyway's would not
  std::function<void(const LockWait&)> on_wait_;
};

}  // namespace

bool PostgresCannotRunInTransaction(std::string_view statement, int server_version_num) {
  const std::vector<std::string> w = Tokens(statement, 24);
  auto at = [&](std::size_t i) { return i < w.size() ? w[i] : std::string(); };
  const std::string first = at(0);
  if (first == "VACUUM") return true;
  if (first == "CREATE" || first == "DROP") {
    std::size_t i = 1;
    if (first == "CREATE" && at(i) == "UNIQUE") ++i;
    if (at(i) == "INDEX") return at(i + 1) == "CONCURRENTLY";
    return at(1) == "DATABASE" || at(1) == "TABLESPACE";
  }
  if (first == "REINDEX") {
    std::size_t i = 1;
    if (at(i) == "(") {  // REINDEX (VERBOSE, CONCURRENTLY) TABLE t
      while (i < w.size() && w[i] != ")") {
        if (w[i] == "CONCURRENTLY") return true;
        ++i;
      }
      ++i;
    }
    if (at(i) == "SYSTEM" || at(i) == "DATABASE") return true;
    return at(i + 1) == "CONCURRENTLY";
  }
  if (first == "ALTER") {
    if (at(1) == "SYSTEM") return true;
    if (at(1) == "TYPE" && server_version_num < 120000) {
      for (std::size_t i = 2; i + 1 < w.size(); ++i) {
        if (w[i] == "ADD" && w[i + 1] == "VALUE") return true;
        if (w[i] == "ADD" || w[i] == "RENAME" || w[i] == "OWNER" || w[i] == "SET" || w[i] == "DROP") break;
      }
    }
  }
  return false;
}

Result<std::unique_ptr<Driver>> OpenPostgres(const ConnectionSpec& spec, const DriverOptions& options) {
  auto driver = std::make_unique<PostgresDriver>(spec, options);
  if (auto r = driver->Connect(); !r) return Fail(r.error());
  return std::unique_ptr<Driver>(std::move(driver));
}

}  // namespace shiftway::drivers
