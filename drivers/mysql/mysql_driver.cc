// MySQL/MariaDB driver over Connector/C++ 1.1: one statement per round trip, every result drained.
#include "drivers/mysql/mysql_driver.h"
#include "core/base/strings.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "drivers/catalog.h"
#include "drivers/common.h"
#include "drivers/mysql/galera_lock.h"

namespace shiftway::drivers {
namespace {

// Connector/C++ lives in ::sql, which our own shiftway::sql hides.
namespace cppconn = ::sql;

std::string Quote(std::string_view ident) {
  std::string out = "`";
  for (char c : ident) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

using Rows = std::vector<std::vector<std::optional<std::string>>>;

// A statement digest as performance_schema keeps it ("SELECT `a` FROM `t` WHERE ID IN (...)"),
// turned back into a statement that prepares the same way: a list of values becomes one `?`, the
// rows of an INSERT with a column list become one row of `?`s, and the "/* , ... */" that stands
// for further rows goes. `unusable` says why a digest cannot be turned back (cut short at
// max_digest_length, or the rows of an INSERT without a column list, whose width it dropped).
std::string StatementOfDigest(std::string text, std::string* unusable) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  const std::string more = " /* , ... */";
  if (text.size() >= more.size() && text.compare(text.size() - more.size(), more.size(), more) == 0) {
    text.erase(text.size() - more.size());
  }
  if (text.size() >= 3 && text.compare(text.size() - 3, 3, "...") == 0) {
    *unusable = "the server cut its digest text short (max_digest_length)";
    return text;
  }
  std::size_t at;
  while ((at = text.find("VALUES (...)")) != std::string::npos) {
    // The column list just before: "( a , b , c ) VALUES (...)".
    const std::size_t close = text.rfind(')', at);
    const std::size_t open = close == std::string::npos ? close : text.rfind('(', close);
    if (close == std::string::npos || open == std::string::npos || text.find_first_not_of(' ', close + 1) != at) {
      *unusable = "its digest keeps no count of the values each row inserts (an INSERT without a column list)";
      return text;
    }
    const int columns = 1 + static_cast<int>(std::count(text.begin() + open, text.begin() + close, ','));
    std::string row = "(";
    for (int i = 0; i < columns; ++i) row += i ? ", ?" : "?";
    text.replace(at + 7, 5, row + ")");
  }
  while ((at = text.find("(...)")) != std::string::npos) text.replace(at, 5, "(?)");
  return text;
}

// Connector/C++ 1.1's getMoreResults() returns false after an update count even when results
// follow it, so one false is not the end. A call with nothing pending is a local check (no round
// trip), so keep asking until it has said false this many times in a row. Statements run one at
// a time (no CLIENT_MULTI_STATEMENTS), so only CALL yields several results, and it ends with
// a single status result.
constexpr int kDrainFalseCalls = 16;

Rows DrainResults(cppconn::Statement& statement, bool has_result_set, bool keep) {
  Rows rows;
  bool first_set = true;
  for (int falses = 0; falses < kDrainFalseCalls;) {
    if (has_result_set) {
      std::unique_ptr<cppconn::ResultSet> rs(statement.getResultSet());
      const bool collect = keep && first_set;
      first_set = false;
      while (rs && rs->next()) {
        if (!collect) continue;
        const unsigned columns = rs->getMetaData()->getColumnCount();
        std::vector<std::optional<std::string>> row;
        for (unsigned i = 1; i <= columns; ++i) {
          std::string v = rs->getString(i);
          row.push_back(rs->wasNull() ? std::nullopt : std::optional<std::string>(std::move(v)));
        }
        rows.push_back(std::move(row));
      }
    }
    has_result_set = statement.getMoreResults();
    falses = has_result_set ? 0 : falses + 1;
  }
  return rows;
}

class MysqlDriver final : public Driver {
 public:
  MysqlDriver(ConnectionSpec spec, DriverOptions options)
      : spec_(std::move(spec)), options_(std::move(options)) {}

