// The lint engine: replay the released files, apply the new ones, run the rules, apply suppressions.
#include "core/lint/lint.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>

#include "core/lint/rule.h"
#include "core/lint/suppression.h"
#include "core/migration/version.h"
#include "core/schema/apply.h"
#include "core/schema/compare.h"
#include "core/schema/frontend.h"
#include "core/sql/identifier.h"
#include "core/sql/scan.h"
#include "core/sql/tokens.h"

namespace shiftway::lint {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

std::string_view CategoryName(Category c) {
  switch (c) {
    case Category::kCompatibility: return "compatibility";
    case Category::kLocking: return "locking";
    case Category::kHygiene: return "hygiene";
  }
  return "hygiene";
}

bool ParseSeverity(std::string_view text, Severity* out) {
  if (text == "error") *out = Severity::kError;
  else if (text == "warning") *out = Severity::kWarning;
  else if (text == "info") *out = Severity::kInfo;
  else return false;
  return true;
}

namespace {

using schema::Change;
using schema::ChangeKind;

// Versioned files first, then repeatables, each group in the caller's order.
std::vector<const LintFile*> ReplayOrder(const std::vector<LintFile>& files) {
  std::vector<const LintFile*> out;
  for (const auto& f : files) {
    if (!f.repeatable) out.push_back(&f);
  }
  for (const auto& f : files) {
    if (f.repeatable) out.push_back(&f);
  }
  return out;
}

int EndLine(const sql::Statement& st) {
  return st.line + static_cast<int>(std::count(st.text.begin(), st.text.end(), '\n'));
}

// The column of a statement's last character, on its last line.
int EndColumn(const sql::Statement& st) {
  const size_t nl = st.text.rfind('\n');
  if (nl == std::string::npos) return st.column + static_cast<int>(st.text.size()) - 1;
  return static_cast<int>(st.text.size() - nl - 1);
}

// A statement that only reads or writes data, or changes nothing the model holds (INSERT, GRANT,
// COMMENT ...): no rule judges it (see StatementRecord), so lint does not keep it and a file of
// millions of INSERTs takes no more memory than its schema changes.
bool Inert(const StatementRecord& sr) {
  return std::all_of(sr.changes.begin(), sr.changes.end(), [](const Change& c) {
    return (c.kind == ChangeKind::kDml || c.kind == ChangeKind::kOther) && c.algorithm.empty() &&
           c.routine.empty() && c.rebuilt_from.empty();
  });
}

bool IsColumnChange(ChangeKind k) {
  return k == ChangeKind::kDropColumn || k == ChangeKind::kRenameColumn || k == ChangeKind::kAlterColumnType ||
         k == ChangeKind::kSetNotNull || k == ChangeKind::kDropNotNull || k == ChangeKind::kSetDefault ||
         k == ChangeKind::kDropDefault;
}

// PostgreSQL tells "Users" from users; the model compares names without regard to case, as MySQL
// and SQLite do. A statement that names a table, view or column of the model in another case means
// another object than the one the model would judge, so it is not analysed: its changes become one
// unparsed change that says why.
void RefuseCaseOnlyDifferences(std::vector<Change>& changes, const schema::Model& m) {
  constexpr auto pg = sql::Dialect::kPostgres;
  for (const auto& c : changes) {
    const std::string& relation = c.kind == ChangeKind::kCreateIndex ? c.index.table : c.object;
    if (relation.empty() || c.kind == ChangeKind::kUnparsed) continue;
    std::string named, held;
    const schema::Table* t = m.FindTable(c.schema, relation);
    const schema::View* v = t ? nullptr : m.FindView(c.schema, relation);
    if (t && t->name != relation) {
      named = relation, held = t->name;
    } else if (v && v->name != relation) {
      named = relation, held = v->name;
    } else if (t) {
      const std::string& column = c.kind == ChangeKind::kAddColumn ? c.def.name : IsColumnChange(c.kind) ? c.column : "";
      const schema::Column* col = column.empty() ? nullptr : t->FindColumn(column);
      if (col && col->name != column) named = relation + "." + column, held = t->name + "." + col->name;
    }
    if (named.empty()) continue;
    Change u;
    u.kind = ChangeKind::kUnparsed;
    // TableIdent quotes each part of "table" or "table.column".
    u.detail = "PostgreSQL reads " + sql::TableIdent(pg, named) + " and " + sql::TableIdent(pg, held) +
               " as two names, but the linter compares names without regard to case and cannot tell them apart";
    changes = {u};
    return;
  }
}

// The changes a rebuild of released table `before` into `after` amounts to, annotated as released.
// A column this release added (`state`) stays exempt from the rules about released columns: the
// rebuild that makes it NOT NULL is judged as a new required column instead.
std::vector<Change> RebuildChanges(const schema::Table& before, const schema::Table& after, const std::string& via,
                                   const schema::Model& model, const schema::ReleaseState* state) {
  std::vector<Change> out = schema::DiffTables(before, after);
  if (after.strict && !before.strict) {
    // SQLite stored any value in any column of the released table; the rebuilt one refuses the
    // values that are not of their column's type, as a CHECK on every column would.
    Change strict;
    strict.kind = ChangeKind::kAddConstraint;
    strict.constraint.kind = schema::Constraint::Kind::kCheck;
    strict.detail = "strict";
    out.push_back(strict);
  }
  for (auto& c : out) {
    c.released = true;
    c.on_released_table = true;
    if (state && IsColumnChange(c.kind) &&
        state->Created(schema::ColumnKey(model, before.schema, before.name, c.column))) {
      c.released = false;
    }
    c.known = true;
    c.rebuilt_from = via;
    c.before_table = before;
    if (IsColumnChange(c.kind)) {
      if (const schema::Column* col = before.FindColumn(c.column)) c.before = *col;
    }
    if (c.kind == ChangeKind::kSetNotNull) {
      for (const auto& k : before.constraints) {
        if (k.kind == schema::Constraint::Kind::kCheck && !k.not_valid && schema::SameName(k.not_null_column, c.column)) {
          c.has_valid_not_null_check = true;
        }
      }
    }
  }
  return out;
}

// Recognises table rebuilds inside one file and replaces the drop (or rename-away) of the released
// table with what the rebuild really changes:
//   A: CREATE new; copy; DROP old; ALTER TABLE new RENAME TO old
//   B: ALTER TABLE old RENAME TO tmp; CREATE old; copy; DROP tmp
//   C: CREATE new; copy; RENAME TABLE old TO tmp, new TO old [; DROP tmp]   (MySQL's swap)
//   D: DROP old; CREATE old                                                 (drop and re-create)
//   E: CREATE OR REPLACE TABLE old                                          (MariaDB)
void CoalesceRebuilds(std::vector<StatementRecord>& stmts, const schema::Model& model,
                      const schema::ReleaseState* state) {
  auto same = [&](const std::string& s1, const std::string& n1, const std::string& s2, const std::string& n2) {
    return model.Key(s1, n1) == model.Key(s2, n2);
  };
  auto replace_with = [&](size_t i, size_t ci, const schema::Table& before, const schema::Table& after,
                          const std::string& via) {
    const Change& at = stmts[i].changes[ci];
    std::vector<Change> derived = RebuildChanges(before, after, via, model, state);
    for (auto& d : derived) {
      d.schema = at.schema;
      d.object = at.object;
    }
    stmts[i].changes.erase(stmts[i].changes.begin() + static_cast<long>(ci));
    stmts[i].changes.insert(stmts[i].changes.begin() + static_cast<long>(ci), derived.begin(), derived.end());
  };
  for (size_t i = 0; i < stmts.size(); ++i) {
    for (size_t ci = 0; ci < stmts[i].changes.size(); ++ci) {
      Change& drop = stmts[i].changes[ci];
      // E: the replaced table is judged like a rebuild into the new definition.
      if (drop.kind == ChangeKind::kCreateTable && drop.or_replace && drop.on_released_table && drop.before_table &&
          !drop.before_table->columns_unknown && !drop.table_def.columns_unknown) {
        const schema::Table before = *drop.before_table, after = drop.table_def;
        std::vector<Change> derived = RebuildChanges(before, after, drop.object, model, state);
        for (auto& d : derived) {
          d.schema = drop.schema;
          d.object = drop.object;
        }
        drop.on_released_table = false;  // judged once
        drop.detail = "replaces";        // drop-table: the released rows are gone, as for D
        stmts[i].changes.insert(stmts[i].changes.begin() + static_cast<long>(ci) + 1, derived.begin(), derived.end());
        ci += derived.size();
        continue;
      }
      // D: a released table dropped, then created again under its name in the same file.
      if (drop.kind == ChangeKind::kDropTable && drop.released && drop.before_table &&
          !drop.before_table->columns_unknown) {
        bool done = false;
        for (size_t j = i + 1; j < stmts.size() && !done; ++j) {
          for (Change& create : stmts[j].changes) {
            if (create.kind == ChangeKind::kRenameTable &&
                same(create.new_schema.empty() ? create.schema : create.new_schema, create.new_name, drop.schema,
                     drop.object)) {
              done = true;  // pattern A, below
              break;
            }
            if (create.kind != ChangeKind::kCreateTable || !same(create.schema, create.object, drop.schema, drop.object)) {
              continue;
            }
            done = true;
            if (create.table_def.columns_unknown) break;
            // The drop stays (drop-table says the rows are gone); the new shape is judged after it.
            drop.detail = "recreated";
            std::vector<Change> derived = RebuildChanges(*drop.before_table, create.table_def, drop.object, model, state);
            for (auto& d : derived) {
              d.schema = drop.schema;
              d.object = drop.object;
            }
            stmts[i].changes.insert(stmts[i].changes.begin() + static_cast<long>(ci) + 1, derived.begin(), derived.end());
            ci += derived.size();
            goto next_change;
          }
        }
      }
      // C: released old renamed away, and a table of this release renamed to its name.
      if (drop.kind == ChangeKind::kRenameTable && drop.released && drop.before_table &&
          !drop.before_table->columns_unknown) {
        const std::string tmp_schema = drop.new_schema.empty() ? drop.schema : drop.new_schema;
        for (size_t j = i; j < stmts.size(); ++j) {
          for (size_t cj = (j == i ? ci + 1 : 0); cj < stmts[j].changes.size(); ++cj) {
            Change& ren = stmts[j].changes[cj];
            if (ren.kind != ChangeKind::kRenameTable || ren.released || !ren.before_table ||
                ren.before_table->columns_unknown ||
                !same(ren.new_schema.empty() ? ren.schema : ren.new_schema, ren.new_name, drop.schema, drop.object)) {
              continue;
            }
            ren.kind = ChangeKind::kOther;
            ren.detail = "completes the swap of " + drop.object;
            // The old table under its temporary name is no longer the running release's business.
            for (size_t k = j; k < stmts.size(); ++k) {
              for (Change& gone : stmts[k].changes) {
                if (gone.kind == ChangeKind::kDropTable && same(gone.schema, gone.object, tmp_schema, drop.new_name)) {
                  gone.kind = ChangeKind::kOther;
                  gone.detail = "completes the swap of " + drop.object;
                }
              }
            }
            const schema::Table before = *drop.before_table, after = *ren.before_table;
            const std::string via = ren.object;
            replace_with(i, ci, before, after, via);
            goto next_change;
          }
        }
      }
      if (drop.kind == ChangeKind::kDropTable && drop.released && drop.before_table &&
          !drop.before_table->columns_unknown) {
        for (size_t j = i + 1; j < stmts.size(); ++j) {
          for (Change& ren : stmts[j].changes) {
            if (ren.kind != ChangeKind::kRenameTable || ren.released || !ren.before_table ||
                !same(ren.new_schema.empty() ? ren.schema : ren.new_schema, ren.new_name, drop.schema, drop.object)) {
              continue;
            }
            schema::Table before = *drop.before_table;
            std::vector<Change> derived = RebuildChanges(before, *ren.before_table, ren.object, model, state);
            for (auto& d : derived) {
              d.schema = drop.schema;
              d.object = drop.object;
            }
            ren.kind = ChangeKind::kOther;
            ren.detail = "completes the rebuild of " + drop.object;
            stmts[i].changes.erase(stmts[i].changes.begin() + static_cast<long>(ci));
            stmts[i].changes.insert(stmts[i].changes.begin() + static_cast<long>(ci), derived.begin(), derived.end());
            goto next_change;
          }
        }
      }
      if (drop.kind == ChangeKind::kRenameTable && drop.released && drop.before_table &&
          !drop.before_table->columns_unknown) {
        const std::string tmp_schema = drop.new_schema.empty() ? drop.schema : drop.new_schema;
        for (size_t j = i + 1; j < stmts.size(); ++j) {
          for (Change& create : stmts[j].changes) {
            if (create.kind != ChangeKind::kCreateTable || !same(create.schema, create.object, drop.schema, drop.object)) {
              continue;
            }
            for (size_t k = j + 1; k < stmts.size(); ++k) {
              for (Change& gone : stmts[k].changes) {
                if (gone.kind != ChangeKind::kDropTable || !same(gone.schema, gone.object, tmp_schema, drop.new_name)) {
                  continue;
                }
                std::vector<Change> derived = RebuildChanges(*drop.before_table, create.table_def, drop.new_name, model, state);
                for (auto& d : derived) {
                  d.schema = drop.schema;
                  d.object = drop.object;
                }
                gone.kind = ChangeKind::kOther;
                gone.detail = "completes the rebuild of " + drop.object;
                stmts[i].changes.erase(stmts[i].changes.begin() + static_cast<long>(ci));
                stmts[i].changes.insert(stmts[i].changes.begin() + static_cast<long>(ci), derived.begin(),
                                        derived.end());
                goto next_change;
              }
            }
          }
        }
      }
    next_change:;
    }
  }
}

// Where the schema came from, for DROP ... IF EXISTS of an object that does not exist (see
// Change::never_created). The history is complete when it starts at version 1 and has no
// baseline; a statement the model cannot follow (unparsed, a DO block, a routine body that may run
// later) could still have created any object whose name it mentions, which then counts as released.
class Provenance {
 public:
  explicit Provenance(const LintInput& in) {
    if (in.baseline) return;
    for (const auto* files : {&in.released, &in.added}) {
      for (const auto& f : *files) {
        if (f.repeatable || f.version.empty()) continue;
        auto first = migration::Version::Parse(f.version);
        auto one = migration::Version::Parse("1");
        complete_ = first && one && *first == *one;
        return;
      }
    }
  }

