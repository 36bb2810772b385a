// Comparing two schema models: what the migrations say against what a live database holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/schema/model.h"
#include "core/sql/statement.h"

namespace shiftway::schema {

/// One way two models differ, named precisely enough to write the migration that removes it.
struct Difference {
  enum class Kind {
    kMissing,  ///< the migrations create it and the database does not have it
    kExtra,    ///< the database has it and no migration creates it
    kChanged,  ///< both have it, and `aspect` differs
  };
  Kind kind = Kind::kChanged;
  /// "schema", "table", "column", "constraint", "index", "view", "enum", "domain", "composite type",
  /// "sequence", "routine", "trigger".
  std::string object;
  /// As a reviewer writes it: "person", "app.person", "person.email", "person.person_email_key".
  std::string name;
  /// kChanged: "type", "nullability", "default", "columns", "column types", "definition", "values",
  /// "base type", "attributes", "kind", "function", "timing", "event", "body".
  std::string aspect;
  std::string expected;  ///< kChanged: what the migrations say ("varchar(50)", "not null", "'x'")
  std::string actual;    ///< kChanged: what the database holds
  /// The object's lowercase model key ("public.person", "public.person.email"), for ignore patterns.
  std::string key;

  /// "missing", "extra" or "changed".
  std::string_view KindName() const;
  /// One sentence: "column person.nickname is in the database but no migration creates it".
  std::string Message() const;
};

/// What CompareModels looks at.
struct CompareOptions {
  sql::Dialect dialect = sql::Dialect::kPostgres;
  bool triggers = true;
  /// The schemas the database side was read from (Driver::ReadSchema's `schemas`); empty: every
  /// schema. An object of another schema is not compared: the database side never looked for it.
  std::vector<std::string> schemas;
  /// The managed schemas that must exist in the database (shiftway creates each one that is
  /// missing when it migrates); each one `database` lacks is a missing schema. Lowercase.
  std::vector<std::string> required_schemas;
};

/// The differences between `migrations` (the model replay builds) and `database` (the model a
/// driver's ReadSchema builds), sorted by object key. Spellings that mean the same are equal: types
/// by CompareTypes, defaults after casts and case are normalised (NormalizeDefault), a unique
/// constraint and a unique index on the same columns, unnamed constraints by what they cover.
/// Objects either side cannot know (a table whose columns are unknown) are not compared in detail.
std::vector<Difference> CompareModels(const Model& migrations, const Model& database,
                                      const CompareOptions& options);

/// CompareModels, and `*reconciled` gets `migrations` with each difference settled the database's
/// way (lint --against-db: the catalog wins). Where the two agree, the migrations' objects stay as
/// they are, with what only replay knows (the columns a view reads, `SELECT *`, what a default
/// depends on, column attributes). A missing object goes, an extra one comes from the database,
/// and a changed column, index, view, enum or trigger is the database's; a table whose
/// constraints or unique keys differ takes the database's constraints. A table whose columns
/// replay could not know (CREATE TABLE ... AS) takes the database's columns, which is no
/// difference. Objects outside `options.schemas` stay as replay has them.
std::vector<Difference> ReconcileModels(const Model& migrations, const Model& database,
                                        const CompareOptions& options, Model* reconciled);

/// True when `name` matches the glob `pattern` (`*` any run, `?` one character), ignoring case.
bool GlobMatch(std::string_view pattern, std::string_view name);

/// `[check] ignore`: a difference is ignored when a pattern matches its name, or the table (or
/// view) it belongs to, so "audit_*" ignores the table audit_log and its columns, indexes and
/// constraints.
bool IgnoredDifference(const std::vector<std::string>& patterns, const Difference& d);

/// A default expression in a canonical spelling for comparison: casts (`'x'::text`,
/// `'a'::character varying`) and redundant parentheses dropped, case folded outside quotes,
/// `now()` / `current_timestamp()` as `current_timestamp`, and `null` as "" (no default).
std::string NormalizeDefault(std::string_view expr);

/// SQL text (a trigger's body, a SQLite view's CREATE text) in a canonical spelling for comparison:
/// comments dropped, each run of whitespace one space (none next to punctuation), case folded outside
/// quotes and string literals, a trailing semicolon dropped. Two texts that differ in anything else
/// differ.
std::string NormalizeSqlText(std::string_view text);

}  // namespace shiftway::schema
