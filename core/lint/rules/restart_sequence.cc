// restart-sequence: ALTER SEQUENCE ... RESTART of a released sequence (or RESTART of a released
// identity column): nextval() goes back to values the running release's rows already hold.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// The table and column whose values the sequence `key` gives in model `m`: a column whose default
// reads it (serial, nextval('s')), or an identity or serial column named as PostgreSQL names its
// sequence (<table>_<column>_seq). Empty when none.
std::string UserOf(const schema::Model& m, const std::string& key) {
  for (const auto& [tk, t] : m.tables) {
    for (const auto& col : t.columns) {
      for (const auto& ref : col.default_refs) {
        if (ref.rfind("sequence:", 0) != 0) continue;
        const std::string name = ref.substr(9);
        const size_t dot = name.rfind('.');
        const std::string ref_key =
            dot == std::string::npos ? m.Key("", name) : m.Key(name.substr(0, dot), name.substr(dot + 1));
        if (ref_key == key) return schema::Qualified(t.schema, t.name) + "." + col.name;
      }
      if (col.generated && m.Key(t.schema, t.name + "_" + col.name + "_seq") == key) {
        return schema::Qualified(t.schema, t.name) + "." + col.name;
      }
    }
  }
  return "";
}

// The statement that moves the sequence past the values in use.
std::string Forward(const StatementContext& ctx, const Change& c, const std::string& user) {
  const size_t dot = user.rfind('.');
  const std::string table = dot == std::string::npos ? "" : user.substr(0, dot);
  const std::string column = dot == std::string::npos ? "" : user.substr(dot + 1);
  const sql::Dialect d = ctx.dialect;
  // pg_get_serial_sequence reads its first argument as a (quoted where needed) table name, its
  // second as a bare column name; a regclass literal is read as a quoted-where-needed name too.
  const std::string seq = !c.column.empty()
                              ? "pg_get_serial_sequence(" + sql::Literal(sql::TableIdent(d, table)) + ", " +
                                    sql::Literal(column) + ")"
                              : sql::Literal(sql::TableIdent(d, ObjectName(c)));
  const std::string select_max =
      user.empty() ? "" : "SELECT max(" + sql::Ident(d, column) + ") FROM " + sql::TableIdent(d, table);
  const std::string max = user.empty() ? "the largest id of the table that uses it" : "(" + select_max + ")";
  if (d == sql::Dialect::kMysql) {  // MariaDB: RESTART WITH takes a number
    return "ALTER SEQUENCE " + sql::TableIdent(d, ObjectName(c)) + " RESTART WITH a value above " +
           (user.empty() ? "the largest id of the table that uses it" : select_max);
  }
  return "SELECT setval(" + seq + ", " + max + ")";
}

class RestartSequence final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"restart-sequence", "SW125", Category::kCompatibility, Severity::kWarning, true,
                               "restarting a released sequence or identity: new ids collide with existing rows"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect == sql::Dialect::kSqlite || !ctx.released) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRestartSequence || !c.released) continue;
      std::string what, user;
      if (!c.column.empty()) {
        const schema::Table* t = ctx.released->FindTable(c.schema, c.object);
        if (!t || !t->FindColumn(c.column)) continue;
        what = "the identity of " + ObjectName(c) + "." + c.column;
        user = ObjectName(c) + "." + c.column;
      } else {
        // A sequence that only a table of this release uses is new with it.
        const std::string key = ctx.released->Key(c.schema, c.object);
        user = UserOf(*ctx.released, key);
        if (user.empty() && !ctx.released->sequences.count(key) && !UserOf(*ctx.after, key).empty()) continue;
        what = "sequence " + ObjectName(c);
      }
      const std::string to = c.detail.empty() ? "to its START value" : "to " + c.detail;
      ctx.Report("restarting " + what + " " + to + " takes it back to values that rows of the running release " +
                 "may already hold: its inserts then take ids" + (user.empty() ? "" : " for " + user) +
                 " that are in use, and fail on the key (or store a second row with the same id where no key refuses it)")
          .Help("only move a released sequence forward, above every value in use: " + Forward(ctx, c, user) +
                "; a restart you know to be above them needs an allow saying so")
          .About(c.column.empty() ? ctx.ObjectSubject("sequence", c.schema, c.object)
                                  : ctx.ColumnSubject(c.schema, c.object, c.column));
    }
  }
};

}  // namespace

const Rule& RestartSequenceRule() {
  static const RestartSequence rule;
  return rule;
}

}  // namespace shiftway::lint::rules
