// Prints the normalised catalog of one schema (tests/e2e/catalog.h), one fact a line, for
// bench/split_corpora.sh: `shiftway_catalog_dump sqlite|postgres|mysql URL SCHEMA`.
#include <iostream>

#include "tests/e2e/catalog.h"

int main(int argc, char** argv) {
  using namespace shiftway_test;
  if (argc != 4) {
    std::cerr << "usage: shiftway_catalog_dump sqlite|postgres|mysql URL SCHEMA\n";
    return 2;
  }
  const std::string dialect = argv[1], url = argv[2], schema = argv[3];
  try {
    std::unique_ptr<Conn> conn;
    Db db = Db::kSqlite;
    if (dialect == "sqlite") {
      conn = std::make_unique<SqliteConn>(url.substr(url.find(':') + 1));
    } else {
      auto spec = shiftway::drivers::ParseUrl(url);
      if (!spec) {
        std::cerr << "catalog_dump: " << spec.error().message << "\n";
        return 2;
      }
      db = dialect == "postgres" ? Db::kPostgres : Db::kMysql;
      if (db == Db::kPostgres) {
        conn = std::make_unique<PgConn>(*spec, schema);
      } else {
        conn = std::make_unique<MysqlConn>(*spec, schema);
      }
    }
    for (const auto& line : DumpCatalog(*conn, db, schema)) std::cout << line << "\n";
  } catch (const std::exception& e) {
    std::cerr << "catalog_dump: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
