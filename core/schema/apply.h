// Applying changes to the model, and the release bookkeeping: which objects this release created.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/schema/change.h"
#include "core/schema/model.h"

namespace shiftway::schema {

/// The objects created by the migrations of the release being linted. Everything else, including
/// objects the model never saw, counts as released.
class ReleaseState {
 public:
  bool Created(const std::string& key) const { return created_.count(key) > 0; }
  void MarkCreated(const std::string& key);
  void Forget(const std::string& key) { created_.erase(key); }
  /// Moves a created mark (and the marks under it, `key.`*) to a new key, for renames.
  void Move(const std::string& from, const std::string& to);
  /// Remembers that a released object with this key was dropped: re-creating the same name in this
  /// release (a drop-and-recreate or a SQLite rebuild) replaces a released object and stays released.
  void MarkDroppedReleased(const std::string& key) { dropped_released_.insert(key); }

 private:
  std::set<std::string> created_;
  std::set<std::string> dropped_released_;
};

/// Created-set keys: "table:<model key>", "column:<model key>.<column>", and so on.
std::string TableKey(const Model& m, const std::string& schema, const std::string& name);
std::string ColumnKey(const Model& m, const std::string& schema, const std::string& table, const std::string& column);

/// Fills in the annotation fields of `change` (released, known, before, before_table, ...) from the
/// model as it is just before the change. `state` may be null while replaying released files.
void Annotate(Change& change, const Model& model, const ReleaseState* state);

/// PostgreSQL name resolution: gives a change on an unqualified name the schema that `search_path`
/// picks. A CREATE goes to the first schema of the path; anything else acts on the first schema of
/// the path that holds an object of that name (or on the first schema when none does). `$user`,
/// `pg_catalog` and `pg_temp` are skipped. An empty path leaves the change as it is (the model's
/// default schema applies).
void ResolveSearchPath(Change& change, const Model& model, const std::vector<std::string>& search_path);

/// The changes a DROP ... CASCADE (`drop`, with the model `m` just before it) makes to objects that
/// depend on the dropped one, each marked with `cascade_from`: the defaults that call a dropped
/// function or read a dropped sequence (kDropDefault), the triggers that run a dropped function
/// (kDropTrigger), the columns of a dropped type (kDropColumn), and the foreign keys that reference
/// a dropped table (kDropConstraint). Views are judged by drop-view from the model directly.
std::vector<Change> CascadedChanges(const Change& drop, const Model& m);

/// Applies a change to the model, and to the release bookkeeping when `state` is not null.
/// Changes on objects the model does not know create stubs, so later changes still find them.
void Apply(const Change& change, Model& model, ReleaseState* state);

/// Turns a whole-column redefinition (MySQL CHANGE/MODIFY, a SQLite rebuild) into the primitive
/// changes it amounts to against the current definition `before` (null when unknown): rename, type,
/// nullability and default. A default or NOT NULL that the new definition leaves out is dropped.
std::vector<Change> RedefineColumn(const std::string& schema, const std::string& table, const Column* before,
                                   const std::string& old_name, const Column& after);

/// The changes that turn table `before` into `after` (same name): dropped, added and redefined
/// columns, new unique/check/foreign-key constraints, and dropped keys (a kDropConstraint whose
/// `constraint` is the key `before` had). Used to judge SQLite-style rebuilds.
std::vector<Change> DiffTables(const Table& before, const Table& after);

}  // namespace shiftway::schema