  /// Remembers a statement whose effect the model may not see in full.
  void Saw(const sql::Statement& st, const std::vector<Change>& changes) {
    if (!complete_) return;
    if (schema::FirstKeyword(st.text) == "CREATE" && schema::Lower(st.text).find("extension") != std::string::npos) {
      extensions_ = true;  // an extension brings tables, functions and types the model never sees
    }
    for (const auto& c : changes) {
      // SELECT ... INTO creates a table; SELECT f() and CALL run routines that may create anything.
      const bool runs_code = c.kind == ChangeKind::kDml && (c.detail == "Select" || c.detail == "Call" ||
                                                            c.detail == "SELECT" || c.detail == "CALL");
      if (c.kind == ChangeKind::kUnparsed || c.kind == ChangeKind::kCreateRoutine || runs_code) {
        opaque_.push_back(schema::Lower(st.text));
        return;
      }
    }
  }

  /// Sets `c.never_created` for a DROP ... IF EXISTS of something `m` does not hold.
  void Judge(Change& c, const schema::Model& m) const {
    if (!complete_ || !c.if_exists) return;
    std::string name = c.object;
    switch (c.kind) {
      // Indexes, sequences and types are left out: constraints, serial columns and domains create
      // them without the model naming them.
      case ChangeKind::kDropTable:
      case ChangeKind::kDropView:
        if (c.known) return;
        break;
      case ChangeKind::kDropRoutine:
        if (c.known || extensions_) return;
        break;
      case ChangeKind::kDropSchema:
        if (c.known || schema::SameName(c.object, m.default_schema)) return;
        break;
      // DROP INDEX IF EXISTS s.i in a schema s that no migration created (often a table name
      // written where PostgreSQL reads a schema) drops nothing.
      case ChangeKind::kDropIndex:
        if (c.known) return;
        if (!c.schema.empty() && !m.schemas.count(schema::Lower(c.schema)) &&
            !schema::SameName(c.schema, m.default_schema) && !schema::SameName(c.schema, "public") &&
            !schema::SameName(c.schema, "pg_catalog")) {
          name = c.schema;
          c.detail = "schema";
          break;
        }
        // Nor does a drop of an index no migration created, when no key, constraint or index
        // PostgreSQL names by itself could carry the name.
        if (extensions_ || MayBeImplicitIndex(m, c.schema, c.object)) return;
        c.detail = "index";
        break;
      case ChangeKind::kDropColumn: {
        const schema::Table* t = m.FindTable(c.schema, c.object);
        if (!t || t->columns_unknown || t->FindColumn(c.column)) return;
        name = c.column;
        break;
      }
      default: return;
    }
    // A table or view of that name is not the index, routine or type being dropped, and vice versa.
    if (c.kind == ChangeKind::kDropTable && m.FindView(c.schema, c.object)) return;
    if (c.kind == ChangeKind::kDropView && m.FindTable(c.schema, c.object)) return;
    if (Mentioned(schema::Lower(name))) return;
    c.never_created = true;
  }

