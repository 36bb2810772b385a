// The stats file: what ParseTableStats refuses and how, and how sizes are spelled in findings.
#include "core/lint/table_stats.h"

#include <gtest/gtest.h>

namespace shiftway::lint {
namespace {

std::string ParseError(const std::string& text) {
  auto r = ParseTableStats(text, "ci/stats.json");
  if (r) return "(parsed)";
  EXPECT_EQ(ErrorCode::kUsage, r.error().code);
  EXPECT_EQ("write it again with `shiftway stats export --output-file ci/stats.json`", r.error().hint);
  return r.error().message;
}

TEST(TableStatsTest, RoundTripsThroughItsJson) {
  TableStats stats;
  stats.dialect = "postgres";
  stats.default_schema = "app";
  stats.tables = {{"app", "orders", 12400000, 4402341888}, {"audit", "Log", -1, 16384}};
  auto back = ParseTableStats(TableStatsJson(stats), "stats.json");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(2u, back->tables.size());
  EXPECT_EQ(12400000, back->tables[0].rows);
  EXPECT_EQ(4402341888, back->tables[0].bytes);
  EXPECT_EQ(-1, back->tables[1].rows);
  // An unqualified name is the default schema's; names match ignoring case.
  EXPECT_EQ(&back->tables[0], back->Find("", "ORDERS"));
  EXPECT_EQ(&back->tables[1], back->Find("audit", "log"));
  EXPECT_EQ(nullptr, back->Find("", "log"));
}

TEST(TableStatsTest, RefusesWhatItCannotReadExactly) {
  EXPECT_EQ("ci/stats.json: not a stats file: it is not valid JSON", ParseError("{"));
  EXPECT_EQ("ci/stats.json: not a stats file: \"format\" must be \"shiftway-table-stats\"",
            ParseError(R"({"version": 1, "tables": []})"));
  EXPECT_EQ("ci/stats.json: stats file version 2 is not supported; this shiftway reads version 1",
            ParseError(R"({"format": "shiftway-table-stats", "version": 2, "tables": []})"));
  EXPECT_EQ("ci/stats.json: \"version\" is missing or not a whole number",
            ParseError(R"({"format": "shiftway-table-stats", "version": "1", "tables": []})"));
  EXPECT_EQ("ci/stats.json: \"tables\" is missing or not a list",
            ParseError(R"({"format": "shiftway-table-stats", "version": 1})"));
  EXPECT_EQ("ci/stats.json: tables[1] needs a \"table\" name",
            ParseError(R"({"format": "shiftway-table-stats", "version": 1, "tables": [{"table": "a"}, {}]})"));
  EXPECT_EQ("ci/stats.json: tables[0].rows must be a whole number of at least 0, or null",
            ParseError(R"({"format": "shiftway-table-stats", "version": 1, "tables": [{"table": "a", "rows": -5}]})"));
}

TEST(TableStatsTest, SpellsSizesRoughly) {
  EXPECT_EQ("0 rows", RowsText(0));
  EXPECT_EQ("1 row", RowsText(1));
  EXPECT_EQ("999 rows", RowsText(999));
  EXPECT_EQ("~200.0K rows", RowsText(200000));
  EXPECT_EQ("~12.4M rows", RowsText(12400000));
  EXPECT_EQ("512 B", BytesText(512));
  EXPECT_EQ("8.0 kB", BytesText(8192));
  EXPECT_EQ("4.1 GB", BytesText(4402341888));
}

}  // namespace
}  // namespace shiftway::lint
