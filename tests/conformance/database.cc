// Fresh test databases per backend, and raw connections through each database's own client.
#include "tests/conformance/database.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>

#include "core/base/strings.h"
#include "drivers/url.h"

namespace shiftway::conformance {
namespace {

// A name both servers accept: lower-case letters, digits and underscores, under 64 bytes.
std::string UniqueName(const std::string& test_name) {
  std::string out = "cf_";
  for (char c : test_name.substr(0, 36)) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out + "_" + std::to_string(getpid());
}

std::string SqlLiteral(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

class SqliteDatabase final : public TestDatabase {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}
  ~SqliteDatabase() override {
    if (db_) sqlite3_close_v2(db_);
  }
  Backend backend() const override { return Backend::kSqlite; }
  std::string Url() const override { return "sqlite:" + path_; }
  std::vector<std::string> Schemas() const override { return {}; }
  std::string Schema() const override { return "main"; }
  void Materialize() override { Open(); }

  Rows Query(const std::string& sql) override {
    Open();
    Rows rows;
    const char* tail = sql.c_str();
    const char* end = tail + sql.size();
    while (tail < end) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &st, &tail) != SQLITE_OK) {
        throw std::runtime_error("sqlite: " + std::string(sqlite3_errmsg(db_)) + " in: " + sql);
      }
      if (!st) continue;
      rows.clear();
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Row row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
          const unsigned char* t = sqlite3_column_text(st, i);
          row.push_back(t ? std::optional<std::string>(reinterpret_cast<const char*>(t)) : std::nullopt);
        }
        rows.push_back(std::move(row));
      }
      sqlite3_finalize(st);
      if (rc != SQLITE_DONE) throw std::runtime_error("sqlite: " + std::string(sqlite3_errmsg(db_)) + " in: " + sql);
    }
    return rows;
  }
  void Exec(const std::string& sql) override { Query(sql); }

  std::string Quote(const std::string& ident) const override { return QuoteIdentifier(ident); }
  bool TableExists(const std::string& name) override {
    return Count("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = " + SqlLiteral(name)) > 0;
  }
  std::vector<ColumnInfo> Columns(const std::string& table) override {
    std::vector<ColumnInfo> out;
    for (auto& r : Query("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(" + SqlLiteral(table) +
                         ") ORDER BY cid")) {
      out.push_back({*r[0], *r[1], *r[2] == "0", r[3].value_or("")});
    }
    return out;
  }
  std::vector<std::string> Indexes(const std::string& table) override {
    std::vector<std::string> out;
    for (auto& r : Query("SELECT name FROM pragma_index_list(" + SqlLiteral(table) + ") WHERE origin = 'c'"))
      out.push_back(*r[0]);
    return out;
  }
  std::vector<std::string> Objects() override {
    std::vector<std::string> out;
    for (auto& r : Query("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"))
      out.push_back(*r[0]);
    return out;
  }

 private:
  void Open() {
    if (db_) return;
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path_);
    }
    sqlite3_busy_timeout(db_, 30000);
  }
  std::string path_;
  sqlite3* db_ = nullptr;
};

class PostgresDatabase final : public TestDatabase {
 public:
  PostgresDatabase(std::string url, std::string schema) : url_(std::move(url)), schema_(std::move(schema)) {}
  ~PostgresDatabase() override {
    try {
      Exec("DROP SCHEMA IF EXISTS " + Quote(schema_) + " CASCADE");
    } catch (...) {
    }
  }
  Backend backend() const override { return Backend::kPostgres; }
  std::string Url() const override { return url_; }
  std::vector<std::string> Schemas() const override { return {schema_}; }
  std::string Schema() const override { return schema_; }
  void Materialize() override { Exec("CREATE SCHEMA IF NOT EXISTS " + Quote(schema_)); }

