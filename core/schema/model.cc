// Lookups in the schema model.
#include "core/schema/model.h"

#include <cctype>
#include <utility>

namespace shiftway::schema {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string Qualified(std::string_view schema, std::string_view name) {
  if (schema.empty()) return std::string(name);
  return std::string(schema) + "." + std::string(name);
}

std::string FkAction(std::string_view action) {
  std::string out;
  for (char c : action) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out == "NO ACTION" || out == "RESTRICT") return "";
  return out;
}

const Column* Table::FindColumn(std::string_view column) const {
  for (const auto& c : columns) {
    if (SameName(c.name, column)) return &c;
  }
  return nullptr;
}

Column* Table::FindColumn(std::string_view column) {
  for (auto& c : columns) {
    if (SameName(c.name, column)) return &c;
  }
  return nullptr;
}

std::string PgConstraintName(std::string_view table, const Constraint& k) {
  std::string name(table);
  if (k.kind == Constraint::Kind::kPrimaryKey) {
    name += "_pkey";
  } else if (k.kind == Constraint::Kind::kCheck || k.columns.empty()) {
    return "";
  } else {
    for (const auto& col : k.columns) name += "_" + col;
    name += k.kind == Constraint::Kind::kForeignKey ? "_fkey" : "_key";
  }
  return name.size() <= 63 ? name : "";
}

const Constraint* Table::FindConstraint(std::string_view constraint) const {
  for (const auto& k : constraints) {
    if (!k.name.empty() && SameName(k.name, constraint)) return &k;
  }
  for (const auto& k : constraints) {
    if (k.name.empty() && SameName(PgConstraintName(name, k), constraint)) return &k;
  }
  if (SameName(constraint, "PRIMARY")) {
    for (const auto& k : constraints) {
      if (k.kind == Constraint::Kind::kPrimaryKey) return &k;
    }
  }
  return nullptr;
}

std::string Model::Key(std::string_view schema, std::string_view name) const {
  return Lower(schema.empty() ? std::string_view(default_schema) : schema) + "." + Lower(name);
}

const Table* Model::FindTable(std::string_view schema, std::string_view name) const {
  auto it = tables.find(Key(schema, name));
  return it == tables.end() ? nullptr : &it->second;
}

Table* Model::FindTable(std::string_view schema, std::string_view name) {
  auto it = tables.find(Key(schema, name));
  return it == tables.end() ? nullptr : &it->second;
}

std::string Model::UniqueKeyWithin(std::string_view schema, std::string_view table,
                                   const std::vector<std::string>& columns) const {
  auto within = [&](const std::vector<std::string>& key) {
    if (key.empty()) return false;
    for (const auto& k : key) {
      bool found = false;
      for (const auto& col : columns) found = found || SameName(col, k);
      if (!found) return false;
    }
    return true;
  };
  auto joined = [](const std::vector<std::string>& key) {
    std::string out;
    for (const auto& k : key) out += (out.empty() ? "" : ", ") + k;
    return out;
  };
  if (const Table* t = FindTable(schema, table)) {
    for (const auto& k : t->constraints) {
      if ((k.kind == Constraint::Kind::kUnique || k.kind == Constraint::Kind::kPrimaryKey) && within(k.columns)) {
        return joined(k.columns);
      }
    }
  }
  for (const auto& [key, ix] : indexes) {
    if (ix.unique && Key(ix.schema, ix.table) == Key(schema, table) && within(ix.columns)) return joined(ix.columns);
  }
  return "";
}

const View* Model::FindView(std::string_view schema, std::string_view name) const {
  auto it = views.find(Key(schema, name));
  return it == views.end() ? nullptr : &it->second;
}

const EnumType* Model::FindEnum(std::string_view schema, std::string_view name) const {
  auto it = enums.find(Key(schema, name));
  return it == enums.end() ? nullptr : &it->second;
}

const NamedType* Model::FindType(std::string_view schema, std::string_view name) const {
  auto it = types.find(Key(schema, name));
  return it == types.end() ? nullptr : &it->second;
}

}  // namespace shiftway::schema

namespace shiftway::schema {

// The bits of PostgreSQL's TRIGGER_TYPE_* (src/include/catalog/pg_trigger.h).
std::string PgTriggerTiming(int bits) {
  if (bits & (1 << 6)) return "INSTEAD OF";
  return bits & (1 << 1) ? "BEFORE" : "AFTER";
}

std::string PgTriggerEvents(int bits, const std::vector<std::string>& update_columns) {
  std::string out;
  for (const auto& [bit, name] : {std::pair{1 << 2, "INSERT"}, std::pair{1 << 3, "DELETE"},
                                  std::pair{1 << 4, "UPDATE"}, std::pair{1 << 5, "TRUNCATE"}}) {
    if (!(bits & bit)) continue;
    out += (out.empty() ? "" : " OR ") + std::string(name);
    if (bit == 1 << 4 && !update_columns.empty()) {
      out += " OF ";
      for (size_t i = 0; i < update_columns.size(); ++i) out += (i ? ", " : "") + update_columns[i];
    }
  }
  return out;
}

Table TableLike(const Model& model, const Table& source, const std::string& schema, const std::string& name,
                const LikeOptions& options, bool pg_names, std::vector<Index>* indexes) {
  Table t;
  t.schema = schema;
  t.name = name;
  t.columns = source.columns;
  t.columns_unknown = source.columns_unknown;
  for (auto& col : t.columns) {
    const bool serial = col.generated && Lower(col.default_expr).find("nextval(") != std::string::npos;
    if (col.generated && !(serial ? options.defaults : options.identity)) col.generated = false;
    if (!options.defaults && !col.generated) {
      col.has_default = false;
      col.default_expr.clear();
      col.default_volatile = false;
      col.default_refs.clear();
    }
  }
  std::set<std::string> constraint_names;
  for (const auto& k : source.constraints) {
    const bool keyed = k.kind == Constraint::Kind::kPrimaryKey || k.kind == Constraint::Kind::kUnique;
    if (k.kind == Constraint::Kind::kForeignKey || (keyed && !options.indexes) ||
        (k.kind == Constraint::Kind::kCheck && !options.constraints)) {
      continue;
    }
    Constraint copy = k;
    if (pg_names && keyed) {
      copy.name = PgConstraintName(name, k);
    }
    if (!k.name.empty()) constraint_names.insert(Lower(k.name));
    t.constraints.push_back(copy);
  }
  if (!indexes || !options.indexes) return t;
  for (const auto& [key, idx] : model.indexes) {
    if (model.Key(idx.schema, idx.table) != model.Key(source.schema, source.name)) continue;
    if (constraint_names.count(Lower(idx.name))) continue;  // a unique constraint's, copied above
    Index copy = idx;
    copy.schema = schema;
    copy.table = name;
    if (pg_names) {
      std::string cols;
      for (const auto& c : idx.columns) cols += c + "_";
      copy.name = name + "_" + (cols.empty() ? std::string("expr_") : cols) + (idx.unique ? "key" : "idx");
    }
    indexes->push_back(copy);
  }
  return t;
}

}  // namespace shiftway::schema
