// Expand/contract SQL for the breaking changes the compatibility rules find, per dialect.
#include "core/lint/suggest.h"

#include <zlib.h>

#include <cctype>
#include <cstdio>

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

std::string QualifyColumn(const std::string& expr, const std::string& column, const std::string& prefix) {
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
  std::string out;
  for (size_t i = 0; i < expr.size();) {
    const char c = expr[i];
    if (c == '\'' || c == '"' || c == '`') {
      size_t end = expr.find(c, i + 1);
      end = end == std::string::npos ? expr.size() : end + 1;
      out += expr.substr(i, end - i);
      i = end;
      continue;
    }
    if (ident(c)) {
      size_t end = i;
      while (end < expr.size() && ident(expr[end])) ++end;
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
  std::vector<std::string> parts;
  for (const auto& c : t.columns) {
    std::string s = "  " + c.name + (c.type.empty() ? "" : " " + c.type);
    if (c.not_null) s += " NOT NULL";
    if (c.has_default) s += " DEFAULT " + c.default_expr;
    parts.push_back(s);
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  for (const auto& k : t.constraints) {
    const std::string named = k.name.empty() ? "  " : "  CONSTRAINT " + k.name + " ";
    switch (k.kind) {
      case schema::Constraint::Kind::kPrimaryKey: parts.push_back(named + "PRIMARY KEY (" + list(k.columns) + ")"); break;
      case schema::Constraint::Kind::kUnique: parts.push_back(named + "UNIQUE (" + list(k.columns) + ")"); break;
      case schema::Constraint::Kind::kCheck:
        if (!k.expr.empty()) parts.push_back(named + "CHECK (" + k.expr + ")");
        break;
      case schema::Constraint::Kind::kForeignKey:
        parts.push_back(named + "FOREIGN KEY (" + list(k.columns) + ") REFERENCES " + k.ref_table +
                        (k.ref_columns.empty() ? "" : " (" + list(k.ref_columns) + ")"));
        break;
    }
  }
  std::string s = "CREATE TABLE " + name + " (\n";
  for (size_t i = 0; i < parts.size(); ++i) s += parts[i] + (i + 1 < parts.size() ? ",\n" : "\n");
  return s + ")";
}

std::vector<std::string> SqliteRebuild(const schema::Table& after, const std::vector<std::string>& select_list,
                                       const std::vector<schema::Index>& indexes) {
  const std::string tmp = "new_" + after.name;
  std::string cols, values;
  for (size_t i = 0; i < after.columns.size(); ++i) {
    cols += (i ? ", " : "") + after.columns[i].name;
    values += (i ? ", " : "") + (i < select_list.size() ? select_list[i] : after.columns[i].name);
  }
  std::vector<std::string> out;
  out.push_back("-- SQLite cannot change a column in place: rebuild " + after.name +
                " (https://www.sqlite.org/lang_altertable.html#otheralter, steps 4-9)");
  out.push_back(SqliteCreateTable(after, tmp));
  out.push_back("INSERT INTO " + tmp + " (" + cols + ") SELECT " + values + " FROM " + after.name);
  out.push_back("DROP TABLE " + after.name);
  out.push_back("ALTER TABLE " + tmp + " RENAME TO " + after.name);
  for (const auto& ix : indexes) {
    std::string ic;
    for (const auto& c : ix.columns) ic += (ic.empty() ? "" : ", ") + c;
    if (ix.name.empty() || ic.empty() || ix.name.starts_with("sqlite_autoindex")) continue;
    out.push_back(std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ix.name + " ON " + after.name +
                  " (" + ic + ")");
  }
  out.push_back("-- recreate here any trigger or view that uses " + after.name +
                " (dropping the table dropped its triggers)");
  return out;
}

std::string AddColumnSql(sql::Dialect d, const std::string& table, const std::string& column, const std::string& type,
                         bool not_null, const std::string& default_expr) {
  std::string s = "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
  if (!default_expr.empty()) s += " DEFAULT " + default_expr;
  if (not_null) s += " NOT NULL";
  return s;
}

std::string DropNotNullSql(sql::Dialect d, const std::string& table, const schema::Column& column) {
  switch (d) {
    case sql::Dialect::kPostgres: return "ALTER TABLE " + table + " ALTER COLUMN " + column.name + " DROP NOT NULL";
    case sql::Dialect::kMysql:
      return "ALTER TABLE " + table + " MODIFY " + column.name + " " +
             TypeOrPlaceholder(column.type, table, column.name) + " NULL" +
             (column.has_default ? " DEFAULT " + column.default_expr : "");
    case sql::Dialect::kSqlite: break;
  }
  return "-- SQLite cannot drop NOT NULL in place: rebuild " + table + " with " + column.name +
         " nullable (https://www.sqlite.org/lang_altertable.html#otheralter)";
}

Suggestion DualWrite(sql::Dialect d, const std::string& table, const std::string& old_col,
                     const std::string& old_type_in, const std::string& new_col, const std::string& new_type_in,
                     const std::string& up, const std::string& down, const std::string& default_expr) {
  const std::string old_type = TypeOrPlaceholder(old_type_in, table, old_col);
  const std::string new_type = new_type_in.empty() ? old_type : new_type_in;
  const std::string to_new =
      up.empty() ? Cast(d, "NEW." + old_col, old_type, new_type) : QualifyColumn(up, old_col, "NEW.");
  const std::string to_old =
      down.empty() ? Cast(d, "NEW." + new_col, new_type, old_type) : QualifyColumn(down, new_col, "NEW.");
  const std::string backfill = up.empty() ? Cast(d, old_col, old_type, new_type) : up;
  const std::string trig = DualWriteTriggerName(d, table, new_col);
  auto named = [&](const char* suffix) { return DualWriteTriggerName(d, table, new_col, suffix); };
  Suggestion s;
  s.expand.push_back(AddColumnSql(d, table, new_col, new_type, false, default_expr));
  const std::string dflt = "(" + default_expr + ")";
  // With a default, the rows that exist got it in the new column, so the backfill copies every row.
  const std::string backfill_where = default_expr.empty() ? " WHERE " + new_col + " IS NULL" : "";
  switch (d) {
    case sql::Dialect::kPostgres:
      // A write of the new column that is only the old value converted (the backfill) leaves the
      // old value as it was; an update of neither column converts nothing.
      s.expand.push_back("CREATE FUNCTION " + trig + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n" +
                         "  IF TG_OP = 'INSERT' THEN\n" +
                         (default_expr.empty()
                              ? "    NEW." + new_col + " := COALESCE(NEW." + new_col + ", " + to_new + ");\n" +
                                    "    NEW." + old_col + " := COALESCE(NEW." + old_col + ", " + to_old + ");\n"
                              : "    IF NEW." + new_col + " IS NOT DISTINCT FROM " + dflt + " AND NEW." + old_col +
                                    " IS DISTINCT FROM " + dflt + " THEN\n      NEW." + new_col + " := " + to_new +
                                    ";\n    ELSIF NEW." + old_col + " IS NOT DISTINCT FROM " + dflt + " AND NEW." +
                                    new_col + " IS DISTINCT FROM " + dflt + " THEN\n      NEW." + old_col + " := " +
                                    to_old + ";\n    END IF;\n") +
                         "  ELSIF NEW." + new_col + " IS DISTINCT FROM OLD." + new_col + " THEN\n" +
                         "    IF NEW." + new_col + " IS DISTINCT FROM (" + to_new + ") THEN\n  " +
                         "    NEW." + old_col + " := " + to_old + ";\n" +
                         "    END IF;\n" +
                         "  ELSIF NEW." + old_col + " IS DISTINCT FROM OLD." + old_col + " THEN\n" +
                         "    NEW." + new_col + " := " + to_new + ";\n" +
                         "  END IF;\n  RETURN NEW;\nEND $$");
      s.expand.push_back("CREATE TRIGGER " + trig + " BEFORE INSERT OR UPDATE ON " + table +
                         " FOR EACH ROW EXECUTE FUNCTION " + trig + "()");
      s.expand.push_back("-- backfill; on large tables run it in batches");
      s.expand.push_back("UPDATE " + table + " SET " + new_col + " = " + backfill +
                         backfill_where);
      s.contract.push_back("DROP TRIGGER " + trig + " ON " + table);
      s.contract.push_back("DROP FUNCTION " + trig + "()");
      break;
    case sql::Dialect::kMysql:
      // BEFORE triggers that set NEW.* on the same row are allowed (ERROR 1442 is about other statements).
      s.expand.push_back(
          "CREATE TRIGGER " + named("_ins") + " BEFORE INSERT ON " + table + " FOR EACH ROW SET NEW." + new_col +
          (default_expr.empty()
               ? " = COALESCE(NEW." + new_col + ", " + to_new + "), NEW." + old_col + " = COALESCE(NEW." + old_col +
                     ", " + to_old + ")"
               : " = IF(NEW." + new_col + " <=> " + dflt + " AND NOT (NEW." + old_col + " <=> " + dflt + "), " +
                     to_new + ", NEW." + new_col + "), NEW." + old_col + " = IF(NEW." + old_col + " <=> " + dflt +
                     " AND NOT (NEW." + new_col + " <=> " + dflt + "), " + to_old + ", NEW." + old_col + ")"));
      // The assignments run in order: the second sees the first's NEW.old_col, so it decides on
      // NEW.new_col (which the first leaves alone) and converts only a write of the old column.
      // A new value that is the old one converted (the backfill) leaves the old value as it was.
      s.expand.push_back("CREATE TRIGGER " + named("_upd") + " BEFORE UPDATE ON " + table + " FOR EACH ROW SET NEW." +
                         old_col + " = IF(NEW." + new_col + " <=> OLD." + new_col + " OR NEW." + new_col + " <=> (" +
                         to_new + "), NEW." + old_col + ", " +
                         to_old + "), NEW." + new_col + " = IF(NEW." + new_col + " <=> OLD." + new_col +
                         " AND NOT (NEW." + old_col + " <=> OLD." + old_col + "), " + to_new + ", NEW." + new_col +
                         ")");
      s.expand.push_back("-- backfill; on large tables run it in batches");
      s.expand.push_back("UPDATE " + table + " SET " + new_col + " = " + backfill +
                         backfill_where);
      s.contract.push_back("DROP TRIGGER " + named("_ins"));
      s.contract.push_back("DROP TRIGGER " + named("_upd"));
      break;
    case sql::Dialect::kSqlite:
      s.expand.push_back("UPDATE " + table + " SET " + new_col + " = " + backfill);
      s.expand.push_back(
          "CREATE TRIGGER " + named("_ins") + " AFTER INSERT ON " + table + " BEGIN UPDATE " + table + " SET " +
          (default_expr.empty()
               ? new_col + " = COALESCE(NEW." + new_col + ", " + to_new + "), " + old_col + " = COALESCE(NEW." +
                     old_col + ", " + to_old + ")"
               : new_col + " = CASE WHEN NEW." + new_col + " IS " + dflt + " AND NEW." + old_col + " IS NOT " + dflt +
                     " THEN " + to_new + " ELSE NEW." + new_col + " END, " + old_col + " = CASE WHEN NEW." + old_col +
                     " IS " + dflt + " AND NEW." + new_col + " IS NOT " + dflt + " THEN " + to_old + " ELSE NEW." +
                     old_col + " END") +
          " WHERE rowid = NEW.rowid; END");
      // The triggers' own UPDATEs fire the other trigger: a column already equal to the conversion
      // of the other is in step, and converting back would round a wider new type's value.
      s.expand.push_back("CREATE TRIGGER " + named("_old") + " AFTER UPDATE OF " + old_col + " ON " + table + " WHEN NEW." +
                         old_col + " IS NOT OLD." + old_col + " AND NEW." + old_col + " IS NOT (" + to_old + ")" +
                         " BEGIN UPDATE " + table + " SET " + new_col + " = " + to_new +
                         " WHERE rowid = NEW.rowid; END");
      s.expand.push_back("CREATE TRIGGER " + named("_new") + " AFTER UPDATE OF " + new_col + " ON " + table + " WHEN NEW." +
                         new_col + " IS NOT OLD." + new_col + " AND NEW." + new_col + " IS NOT (" + to_new + ")" +
                         " BEGIN UPDATE " + table + " SET " + old_col + " = " + to_old +
                         " WHERE rowid = NEW.rowid; END");
      s.contract.push_back("DROP TRIGGER " + named("_ins"));
      s.contract.push_back("DROP TRIGGER " + named("_old"));
      s.contract.push_back("DROP TRIGGER " + named("_new"));
      break;
  }
  s.contract.push_back("ALTER TABLE " + table + " DROP COLUMN " + old_col);
  return s;
}

Suggestion RenameTableWithView(sql::Dialect d, const std::string& from, const std::string& to,
                               const schema::Table* table) {
  Suggestion s;
  if (d == sql::Dialect::kMysql) {
    s.expand.push_back("RENAME TABLE " + from + " TO " + to);
  } else {
    s.expand.push_back("ALTER TABLE " + from + " RENAME TO " + to);
  }
  // PostgreSQL and MySQL views over one table are updatable; SQLite needs INSTEAD OF triggers.
  s.expand.push_back("CREATE VIEW " + from + " AS SELECT * FROM " + to);
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
      for (const auto& k : keys) where += (where.empty() ? "" : " AND ") + k + " IS OLD." + k;
      for (const auto& c : table->columns) {
        cols += (cols.empty() ? "" : ", ") + c.name;
        // A view column has no default, so NEW.c is NULL when the insert leaves c out: the
        // table's default is applied here (an explicit NULL also gets it).
        const bool fill = c.has_default && !c.default_expr.empty();
        news += (news.empty() ? "" : ", ") +
                (fill ? "COALESCE(NEW." + c.name + ", " + c.default_expr + ")" : "NEW." + c.name);
        sets += (sets.empty() ? "" : ", ") + c.name + " = NEW." + c.name;
      }
    }
    if (!cols.empty()) {
      s.expand.push_back("CREATE TRIGGER " + from + "_ins INSTEAD OF INSERT ON " + from + " BEGIN INSERT INTO " + to +
                         " (" + cols + ") VALUES (" + news + "); END");
      s.expand.push_back("CREATE TRIGGER " + from + "_upd INSTEAD OF UPDATE ON " + from + " BEGIN UPDATE " + to +
                         " SET " + sets + " WHERE " + where + "; END");
      s.expand.push_back("CREATE TRIGGER " + from + "_del INSTEAD OF DELETE ON " + from + " BEGIN DELETE FROM " + to +
                         " WHERE " + where + "; END");
    }
  }
  s.contract.push_back("DROP VIEW " + from);
  return s;
}

}  // namespace shiftway::lint