 private:
  // An index name that PostgreSQL gives by itself, or that a constraint carries: a constraint of
  // that name, or <table>_..._pkey / _key / _idx / _excl (with a number after, for duplicates) of a
  // table in the schema. Names cut to PostgreSQL's 63 bytes are never ruled out.
  static bool MayBeImplicitIndex(const schema::Model& m, const std::string& schema_name, const std::string& index) {
    const std::string name = schema::Lower(index);
    if (name.size() >= 63) return true;
    std::string stem = name;
    while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back()))) stem.pop_back();
    bool suffixed = false;
    for (const char* suffix : {"_pkey", "_key", "_idx", "_excl"}) {
      const std::string s = suffix;
      suffixed = suffixed || (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0);
    }
    const std::string prefix = m.Key(schema_name, "");
    for (const auto& [key, t] : m.tables) {
      if (key.compare(0, prefix.size(), prefix) != 0) continue;
      if (suffixed && name.rfind(schema::Lower(t.name) + "_", 0) == 0) return true;
      for (const auto& k : t.constraints) {
        if (schema::SameName(k.name, name)) return true;
      }
    }
    return false;
  }

  // True when a statement the model could not follow names `name`, other than as the target of
  // a DROP ... IF EXISTS (which cannot create it: the same drop, in a routine the migration calls).
  bool Mentioned(const std::string& name) const {
    auto ident = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$'; };
    for (const auto& text : opaque_) {
      for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        const bool starts = at == 0 || !ident(text[at - 1]);
        const bool ends = at + name.size() >= text.size() || !ident(text[at + name.size()]);
        if (starts && ends && !DropTarget(text, at)) return true;
      }
    }
    return false;
  }

  // The words before `at` in `text` (lowercase) are `drop <kind> [concurrently] if exists`.
  static bool DropTarget(const std::string& text, size_t at) {
    std::vector<std::string> words;
    size_t i = at;
    while (words.size() < 5 && i > 0) {
      while (i > 0 && sql::scan::IsBlank(text[i - 1])) --i;
      const size_t end = i;
      while (i > 0 && std::isalpha(static_cast<unsigned char>(text[i - 1]))) --i;
      if (i == end) break;
      words.push_back(text.substr(i, end - i));
    }
    size_t w = 0;
    auto is = [&](const char* word) { return w < words.size() && words[w] == word; };
    if (!is("exists")) return false;
    ++w;
    if (!is("if")) return false;
    ++w;
    if (is("concurrently")) ++w;
    if (w >= words.size()) return false;
    ++w;  // the kind: index, table, view, ...
    return is("drop");
  }

  bool complete_ = false;
  bool extensions_ = false;
  std::vector<std::string> opaque_;
};

