// A fresh, isolated database for one conformance test, and a raw connection beside shiftway's.
//
// Each test gets its own place to migrate: a new SQLite file, a PostgreSQL schema or a MariaDB
// database with a unique name. The raw connection uses the client library directly (sqlite3,
// libpqxx, Connector/C++), never a shiftway driver, so the tests check what is really in the
// database rather than what the driver under test believes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shiftway::conformance {

enum class Backend { kSqlite, kPostgres, kMysql };

std::string BackendName(Backend backend);

using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

/// A column as the database catalog describes it.
struct ColumnInfo {
  std::string name;
  std::string type;  ///< e.g. "integer", "character varying(50)", "varchar(50)", "INT"
  bool nullable = true;
  std::string default_value;
};

class TestDatabase {
 public:
  virtual ~TestDatabase() = default;

  /// Creates the database for `test_name` (unique per process). On failure returns null and says
  /// why in `error` (for PostgreSQL and MySQL: which environment variable is missing).
  static std::unique_ptr<TestDatabase> Create(Backend backend, const std::string& test_name, const std::string& dir,
                                              std::string* error);

  virtual Backend backend() const = 0;
  /// The URL shiftway connects with.
  virtual std::string Url() const = 0;
  /// What to pass as `schemas` (empty for SQLite). Not created until Materialize() or a migrate.
  virtual std::vector<std::string> Schemas() const = 0;
  /// The schema holding the history table, as shiftway names it ("main" on SQLite).
  virtual std::string Schema() const = 0;
  /// Creates the schema/database now (tests that need a non-empty schema before shiftway runs).
  virtual void Materialize() = 0;

  /// Runs SQL on the raw connection; throws std::runtime_error with the database's message.
  virtual Rows Query(const std::string& sql) = 0;
  virtual void Exec(const std::string& sql) = 0;
  /// The first column of the first row, "" for none or NULL.
  std::string Scalar(const std::string& sql);
  long Count(const std::string& sql) { return std::stol(Scalar(sql)); }
  /// Waits until flyway_schema_history records `version` as applied (a migrate in another
  /// process got past it); false after timeout_s.
  bool WaitForVersion(const std::string& version, int timeout_s);

  /// The dialect's identifier quoting, and a name qualified with the test's schema.
  virtual std::string Quote(const std::string& ident) const = 0;
  std::string Qualified(const std::string& name) const;
  virtual bool TableExists(const std::string& name) = 0;
  /// Columns of a table in the test's schema, in declaration order, from the catalog.
  virtual std::vector<ColumnInfo> Columns(const std::string& table) = 0;
  /// Names of indexes on `table`.
  virtual std::vector<std::string> Indexes(const std::string& table) = 0;
  /// Everything in the test's schema (tables, views, indexes, routines, types, sequences).
  virtual std::vector<std::string> Objects() = 0;

  /// Flyway's createMetaDataTable.sql for this database, statement by statement.
  std::vector<std::string> FlywayHistoryDdl(const std::string& table) const;
};

}  // namespace shiftway::conformance
