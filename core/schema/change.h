// A change: what one statement does to the schema model, as the front ends report it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema/model.h"

namespace shiftway::schema {

/// The kinds of change. One statement can make several (an ALTER TABLE with many clauses).
enum class ChangeKind {
  kCreateTable,
  kDropTable,
  kRenameTable,    ///< also ALTER TABLE ... SET SCHEMA (new_schema set, new_name = old name)
  kAddColumn,
  kDropColumn,
  kRenameColumn,
  kAlterColumnType,
  kSetNotNull,
  kDropNotNull,
  kSetDefault,
  kDropDefault,
  kAddIdentity,
  /// MySQL/MariaDB: a column made INVISIBLE (`detail` "invisible") or VISIBLE again ("visible"),
  /// by ALTER COLUMN ... SET [IN]VISIBLE or a MODIFY/CHANGE that says so.
  kSetVisibility,  ///< PostgreSQL ADD GENERATED ... AS IDENTITY (`detail` "always", "by default") or SET GENERATED ("set always", ...)
  kAddConstraint,
  kValidateConstraint,
  kDropConstraint,
  kCreateIndex,
  kDropIndex,
  /// PostgreSQL ALTER INDEX i RENAME TO j, MySQL ALTER TABLE t RENAME INDEX i TO j: `object` the
  /// index, `new_name` its new name, `table` the table when written (MySQL). A key's index carries
  /// the key's name, so the key is renamed with it.
  kRenameIndex,
  kCreateView,
  kDropView,
  kRenameView,
  kCreateEnum,
  kCreateType,  ///< CREATE DOMAIN, CREATE TYPE ... AS (...): `detail` "domain" or "composite type"
  kAddEnumValue,
  kRenameEnumValue,
  kDropType,
  kRenameType,  ///< ALTER TYPE/DOMAIN ... RENAME TO or SET SCHEMA (enums, domains, composite types)
  kCreateSchema,
  kDropSchema,
  kRenameSchema,
  kCreateRoutine,
  kDropRoutine,
  kCreateSequence,
  kDropSequence,
  /// ALTER SEQUENCE s RESTART [WITH n] (PostgreSQL, MariaDB): `object` the sequence; or PostgreSQL
  /// ALTER TABLE t ALTER COLUMN c RESTART [WITH n] of an identity column: `object` the table,
  /// `column` the column. `detail` the value as written, "" for the sequence's START value.
  kRestartSequence,
  kCreateTrigger,  ///< CREATE TRIGGER: `object` the table, `column` the trigger, `function` what it runs, `trigger_def` the rest
  kDropTrigger,    ///< DROP TRIGGER (or one that a DROP FUNCTION ... CASCADE takes): as above
  kBegin,           ///< BEGIN / START TRANSACTION
  kCommit,          ///< COMMIT / ROLLBACK / END
  kSetLockTimeout,  ///< SET lock_timeout (PostgreSQL) or lock_wait_timeout (MySQL)
  kTableRewrite,    ///< an operation that rewrites a table and is not one of the above (MySQL CONVERT TO)
  /// PostgreSQL: less access to table `object`. `detail` "revoke": REVOKE of `values` (privileges,
  /// "ALL") from the role `column`; "row level security": ENABLE or FORCE ROW LEVEL SECURITY.
  kRestrictAccess,
  /// ALTER TABLE parent DETACH PARTITION p: `object` the parent, `new_name` the partition (as
  /// written), `concurrently` for CONCURRENTLY. The partition stays, as a table of its own.
  kDetachPartition,
  /// PostgreSQL CREATE POLICY on table `object`: nothing the model holds, kept for restrict-access.
  kCreatePolicy,
  kDml,             ///< INSERT, UPDATE, DELETE, SELECT, COPY, ...; `detail` holds the verb
  kOther,           ///< understood, and no effect on the model (GRANT, COMMENT, CREATE TRIGGER, ...)
  kUnparsed,        ///< not understood; `detail` says why
};

/// The `detail` of a kOther change for ALTER TYPE ... ADD / DROP / ALTER / RENAME ATTRIBUTE: the
/// model no longer knows the composite type's attributes (NamedType::attributes_known).
inline constexpr const char* kAlterAttributes = "composite type attributes changed";

/// Short name of a change kind, for tests and debugging ("add-column").
std::string_view ChangeKindName(ChangeKind kind);

/// One change. Which fields are meaningful depends on `kind`; unused fields stay empty.
struct Change {
  ChangeKind kind = ChangeKind::kOther;