std::string Subject(const schema::Model& m, const DeprecationMarker& d) {
  std::string name = d.name;
  if (d.kind == "column") {
    size_t dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    std::string table = name.substr(0, dot), column = name.substr(dot + 1), schema;
    size_t sdot = table.rfind('.');
    if (sdot != std::string::npos) {
      schema = table.substr(0, sdot);
      table = table.substr(sdot + 1);
    }
    return "column:" + m.Key(schema, table) + "." + schema::Lower(column);
  }
  std::string schema;
  size_t sdot = name.rfind('.');
  if (sdot != std::string::npos) {
    schema = name.substr(0, sdot);
    name = name.substr(sdot + 1);
  }
  return d.kind + ":" + m.Key(schema, name);
}

bool RuleEnabled(const RuleInfo& info, const LintConfig& config) {
  if (config.disabled.count(info.name)) return false;
  if (info.enabled_by_default) return true;
  return config.enabled.count(info.name) > 0 || config.severity.count(info.name) > 0;
}

// The text of lines of one file, asked for in increasing order mostly: each call continues from
// where the last one stopped, so the source lines of many findings cost one pass over the file.
class LineReader {
 public:
  explicit LineReader(const std::string& text) : text_(text) {}

  std::string Line(int line) {
    if (line < line_) {
      line_ = 1;
      start_ = 0;
    }
    while (line_ < line) {
      size_t nl = text_.find('\n', start_);
      if (nl == std::string::npos) return "";
      start_ = nl + 1;
      ++line_;
    }
    size_t end = text_.find('\n', start_);
    std::string out = text_.substr(start_, end == std::string::npos ? std::string::npos : end - start_);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return out;
  }

