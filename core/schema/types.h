// Column type classification: families, widening versus narrowing, and which changes rewrite a table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shiftway::schema {

/// What a declared type is, for comparing two of them.
struct TypeInfo {
  std::string normalized;  ///< lowercase, aliases resolved ("integer" -> "int4", "decimal" -> "numeric")
  std::string family;      ///< "int", "string", "numeric", "float", "binary", "bool", ... or the name itself
  long long size = 0;      ///< bytes for ints/floats, length for strings, precision for numeric
  bool unbounded = false;  ///< text, varchar without length, numeric without precision
  int scale = 0;           ///< numeric scale
  std::vector<std::string> enum_values;  ///< MySQL inline enum('a','b')
};

/// Classifies a declared type as a front end wrote it.
TypeInfo ClassifyType(std::string_view type);

/// How a column's type changes.
enum class TypeChange {
  kSame,          ///< the same type under another spelling
  kWidening,      ///< every old value still fits and reads back the same (varchar(50) -> text)
  kNarrowing,     ///< same family, smaller (varchar(100) -> varchar(50), bigint -> int)
  kFamilyChange,  ///< different kind of value (text -> int, int -> numeric)
  kUnknown,       ///< one side is unknown
};

/// Compares a column's old and new declared types.
TypeChange CompareTypes(std::string_view from, std::string_view to);

/// SQLite's column affinity for a declared type, by SQLite's own rules (section 3.1 of "Datatypes
/// In SQLite"): "INTEGER", "TEXT", "BLOB", "REAL" or "NUMERIC".
std::string SqliteAffinity(std::string_view declared);

/// True when SQLite stores the values the running release writes the same way under both declared
/// types: the affinities are equal (SQLite enforces no length, so varchar(100) -> varchar(50) is
/// not a change), or a UUID column becomes TEXT or back (UUID has NUMERIC affinity, but a UUID's
/// text is never a number, so it is stored as TEXT either way).
bool SqliteStoresSame(std::string_view from, std::string_view to);

/// True when PostgreSQL rewrites the table for ALTER COLUMN TYPE from -> to (anything but a
/// binary-coercible widening such as varchar(n) -> varchar(m>n), varchar -> text, numeric(p,s) ->
/// numeric(q>=p,s)). A USING clause always rewrites.
bool PostgresTypeChangeRewrites(std::string_view from, std::string_view to, bool has_using);

/// When MySQL/MariaDB needs ALGORITHM=COPY for MODIFY from -> to, the reason; empty when an
/// in-place or instant change is possible (a varchar widening that stays on the same side of the
/// 255-byte length-prefix boundary, assuming utf8mb4; enum values appended at the end).
std::string MysqlTypeChangeCopyReason(std::string_view from, std::string_view to);

}  // namespace shiftway::schema
