// The MySQL/MariaDB driver: mysql-connector-c++ 1.1 (the JDBC-style API, linked to libmariadb).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/driver.h"

namespace shiftway::drivers {

/// Connects to the MySQL or MariaDB server in spec, retrying options.connect_retries times with
/// an exponential backoff capped at options.connect_retries_interval_s.
///
/// - Schemas are databases. The history table lives in options.schemas[0], else in the URL's
///   database; the connection USEs it once it exists.
/// - URL parameters: sslMode (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY),
///   useSSL/requireSSL=true, and the Connector's sslCA/sslCert/sslKey/sslCipher paths.
/// - The session gets wait_timeout=600, so a host that vanishes loses its session (and the
///   named lock) in minutes, and lock_wait_timeout from options.lock_timeout_ms (seconds, at
///   least 1; the server's default is a year).
/// - DDL commits implicitly on MySQL: TransactionalDdl() is false, and a failed migration may
///   have applied its earlier statements.
/// - Errors name spec.Where() and never the password.
Result<std::unique_ptr<Driver>> OpenMysql(const ConnectionSpec& spec, const DriverOptions& options);

/// The 1-based line and byte column that a MySQL syntax error ("... near 'xyz' at line 3")
/// points at inside statement, or nullopt when the message has no such position.
std::optional<SourcePos> MysqlErrorPosition(std::string_view message, std::string_view statement);

}  // namespace shiftway::drivers