 private:
  const std::string& text_;
  int line_ = 1;
  size_t start_ = 0;
};

}  // namespace

void CoalesceTableRebuilds(std::vector<StatementRecord>& statements, const schema::Model& model,
                           const schema::ReleaseState* state) {
  CoalesceRebuilds(statements, model, state);
}

namespace {
// Replays the released files into the model, and resolves PostgreSQL names by the search_path as
// migrate runs them; the new files continue on the same model and front end.
class Replay {
 public:
  explicit Replay(const LintInput& in) : in_(in), frontend(schema::MakeFrontend(in.dialect)) {
    model.default_schema = schema::DefaultSchema(in.dialect);
    // As migrate (Flyway's changeCurrentSchemaTo before each migration): the first schema, then the
    // search_path the connection opened with, PostgreSQL's default "$user", public.
    if (pg_ && !in.schemas.empty()) {
      start_path_ = {in.schemas.front(), "$user", "public"};
      model.default_schema = in.schemas.front();
    }
    frontend->SetServerVersion(in.config.server_version);
  }

  /// Each file starts with the search_path a migration starts with.
  void StartFile() { search_path_ = start_path_; }

  void Resolve(std::vector<Change>& changes) {
    if (!pg_) return;
    for (auto& c : changes) {
      if (c.kind == ChangeKind::kOther && c.detail == "search_path") {
        search_path_ = c.values.empty() ? start_path_ : c.values;
      } else {
        schema::ResolveSearchPath(c, model, search_path_);
      }
    }
  }

