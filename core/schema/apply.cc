// Applying changes to the model, and the release bookkeeping: which objects this release created.
#include "core/schema/apply.h"

#include <algorithm>

#include "core/schema/types.h"

namespace shiftway::schema {

void ReleaseState::MarkCreated(const std::string& key) {
  if (dropped_released_.count(key)) return;
  // A column of a table that replaces a dropped released table is released too.
  if (key.rfind("column:", 0) == 0) {
    size_t dot = key.rfind('.');
    if (dot != std::string::npos && dot > 7 && dropped_released_.count("table:" + key.substr(7, dot - 7))) return;
  }
  created_.insert(key);
}

void ReleaseState::Move(const std::string& from, const std::string& to) {
  std::vector<std::string> moved;
  for (auto it = created_.begin(); it != created_.end();) {
    if (*it == from || it->rfind(from + ".", 0) == 0) {
      moved.push_back(to + it->substr(from.size()));
      it = created_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& k : moved) MarkCreated(k);
}

std::string TableKey(const Model& m, const std::string& schema, const std::string& name) {
  return "table:" + m.Key(schema, name);
}

std::string ColumnKey(const Model& m, const std::string& schema, const std::string& table, const std::string& column) {
  return "column:" + m.Key(schema, table) + "." + Lower(column);
}

namespace {

std::string ObjectKey(const char* kind, const Model& m, const std::string& schema, const std::string& name) {
  return std::string(kind) + ":" + m.Key(schema, name);
}

bool IsColumnChange(ChangeKind k) {
  switch (k) {
    case ChangeKind::kDropColumn:
    case ChangeKind::kRenameColumn:
    case ChangeKind::kAlterColumnType:
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull:
    case ChangeKind::kSetDefault:
    case ChangeKind::kDropDefault:
    case ChangeKind::kAddIdentity:
    case ChangeKind::kSetVisibility: return true;
    default: return false;
  }
}

Table& TableOrStub(Model& m, const std::string& schema, const std::string& name) {
  std::string key = m.Key(schema, name);
  auto it = m.tables.find(key);
  if (it != m.tables.end()) return it->second;
  Table t;
  t.schema = schema;
  t.name = name;
  t.columns_unknown = true;
  return m.tables.emplace(key, std::move(t)).first->second;
}

// The enum a column type names ("mood", "app.mood"), or nullptr.
const EnumType* EnumOfType(const Model& m, const std::string& type) {
  const size_t dot = type.rfind('.');
  if (dot == std::string::npos) return m.FindEnum("", type);
  return m.FindEnum(type.substr(0, dot), type.substr(dot + 1));
}

Column& ColumnOrStub(Table& t, const std::string& column) {
  if (Column* c = t.FindColumn(column)) return *c;
  Column c;
  c.name = column;
  t.columns.push_back(c);
  return t.columns.back();
}

// Expands `*` and fills in the types of outputs that show a column of the view's tables as it is.
void ResolveViewOutputs(const Model& m, View& v) {
  if (!v.outputs_known) return;
  std::vector<const Table*> tables;
  for (const auto& t : v.tables) {
    const size_t dot = t.rfind('.');
    const Table* found = dot == std::string::npos ? m.FindTable("", t) : m.FindTable(t.substr(0, dot), t.substr(dot + 1));
    tables.push_back(found);
  }
  std::vector<Column> outputs;
  std::vector<std::string> sources;
  for (size_t i = 0; i < v.outputs.size(); ++i) {
    const std::string source = i < v.output_sources.size() ? v.output_sources[i] : "";
    if (v.outputs[i].name == "*") {
      if (tables.size() != 1 || !tables[0] || tables[0]->columns_unknown) {
        v.outputs_known = false;
        return;
      }
      for (const auto& col : tables[0]->columns) {
        outputs.push_back(Column{col.name, col.type});
        sources.push_back(col.name);
      }
      continue;
    }
    Column out = v.outputs[i];
    if (out.type.empty() && !source.empty()) {
      for (const Table* t : tables) {
        const Column* col = t ? t->FindColumn(source) : nullptr;
        if (col) {
          out.type = col->type;
          break;
        }
      }
    }
    outputs.push_back(out);
    sources.push_back(source);
  }
  v.outputs = std::move(outputs);
  v.output_sources = std::move(sources);
}

}  // namespace

void Annotate(Change& c, const Model& m, const ReleaseState* state) {
  auto created = [&](const std::string& key) { return state && state->Created(key); };
  const std::string tkey = TableKey(m, c.schema, c.object);
  // PostgreSQL's ALTER TABLE ... RENAME [COLUMN] and MySQL's RENAME TABLE accept a view: they rename
  // the view or its column, as ALTER VIEW does.
  if ((c.kind == ChangeKind::kRenameTable || c.kind == ChangeKind::kRenameColumn) && !m.FindTable(c.schema, c.object) &&
      m.FindView(c.schema, c.object)) {
    c.kind = ChangeKind::kRenameView;
  }
  switch (c.kind) {
    case ChangeKind::kCreateTable: {
      const Table* t = m.FindTable(c.schema, c.object);
      c.known = t != nullptr;
      c.released = false;
      // CREATE OR REPLACE TABLE replaces this table; the linter judges what it loses.
      if (t) c.before_table = *t;
      c.on_released_table = t && !created(tkey);
      break;
    }
    case ChangeKind::kDropTable:
    case ChangeKind::kRenameTable:
    case ChangeKind::kAddColumn:
    case ChangeKind::kAddConstraint:
    case ChangeKind::kDropConstraint:
    case ChangeKind::kValidateConstraint:
    case ChangeKind::kRestrictAccess:
    case ChangeKind::kDetachPartition:
    case ChangeKind::kTableRewrite: {
      const Table* t = m.FindTable(c.schema, c.object);
      c.known = t != nullptr;
      c.released = !created(tkey);
      if (t) c.before_table = *t;
      if (t && c.kind == ChangeKind::kAddConstraint && !c.constraint.not_null_column.empty()) {
        if (const Column* col = t->FindColumn(c.constraint.not_null_column)) {
          c.before = *col;
          c.released = c.released && !created(ColumnKey(m, c.schema, c.object, col->name));
        }
      }
      if (c.kind == ChangeKind::kAddConstraint && !c.constraint.columns.empty()) {
        c.on_new_columns = !c.released || std::all_of(c.constraint.columns.begin(), c.constraint.columns.end(),
                                                      [&](const std::string& col) {
                                                        return created(ColumnKey(m, c.schema, c.object, col));
                                                      });
      }
      if (t && c.kind == ChangeKind::kValidateConstraint) {
        for (const auto& k : t->constraints) {
          if (SameName(k.name, c.column)) c.validated = k;
        }
      }
      break;
    }
    case ChangeKind::kCreateIndex: {
      const Table* t = m.FindTable(c.schema, c.index.table);
      c.known = t != nullptr;
      c.on_partitioned = t && t->partitioned;
      // A materialized view this release created is new too (its indexes are built before any
      // running release reads it).
      c.released = !created(TableKey(m, c.schema, c.index.table)) && !created(ObjectKey("view", m, c.schema, c.index.table));
      c.on_new_columns = !c.released || (!c.index.columns.empty() &&
                                         std::all_of(c.index.columns.begin(), c.index.columns.end(),
                                                     [&](const std::string& col) {
                                                       return created(ColumnKey(m, c.schema, c.index.table, col));
                                                     }));
      break;
    }
    case ChangeKind::kDropIndex:
    case ChangeKind::kRenameIndex: {
      auto it = m.indexes.find(m.Key(c.schema, c.object));
      c.known = it != m.indexes.end();
      if (c.known) {
        c.table = it->second.table;
        c.index = it->second;
      }
      c.released = !created(ObjectKey("index", m, c.schema, c.object)) &&
                   !(c.known && created(TableKey(m, c.schema, c.table)));
      break;
    }
    case ChangeKind::kCreateView: c.known = m.FindView(c.schema, c.object) != nullptr; c.released = false; break;
    case ChangeKind::kDropView:
    case ChangeKind::kRenameView:
      c.known = m.FindView(c.schema, c.object) != nullptr;
      c.released = !created(ObjectKey("view", m, c.schema, c.object));
      break;
    case ChangeKind::kAddEnumValue:
    case ChangeKind::kDropType:
    case ChangeKind::kRenameType:
      c.known = m.FindEnum(c.schema, c.object) != nullptr;
      if (c.known) c.released_key = m.FindEnum(c.schema, c.object)->released_key;
      if (const NamedType* t = c.kind == ChangeKind::kAddEnumValue ? nullptr : m.FindType(c.schema, c.object)) {
        c.type_kind = t->kind;
        c.released_key = t->released_key;
      }
      c.released = !created(ObjectKey("type", m, c.schema, c.object));
      break;
    case ChangeKind::kRenameEnumValue:
      c.known = m.FindEnum(c.schema, c.object) != nullptr;
      if (c.known) c.released_key = m.FindEnum(c.schema, c.object)->released_key;
      c.released = !created(ObjectKey("type", m, c.schema, c.object)) &&
                   !created(ObjectKey("type", m, c.schema, c.object) + "." + c.column);
      break;
    case ChangeKind::kDropSchema:
    case ChangeKind::kRenameSchema:
      c.known = m.schemas.count(Lower(c.object)) > 0;
      c.released = !created("schema:" + Lower(c.object));
      break;
    case ChangeKind::kDropRoutine:
      c.known = m.routines.count(m.Key(c.schema, c.object)) > 0;
      c.trigger_function = m.trigger_functions.count(m.Key(c.schema, c.object)) > 0;
      c.released = !created(ObjectKey("routine", m, c.schema, c.object));
      break;
    case ChangeKind::kDropSequence:
      c.known = m.sequences.count(m.Key(c.schema, c.object)) > 0;
      c.released = !created(ObjectKey("sequence", m, c.schema, c.object));
      break;
    case ChangeKind::kRestartSequence:
      if (c.column.empty()) {
        c.known = m.sequences.count(m.Key(c.schema, c.object)) > 0;
        c.released = !created(ObjectKey("sequence", m, c.schema, c.object));
      } else {  // an identity column's sequence
        const Table* t = m.FindTable(c.schema, c.object);
        c.known = t && t->FindColumn(c.column);
        c.released = !created(tkey) && !created(ColumnKey(m, c.schema, c.object, c.column));
      }
      break;
    case ChangeKind::kDropTrigger:
      c.known = m.triggers.count(m.Key(c.schema, c.object) + "." + Lower(c.column)) > 0;
      c.released = !created("trigger:" + m.Key(c.schema, c.object) + "." + Lower(c.column)) && !created(tkey);
      break;
    default:
      if (IsColumnChange(c.kind)) {
        const Table* t = m.FindTable(c.schema, c.object);
        const Column* col = t ? t->FindColumn(c.column) : nullptr;
        c.known = col != nullptr;
        if (col) c.before = *col;
        if (col && c.kind == ChangeKind::kAlterColumnType) {
          const EnumType* from = EnumOfType(m, col->type);
          const EnumType* to = EnumOfType(m, c.def.type);
          if (from) c.released_key = from->released_key;
          if (from && to) {
            c.enum_before = from->values;
            c.enum_after = to->values;
          }
        }
        c.released = !created(tkey) && !created(ColumnKey(m, c.schema, c.object, c.column));
        c.on_released_table = !created(tkey);
        if (t && c.kind == ChangeKind::kSetNotNull) {
          for (const auto& k : t->constraints) {
            if (k.kind == Constraint::Kind::kCheck && SameName(k.not_null_column, c.column)) {
              c.has_not_null_check = true;
              if (!k.not_valid) c.has_valid_not_null_check = true;
            }
          }
        }
      } else {
        c.released = true;
      }
      break;
  }
}

void ResolveSearchPath(Change& c, const Model& m, const std::vector<std::string>& path) {
  if (!c.schema.empty() || c.object.empty()) return;
  switch (c.kind) {
    case ChangeKind::kCreateSchema:
    case ChangeKind::kDropSchema:
    case ChangeKind::kRenameSchema:
    case ChangeKind::kBegin:
    case ChangeKind::kCommit:
    case ChangeKind::kSetLockTimeout:
    case ChangeKind::kUnparsed: return;
    default: break;
  }
  std::vector<std::string> usable;
  for (const auto& s : path) {
    const std::string l = Lower(s);
    if (l == "$user" || l == "pg_catalog" || l == "pg_temp") continue;
    usable.push_back(s);
  }
  if (usable.empty()) return;
  const bool create = c.kind == ChangeKind::kCreateTable || c.kind == ChangeKind::kCreateView ||
                      c.kind == ChangeKind::kCreateEnum || c.kind == ChangeKind::kCreateType ||
                      c.kind == ChangeKind::kCreateSequence ||
                      c.kind == ChangeKind::kCreateRoutine;
  if (!create) {
    for (const auto& s : usable) {
      const std::string key = m.Key(s, c.object);
      if (m.tables.count(key) || m.views.count(key) || m.enums.count(key) || m.types.count(key) || m.indexes.count(key) ||
          m.sequences.count(key) || m.routines.count(key)) {
        c.schema = s;
        return;
      }
    }
  }
  c.schema = usable.front();
}

void Apply(const Change& c, Model& m, ReleaseState* state) {
  const std::string tkey = m.Key(c.schema, c.object);
  auto mark = [&](const std::string& key) {
    if (state) state->MarkCreated(key);
  };
  switch (c.kind) {
    case ChangeKind::kCreateTable: {
      if (c.if_exists && m.tables.count(tkey)) break;
      Table t = c.table_def;
      t.schema = c.schema;
      t.name = c.object;
      m.tables[tkey] = std::move(t);
      mark("table:" + tkey);
      break;
    }
    case ChangeKind::kDropTable:
      if (state && c.released && !c.never_created) state->MarkDroppedReleased("table:" + tkey);
      if (state) state->Forget("table:" + tkey);
      m.tables.erase(tkey);
      for (auto it = m.triggers.begin(); it != m.triggers.end();) {
        it = it->first.rfind(tkey + ".", 0) == 0 ? m.triggers.erase(it) : std::next(it);
      }
      for (auto it = m.indexes.begin(); it != m.indexes.end();) {
        if (m.Key(it->second.schema, it->second.table) == tkey) {
          it = m.indexes.erase(it);
        } else {
          ++it;
        }
      }
      break;
    case ChangeKind::kRenameTable: {
      std::string to_schema = c.new_schema.empty() ? c.schema : c.new_schema;
      std::string nkey = m.Key(to_schema, c.new_name);
      Table t = m.tables.count(tkey) ? m.tables[tkey] : Table{c.schema, c.object, {}, {}, true};
      m.tables.erase(tkey);
      t.schema = to_schema;
      t.name = c.new_name;
      m.tables[nkey] = std::move(t);
      // Triggers stay on the renamed table.
      for (auto it = m.triggers.begin(); it != m.triggers.end();) {
        if (it->first.rfind(tkey + ".", 0) != 0 || tkey == nkey) {
          ++it;
          continue;
        }
        Trigger trg = std::move(it->second);
        it = m.triggers.erase(it);
        trg.schema = to_schema;
        trg.table = c.new_name;
        m.triggers[nkey + "." + Lower(trg.name)] = std::move(trg);
      }
      for (auto& [k, idx] : m.indexes) {
        if (m.Key(idx.schema, idx.table) == tkey) idx.table = c.new_name;
      }
      if (state) {
        if (c.released) state->MarkDroppedReleased("table:" + tkey);
        state->Move("table:" + tkey, "table:" + nkey);
        state->Move("column:" + tkey, "column:" + nkey);
      }
      break;
    }
    case ChangeKind::kAddColumn: {
      Table& t = TableOrStub(m, c.schema, c.object);
      if (t.FindColumn(c.def.name)) {
        *t.FindColumn(c.def.name) = c.def;
      } else {
        t.columns.push_back(c.def);
      }
      mark(ColumnKey(m, c.schema, c.object, c.def.name));
      break;
    }
    case ChangeKind::kDropColumn: {
      Table& t = TableOrStub(m, c.schema, c.object);
      t.columns.erase(std::remove_if(t.columns.begin(), t.columns.end(),
                                     [&](const Column& col) { return SameName(col.name, c.column); }),
                      t.columns.end());
      if (state) state->Forget(ColumnKey(m, c.schema, c.object, c.column));
      break;
    }
    case ChangeKind::kRenameColumn: {
      Table& t = TableOrStub(m, c.schema, c.object);
      ColumnOrStub(t, c.column).name = c.new_name;
      for (auto& k : t.constraints) {
        for (auto& col : k.columns) {
          if (SameName(col, c.column)) col = c.new_name;
        }
        if (SameName(k.not_null_column, c.column)) k.not_null_column = c.new_name;
      }
      if (state && state->Created(ColumnKey(m, c.schema, c.object, c.column))) {
        state->Forget(ColumnKey(m, c.schema, c.object, c.column));
        state->MarkCreated(ColumnKey(m, c.schema, c.object, c.new_name));
      }
      break;
    }
    case ChangeKind::kAlterColumnType: ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column).type = c.def.type; break;
    case ChangeKind::kSetNotNull: ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column).not_null = true; break;
    case ChangeKind::kDropNotNull: ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column).not_null = false; break;
    case ChangeKind::kSetDefault: {
      Column& col = ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column);
      col.has_default = true;
      col.default_expr = c.def.default_expr;
      col.default_volatile = c.def.default_volatile;
      col.default_refs = c.def.default_refs;
      break;
    }
    case ChangeKind::kSetVisibility:
      ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column).invisible = c.detail == "invisible";
      break;
    case ChangeKind::kAddIdentity: {
      Column& col = ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column);
      col.generated = col.has_default = col.default_volatile = col.not_null = true;
      col.default_expr = "identity";
      break;
    }
    case ChangeKind::kDropDefault: {
      Column& col = ColumnOrStub(TableOrStub(m, c.schema, c.object), c.column);
      col.has_default = false;
      col.default_expr.clear();
      col.default_refs.clear();
      if (c.detail == "identity" || c.detail == "expression") col.generated = false;
      break;
    }
    case ChangeKind::kAddConstraint: {
      if (c.constraint.exclusion) break;  // see Constraint::exclusion
      Table& t = TableOrStub(m, c.schema, c.object);
      t.constraints.push_back(c.constraint);
      if (c.constraint.kind == Constraint::Kind::kPrimaryKey) {
        for (const auto& col : c.constraint.columns) {
          if (Column* p = t.FindColumn(col)) p->not_null = true;
        }
      }
      break;
    }
    case ChangeKind::kValidateConstraint: {
      Table& t = TableOrStub(m, c.schema, c.object);
      for (auto& k : t.constraints) {
        if (SameName(k.name, c.column)) k.not_valid = false;
      }
      break;
    }
    case ChangeKind::kDropConstraint: {
      Table& t = TableOrStub(m, c.schema, c.object);
      if (const Constraint* k = t.FindConstraint(c.column)) t.constraints.erase(t.constraints.begin() + (k - t.constraints.data()));
      break;
    }
    case ChangeKind::kCreateIndex: {
      Index idx = c.index;
      idx.schema = c.schema;
      std::string name = idx.name.empty() ? idx.table + "_idx" : idx.name;
      m.indexes[m.Key(c.schema, name)] = idx;
      mark("index:" + m.Key(c.schema, name));
      break;
    }
    case ChangeKind::kRenameIndex: {
      std::string table = c.table;
      if (auto it = m.indexes.find(tkey); it != m.indexes.end()) {
        Index idx = it->second;
        idx.name = c.new_name;
        table = idx.table;
        m.indexes.erase(it);
        m.indexes[m.Key(c.schema, c.new_name)] = idx;
      }
      // The key whose index this is (PostgreSQL renames the constraint with its index; MySQL keeps
      // a UNIQUE KEY as an index of its name).
      for (auto& [key, t] : m.tables) {
        if (m.Key(t.schema, t.name) != m.Key(c.schema, t.name) || (!table.empty() && !SameName(t.name, table))) continue;
        for (auto& k : t.constraints) {
          const bool keyed = k.kind == Constraint::Kind::kUnique || k.kind == Constraint::Kind::kPrimaryKey;
          if (keyed && SameName(k.name.empty() ? PgConstraintName(t.name, k) : k.name, c.object)) {
            k.name = c.new_name;
          }
        }
      }
      break;
    }
    case ChangeKind::kDropIndex: {
      m.indexes.erase(tkey);
      // MySQL keeps a table's UNIQUE KEY (or PRIMARY KEY) as an index of that name: DROP INDEX and
      // ALTER TABLE ... DROP INDEX drop the key. (PostgreSQL refuses to drop a constraint's index.)
      Table* t = c.table.empty() ? nullptr : m.FindTable(c.schema, c.table);
      if (t) {
        t->constraints.erase(std::remove_if(t->constraints.begin(), t->constraints.end(),
                                            [&](const Constraint& k) {
                                              if (k.kind == Constraint::Kind::kPrimaryKey && SameName(c.object, "PRIMARY")) {
                                                return true;
                                              }
                                              return (k.kind == Constraint::Kind::kUnique ||
                                                      k.kind == Constraint::Kind::kPrimaryKey) &&
                                                     !k.name.empty() && SameName(k.name, c.object);
                                            }),
                             t->constraints.end());
      }
      break;
    }
    case ChangeKind::kCreateView: {
      View v = c.view_def;
      v.schema = c.schema;
      v.name = c.object;
      ResolveViewOutputs(m, v);
      bool existed = m.views.count(tkey) > 0;
      m.views[tkey] = std::move(v);
      if (!existed) mark("view:" + tkey);
      break;
    }
    case ChangeKind::kDropView:
      if (state && c.released) state->MarkDroppedReleased("view:" + tkey);
      m.views.erase(tkey);
      break;
    case ChangeKind::kRenameView: {
      if (!c.column.empty()) {  // ALTER VIEW v RENAME COLUMN a TO b
        auto it = m.views.find(tkey);
        if (it == m.views.end()) break;
        for (auto& o : it->second.outputs) {
          if (SameName(o.name, c.column)) o.name = c.new_name;
        }
        break;
      }
      std::string nkey = m.Key(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
      View v = m.views.count(tkey) ? m.views[tkey] : View{c.schema, c.object, {}, {}};
      m.views.erase(tkey);
      v.name = c.new_name;
      m.views[nkey] = std::move(v);
      if (state) state->Move("view:" + tkey, "view:" + nkey);
      break;
    }
    case ChangeKind::kCreateEnum:
      m.enums[tkey] = EnumType{c.schema, c.object, c.values};
      mark("type:" + tkey);
      break;
    case ChangeKind::kAddEnumValue:
      m.enums[tkey].values.push_back(c.new_name);
      mark("type:" + tkey + "." + c.new_name);
      break;
    case ChangeKind::kRenameEnumValue: {
      auto& e = m.enums[tkey];
      for (auto& v : e.values) {
        if (v == c.column) v = c.new_name;
      }
      break;
    }
    case ChangeKind::kCreateType:
      m.types[tkey] = NamedType{c.schema, c.object, c.detail, "", c.def.type, c.table_def.columns};
      mark("type:" + tkey);
      break;
    case ChangeKind::kDropType:
      if (state && c.released && (c.known || !c.type_kind.empty())) state->MarkDroppedReleased("type:" + tkey);
      if (state) state->Forget("type:" + tkey);
      m.enums.erase(tkey);
      m.types.erase(tkey);
      break;
    case ChangeKind::kRenameType: {
      const std::string to_schema = c.new_schema.empty() ? c.schema : c.new_schema;
      const std::string nkey = m.Key(to_schema, c.new_name);
      // An enum, domain or composite type moves to its new key, and remembers its released key.
      auto move = [&](auto& types) {
        auto it = types.find(tkey);
        if (it == types.end()) return false;
        auto t = std::move(it->second);
        types.erase(it);
        if (state && t.released_key.empty() && !state->Created("type:" + tkey)) t.released_key = tkey;
        t.schema = to_schema;
        t.name = c.new_name;
        types[nkey] = std::move(t);
        return true;
      };
      if (!move(m.enums) && !move(m.types)) break;
      // Columns of the type keep it under its new name (qualified when it was, or when it moved).
      const bool moved = !c.new_schema.empty() && m.Key(c.new_schema, "") != m.Key(c.schema, "");
      for (auto& [k, t] : m.tables) {
        for (auto& col : t.columns) {
          const size_t dot = col.type.rfind('.');
          const std::string ts = dot == std::string::npos ? "" : col.type.substr(0, dot);
          const std::string tn = dot == std::string::npos ? col.type : col.type.substr(dot + 1);
          if (m.Key(ts, tn) != tkey) continue;
          col.type = dot == std::string::npos && !moved ? c.new_name : Qualified(to_schema, c.new_name);
        }
      }
      if (state) state->Move("type:" + tkey, "type:" + nkey);
      break;
    }
    case ChangeKind::kCreateSchema:
      m.schemas.insert(Lower(c.object));
      mark("schema:" + Lower(c.object));
      break;
    case ChangeKind::kDropSchema: {
      m.schemas.erase(Lower(c.object));
      const std::string prefix = Lower(c.object) + ".";
      for (auto it = m.tables.begin(); it != m.tables.end();) {
        it = it->first.rfind(prefix, 0) == 0 ? m.tables.erase(it) : std::next(it);
      }
      break;
    }
    case ChangeKind::kRenameSchema: {
      m.schemas.erase(Lower(c.object));
      m.schemas.insert(Lower(c.new_name));
      const std::string prefix = Lower(c.object) + ".";
      std::map<std::string, Table> moved;
      for (auto it = m.tables.begin(); it != m.tables.end();) {
        if (it->first.rfind(prefix, 0) == 0) {
          Table t = std::move(it->second);
          t.schema = c.new_name;
          moved[Lower(c.new_name) + "." + it->first.substr(prefix.size())] = std::move(t);
          it = m.tables.erase(it);
        } else {
          ++it;
        }
      }
      for (auto& [k, t] : moved) m.tables[k] = std::move(t);
      if (state) state->Move("schema:" + Lower(c.object), "schema:" + Lower(c.new_name));
      break;
    }
    case ChangeKind::kCreateRoutine:
      if (!m.routines.count(tkey)) mark("routine:" + tkey);
      m.routines.insert(tkey);
      if (c.trigger_function) {
        m.trigger_functions.insert(tkey);
      } else {
        m.trigger_functions.erase(tkey);
      }
      break;
    case ChangeKind::kDropRoutine:
      if (!c.new_name.empty() && m.routines.count(tkey)) {
        // ALTER FUNCTION ... RENAME TO: the same routine under the new name (a trigger function
        // still), created in this release when the old name was.
        const std::string to = m.Key(c.schema, c.new_name);
        m.routines.insert(to);
        if (m.trigger_functions.count(tkey)) m.trigger_functions.insert(to);
        if (state) state->Move("routine:" + tkey, "routine:" + to);
      }
      m.routines.erase(tkey);
      m.trigger_functions.erase(tkey);
      break;
    case ChangeKind::kCreateSequence:
      m.sequences.insert(tkey);
      mark("sequence:" + tkey);
      break;
    case ChangeKind::kDropSequence: m.sequences.erase(tkey); break;
    case ChangeKind::kCreateTrigger: {
      const std::string key = tkey + "." + Lower(c.column);
      if (!m.triggers.count(key)) mark("trigger:" + key);
      Trigger t = c.trigger_def;
      t.schema = c.schema;
      t.table = c.object;
      t.name = c.column;
      t.function = c.function;
      m.triggers[key] = std::move(t);
      break;
    }
    case ChangeKind::kDropTrigger: m.triggers.erase(tkey + "." + Lower(c.column)); break;
    case ChangeKind::kOther:
      if (auto t = m.types.find(tkey); t != m.types.end() && c.detail == kAlterAttributes)
        t->second.attributes_known = false;
      break;
    default: break;
  }
}

