// Comparing two schema models (drift): each schema, table, column, constraint, index, view, enum,
// domain, composite type, sequence, routine and trigger that one side has and the other lacks or
// holds differently.
#include "core/schema/compare.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/schema/types.h"

namespace shiftway::schema {
namespace {

using Kind = Difference::Kind;

// A model key as a reviewer writes the name: without the default schema.
std::string Shown(const Model& m, const std::string& key) {
  const std::string prefix = Lower(m.default_schema) + ".";
  return key.rfind(prefix, 0) == 0 ? key.substr(prefix.size()) : key;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::vector<std::string> Lowered(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(Lower(i));
  return out;
}

// The last part of a qualified name, lowercase and unquoted.
std::string Bare(std::string_view name) {
  std::string s = Lower(name);
  s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  if (auto dot = s.rfind('.'); dot != std::string::npos) s = s.substr(dot + 1);
  return s;
}

// A type as compared: a user type qualified with the default schema is the same type unqualified.
std::string TypeOf(const Model& m, const Column& c) {
  const std::string prefix = Lower(m.default_schema) + ".";
  std::string t = Lower(c.type);
  if (!m.default_schema.empty() && t.rfind(prefix, 0) == 0) t = t.substr(prefix.size());
  return t;
}

bool SameType(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return true;  // one side does not know: nothing to say
  return CompareTypes(a, b) == TypeChange::kSame && CompareTypes(b, a) == TypeChange::kSame;
}

// SQL text on one line, each run of whitespace one space, for a message.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string DefaultOf(const Column& c) {
  return c.has_default ? NormalizeDefault(c.default_expr) : "";
}

// A constraint as compared when unnamed: what it is and what it covers.
std::string Signature(const Constraint& k) {
  std::string s;
  switch (k.kind) {
    case Constraint::Kind::kPrimaryKey:
      s = "primary key";
      break;
    case Constraint::Kind::kUnique:
      s = "unique";
      break;
    case Constraint::Kind::kCheck:
      s = "check";
      break;
    case Constraint::Kind::kForeignKey:
      s = "foreign key";
      break;
  }
  s += " (" + Joined(Lowered(k.columns)) + ")";
  if (k.kind == Constraint::Kind::kForeignKey) {
    s += " references " + Bare(k.ref_table) + " (" + Joined(Lowered(k.ref_columns)) + ")";
    if (!k.on_delete.empty()) s += " on delete " + Lower(k.on_delete);
    if (!k.on_update.empty()) s += " on update " + Lower(k.on_update);
  }
  return s;
}

class Comparer {
 public:
  /// `merged`, when given, starts as a copy of `a` and gets each difference settled b's way.
  Comparer(const Model& a, const Model& b, const CompareOptions& o, Model* merged = nullptr)
      : a_(a), b_(b), o_(o), merged_(merged) {
    for (const auto& s : o.schemas) scope_.insert(Lower(s));
    if (!scope_.empty()) scope_.insert(Lower(b.default_schema));
    if (merged_) merged_->schemas.insert(b.schemas.begin(), b.schemas.end());
  }

  std::vector<Difference> Run() {
    for (const auto& s : o_.required_schemas) {
      if (!b_.schemas.count(Lower(s))) Add(Kind::kMissing, "schema", s, Lower(s));
    }
    Tables();
    Indexes();
    Views();
    Enums();
    Types();
    Names("sequence", a_.sequences, b_.sequences, merged_ ? &merged_->sequences : nullptr);
    Names("routine", a_.routines, b_.routines, merged_ ? &merged_->routines : nullptr);
    if (o_.triggers) Triggers();
    std::stable_sort(out_.begin(), out_.end(),
                     [](const Difference& x, const Difference& y) { return x.key < y.key; });
    return std::move(out_);
  }

 private:
  // A key's schema is one the database side was read from.
  bool InScope(const std::string& key) const {
    return scope_.empty() || scope_.count(key.substr(0, key.find('.')));
  }

