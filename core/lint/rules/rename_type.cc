// rename-type: renaming a released domain or composite type, or moving it to another schema.
// Enums are change-enum's: their renames come with swaps that are judged by the values they keep.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class RenameType final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"rename-type", "SW121", Category::kCompatibility, Severity::kError, true,
                               "renaming a released domain or composite type"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      // Only the first rename of a released type: a type this release already renamed is judged there.
      if (!c.released || c.kind != ChangeKind::kRenameType || c.type_kind.empty() || !c.released_key.empty()) continue;
      if (!ctx.released) continue;
      const std::string key = ctx.released->Key(c.schema, c.object);
      if (!ctx.released->types.count(key)) continue;
      // A type of the released name after the release (renamed back, or re-created) is not a rename.
      // Renamed and then dropped, the released name is gone all the same: reported here (and the
      // columns the drop takes, as drop-column).
      if (ctx.after && (ctx.after->types.count(key) || ctx.after->enums.count(key))) continue;
      const std::string name = ObjectName(c);
      const std::string to = schema::Qualified(c.new_schema.empty() ? c.schema : c.new_schema, c.new_name);
      ctx.Report((c.new_name == c.object && !c.new_schema.empty() ? "moving " + c.type_kind + " " + name +
                                                                        " to schema " + c.new_schema + " as " + to
                                                                  : "renaming " + c.type_kind + " " + name + " to " + to) +
                 " breaks the running release, which still names the type " + name +
                 " (in casts, function signatures and its driver's type lookups)")
          .Help("a type has one name: keep " + name + " while an older release runs, and rename it a release after "
                "the app stops naming it")
          .Expand(AppStep("stop naming the type " + name))
          .Contract(ctx.Sql())
          .About(ctx.ObjectSubject("type", c.schema, c.object));
    }
  }
};

}  // namespace

const Rule& RenameTypeRule() {
  static const RenameType rule;
  return rule;
}

}  // namespace shiftway::lint::rules