  Result<void> Connect() {
    const int attempts = 1 + std::max(0, options_.connect_retries);
    int backoff_s = 1;
    for (int attempt = 1;; ++attempt) {
      std::string failure, state;
      int code = 0;
      try {
        cppconn::ConnectOptionsMap opts = Options();
        conn_.reset(::get_driver_instance()->connect(opts));
        break;
      } catch (const cppconn::SQLException& e) {
        failure = Scrub(e.what());
        state = e.getSQLState();
        code = e.getErrorCode();
      } catch (const std::exception& e) {
        failure = Scrub(e.what());
      }
      conn_.reset();
      // 1044/1045: access denied; 1049: unknown database. Waiting does not fix those.
      const bool auth = code == 1044 || code == 1045 || code == 1049 || code == 1698;
      if (auth || attempt >= attempts) {
        Error e(ErrorCode::kDatabase, "cannot connect to MySQL at " + spec_.Where() + ": " + failure);
        e.db_message = failure;
        e.sqlstate = state;
        if (attempt > 1) e.Note("gave up after " + std::to_string(attempt) + " attempts");
        e.Hint(auth ? "check the user, password and database name in the URL or configuration"
                    : "check that the server runs and accepts TCP connections on " + spec_.Where() +
                          " (connectRetries waits for a server that is starting)");
        return Fail(std::move(e));
      }
      WaitBeforeRetry(options_, "MySQL at " + spec_.Where(), failure, attempt, attempts, &backoff_s);
    }

    // Connector/C++ 1.1 over libmariadb connects in plaintext to a server without TLS even when
    // told to enforce it, so check what the session really got before anything else is sent.
    if (const std::string asked = TlsRequirement(); !asked.empty()) {
      auto cipher = Query("SHOW SESSION STATUS LIKE 'Ssl_cipher'", ErrorCode::kDatabase);
      if (!cipher) return Fail(cipher.error());
      if (cipher->empty() || (*cipher)[0].size() < 2 || (*cipher)[0][1].value_or("").empty()) {
        conn_.reset();
        return Fail(Error(ErrorCode::kDatabase, "cannot connect to MySQL at " + spec_.Where() + ": " + asked +
                                                    " asks for TLS, but the server did not encrypt the connection")
                        .Note("shiftway closed the connection before sending anything on it")
                        .Hint("enable TLS on the server (ssl_cert and ssl_key), or remove " + asked +
                              " from the URL if a plaintext connection is acceptable"));
      }
    }

    const int lock_wait_s = std::max(1, (options_.lock_timeout_ms + 999) / 1000);
    std::string setup = "SET SESSION wait_timeout = 600";
    // lock_wait_timeout bounds waits for metadata locks (DDL), innodb_lock_wait_timeout for row locks.
    if (options_.lock_timeout_ms > 0) {
      setup += ", SESSION lock_wait_timeout = " + std::to_string(lock_wait_s) +
               ", SESSION innodb_lock_wait_timeout = " + std::to_string(lock_wait_s);
    }
    if (auto r = Exec(setup, ErrorCode::kDatabase); !r) return r;
    auto info = Query("SELECT VERSION(), SUBSTRING_INDEX(USER(), '@', 1), DATABASE(), @@SESSION.sql_mode, "
                      "@@SESSION.foreign_key_checks, @@SESSION.sql_safe_updates",
                      ErrorCode::kDatabase);
    if (!info) return Fail(info.error());
    const auto& row = (*info)[0];
    const std::string version = row[0].value_or("");
    const bool maria = version.find("MariaDB") != std::string::npos;
    version_ = (maria ? "MariaDB " : "MySQL ") + version.substr(0, version.find('-'));
    user_ = row[1].value_or("");
    // What Flyway's MySQLConnection remembers when it opens, and restores before each script.
    original_foreign_key_checks_ = row[4].value_or("1");
    original_sql_safe_updates_ = row[5].value_or("0");
    user_variables_query_ = std::string("SELECT variable_name FROM ") +
                            (maria ? "information_schema.user_variables" : "performance_schema.user_variables_by_thread") +
                            " WHERE variable_value IS NOT NULL";
    {
      // As Flyway: MariaDB 10.2 and MySQL 5.7 onwards, and only when the user may read the table.
      const std::string number = version.substr(0, version.find_first_not_of("0123456789."));
      const int major = std::atoi(number.c_str());
      const std::size_t dot = number.find('.');
      const int minor = dot == std::string::npos ? 0 : std::atoi(number.c_str() + dot + 1);
      const bool recent = maria ? (major > 10 || (major == 10 && minor >= 2)) : (major > 5 || (major == 5 && minor >= 7));
      can_reset_user_variables_ = recent && Query(user_variables_query_, ErrorCode::kDatabase).has_value();
    }
    // Galera (docs/locking.md): GET_LOCK is node-local there. The variable is absent on MySQL.
    auto wsrep = Query("SHOW VARIABLES LIKE 'wsrep_on'", ErrorCode::kDatabase);
    if (!wsrep) return Fail(wsrep.error());
    galera_ = !wsrep->empty() && (*wsrep)[0].size() > 1 && (*wsrep)[0][1].value_or("") == "ON";
    // Reads wait until this node has applied every write the cluster committed before them, so
    // the history read under the lock is the cluster's, not a lagging node's.
    if (galera_) {
      if (auto r = Exec("SET SESSION wsrep_sync_wait = 1", ErrorCode::kDatabase); !r) return r;
    }
    if (!options_.schemas.empty()) {
      schema_ = options_.schemas.front();
      // It may not exist yet; EnsureSchemas creates it and switches to it.
      (void)Exec("USE " + Quote(schema_), ErrorCode::kDatabase);
    } else if (row[2]) {
      schema_ = *row[2];
    } else {
      return Fail(Error(ErrorCode::kConfig, "no database selected on " + spec_.Where())
                      .Hint("name one in the URL (mysql://host/DATABASE) or set `schemas`"));
    }
    return {};
  }

  sql::Dialect dialect() const override { return sql::Dialect::kMysql; }
  std::string ServerVersion() const override { return version_; }
  std::string CurrentUser() const override { return user_; }
  std::string DefaultSchema() const override { return schema_; }
  std::string DatabaseName() const override { return schema_; }
  bool TransactionalDdl() const override { return false; }

  std::string Topology() const override {
    if (!galera_) return "";
    return "connected to a MariaDB Galera node (wsrep_on): the migration lock is a row of " + LockTable() +
           ", certified across the cluster, with a lease of " + std::to_string(options_.lock_lease_ms / 1000) +
           " s renewed every " + std::to_string(std::max(1, options_.lock_lease_ms / 3000)) +
           " s ([migrate] lock_lease); DDL runs under total order isolation and blocks writes on the whole cluster "
           "while it runs";
  }

  std::string LockNote() const override { return lock_note_; }