  // Records a difference; false when it is outside the schemas compared, and so not one.
  bool Add(Kind kind, std::string object, std::string name, std::string key, std::string aspect = "",
           std::string expected = "", std::string actual = "") {
    if (!InScope(key)) return false;
    Difference d;
    d.kind = kind;
    d.object = std::move(object);
    d.name = std::move(name);
    d.key = std::move(key);
    d.aspect = std::move(aspect);
    d.expected = std::move(expected);
    d.actual = std::move(actual);
    out_.push_back(std::move(d));
    return true;
  }

  // Keys present on one side only, as missing or extra (settled in `into`, the merged model's
  // map of the same objects, when there is one); calls both(key) for the rest.
  template <typename Map, typename Both>
  void Sides(const char* object, const Map& a, const Map& b, Map* into, Both both) {
    for (const auto& entry : a) {
      if (!b.count(entry.first) && Add(Kind::kMissing, object, Shown(a_, entry.first), entry.first) && into)
        into->erase(entry.first);
    }
    for (const auto& entry : b) {
      if (!a.count(entry.first)) {
        if (Add(Kind::kExtra, object, Shown(b_, entry.first), entry.first) && into) (*into)[entry.first] = entry.second;
      } else {
        both(entry.first);
      }
    }
  }

  void Tables() {
    Sides("table", a_.tables, b_.tables, merged_ ? &merged_->tables : nullptr, [&](const std::string& key) {
      const Table& x = a_.tables.at(key);
      const Table& y = b_.tables.at(key);
      if (x.columns_unknown || y.columns_unknown) {
        // Not a difference: replay could not know the columns, and the database does.
        if (merged_ && x.columns_unknown && !y.columns_unknown && InScope(key)) merged_->tables[key] = y;
        return;
      }
      const std::string table = Shown(b_, key);
      std::set<std::string> differ;  // lowercase names of the columns that differ
      for (const auto& c : x.columns) {
        if (!y.FindColumn(c.name) && Add(Kind::kMissing, "column", table + "." + c.name, key + "." + Lower(c.name)))
          differ.insert(Lower(c.name));
      }
      for (const auto& c : y.columns) {
        const Column* e = x.FindColumn(c.name);
        const std::string name = table + "." + c.name;
        const std::string ckey = key + "." + Lower(c.name);
        bool differs = false;
        if (!e) {
          if (Add(Kind::kExtra, "column", name, ckey)) differ.insert(Lower(c.name));
          continue;
        }
        const std::string te = TypeOf(a_, *e), ta = TypeOf(b_, c);
        if (!SameType(te, ta)) differs |= Add(Kind::kChanged, "column", name, ckey, "type", e->type, c.type);
        if (e->not_null != c.not_null) {
          differs |= Add(Kind::kChanged, "column", name, ckey, "nullability", e->not_null ? "not null" : "null",
                         c.not_null ? "not null" : "null");
        }
        // An identity, serial, auto_increment or generated column's default is the database's.
        if (e->generated != c.generated) {
          differs |= Add(Kind::kChanged, "column", name, ckey, "generated",
                         e->generated ? "generated" : "not generated", c.generated ? "generated" : "not generated");
        } else if (!c.generated && DefaultOf(*e) != DefaultOf(c)) {
          differs |= Add(Kind::kChanged, "column", name, ckey, "default",
                         e->has_default ? e->default_expr : "no default",
                         c.has_default ? c.default_expr : "no default");
        }
        if (differs) differ.insert(Lower(c.name));
      }
      const bool constraints_differ = Constraints(key, x, y);
      if (!merged_) return;
      Table& m = merged_->tables.at(key);
      if (!differ.empty()) {
        // The database's columns, in its order; replay's column where the two agree.
        std::vector<Column> columns;
        for (const auto& c : y.columns) {
          const Column* e = x.FindColumn(c.name);
          columns.push_back(e && !differ.count(Lower(c.name)) ? *e : c);
        }
        m.columns = std::move(columns);
      }
      if (constraints_differ) m.constraints = y.constraints;
    });
  }

