// Expand/contract SQL for the breaking changes the compatibility rules find, per dialect.
#include "core/lint/suggest.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/sql/identifier.h"
#include "core/sql/scan.h"

namespace shiftway::lint {

std::string TypeOrPlaceholder(const std::string& type, const std::string& table, const std::string& column) {
  return type.empty() ? "/* type of " + table + "." + column + " */ text" : type;
}

namespace {

std::string Cast(sql::Dialect d, const std::string& expr, const std::string& from, const std::string& to) {
  if (from == to || to.empty()) return expr;
  if (d == sql::Dialect::kPostgres) return "CAST(" + expr + " AS " + to + ")";
  return "CAST(" + expr + " AS " + to + ")";
}

}  // namespace

std::string ShortName(sql::Dialect d, const std::string& name) {
  const size_t limit = d == sql::Dialect::kPostgres ? 63 : d == sql::Dialect::kMysql ? 64 : 0;
  if (limit == 0 || name.size() <= limit) return name;
  const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(name.data()), static_cast<uInt>(name.size()));
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc));
  return name.substr(0, limit - 9) + "_" + hex;
}

std::string DualWriteTriggerName(sql::Dialect d, const std::string& table, const std::string& col,
                                 const std::string& suffix) {
  std::string t = table;
  for (char& c : t) {
    if (c == '.') c = '_';
  }
  return ShortName(d, t + "_sync_" + col + suffix);
}

size_t MentionEnd(const std::string& text, size_t i) {
  const char q = text[i];
  if (q == '"' || q == '`') return sql::scan::SkipQuoted(text, i, q, false);
  size_t end = i;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' || text[end] == '$')) {
    ++end;
  }
  return end;
}