namespace {

// A name as written ("app.seq", "seq") under the model's key.
std::string KeyOf(const Model& m, const std::string& qualified) {
  const size_t dot = qualified.rfind('.');
  if (dot == std::string::npos) return m.Key("", qualified);
  return m.Key(qualified.substr(0, dot), qualified.substr(dot + 1));
}

}  // namespace

std::vector<Change> CascadedChanges(const Change& d, const Model& m) {
  std::vector<Change> out;
  if (!d.cascade) return out;
  const std::string key = m.Key(d.schema, d.object);
  const std::string what = std::string(d.kind == ChangeKind::kDropSequence ? "sequence "
                                       : d.kind == ChangeKind::kDropRoutine ? (d.is_procedure ? "procedure " : "function ")
                                       : d.kind == ChangeKind::kDropType    ? "type "
                                                                            : "table ") +
                           Qualified(d.schema, d.object);
  auto make = [&](ChangeKind kind, const Table& t, const std::string& column) {
    Change c;
    c.kind = kind;
    c.schema = t.schema;
    c.object = t.name;
    c.column = column;
    c.cascade_from = what;
    return c;
  };
  const char* ref_kind = d.kind == ChangeKind::kDropSequence ? "sequence:"
                         : d.kind == ChangeKind::kDropRoutine ? "function:"
                                                              : nullptr;
  for (const auto& [tk, t] : m.tables) {
    for (const auto& col : t.columns) {
      if (ref_kind && col.has_default) {
        for (const auto& ref : col.default_refs) {
          if (ref.rfind(ref_kind, 0) == 0 && KeyOf(m, ref.substr(std::string(ref_kind).size())) == key) {
            out.push_back(make(ChangeKind::kDropDefault, t, col.name));
            break;
          }
        }
      }
      if (d.kind == ChangeKind::kDropType && !col.type.empty()) {
        std::string type = col.type;
        while (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) type.resize(type.size() - 2);
        if (KeyOf(m, type) == key) out.push_back(make(ChangeKind::kDropColumn, t, col.name));
      }
    }
    if (d.kind == ChangeKind::kDropTable && tk != key) {
      for (const auto& k : t.constraints) {
        if (k.kind == Constraint::Kind::kForeignKey && !k.name.empty() && KeyOf(m, k.ref_table) == key) {
          out.push_back(make(ChangeKind::kDropConstraint, t, k.name));
        }
      }
    }
  }
  if (d.kind == ChangeKind::kDropRoutine) {
    for (const auto& [k, trg] : m.triggers) {
      if (KeyOf(m, trg.function) != key) continue;
      Change c;
      c.kind = ChangeKind::kDropTrigger;
      c.schema = trg.schema;
      c.object = trg.table;
      c.column = trg.name;
      c.function = trg.function;
      c.cascade_from = what;
      out.push_back(c);
    }
  }
  return out;
}