  /// Replays in.released; `saw` gets each statement's changes before they are applied, and
  /// `after_file` each file once its statements are.
  void Released(const std::function<void(const sql::Statement&, const std::vector<Change>&)>& saw,
                const std::function<void(const LintFile&)>& after_file) {
    frontend->SetReplay(true);
    const std::vector<const LintFile*> order = ReplayOrder(in_.released);
    std::string key;
    std::vector<size_t> ends;
    size_t restored = 0;  // files the snapshot covers
    if (in_.replay_cache && !order.empty()) {
      CacheKey(order, key, ends);
      if (auto hit = in_.replay_cache->Load(key, ends); hit && hit->files <= order.size() &&
                                                        frontend->Restore(hit->snapshot)) {
        restored = hit->files;
      }
    }
    for (size_t n = 0; n < order.size(); ++n) {
      const LintFile* f = order[n];
      if (n == restored && restored > 0) frontend->Resume();
      StartFile();
      sql::SplitEach(in_.dialect, f->text, [&](sql::Statement&& st) {
        std::vector<Change> changes = frontend->Parse(st, model);
        Resolve(changes);
        if (saw) saw(st, changes);
        for (size_t i = 0; i < changes.size(); ++i) {
          schema::Annotate(changes[i], model, nullptr);
          std::vector<Change> deps = schema::CascadedChanges(changes[i], model);
          schema::Apply(changes[i], model, nullptr);
          for (auto& d : deps) {
            schema::Annotate(d, model, nullptr);
            schema::Apply(d, model, nullptr);
          }
          changes.insert(changes.begin() + static_cast<long>(i) + 1, deps.begin(), deps.end());
          i += deps.size();
        }
      });
      if (after_file) after_file(*f);
    }
    if (!key.empty() && restored < order.size()) {
      if (std::string snapshot = frontend->Snapshot(); !snapshot.empty()) in_.replay_cache->Store(key, snapshot);
    }
    for (auto& c : frontend->Flush(model)) {
      schema::Annotate(c, model, nullptr);
      schema::Apply(c, model, nullptr);
    }
    frontend->SetReplay(false);
  }

  /// After Released: the live schema becomes the released one. Each way it differs from the
  /// replay is settled the catalog's way and returned (`[check] ignore` left out). On SQLite the
  /// front end's in-memory database is rebuilt from the live file's CREATE texts, since the new
  /// files' statements run there.
  std::vector<schema::Difference> UseLive(const LiveSchema& live) {
    schema::CompareOptions options;
    options.dialect = in_.dialect;
    options.schemas = live.schemas;
    const schema::Model* catalog = &live.model;
    schema::Model loaded;
    if (in_.dialect == sql::Dialect::kSqlite) {
      frontend = schema::MakeFrontend(in_.dialect);
      frontend->SetServerVersion(in_.config.server_version);
      loaded = schema::LoadStatements(*frontend, in_.dialect, live.statements);
      catalog = &loaded;
    }
    schema::Model reconciled;
    std::vector<schema::Difference> drift = schema::ReconcileModels(model, *catalog, options, &reconciled);
    model = std::move(reconciled);
    std::erase_if(drift, [&](const schema::Difference& d) {
      return schema::IgnoredDifference(in_.config.drift_ignore, d);
    });
    return drift;
  }

 private:
  // Everything the replay depends on besides the front end itself (whose snapshot names its own
  // format and version): the dialect, the server version and every released file's text, in
  // replay order, each file's part ending at ends[k]. Not the files' paths: where lint runs from
  // changes them, not what the replay does.
  void CacheKey(const std::vector<const LintFile*>& order, std::string& key, std::vector<size_t>& ends) const {
    key = "dialect " + std::string(sql::DialectName(in_.dialect)) + "\nserver " + in_.config.server_version + "\n";
    for (const LintFile* f : order) {
      key += f->version + '\0' + (f->repeatable ? "R" : "V") + (f->force_transaction ? "T" : "-") + '\0' +
             std::to_string(f->text.size()) + '\0';
      key += f->text;
      ends.push_back(key.size());
    }
  }

  const LintInput& in_;
  const bool pg_ = in_.dialect == sql::Dialect::kPostgres;
  std::vector<std::string> start_path_, search_path_;

 public:
  schema::Model model;
  std::unique_ptr<schema::Frontend> frontend;
};

}  // namespace

namespace {

// A locking finding on a table the stats know: its size in the message, its severity by the
// thresholds (docs/lint.md, "Table sizes").
void GradeBySize(Finding& f, const TableStats& stats, const LintConfig& config) {
  if (f.category != Category::kLocking || f.table.empty()) return;
  const TableSize* size = stats.Find(f.table_schema, f.table);
  if (!size) return;
  const std::string name = schema::Qualified(f.table_schema, f.table);
  if (size->rows < 0) {
    f.message += " (" + name + ": size unknown, the database has no row estimate; run ANALYZE)";
    return;
  }
  std::string text = RowsText(size->rows);
  if (size->bytes >= 0) text += ", " + BytesText(size->bytes);
  if (size->rows < config.small_table_rows) {
    f.severity = Severity::kInfo;
    text += "; below the small-table threshold of " + std::to_string(config.small_table_rows) + " rows";
  } else if (size->rows > config.large_table_rows) {
    f.severity = Severity::kError;
    text += "; above the large-table threshold of " + std::to_string(config.large_table_rows) + " rows";
  }
  f.message += " (" + name + ": " + text + ")";
}

}  // namespace

