// The schema model: what a database holds after a sequence of migrations, as far as the linter knows.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shiftway::schema {

/// A table column. `type` is the declared type as normalized by the dialect's front end
/// (e.g. "varchar(50)", "int4", "text[]"); an empty type means "unknown".
struct Column {
  std::string name;
  std::string type;
  bool not_null = false;
  bool has_default = false;
  std::string default_expr;       ///< the default's SQL text when known
  bool default_volatile = false;  ///< the default is evaluated per row (random(), nextval(), ...)
  bool generated = false;         ///< identity, serial, auto_increment or a generated column
  /// MySQL 8.0.23+ / MariaDB INVISIBLE: left out of SELECT * and of INSERT without a column list.
  bool invisible = false;
  /// Attributes the model keeps no other fact for, as written (`COLLATE "C"`, `COMMENT 'x'`,
  /// `ON UPDATE CURRENT_TIMESTAMP`, `BINARY`, `CHARACTER SET latin1`), so that code that
  /// redefines the column (split) can carry them or say that it cannot.
  std::vector<std::string> extras;
  /// What the default depends on, as written: "sequence:app.person_id_seq", "function:next_code".
  /// DROP SEQUENCE / DROP FUNCTION ... CASCADE takes the default with it.
  std::vector<std::string> default_refs;
};

/// A table constraint.
struct Constraint {
  enum class Kind { kPrimaryKey, kUnique, kCheck, kForeignKey };
  Kind kind = Kind::kCheck;
  std::string name;  ///< may be empty when the database names it
  std::vector<std::string> columns;
  std::string ref_table;  ///< foreign keys: the referenced table as written
  std::vector<std::string> ref_columns;
  std::string expr;             ///< checks: the expression's SQL text when known
  std::string not_null_column;  ///< checks of the form `c IS NOT NULL`: the column
  bool not_valid = false;       ///< PostgreSQL NOT VALID and not validated since
  /// PostgreSQL EXCLUDE (kind kUnique, `columns` its elements): rejects conflicting rows as a unique
  /// constraint rejects duplicates. Judged when added; the model keeps none, as the catalog keeps none.
  bool exclusion = false;
  /// Foreign keys: the referential actions, uppercase ("CASCADE", "SET NULL", "SET DEFAULT"); empty
  /// for NO ACTION and RESTRICT, which reject the same writes.
  std::string on_delete, on_update;
};

/// A foreign key action as the model keeps it (see Constraint::on_delete): "cascade" -> "CASCADE",
/// "no action" and "restrict" -> "".
std::string FkAction(std::string_view action);

/// PostgreSQL's name for a key or foreign key of `table` that was declared without one:
/// <table>_pkey, <table>_<columns>_key, <table>_<columns>_fkey. "" for a CHECK (PostgreSQL names it
/// after a column of its expression) and when the name would pass 63 bytes (PostgreSQL shortens it).
std::string PgConstraintName(std::string_view table, const Constraint& k);

/// A table and what the model knows about it.
struct Table {
  std::string schema;  ///< as written; empty for the default schema
  std::string name;    ///< as written
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  /// True when the columns are not known (CREATE TABLE ... AS SELECT, LIKE, an unparsed CREATE).
  bool columns_unknown = false;
  /// A PostgreSQL partitioned table (`PARTITION BY`): its rows are in its partitions.
  bool partitioned = false;
  /// A SQLite STRICT table: SQLite refuses a value that is not of its column's declared type.
  bool strict = false;

  /// The column with this name (case-insensitive), or nullptr.
  const Column* FindColumn(std::string_view column) const;
  Column* FindColumn(std::string_view column);
  /// The constraint `ALTER TABLE ... DROP CONSTRAINT name` drops: the one of that name, else a
  /// key or foreign key declared without a name that PostgreSQL named so (PgConstraintName), else
  /// for MySQL's `DROP PRIMARY KEY` (name "PRIMARY") the primary key. nullptr when none.
  const Constraint* FindConstraint(std::string_view constraint) const;
};

/// An index; `columns` holds plain column names (expressions are left out).
struct Index {
  std::string schema;
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
};

/// What CREATE TABLE ... LIKE copies besides each column's name, type and NOT NULL, which it always
/// copies: PostgreSQL's INCLUDING options (none by default); MySQL/MariaDB copy all of them.
/// Foreign keys are never copied.
struct LikeOptions {
  bool defaults = true;     ///< column defaults, a serial's nextval() among them
  bool identity = true;     ///< identity and generated columns
  bool constraints = true;  ///< CHECK constraints
  bool indexes = true;      ///< the primary key, unique constraints and the other indexes
};

/// A view with the tables and columns its query mentions (as far as the front end can tell).
struct View {
  std::string schema;
  std::string name;
  std::vector<std::string> tables;
  std::vector<std::string> columns;  ///< every column name the query mentions
  bool star = false;                 ///< the query selects `*` or `t.*`
  /// The view's own columns, in order, as far as the front end can tell: a name and a type ("" when
  /// unknown). An output named "*" stands for every column of the view's one table, expanded when
  /// the view is applied to the model; a name "" is a column the front end could not name.
  std::vector<Column> outputs;
  /// For each output: the column of the view's tables it shows as it is, or "" (an expression).
  std::vector<std::string> output_sources;
  bool outputs_known = false;
  bool materialized = false;  ///< PostgreSQL CREATE MATERIALIZED VIEW
  /// SQLite: the CREATE VIEW text as sqlite_schema keeps it (as written), the same in a replayed
  /// model and a live one. Empty elsewhere: PostgreSQL and MySQL/MariaDB rewrite a view's query.
  std::string definition;
};

