// Identifiers in the SQL shiftway writes (expand/contract steps, split's files): bare when the
// database reads the bare word back as the same name, quoted otherwise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/sql/statement.h"

namespace shiftway::sql {

/// Whether `name` must be quoted to mean itself in `d`:
/// - PostgreSQL folds a bare word to lowercase, so only `[a-z_][a-z0-9_$]*` that is not a keyword
///   (other than an unreserved one) stays bare; "User" and "order" are quoted. libpg_query's
///   grammar, PostgreSQL's own, decides what a keyword is.
/// - MySQL/MariaDB: `[A-Za-z_$][A-Za-z0-9_$]*` that is not a reserved word of MySQL 8.0 or MariaDB
///   (the words either server refuses as a bare table or column name).
/// - SQLite: `[A-Za-z_][A-Za-z0-9_]*` that is not one of SQLite's keywords (sqlite3_keyword_check).
bool NeedsQuoting(Dialect d, std::string_view name);

/// `name` as `d` reads it back unchanged: bare when it may be, else quoted ("User" on PostgreSQL
/// and SQLite, `order` on MySQL), with the quote character inside doubled.
std::string Ident(Dialect d, std::string_view name);

/// A table name as the model writes it, `schema.name` or `name`, with each part as Ident. The
/// model's qualified names are split at their first dot.
std::string TableIdent(Dialect d, std::string_view qualified);

/// `text` as a string literal: between single quotes, each one inside doubled.
std::string Literal(std::string_view text);

/// `names` as Ident, joined with ", " (a column list).
std::string IdentList(Dialect d, const std::vector<std::string>& names);

}  // namespace shiftway::sql
