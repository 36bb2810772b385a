// drop-default: removing the default of a released NOT NULL column (MySQL MODIFY/CHANGE included).
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class DropDefault final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"drop-default", "SW108", Category::kCompatibility, Severity::kError, true,
                               "dropping the default of a released NOT NULL column"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kDropDefault || !c.released) continue;
      // Nullable columns fall back to NULL, which the old app already copes with.
      // A generated column's value or the rowid is lost even where the column may be NULL.
      const bool fills = c.detail == "rowid" || c.detail == "expression";
      if (c.before && !c.before->not_null && !fills) continue;
      // A redefinition that also makes the column nullable is not a NOT NULL column any more.
      bool made_nullable = false;
      for (const auto& o : ctx.record->changes) {
        if (o.kind == ChangeKind::kDropNotNull && schema::SameName(o.column, c.column)) made_nullable = true;
      }
      if (made_nullable) continue;
      // Net effect: a default set again later in the release (DROP DEFAULT; ALTER TYPE; SET
      // DEFAULT) keeps the running release's inserts working.
      if (ctx.after) {
        const schema::Table* t = ctx.after->FindTable(c.schema, c.object);
        const schema::Column* now = t ? t->FindColumn(c.column) : nullptr;
        if (c.detail == "rowid"        ? now && now->generated && now->default_expr == "rowid"
            : c.detail == "expression" ? now && now->generated
                                       : now && (now->has_default || !now->not_null)) {
          continue;
        }
      }
      const std::string table = ObjectName(c);
      std::string how = !c.cascade_from.empty()
                            ? "dropping " + c.cascade_from + " CASCADE also drops the default of " + table + "." +
                                  c.column + (c.before ? " (" + c.before->default_expr + ")" : "")
                        : c.detail == "rowid"
                            ? "rebuilding " + table + " makes " + c.column +
                                  " an ordinary column, no longer its INTEGER PRIMARY KEY (the rowid)"
                        : c.detail == "expression"
                            ? "dropping the generation expression of " + table + "." + c.column
                        : c.detail == "identity"
                            ? "dropping the identity of " + table + "." + c.column
                        : c.detail == "redefine"
                            ? "redefining " + table + "." + c.column + " without its DEFAULT" +
                                  (c.before ? " (" + c.before->default_expr + ")" : "") + " drops it"
                        : c.rebuilt_from.empty() ? "dropping the default of " + table + "." + c.column
                                                 : "rebuilding " + table + " without the default of " + c.column;
      auto f = ctx.Report(how + ", and the running release inserts rows without " + c.column +
                          (c.detail == "rowid" ? ", which now store NULL in it instead of a new rowid"
                           : c.detail == "expression" ? ", which now store NULL in it instead of the computed value"
                                               : ", which will now fail the NOT NULL"));
      if (!c.before) f.WithSeverity(Severity::kWarning);
      f.Help(!c.cascade_from.empty()
                 ? "give " + table + "." + c.column + " a default that does not use the " + c.cascade_from +
                       " before dropping it, or drop it a release after no running release inserts without " + c.column
             : c.detail == "redefine"
                 ? "MODIFY and CHANGE redefine the whole column: repeat its DEFAULT and NOT NULL in the new definition"
                 : "keep the default until no running release inserts without " + c.column +
                       ", then drop it in a later release");
      f.Expand(AppStep("write " + table + "." + c.column + " on every insert"));
      if (c.detail == "identity" || c.detail == "expression") {
        f.Contract("ALTER TABLE " + sql::TableIdent(ctx.dialect, table) + " ALTER COLUMN " +
                   sql::Ident(ctx.dialect, c.column) + (c.detail == "identity" ? " DROP IDENTITY" : " DROP EXPRESSION"));
      } else if (ctx.dialect == sql::Dialect::kSqlite) {
        f.Contract("-- SQLite: rebuild " + table + " with " + c.column + " declared without a DEFAULT");
      } else {
        f.Contract("ALTER TABLE " + sql::TableIdent(ctx.dialect, table) + " ALTER COLUMN " +
                   sql::Ident(ctx.dialect, c.column) + " DROP DEFAULT");
      }
      f.About(ctx.ColumnSubject(c.schema, c.object, c.column));
    }
  }
};

}  // namespace

const Rule& DropDefaultRule() {
  static const DropDefault rule;
  return rule;
}

}  // namespace shiftway::lint::rules
