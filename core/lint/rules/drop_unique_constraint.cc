// drop-unique-constraint: dropping a released unique key (a UNIQUE constraint, a unique index or the
// primary key) that the table does not have again at the end of the release. The running release's
// upserts name that key, or find their row through it.
#include <optional>

#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// A key the statement drops, as the previous release had it.
struct DroppedKey {
  std::string schema, table, name;
  std::vector<std::string> columns;
  bool primary = false;
  bool index = false;  ///< a unique index rather than a constraint
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool IsKey(const Constraint& k) {
  return k.kind == Constraint::Kind::kPrimaryKey || (k.kind == Constraint::Kind::kUnique && !k.exclusion);
}

// The table holds a key on these columns (in any order) or, for a key whose columns the model does
// not know (an index on expressions), a unique index of this name.
bool HasKey(const schema::Model& m, const DroppedKey& key) {
  const schema::Table* t = m.FindTable(key.schema, key.table);
  if (!t) return false;
  for (const auto& k : t->constraints) {
    if (IsKey(k) && SameColumns(k.columns, key.columns, true)) return true;
  }
  const std::string table_key = m.Key(key.schema, key.table);
  for (const auto& [name, ix] : m.indexes) {
    if (!ix.unique || m.Key(ix.schema, ix.table) != table_key) continue;
    if (SameColumns(ix.columns, key.columns, true) || (key.columns.empty() && schema::SameName(ix.name, key.name))) {
      return true;
    }
  }
  return false;
}

// The table holds a key on some of these columns, and so still refuses every duplicate of them.
bool HasNarrowerKey(const schema::Model& m, const DroppedKey& key) {
  const schema::Table* t = m.FindTable(key.schema, key.table);
  if (!t || key.columns.empty()) return false;
  auto within = [&](const std::vector<std::string>& cols) {
    return !cols.empty() && std::all_of(cols.begin(), cols.end(), [&](const std::string& col) {
      return std::any_of(key.columns.begin(), key.columns.end(),
                         [&](const std::string& k) { return schema::SameName(k, col); });
    });
  };
  for (const auto& k : t->constraints) {
    if (IsKey(k) && within(k.columns)) return true;
  }
  const std::string table_key = m.Key(key.schema, key.table);
  for (const auto& [name, ix] : m.indexes) {
    if (ix.unique && m.Key(ix.schema, ix.table) == table_key && within(ix.columns)) return true;
  }
  return false;
}

// The release creates a unique index or key on the key's table.
bool NewKeyOn(const RuleContext& ctx, const DroppedKey& key) {
  const std::string table_key = ctx.after->Key(key.schema, key.table);
  for (const auto& f : *ctx.files) {
    for (const auto& s : f.statements) {
      for (const auto& o : s.changes) {
        if (o.kind == ChangeKind::kCreateIndex && o.index.unique && ctx.after->Key(o.schema, o.index.table) == table_key) {
          return true;
        }
        if (o.kind == ChangeKind::kAddConstraint && IsKey(o.constraint) && ctx.after->Key(o.schema, o.object) == table_key) {
          return true;
        }
      }
    }
  }
  return false;
}

std::optional<DroppedKey> Dropped(const RuleContext& ctx, const Change& c) {
  DroppedKey key;
  key.schema = c.schema;
  if (c.kind == ChangeKind::kDropConstraint) {
    const Constraint* k = !c.rebuilt_from.empty() ? &c.constraint
                          : c.before_table       ? c.before_table->FindConstraint(c.column)
                                                 : nullptr;
    if (!k || !IsKey(*k)) return std::nullopt;
    key.table = c.object;
    key.name = k->name.empty() ? c.column : k->name;
    key.columns = k->columns;
    key.primary = k->kind == Constraint::Kind::kPrimaryKey;
  } else if (c.kind == ChangeKind::kDropIndex) {
    key.name = c.object;
    if (c.known) {
      if (!c.index.unique) return std::nullopt;
      key.table = c.index.table;
      key.columns = c.index.columns;
      key.index = true;
    } else {
      // MySQL: a UNIQUE KEY or the PRIMARY KEY of the table, dropped by its index name.
      const schema::Table* t = c.table.empty() ? nullptr : ctx.released->FindTable(c.schema, c.table);
      const Constraint* k = t ? t->FindConstraint(c.object) : nullptr;
      if (!k || !IsKey(*k)) return std::nullopt;
      key.table = c.table;
      key.columns = k->columns;
      key.primary = k->kind == Constraint::Kind::kPrimaryKey;
    }
  } else {
    return std::nullopt;
  }
  if (key.table.empty()) return std::nullopt;
  return key;
}

class DropUniqueConstraint final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-unique-constraint", "SW124", Category::kCompatibility, Severity::kWarning, true,
                               "dropping a released unique key (constraint, unique index or primary key)"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (!ctx.released || !ctx.after) return;
    for (const auto& c : ctx.record->changes) {
      if (!c.released) continue;
      const std::optional<DroppedKey> key = Dropped(ctx, c);
      // Only a key the previous release had, on a table the release keeps with every column of
      // the key (drop-table and drop-column report the others), and that the table does not have
      // again at the end (dropped and created again, or replaced by another key on its columns).
      if (!key || !HasKey(*ctx.released, *key)) continue;
      const schema::Table* now = ctx.after->FindTable(key->schema, key->table);
      if (!now || now->columns_unknown) continue;
      const bool columns_kept = std::all_of(key->columns.begin(), key->columns.end(),
                                            [&](const std::string& col) { return now->FindColumn(col) != nullptr; });
      if (!columns_kept || HasKey(*ctx.after, *key)) continue;
      // A key on expressions (lower(name)) cannot be compared with the keys at the end: one the
      // release creates on that table is taken as its replacement.
      if (key->columns.empty() && NewKeyOn(ctx, *key)) continue;
      // A key on some of its columns still refuses every duplicate of them, and MySQL's upserts
      // find the row through it; ON CONFLICT names the key's exact columns.
      const bool narrower = HasNarrowerKey(*ctx.after, *key);
      if (narrower && ctx.dialect == sql::Dialect::kMysql) continue;
      Report(ctx, c, *key, narrower);
    }
  }

 private:
  static void Report(const StatementContext& ctx, const Change& c, const DroppedKey& key, bool narrower) {
    const std::string table = schema::Qualified(key.schema, key.table);
    const std::string cols = Join(key.columns);
    const std::string shown = key.columns.empty() ? " (on expressions)" : " (" + cols + ")";
    const std::string target = key.columns.empty() ? "on those expressions" : "(" + cols + ")";
    const std::string same = key.columns.empty() ? "the same values" : "the same " + cols;
    const std::string what = (key.primary ? "the primary key of " + table
                              : key.index ? "unique index " + key.name + " on " + table
                                          : "unique constraint " + (key.name.empty() ? "" : key.name + " ") + "on " + table) +
                             shown;
    const std::string how = !c.rebuilt_from.empty() ? "rebuilding " + table + " without " + what : "dropping " + what;
    std::string breaks;
    if (ctx.dialect == sql::Dialect::kPostgres) {
      breaks = "its INSERT ... ON CONFLICT " + target + " now fails with \"there is no unique or exclusion constraint "
               "matching the ON CONFLICT specification\"";
      if (!key.index && !key.name.empty()) breaks += ", as does ON CONFLICT ON CONSTRAINT " + key.name;
    } else if (ctx.dialect == sql::Dialect::kMysql) {
      breaks = "its INSERT ... ON DUPLICATE KEY UPDATE and REPLACE now add a second row instead of updating the one "
               "with " + same + ", and INSERT IGNORE no longer skips it";
    } else {
      breaks = "its INSERT ... ON CONFLICT " + target + " now fails with \"ON CONFLICT clause does not match any "
               "PRIMARY KEY or UNIQUE constraint\", and INSERT OR REPLACE adds a second row instead of replacing the "
               "one with " + same;
    }
    auto f = ctx.Report(how + ": the running release may rely on it, " + breaks +
                        (narrower ? " (a key on some of its columns still refuses duplicates)"
                                  : "; and " + table + " now accepts the duplicates it refused"));
    f.Help(std::string("keep the key until no running release relies on it, and drop it in a later release; to "
                       "replace it, create the new key first") +
           (ctx.dialect == sql::Dialect::kPostgres
                ? " (CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX) and drop the old one after"
                : " and drop the old one after"));
    f.Expand(AppStep("stop relying on " + table + shown + " being unique: no upsert or duplicate check on it"));
    if (c.rebuilt_from.empty()) f.Contract(ctx.Sql());
    f.About(ctx.ObjectSubject(key.index ? "index" : "constraint", key.schema, key.index ? key.name : key.table + "." + key.name));
  }
};

}  // namespace

const Rule& DropUniqueConstraintRule() {
  static const DropUniqueConstraint rule;
  return rule;
}

}  // namespace shiftway::lint::rules