  // Unique constraints and unique indexes enforce the same thing, and MySQL reports both as one
  // kind of key: they are compared together, by table and columns.
  static std::set<std::string> UniqueKeys(const Model& m) {
    std::set<std::string> out;
    for (const auto& [key, t] : m.tables) {
      for (const auto& k : t.constraints) {
        if (k.kind == Constraint::Kind::kUnique) out.insert(key + " (" + Joined(Lowered(k.columns)) + ")");
      }
    }
    for (const auto& [key, idx] : m.indexes) {
      if (idx.unique) out.insert(m.Key(idx.schema, idx.table) + " (" + Joined(Lowered(idx.columns)) + ")");
    }
    return out;
  }

  // Returns whether any differs.
  bool Constraints(const std::string& key, const Table& x, const Table& y) {
    const size_t before = out_.size();
    // Named on both sides: by name; otherwise by what they cover. Checks that neither side can
    // name alike (PostgreSQL names `person_age_check` what a migration left unnamed) pair by count.
    std::multiset<std::string> ya, yb;
    std::vector<const Constraint*> checks_a, checks_b;
    for (const auto& k : x.constraints) {
      if (k.kind == Constraint::Kind::kCheck) {
        checks_a.push_back(&k);
      } else if (k.kind != Constraint::Kind::kUnique) {
        ya.insert(Signature(k));
      }
    }
    for (const auto& k : y.constraints) {
      if (k.kind == Constraint::Kind::kCheck) {
        checks_b.push_back(&k);
      } else if (k.kind != Constraint::Kind::kUnique) {
        yb.insert(Signature(k));
      }
    }
    const std::string table = Shown(b_, key);
    for (const auto& s : ya) {
      if (!yb.count(s)) Add(Kind::kMissing, "constraint", table + " " + s, key + ".constraint." + s);
    }
    for (const auto& s : yb) {
      if (!ya.count(s)) Add(Kind::kExtra, "constraint", table + " " + s, key + ".constraint." + s);
    }
    auto take_named = [](std::vector<const Constraint*>& list, const std::string& name) {
      for (auto it = list.begin(); it != list.end(); ++it) {
        if (!name.empty() && SameName((*it)->name, name)) {
          list.erase(it);
          return true;
        }
      }
      return false;
    };
    std::vector<const Constraint*> left_a;
    for (const Constraint* k : checks_a) {
      if (!take_named(checks_b, k->name)) left_a.push_back(k);
    }
    // Unnamed checks of the migrations pair with the database's remaining ones.
    size_t paired = 0;
    for (const Constraint* k : left_a) {
      if (k->name.empty() && paired < checks_b.size()) {
        ++paired;
        continue;
      }
      Add(Kind::kMissing, "constraint", table + " check " + (k->name.empty() ? "(" + k->expr + ")" : k->name),
          key + ".check." + Lower(k->name.empty() ? k->expr : k->name));
    }
    for (size_t i = paired; i < checks_b.size(); ++i) {
      const Constraint* k = checks_b[i];
      Add(Kind::kExtra, "constraint", table + " check " + k->name + " (" + k->expr + ")",
          key + ".check." + Lower(k->name));
    }
    return out_.size() != before;
  }

  // A unique key ("<table key> (<columns>)") that differs: the merged model takes the database's
  // unique constraints and unique indexes on those columns of that table.
  void SettleUnique(const std::string& u) {
    if (!merged_) return;
    const std::string table = u.substr(0, u.find(" ("));
    auto covers = [&](const Model& m, const Index& i) {
      return i.unique && m.Key(i.schema, i.table) + " (" + Joined(Lowered(i.columns)) + ")" == u;
    };
    auto unique_on = [&](const Constraint& k) {
      return k.kind == Constraint::Kind::kUnique && table + " (" + Joined(Lowered(k.columns)) + ")" == u;
    };
    std::erase_if(merged_->indexes, [&](const auto& entry) { return covers(*merged_, entry.second); });
    for (const auto& [key, i] : b_.indexes) {
      if (covers(b_, i)) merged_->indexes[key] = i;
    }
    auto mt = merged_->tables.find(table);
    auto bt = b_.tables.find(table);
    if (mt == merged_->tables.end()) return;
    std::erase_if(mt->second.constraints, unique_on);
    if (bt == b_.tables.end()) return;
    for (const auto& k : bt->second.constraints) {
      if (unique_on(k)) mt->second.constraints.push_back(k);
    }
  }

