// What the catalog readers of every server share (drivers/catalog.h).
#include "drivers/catalog.h"

namespace shiftway::drivers {

std::string CatalogText(const std::vector<std::optional<std::string>>& row, size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}

std::vector<std::string> SplitCatalogList(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (size_t at = text.find('\x01'); at != std::string::npos; at = text.find('\x01', start)) {
    out.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  out.push_back(text.substr(start));
  return out;
}

void AddCatalogIndex(schema::Model& m, const std::string& schema, const std::string& name,
                     const std::string& table, std::vector<std::string> columns, bool unique) {
  schema::Index index;
  index.schema = schema;
  index.name = name;
  index.table = table;
  index.columns = std::move(columns);
  index.unique = unique;
  m.indexes[m.Key(schema, name)] = std::move(index);
}

void AddCatalogTrigger(schema::Model& m, const std::string& schema, const std::string& table,
                       const std::string& name, schema::Trigger trigger) {
  trigger.schema = schema;
  trigger.table = table;
  trigger.name = name;
  m.triggers[m.Key(schema, table) + "." + schema::Lower(name)] = std::move(trigger);
}

}  // namespace shiftway::drivers