  Rows Query(const std::string& sql) override {
    if (!conn_) conn_ = std::make_unique<pqxx::connection>(url_);
    try {
      pqxx::nontransaction tx(*conn_);
      pqxx::result r = tx.exec(sql);
      Rows rows;
      for (const auto& row : r) {
        Row out;
        for (const auto& f : row) out.push_back(f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str()));
        rows.push_back(std::move(out));
      }
      return rows;
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("postgres: ") + e.what() + " in: " + sql);
    }
  }
  void Exec(const std::string& sql) override { Query(sql); }

  std::string Quote(const std::string& ident) const override { return QuoteIdentifier(ident); }
  bool TableExists(const std::string& name) override {
    return Count("SELECT count(*) FROM information_schema.tables WHERE table_schema = " + SqlLiteral(schema_) +
                 " AND table_name = " + SqlLiteral(name)) > 0;
  }
  std::vector<ColumnInfo> Columns(const std::string& table) override {
    std::vector<ColumnInfo> out;
    for (auto& r : Query("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                         "pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a "
                         "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                         "WHERE a.attrelid = " + SqlLiteral(Qualified(table)) +
                         "::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      out.push_back({*r[0], *r[1], *r[2] == "f", r[3].value_or("")});
    }
    return out;
  }
  std::vector<std::string> Indexes(const std::string& table) override {
    std::vector<std::string> out;
    for (auto& r : Query("SELECT indexname FROM pg_indexes WHERE schemaname = " + SqlLiteral(schema_) +
                         " AND tablename = " + SqlLiteral(table) + " ORDER BY 1"))
      out.push_back(*r[0]);
    return out;
  }
  std::vector<std::string> Objects() override {
    std::vector<std::string> out;
    const std::string s = SqlLiteral(schema_);
    for (auto& r : Query("SELECT 'relation ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = " + s +
                         " UNION ALL SELECT 'routine ' || p.proname FROM pg_proc p JOIN pg_namespace n ON "
                         "n.oid = p.pronamespace WHERE n.nspname = " + s +
                         " UNION ALL SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON "
                         "n.oid = t.typnamespace WHERE n.nspname = " + s + " ORDER BY 1"))
      out.push_back(*r[0]);
    return out;
  }

 private:
  std::string url_, schema_;
  std::unique_ptr<pqxx::connection> conn_;
};

class MysqlDatabase final : public TestDatabase {
 public:
  MysqlDatabase(std::string url, drivers::ConnectionSpec spec, std::string database)
      : url_(std::move(url)), spec_(std::move(spec)), database_(std::move(database)) {}
  ~MysqlDatabase() override {
    try {
      Exec("DROP DATABASE IF EXISTS " + Quote(database_));
    } catch (...) {
    }
  }
  Backend backend() const override { return Backend::kMysql; }
  std::string Url() const override { return url_; }
  std::vector<std::string> Schemas() const override { return {database_}; }
  std::string Schema() const override { return database_; }
  void Materialize() override { Exec("CREATE DATABASE IF NOT EXISTS " + Quote(database_)); }

  Rows Query(const std::string& sql) override {
    try {
      if (!conn_) {
        ::sql::ConnectOptionsMap opts;
        opts["hostName"] = ::sql::SQLString("tcp://" + spec_.host + ":" + std::to_string(spec_.port));
        opts["userName"] = ::sql::SQLString(spec_.user);
        opts["password"] = ::sql::SQLString(spec_.password);
        opts["OPT_CHARSET_NAME"] = ::sql::SQLString("utf8mb4");
        conn_.reset(::get_driver_instance()->connect(opts));
      }
      std::unique_ptr<::sql::Statement> st(conn_->createStatement());
      Rows rows;
      bool has_rs = st->execute(::sql::SQLString(sql));
      for (int falses = 0; falses < 16;) {
        if (has_rs) {
          std::unique_ptr<::sql::ResultSet> rs(st->getResultSet());
          while (rs && rs->next()) {
            Row row;
            for (unsigned i = 1; i <= rs->getMetaData()->getColumnCount(); ++i) {
              std::string v = rs->getString(i);
              row.push_back(rs->wasNull() ? std::nullopt : std::optional<std::string>(v));
            }
            rows.push_back(std::move(row));
          }
        }
        has_rs = st->getMoreResults();
        falses = has_rs ? 0 : falses + 1;
      }
      return rows;
    } catch (const ::sql::SQLException& e) {
      throw std::runtime_error(std::string("mysql: ") + e.what() + " in: " + sql);
    }
  }
  void Exec(const std::string& sql) override { Query(sql); }

  std::string Quote(const std::string& ident) const override { return QuoteIdentifier(ident, '`'); }
  bool TableExists(const std::string& name) override {
    return Count("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + SqlLiteral(database_) +
                 " AND TABLE_NAME = " + SqlLiteral(name)) > 0;
  }
  std::vector<ColumnInfo> Columns(const std::string& table) override {
    std::vector<ColumnInfo> out;
    for (auto& r : Query("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS "
                         "WHERE TABLE_SCHEMA = " + SqlLiteral(database_) + " AND TABLE_NAME = " + SqlLiteral(table) +
                         " ORDER BY ORDINAL_POSITION")) {
      out.push_back({*r[0], *r[1], *r[2] == "YES", r[3].value_or("")});
    }
    return out;
  }
  std::vector<std::string> Indexes(const std::string& table) override {
    std::vector<std::string> out;
    for (auto& r : Query("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
                         SqlLiteral(database_) + " AND TABLE_NAME = " + SqlLiteral(table) + " ORDER BY 1"))
      out.push_back(*r[0]);
    return out;
  }
  std::vector<std::string> Objects() override {
    std::vector<std::string> out;
    const std::string s = SqlLiteral(database_);
    for (auto& r : Query("SELECT CONCAT('table ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + s +
                         " UNION ALL SELECT CONCAT('routine ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE "
                         "ROUTINE_SCHEMA = " + s +
                         " UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE "
                         "TRIGGER_SCHEMA = " + s + " ORDER BY 1"))
      out.push_back(*r[0]);
    return out;
  }

