// change-enum: removing or renaming a released enum or one of its values.
#include "core/lint/rules/common.h"
#include "core/schema/types.h"

namespace shiftway::lint::rules {
namespace {

// The values of `before` that `after` lacks.
std::vector<std::string> Lost(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  std::vector<std::string> out;
  for (const auto& v : before) {
    if (std::find(after.begin(), after.end(), v) == after.end()) out.push_back(v);
  }
  return out;
}

// "value 'a'" or "values 'a', 'b'".
std::string Values(const std::vector<std::string>& values) {
  std::string out = values.size() == 1 ? "value " : "values ";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", '" : "'") + values[i] + "'";
  return out;
}

// After the release, an enum that was the released enum `key` under another name.
bool StillRenamed(const schema::Model* after, const std::string& key) {
  if (!after) return false;
  for (const auto& [k, e] : after->enums) {
    if (e.released_key == key) return true;
  }
  return false;
}

// The enum with this model key, or nullptr.
const schema::EnumType* FindByKey(const schema::Model* m, const std::string& key) {
  if (!m) return nullptr;
  auto it = m->enums.find(key);
  return it == m->enums.end() ? nullptr : &it->second;
}

// The release drops the enum `type` (the column's type just before the change), and the released
// enum it was (under its own name, or renamed away first) has a successor of the released name: a
// swap, judged once at the DROP TYPE.
bool SwappedInRelease(const RuleContext& ctx, const std::string& type) {
  if (!ctx.released || !ctx.after || !ctx.files) return false;
  const size_t dot = type.rfind('.');
  const std::string ts = dot == std::string::npos ? "" : type.substr(0, dot);
  const std::string tn = dot == std::string::npos ? type : type.substr(dot + 1);
  const std::string key = ctx.released->Key(ts, tn);
  for (const auto& f : *ctx.files) {
    for (const auto& st : f.statements) {
      for (const auto& o : st.changes) {
        if (o.kind != ChangeKind::kDropType || ctx.released->Key(o.schema, o.object) != key) continue;
        const std::string was = o.released_key.empty() ? key : o.released_key;
        if (FindByKey(ctx.released, was) && FindByKey(ctx.after, was)) return true;
      }
    }
  }
  return false;
}

// An enum by its released name, and the name this release renamed it to (`was`: the released enum
// this release renamed away, or nullptr): "mood (renamed mood_old by this release)", or `name`.
std::string ReleasedName(const schema::EnumType* was, const std::string& name) {
  if (!was) return name;
  return schema::Qualified(was->schema, was->name) + " (renamed " + name + " by this release)";
}

class ChangeEnum final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"change-enum", "SW114", Category::kCompatibility, Severity::kError, true,
                               "removing or renaming a released enum or one of its values"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (!c.released) continue;
      const std::string name = ObjectName(c);
      if (c.kind == ChangeKind::kRenameEnumValue) {
        const schema::EnumType* was = c.released_key.empty() ? nullptr : FindByKey(ctx.released, c.released_key);
        ctx.Report("renaming value '" + c.column + "' of enum " + ReleasedName(was, name) + " to '" + c.new_name +
                   "' breaks the running release, which still reads and writes '" + c.column + "'")
            .Help("add the new value, have the app write it and accept both, migrate the rows, and remove the old "
                  "value in a later release")
            .Expand("ALTER TYPE " + sql::TableIdent(ctx.dialect, name) + " ADD VALUE IF NOT EXISTS " +
                    sql::Literal(c.new_name))
            .Expand(AppStep("write '" + c.new_name + "' and read both '" + c.column + "' and '" + c.new_name + "'"))
            .Contract("-- after the app stops writing '" + c.column + "': UPDATE the rows that use it to '" +
                      c.new_name + "', then recreate " + name + " without '" + c.column + "'")
            .About(ctx.ObjectSubject("type", c.schema, c.object));
      } else if (c.kind == ChangeKind::kDropType && c.known) {
        // An enum swap (CREATE TYPE e_new; ALTER ... TYPE e_new USING ...; DROP TYPE e; ALTER TYPE
        // e_new RENAME TO e) leaves an enum under the released name: judged by the values it lost.
        // The type may have been renamed away first (ALTER TYPE e RENAME TO e__; CREATE TYPE e ...):
        // then it is judged under its released name.
        const std::string key = !c.released_key.empty() ? c.released_key : ctx.released->Key(c.schema, c.object);
        const schema::EnumType* was = FindByKey(ctx.released, key);
        const schema::EnumType* now = FindByKey(ctx.after, key);
        if (was && now) {
          const std::string name = schema::Qualified(was->schema, was->name);
          const std::vector<std::string> lost = Lost(was->values, now->values);
          if (lost.empty()) continue;
          ctx.Report("replacing enum " + name + " with a type of the same name drops " + Values(lost) +
                     ", which the running release still reads and writes")
              .Help("keep every value while an older release runs: create the new type with all of " + name +
                    "'s values (appending is safe), and remove values a release after the app stops writing them")
              .Expand(AppStep("stop writing " + Values(lost)))
              .Contract("-- a later release: swap " + name + " for a type without " + Values(lost))
              .About(ctx.ObjectSubject("type", c.schema, c.object));
          continue;
        }
        // Renamed away by this release and never re-created: named as the running release knows it.
        const bool renamed_away = was && !c.released_key.empty();
        const std::string released = renamed_away ? schema::Qualified(was->schema, was->name) : name;
        ctx.Report("dropping enum " + ReleasedName(renamed_away ? was : nullptr, name) +
                   " removes all of its values, which the running release still uses")
            .Help("stop using " + released + " in the app first; drop it in a later release")
            .Expand(AppStep("stop using " + released))
            .Contract("DROP TYPE " + sql::TableIdent(ctx.dialect, name))
            .About(ctx.ObjectSubject("type", c.schema, c.object));
      } else if (c.kind == ChangeKind::kRenameType && c.known && c.released_key.empty()) {
        // A released enum renamed, and no enum of its released name after the release: the running
        // release still names the type. Renamed away and dropped later in the release: reported at
        // the DROP TYPE.
        const std::string key = ctx.released->Key(c.schema, c.object);
        const schema::EnumType* was = FindByKey(ctx.released, key);
        if (!was || FindByKey(ctx.after, key) || !StillRenamed(ctx.after, key)) continue;
        const std::string to = schema::Qualified(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
        ctx.Report("renaming enum " + name + " to " + to + " breaks the running release, which still names the type " +
                   name + " (in casts, function signatures and its driver's type lookups)")
            .Help("a type has one name: keep " + name + " while an older release runs, and rename it a release after "
                  "the app stops naming it")
            .Expand(AppStep("stop naming the type " + name))
            .Contract(ctx.Sql())
            .About(ctx.ObjectSubject("type", c.schema, c.object));
      } else if (c.kind == ChangeKind::kAlterColumnType && c.enum_before && c.enum_after) {
        // A column moved from one PostgreSQL enum to another: the values the new type lacks.
        const std::vector<std::string> lost = Lost(*c.enum_before, *c.enum_after);
        if (lost.empty()) continue;
        // The old type dropped and re-created under its name: reported once, at its DROP TYPE.
        const std::string old_type = BeforeType(c);
        if (SwappedInRelease(ctx, old_type)) continue;
        const std::string table = ObjectName(c);
        ctx.Report("changing " + table + "." + c.column + " from enum " + old_type + " to " + c.def.type + " drops " +
                   Values(lost) + ", which the running release still writes")
            .Help("create the new type with every value of " + old_type + " (appending is safe); remove values a "
                  "release after the app stops writing them")
            .Expand(AppStep("stop writing " + Values(lost)))
            .Contract(ctx.Sql())
            .About(ctx.ColumnSubject(c.schema, c.object, c.column));
      } else if (c.kind == ChangeKind::kAlterColumnType) {
        const schema::TypeInfo a = schema::ClassifyType(BeforeType(c)), b = schema::ClassifyType(c.def.type);
        if ((a.family != "enum" && a.family != "set") || a.family != b.family) continue;
        if (schema::CompareTypes(BeforeType(c), c.def.type) != schema::TypeChange::kNarrowing) continue;
        const std::string table = ObjectName(c);
        ctx.Report("changing " + table + "." + c.column + " from " + BeforeType(c) + " to " + c.def.type +
                   " removes or reorders values the running release still writes")
            .Help("only append values to an enum while an older release runs; remove values a release after the app "
                  "stops writing them")
            .Expand(AppStep("stop writing the values that will be removed"))
            .Contract(ctx.Sql())
            .About(ctx.ColumnSubject(c.schema, c.object, c.column));
      }
    }
  }
};

}  // namespace

const Rule& ChangeEnumRule() {
  static const ChangeEnum rule;
  return rule;
}

}  // namespace shiftway::lint::rules