  Result<void> Lock(const std::function<void(const LockWait&)>& on_wait) override {
    const std::string name = LockName();
    const int attempts = std::max(1, options_.lock_retry_count);
    for (int attempt = 1;; ++attempt) {
      auto got = Query("SELECT GET_LOCK(" + Literal(name) + ", 0)", ErrorCode::kDatabase);
      if (!got) return Fail(got.error());
      if ((*got)[0][0].value_or("") == "1") {
        locked_ = true;
        if (galera_) return LockCluster(on_wait);
        return {};
      }
      auto holder = Query("SELECT IS_USED_LOCK(" + Literal(name) + ")", ErrorCode::kDatabase);
      std::string id = holder && !holder->empty() ? (*holder)[0][0].value_or("") : "";
      LockWait wait;
      wait.attempt = attempt;
      wait.max_attempts = attempts;
      wait.holder = id.empty() ? "another session" : "connection id " + id;
      wait.free_command = id.empty() ? "" : "KILL " + id;
      if (attempt >= attempts) {
        Error e(ErrorCode::kDatabase, "could not take the migration lock on " + spec_.Where() + " after " +
                                          std::to_string(attempts) + " attempts: " + wait.holder +
                                          " holds it");
        e.Note("the lock is GET_LOCK('" + name + "') for " + Quote(schema_) + "." + Quote(options_.table) +
               ", the same one Flyway takes");
        e.Hint(id.empty()
                   ? "wait for the other migration to finish"
                   : "wait for the other migration to finish, or end its session with `KILL " + id + "`");
        return Fail(std::move(e));
      }
      if (on_wait) on_wait(wait);
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  Result<void> Unlock() override {
    if (!locked_) return {};
    if (galera_lock_) {
      auto released = galera_lock_->Release();
      galera_lock_.reset();
      if (!released) {
        (void)Query("SELECT RELEASE_LOCK(" + Literal(LockName()) + ")", ErrorCode::kDatabase);
        locked_ = false;
        return Fail(released.error());
      }
    }
    auto r = Query("SELECT RELEASE_LOCK(" + Literal(LockName()) + ")", ErrorCode::kDatabase);
    if (!r) return Fail(r.error());
    locked_ = false;
    return {};
  }

  Result<void> Begin() override {
    // Checked before every migration: once the lease is gone another process may be migrating.
    if (galera_lock_) {
      if (const std::string lost = galera_lock_->Lost(); !lost.empty()) {
        return Fail(Error(ErrorCode::kDatabase, "stopped: " + lost)
                        .Note("another process may be migrating this database now, so no further migration was started")
                        .Hint("run `shiftway info` to see what is applied, and raise [migrate] lock_lease above the "
                              "longest pause of this process (a long DDL statement under total order isolation "
                              "delays the renewal)"));
      }
    }
    return Exec(BeginSql(), ErrorCode::kDatabase);
  }
  std::string BeginSql() const override { return "START TRANSACTION"; }
  Result<void> Commit() override {
    last_vendor_ = 0;
    auto r = Exec("COMMIT", ErrorCode::kDatabase);
    // 2006/2013: no answer to COMMIT, so the server may have committed before the connection went.
    commit_unknown_ = !r && (last_vendor_ == 2006 || last_vendor_ == 2013);
    return r;
  }
  bool CommitOutcomeUnknown() const override { return commit_unknown_; }
  Result<void> Rollback() override { return Exec("ROLLBACK", ErrorCode::kDatabase); }

  Result<void> Execute(const sql::Statement& statement) override {
    auto r = Run(statement.text, false, ErrorCode::kMigration);
    if (!r) {
      Error e = std::move(r.error());
      // ER_LOCK_WAIT_TIMEOUT, for metadata locks (lock_wait_timeout) and row locks alike.
      if (e.db_message.find("Lock wait timeout exceeded") != std::string::npos) e.Note(Blockers());
      // Galera aborts a transaction that conflicts with another node's (error 1213): when the
      // conflict came from a process that took our lock over, say that, not the statement's error.
      if (galera_lock_ && (e.db_message.find("Deadlock") != std::string::npos || !galera_lock_->Lost().empty())) {
        if (auto held = galera_lock_->Fence(); !held) {
          Error lost = std::move(held.error());
          lost.Note("the statement failed with: " + e.message);
          return Fail(std::move(lost));
        }
      }
      return Fail(std::move(e));
    }
    return {};
  }

  // Flyway's MySQLConnection: restoreOriginalState sets every user variable the session has to
  // NULL and foreign_key_checks and sql_safe_updates back to their values at connect;
  // changeCurrentSchemaTo(schema) makes the default schema the current database again, when it
  // exists. Everything else a script set (sql_mode, time_zone, autocommit, ...) stays.
  Result<void> RestoreSessionState() override {
    if (can_reset_user_variables_) {
      auto names = Query(user_variables_query_, ErrorCode::kDatabase);
      if (!names) return Fail(names.error());
      std::string set;
      for (const auto& row : *names) set += (set.empty() ? "SET @" : ", @") + Quote(row[0].value_or("")) + " = NULL";
      if (!set.empty()) {
        if (auto r = Exec(set, ErrorCode::kDatabase); !r) return r;
      }
    }
    if (auto r = Exec("SET foreign_key_checks = " + original_foreign_key_checks_ +
                          ", sql_safe_updates = " + original_sql_safe_updates_,
                      ErrorCode::kDatabase);
        !r) {
      return r;
    }
    auto exists = Query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + Literal(schema_),
                        ErrorCode::kDatabase);
    if (!exists) return Fail(exists.error());
    if (exists->empty()) return {};
    return Exec("USE " + Quote(schema_), ErrorCode::kDatabase);
  }

  Result<std::vector<RecordedStatement>> RecordedStatements(const std::vector<std::string>& requested) override {
    auto on = Query("SELECT @@GLOBAL.performance_schema", ErrorCode::kDatabase);
    if (!on) return Fail(on.error());
    if (on->empty() || (*on)[0][0].value_or("0") != "1") {
      return Fail(Error(ErrorCode::kConfig, "performance_schema is off on the server at " + spec_.Where() +
                                                ", so it keeps no statement digests to export")
                      .Hint("start the server with performance_schema=ON (in the [mysqld] section of its "
                            "configuration file; it cannot be switched on while the server runs)"));
    }
    std::vector<std::string> schemas = requested.empty() ? std::vector<std::string>{schema_} : requested;
    std::string in;
    for (const auto& s : schemas) in += (in.empty() ? "" : ", ") + Literal(s);
    auto rows = Query("SELECT DIGEST_TEXT, COUNT_STAR, SCHEMA_NAME FROM "
                      "performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME IN (" + in +
                          ") AND DIGEST_TEXT IS NOT NULL ORDER BY COUNT_STAR DESC, DIGEST_TEXT",
                      ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<RecordedStatement> out;
    for (const auto& row : *rows) {
      RecordedStatement s;
      s.calls = std::stoll(row[1].value_or("0"));
      s.where = "schema " + row[2].value_or("");
      s.text = StatementOfDigest(row[0].value_or(""), &s.unusable);
      out.push_back(std::move(s));
    }
    return out;
  }

  // MySQL commits DDL implicitly and has no statement that refuses a transaction block.
  // Connector/C++'s prepareStatement is a server-side prepare (COM_STMT_PREPARE): the server
  // resolves every table and column then, and the statement is closed again at once.
  Result<void> Prepare(const std::string& text) override {
    if (!conn_) return Fail(ErrorCode::kDatabase, "not connected to MySQL at " + spec_.Where());
    try {
      std::unique_ptr<cppconn::PreparedStatement> st(conn_->prepareStatement(cppconn::SQLString(text)));
      return {};
    } catch (const cppconn::SQLException& e) {
      last_vendor_ = e.getErrorCode();
      return Fail(FromException(e, ErrorCode::kMigration, text));
    } catch (const std::exception& e) {
      return Fail(Error(ErrorCode::kMigration, Scrub(e.what())));
    }
  }

  // A NOT NULL column without a default fails an INSERT that leaves it out in strict mode (the
  // default since MySQL 5.7 and MariaDB 10.2.4); MySQL 8 shows DEFAULT_GENERATED in EXTRA for an
  // expression default, which is not a generated column. The schema is a literal, never DATABASE():
  // with an expression there, the server reads the columns of every database it has.
  Result<std::vector<InsertColumn>> InsertColumns(const std::string& schema, const std::string& table) override {
    auto rows = Query("SELECT COLUMN_NAME, IS_NULLABLE = 'NO' AND COLUMN_DEFAULT IS NULL AND EXTRA NOT LIKE "
                      "'%auto_increment%', EXTRA LIKE '%VIRTUAL GENERATED%' OR EXTRA LIKE '%STORED GENERATED%' "
                      "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + Literal(schema.empty() ? schema_ : schema) +
                          " AND TABLE_NAME = " + Literal(table) + " ORDER BY ORDINAL_POSITION",
                      ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<InsertColumn> out;
    for (const auto& row : *rows) {
      InsertColumn c;
      c.name = row[0].value_or("");
      const bool generated = row[2].value_or("0") == "1";
      c.required = row[1].value_or("0") == "1" && !generated;
      if (generated) c.generated = "a generated column";
      out.push_back(std::move(c));
    }
    return out;
  }

  bool CannotRunInTransaction(const sql::Statement&) const override { return false; }

  Result<std::vector<std::string>> EnsureSchemas(const std::vector<std::string>& schemas) override {
    std::vector<std::string> missing;
    if (schemas.empty()) return missing;
    std::string in;
    for (const auto& s : schemas) in += (in.empty() ? "" : ", ") + Literal(s);
    auto rows = Query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (" + in + ")",
                      ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::set<std::string> present;
    for (const auto& row : *rows) present.insert(row[0].value_or(""));
    for (const auto& s : schemas) {
      if (!present.count(s) && std::find(missing.begin(), missing.end(), s) == missing.end())
        missing.push_back(s);
    }
    // A dry run reports what it would create and creates nothing.
    if (options_.read_only) return missing;
    for (const auto& s : missing) {
      if (auto r = Exec("CREATE DATABASE IF NOT EXISTS " + Quote(s), ErrorCode::kDatabase); !r)
        return Fail(r.error());
    }
    if (auto r = Exec("USE " + Quote(schemas.front()), ErrorCode::kDatabase); !r) return Fail(r.error());
    return missing;
  }

  Result<bool> HistoryExists() override {
    auto rows = Query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + Literal(schema_) +
                          " AND TABLE_NAME = " + Literal(options_.table),
                      ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    return !rows->empty();
  }

  // Flyway's createMetaDataTable.sql for MySQL, statement for statement.
  std::vector<std::string> CreateHistorySql() const override {
    return {
        "CREATE TABLE " + Table() +
            " (\n"
            "    `installed_rank` INT NOT NULL,\n"
            "    `version` VARCHAR(50),\n"
            "    `description` VARCHAR(200) NOT NULL,\n"
            "    `type` VARCHAR(20) NOT NULL,\n"
            "    `script` VARCHAR(1000) NOT NULL,\n"
            "    `checksum` INT,\n"
            "    `installed_by` VARCHAR(100) NOT NULL,\n"
            "    `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "    `execution_time` INT NOT NULL,\n"
            "    `success` BOOL NOT NULL,\n"
            "    CONSTRAINT " +
            Quote(options_.table + "_pk") +
            " PRIMARY KEY (`installed_rank`)\n"
            ") ENGINE=InnoDB",
        "CREATE INDEX " + Quote(options_.table + "_s_idx") + " ON " + Table() + " (`success`)",
    };
  }

  Result<void> CreateHistory() override {
    for (const auto& s : CreateHistorySql()) {
      if (auto r = Exec(s, ErrorCode::kDatabase); !r) return r;
    }
    return {};
  }

  Result<std::vector<std::string>> SelectColumn(const std::string& sql) override {
    auto rows = Query(sql, ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<std::string> out;
    for (const auto& row : *rows) out.push_back(row.empty() ? "" : row[0].value_or(""));
    return out;
  }

  Result<std::vector<HistoryRow>> ReadHistory() override {
    auto rows = Query(
        "SELECT `installed_rank`, `version`, `description`, `type`, `script`, `checksum`, `installed_by`, "
        "UNIX_TIMESTAMP(`installed_on`), `execution_time`, `success` FROM " +
            Table() + " ORDER BY `installed_rank`",
        ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<HistoryRow> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) {
      HistoryRow r;
      r.installed_rank = std::stoi(row[0].value_or("0"));
      r.version = row[1];
      r.description = row[2].value_or("");
      r.type = row[3].value_or("");
      r.script = row[4].value_or("");
      if (row[5]) r.checksum = static_cast<int32_t>(std::stol(*row[5]));
      r.installed_by = row[6].value_or("");
      // A TIMESTAMP is an instant: UNIX_TIMESTAMP reads it as stored, whatever time_zone says.
      r.installed_on = row[7] ? IsoUtcFromEpoch(*row[7]) : "";
      r.execution_time = std::stoi(row[8].value_or("0"));
      r.success = row[9].value_or("0") != "0";
      out.push_back(std::move(r));
    }
    return out;
  }

  std::string InsertHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    const std::string epoch = r.installed_on.empty() ? "" : EpochFromIso(r.installed_on);
    const bool on = !epoch.empty();
    s << "INSERT INTO " << Table()
      << " (`installed_rank`, `version`, `description`, `type`, `script`, `checksum`, `installed_by`, "
      << (on ? "`installed_on`, " : "") << "`execution_time`, `success`) VALUES (" << r.installed_rank << ", "
      << (r.version ? Literal(*r.version) : "NULL") << ", " << Literal(r.description) << ", "
      << Literal(r.type) << ", " << Literal(r.script) << ", "
      << (r.checksum ? std::to_string(*r.checksum) : "NULL") << ", " << Literal(r.installed_by) << ", "
      << (on ? "FROM_UNIXTIME(" + epoch + "), " : "") << r.execution_time << ", " << (r.success ? 1 : 0) << ")";
    return s.str();
  }

  Result<void> InsertHistory(const HistoryRow& row) override {
    // A row that records a start or a failure (success = 0) is not fenced: it only stops later
    // runs until `repair`, and never records a migration as applied. Fencing the row written at a
    // migration's start would hold a row lock on our lock row for the whole migration (it is
    // written inside the migration's transaction), which the heartbeat could not renew.
    if (!row.success) return Exec(InsertHistorySql(row), ErrorCode::kDatabase);
    return Fenced(InsertHistorySql(row));
  }

  // Galera: a history write commits only together with a renewal of our own lock row, in one
  // transaction. If another process took the lock over meanwhile (this one stalled longer than the
  // lease), the renewal finds no row of ours, or fails certification against the takeover, and
  // the history write goes with it: a lost lock never records a migration.
  Result<void> Fenced(const std::string& write) {
    if (!galera_lock_) return Exec(write, ErrorCode::kDatabase);
    auto in = Query("SELECT @@in_transaction", ErrorCode::kDatabase);
    if (!in) return Fail(in.error());
    // DDL committed the migration's transaction implicitly: open one for the two writes.
    const bool own = in->empty() || (*in)[0][0].value_or("0") == "0";
    // A transaction of our own that Galera aborted for a conflict with another node's (error 1213:
    // another process's DDL under total order isolation, say) is run again, as Galera's manual
    // asks of applications; the renewal in it still fails if another process took the lock over.
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      if (own) {
        if (auto r = Exec("START TRANSACTION", ErrorCode::kDatabase); !r) return r;
      }
      auto fenced = galera_lock_->Fence();
      if (fenced) fenced = Exec(write, ErrorCode::kDatabase);
      if (fenced && own) fenced = Exec("COMMIT", ErrorCode::kDatabase);
      if (fenced || !own) return fenced;
      (void)Exec("ROLLBACK", ErrorCode::kDatabase);
      if (attempt == kAttempts || fenced.error().db_message.find("Deadlock found") == std::string::npos) return fenced;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    }
  }

  std::string UpdateHistorySql(const HistoryRow& r) const override {
    std::ostringstream s;
    s << "UPDATE " << Table() << " SET `description` = " << Literal(r.description)
      << ", `type` = " << Literal(r.type)
      << ", `checksum` = " << (r.checksum ? std::to_string(*r.checksum) : "NULL")
      << ", `execution_time` = " << r.execution_time << ", `success` = " << (r.success ? 1 : 0)
      << " WHERE `installed_rank` = " << r.installed_rank;
    return s.str();
  }

  Result<void> UpdateHistory(const HistoryRow& r) override { return Fenced(UpdateHistorySql(r)); }

  Result<void> DeleteHistory(int installed_rank) override {
    // Fenced too: a process whose lock was taken over must not delete the taker's row.
    return Fenced("DELETE FROM " + Table() + " WHERE `installed_rank` = " + std::to_string(installed_rank));
  }
  std::string LockLost() override { return galera_lock_ ? galera_lock_->Lost() : std::string(); }

  Result<void> EnsureProgress() override { return Exec(EnsureProgressSql(), ErrorCode::kDatabase); }
  std::string EnsureProgressSql() const override { return Progress().Create(); }
  Result<void> WriteProgress(const drivers::Progress& p) override {
    return Exec(WriteProgressSql(p), ErrorCode::kDatabase);
  }
  std::string WriteProgressSql(const drivers::Progress& p) const override {
    // One statement, so that a kill never leaves the row half replaced.
    return "REPLACE" + Progress().Insert(p).substr(6);
  }
  Result<void> SetProgress(int installed_rank, int done, int stop) override {
    return Exec(SetProgressSql(installed_rank, done, stop), ErrorCode::kDatabase);
  }
  std::string SetProgressSql(int installed_rank, int done, int stop) const override {
    return Progress().Set(installed_rank, done, stop);
  }
  Result<std::vector<drivers::Progress>> ReadProgress() override {
    return ReadProgressTable([this] { return ProgressExists(); },
                             [this] { return Query(Progress().Select(), ErrorCode::kDatabase); });
  }
  Result<bool> ProgressExists() override {
    auto exists = Query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + Literal(schema_) +
                            " AND TABLE_NAME = " + Literal(options_.table + "_progress"),
                        ErrorCode::kDatabase);
    if (!exists) return Fail(exists.error());
    return !exists->empty();
  }
  Result<void> DropProgress() override { return Exec(DropProgressSql(), ErrorCode::kDatabase); }
  std::string DropProgressSql() const override { return Progress().Drop(); }

  Result<std::vector<SchemaObject>> ListObjects(const std::vector<std::string>& requested) override {
    std::vector<std::string> schemas = requested.empty() ? std::vector<std::string>{schema_} : requested;
    std::string in;
    for (const auto& s : schemas) in += (in.empty() ? "" : ", ") + Literal(s);
    // Dropped in this order: triggers and events, then routines and views, then tables.
    auto rows = Query(
        "SELECT s, kind, name FROM ("
        " SELECT TRIGGER_SCHEMA AS s, 'trigger' AS kind, TRIGGER_NAME AS name, 1 AS ord"
        "   FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" +
            in +
            ")"
            " UNION ALL SELECT EVENT_SCHEMA, 'event', EVENT_NAME, 2"
            "   FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (" +
            in +
            ")"
            " UNION ALL SELECT ROUTINE_SCHEMA, LOWER(ROUTINE_TYPE), ROUTINE_NAME, 3"
            "   FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" +
            in +
            ")"
            "   AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION')"
            " UNION ALL SELECT TABLE_SCHEMA, CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN "
            "'sequence'"
            "   ELSE 'table' END, TABLE_NAME, CASE TABLE_TYPE WHEN 'VIEW' THEN 4 WHEN 'SEQUENCE' THEN 6 ELSE "
            "5 END"
            "   FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (" +
            in +
            ")"
            // The Galera lock table is shiftway's own, like the history table's lock: never a user object.
            "   AND NOT (TABLE_SCHEMA = " + Literal(schema_) + " AND TABLE_NAME = " + Literal(options_.table + "_lock") + ")"
            ") o ORDER BY ord, s, name",
        ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<SchemaObject> out;
    for (const auto& row : *rows)
      out.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or("")});
    return out;
  }