 private:
  std::string url_;
  drivers::ConnectionSpec spec_;
  std::string database_;
  std::unique_ptr<::sql::Connection> conn_;
};

}  // namespace

std::string BackendName(Backend backend) {
  switch (backend) {
    case Backend::kSqlite: return "sqlite";
    case Backend::kPostgres: return "postgres";
    case Backend::kMysql: return "mysql";
  }
  return "?";
}

bool TestDatabase::WaitForVersion(const std::string& version, int timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  const std::string sql = "SELECT count(*) FROM " + Qualified("flyway_schema_history") + " WHERE version = '" +
                          version + "' AND type = 'SQL'";
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (TableExists("flyway_schema_history") && Count(sql) == 1) return true;
    } catch (const std::exception&) {
      // The table is being created or locked by the migrating process: look again.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string TestDatabase::Scalar(const std::string& sql) {
  Rows rows = Query(sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

std::string TestDatabase::Qualified(const std::string& name) const { return Quote(Schema()) + "." + Quote(name); }

std::vector<std::string> TestDatabase::FlywayHistoryDdl(const std::string& table) const {
  // Copied from Flyway's createMetaDataTable.sql for each database (Flyway 9/10).
  const std::string t = Qualified(table);
  switch (backend()) {
    case Backend::kSqlite:
      return {"CREATE TABLE " + t + " (\n"
              "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
              "    \"version\" VARCHAR(50),\n"
              "    \"description\" VARCHAR(200) NOT NULL,\n"
              "    \"type\" VARCHAR(20) NOT NULL,\n"
              "    \"script\" VARCHAR(1000) NOT NULL,\n"
              "    \"checksum\" INT,\n"
              "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
              "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
              "    \"execution_time\" INT NOT NULL,\n"
              "    \"success\" BOOLEAN NOT NULL\n"
              ")",
              "CREATE INDEX \"main\".\"" + table + "_s_idx\" ON \"" + table + "\" (\"success\")"};
    case Backend::kPostgres:
      return {"CREATE TABLE " + t + " (\n"
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
              "ALTER TABLE " + t + " ADD CONSTRAINT \"" + table + "_pk\" PRIMARY KEY (\"installed_rank\")",
              "CREATE INDEX \"" + table + "_s_idx\" ON " + t + " (\"success\")"};
    case Backend::kMysql:
      return {"CREATE TABLE " + t + "\n(\n"
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
              "    CONSTRAINT `" + table + "_pk` PRIMARY KEY (`installed_rank`)\n"
              ")  ENGINE=InnoDB",
              "CREATE INDEX `" + table + "_s_idx` ON " + t + " (`success`)"};
  }
  return {};
}

std::unique_ptr<TestDatabase> TestDatabase::Create(Backend backend, const std::string& test_name,
                                                   const std::string& dir, std::string* error) {
  if (backend == Backend::kSqlite) return std::make_unique<SqliteDatabase>(dir + "/test.db");
  const char* var = backend == Backend::kPostgres ? "SHIFTWAY_TEST_POSTGRES_URL" : "SHIFTWAY_TEST_MYSQL_URL";
  const char* url = std::getenv(var);
  if (!url || !*url) {
    *error = std::string(var) + " is not set: run the conformance tests under scripts/test-servers.sh, e.g. " +
             "`bash scripts/test-servers.sh -- ./build/tests/shiftway_conformance_tests` (or scripts/test.sh)";
    return nullptr;
  }
  const std::string name = UniqueName(test_name);
  if (backend == Backend::kPostgres) return std::make_unique<PostgresDatabase>(url, name);
  auto spec = drivers::ParseUrl(url);
  if (!spec) {
    *error = std::string(var) + " is not a valid URL: " + spec.error().message;
    return nullptr;
  }
  return std::make_unique<MysqlDatabase>(url, *spec, name);
}

}  // namespace shiftway::conformance