schema::Model ReplayReleased(const LintInput& in) {
  Replay replay(in);
  replay.Released({}, {});
  return std::move(replay.model);
}

Result<LintResult> Lint(const LintInput& in) {
  for (const auto* names : {&in.config.disabled, &in.config.enabled}) {
    for (const auto& name : *names) {
      if (!FindRule(name)) return Fail(ErrorCode::kConfig, "unknown lint rule '" + name + "'");
    }
  }
  for (const auto& [name, sev] : in.config.severity) {
    if (!FindRule(name)) return Fail(ErrorCode::kConfig, "unknown lint rule '" + name + "'");
  }

  Replay replay(in);
  schema::Model& model = replay.model;
  auto resolve = [&](std::vector<Change>& changes) { replay.Resolve(changes); };
  std::unique_ptr<schema::Frontend>& frontend = replay.frontend;
  Deprecations deprecations;

  Provenance provenance(in);
  replay.Released([&](const sql::Statement& st, const std::vector<Change>& changes) { provenance.Saw(st, changes); },
                  [&](const LintFile& f) {
                    for (const auto& d : ParseDeprecations(f.text)) deprecations.released.insert(Subject(model, d));
                  });
  std::vector<schema::Difference> drift;
  if (in.live) drift = replay.UseLive(*in.live);
  const schema::Model released_model = model;

  schema::ReleaseState state;
  std::vector<FileRecord> files;
  std::map<std::string, std::vector<Allow>> allows;
  LintResult result;
  for (const LintFile* f : ReplayOrder(in.added)) {
    FileRecord rec;
    rec.file = f;
    rec.in_transaction = f->force_transaction;
    replay.StartFile();
    std::vector<StatementLines> lines;  // every statement's, for the allow comments
    bool kept_dml = false;
    // Statements are handled as the splitter finds them, so only the ones a rule can judge are kept.
    sql::SplitEach(in.dialect, f->text, [&](sql::Statement&& st) {
      StatementRecord sr;
      sr.end_line = EndLine(st);
      sr.changes = frontend->Parse(st, model);
      resolve(sr.changes);
      if (in.dialect == sql::Dialect::kPostgres) RefuseCaseOnlyDifferences(sr.changes, model);
      for (size_t i = 0; i < sr.changes.size(); ++i) {
        Change& c = sr.changes[i];
        schema::Annotate(c, model, &state);
        provenance.Judge(c, model);
        // What a DROP ... CASCADE takes with it, judged as changes of their own.
        std::vector<Change> deps = schema::CascadedChanges(c, model);
        schema::Apply(c, model, &state);
        if (c.kind == ChangeKind::kBegin) rec.in_transaction = true;
        for (auto& d : deps) {
          schema::Annotate(d, model, &state);
          schema::Apply(d, model, &state);
        }
        sr.changes.insert(sr.changes.begin() + static_cast<long>(i) + 1, deps.begin(), deps.end());
        i += deps.size();
      }
      provenance.Saw(st, sr.changes);
      lines.push_back({st.line, sr.end_line, st.column, EndColumn(st)});
      if (sr.Has(ChangeKind::kDml) && st.text.size() <= 4000 && rec.update_names.size() < 10000 &&
          schema::FirstKeyword(st.text) == "UPDATE") {
        rec.update_names.push_back(sql::Names(st.text));
      }
      if (Inert(sr)) {
        // The first data change of a file is kept for mixed-ddl-dml; no rule needs the others.
        if (kept_dml || !sr.Has(ChangeKind::kDml)) return;
        kept_dml = true;
      }
      sr.statement = std::move(st);
      rec.statements.push_back(std::move(sr));
    });
    CoalesceRebuilds(rec.statements, model, &state);
    for (const auto& d : ParseDeprecations(f->text)) deprecations.this_release.insert(Subject(model, d));
    allows[f->path] = ParseAllows(f->text, lines);
    result.summary.files++;
    result.summary.statements += static_cast<int>(lines.size());
    files.push_back(std::move(rec));
  }

  Reporter reporter;
  for (const Rule* rule : AllRules()) {
    const RuleInfo& info = rule->Info();
    if (!RuleEnabled(info, in.config)) continue;
    RuleContext base;
    base.dialect = in.dialect;
    base.config = &in.config;
    base.released = &released_model;
    base.input = &in;
    base.reporter = &reporter;
    base.rule = &info;
    base.deprecations = &deprecations;
    base.after = &model;
    base.files = &files;
    base.drift = in.live ? &drift : nullptr;
    for (const auto& file : files) {
      for (const auto& stmt : file.statements) {
        StatementContext ctx;
        static_cast<RuleContext&>(ctx) = base;
        ctx.file = &file;
        ctx.record = &stmt;
        rule->CheckStatement(ctx);
      }
      FileContext fctx;
      static_cast<RuleContext&>(fctx) = base;
      fctx.file = &file;
      rule->CheckFile(fctx);
    }
    rule->CheckRelease(base);
  }

  // Suppressions, then what the allows themselves deserve.
  std::vector<Finding> kept;
  for (auto& f : reporter.findings()) {
    bool suppressed = false;
    auto it = allows.find(f.file);
    if (it != allows.end()) {
      for (auto& a : it->second) {
        if (a.reason.empty()) continue;
        if (std::find(a.rules.begin(), a.rules.end(), f.rule) == a.rules.end()) continue;
        if (Covers(a, f.line, f.column)) {
          a.used = true;
          suppressed = true;
        }
      }
    }
    if (!suppressed) kept.push_back(std::move(f));
  }
  Reporter allow_reporter;
  const Rule* no_reason = FindRule("allow-without-reason");
  const Rule* unused = FindRule("unused-allow");
  for (const auto& file : files) {
    for (const auto& a : allows[file.file->path]) {
      std::string names;
      for (const auto& r : a.rules) names += (names.empty() ? "" : ", ") + r;
      const std::string spelling = a.explicit_file_wide ? "shiftway:allow-file " : "shiftway:allow ";
      if (a.reason.empty()) {
        if (RuleEnabled(no_reason->Info(), in.config)) {
          Finding& f = allow_reporter.Add(no_reason->Info(), file.file->path, a.line, a.column,
                                          spelling + names + " has no reason, so it suppresses nothing");
          f.help = names.empty() ? "name the rule and say why its finding is safe here, for example: -- " + spelling +
                                       "drop-column reason: nothing reads the column since 2.3"
                                 : "say why the finding is safe here, after `reason:` on the same line: -- " +
                                       spelling + names + " reason: ...";
        }
        continue;
      }
      if (a.used || !RuleEnabled(unused->Info(), in.config)) continue;
      std::string problem;
      for (const auto& r : a.rules) {
        const Rule* rule = FindRule(r);
        if (!rule) {
          problem = "names an unknown rule '" + r + "'";
          break;
        }
        if (!RuleEnabled(rule->Info(), in.config)) problem = "names " + r + ", which is disabled";
      }
      if (problem.find("disabled") != std::string::npos) continue;
      Finding& f = allow_reporter.Add(
          unused->Info(), file.file->path, a.line, a.column,
          problem.empty() ? spelling + names + " suppresses nothing" + (a.file_wide ? " in this file" : " here")
                          : spelling + problem);
      const bool in_header = !a.file_wide && !file.statements.empty() && a.line < file.statements.front().statement.line;
      f.help = !problem.empty() ? "check the rule name with `shiftway explain`"
               : in_header      ? "it covers only the statement after it; to cover the whole file write "
                                  "-- shiftway:allow-file " + names + " reason: ..."
                                : "remove the comment, or move it onto or above the statement it is meant for";
    }
  }
  for (auto& f : allow_reporter.findings()) kept.push_back(std::move(f));

  // Configured severities win over the rules' own.
  std::map<std::string, int> file_order;
  std::map<std::string, LineReader> texts;
  for (size_t i = 0; i < files.size(); ++i) {
    file_order[files[i].file->path] = static_cast<int>(i);
    texts.emplace(files[i].file->path, LineReader(files[i].file->text));
  }
  for (const auto& f : in.released) texts.emplace(f.path, LineReader(f.text));
  if (in.table_stats) {
    for (auto& f : kept) GradeBySize(f, *in.table_stats, in.config);
  }
  for (auto& f : kept) {
    auto sev = in.config.severity.find(f.rule);
    if (sev != in.config.severity.end()) f.severity = sev->second;
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const Finding& a, const Finding& b) {
    auto order = [&](const Finding& f) {
      auto it = file_order.find(f.file);
      return it == file_order.end() ? -1 : it->second;
    };
    if (order(a) != order(b)) return order(a) < order(b);
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  for (auto& f : kept) {
    auto t = texts.find(f.file);
    if (t != texts.end()) f.source_line = t->second.Line(f.line);
  }
  for (const auto& f : kept) {
    if (f.severity == Severity::kError) result.summary.errors++;
    if (f.severity == Severity::kWarning) result.summary.warnings++;
    if (f.severity == Severity::kInfo) result.summary.infos++;
  }
  result.findings = std::move(kept);
  return result;
}

}  // namespace shiftway::lint