  Result<schema::Model> ReadSchema(const std::vector<std::string>& schemas) override {
    CatalogScope scope{schemas.empty() ? std::vector<std::string>{schema_} : schemas, options_.table};
    return ReadMysqlCatalog([this](const std::string& sql) { return Query(sql, ErrorCode::kDatabase); }, scope);
  }

  Result<std::vector<lint::TableSize>> ReadTableSizes(const std::vector<std::string>& schemas) override {
    const std::vector<std::string> in = schemas.empty() ? std::vector<std::string>{schema_} : schemas;
    std::string list;
    for (const auto& s : in) list += (list.empty() ? "" : ", ") + Literal(s);
    auto rows = Query(
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
        "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (" + list + ") AND NOT (TABLE_SCHEMA = " +
        Literal(schema_) + " AND TABLE_NAME IN (" + Literal(options_.table) + ", " +
        Literal(options_.table + "_progress") + ", " + Literal(options_.table + "_lock") + ")) ORDER BY 1, 2",
        ErrorCode::kDatabase);
    if (!rows) return Fail(rows.error());
    std::vector<lint::TableSize> out;
    auto number = [](const std::optional<std::string>& v) -> std::int64_t { return v ? std::stoll(*v) : -1; };
    for (const auto& row : *rows) {
      out.push_back({row[0].value_or(""), row[1].value_or(""), number(row[2]), number(row[3])});
    }
    return out;
  }