  void Indexes() {
    std::map<std::string, const Index*> a, b;
    for (const auto& [key, idx] : a_.indexes) {
      if (!idx.unique) a[key] = &idx;
    }
    for (const auto& [key, idx] : b_.indexes) {
      if (!idx.unique) b[key] = &idx;
    }
    // An index the migrations left unnamed is named by the database: pair it by table and columns.
    auto cover = [](const Model& m, const Index& i) {
      return m.Key(i.schema, i.table) + " (" + Joined(Lowered(i.columns)) + ")";
    };
    std::multiset<std::string> unmatched_b;
    for (const auto& [key, i] : b) {
      if (!a.count(key)) unmatched_b.insert(cover(b_, *i));
    }
    std::multiset<std::string> paired;
    for (const auto& [key, i] : a) {
      if (b.count(key)) {
        const Index& y = *b.at(key);
        if (Lowered(i->columns) != Lowered(y.columns) &&
            Add(Kind::kChanged, "index", Shown(b_, key), key, "columns", Joined(i->columns), Joined(y.columns)) &&
            merged_) {
          merged_->indexes[key] = y;
        }
        continue;
      }
      const std::string c = cover(a_, *i);
      if (auto it = unmatched_b.find(c); it != unmatched_b.end()) {
        unmatched_b.erase(it);
        paired.insert(c);
        continue;
      }
      if (Add(Kind::kMissing, "index", Shown(a_, key) + " on " + i->table + " (" + Joined(i->columns) + ")", key) &&
          merged_) {
        merged_->indexes.erase(key);
      }
    }
    // MySQL/MariaDB index every foreign key's columns, creating an index when none exists.
    std::set<std::string> fk_columns;
    if (o_.dialect == sql::Dialect::kMysql) {
      for (const auto& [key, t] : b_.tables) {
        for (const auto& k : t.constraints) {
          if (k.kind == Constraint::Kind::kForeignKey)
            fk_columns.insert(key + " (" + Joined(Lowered(k.columns)) + ")");
        }
      }
    }
    for (const auto& [key, i] : b) {
      if (a.count(key)) continue;
      const std::string c = cover(b_, *i);
      if (auto it = paired.find(c); it != paired.end()) {
        paired.erase(it);
        continue;
      }
      if (fk_columns.count(c)) continue;
      if (Add(Kind::kExtra, "index", Shown(b_, key) + " on " + i->table + " (" + Joined(i->columns) + ")", key) &&
          merged_) {
        merged_->indexes[key] = *i;
      }
    }
    const std::set<std::string> ua = UniqueKeys(a_), ub = UniqueKeys(b_);
    for (const auto& u : ua) {
      if (!ub.count(u) && Add(Kind::kMissing, "unique key", Shown(a_, u), u)) SettleUnique(u);
    }
    for (const auto& u : ub) {
      if (!ua.count(u) && Add(Kind::kExtra, "unique key", Shown(b_, u), u)) SettleUnique(u);
    }
  }

