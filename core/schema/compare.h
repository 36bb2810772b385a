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
  /// "table", "column", "constraint", "index", "view", "enum", "sequence", "routine", "trigger".
  std::string object;
  /// As a reviewer writes it: "person", "app.person", "person.email", "person.person_email_key".
  std::string name;
  /// kChanged: "type", "nullability", "default", "columns", "unique", "values", "function".
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
  /// The MySQL/MariaDB and SQLite front ends do not model triggers (CREATE TRIGGER is read as a
  /// statement without effect on the model), so only PostgreSQL's are compared by default.
  bool triggers = true;
};

/// The differences between `migrations` (the model replay builds) and `database` (the model a
/// driver's ReadSchema builds), sorted by object key. Spellings that mean the same are equal: types
/// by CompareTypes, defaults after casts and case are normalised (NormalizeDefault), a unique
/// constraint and a unique index on the same columns, unnamed constraints by what they cover.
/// Objects either side cannot know (a table whose columns are unknown) are not compared in detail.
std::vector<Difference> CompareModels(const Model& migrations, const Model& database,
                                      const CompareOptions& options);

/// A default expression in a canonical spelling for comparison: casts (`'x'::text`,
/// `'a'::character varying`) and redundant parentheses dropped, case folded outside quotes,
/// `now()` / `current_timestamp()` as `current_timestamp`, and `null` as "" (no default).
std::string NormalizeDefault(std::string_view expr);

}  // namespace shiftway::schema
