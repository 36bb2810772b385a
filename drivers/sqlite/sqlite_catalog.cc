// SQLite's live schema: sqlite_schema's CREATE texts read by the SQLite front end.
#include "core/schema/apply.h"
#include "core/schema/frontend.h"
#include "drivers/catalog.h"

namespace shiftway::drivers {

schema::Model SqliteCatalogModel(const std::vector<SqliteSchemaRow>& rows) {
  schema::Model m;
  m.default_schema = schema::DefaultSchema(sql::Dialect::kSqlite);
  auto frontend = schema::MakeFrontend(sql::Dialect::kSqlite);
  frontend->SetReplay(true);
  auto apply = [&](std::vector<schema::Change> changes) {
    for (auto& c : changes) {
      schema::Annotate(c, m, nullptr);
      schema::Apply(c, m, nullptr);
    }
  };
  // Tables before the indexes, views and triggers that name them, whatever order made them.
  for (const char* type : {"table", "index", "view", "trigger"}) {
    for (const auto& r : rows) {
      if (r.type != type || r.sql.empty()) continue;
      sql::Statement st;
      st.text = r.sql;
      apply(frontend->Parse(st, m));
    }
  }
  apply(frontend->Flush(m));
  return m;
}

}  // namespace shiftway::drivers
