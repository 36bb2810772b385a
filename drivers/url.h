// Database URLs: parsing every form shiftway accepts, and printing them without secrets.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/error.h"
#include "core/sql/statement.h"

namespace shiftway::drivers {

/// A parsed database URL. `password` is never printed; use Redacted() for output.
struct ConnectionSpec {
  sql::Dialect dialect = sql::Dialect::kSqlite;
  std::string scheme;    ///< as written: "postgresql", "jdbc:mysql", "sqlite", ...
  std::string host;
  int port = 0;          ///< 0: the database's default
  std::string database;  ///< database name (PostgreSQL, MySQL)
  std::string user;
  std::string password;
  std::string path;      ///< SQLite file path (":memory:" allowed)
  std::map<std::string, std::string> params;  ///< query parameters, keys as written
  /// PostgreSQL in libpq's own forms (postgresql://, postgres:// and "host=... dbname=..."
  /// keyword strings): the text as written, which the driver gives to PQconninfoParse. Empty for
  /// jdbc:postgresql:// URLs, which libpq does not read.
  std::string libpq;

  /// The URL as a user may see it: any password replaced by "***".
  std::string Redacted() const;
  /// "host:port" for messages (port filled with the default), or the SQLite path.
  std::string Where() const;
};

/// Parses postgresql://, postgres://, jdbc:postgresql://, mysql://, mariadb://, jdbc:mysql://,
/// jdbc:mariadb://, sqlite:PATH and jdbc:sqlite:PATH, and libpq keyword strings
/// ("host=/run/postgresql dbname=app"). A PostgreSQL URL may leave the host out or name a socket
/// directory (postgresql:///app?host=/run/postgresql, postgresql://%2Frun%2Fpostgresql/app). Credentials may be in the URL
/// (user:password@) or in `user`/`password` query parameters (JDBC style). Percent-escapes in
/// the user, password and database are decoded.
Result<ConnectionSpec> ParseUrl(std::string_view url);

/// Replaces any password in a URL string (userinfo or password= parameter) with "***", without
/// requiring the URL to be valid; used before echoing anything a user typed. The userinfo is found
/// as ParseUrl finds it, so a raw '@', ':' or '/' in a password is hidden whole.
std::string RedactUrl(std::string_view url);

/// Redacts passwords in free text where they occur as passwords: in each URL token (RedactUrl) and
/// in `password=VALUE` assignments (libpq conninfo, config lines). Nothing else is touched: a
/// password "postgres" leaves the database name "postgres" alone.
std::string RedactText(std::string_view text);

/// Where the userinfo of the text after "scheme://" ends: its last '@' that is not inside the query;
/// npos when there is no userinfo.
size_t UserinfoEnd(std::string_view rest);

}  // namespace shiftway::drivers
