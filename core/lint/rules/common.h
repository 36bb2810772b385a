// Small helpers the rule files share: names for messages and dialect-specific SQL pieces.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/lint/rule.h"
#include "core/lint/suggest.h"
#include "core/schema/change.h"
#include "core/schema/model.h"
#include "core/schema/types.h"
#include "core/sql/identifier.h"

namespace shiftway::lint::rules {

using schema::Change;
using schema::ChangeKind;
using schema::Constraint;

/// The table (or other object) a change acts on, as written: "person", "app.person".
inline std::string ObjectName(const Change& c) { return schema::Qualified(c.schema, c.object); }

/// "person.last_name (text)", or "person.last_name" when the type is unknown.
inline std::string ColumnDesc(const Change& c) {
  std::string s = ObjectName(c) + "." + c.column;
  if (c.before && !c.before->type.empty()) s += " (" + c.before->type + ")";
  return s;
}

/// The column's type as the model knew it, or "".
inline std::string BeforeType(const Change& c) { return c.before ? c.before->type : std::string(); }

/// ALTER TABLE ... SET NOT NULL in the dialect; PostgreSQL takes the scan-free path via a check.
inline std::vector<std::string> SetNotNullSql(sql::Dialect d, const std::string& table, const std::string& column,
                                              const std::string& type) {
  const std::string q_table = sql::TableIdent(d, table), q_col = sql::Ident(d, column);
  if (d == sql::Dialect::kPostgres) {
    std::string name = table + "_" + column + "_not_null";
    std::replace(name.begin(), name.end(), '.', '_');
    const std::string k = sql::Ident(d, ShortName(d, name));
    return {"ALTER TABLE " + q_table + " ADD CONSTRAINT " + k + " CHECK (" + q_col + " IS NOT NULL) NOT VALID",
            "ALTER TABLE " + q_table + " VALIDATE CONSTRAINT " + k,
            "ALTER TABLE " + q_table + " ALTER COLUMN " + q_col + " SET NOT NULL",
            "ALTER TABLE " + q_table + " DROP CONSTRAINT " + k};
  }
  if (d == sql::Dialect::kMysql) {
    return {"ALTER TABLE " + q_table + " MODIFY " + q_col + " " + TypeOrPlaceholder(type, table, column) + " NOT NULL"};
  }
  return {"-- SQLite: rebuild " + table + " with " + column +
          " NOT NULL (create the new table, copy, drop the old one, rename)"};
}

/// DROP ... IF EXISTS of an object that no migration of a complete history created (see
/// Change::never_created): reported at info level, since the running release cannot be using it.
/// `what` names the object ("table person"). Returns true when it reported.
inline bool ReportNeverCreated(const StatementContext& ctx, const Change& c, const std::string& what) {
  if (!c.never_created) return false;
  ctx.Report("dropping " + what + " if it exists changes nothing the running release uses: no earlier migration " +
             "created it, and the history starts at version 1 with no baseline")
      .WithSeverity(Severity::kInfo)
      .Help("nothing to do; if the object can exist outside the migrations (created by hand or by another tool), "
            "treat this drop as a drop of a released object");
  return true;
}

/// True when the same column lists hold the same names, ignoring case (and order when `any_order`).
inline bool SameColumns(std::vector<std::string> a, std::vector<std::string> b, bool any_order) {
  if (a.size() != b.size() || a.empty()) return false;
  for (auto* v : {&a, &b}) {
    for (auto& s : *v) s = schema::Lower(s);
    if (any_order) std::sort(v->begin(), v->end());
  }
  return a == b;
}

/// The last part of a possibly qualified name ("app.person" -> "person").
inline std::string BareName(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

/// The previous release already enforced what this ADD CONSTRAINT or CREATE UNIQUE INDEX enforces
/// on the same table: the same primary key, unique key (as a constraint or a unique index), foreign
/// key (same columns and target) or CHECK (same expression). A constraint dropped and re-created
/// identically, or a unique index promoted to a constraint, asks nothing new of the running release.
inline bool EnforcedAtRelease(const RuleContext& ctx, const Change& c) {
  if (!ctx.released) return false;
  const bool index = c.kind == ChangeKind::kCreateIndex;
  const std::vector<std::string>& cols = index ? c.index.columns : c.constraint.columns;
  // A released unique index on the same columns of the same relation.
  auto unique_index = [&] {
    for (const auto& [key, ix] : ctx.released->indexes) {
      if (ix.unique && schema::SameName(BareName(ix.table), c.object) && SameColumns(ix.columns, cols, true) &&
          ctx.released->Key(ix.schema, ix.table) == ctx.released->Key(c.schema, c.object)) {
        return true;
      }
    }
    return false;
  };
  const schema::Table* t = ctx.released->FindTable(c.schema, c.object);
  if (!t) {
    // A materialized view has no constraints: only its unique indexes (dropped with it, say, and
    // created again) enforce anything.
    const schema::View* v = ctx.released->FindView(c.schema, c.object);
    return index && c.index.unique && v && v->materialized && !cols.empty() && unique_index();
  }
  if (t->columns_unknown) return false;
  const Constraint::Kind kind = index ? Constraint::Kind::kUnique : c.constraint.kind;
  const bool unique = kind == Constraint::Kind::kUnique || kind == Constraint::Kind::kPrimaryKey;
  // A primary key is a unique key on NOT NULL columns: on columns that already were NOT NULL and
  // unique it asks nothing new either.
  bool all_not_null = !cols.empty();
  for (const auto& col : cols) {
    const schema::Column* p = t->FindColumn(col);
    if (!p || !p->not_null) all_not_null = false;
  }
  const Constraint::Kind looked_for =
      kind == Constraint::Kind::kPrimaryKey && all_not_null ? Constraint::Kind::kUnique : kind;
  for (const auto& k : t->constraints) {
    if (k.kind != kind && k.kind != looked_for &&
        !(kind == Constraint::Kind::kUnique && k.kind == Constraint::Kind::kPrimaryKey)) {
      continue;
    }
    if (kind == Constraint::Kind::kCheck) {
      if (!k.expr.empty() && k.expr == c.constraint.expr) return true;
      continue;
    }
    if (!SameColumns(k.columns, cols, unique)) continue;
    if (kind == Constraint::Kind::kForeignKey) {
      const bool same_target = schema::SameName(BareName(k.ref_table), BareName(c.constraint.ref_table));
      const bool same_refs = (k.ref_columns.empty() && c.constraint.ref_columns.empty()) ||
                             SameColumns(k.ref_columns, c.constraint.ref_columns, false);
      // Other ON DELETE / ON UPDATE actions delete, null or reject rows the released one did not.
      const bool same_actions = k.on_delete == c.constraint.on_delete && k.on_update == c.constraint.on_update;
      if (!same_target || !same_refs || !same_actions) continue;
    }
    return true;
  }
  return looked_for == Constraint::Kind::kUnique && unique_index();
}

/// The statement's file runs in one transaction, so the running release sees none of its
/// statements before the commit: PostgreSQL and SQLite migrations do, unless a statement of the
/// file cannot run in one (CONCURRENTLY); MySQL/MariaDB commit each DDL statement at once.
inline bool FileRunsInOneTransaction(const StatementContext& ctx) {
  if (ctx.dialect == sql::Dialect::kMysql || !ctx.file) return false;
  for (const auto& st : ctx.file->statements) {
    for (const auto& o : st.changes) {
      if (o.concurrently) return false;
    }
  }
  return true;
}

/// A released column swapped in place within one file that runs in one transaction (PostgreSQL and
/// SQLite run DDL in transactions; MySQL commits each DDL statement, so there the running release
/// would see the column gone between the statements): renamed away (to `away`), added again under
/// its name, the data copied back by an UPDATE of the file that names the table and both columns,
/// and at the end of the release of a shape the running release still reads and writes: a type
/// that stores its values the same way (SQLite: the same affinity; PostgreSQL: the same type or a
/// widening), not NOT NULL unless it was, and a default if it had one.
inline bool SwappedInPlace(const StatementContext& ctx, const std::string& schema_name, const std::string& table,
                           const std::string& column, const std::string& away) {
  if (!FileRunsInOneTransaction(ctx) || !ctx.released || !ctx.after) return false;
  const schema::Table* was_t = ctx.released->FindTable(schema_name, table);
  const schema::Table* now_t = ctx.after->FindTable(schema_name, table);
  const schema::Column* was = was_t ? was_t->FindColumn(column) : nullptr;
  const schema::Column* now = now_t ? now_t->FindColumn(column) : nullptr;
  if (!was || !now || was->type.empty() || now->type.empty()) return false;
  const schema::TypeChange change = schema::CompareTypes(was->type, now->type);
  const bool same_type = ctx.dialect == sql::Dialect::kSqlite
                             ? schema::SqliteStoresSame(was->type, now->type)
                             : change == schema::TypeChange::kSame || change == schema::TypeChange::kWidening;
  if (!same_type || (now->not_null && !was->not_null) || (was->has_default && !now->has_default)) return false;
  const std::string t = schema::Lower(table), to = schema::Lower(column), from = schema::Lower(away);
  for (const auto& names : ctx.file->update_names) {
    if (names.count(t) && names.count(to) && names.count(from)) return true;
  }
  return false;
}

/// The released materialized view an index change is on, or null (a table, or not released).
inline const schema::View* ReleasedMatview(const RuleContext& ctx, const Change& c) {
  const schema::View* v = ctx.released ? ctx.released->FindView(c.schema, c.object) : nullptr;
  return v && v->materialized ? v : nullptr;
}

/// A comment line for the expand step that says what the application must do.
inline std::string AppStep(const std::string& what) { return "-- application: " + what; }

/// PostgreSQL: the relation `c` is on was created (or dropped and created again) by an earlier
/// statement of this file, and the file runs in one transaction (as PostgreSQL migrations do unless
/// a statement cannot run in one, like CONCURRENTLY): no other session sees the new relation before
/// the commit, so building its index blocks nobody.
inline bool CreatedEarlierInTransaction(const StatementContext& ctx, const Change& c) {
  if (ctx.dialect != sql::Dialect::kPostgres || !FileRunsInOneTransaction(ctx)) return false;
  for (const auto& s : ctx.file->statements) {
    if (&s == ctx.record) return false;
    for (const auto& o : s.changes) {
      if ((o.kind == ChangeKind::kCreateTable || o.kind == ChangeKind::kCreateView) &&
          schema::SameName(o.object, c.object) && schema::SameName(o.schema, c.schema)) {
        return true;
      }
    }
  }
  return false;
}

/// True when a later statement of the same file creates `kind` with the same name again
/// (DROP VIEW v; CREATE VIEW v ... redefines v rather than removing it).
inline bool RecreatedLater(const StatementContext& ctx, ChangeKind kind, const Change& c) {
  bool after = false;
  for (const auto& s : ctx.file->statements) {
    if (&s == ctx.record) {
      after = true;
      continue;
    }
    if (!after) continue;
    for (const auto& other : s.changes) {
      if (other.kind == kind && schema::SameName(other.object, c.object) && schema::SameName(other.schema, c.schema)) {
        return true;
      }
    }
  }
  return false;
}

/// True when some statement of the release makes a change of `kind` on table `schema`.`table`
/// (and, when `column` is given, on that column: an add-column names it in `def`).
inline bool ReleaseHas(const RuleContext& ctx, ChangeKind kind, const std::string& schema, const std::string& table,
                       const std::string& column = "") {
  for (const auto& f : *ctx.files) {
    for (const auto& s : f.statements) {
      for (const auto& o : s.changes) {
        if (o.kind != kind || !schema::SameName(o.object, table) || !schema::SameName(o.schema, schema)) continue;
        const std::string& col = kind == ChangeKind::kAddColumn ? o.def.name : o.column;
        if (column.empty() || schema::SameName(col, column)) return true;
      }
    }
  }
  return false;
}

/// A rename the running release cannot see: from a name it never used (a name this release gave,
/// renamed again), or to a name that the same object has again at the end of the release (renamed
/// away and back). Both leave the released shape as it was.
inline bool RenameUnseen(const RuleContext& ctx, const Change& c) {
  const std::string table_schema = c.schema;
  if (c.kind == ChangeKind::kRenameTable) {
    if (!c.new_schema.empty() && !schema::SameName(c.new_schema, c.schema)) return false;
    if (c.known && !ctx.released->FindTable(c.schema, c.object) && !ctx.released->FindView(c.schema, c.object)) {
      return true;  // the model knew it, the release did not: this release named it
    }
    const schema::Table* was = ctx.released->FindTable(c.schema, c.object);
    const schema::Table* now = ctx.after->FindTable(c.schema, c.object);
    auto same_columns = [](const schema::Table& a, const schema::Table& b) {
      if (a.columns_unknown || b.columns_unknown || a.columns.size() != b.columns.size()) return false;
      for (size_t i = 0; i < a.columns.size(); ++i) {
        if (!schema::SameName(a.columns[i].name, b.columns[i].name) || a.columns[i].type != b.columns[i].type) {
          return false;
        }
      }
      return true;
    };
    return was && now && same_columns(*was, *now) && !ctx.after->FindTable(c.schema, c.new_name) &&
           !ReleaseHas(ctx, ChangeKind::kCreateTable, c.schema, c.object) &&
           !ReleaseHas(ctx, ChangeKind::kDropTable, c.schema, c.object);
  }
  if (c.kind != ChangeKind::kRenameColumn) return false;
  const schema::Table* was = ctx.released->FindTable(table_schema, c.object);
  if (!was || was->columns_unknown) return false;
  if (!was->FindColumn(c.column)) return true;  // a name this release gave
  const schema::Table* now = ctx.after->FindTable(table_schema, c.object);
  const schema::Column* old_col = was->FindColumn(c.column);
  const schema::Column* final_col = now ? now->FindColumn(c.column) : nullptr;
  return final_col && !now->FindColumn(c.new_name) && final_col->type == old_col->type &&
         !ReleaseHas(ctx, ChangeKind::kAddColumn, table_schema, c.object, c.column) &&
         !ReleaseHas(ctx, ChangeKind::kDropColumn, table_schema, c.object, c.new_name) &&
         !ReleaseHas(ctx, ChangeKind::kDropColumn, table_schema, c.object, c.column);
}

}  // namespace shiftway::lint::rules
