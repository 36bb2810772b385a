// table-rewrite: changes that rewrite or copy a released table while the old app serves traffic.
#include <cstdlib>

#include "core/lint/rules/common.h"
#include "core/schema/types.h"

namespace shiftway::lint::rules {
namespace {

// What a PostgreSQL table-rewrite change (its detail: the statement or ALTER TABLE action) does to
// `table`; MySQL/MariaDB details are a sentence of their own.
std::string PostgresRewrite(const Change& c, const std::string& table) {
  const std::string blocks = " under an ACCESS EXCLUSIVE lock, blocking every query on it until it is done";
  if (c.detail == "VACUUM FULL") return "VACUUM FULL rewrites " + table + blocks;
  if (c.detail == "CLUSTER") return "CLUSTER rewrites " + table + " in index order" + blocks;
  if (c.detail == "REINDEX") {
    return "REINDEX without CONCURRENTLY rebuilds " + (c.column.empty() ? "the indexes of " + table : "index " + c.column) +
           " blocking writes to " + table + ", and reads that use " + (c.column.empty() ? "them" : "it") +
           ", until it is done";
  }
  if (c.detail == "SET TABLESPACE") return "SET TABLESPACE copies " + table + " to the new tablespace" + blocks;
  return "ALTER TABLE " + table + " " + c.detail + " rewrites it" + blocks;
}

// The major version in "11", "11.4", "8.0.30"; 0 when unset (a current server).
int Major(const std::string& version) { return version.empty() ? 0 : std::atoi(version.c_str()); }

class TableRewrite final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"table-rewrite", "SW206", Category::kLocking, Severity::kWarning, true,
                               "the change rewrites or copies the whole table under a blocking lock"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect == sql::Dialect::kSqlite) return;
    const bool pg = ctx.dialect == sql::Dialect::kPostgres;
    const int major = Major(ctx.config->server_version);
    for (const auto& c : ctx.record->changes) {
      // A table rebuilt or replaced by a new one: the new table is written, the old one not locked.
      if (!c.released || !c.rebuilt_from.empty()) continue;
      const std::string table = ObjectName(c);
      std::string why;
      if (c.kind == ChangeKind::kTableRewrite) {
        why = pg ? PostgresRewrite(c, table) : c.detail;
      } else if (c.kind == ChangeKind::kAlterColumnType) {
        const std::string old_type = BeforeType(c);
        if (pg) {
          if (old_type.empty() || schema::PostgresTypeChangeRewrites(old_type, c.def.type, !c.using_expr.empty())) {
            why = "changing " + table + "." + c.column + (old_type.empty() ? "" : " from " + old_type) + " to " +
                  c.def.type + " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock";
          }
        } else if (c.algorithm != "INPLACE" && c.algorithm != "INSTANT") {
          std::string reason = old_type.empty() ? "changing a column's type needs ALGORITHM=COPY"
                                                : schema::MysqlTypeChangeCopyReason(old_type, c.def.type);
          if (!reason.empty()) why = reason + ", which copies " + table + " and blocks writes to it";
        }
      } else if (c.kind == ChangeKind::kAddColumn && pg) {
        if (c.def.default_volatile || c.def.generated) {
          why = "adding " + table + "." + c.def.name + " with a volatile default or generated value (" +
                (c.def.default_expr.empty() ? "generated" : c.def.default_expr) +
                ") rewrites every row under an ACCESS EXCLUSIVE lock";
        } else if (c.def.has_default && major > 0 && major < 11) {
          why = "adding " + table + "." + c.def.name + " with a DEFAULT rewrites the table before PostgreSQL 11";
        }
      } else if (c.kind == ChangeKind::kSetDefault && pg && c.def.default_volatile) {
        continue;  // a new default applies to new rows only
      }
      if (!pg && c.algorithm == "COPY" && why.empty() && c.kind != ChangeKind::kOther) {
        why = "ALGORITHM=COPY copies " + table + " and blocks writes to it";
      }
      if (why.empty()) continue;
      const bool maintenance = c.detail == "VACUUM FULL" || c.detail == "CLUSTER" || c.detail == "REINDEX";
      ctx.Report(why)
          .Help(pg && c.detail == "REINDEX"
                    ? "use REINDEX ... CONCURRENTLY (PostgreSQL 12+), in a migration of its own that does not run in a "
                      "transaction; or run it in a maintenance window"
                : pg && maintenance
                    ? "rebuild it online with pg_repack (or pg_squeeze), outside the migrations; or run it in a "
                      "maintenance window"
                : pg ? "add a new column, backfill it in batches and switch over (expand/contract) instead of rewriting "
                       "in place; or run it in a maintenance window"
                   : "use an online schema change tool (gh-ost, pt-online-schema-change) or an expand/contract "
                     "column swap; ALGORITHM=INPLACE makes MySQL refuse instead of copying");
      break;  // one finding per statement is enough
    }
  }
};

}  // namespace

const Rule& TableRewriteRule() {
  static const TableRewrite rule;
  return rule;
}

}  // namespace shiftway::lint::rules
