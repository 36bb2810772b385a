// drop-column: dropping a released column (directly or by rebuilding the table without it).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// The column a rename in `file` gave the name `name` on `c`'s table, or "".
std::string RenamedToName(const FileRecord& file, const Change& c, const std::string& name) {
  for (const auto& st : file.statements) {
    for (const auto& o : st.changes) {
      if (o.kind == ChangeKind::kRenameColumn && schema::SameName(o.object, c.object) &&
          schema::SameName(o.new_name, name) && !schema::SameName(o.column, name)) {
        return o.column;
      }
    }
  }
  return "";
}

// A column this release renamed is dropped under its new name, while the running release still
// uses the old one: the released column renamed to `c.column`, followed back through every rename
// of the release (a to b, b to c; a cycle stops at the cap), or "" when `c.column` was released.
std::string RenamedFrom(const StatementContext& ctx, const Change& c) {
  const schema::Table* was = ctx.released ? ctx.released->FindTable(c.schema, c.object) : nullptr;
  if (!was || was->columns_unknown || was->FindColumn(c.column) || !ctx.files) return "";
  auto renamed_from = [&](const std::string& name) {
    for (const auto& file : *ctx.files) {
      if (std::string from = RenamedToName(file, c, name); !from.empty()) return from;
    }
    return std::string();
  };
  std::string name = c.column;
  for (int hops = 0; hops < 32 && !name.empty() && !was->FindColumn(name); ++hops) name = renamed_from(name);
  return name.empty() || !was->FindColumn(name) ? "" : name;
}

class DropColumn final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-column", "SW102", Category::kCompatibility, Severity::kError, true,
                               "dropping a released column breaks the running release"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropColumn || !c.released) continue;
      if (ReportNeverCreated(ctx, c, "column " + ObjectName(c) + "." + c.column)) continue;
      const std::string subject = ctx.ColumnSubject(c.schema, c.object, c.column);
      if (ctx.DeprecatedEarlier(subject) || ctx.DeprecatedNow(subject)) continue;
      const std::string table = ObjectName(c);
      const std::string how = !c.cascade_from.empty()
                                  ? "dropping " + c.cascade_from + " CASCADE also drops " + ColumnDesc(c) + ", and"
                              : c.rebuilt_from.empty()
                                  ? "dropping " + ColumnDesc(c)
                                  : "rebuilding " + table + " (via " + c.rebuilt_from + ") without " + ColumnDesc(c);
      const std::string was = RenamedFrom(ctx, c);
      // The copy of a column swapped in place (renamed away, added again, copied back, dropped).
      if (!was.empty() && SwappedInPlace(ctx, c.schema, c.object, was, c.column)) continue;
      // The other order: a copy added and filled first, the column dropped, the copy renamed to it.
      if (const std::string copy = RenamedToName(*ctx.file, c, c.column);
          !copy.empty() && SwappedInPlace(ctx, c.schema, c.object, c.column, copy)) {
        continue;
      }
      auto f = ctx.Report(how + " breaks the running release, which still reads and writes " +
                          (was.empty() ? c.column : was + " (renamed to " + c.column + " earlier in this release)"));
      f.Help("stop using " + c.column + " in the app first (mark it with `-- shiftway:deprecate column " + table + "." +
             c.column + "`), then drop it in a later release");
      f.Expand("-- shiftway:deprecate column " + table + "." + c.column);
      if (c.before && c.before->not_null && !c.before->has_default) {
        f.Expand(DropNotNullSql(ctx.dialect, table, *c.before));
      }
      f.Expand(AppStep("stop reading and writing " + table + "." + c.column));
      f.Contract("ALTER TABLE " + sql::TableIdent(ctx.dialect, table) + " DROP COLUMN " + sql::Ident(ctx.dialect, c.column));
      f.About(subject);
    }
  }
};

}  // namespace

const Rule& DropColumnRule() {
  static const DropColumn rule;
  return rule;
}

}  // namespace shiftway::lint::rules