  void Views() {
    Sides("view", a_.views, b_.views, merged_ ? &merged_->views : nullptr, [&](const std::string& key) {
      const View& x = a_.views.at(key);
      const View& y = b_.views.at(key);
      if (!x.outputs_known || !y.outputs_known) return;
      std::vector<std::string> cx, cy;
      for (const auto& c : x.outputs) {
        if (c.name.empty() || c.name == "*") return;  // the migrations' side cannot name them all
        cx.push_back(c.name);
      }
      for (const auto& c : y.outputs) cy.push_back(c.name);
      if (Lowered(cx) != Lowered(cy)) {
        if (Add(Kind::kChanged, "view", Shown(b_, key), key, "columns", Joined(cx), Joined(cy)) && merged_) {
          merged_->views[key] = y;
        }
        return;
      }
      // The same columns: the types of those that show a column of the view's tables as it is,
      // where exactly one of its tables has a column of that name (the migrations' side does not
      // keep which table a qualified column came from); then the query itself where both sides
      // have its text (SQLite).
      std::vector<std::string> tx, ty;
      for (size_t i = 0; i < x.outputs.size(); ++i) {
        const std::string source = i < x.output_sources.size() ? x.output_sources[i] : "";
        if (source.empty() || OwnersOf(x, source) != 1) continue;
        const std::string te = TypeOf(a_, x.outputs[i]), ta = TypeOf(b_, y.outputs[i]);
        if (SameType(te, ta)) continue;
        tx.push_back(x.outputs[i].name + " " + x.outputs[i].type);
        ty.push_back(y.outputs[i].name + " " + y.outputs[i].type);
      }
      bool changed = false;
      if (!tx.empty()) {
        changed = Add(Kind::kChanged, "view", Shown(b_, key), key, "column types", Joined(tx), Joined(ty));
      } else if (!x.definition.empty() && !y.definition.empty() &&
                 NormalizeSqlText(x.definition) != NormalizeSqlText(y.definition)) {
        changed =
            Add(Kind::kChanged, "view", Shown(b_, key), key, "definition", OneLine(x.definition), OneLine(y.definition));
      }
      if (changed && merged_) {
        merged_->views[key] = y;  // the database's query: what replay knew it read is not its any more
      }
    });
  }

  // How many of a replayed view's tables have a column named `column`.
  int OwnersOf(const View& v, const std::string& column) const {
    int n = 0;
    for (const auto& t : v.tables) {
      const size_t dot = t.rfind('.');
      const Table* found =
          dot == std::string::npos ? a_.FindTable("", t) : a_.FindTable(t.substr(0, dot), t.substr(dot + 1));
      if (!found || found->columns_unknown) return 0;  // unknown columns might be it
      if (found->FindColumn(column)) ++n;
    }
    return n;
  }

  void Types() {
    for (const auto& [key, t] : a_.types) {
      if (!b_.types.count(key)) Add(Kind::kMissing, t.kind, Shown(a_, key), key);
    }
    for (const auto& [key, y] : b_.types) {
      auto found = a_.types.find(key);
      if (found == a_.types.end()) {
        Add(Kind::kExtra, y.kind, Shown(b_, key), key);
        continue;
      }
      const NamedType& x = found->second;
      const std::string name = Shown(b_, key);
      if (x.kind != y.kind) {
        Add(Kind::kChanged, "type", name, key, "kind", x.kind, y.kind);
      } else if (x.kind == "domain") {
        if (!SameType(TypeOf(a_, Column{"", x.base_type}), TypeOf(b_, Column{"", y.base_type})))
          Add(Kind::kChanged, x.kind, name, key, "base type", x.base_type, y.base_type);
      } else if (x.attributes_known && y.attributes_known) {
        auto listed = [](const std::vector<Column>& attributes) {
          std::vector<std::string> out;
          for (const auto& a : attributes) out.push_back(a.name + " " + a.type);
          return out;
        };
        bool same = x.attributes.size() == y.attributes.size();
        for (size_t i = 0; same && i < x.attributes.size(); ++i) {
          same = SameName(x.attributes[i].name, y.attributes[i].name) &&
                 SameType(TypeOf(a_, x.attributes[i]), TypeOf(b_, y.attributes[i]));
        }
        if (!same)
          Add(Kind::kChanged, x.kind, name, key, "attributes", Joined(listed(x.attributes)), Joined(listed(y.attributes)));
      }
    }
  }

