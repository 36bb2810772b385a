// The embedded SQLite driver.
#pragma once

#include <memory>

#include "drivers/driver.h"

namespace shiftway::drivers {

/// Opens (creating if needed, unless options.read_only) the SQLite file spec.path.
///
/// Foreign-key policy: the driver never changes `PRAGMA foreign_keys`; SQLite's default (off)
/// holds unless a migration turns it on. `PRAGMA foreign_keys` has no effect inside a
/// transaction, so a migration containing it runs outside one, as a table rebuild requires.
Result<std::unique_ptr<Driver>> OpenSqlite(const ConnectionSpec& spec, const DriverOptions& options);

}  // namespace shiftway::drivers