  Result<void> Clean(const std::vector<std::string>& schemas) override {
    auto objects = ListObjects(schemas);
    if (!objects) return Fail(objects.error());
    // Tables reference each other; with checks on, the drop order would have to follow the keys.
    auto fk = Query("SELECT @@SESSION.foreign_key_checks", ErrorCode::kDatabase);
    if (!fk) return Fail(fk.error());
    const std::string previous = (*fk)[0][0].value_or("1");
    if (auto r = Exec("SET SESSION foreign_key_checks = 0", ErrorCode::kDatabase); !r) return r;
    Result<void> result;
    for (const auto& o : *objects) {
      result = Exec("DROP " + Upper(o.kind) + " IF EXISTS " + Quote(o.schema) + "." + Quote(o.name),
                    ErrorCode::kDatabase);
      if (!result) break;
    }
    (void)Exec("SET SESSION foreign_key_checks = " + previous, ErrorCode::kDatabase);
    return result;
  }

 private:
  std::string Table() const { return Quote(schema_) + "." + Quote(options_.table); }
  ProgressSql Progress() const {
    return {Quote(schema_) + "." + Quote(options_.table + "_progress"),
            [this](std::string_view v) { return Literal(v); }, " ENGINE=InnoDB"};
  }

  // After a lock wait timeout: the sessions that hold metadata locks on tables of the schema
  // (information_schema.METADATA_LOCK_INFO, MariaDB's metadata_lock_info plugin), else the open
  // InnoDB transactions, with what the processlist says of them. Asked once the statement gave
  // up, so these are the sessions that still hold locks then.
  std::string Blockers() {
    auto describe = [](const Rows& rows) {
      std::string out;
      for (const auto& r : rows) {
        out += std::string(out.empty() ? "" : "; ") + "connection id " + r[0].value_or("?") + " (user " +
               r[1].value_or("?") + ", command " + r[2].value_or("?") + ", state " +
               (r[3] && !r[3]->empty() ? *r[3] : "none") + ", for " + r[4].value_or("?") + " s, query: " +
               r[5].value_or("none") + (r.size() > 6 ? ", holding " + r[6].value_or("") + " on " + r[7].value_or("") : "") +
               "; end it with KILL " + r[0].value_or("?") + ")";
      }
      return out;
    };
    auto plugin = Query("SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND "
                        "PLUGIN_STATUS = 'ACTIVE'",
                        ErrorCode::kDatabase);
    if (plugin && !plugin->empty()) {
      auto rows = Query("SELECT p.ID, p.USER, p.COMMAND, p.STATE, p.TIME, LEFT(REPLACE(p.INFO, '\n', ' '), 120), "
                        "GROUP_CONCAT(DISTINCT m.LOCK_MODE), GROUP_CONCAT(DISTINCT m.TABLE_NAME) "
                        "FROM information_schema.METADATA_LOCK_INFO m JOIN information_schema.PROCESSLIST p "
                        "ON p.ID = m.THREAD_ID WHERE m.THREAD_ID <> CONNECTION_ID() AND m.TABLE_SCHEMA = " +
                            Literal(schema_) + " AND m.TABLE_NAME <> '' GROUP BY p.ID ORDER BY p.ID",
                        ErrorCode::kDatabase);
      if (rows && !rows->empty()) return "the lock is held by " + describe(*rows);
    }
    auto trx = Query("SELECT p.ID, p.USER, p.COMMAND, p.STATE, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), "
                     "LEFT(REPLACE(p.INFO, '\n', ' '), 120) FROM information_schema.INNODB_TRX t "
                     "JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
                     "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() ORDER BY t.trx_started",
                     ErrorCode::kDatabase);
    if (trx && !trx->empty()) return "the lock may be held by one of these open transactions: " + describe(*trx);
    return "the session holding the lock is unknown: no other session holds a metadata lock in " + Quote(schema_) +
           " or has an open InnoDB transaction now";
  }
  std::string LockTable() const { return Quote(schema_) + "." + Quote(options_.table + "_lock"); }