std::vector<Change> RedefineColumn(const std::string& schema, const std::string& table, const Column* before,
                                   const std::string& old_name, const Column& after) {
  std::vector<Change> out;
  auto make = [&](ChangeKind kind, const std::string& column) {
    Change c;
    c.kind = kind;
    c.schema = schema;
    c.object = table;
    c.column = column;
    return c;
  };
  std::string name = old_name;
  if (!SameName(old_name, after.name)) {
    Change c = make(ChangeKind::kRenameColumn, old_name);
    c.new_name = after.name;
    out.push_back(c);
    name = after.name;
  }
  const TypeChange tc = before ? CompareTypes(before->type, after.type) : TypeChange::kUnknown;
  if (!after.type.empty() && tc != TypeChange::kSame) {
    Change c = make(ChangeKind::kAlterColumnType, name);
    c.def = after;
    out.push_back(c);
  }
  if (after.not_null && (!before || !before->not_null)) out.push_back(make(ChangeKind::kSetNotNull, name));
  if (!after.not_null && before && before->not_null) out.push_back(make(ChangeKind::kDropNotNull, name));
  if (after.has_default && (!before || !before->has_default || before->default_expr != after.default_expr)) {
    Change c = make(ChangeKind::kSetDefault, name);
    c.def = after;
    out.push_back(c);
  }
  if (!after.has_default && before && before->has_default) out.push_back(make(ChangeKind::kDropDefault, name));
  if (before && before->invisible != after.invisible) {
    Change c = make(ChangeKind::kSetVisibility, name);
    c.detail = after.invisible ? "invisible" : "visible";
    out.push_back(c);
  }
  // SQLite: the column was the rowid (see the SQLite front end), and inserts that left it out got one.
  auto rowid = [](const Column& c) { return c.generated && c.default_expr == "rowid"; };
  if (before && rowid(*before) && !rowid(after)) {
    Change c = make(ChangeKind::kDropDefault, name);
    c.detail = "rowid";
    out.push_back(c);
  }
  return out;
}

