// change-view: a released view redefined without one of its columns, with a column renamed, or with a
// column of an incompatible type.
#include "core/lint/rules/common.h"
#include "core/schema/types.h"

namespace shiftway::lint::rules {
namespace {

// The statement is the release's last one that defines the view `key` (CREATE [OR REPLACE] VIEW, a
// view column rename): the net effect is judged there, once.
bool LastDefinition(const StatementContext& ctx, const std::string& key) {
  bool after = false;
  for (const auto& f : *ctx.files) {
    for (const auto& st : f.statements) {
      if (&st == ctx.record) {
        after = true;
        continue;
      }
      if (!after) continue;
      for (const auto& o : st.changes) {
        const bool defines = o.kind == ChangeKind::kCreateView ||
                             (o.kind == ChangeKind::kRenameView && !o.column.empty());
        if (defines && ctx.released->Key(o.schema, o.object) == key) return false;
      }
    }
  }
  return true;
}

class ChangeView final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"change-view", "SW120", Category::kCompatibility, Severity::kError, true,
                               "a released view loses, renames or changes the type of a column"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (!ctx.released || !ctx.after || !ctx.files) return;
    for (const auto& c : ctx.record->changes) {
      const bool defines = c.kind == ChangeKind::kCreateView || (c.kind == ChangeKind::kRenameView && !c.column.empty());
      if (!defines) continue;
      const std::string key = ctx.released->Key(c.schema, c.object);
      auto was_it = ctx.released->views.find(key);
      auto now_it = ctx.after->views.find(key);
      // A view the release drops for good is drop-view's; one it created is its own.
      if (was_it == ctx.released->views.end() || now_it == ctx.after->views.end()) continue;
      const schema::View& was = was_it->second;
      const schema::View& now = now_it->second;
      if (!LastDefinition(ctx, key)) continue;
      const std::string subject = ctx.ObjectSubject("view", c.schema, c.object);
      if (ctx.DeprecatedEarlier(subject)) continue;
      const std::string name = ObjectName(c);
      if (!was.outputs_known) continue;  // nothing known to compare with
      if (!now.outputs_known) {
        ctx.Report("redefining view " + name + " may drop or change columns the running release reads: its new " +
                   "columns could not be worked out")
            .WithSeverity(Severity::kWarning)
            .Help("check that every column of the released " + name + " keeps its name and type, then say so with "
                  "-- shiftway:allow change-view reason: ...")
            .About(subject);
        continue;
      }
      for (size_t i = 0; i < was.outputs.size(); ++i) {
        const schema::Column& col = was.outputs[i];
        if (col.name.empty()) continue;
        const schema::Column* kept = nullptr;
        for (const auto& o : now.outputs) {
          if (schema::SameName(o.name, col.name)) kept = &o;
        }
        const std::string desc = "column " + col.name + (col.type.empty() ? "" : " (" + col.type + ")");
        if (!kept) {
          // The same place now holds another name that the released view did not have: a rename.
          std::string renamed;
          if (i < now.outputs.size() && !now.outputs[i].name.empty()) {
            bool existed = false;
            for (const auto& o : was.outputs) existed = existed || schema::SameName(o.name, now.outputs[i].name);
            if (!existed) renamed = now.outputs[i].name;
          }
          ctx.Report((renamed.empty() ? "view " + name + " loses " + desc
                                      : "view " + name + " renames " + desc + " to " + renamed) +
                     ", which the running release may still read")
              .Help("keep the released columns of " + name + " (add new ones at the end); drop or rename a column a "
                    "release after the app stops reading it")
              .Contract(ctx.Sql())
              .About(subject);
          continue;
        }
        if (col.type.empty() || kept->type.empty()) continue;
        if (ctx.dialect == sql::Dialect::kSqlite && schema::SqliteStoresSame(col.type, kept->type)) continue;
        const schema::TypeChange change = schema::CompareTypes(col.type, kept->type);
        if (change != schema::TypeChange::kNarrowing && change != schema::TypeChange::kFamilyChange) continue;
        ctx.Report("view " + name + " changes " + desc + " to " + kept->type +
                   ", which the running release still reads as " + col.type)
            .Help("keep the released type of " + col.name + " (cast it in the view), and change it a release after "
                  "the app reads the new type")
            .About(subject);
      }
    }
  }
};

}  // namespace

const Rule& ChangeViewRule() {
  static const ChangeView rule;
  return rule;
}

}  // namespace shiftway::lint::rules