  void Enums() {
    Sides("enum", a_.enums, b_.enums, merged_ ? &merged_->enums : nullptr, [&](const std::string& key) {
      const auto& x = a_.enums.at(key).values;
      const auto& y = b_.enums.at(key).values;
      if (x != y && Add(Kind::kChanged, "enum", Shown(b_, key), key, "values", Joined(x), Joined(y)) && merged_)
        merged_->enums[key] = b_.enums.at(key);
    });
  }

  // `into`: the merged model's set; a routine also takes its trigger-function mark along.
  void Names(const char* object, const std::set<std::string>& a, const std::set<std::string>& b,
             std::set<std::string>* into) {
    for (const auto& k : a) {
      if (!b.count(k) && Add(Kind::kMissing, object, Shown(a_, k), k) && into) {
        into->erase(k);
        if (into == &merged_->routines) merged_->trigger_functions.erase(k);
      }
    }
    for (const auto& k : b) {
      if (!a.count(k) && Add(Kind::kExtra, object, Shown(b_, k), k) && into) {
        into->insert(k);
        if (into == &merged_->routines && b_.trigger_functions.count(k)) merged_->trigger_functions.insert(k);
      }
    }
  }

  void Triggers() {
    Sides("trigger", a_.triggers, b_.triggers, merged_ ? &merged_->triggers : nullptr, [&](const std::string& key) {
      const Trigger& x = a_.triggers.at(key);
      const Trigger& y = b_.triggers.at(key);
      const std::string name = Shown(b_, key);
      const std::string fx = Bare(x.function), fy = Bare(y.function);
      bool changed = false;
      if (fx != fy) changed |= Add(Kind::kChanged, "trigger", name, key, "function", fx, fy);
      // What one side does not know (a trigger of a statement the front end did not read) is not compared.
      if (!x.timing.empty() && !y.timing.empty() && x.timing != y.timing)
        changed |= Add(Kind::kChanged, "trigger", name, key, "timing", x.timing, y.timing);
      if (!x.event.empty() && !y.event.empty() && NormalizeSqlText(x.event) != NormalizeSqlText(y.event))
        changed |= Add(Kind::kChanged, "trigger", name, key, "event", x.event, y.event);
      if (!x.level.empty() && !y.level.empty() && x.level != y.level)
        changed |= Add(Kind::kChanged, "trigger", name, key, "level", "FOR EACH " + x.level, "FOR EACH " + y.level);
      if (!x.body.empty() && !y.body.empty() && NormalizeSqlText(x.body) != NormalizeSqlText(y.body))
        changed |= Add(Kind::kChanged, "trigger", name, key, "body", OneLine(x.body), OneLine(y.body));
      if (changed && merged_) merged_->triggers[key] = y;
    });
  }