std::vector<Change> DiffTables(const Table& before, const Table& after) {
  std::vector<Change> out;
  for (const auto& col : before.columns) {
    const Column* now = after.FindColumn(col.name);
    if (!now) {
      Change c;
      c.kind = ChangeKind::kDropColumn;
      c.schema = before.schema;
      c.object = before.name;
      c.column = col.name;
      out.push_back(c);
      continue;
    }
    for (auto& c : RedefineColumn(before.schema, before.name, &col, col.name, *now)) out.push_back(c);
  }
  for (const auto& col : after.columns) {
    if (before.FindColumn(col.name)) continue;
    Change c;
    c.kind = ChangeKind::kAddColumn;
    c.schema = before.schema;
    c.object = before.name;
    c.def = col;
    out.push_back(c);
  }
  auto same_constraint = [](const Constraint& a, const Constraint& b) {
    if (a.kind != b.kind || a.columns.size() != b.columns.size()) return false;
    for (size_t i = 0; i < a.columns.size(); ++i) {
      if (!SameName(a.columns[i], b.columns[i])) return false;
    }
    if (a.kind == Constraint::Kind::kForeignKey &&
        (a.on_delete != b.on_delete || a.on_update != b.on_update || !SameName(a.ref_table, b.ref_table))) {
      return false;
    }
    return a.kind != Constraint::Kind::kCheck || a.expr == b.expr;
  };
  for (const auto& k : after.constraints) {
    if (k.kind == Constraint::Kind::kPrimaryKey) continue;
    bool existed = std::any_of(before.constraints.begin(), before.constraints.end(),
                               [&](const Constraint& o) { return same_constraint(o, k); });
    if (existed) continue;
    Change c;
    c.kind = ChangeKind::kAddConstraint;
    c.schema = before.schema;
    c.object = before.name;
    c.constraint = k;
    out.push_back(c);
  }
  // A key the new definition leaves out: `constraint` is the key the table had.
  for (const auto& k : before.constraints) {
    if (k.kind != Constraint::Kind::kPrimaryKey && k.kind != Constraint::Kind::kUnique) continue;
    if (std::any_of(after.constraints.begin(), after.constraints.end(),
                    [&](const Constraint& o) { return same_constraint(k, o); })) {
      continue;
    }
    Change c;
    c.kind = ChangeKind::kDropConstraint;
    c.schema = before.schema;
    c.object = before.name;
    c.column = k.name;
    c.constraint = k;
    out.push_back(c);
  }
  return out;
}

}  // namespace shiftway::schema
