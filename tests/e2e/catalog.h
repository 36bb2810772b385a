// The equivalence oracle of `split`: a normalised dump of what a database's catalog says about one
// schema, so two schemas reached by different migrations can be compared line by line.
#pragma once

#include <string>
#include <vector>

#include "tests/e2e/split_harness.h"

namespace shiftway_test {

/// One sorted line per fact of `schema` (a PostgreSQL schema, a MariaDB database; ignored for
/// SQLite, which has one): each column's type, nullability, default, collation/charset,
/// identity/generated expression, ON UPDATE and comment; each constraint's definition; each
/// index's definition (plain, expression, partial, unique); each view's definition; and the
/// names of triggers and routines, so a helper the contract should have dropped shows up.
/// The history table is left out. So are what two equal schemas may differ in:
///   - column order (an expand adds the new column last);
///   - the names of constraints and indexes (a column's UNIQUE is named after it);
///   - the schema's own name (the two sides live in two schemas).
std::vector<std::string> DumpCatalog(Conn& conn, Db db, const std::string& schema);

/// The lines only in `a` ("- line") and only in `b` ("+ line"), "" when equal.
std::string CatalogDiff(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace shiftway_test