  // Galera: GET_LOCK (held) excludes Flyway and shiftway on this node; the lock row excludes
  // every node (galera_lock.h).
  Result<void> LockCluster(const std::function<void(const LockWait&)>& on_wait) {
    auto fail = [this](Error e) -> Result<void> {
      (void)Query("SELECT RELEASE_LOCK(" + Literal(LockName()) + ")", ErrorCode::kDatabase);
      locked_ = false;
      return Fail(std::move(e));
    };
    // The lock table lives next to the history table, so its database must exist first. Looked up
    // first: even CREATE DATABASE IF NOT EXISTS runs under total order isolation, and aborts the
    // transactions of the process migrating this database on every node.
    auto schema_exists = Query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + Literal(schema_),
                               ErrorCode::kDatabase);
    if (!schema_exists) return fail(schema_exists.error());
    if (schema_exists->empty()) {
      if (auto r = Exec("CREATE DATABASE IF NOT EXISTS " + Quote(schema_), ErrorCode::kDatabase); !r) return fail(r.error());
    }
    galera::QueryFn query = [this](const std::string& text) { return Run(text, true, ErrorCode::kDatabase); };
    galera::OpenFn open = [this]() -> Result<galera::QueryFn> {
      std::shared_ptr<cppconn::Connection> conn;
      try {
        cppconn::ConnectOptionsMap opts = Options();
        conn.reset(::get_driver_instance()->connect(opts));
      } catch (const cppconn::SQLException& e) {
        return Fail(Error(ErrorCode::kDatabase, "cannot open the Galera lock's heartbeat connection to " +
                                                    spec_.Where() + ": " + Scrub(e.what())));
      }
      const std::string password = spec_.password;
      return galera::QueryFn([conn, password](const std::string& text) -> Result<galera::Rows> {
        // The heartbeat runs on a thread of its own: the client library wants it announced.
        thread_local bool announced = false;
        if (!announced) {
          ::get_driver_instance()->threadInit();
          announced = true;
        }
        try {
          std::unique_ptr<cppconn::Statement> st(conn->createStatement());
          const bool has = st->execute(cppconn::SQLString(text));
          return DrainResults(*st, has, true);
        } catch (const cppconn::SQLException& e) {
          Error err(ErrorCode::kDatabase, ScrubSecret(e.what(), password));
          err.Note("MySQL error code " + std::to_string(e.getErrorCode()));
          return Fail(std::move(err));
        }
      });
    };
    galera_lock_ = std::make_unique<galera::GaleraLock>(LockTable(), LockName(), options_.lock_lease_ms, query, open);
    std::vector<std::string> notes;
    if (auto r = galera_lock_->Acquire(options_.lock_retry_count, on_wait, &notes); !r) {
      galera_lock_.reset();
      return fail(r.error());
    }
    for (const auto& n : notes) lock_note_ += (lock_note_.empty() ? "" : "; ") + n;
    return {};
  }