/// A trigger: the table it fires on, when, on what, and what it runs.
struct Trigger {
  std::string schema;    ///< the table's schema as written
  std::string table;
  std::string name;
  std::string function;  ///< PostgreSQL: the function it executes, as written, possibly qualified
  std::string timing;    ///< "BEFORE", "AFTER" or "INSTEAD OF"; "" when unknown
  std::string event;     ///< "INSERT", "UPDATE", "INSERT OR DELETE", "UPDATE OF a, b"; "" when unknown
  std::string level;     ///< PostgreSQL: "ROW" or "STATEMENT"; "" elsewhere (always per row)
  /// MySQL/MariaDB and SQLite: the statement it runs as written (MySQL: after FOR EACH ROW and
  /// FOLLOWS/PRECEDES; SQLite: after ON table and FOR EACH ROW, so WHEN is part of it). "" on PostgreSQL.
  std::string body;
};

/// PostgreSQL's trigger type bits (pg_trigger.tgtype, and CreateTrigStmt's timing and events) as
/// the model spells them: "BEFORE" / "AFTER" / "INSTEAD OF", and "INSERT OR UPDATE OF a, b" in the
/// order PostgreSQL prints them (`update_columns` as the CREATE TRIGGER lists them).
std::string PgTriggerTiming(int bits);
std::string PgTriggerEvents(int bits, const std::vector<std::string>& update_columns);

/// An enum type (PostgreSQL `CREATE TYPE ... AS ENUM`).
struct EnumType {
  std::string schema;
  std::string name;
  std::vector<std::string> values;
  /// A released enum that this release renamed (`ALTER TYPE e RENAME TO e__`, the first step of a
  /// swap): its key at the release. Empty otherwise.
  std::string released_key;
};

/// A PostgreSQL domain (`CREATE DOMAIN`) or composite type (`CREATE TYPE ... AS (...)`). Columns
/// name it as their type.
struct NamedType {
  std::string schema;
  std::string name;
  std::string kind;  ///< "domain" or "composite type"
  /// A released type that this release renamed: its key at the release. Empty otherwise.
  std::string released_key;
  std::string base_type;           ///< a domain's base type ("" when unknown)
  std::vector<Column> attributes;  ///< a composite type's attributes: names and types, in order
  /// False once an ALTER TYPE ... ATTRIBUTE that the model does not follow changed the attributes.
  bool attributes_known = true;
};

/// The whole model. Objects are keyed by `Key(schema, name)`: lowercase, with the dialect's
/// default schema filled in, so `Person`, `person` and `public.person` are one table.
/// Identifier case is folded for every dialect; two PostgreSQL tables that differ only in quoted
/// case are therefore one table here (a known simplification).
struct Model {
  std::string default_schema;  ///< "public" for PostgreSQL, "" elsewhere
  std::map<std::string, Table> tables;
  std::map<std::string, View> views;
  std::map<std::string, Index> indexes;
  std::map<std::string, EnumType> enums;
  std::map<std::string, NamedType> types;  ///< domains and composite types (enums are in `enums`)
  std::set<std::string> schemas;
  std::set<std::string> sequences;
  std::set<std::string> routines;
  std::set<std::string> trigger_functions;  ///< routines that RETURN TRIGGER
  /// Triggers by Key(table's schema, table) + "." + lowercase trigger name.
  std::map<std::string, Trigger> triggers;

  /// The lookup key for an object named `name` in `schema` (empty = default schema).
  std::string Key(std::string_view schema, std::string_view name) const;

  const Table* FindTable(std::string_view schema, std::string_view name) const;
  /// The columns of a unique key of the table (UNIQUE, PRIMARY KEY or unique index) that are all
  /// among `columns`, joined with ", ": every combination of values of `columns` is unique
  /// already. Empty when there is none.
  std::string UniqueKeyWithin(std::string_view schema, std::string_view table,
                              const std::vector<std::string>& columns) const;
  Table* FindTable(std::string_view schema, std::string_view name);
  const View* FindView(std::string_view schema, std::string_view name) const;
  const EnumType* FindEnum(std::string_view schema, std::string_view name) const;
  const NamedType* FindType(std::string_view schema, std::string_view name) const;
};

/// ASCII lowercase copy.
std::string Lower(std::string_view s);

/// True when two identifiers are equal ignoring ASCII case.
bool SameName(std::string_view a, std::string_view b);

/// "schema.name", or just "name" when the schema is empty.
std::string Qualified(std::string_view schema, std::string_view name);

/// The table CREATE TABLE `name` LIKE `source` makes, and in `indexes` the indexes it gets:
/// named as the source's on MySQL/MariaDB, and as PostgreSQL names them (`name_col_idx`,
/// `name_col_key`) when `pg_names`.
Table TableLike(const Model& model, const Table& source, const std::string& schema, const std::string& name,
                const LikeOptions& options, bool pg_names, std::vector<Index>* indexes);

}  // namespace shiftway::schema
