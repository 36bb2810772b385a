// Table sizes: what a driver reads from the live catalog, the versioned stats file that
// `shiftway stats export` writes and `lint --table-stats` reads, and how lint grades by them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"

namespace shiftway::lint {

/// One table's estimated size. -1: the database does not know (a PostgreSQL table never analyzed).
struct TableSize {
  std::string schema;  ///< as the database names it ("public", the MySQL database, "main")
  std::string table;
  std::int64_t rows = -1;
  std::int64_t bytes = -1;  ///< data and indexes together
};

/// The sizes of every table in the managed schemas, as one stats file holds them.
struct TableStats {
  std::string dialect;         ///< "postgres", "mysql", "sqlite"
  std::string default_schema;  ///< the schema a migration's unqualified names land in
  std::string source;          ///< the database, described without its password
  std::string taken_at;        ///< UTC, ISO 8601
  std::vector<TableSize> tables;

  /// The size of `table` in `schema` ("" = the default schema), matched ignoring case; nullptr
  /// when the stats do not have the table.
  const TableSize* Find(const std::string& schema, const std::string& table) const;
};

/// The stats file format's version; ParseTableStats refuses any other.
inline constexpr int kTableStatsVersion = 1;

/// The stats file (docs/lint.md, "The stats file"), pretty-printed JSON ending with a newline.
std::string TableStatsJson(const TableStats& stats);

/// Reads a stats file. Errors (kUsage) name `path` and what is wrong: not JSON, another format,
/// an unknown version, a missing or mistyped key.
Result<TableStats> ParseTableStats(const std::string& text, const std::string& path);

/// "0 rows", "1 row", "950 rows", "~200.0K rows", "~12.4M rows".
std::string RowsText(std::int64_t rows);
/// "512 B", "9.8 MB", "4.1 GB" (binary units, one decimal).
std::string BytesText(std::int64_t bytes);

}  // namespace shiftway::lint
