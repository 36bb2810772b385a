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
/// the triggers and `old_col`. Used for renames and type changes. `up` converts an old value to the
/// new type and `down` back, each written over the column's own name (`CAST(price AS text)`); when
/// empty, a CAST is used if the types differ.
/// `default_expr` (renames only, both columns of one type): the old column's constant default,
/// given to the new column too. An insert then fills the column the app left out with the
/// default before the triggers run, so the triggers treat a column that holds the default while
/// the other does not as the one left out.
Suggestion DualWrite(sql::Dialect d, const std::string& table, const std::string& old_col,
                     const std::string& old_type, const std::string& new_col, const std::string& new_type,
                     const std::string& up = "", const std::string& down = "", const std::string& default_expr = "");

/// The name of the trigger (and, on PostgreSQL, of the trigger function) DualWrite creates, within
/// the dialect's limit (see ShortName); `suffix` ("_ins") is part of what must fit.
std::string DualWriteTriggerName(sql::Dialect d, const std::string& table, const std::string& new_col,
                                 const std::string& suffix = "");

/// `name` when it fits the dialect's identifier limit (PostgreSQL 63 bytes, MySQL/MariaDB 64
/// characters, counted as bytes here; SQLite has none); otherwise its first bytes and `_` and 8 hex
/// digits of the CRC-32 of the whole name, so the result is deterministic, fits, and two long
/// names that share a prefix stay apart.
std::string ShortName(sql::Dialect d, const std::string& name);

/// `expr` with each mention of `column` (bare, or quoted as the dialect quotes names: "..." or
/// `...`; not inside a string, not after a dot) prefixed by `prefix` ("NEW."), so a conversion
/// written over a column works inside a row trigger.
std::string QualifyColumn(sql::Dialect d, const std::string& expr, const std::string& column, const std::string& prefix);

/// The end of the mention that starts at `text[i]`: a quoted name (doubled quotes inside) or a
/// bare word.
size_t MentionEnd(const std::string& text, size_t i);

/// SQLite's documented 12-step table change (https://www.sqlite.org/lang_altertable.html#otheralter),
/// steps 4 to 9: create `after` under a new name, copy the rows (`select_list` gives the value of
/// each column of `after`, in order), drop the old table, rename the new one, and recreate its
/// indexes. The caller wraps it in BEGIN/COMMIT with `PRAGMA foreign_keys=OFF` before and
/// `PRAGMA foreign_key_check` before COMMIT (steps 1-3 and 10-12). Triggers and views on the table
/// are not in the schema model; a comment says to recreate them.
std::vector<std::string> SqliteRebuild(const schema::Table& after, const std::vector<std::string>& select_list,
                                       const std::vector<schema::Index>& indexes);

/// CREATE TABLE for `table` under `name`, from the schema model (SQLite syntax).
std::string SqliteCreateTable(const schema::Table& table, const std::string& name);

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
