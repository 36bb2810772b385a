// The one list of built-in drivers, keyed by URL dialect.
#include "drivers/driver.h"
#include "drivers/sqlite/sqlite_driver.h"
#ifdef SHIFTWAY_WITH_POSTGRES
#include "drivers/postgres/postgres_driver.h"
#endif
#ifdef SHIFTWAY_WITH_MYSQL
#include "drivers/mysql/mysql_driver.h"
#endif

namespace shiftway::drivers {

Result<std::unique_ptr<Driver>> OpenDriver(const ConnectionSpec& spec, const DriverOptions& options) {
  switch (spec.dialect) {
    case sql::Dialect::kSqlite: return OpenSqlite(spec, options);
#ifdef SHIFTWAY_WITH_POSTGRES
    case sql::Dialect::kPostgres: return OpenPostgres(spec, options);
#endif
#ifdef SHIFTWAY_WITH_MYSQL
    case sql::Dialect::kMysql: return OpenMysql(spec, options);
#endif
    default: break;
  }
  return Fail(Error(ErrorCode::kConfig, "this shiftway was built without the " +
                                            std::string(sql::DialectName(spec.dialect)) + " driver")
                  .Hint("rebuild with -DSHIFTWAY_WITH_POSTGRES=ON / -DSHIFTWAY_WITH_MYSQL=ON"));
}

}  // namespace shiftway::drivers
