// The stats file, and table sizes as lint's messages spell them.
#include "core/lint/table_stats.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/schema/model.h"

namespace shiftway::lint {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kFormat = "shiftway-table-stats";

std::string OneDecimal(double v, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
  return buf;
}

}  // namespace

const TableSize* TableStats::Find(const std::string& schema, const std::string& table) const {
  const std::string want_schema = schema::Lower(schema.empty() ? default_schema : schema);
  for (const auto& t : tables) {
    if (schema::Lower(t.schema) == want_schema && schema::SameName(t.table, table)) return &t;
  }
  return nullptr;
}

std::string TableStatsJson(const TableStats& stats) {
  ordered_json doc;
  doc["format"] = kFormat;
  doc["version"] = kTableStatsVersion;
  doc["dialect"] = stats.dialect;
  doc["default_schema"] = stats.default_schema;
  doc["source"] = stats.source;
  doc["taken_at"] = stats.taken_at;
  doc["tables"] = ordered_json::array();
  for (const auto& t : stats.tables) {
    ordered_json row;
    row["schema"] = t.schema;
    row["table"] = t.table;
    row["rows"] = t.rows < 0 ? ordered_json(nullptr) : ordered_json(t.rows);
    row["bytes"] = t.bytes < 0 ? ordered_json(nullptr) : ordered_json(t.bytes);
    doc["tables"].push_back(std::move(row));
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<TableStats> ParseTableStats(const std::string& text, const std::string& path) {
  const std::string help = "write it again with `shiftway stats export --output-file " + path + "`";
  auto bad = [&](const std::string& what) {
    return Fail(Error(ErrorCode::kUsage, path + ": " + what).Hint(help));
  };
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return bad("not a stats file: it is not valid JSON");
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormat) {
    return bad(std::string("not a stats file: \"format\" must be \"") + kFormat + "\"");
  }
  if (!doc.contains("version") || !doc["version"].is_number_integer()) {
    return bad("\"version\" is missing or not a whole number");
  }
  if (doc["version"].get<long long>() != kTableStatsVersion) {
    return bad("stats file version " + std::to_string(doc["version"].get<long long>()) +
               " is not supported; this shiftway reads version " + std::to_string(kTableStatsVersion));
  }
  TableStats stats;
  for (auto [key, field] : {std::pair{"dialect", &stats.dialect}, std::pair{"default_schema", &stats.default_schema},
                            std::pair{"source", &stats.source}, std::pair{"taken_at", &stats.taken_at}}) {
    if (!doc.contains(key)) continue;
    if (!doc[key].is_string()) return bad(std::string("\"") + key + "\" must be a string");
    *field = doc[key].get<std::string>();
  }
  if (!doc.contains("tables") || !doc["tables"].is_array()) return bad("\"tables\" is missing or not a list");
  size_t i = 0;
  for (const auto& row : doc["tables"]) {
    const std::string where = "tables[" + std::to_string(i++) + "]";
    if (!row.is_object() || !row.contains("table") || !row["table"].is_string()) {
      return bad(where + " needs a \"table\" name");
    }
    TableSize t;
    t.table = row["table"].get<std::string>();
    if (row.contains("schema")) {
      if (!row["schema"].is_string()) return bad(where + ".schema must be a string");
      t.schema = row["schema"].get<std::string>();
    }
    for (auto [key, field] : {std::pair{"rows", &t.rows}, std::pair{"bytes", &t.bytes}}) {
      if (!row.contains(key) || row[key].is_null()) continue;
      if (!row[key].is_number_integer() || row[key].get<long long>() < 0) {
        return bad(where + "." + key + " must be a whole number of at least 0, or null");
      }
      *field = row[key].get<std::int64_t>();
    }
    stats.tables.push_back(std::move(t));
  }
  return stats;
}

std::string RowsText(std::int64_t rows) {
  if (rows < 1000) return std::to_string(rows) + (rows == 1 ? " row" : " rows");
  const double r = static_cast<double>(rows);
  if (rows < 1000000) return "~" + OneDecimal(r / 1e3, "K") + " rows";
  if (rows < 1000000000) return "~" + OneDecimal(r / 1e6, "M") + " rows";
  return "~" + OneDecimal(r / 1e9, "B") + " rows";
}

std::string BytesText(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const double b = static_cast<double>(bytes);
  if (bytes < 1024LL * 1024) return OneDecimal(b / 1024, " kB");
  if (bytes < 1024LL * 1024 * 1024) return OneDecimal(b / (1024.0 * 1024), " MB");
  return OneDecimal(b / (1024.0 * 1024 * 1024), " GB");
}

}  // namespace shiftway::lint
