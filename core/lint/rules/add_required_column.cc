// add-required-column: a NOT NULL column without a default on a released table rejects old inserts.
//
// Judged on the release's net effect: a column added nullable and made NOT NULL later in the same
// release (SET NOT NULL, MySQL MODIFY, a SQLite rebuild, dropping the default of a new NOT NULL
// column), in one file or several, is the same break as adding it NOT NULL at once. A column whose
// final shape has a default, or that the release drops again, is fine.
#include "core/lint/rules/common.h"
#include "core/sql/identifier.h"

namespace shiftway::lint::rules {
namespace {

// The change of `file` that last made a new column required, and the kAddColumn that added it.
struct Culprit {
  const FileRecord* file = nullptr;
  const StatementRecord* stmt = nullptr;
  const Change* change = nullptr;
  const FileRecord* added_in = nullptr;
  const Change* add = nullptr;
};

class AddRequiredColumn final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"add-required-column", "SW106", Category::kCompatibility, Severity::kError, true,
                               "a NOT NULL column without a default on a released table"};
    return info;
  }

  void CheckRelease(const RuleContext& ctx) const override {
    if (!ctx.files || !ctx.after) return;
    const schema::Model& m = *ctx.after;
    // Columns in the order the release added them, keyed like the release bookkeeping.
    std::vector<std::string> order;
    std::map<std::string, Culprit> columns;
    for (const auto& file : *ctx.files) {
      for (const auto& stmt : file.statements) {
        for (const auto& c : stmt.changes) {
          std::string column;
          if (c.kind == ChangeKind::kAddColumn && c.released) {
            column = c.def.name;
          } else if ((c.kind == ChangeKind::kSetNotNull || c.kind == ChangeKind::kDropDefault) && !c.released &&
                     c.on_released_table) {
            column = c.column;
          } else {
            continue;
          }
          const std::string key = schema::ColumnKey(m, c.schema, c.object, column);
          auto it = columns.find(key);
          if (c.kind == ChangeKind::kAddColumn) {
            // A column the previous release already had is not new (ADD COLUMN IF NOT EXISTS).
            const schema::Table* was = ctx.released->FindTable(c.schema, c.object);
            if (was && was->FindColumn(column)) continue;
            if (it == columns.end()) order.push_back(key);
            columns[key] = Culprit{&file, &stmt, &c, &file, &c};
          } else if (it != columns.end()) {
            it->second.file = &file;
            it->second.stmt = &stmt;
            it->second.change = &c;
          }
        }
      }
    }
    for (const auto& key : order) {
      const Culprit& k = columns[key];
      const Change& add = *k.add;
      const schema::Table* t = m.FindTable(add.schema, add.object);
      const schema::Column* now = t ? t->FindColumn(add.def.name) : nullptr;
      if (!now || !now->not_null || now->has_default || now->generated) continue;
      const std::string table = ObjectName(add);
      const std::string& name = now->name;
      const std::string type = TypeOrPlaceholder(now->type.empty() ? add.def.type : now->type, table, name);
      std::string message;
      if (k.change == k.add) {
        message = "adding " + table + "." + name + " (" + type +
                  ") as NOT NULL without a default breaks the running release, whose inserts into " + table +
                  " do not set " + name;
      } else {
        const std::string where = k.added_in == k.file ? "earlier in this file" : "in " + k.added_in->file->path;
        const std::string how = k.change->kind == ChangeKind::kDropDefault ? "dropping the default of "
                                : !k.change->rebuilt_from.empty()          ? "rebuilding " + table + " with "
                                                                           : "making ";
        message = how + table + "." + name + " (" + type + ")" +
                  (k.change->kind == ChangeKind::kDropDefault ? "" : " NOT NULL without a default") + ", added " +
                  where + ", makes it a required new column: the running release's inserts into " + table +
                  " do not set " + name + " and fail";
      }
      auto f = ctx.Report(k.file->file->path, k.stmt->statement.line, k.stmt->statement.column, message);
      f.Help("add " + name + " as nullable (or with a DEFAULT), have the app write it, backfill, and make it NOT "
             "NULL in a later release");
      f.Expand(AddColumnSql(ctx.dialect, table, name, type, false, ""));
      f.Expand(AppStep("write " + table + "." + name + " on every insert and update"));
      const std::string q_col = sql::Ident(ctx.dialect, name);
      f.Expand("UPDATE " + sql::TableIdent(ctx.dialect, table) + " SET " + q_col +
               " = /* value for existing rows */ NULL WHERE " + q_col + " IS NULL");
      for (auto& s : SetNotNullSql(ctx.dialect, table, name, type)) f.Contract(s);
      f.About(ctx.ColumnSubject(add.schema, add.object, name));
    }
  }
};

}  // namespace

const Rule& AddRequiredColumnRule() {
  static const AddRequiredColumn rule;
  return rule;
}

}  // namespace shiftway::lint::rules