  std::string LockName() const { return FlywayMysqlLockName(schema_, options_.table); }
  std::string Scrub(std::string text) const { return ScrubSecret(std::move(text), spec_.password); }

  std::string Literal(std::string_view s) const {
    // A backslash means one thing or another depending on sql_mode, which a migration may have
    // changed (Flyway does not restore it): such a string is sent in hex, which means the same
    // bytes in every mode.
    if (s.find('\\') != std::string_view::npos) {
      static const char* kHex = "0123456789ABCDEF";
      std::string out = "CONVERT(X'";
      for (unsigned char c : s) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out + "' USING utf8mb4)";
    }
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }

  // The URL parameter that requires TLS, as written ("sslMode=REQUIRED", "useSSL=true"), or "".
  std::string TlsRequirement() const {
    for (const auto& [key, value] : spec_.params) {
      const std::string k = Lower(key);
      const std::string v = Upper(value);
      const bool required = (k == "sslmode" && (v == "REQUIRED" || v == "VERIFY_CA" || v == "VERIFY_IDENTITY")) ||
                            ((k == "usessl" || k == "requiressl") && (v == "TRUE" || v == "1"));
      if (required) return key + "=" + value;
    }
    return "";
  }

  cppconn::ConnectOptionsMap Options() const {
    cppconn::ConnectOptionsMap opts;
    const bool v6 = spec_.host.find(':') != std::string::npos;
    const int port = spec_.port ? spec_.port : 3306;
    opts["hostName"] = cppconn::SQLString("tcp://" + (v6 ? "[" + spec_.host + "]" : spec_.host) + ":" +
                                          std::to_string(port));
    opts["port"] = port;
    opts["userName"] = cppconn::SQLString(spec_.user);
    opts["password"] = cppconn::SQLString(spec_.password);
    if (!spec_.database.empty()) opts["schema"] = cppconn::SQLString(spec_.database);
    opts["OPT_CONNECT_TIMEOUT"] = std::max(1, options_.connect_timeout_s);
    opts["OPT_CHARSET_NAME"] = cppconn::SQLString("utf8mb4");
    for (const auto& [key, value] : spec_.params) {
      const std::string k = Lower(key);
      const std::string v = Upper(value);
      if (k == "sslmode") {
        int mode = v == "DISABLED"          ? cppconn::SSL_MODE_DISABLED
                   : v == "REQUIRED"        ? cppconn::SSL_MODE_REQUIRED
                   : v == "VERIFY_CA"       ? cppconn::SSL_MODE_VERIFY_CA
                   : v == "VERIFY_IDENTITY" ? cppconn::SSL_MODE_VERIFY_IDENTITY
                                            : cppconn::SSL_MODE_PREFERRED;
        if (mode == cppconn::SSL_MODE_DISABLED) continue;  // libmariadb's default is no TLS
        opts["sslEnforce"] = mode != cppconn::SSL_MODE_PREFERRED;
        opts["sslVerify"] = mode == cppconn::SSL_MODE_VERIFY_CA || mode == cppconn::SSL_MODE_VERIFY_IDENTITY;
      } else if ((k == "usessl" || k == "requiressl") && (v == "TRUE" || v == "1")) {
        opts["sslEnforce"] = true;
      } else if (k == "sslca" || k == "sslcert" || k == "sslkey" || k == "sslcipher" || k == "sslcapath") {
        static const std::map<std::string, std::string> kNames = {{"sslca", "sslCA"},
                                                                  {"sslcert", "sslCert"},
                                                                  {"sslkey", "sslKey"},
                                                                  {"sslcipher", "sslCipher"},
                                                                  {"sslcapath", "sslCAPath"}};
        opts[cppconn::SQLString(kNames.at(k))] = cppconn::SQLString(value);
      }
      // Other JDBC parameters (serverTimezone, allowPublicKeyRetrieval, ...) mean nothing here.
    }
    return opts;
  }

