// Helpers that the server drivers share: Flyway's lock identities, secrets kept out of messages,
// and positions inside a statement.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "drivers/driver.h"

namespace shiftway::drivers {

/// Java's String.hashCode() of a UTF-8 string, computed over its UTF-16 code units as Java does.
/// Flyway derives its lock identities from it, so ours must match bit for bit.
int32_t JavaStringHashCode(std::string_view utf8);

/// Flyway's PostgreSQL advisory lock key for the history table: 0x466C79776179 plus the hash
/// code of the quoted name "schema"."table" (PostgreSQLAdvisoryLockTemplate).
int64_t FlywayPostgresLockKey(std::string_view schema, std::string_view table);

/// Flyway's MySQL named lock for the history table: "Flyway-" plus the hash code of the quoted
/// name `schema`.`table` (MySQLNamedLockTemplate).
std::string FlywayMysqlLockName(std::string_view schema, std::string_view table);

/// Redacts passwords in a database's message where they occur as passwords (RedactText): the
/// secret itself is not searched for, so a password that is also a name does not hide the name.
std::string ScrubSecret(std::string text, std::string_view secret);

/// The line and column (1-based, columns in bytes) of a byte offset inside a statement.
SourcePos PosAtByte(std::string_view statement, std::size_t byte_offset);

/// The byte offset of a 1-based character (code point) position in a UTF-8 statement, as
/// PostgreSQL reports error positions; clamped to the statement's end.
std::size_t ByteOfCharPosition(std::string_view statement, int char_position);

/// The SQL of the progress side table (driver.h, Progress), the same on every database but for
/// quoting: `table` is the quoted, schema-qualified name of `<history table>_progress`, `literal`
/// quotes a string value.
struct ProgressSql {
  std::string table;
  std::function<std::string(std::string_view)> literal;
  std::string table_options;  ///< after CREATE TABLE's column list (" ENGINE=InnoDB")

  std::string Create() const;
  std::string Delete(int installed_rank) const;
  std::string Insert(const Progress& p) const;
  std::string Set(int installed_rank, int done, int stop) const;
  std::string Select() const;
  std::string Drop() const;
  /// One row of Select(), as text; nullopt stands for NULL.
  static Progress Parse(const std::vector<std::optional<std::string>>& row);
};

/// Rows of a query as text, nullopt standing for NULL.
using TextRows = std::vector<std::vector<std::optional<std::string>>>;

/// Driver::ReadProgress from its two queries: nothing when `exists` finds no progress table, else
/// each row `select` (ProgressSql::Select) returns, parsed.
Result<std::vector<Progress>> ReadProgressTable(const std::function<Result<bool>()>& exists,
                                                const std::function<Result<TextRows>()>& select);

}  // namespace shiftway::drivers

namespace shiftway::drivers {

/// The time zone this process runs in, as Java (and so Flyway's JDBC drivers) finds it: TZ, then
/// the zone /etc/localtime links to, then /etc/timezone; "UTC" when none names one.
std::string ClientTimeZone();

/// installed_on as the history's readers want it: UTC in ISO-8601 with milliseconds and a Z
/// ("2026-12-02T01:46:50.571Z"), from a UTC wall time "YYYY-MM-DD HH:MM:SS[.ffffff]" (or with a
/// T). Text that is not such a time is returned as it is.
std::string IsoUtcFromUtcWallTime(std::string_view wall);

/// The same from seconds since the epoch with an optional fraction ("1764640010.571000").
std::string IsoUtcFromEpoch(std::string_view seconds);

/// Back again, for writing a row read earlier: "YYYY-MM-DD HH:MM:SS.mmm" (UTC) and seconds since
/// the epoch "1764640010.571". Empty when `iso` is not a time IsoUtcFrom* wrote.
std::string UtcWallTimeFromIso(std::string_view iso);
std::string EpochFromIso(std::string_view iso);

}  // namespace shiftway::drivers