std::string QualifyColumn(sql::Dialect d, const std::string& expr, const std::string& column, const std::string& prefix) {
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
  // The dialect's quoted identifier; the other quotes hold strings (MySQL's "..." without ANSI_QUOTES).
  const char name_quote = d == sql::Dialect::kMysql ? '`' : '"';
  std::string out;
  for (size_t i = 0; i < expr.size();) {
    const char c = expr[i];
    if (c == '\'' || c == '"' || c == '`') {
      const size_t end = c == '\'' ? sql::scan::SkipQuoted(expr, i, c, false) : MentionEnd(expr, i);
      if (c == name_quote && (out.empty() || out.back() != '.')) {
        std::string name;
        for (size_t j = i + 1; j + 1 < end; ++j) {
          name += expr[j];
          if (expr[j] == c) ++j;  // a doubled quote stands for one
        }
        if (schema::SameName(name, column)) out += prefix;
      }
      out += expr.substr(i, end - i);
      i = end;
      continue;
    }
    if (ident(c)) {
      const size_t end = MentionEnd(expr, i);
      const std::string word = expr.substr(i, end - i);
      const bool after_dot = !out.empty() && out.back() == '.';
      if (!after_dot && schema::SameName(word, column)) out += prefix;
      out += word;
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string SqliteCreateTable(const schema::Table& t, const std::string& name) {
  constexpr auto d = sql::Dialect::kSqlite;
  std::vector<std::string> parts;
  for (const auto& c : t.columns) {
    std::string s = "  " + sql::Ident(d, c.name) + (c.type.empty() ? "" : " " + c.type);
    if (c.not_null) s += " NOT NULL";
    if (c.has_default) s += " DEFAULT " + c.default_expr;
    parts.push_back(s);
  }
  auto list = [&](const std::vector<std::string>& v) { return sql::IdentList(d, v); };
  for (const auto& k : t.constraints) {
    const std::string named = k.name.empty() ? "  " : "  CONSTRAINT " + sql::Ident(d, k.name) + " ";
    switch (k.kind) {
      case schema::Constraint::Kind::kPrimaryKey: parts.push_back(named + "PRIMARY KEY (" + list(k.columns) + ")"); break;
      case schema::Constraint::Kind::kUnique: parts.push_back(named + "UNIQUE (" + list(k.columns) + ")"); break;
      case schema::Constraint::Kind::kCheck:
        if (!k.expr.empty()) parts.push_back(named + "CHECK (" + k.expr + ")");
        break;
      case schema::Constraint::Kind::kForeignKey:
        parts.push_back(named + "FOREIGN KEY (" + list(k.columns) + ") REFERENCES " + sql::TableIdent(d, k.ref_table) +
                        (k.ref_columns.empty() ? "" : " (" + list(k.ref_columns) + ")"));
        break;
    }
  }
  std::string s = "CREATE TABLE " + sql::TableIdent(d, name) + " (\n";
  for (size_t i = 0; i < parts.size(); ++i) s += parts[i] + (i + 1 < parts.size() ? ",\n" : "\n");
  return s + ")";
}

std::vector<std::string> SqliteRebuild(const schema::Table& after, const std::vector<std::string>& select_list,
                                       const std::vector<schema::Index>& indexes) {
  constexpr auto d = sql::Dialect::kSqlite;
  const std::string tmp = "new_" + after.name;
  const std::string q_table = sql::TableIdent(d, after.name), q_tmp = sql::TableIdent(d, tmp);
  std::string cols, values;
  for (size_t i = 0; i < after.columns.size(); ++i) {
    const std::string col = sql::Ident(d, after.columns[i].name);
    cols += (i ? ", " : "") + col;
    values += (i ? ", " : "") + (i < select_list.size() ? select_list[i] : col);
  }
  std::vector<std::string> out;
  out.push_back("-- SQLite cannot change a column in place: rebuild " + after.name +
                " (https://www.sqlite.org/lang_altertable.html#otheralter, steps 4-9)");
  out.push_back(SqliteCreateTable(after, tmp));
  out.push_back("INSERT INTO " + q_tmp + " (" + cols + ") SELECT " + values + " FROM " + q_table);
  out.push_back("DROP TABLE " + q_table);
  out.push_back("ALTER TABLE " + q_tmp + " RENAME TO " + q_table);
  for (const auto& ix : indexes) {
    if (ix.name.empty() || ix.columns.empty() || ix.name.starts_with("sqlite_autoindex")) continue;
    out.push_back(std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + sql::Ident(d, ix.name) + " ON " +
                  q_table + " (" + sql::IdentList(d, ix.columns) + ")");
  }
  out.push_back("-- recreate here any trigger or view that uses " + after.name +
                " (dropping the table dropped its triggers)");
  return out;
}

std::string AddColumnSql(sql::Dialect d, const std::string& table, const std::string& column, const std::string& type,
                         bool not_null, const std::string& default_expr) {
  std::string s = "ALTER TABLE " + sql::TableIdent(d, table) + " ADD COLUMN " + sql::Ident(d, column) + " " + type;
  if (!default_expr.empty()) s += " DEFAULT " + default_expr;
  if (not_null) s += " NOT NULL";
  return s;
}

std::string DropNotNullSql(sql::Dialect d, const std::string& table, const schema::Column& column) {
  const std::string q_table = sql::TableIdent(d, table), q_col = sql::Ident(d, column.name);
  switch (d) {
    case sql::Dialect::kPostgres: return "ALTER TABLE " + q_table + " ALTER COLUMN " + q_col + " DROP NOT NULL";
    case sql::Dialect::kMysql:
      return "ALTER TABLE " + q_table + " MODIFY " + q_col + " " + TypeOrPlaceholder(column.type, table, column.name) +
             " NULL" + (column.has_default ? " DEFAULT " + column.default_expr : "");
    case sql::Dialect::kSqlite: break;
  }
  return "-- SQLite cannot drop NOT NULL in place: rebuild " + table + " with " + column.name +
         " nullable (https://www.sqlite.org/lang_altertable.html#otheralter)";
}

Suggestion DualWrite(sql::Dialect d, const std::string& table, const std::string& old_col,
                     const std::string& old_type_in, const std::string& new_col, const std::string& new_type_in,
                     const std::string& up, const std::string& down, const std::string& default_expr) {
  const std::string q_table = sql::TableIdent(d, table), q_old = sql::Ident(d, old_col), q_new = sql::Ident(d, new_col);
  const std::string old_type = TypeOrPlaceholder(old_type_in, table, old_col);
  const std::string new_type = new_type_in.empty() ? old_type : new_type_in;
  const std::string to_new =
      up.empty() ? Cast(d, "NEW." + q_old, old_type, new_type) : QualifyColumn(d, up, old_col, "NEW.");
  const std::string to_old =
      down.empty() ? Cast(d, "NEW." + q_new, new_type, old_type) : QualifyColumn(d, down, new_col, "NEW.");
  const std::string backfill = up.empty() ? Cast(d, q_old, old_type, new_type) : up;
  const std::string q_trig = sql::Ident(d, DualWriteTriggerName(d, table, new_col));
  auto named = [&](const char* suffix) { return sql::Ident(d, DualWriteTriggerName(d, table, new_col, suffix)); };
  Suggestion s;
  s.expand.push_back(AddColumnSql(d, table, new_col, new_type, false, default_expr));
  const std::string dflt = "(" + default_expr + ")";
  // With a default, the rows that exist got it in the new column, so the backfill copies every row.
  const std::string backfill_where = default_expr.empty() ? " WHERE " + q_new + " IS NULL" : "";
  switch (d) {
    case sql::Dialect::kPostgres:
      // A write of the new column that is only the old value converted (the backfill) leaves the
      // old value as it was; an update of neither column converts nothing.
      s.expand.push_back("CREATE FUNCTION " + q_trig + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n" +
                         "  IF TG_OP = 'INSERT' THEN\n" +
                         (default_expr.empty()
                              ? "    NEW." + q_new + " := COALESCE(NEW." + q_new + ", " + to_new + ");\n" +
                                    "    NEW." + q_old + " := COALESCE(NEW." + q_old + ", " + to_old + ");\n"
                              : "    IF NEW." + q_new + " IS NOT DISTINCT FROM " + dflt + " AND NEW." + q_old +
                                    " IS DISTINCT FROM " + dflt + " THEN\n      NEW." + q_new + " := " + to_new +
                                    ";\n    ELSIF NEW." + q_old + " IS NOT DISTINCT FROM " + dflt + " AND NEW." +
                                    q_new + " IS DISTINCT FROM " + dflt + " THEN\n      NEW." + q_old + " := " +
                                    to_old + ";\n    END IF;\n") +
                         "  ELSIF NEW." + q_new + " IS DISTINCT FROM OLD." + q_new + " THEN\n" +
                         "    IF NEW." + q_new + " IS DISTINCT FROM (" + to_new + ") THEN\n  " +
                         "    NEW." + q_old + " := " + to_old + ";\n" +
                         "    END IF;\n" +
                         "  ELSIF NEW." + q_old + " IS DISTINCT FROM OLD." + q_old + " THEN\n" +
                         "    NEW." + q_new + " := " + to_new + ";\n" +
                         "  END IF;\n  RETURN NEW;\nEND $$");
      s.expand.push_back("CREATE TRIGGER " + q_trig + " BEFORE INSERT OR UPDATE ON " + q_table +
                         " FOR EACH ROW EXECUTE FUNCTION " + q_trig + "()");
      s.expand.push_back("-- backfill; on large tables run it in batches");
      s.expand.push_back("UPDATE " + q_table + " SET " + q_new + " = " + backfill +
                         backfill_where);
      s.contract.push_back("DROP TRIGGER " + q_trig + " ON " + q_table);
      s.contract.push_back("DROP FUNCTION " + q_trig + "()");
      break;
    case sql::Dialect::kMysql:
      // BEFORE triggers that set NEW.* on the same row are allowed (ERROR 1442 is about other statements).
      s.expand.push_back(
          "CREATE TRIGGER " + named("_ins") + " BEFORE INSERT ON " + q_table + " FOR EACH ROW SET NEW." + q_new +
          (default_expr.empty()
               ? " = COALESCE(NEW." + q_new + ", " + to_new + "), NEW." + q_old + " = COALESCE(NEW." + q_old +
                     ", " + to_old + ")"
               : " = IF(NEW." + q_new + " <=> " + dflt + " AND NOT (NEW." + q_old + " <=> " + dflt + "), " +
                     to_new + ", NEW." + q_new + "), NEW." + q_old + " = IF(NEW." + q_old + " <=> " + dflt +
                     " AND NOT (NEW." + q_new + " <=> " + dflt + "), " + to_old + ", NEW." + q_old + ")"));
      // The assignments run in order: the second sees the first's NEW.old_col, so it decides on
      // NEW.new_col (which the first leaves alone) and converts only a write of the old column.
      // A new value that is the old one converted (the backfill) leaves the old value as it was.
      s.expand.push_back("CREATE TRIGGER " + named("_upd") + " BEFORE UPDATE ON " + q_table + " FOR EACH ROW SET NEW." +
                         q_old + " = IF(NEW." + q_new + " <=> OLD." + q_new + " OR NEW." + q_new + " <=> (" +
                         to_new + "), NEW." + q_old + ", " +
                         to_old + "), NEW." + q_new + " = IF(NEW." + q_new + " <=> OLD." + q_new +
                         " AND NOT (NEW." + q_old + " <=> OLD." + q_old + "), " + to_new + ", NEW." + q_new +
                         ")");
      s.expand.push_back("-- backfill; on large tables run it in batches");
      s.expand.push_back("UPDATE " + q_table + " SET " + q_new + " = " + backfill +
                         backfill_where);
      s.contract.push_back("DROP TRIGGER " + named("_ins"));
      s.contract.push_back("DROP TRIGGER " + named("_upd"));
      break;
    case sql::Dialect::kSqlite:
      s.expand.push_back("UPDATE " + q_table + " SET " + q_new + " = " + backfill);
      s.expand.push_back(
          "CREATE TRIGGER " + named("_ins") + " AFTER INSERT ON " + q_table + " BEGIN UPDATE " + q_table + " SET " +
          (default_expr.empty()
               ? q_new + " = COALESCE(NEW." + q_new + ", " + to_new + "), " + q_old + " = COALESCE(NEW." +
                     q_old + ", " + to_old + ")"
               : q_new + " = CASE WHEN NEW." + q_new + " IS " + dflt + " AND NEW." + q_old + " IS NOT " + dflt +
                     " THEN " + to_new + " ELSE NEW." + q_new + " END, " + q_old + " = CASE WHEN NEW." + q_old +
                     " IS " + dflt + " AND NEW." + q_new + " IS NOT " + dflt + " THEN " + to_old + " ELSE NEW." +
                     q_old + " END") +
          " WHERE rowid = NEW.rowid; END");
      // The triggers' own UPDATEs fire the other trigger: a column already equal to the conversion
      // of the other is in step, and converting back would round a wider new type's value.
      s.expand.push_back("CREATE TRIGGER " + named("_old") + " AFTER UPDATE OF " + q_old + " ON " + q_table + " WHEN NEW." +
                         q_old + " IS NOT OLD." + q_old + " AND NEW." + q_old + " IS NOT (" + to_old + ")" +
                         " BEGIN UPDATE " + q_table + " SET " + q_new + " = " + to_new +
                         " WHERE rowid = NEW.rowid; END");
      s.expand.push_back("CREATE TRIGGER " + named("_new") + " AFTER UPDATE OF " + q_new + " ON " + q_table + " WHEN NEW." +
                         q_new + " IS NOT OLD." + q_new + " AND NEW." + q_new + " IS NOT (" + to_new + ")" +
                         " BEGIN UPDATE " + q_table + " SET " + q_old + " = " + to_old +
                         " WHERE rowid = NEW.rowid; END");
      s.contract.push_back("DROP TRIGGER " + named("_ins"));
      s.contract.push_back("DROP TRIGGER " + named("_old"));
      s.contract.push_back("DROP TRIGGER " + named("_new"));
      break;
  }
  s.contract.push_back("ALTER TABLE " + q_table + " DROP COLUMN " + q_old);
  return s;
}

Suggestion RenameTableWithView(sql::Dialect d, const std::string& from, const std::string& to,
                               const schema::Table* table) {
  Suggestion s;
  const std::string q_from = sql::TableIdent(d, from), q_to = sql::TableIdent(d, to);
  if (d == sql::Dialect::kMysql) {
    s.expand.push_back("RENAME TABLE " + q_from + " TO " + q_to);
  } else {
    s.expand.push_back("ALTER TABLE " + q_from + " RENAME TO " + q_to);
  }
  // PostgreSQL and MySQL views over one table are updatable; SQLite needs INSTEAD OF triggers.
  s.expand.push_back("CREATE VIEW " + q_from + " AS SELECT * FROM " + q_to);
  if (d == sql::Dialect::kSqlite) {
    std::string cols, news, sets, where;
    if (table) {
      // Rows are found by primary key, else by every column: a view has no rowid.
      std::vector<std::string> keys;
      for (const auto& k : table->constraints) {
        if (k.kind == schema::Constraint::Kind::kPrimaryKey) keys = k.columns;
      }
      if (keys.empty()) {
        for (const auto& c : table->columns) keys.push_back(c.name);
      }
      for (const auto& k : keys) {
        const std::string q = sql::Ident(d, k);
        where += (where.empty() ? "" : " AND ") + q + " IS OLD." + q;
      }
      for (const auto& c : table->columns) {
        const std::string q = sql::Ident(d, c.name);
        cols += (cols.empty() ? "" : ", ") + q;
        // A view column has no default, so NEW.c is NULL when the insert leaves c out: the
        // table's default is applied here (an explicit NULL also gets it).
        const bool fill = c.has_default && !c.default_expr.empty();
        news += (news.empty() ? "" : ", ") + (fill ? "COALESCE(NEW." + q + ", " + c.default_expr + ")" : "NEW." + q);
        sets += (sets.empty() ? "" : ", ") + q + " = NEW." + q;
      }
    }
    if (!cols.empty()) {
      auto trigger = [&](const char* suffix) { return sql::Ident(d, from + suffix); };
      s.expand.push_back("CREATE TRIGGER " + trigger("_ins") + " INSTEAD OF INSERT ON " + q_from + " BEGIN INSERT INTO " +
                         q_to + " (" + cols + ") VALUES (" + news + "); END");
      s.expand.push_back("CREATE TRIGGER " + trigger("_upd") + " INSTEAD OF UPDATE ON " + q_from + " BEGIN UPDATE " +
                         q_to + " SET " + sets + " WHERE " + where + "; END");
      s.expand.push_back("CREATE TRIGGER " + trigger("_del") + " INSTEAD OF DELETE ON " + q_from + " BEGIN DELETE FROM " +
                         q_to + " WHERE " + where + "; END");
    }
  }
  s.contract.push_back("DROP VIEW " + q_from);
  return s;
}

}  // namespace shiftway::lint
