// Expand/contract SQL for the breaking changes the compatibility rules find, per dialect.
#pragma once

#include <string>
#include <vector>

#include "core/lint/lint.h"
#include "core/schema/model.h"

namespace shiftway::lint {

/// The type to write for a column in generated SQL; a visible placeholder when unknown.
std::string TypeOrPlaceholder(const std::string& type, const std::string& table, const std::string& column);

/// Moves data from `old_col` to a new column kept in sync by triggers, so both releases' writes
/// land in both: expand adds `new_col` (nullable), the sync triggers and the backfill; contract drops
/// the triggers and `old_col`. Used for renames and type changes (casts are added when the types
/// differ).
Suggestion DualWrite(sql::Dialect d, const std::string& table, const std::string& old_col,
                     const std::string& old_type, const std::string& new_col, const std::string& new_type);

/// Keeps the old name readable and writable as a view while the new table is used: expand renames
/// and adds the view (with INSTEAD OF triggers on SQLite), contract drops the view.
Suggestion RenameTableWithView(sql::Dialect d, const std::string& from, const std::string& to,
                               const schema::Table* table);

/// ALTER TABLE ... DROP NOT NULL in the dialect (MySQL needs the column's type).
std::string DropNotNullSql(sql::Dialect d, const std::string& table, const schema::Column& column);

/// ALTER TABLE ... ADD COLUMN in the dialect.
std::string AddColumnSql(sql::Dialect d, const std::string& table, const std::string& column, const std::string& type,
                         bool not_null, const std::string& default_expr);

}  // namespace shiftway::lint