  const Model& a_;
  const Model& b_;
  const CompareOptions& o_;
  Model* merged_;
  std::set<std::string> scope_;  ///< lowercase schemas compared; empty: all
  std::vector<Difference> out_;
};

}  // namespace

std::string_view Difference::KindName() const {
  switch (kind) {
    case Kind::kMissing:
      return "missing";
    case Kind::kExtra:
      return "extra";
    case Kind::kChanged:
      return "changed";
  }
  return "changed";
}

std::string Difference::Message() const {
  switch (kind) {
    case Kind::kMissing:
      if (object == "schema") return "schema " + name + " is a managed schema but missing from the database";
      return object + " " + name + " is created by the migrations but missing from the database";
    case Kind::kExtra:
      return object + " " + name + " is in the database but no migration creates it";
    case Kind::kChanged:
      break;
  }
  return object + " " + name + " has " + aspect + " " + actual +
         " in the database, but the migrations give " + expected;
}

std::string NormalizeDefault(std::string_view expr) {
  std::string s;
  bool quoted = false;
  for (char c : expr) {
    if (c == '\'') quoted = !quoted;
    s += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // Drop casts: `::name`, `::name(n)`, `::name[]`, including PostgreSQL's multi-word type names.
  static const char* kMultiWord[] = {"character varying",
                                     "timestamp without time zone",
                                     "timestamp with time zone",
                                     "time without time zone",
                                     "time with time zone",
                                     "double precision",
                                     "bit varying"};
  for (size_t at = s.find("::"); at != std::string::npos; at = s.find("::", at)) {
    size_t end = at + 2;
    bool multi = false;
    for (const char* m : kMultiWord) {
      if (s.compare(end, std::string_view(m).size(), m) == 0) {
        end += std::string_view(m).size();
        multi = true;
        break;
      }
    }
    if (!multi) {
      while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_' ||
                                s[end] == '.' || s[end] == '"')) {
        ++end;
      }
    }
    if (end < s.size() && s[end] == '(') {
      size_t close = s.find(')', end);
      if (close != std::string::npos) end = close + 1;
    }
    while (s.compare(end, 2, "[]") == 0) end += 2;
    s.erase(at, end - at);
  }
  // Redundant parentheses around the whole expression or a lone literal: `(0)`, `('x')`.
  auto trim = [](std::string t) {
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t;
  };
  s = trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    int depth = 0;
    bool whole = true;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')' && --depth == 0 && i + 1 < s.size()) whole = false;
    }
    if (!whole) break;
    s = trim(s.substr(1, s.size() - 2));
  }
  // A number written as a string literal ('0', '-1') is the number.
  if (s.size() >= 3 && s.front() == '\'' && s.back() == '\'' &&
      s.find_first_not_of("0123456789.-", 1) == s.size() - 1) {
    s = s.substr(1, s.size() - 2);
  }
  if (s == "now()" || s == "current_timestamp()") s = "current_timestamp";
  // A number in any spelling: MariaDB shows DEFAULT 0 of a decimal(10,2) column as 0.00.
  if (!s.empty() && s.find_first_not_of("0123456789.-+") == std::string::npos &&
      s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "null") s.clear();
  return s;
}

std::string NormalizeSqlText(std::string_view text) {
  std::string out;
  bool space = false;
  auto punct = [](char c) { return std::string_view("(),;=<>+-*/|.").find(c) != std::string_view::npos; };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (text.compare(i, 2, "--") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
      space = true;
      continue;
    }
    if (text.compare(i, 2, "/*") == 0) {
      const size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
      space = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty() && !punct(out.back()) && !punct(c)) out += ' ';
    space = false;
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted name or a string literal, kept as written; a doubled quote stays inside.
      size_t end = i + 1;
      while (end < text.size()) {
        if (text[end] == c && (end + 1 >= text.size() || text[end + 1] != c)) break;
        end += text[end] == c ? 2 : 1;
      }
      out += text.substr(i, end + 1 - i);
      i = end;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ';') out.pop_back();
  return out;
}

std::vector<Difference> CompareModels(const Model& migrations, const Model& database,
                                      const CompareOptions& options) {
  return Comparer(migrations, database, options).Run();
}

std::vector<Difference> ReconcileModels(const Model& migrations, const Model& database,
                                        const CompareOptions& options, Model* reconciled) {
  *reconciled = migrations;
  return Comparer(migrations, database, options, reconciled).Run();
}

bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], name[n]))) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool IgnoredDifference(const std::vector<std::string>& patterns, const Difference& d) {
  std::string owner = d.name;
  if (auto cut = owner.find_first_of(" ("); cut != std::string::npos) owner = owner.substr(0, cut);
  for (const auto& p : patterns) {
    if (GlobMatch(p, d.name) || GlobMatch(p, owner)) return true;
    if (auto dot = owner.rfind('.'); dot != std::string::npos && GlobMatch(p, owner.substr(0, dot)))
      return true;
  }
  return false;
}

}  // namespace shiftway::schema
