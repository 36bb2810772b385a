// Reading a live schema into the model that replay builds (Driver::ReadSchema), per server.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/schema/model.h"
#include "drivers/common.h"

namespace shiftway::drivers {

/// Runs one catalog query on the driver's connection.
using CatalogQuery = std::function<Result<TextRows>(const std::string& sql)>;

/// What ReadSchema reads: the managed schemas, the first being the model's default schema, and
/// the history table (with its `_progress` side table) that is left out.
struct CatalogScope {
  std::vector<std::string> schemas;
  std::string history_table;
};

/// Column `i` of a catalog row as text, "" for NULL or a missing column.
std::string CatalogText(const std::vector<std::optional<std::string>>& row, size_t i);

/// A list that a catalog query aggregated with the separator chr(1) (which no name contains).
std::vector<std::string> SplitCatalogList(const std::string& text);

/// Adds an index, or a trigger, under the key the model gives it (`schema` "" for the default).
void AddCatalogIndex(schema::Model& m, const std::string& schema, const std::string& name,
                     const std::string& table, std::vector<std::string> columns, bool unique);
void AddCatalogTrigger(schema::Model& m, const std::string& schema, const std::string& table,
                       const std::string& name, schema::Trigger trigger);

/// PostgreSQL: pg_catalog, objects of extensions left out (drivers/postgres/postgres_catalog.cc).
Result<schema::Model> ReadPostgresCatalog(const CatalogQuery& query, const CatalogScope& scope);

/// MySQL/MariaDB: information_schema (drivers/mysql/mysql_catalog.cc). The first schema is the
/// model's default, spelled "" as the MySQL front end spells the current database.
Result<schema::Model> ReadMysqlCatalog(const CatalogQuery& query, const CatalogScope& scope);

}  // namespace shiftway::drivers

namespace shiftway::drivers {

/// One row of SQLite's sqlite_schema.
struct SqliteSchemaRow {
  std::string type, name, table, sql;
};

/// SQLite keeps its schema as the CREATE texts in sqlite_schema. They are executed, tables first,
/// in the SQLite front end's in-memory database, whose pragmas (table_xinfo, index_list,
/// foreign_key_list) the front end reads as it does for migrations: the live model and the replay
/// model of a SQLite file are built by the same code, triggers and view texts included
/// (drivers/sqlite/sqlite_catalog.cc).
schema::Model SqliteCatalogModel(const std::vector<SqliteSchemaRow>& rows);

/// The CREATE texts of `rows` in the order SqliteCatalogModel runs them: tables, then indexes,
/// views and triggers, each kind in the rows' (rowid) order.
std::vector<std::string> SqliteSchemaStatements(const std::vector<SqliteSchemaRow>& rows);

}  // namespace shiftway::drivers
