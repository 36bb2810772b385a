// The PostgreSQL driver: libpqxx 6.4, with libpq underneath for what pqxx 6.4 cannot do.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/driver.h"

namespace shiftway::drivers {

/// Connects to the PostgreSQL server in spec, retrying options.connect_retries times with an
/// exponential backoff capped at options.connect_retries_interval_s.
///
/// - The connection string carries host, port, dbname, user, password and connect_timeout, plus
///   every URL parameter that libpq knows (sslmode, sslrootcert, application_name, ...). JDBC
///   parameters are translated where libpq has an equivalent (ssl=true, currentSchema,
///   ApplicationName, connectTimeout/loginTimeout) and ignored otherwise.
/// - TCP keepalives are on, so the server drops the session (and its advisory lock) within
///   minutes when this host vanishes. pqxx's silent reconnect is off: it would lose the lock.
/// - The history table lives in options.schemas[0], or in current_schema() when no schemas are
///   configured; search_path is set to options.schemas for shiftway's own statements, and before
///   each migration and callback RestoreSessionState sets the role and search_path as Flyway does
///   (docs/flyway.md). lock_timeout is set for the session from options.lock_timeout_ms.
/// - Errors name spec.Where() and never the password, not even inside libpq's own messages.
Result<std::unique_ptr<Driver>> OpenPostgres(const ConnectionSpec& spec, const DriverOptions& options);

/// Whether a PostgreSQL statement cannot run inside a transaction block on a server of the
/// given version (server_version_num, e.g. 150005): CREATE/DROP INDEX CONCURRENTLY, REINDEX
/// CONCURRENTLY/DATABASE/SYSTEM, VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE,
/// ALTER SYSTEM, and ALTER TYPE ... ADD VALUE before PostgreSQL 12.
bool PostgresCannotRunInTransaction(std::string_view statement, int server_version_num);

}  // namespace shiftway::drivers