  // --- What the statement says -------------------------------------------------------------
  std::string schema;      ///< schema of `object` as written ("" = default); for schema changes, unused
  std::string object;      ///< table, view, index, type, sequence, routine or schema name, as written
  std::string table;       ///< indexes: the table they are on
  std::string column;      ///< column name, constraint name or enum value
  std::string new_name;    ///< renames: the new name (column, object or enum value)
  std::string new_schema;  ///< renames/SET SCHEMA: the target schema when it changes
  Column def;              ///< add column: the column; type change: def.type; set default: def.default_expr
  Constraint constraint;   ///< add constraint; for a rebuild's kDropConstraint, the key it loses
  Index index;             ///< create index
  Table table_def;         ///< create table: the table as created
  View view_def;           ///< create view
  std::vector<std::string> values;  ///< create enum: its values
  std::string using_expr;           ///< ALTER COLUMN TYPE ... USING
  bool concurrently = false;        ///< CREATE/DROP INDEX CONCURRENTLY
  /// PostgreSQL CREATE INDEX ... ON ONLY parent: an invalid index on the partitioned parent alone,
  /// which reads no rows; the partitions' indexes are built (and judged) by their own statements.
  bool only = false;
  bool if_exists = false;           ///< DROP ... IF EXISTS / IF NOT EXISTS
  bool or_replace = false;          ///< CREATE OR REPLACE
  bool cascade = false;             ///< DROP ... CASCADE
  bool is_procedure = false;        ///< routines
  /// Routines: the body's text when it is in LANGUAGE sql (statements the linter reads when the
  /// routine is called); the language when it is one the linter cannot read ("plpython3u").
  std::string body, language;
  /// Routines: a function that RETURNS TRIGGER (on create), or one the model knows as such (on
  /// drop). The app never calls a trigger function; dropping it goes with its trigger.
  bool trigger_function = false;
  std::string function;             ///< triggers: the function the trigger executes, as written
  /// Create trigger: its timing, event and body (Trigger); create type: a domain's base type in
  /// `def.type`, a composite type's attributes in `table_def.columns`.
  Trigger trigger_def;
  /// Set on a change that a DROP ... CASCADE makes to a dependent object rather than the statement
  /// itself: what the CASCADE drops ("sequence person_id_seq", "function touch", "type mood").
  std::string cascade_from;
  std::string algorithm;            ///< MySQL ALGORITHM= value, uppercase ("COPY", "INPLACE", "INSTANT")
  std::string detail;               ///< DML verb, lock timeout value, unparsed reason, rewrite reason

  // --- Filled in by Annotate() from the model just before the change -------------------------
  /// The object acted on existed at the previous release, or is unknown to the model. Only objects
  /// created in this release are exempt from compatibility rules.
  bool released = true;
  /// The model knew the object (table, view, type...) the change acts on.
  bool known = false;
  /// The column as it was (drop, rename, type, nullability and default changes).
  std::optional<Column> before;
  /// The table as it was (drop table, rename table; used to recognise SQLite rebuilds).
  std::optional<Table> before_table;
  /// For column changes: the table existed at the previous release, even when the column itself is
  /// new in this release (`released` is then false). A column added and then made NOT NULL in one
  /// release is a new required column on a released table.
  bool on_released_table = false;
  /// Set when the change comes from code the statement runs rather than from the statement itself:
  /// "DO block" or "function setup()" (a DO block's body, or a routine the statement calls).
  std::string routine;
  /// For DROP ... IF EXISTS: the object does not exist at this point, and the history is complete
  /// (it starts at version 1 with no baseline, and no statement the model could not follow might
  /// have created it). The drop changes nothing that the running release could use.
  bool never_created = false;
  /// For SET NOT NULL: the table has a validated `CHECK (column IS NOT NULL)`.
  bool has_valid_not_null_check = false;
  /// For SET NOT NULL: the table has a `CHECK (column IS NOT NULL)`, validated or NOT VALID; either
  /// way new writes of NULL are already rejected, so the running release cannot depend on them.
  bool has_not_null_check = false;
  /// For ADD CONSTRAINT and CREATE INDEX: every column the constraint covers was created in this release, so rows
  /// written by the previous release hold NULL there.
  bool on_new_columns = false;
  /// For CREATE INDEX: the table is a PostgreSQL partitioned table.
  bool on_partitioned = false;
  /// For ALTER COLUMN TYPE from one PostgreSQL enum type to another (an enum swap): the values of
  /// the column's type before and of the new type, when the model knows both as enums.
  std::optional<std::vector<std::string>> enum_before, enum_after;
  /// For DROP TYPE and RENAME VALUE of an enum this release renamed, and for ALTER COLUMN TYPE of a
  /// column of such an enum: the enum's key at the release (EnumType::released_key). For a rename
  /// or drop of a domain or composite type this release renamed: NamedType::released_key.
  std::string released_key;
  /// For a rename or drop of a type the model knows as a domain or composite type (NamedType):
  /// its kind, "domain" or "composite type". Empty for enums (`known`) and unknown types.
  std::string type_kind;
  /// For VALIDATE CONSTRAINT: the constraint being validated, when known.
  std::optional<Constraint> validated;
  /// Set when the change was derived from a SQLite-style table rebuild (CREATE new, copy, DROP
  /// old, RENAME new TO old); names the temporary table.
  std::string rebuilt_from;
};

/// A CREATE TABLE's changes: `create`, then a CREATE INDEX on its table for each index the
/// statement declares (an unnamed one named after its first column, as MySQL names it).
std::vector<Change> WithIndexes(const Change& create, const std::vector<Index>& indexes);

}  // namespace shiftway::schema
