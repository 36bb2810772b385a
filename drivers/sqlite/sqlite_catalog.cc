// SQLite's live schema: sqlite_schema's CREATE texts read by the SQLite front end.
#include "core/schema/frontend.h"
#include "drivers/catalog.h"

namespace shiftway::drivers {

std::vector<std::string> SqliteSchemaStatements(const std::vector<SqliteSchemaRow>& rows) {
  std::vector<std::string> out;
  // Tables before the indexes, views and triggers that name them, whatever order made them.
  for (const char* type : {"table", "index", "view", "trigger"}) {
    for (const auto& r : rows) {
      if (r.type == type && !r.sql.empty()) out.push_back(r.sql);
    }
  }
  return out;
}

schema::Model SqliteCatalogModel(const std::vector<SqliteSchemaRow>& rows) {
  auto frontend = schema::MakeFrontend(sql::Dialect::kSqlite);
  // The front end models each trigger from its CREATE TRIGGER text: timing, event and body.
  return schema::LoadStatements(*frontend, sql::Dialect::kSqlite, SqliteSchemaStatements(rows));
}

}  // namespace shiftway::drivers