  Error FromException(const cppconn::SQLException& ex, ErrorCode code, std::string_view statement) const {
    const std::string text = Scrub(ex.what());
    const int vendor = ex.getErrorCode();
    // 2006: server has gone away; 2013: lost connection during query.
    if (vendor == 2006 || vendor == 2013) {
      Error e(ErrorCode::kDatabase, "lost the connection to MySQL at " + spec_.Where() + ": " + text);
      e.db_message = text;
      e.sqlstate = ex.getSQLState();
      e.Note("the migration lock went with the connection");
      return e;
    }
    Error e(code, text);
    e.db_message = text;
    e.sqlstate = ex.getSQLState();
    if (vendor != 0) e.Note("MySQL error code " + std::to_string(vendor));
    if (!statement.empty()) e.pos = MysqlErrorPosition(text, statement);
    return e;
  }

  // Runs one statement, drains every result, and keeps the first result set's rows if asked.
  Result<Rows> Run(const std::string& text, bool keep, ErrorCode code) {
    if (!conn_) return Fail(ErrorCode::kDatabase, "not connected to MySQL at " + spec_.Where());
    try {
      std::unique_ptr<cppconn::Statement> st(conn_->createStatement());
      const bool has_result_set = st->execute(cppconn::SQLString(text));
      return DrainResults(*st, has_result_set, keep);
    } catch (const cppconn::SQLException& e) {
      last_vendor_ = e.getErrorCode();
      return Fail(FromException(e, code,
                                code == ErrorCode::kMigration ? std::string_view(text) : std::string_view()));
    } catch (const std::exception& e) {
      return Fail(Error(code, Scrub(e.what())));
    }
  }

  Result<Rows> Query(const std::string& text, ErrorCode code) { return Run(text, true, code); }

  Result<void> Exec(const std::string& text, ErrorCode code) {
    auto r = Run(text, false, code);
    if (!r) return Fail(r.error());
    return {};
  }

  ConnectionSpec spec_;
  DriverOptions options_;
  std::unique_ptr<cppconn::Connection> conn_;
  std::string user_, schema_, version_;
  std::string original_foreign_key_checks_ = "1", original_sql_safe_updates_ = "0";
  std::string user_variables_query_;
  bool can_reset_user_variables_ = false;
  bool galera_ = false;  ///< wsrep_on: a Galera cluster node
  bool locked_ = false;
  int last_vendor_ = 0;          ///< the MySQL error code of the last failed statement
  bool commit_unknown_ = false;  ///< the last COMMIT lost its connection before the answer
  std::unique_ptr<galera::GaleraLock> galera_lock_;
  std::string lock_note_;
};

}  // namespace

std::optional<SourcePos> MysqlErrorPosition(std::string_view message, std::string_view statement) {
  // "You have an error in your SQL syntax; ... near 'FORM t' at line 1": the server quotes up to
  // 80 characters of the statement from the offending token on, and the line it starts on.
  const std::size_t near = message.find("near '");
  const std::size_t at = message.rfind("' at line ");
  if (near == std::string_view::npos || at == std::string_view::npos || at < near + 6) return std::nullopt;
  const std::string_view snippet = message.substr(near + 6, at - near - 6);
  const int line = std::atoi(std::string(message.substr(at + 10)).c_str());
  if (line < 1) return std::nullopt;
  std::size_t line_start = 0;
  for (int l = 1; l < line && line_start != std::string_view::npos; ++l) {
    line_start = statement.find('\n', line_start);
    if (line_start != std::string_view::npos) ++line_start;
  }
  if (line_start == std::string_view::npos) return std::nullopt;
  if (snippet.empty()) return PosAtByte(statement, statement.size());  // at the end of the input
  const std::size_t found = statement.find(snippet, line_start);
  if (found == std::string_view::npos) return std::nullopt;
  return PosAtByte(statement, found);
}

Result<std::unique_ptr<Driver>> OpenMysql(const ConnectionSpec& spec, const DriverOptions& options) {
  auto driver = std::make_unique<MysqlDriver>(spec, options);
  if (auto r = driver->Connect(); !r) return Fail(r.error());
  return std::unique_ptr<Driver>(std::move(driver));
}

}  // namespace shiftway::drivers
