// The split matrix: for each kind split handles, each column shape and each database, the
// released migration plus the expand plus the promoted contract must leave the same schema as the
// released migration plus the original change (DumpCatalog is the oracle). In between, the two app
// versions of a rolling deploy each write the shape they know and read the other's writes, and
// lint is quiet on the expand and on the promoted contract. A cell split cannot keep whole is
// refused, and the test checks the exact refusal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "tests/e2e/catalog.h"
#include "tests/e2e/split_harness.h"

namespace {
using namespace shiftway_test;

/// One statement an app version runs during the expand, or one value it must read.
struct AppStep {
  bool old_app = true;  ///< app N-1 (old shape) or app N (new shape)
  std::string sql;      ///< a write, or with `expect` a read
  std::string expect;   ///< "" for a write
  bool read = false;
  bool fails = false;   ///< a write that must be rejected
};

AppStep OldWrites(std::string sql) { return {true, std::move(sql), "", false}; }
AppStep NewWrites(std::string sql) { return {false, std::move(sql), "", false}; }
AppStep OldReads(std::string sql, std::string v) { return {true, std::move(sql), std::move(v), true}; }
AppStep NewReads(std::string sql, std::string v) { return {false, std::move(sql), std::move(v), true}; }
/// A write the app's database must reject (a NULL into a NOT NULL column, say).
AppStep OldFails(std::string sql) { return {true, std::move(sql), "", false, true}; }
AppStep NewFails(std::string sql) { return {false, std::move(sql), "", false, true}; }

struct Cell {
  std::string name;  ///< kind__shape
  /// The released migration, the change to split, the split flags, per database.
  std::function<std::string(Db)> v1, v2;
  std::string flags;
  /// The released migration on the original change's side when it differs: a change that cannot
  /// apply to a table with rows (ADD COLUMN ... NOT NULL on PostgreSQL) is compared on an empty one.
  std::function<std::string(Db)> v1_original;
  /// What split must refuse with on a database, or "" where it must split.
  std::function<std::string(Db)> refusal = [](Db) { return std::string(); };
  std::vector<AppStep> apps;
  /// The original change's side when it is not v2: a split that ends with the column under
  /// another name (--as-new-column) is compared with the original change plus that rename.
  std::function<std::string(Db)> v2_original;
  /// The split flags per database, when they differ (the conversions' casts).
  std::function<std::string(Db)> flags_for;
};

// `sql` written with MySQL's backtick quotes, as `d` quotes names (PostgreSQL: double quotes;
// SQLite reads both).
std::string Quoted(Db d, std::string sql) {
  if (d != Db::kMysql) std::replace(sql.begin(), sql.end(), '`', '"');
  return sql;
}

// Every V1 has a lookup table, so FK shapes have rows to point at.
std::string Family(Db) {
  return "CREATE TABLE family (name varchar(100) PRIMARY KEY);\n"
         "INSERT INTO family (name) VALUES ('Lovelace'), ('Hopper'), ('Turing'), ('Dijkstra'), ('King');\n";
}

// person with last_name declared as `coldef`, two rows, and `extra` statements after it.
std::function<std::string(Db)> Person(std::function<std::string(Db)> coldef, std::function<std::string(Db)> extra = {}) {
  return [coldef, extra](Db d) {
    return Family(d) + "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  last_name " + coldef(d) + "\n);\n" +
           "INSERT INTO person (id, last_name) VALUES (1, 'Lovelace');\n"
           "INSERT INTO person (id, last_name) VALUES (2, 'Hopper');\n" +
           (extra ? extra(d) : "");
  };
}

std::function<std::string(Db)> Same(std::string s) {
  return [s](Db) { return s; };
}

const char* kRename = "ALTER TABLE person RENAME COLUMN last_name TO surname;\n";

// App N-1 writes last_name, app N writes surname; each reads the other's rows.
std::vector<AppStep> RenameApps() {
  return {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewReads("SELECT surname FROM person WHERE id = 3", "Turing"),
          NewWrites("INSERT INTO person (id, surname) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra"),
          OldWrites("UPDATE person SET last_name = 'King' WHERE id = 1"),
          NewReads("SELECT surname FROM person WHERE id = 1", "King"),
          NewWrites("UPDATE person SET surname = 'Lovelace' WHERE id = 2"),
          OldReads("SELECT last_name FROM person WHERE id = 2", "Lovelace")};
}

// The exact refusal of a rename of person.last_name that would lose `losses`.
std::string RenameRefusal(const std::vector<std::string>& losses) {
  std::string out = "error: sql/V2__change.sql:1: rename-column: split cannot move person.last_name to surname without "
                    "losing what the column has besides its data:\n";
  for (const auto& l : losses) out += "    - " + l + "\n";
  return out + "  note: nothing was written\n"
               "  help: write the expand and contract by hand, re-creating each of these on surname (see docs/split.md, "
               "\"What split keeps\"), or remove them in a migration before this one\n";
}

std::function<std::string(Db)> Refuses(std::vector<std::string> losses) {
  return [losses](Db) { return RenameRefusal(losses); };
}


// The exact refusal of a SQLite rebuild of person, for `rule`, that would lose `losses`.
std::string RebuildRefusal(const std::string& rule, const std::vector<std::string>& losses) {
  std::string out = "error: sql/V2__change.sql:1: " + rule + ": split cannot rebuild person on SQLite without losing what "
                    "its definition has that split cannot write again:\n";
  for (const auto& l : losses) out += "    - " + l + "\n";
  return out + "  note: nothing was written\n"
               "  help: write the rebuild by hand from the table's CREATE TABLE (see `shiftway explain set-not-null`), "
               "keeping each of these\n";
}

// A rename's rebuild refusal on SQLite only.
std::function<std::string(Db)> SqliteRebuildRefuses(std::vector<std::string> losses) {
  return [losses](Db d) { return d == Db::kSqlite ? RebuildRefusal("rename-column", losses) : std::string(); };
}

const char* kUnnamedFk = "FOREIGN KEY (last_name) REFERENCES family (name) (MySQL/MariaDB named it: split needs its name to "
                        "drop it; declare it with CONSTRAINT name in the migration that creates it)";

std::function<std::string(Db)> OnMysql(std::vector<std::string> losses) {
  return [losses](Db d) { return d == Db::kMysql ? RenameRefusal(losses) : std::string(); };
}

std::vector<Cell> Cells() {
  std::vector<Cell> cells;
  auto rename = [&](std::string shape, std::function<std::string(Db)> coldef, std::function<std::string(Db)> extra = {},
                    std::function<std::string(Db)> refusal = {}) {
    Cell c{"rename_column__" + shape, Person(coldef, extra), Same(kRename), "", {}, nullptr, RenameApps()};
    c.refusal = refusal ? refusal : [](Db) { return std::string(); };
    cells.push_back(std::move(c));
  };
  rename("bare", Same("varchar(100)"));
  // NOT NULL is carried on PostgreSQL (NOT VALID check, validated by the contract), MariaDB (the
  // contract's MODIFY) and SQLite (the old column nullable for the release, guarded by triggers;
  // the contract's rebuild). Both apps' writes that leave the column NULL still fail.
  rename("not_null", Same("varchar(100) NOT NULL"));
  cells.back().apps.insert(cells.back().apps.end(),
                           {OldFails("INSERT INTO person (id, last_name) VALUES (7, NULL)"),
                            NewFails("INSERT INTO person (id, surname) VALUES (8, NULL)"),
                            OldFails("UPDATE person SET last_name = NULL WHERE id = 1"),
                            NewFails("UPDATE person SET surname = NULL WHERE id = 2"),
                            NewReads("SELECT count(*) FROM person WHERE surname IS NULL OR last_name IS NULL", "0")});
  // A constant default is given to the new column too; the triggers treat a column that holds the
  // default while the other does not as the one the app left out.
  // Each app leaves its column out: both get the default.
  const std::vector<AppStep> defaults = {OldWrites("INSERT INTO person (id) VALUES (5)"),
                                         NewReads("SELECT surname FROM person WHERE id = 5", "none"),
                                         NewWrites("INSERT INTO person (id) VALUES (6)"),
                                         OldReads("SELECT last_name FROM person WHERE id = 6", "none")};
  rename("default", Same("varchar(100) DEFAULT 'none'"));
  cells.back().apps.insert(cells.back().apps.end(), defaults.begin(), defaults.end());
  rename("not_null_default", Same("varchar(100) NOT NULL DEFAULT 'none'"));
  cells.back().apps.insert(cells.back().apps.end(), defaults.begin(), defaults.end());
  // SQLite's rebuild writes the table again from the schema model, with each foreign key's
  // CASCADE, SET NULL or SET DEFAULT; RESTRICT, which the model keeps as NO ACTION, is refused
  // there, naming it (carried elsewhere: no rebuild).
  rename("not_null_table_with_on_delete_cascade",
         Same("varchar(100) NOT NULL,\n  family_name varchar(100) REFERENCES family (name) ON DELETE CASCADE"));
  rename("not_null_table_with_on_delete_restrict",
         Same("varchar(100) NOT NULL,\n  family_name varchar(100) REFERENCES family (name) ON DELETE RESTRICT"), {},
         SqliteRebuildRefuses({"ON DELETE RESTRICT"}));
  // PostgreSQL carries constraints and indexes (NOT VALID in the expand, CONCURRENTLY before the
  // contract); the other databases refuse for now.
  // SQLite: a unique index on the copy for the release, and the contract rebuilds the table
  // without the old column, declaring UNIQUE, CHECK and the foreign key on the new one.
  rename("unique", Same("varchar(100) UNIQUE"), {}, {});
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (9, 'King')"));
  cells.back().apps.push_back(OldFails("INSERT INTO person (id, last_name) VALUES (9, 'Dijkstra')"));
  // A two-column UNIQUE: SQLite's expand index covers id too (the expand's allow-file says why);
  // MariaDB refuses it for now.
  rename("unique_two_columns", Same("varchar(100),\n  UNIQUE (last_name, id)"), {}, OnMysql({"UNIQUE (last_name, id)"}));
  rename("check", Same("varchar(100) CHECK (last_name <> '')"));
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (9, '')"));
  cells.back().apps.push_back(OldFails("INSERT INTO person (id, last_name) VALUES (9, '')"));
  rename("index", Same("varchar(100)"), Same("CREATE INDEX person_last_name_idx ON person (last_name);\n"));
  // MariaDB: the copy on (id, surname) in the expand; the contract drops the old index before the
  // old column, which would otherwise shrink it to (id).
  rename("multi_column_index", Same("varchar(100)"), Same("CREATE INDEX person_id_last_name ON person (id, last_name);\n"));
  rename("multi_column_unique_index_last", Same("varchar(100)"),
         Same("CREATE UNIQUE INDEX person_last_name_id ON person (last_name, id);\n"));
  // SQLite and PostgreSQL carry expression indexes (MariaDB has none).
  rename("expression_index", Same("varchar(100)"),
         [](Db d) {
           return d == Db::kMysql ? std::string() : std::string("CREATE INDEX person_lower ON person (lower(last_name));\n");
         });
  rename("unique_index_not_null", Same("varchar(100) NOT NULL"),
         Same("CREATE UNIQUE INDEX person_last_name_key ON person (last_name);\n"));
  rename("partial_index", Same("varchar(100)"),
         [](Db d) {
           return d == Db::kMysql ? std::string()
                                  : std::string("CREATE INDEX person_named ON person (id) WHERE last_name IS NOT NULL;\n");
         },
         {});
  // MariaDB names an unnamed key itself (person_ibfk_1), and split needs the name to drop it.
  rename("foreign_key", Same("varchar(100) REFERENCES family (name)"), {}, OnMysql({kUnnamedFk}));
  // The key's referential actions come with it.
  rename("named_foreign_key_on_delete_cascade",
         Same("varchar(100),\n  CONSTRAINT person_family_fk FOREIGN KEY (last_name) REFERENCES family (name) ON DELETE CASCADE "
              "ON UPDATE SET NULL"));
  rename("named_foreign_key", Same("varchar(100),\n  CONSTRAINT person_family_fk FOREIGN KEY (last_name) REFERENCES family (name)"));
  cells.back().apps.push_back(NewWrites("INSERT INTO person (id, surname) VALUES (9, 'Turing')"));
  cells.back().apps.push_back(OldReads("SELECT last_name FROM person WHERE id = 9", "Turing"));
  // The model keeps a foreign key's target as written, so after that table's rename split cannot
  // tell what to reference: refused everywhere.
  rename("foreign_key_to_renamed_table", Same("varchar(100) REFERENCES family (name)"),
         Same("ALTER TABLE family RENAME TO families;\n"),
         Refuses({"FOREIGN KEY (last_name) REFERENCES family (name) (no table is called family now: split cannot tell "
                  "what the key references)"}));
  rename("referenced_by_foreign_key", Same("varchar(100) UNIQUE"),
         Same("CREATE TABLE badge (id integer PRIMARY KEY, holder varchar(100) REFERENCES person (last_name));\n"),
         Refuses({"the foreign key badge (holder) that references it"}));
  rename("collation", [](Db d) {
    return std::string("varchar(100) ") + (d == Db::kPostgres ? "COLLATE \"C\"" : d == Db::kMysql ? "COLLATE utf8mb4_bin" : "COLLATE NOCASE");
  });  // the copy is declared with the old column's COLLATE (MariaDB: and CHARACTER SET, BINARY, COMMENT)
  rename("comment", [](Db d) { return std::string(d == Db::kMysql ? "varchar(100) COMMENT 'family name'" : "varchar(100)"); },
         [](Db d) {
           return d == Db::kPostgres ? std::string("COMMENT ON COLUMN person.last_name IS 'family name';\n") : std::string();
         },
         {});  // PostgreSQL: COMMENT ON COLUMN for the copy in the expand; MariaDB: COMMENT on its
               // declaration; SQLite has no comments
  // The comment the column has is its last COMMENT ON COLUMN; one set to NULL is none.
  rename("comment_changed_then_removed", Same("varchar(100)"), [](Db d) {
    return d == Db::kPostgres ? std::string("COMMENT ON COLUMN person.last_name IS 'family name';\n"
                                            "COMMENT ON COLUMN person.last_name IS 'surname';\n"
                                            "COMMENT ON COLUMN person.last_name IS NULL;\n")
                              : std::string();
  });
  rename("comment_and_collation", [](Db d) {
    return std::string(d == Db::kPostgres ? "varchar(100) COLLATE \"C\" NOT NULL" : "varchar(100) NOT NULL");
  }, [](Db d) {
    return d == Db::kPostgres ? std::string("COMMENT ON COLUMN person.last_name IS 'it''s the family name';\n") : std::string();
  });
  // SQLite: every shape at once, the NOT NULL one included (the expand's rebuild leaves the old
  // column nullable; the contract's rebuild leaves it out and declares the new one with all of them).
  rename("unique_check_foreign_key_collation_not_null", [](Db d) {
    return std::string("varchar(100) NOT NULL UNIQUE CHECK (last_name <> '') REFERENCES family (name)") +
           (d == Db::kSqlite ? " COLLATE NOCASE" : "");
  }, {}, OnMysql({kUnnamedFk}));
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (9, 'King')"));
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (9, NULL)"));
  // A CHECK of the table that names the column with another one: SQLite's DROP COLUMN refuses such
  // a column, so the contract rebuilds the table.
  rename("table_check_with_other_column", Same("varchar(100),\n  CHECK (last_name <> '' OR id < 0)"), {},
         OnMysql({"CHECK (last_name <> '' OR id < 0) (MySQL/MariaDB named it: split needs its name to drop it; declare it "
                  "with CONSTRAINT name in the migration that creates it)"}));
  // Another column's own CHECK that reads the renamed one: MariaDB named it, so it is refused there.
  rename("other_columns_check_reads_it", Same("varchar(100),\n  nick varchar(100) CHECK (nick <> last_name)"), {},
         OnMysql({"CHECK (nick <> last_name) (MySQL/MariaDB named it: split needs its name to drop it; declare it with "
                  "CONSTRAINT name in the migration that creates it)"}));
  rename("named_table_check_with_other_column", Same("varchar(100),\n  CONSTRAINT person_named CHECK (last_name <> '' OR id < 0)"));
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (9, '')"));
  // Other tables' foreign keys to the table keep working through the contract's rebuild.
  rename("unique_on_table_others_reference", Same("varchar(100) UNIQUE"),
         Same("CREATE TABLE badge (id integer PRIMARY KEY, person_id integer REFERENCES person (id));\n"
              "INSERT INTO badge (id, person_id) VALUES (1, 1);\n"));
  cells.back().apps.push_back(NewWrites("INSERT INTO badge (id, person_id) VALUES (2, 4)"));
  cells.back().apps.push_back(NewReads("SELECT count(*) FROM badge JOIN person ON person.id = badge.person_id", "2"));
  // A view over the table that does not read the column: PostgreSQL and MariaDB keep it as it is;
  // SQLite's rebuild would fail at its RENAME (SQLite checks the views), so it is refused, named.
  rename("unique_on_table_with_view", Same("varchar(100) UNIQUE"),
         Same("CREATE VIEW person_ids AS SELECT id FROM person;\n"),
         SqliteRebuildRefuses({"the view person_ids (SQLite refuses the rebuild's RENAME while a view names the dropped "
                               "table: drop it before this change and create it again after)"}));
  rename("binary", [](Db d) { return std::string(d == Db::kMysql ? "varchar(100) BINARY" : "varchar(100)"); });
  rename("charset", [](Db d) {
    return std::string(d == Db::kMysql ? "varchar(100) CHARACTER SET latin1 COLLATE latin1_general_cs" : "varchar(100)");
  });
  // MariaDB's contract MODIFY ... NOT NULL redefines the column: it repeats the attributes.
  rename("not_null_default_comment_collation", [](Db d) {
    return std::string(d == Db::kMysql ? "varchar(100) COLLATE utf8mb4_bin NOT NULL DEFAULT 'none' COMMENT 'family name'"
                                       : "varchar(100) NOT NULL DEFAULT 'none'");
  });
  cells.back().apps.insert(cells.back().apps.end(), defaults.begin(), defaults.end());
  cells.back().apps.push_back(NewFails("INSERT INTO person (id, surname) VALUES (8, NULL)"));

  // The person: NOT NULL DEFAULT '' UNIQUE and an expression index (a prefix index on MariaDB,
  // which has no expression indexes).
  rename("not_null_default_unique_expression_index", Same("varchar(100) NOT NULL DEFAULT '' UNIQUE"),
         [](Db d) {
           return std::string("CREATE INDEX person_last_name_lower ON person ") +
                  (d == Db::kMysql ? "(last_name(10))" : "(lower(last_name))") + ";\n";
         },
         {});

  auto simple = [&](std::string name, std::function<std::string(Db)> v1, std::function<std::string(Db)> v2,
                    std::string flags, std::vector<AppStep> apps) {
    cells.push_back({std::move(name), std::move(v1), std::move(v2), std::move(flags), {},
                     [](Db) { return std::string(); }, std::move(apps)});
  };
  simple("drop_column__not_null", Person(Same("varchar(100)"), Same("ALTER TABLE person ADD COLUMN fax varchar(30);\n")),
         Same("ALTER TABLE person DROP COLUMN fax;\n"), "",
         {OldWrites("INSERT INTO person (id, last_name, fax) VALUES (3, 'Turing', '+44')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT fax FROM person WHERE id = 3", "+44"),
          NewReads("SELECT last_name FROM person WHERE id = 3", "Turing")});
  // Dropping a NOT NULL column makes it nullable in the expand: on SQLite by a rebuild, which
  // writes the table's ON DELETE CASCADE again.
  simple("drop_column__not_null_table_with_on_delete_cascade",
         Same(Family(Db::kSqlite) +
              "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  last_name varchar(100) REFERENCES family (name) "
              "ON DELETE CASCADE,\n  fax varchar(30) NOT NULL\n);\n"
              "INSERT INTO person (id, last_name, fax) VALUES (1, 'Lovelace', '+44');\n"),
         Same("ALTER TABLE person DROP COLUMN fax;\n"), "",
         {OldWrites("INSERT INTO person (id, last_name, fax) VALUES (3, 'Turing', '+45')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT fax FROM person WHERE id = 3", "+45"),
          NewReads("SELECT last_name FROM person WHERE id = 3", "Turing")});
  // A SQLite rebuild drops the table's triggers with it, and the model keeps no trigger: refused,
  // naming the trigger.
  simple("drop_column__not_null_table_with_trigger",
         [](Db d) {
           return std::string("CREATE TABLE person (\n  id integer PRIMARY KEY,\n  last_name varchar(100),\n  fax "
                              "varchar(30) NOT NULL\n);\n"
                              "INSERT INTO person (id, last_name, fax) VALUES (1, 'Lovelace', '+44');\n") +
                  (d == Db::kSqlite ? "CREATE TABLE audit (person_id integer);\n"
                                      "CREATE TRIGGER person_audit AFTER INSERT ON person BEGIN INSERT INTO audit "
                                      "(person_id) VALUES (NEW.id); END;\n"
                                    : "");
         },
         Same("ALTER TABLE person DROP COLUMN fax;\n"), "",
         {OldWrites("INSERT INTO person (id, last_name, fax) VALUES (3, 'Turing', '+45')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT fax FROM person WHERE id = 3", "+45"),
          NewReads("SELECT last_name FROM person WHERE id = 3", "Turing")});
  cells.back().refusal = [](Db d) {
    return d == Db::kSqlite ? RebuildRefusal("drop-column", {"the trigger person_audit (dropped with the table by the rebuild)"})
                            : std::string();
  };
  simple("add_required_column__default", Person(Same("varchar(100)")),
         [](Db d) {
           return d == Db::kSqlite ? "CREATE TABLE new_person (id integer PRIMARY KEY, last_name varchar(100), "
                                     "qty integer NOT NULL);\n"
                                     "INSERT INTO new_person (id, last_name, qty) SELECT id, last_name, 1 FROM person;\n"
                                     "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n"
                                   : "ALTER TABLE person ADD COLUMN qty integer NOT NULL;\n";
         },
         "--default 1",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewWrites("INSERT INTO person (id, last_name, qty) VALUES (4, 'Dijkstra', 5)"),
          NewReads("SELECT qty FROM person WHERE id = 3", "1"), OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra")});
  cells.back().v1_original = [](Db d) {
    return Family(d) + "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  last_name varchar(100)\n);\n";
  };
  simple("set_not_null__plain", Person(Same("varchar(100)")),
         [](Db d) {
           switch (d) {
             case Db::kSqlite:
               return std::string("CREATE TABLE new_person (id integer PRIMARY KEY, last_name varchar(100) NOT NULL);\n"
                                  "INSERT INTO new_person (id, last_name) SELECT id, COALESCE(last_name, '?') FROM person;\n"
                                  "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n");
             case Db::kPostgres: return std::string("ALTER TABLE person ALTER COLUMN last_name SET NOT NULL;\n");
             case Db::kMysql: return std::string("ALTER TABLE person MODIFY last_name varchar(100) NOT NULL;\n");
           }
           return std::string();
         },
         "--default \"'?'\"",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra")});
  // A SELECT * view created after the drop in the same file would keep the column the split
  // leaves until the contract, and the contract could not drop it: refused.
  simple("drop_column__select_star_view_later", Person(Same("varchar(100)"), Same("ALTER TABLE person ADD COLUMN fax varchar(30);\n")),
         Same("ALTER TABLE person DROP COLUMN fax;\nCREATE VIEW person_list AS SELECT * FROM person;\n"), "", {});
  cells.back().refusal = [](Db) {
    return std::string(
        "error: sql/V2__change.sql:2: split cannot move the drop-column of person.fax to the contract: the view "
        "person_list, created later in this file, reads person (SELECT * or by name), so it would keep fax and the "
        "contract could not drop it\n"
        "  note: nothing was written\n"
        "  help: name the view's columns without fax, or create the view in a migration of the next release\n");
  };
  // Generated trigger and function names past PostgreSQL's 63 bytes and MySQL's 64 characters
  // are shortened with a hash suffix, so the expand applies whole.
  const std::string t = "customer_loyalty_programme_membership_history_entry";
  simple("rename_column__long_table_name",
         Same("CREATE TABLE " + t + " (id integer PRIMARY KEY, last_name varchar(100));\nINSERT INTO " + t +
              " (id, last_name) VALUES (1, 'Lovelace');\n"),
         Same("ALTER TABLE " + t + " RENAME COLUMN last_name TO surname;\n"), "",
         {OldWrites("INSERT INTO " + t + " (id, last_name) VALUES (3, 'Turing')"),
          NewReads("SELECT surname FROM " + t + " WHERE id = 3", "Turing"),
          NewWrites("INSERT INTO " + t + " (id, surname) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT last_name FROM " + t + " WHERE id = 4", "Dijkstra"),
          NewReads("SELECT surname FROM " + t + " WHERE id = 1", "Lovelace")});
  // A hand-written type change (rename, add a column under the old name, copy, drop): the old
  // column split keeps for the running release would collide with the new one. Found in the
  // corpora (lemmy-postgres V0081, kratos-sqlite V0636), where the expand failed half-applied.
  simple("rename_column__old_name_reused_later", Person(Same("varchar(100)")),
         Same(std::string(kRename) + "ALTER TABLE person ADD COLUMN last_name varchar(200);\n"), "", {});
  cells.back().refusal = [](Db) {
    return std::string(
        "error: sql/V2__change.sql:2: split cannot keep person.last_name for the running release (the rename-column "
        "at line 1): this statement gives another column the name last_name, which would collide with it until the "
        "contract\n"
        "  note: nothing was written\n"
        "  help: a type change written as rename, add, copy and drop is one ALTER COLUMN ... TYPE (MODIFY on MySQL) "
        "that split rewrites; otherwise add the new last_name in a migration of the release after the contract\n");
  };
  // PostgreSQL: the column's enum type renamed earlier in the same file; the new column must name
  // the type as it is called now (lemmy-postgres V0238, where the expand failed).
  simple("rename_column__type_renamed_earlier",
         [](Db d) {
           if (d != Db::kPostgres) return Person(Same("varchar(100)"))(d);
           return "CREATE TYPE family_enum AS ENUM ('Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'King');\n" +
                  Person(Same("family_enum"))(d);
         },
         [](Db d) {
           // Renaming a released type is change-enum of its own (the running release names it); the
           // cell is about the column's type after the rename, so that finding is allowed here.
           return std::string(d == Db::kPostgres ? "-- shiftway:allow change-enum reason: the application never names the type\n"
                                                   "ALTER TYPE family_enum RENAME TO surname_enum;\n"
                                                 : "") +
                  kRename;
         },
         "", RenameApps());
  cells.back().refusal = [](Db) { return std::string(); };
  // One MariaDB statement that renames and changes the type: split rewrites renames, and would
  // drop the type change with the statement, so it refuses.
  simple("rename_column__with_type_change", Person(Same("varchar(100)")),
         [](Db d) {
           return d == Db::kMysql ? std::string("ALTER TABLE person CHANGE last_name surname varchar(200);\n")
                                  : std::string(kRename);
         },
         "", RenameApps());
  cells.back().refusal = [](Db d) {
    return d == Db::kMysql ? std::string("error: sql/V2__change.sql:1: split rewrites this statement as a whole and "
                                         "would drop the other changes it makes: alter-column-type person.surname\n"
                                         "  note: nothing was written\n"
                                         "  help: move each of them to a statement of its own (or a migration before "
                                         "this one), then split again\n")
                           : std::string();
  };
  // One ALTER TABLE with several actions (PostgreSQL, MariaDB; SQLite has one action per ALTER,
  // so its cell writes them as statements of their own): split rewrites the breaking one and
  // writes each other action again as an ALTER TABLE of its own, in order, so none is dropped.
  const std::string nick = "ALTER TABLE person ADD COLUMN nickname varchar(30);\n";
  simple("several_changes__drop_column_add_column_set_default",
         Person(Same("varchar(100)"), Same("ALTER TABLE person ADD COLUMN fax varchar(30);\n")),
         [nick](Db d) {
           return d == Db::kSqlite ? nick + "ALTER TABLE person DROP COLUMN fax;\n"
                                   : std::string("ALTER TABLE person ADD COLUMN nickname varchar(30), DROP COLUMN fax, "
                                                 "ALTER COLUMN last_name SET DEFAULT 'none';\n");
         },
         "",
         {OldWrites("INSERT INTO person (id, last_name, fax) VALUES (3, 'Turing', '+44')"),
          NewWrites("INSERT INTO person (id, last_name, nickname) VALUES (4, 'Dijkstra', 'EWD')"),
          OldReads("SELECT fax FROM person WHERE id = 3", "+44"),
          NewReads("SELECT last_name FROM person WHERE id = 3", "Turing"),
          NewReads("SELECT nickname FROM person WHERE id = 4", "EWD")});
  simple("several_changes__add_required_column_add_column", Person(Same("varchar(100)")),
         [nick](Db d) {
           return d == Db::kSqlite ? "CREATE TABLE new_person (id integer PRIMARY KEY, last_name varchar(100), "
                                     "qty integer NOT NULL);\n"
                                     "INSERT INTO new_person (id, last_name, qty) SELECT id, last_name, 1 FROM person;\n"
                                     "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n" + nick
                                   : std::string("ALTER TABLE person ADD COLUMN qty integer NOT NULL, ADD COLUMN nickname "
                                                 "varchar(30);\n");
         },
         "--default 1",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewWrites("INSERT INTO person (id, last_name, qty, nickname) VALUES (4, 'Dijkstra', 5, 'EWD')"),
          NewReads("SELECT qty FROM person WHERE id = 3", "1"), NewReads("SELECT nickname FROM person WHERE id = 4", "EWD"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra")});
  cells.back().v1_original = [](Db d) {
    return Family(d) + "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  last_name varchar(100)\n);\n";
  };
  simple("several_changes__set_not_null_add_column", Person(Same("varchar(100)")),
         [nick](Db d) {
           switch (d) {
             case Db::kSqlite:
               return "CREATE TABLE new_person (id integer PRIMARY KEY, last_name varchar(100) NOT NULL);\n"
                      "INSERT INTO new_person (id, last_name) SELECT id, COALESCE(last_name, '?') FROM person;\n"
                      "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n" + nick;
             case Db::kPostgres:
               return std::string("ALTER TABLE person ALTER COLUMN last_name SET NOT NULL, ADD COLUMN nickname varchar(30);\n");
             case Db::kMysql:
               return std::string("ALTER TABLE person MODIFY last_name varchar(100) NOT NULL, ADD COLUMN nickname varchar(30);\n");
           }
           return std::string();
         },
         "--default \"'?'\"",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewWrites("INSERT INTO person (id, last_name, nickname) VALUES (4, 'Dijkstra', 'EWD')"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra"),
          NewReads("SELECT nickname FROM person WHERE id = 4", "EWD")});
  // MariaDB: the kept ADD COLUMN comes before the rename's expand, as in the statement, with the
  // statement's ALGORITHM= option. After a RENAME TO (the next cell) it is on the table's new name.
  simple("several_changes__rename_column_add_column", Person(Same("varchar(100)")),
         [nick](Db d) {
           return d == Db::kMysql ? std::string("ALTER TABLE person ADD COLUMN nickname varchar(30), RENAME COLUMN last_name "
                                                "TO surname, ALGORITHM=INPLACE;\n")
                                  : nick + kRename;
         },
         "", RenameApps());
  cells.back().apps.push_back(NewWrites("UPDATE person SET nickname = 'Amazing Grace' WHERE id = 2"));
  cells.back().apps.push_back(NewReads("SELECT nickname FROM person WHERE id = 2", "Amazing Grace"));
  simple("several_changes__rename_table_add_column", Person(Same("varchar(100)")),
         [](Db d) {
           return d == Db::kMysql ? std::string("ALTER TABLE person RENAME TO people, ADD COLUMN nickname varchar(30);\n")
                                  : std::string("ALTER TABLE person RENAME TO people;\n"
                                                "ALTER TABLE people ADD COLUMN nickname varchar(30);\n");
         },
         "",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewReads("SELECT last_name FROM people WHERE id = 3", "Turing"),
          NewWrites("INSERT INTO people (id, last_name, nickname) VALUES (4, 'Dijkstra', 'EWD')"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra"),
          NewReads("SELECT nickname FROM people WHERE id = 4", "EWD")});
  // An action that makes a change split rewrites and one it does not (MariaDB's CHANGE renames and
  // retypes) is refused, naming only that action's other change; the separate ADD COLUMN is not.
  simple("several_changes__rename_with_type_change_add_column", Person(Same("varchar(100)")),
         [nick](Db d) {
           return d == Db::kMysql ? std::string("ALTER TABLE person ADD COLUMN nickname varchar(30), CHANGE last_name "
                                                "surname varchar(200);\n")
                                  : nick + kRename;
         },
         "", RenameApps());
  cells.back().refusal = [](Db d) {
    return d == Db::kMysql ? std::string("error: sql/V2__change.sql:1: split rewrites this statement as a whole and "
                                         "would drop the other changes it makes: alter-column-type person.surname\n"
                                         "  note: nothing was written\n"
                                         "  help: move each of them to a statement of its own (or a migration before "
                                         "this one), then split again\n")
                           : std::string();
  };
  // ON UPDATE CURRENT_TIMESTAMP is refused on MariaDB, named: with it on the copy too, an UPDATE of
  // the old column leaves both columns at the current time instead of the value written.
  simple("rename_column__on_update",
         [](Db d) {
           return std::string("CREATE TABLE visit (id integer PRIMARY KEY, seen timestamp NULL DEFAULT NULL") +
                  (d == Db::kMysql ? " ON UPDATE CURRENT_TIMESTAMP" : "") + ");\n"
                  "INSERT INTO visit (id, seen) VALUES (1, '2024-01-02 03:04:05');\n";
         },
         Same("ALTER TABLE visit RENAME COLUMN seen TO seen_at;\n"), "",
         {OldWrites("INSERT INTO visit (id, seen) VALUES (3, '2024-05-06 07:08:09')"),
          NewReads("SELECT seen_at FROM visit WHERE id = 3", "2024-05-06 07:08:09"),
          NewReads("SELECT seen_at FROM visit WHERE id = 1", "2024-01-02 03:04:05")});
  cells.back().refusal = [](Db d) {
    if (d != Db::kMysql) return std::string();
    return std::string(
        "error: sql/V2__change.sql:1: rename-column: split cannot move visit.seen to seen_at without losing what the "
        "column has besides its data:\n"
        "    - ON UPDATE CURRENT_TIMESTAMP (on both columns the automatic update overrides the sync triggers' copy, and "
        "a value the running release writes to seen is lost: give seen_at its ON UPDATE CURRENT_TIMESTAMP with a MODIFY "
        "after the contract)\n"
        "  note: nothing was written\n"
        "  help: write the expand and contract by hand, re-creating each of these on seen_at (see docs/split.md, "
        "\"What split keeps\"), or remove them in a migration before this one\n");
  };
  // MariaDB's set-not-null MODIFY repeats the column's attributes.
  simple("set_not_null__comment_collation",
         Person([](Db d) {
           return std::string(d == Db::kMysql ? "varchar(100) COLLATE utf8mb4_bin COMMENT 'family name'" : "varchar(100)");
         }),
         [](Db d) {
           switch (d) {
             case Db::kSqlite:
               return std::string("CREATE TABLE new_person (id integer PRIMARY KEY, last_name varchar(100) NOT NULL);\n"
                                  "INSERT INTO new_person (id, last_name) SELECT id, COALESCE(last_name, '?') FROM person;\n"
                                  "DROP TABLE person;\nALTER TABLE new_person RENAME TO person;\n");
             case Db::kPostgres: return std::string("ALTER TABLE person ALTER COLUMN last_name SET NOT NULL;\n");
             case Db::kMysql:
               return std::string(
                   "ALTER TABLE person MODIFY last_name varchar(100) COLLATE utf8mb4_bin NOT NULL COMMENT 'family name';\n");
           }
           return std::string();
         },
         "--default \"'?'\"",
         {OldWrites("INSERT INTO person (id, last_name) VALUES (3, 'Turing')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT last_name FROM person WHERE id = 4", "Dijkstra")});
  // Triggers are not rewritten: one that reads the renamed or dropped column (in its text or its
  // function) would read a column the contract drops, so split refuses, naming it. One that reads
  // other columns only is left alone.
  auto audit = [](std::string col) {
    return [col](Db d) {
      switch (d) {
        case Db::kPostgres:
          return "CREATE TABLE audit (who varchar(100));\n"
                 "CREATE FUNCTION person_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit (who) "
                 "VALUES (NEW." + col + "); RETURN NEW; END $$;\n"
                 "CREATE TRIGGER person_audit AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION person_audit();\n";
        case Db::kMysql:
          return "CREATE TABLE audit (who varchar(100));\n"
                 "CREATE TRIGGER person_audit AFTER INSERT ON person FOR EACH ROW INSERT INTO audit (who) VALUES (NEW." +
                 col + ");\n";
        case Db::kSqlite:
          return "CREATE TABLE audit (who varchar(100));\n"
                 "CREATE TRIGGER person_audit AFTER INSERT ON person BEGIN INSERT INTO audit (who) VALUES (NEW." + col +
                 "); END;\n";
      }
      return std::string();
    };
  };
  auto reads = [](std::string col) {
    return [col](Db d) {
      return "the trigger person_audit on person" +
             std::string(d == Db::kPostgres ? ", whose function person_audit" : ", which") + " reads " + col +
             " (split does not rewrite triggers: drop it before this change, or write it again for the new shape)";
    };
  };
  simple("rename_column__read_by_trigger", Person(Same("varchar(100)"), audit("last_name")), Same(kRename), "", {});
  cells.back().refusal = [reads](Db d) { return RenameRefusal({reads("last_name")(d)}); };
  simple("rename_column__trigger_reads_other_column", Person(Same("varchar(100)"), audit("id")), Same(kRename), "",
         RenameApps());
  cells.back().apps.push_back(NewReads("SELECT count(*) FROM audit", "2"));
  // SQLite refuses the original DROP COLUMN itself when a trigger reads the column, so there the
  // trigger reads id, and the split goes through.
  simple("drop_column__read_by_trigger",
         Person(Same("varchar(100)"),
                [audit](Db d) {
                  return "ALTER TABLE person ADD COLUMN fax varchar(30);\n" + audit(d == Db::kSqlite ? "id" : "fax")(d);
                }),
         Same("ALTER TABLE person DROP COLUMN fax;\n"), "",
         {OldWrites("INSERT INTO person (id, last_name, fax) VALUES (3, 'Turing', '+44')"),
          NewWrites("INSERT INTO person (id, last_name) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT fax FROM person WHERE id = 3", "+44"), NewReads("SELECT count(*) FROM audit", "2")});
  cells.back().refusal = [reads](Db d) {
    if (d == Db::kSqlite) return std::string();
    return "error: sql/V2__change.sql:1: drop-column: split cannot drop person.fax in the contract: a trigger reads it, "
           "and would fail once it is gone:\n    - " + reads("fax")(d) +
           "\n  note: nothing was written\n"
           "  help: drop the trigger, or write it again without fax, in a migration before this one, then split again\n";
  };
  // A kept action that needs the rewritten change done is refused, naming it (lemmy-postgres
  // V0215 drops and re-adds each column in one ALTER; V0219 drops the key column and adds a new
  // primary key). SQLite writes the two as statements of their own.
  simple("several_changes__drop_column_and_add_it_again",
         Person(Same("varchar(100)"), Same("ALTER TABLE person ADD COLUMN fax varchar(30);\n")),
         [](Db d) {
           return d == Db::kSqlite ? std::string("ALTER TABLE person DROP COLUMN fax;\nALTER TABLE person ADD COLUMN fax varchar(60);\n")
                                   : std::string("ALTER TABLE person DROP COLUMN fax, ADD COLUMN fax varchar(60);\n");
         },
         "", {});
  cells.back().refusal = [](Db d) {
    if (d == Db::kSqlite) {
      return std::string(
          "error: sql/V2__change.sql:2: split cannot keep person.fax for the running release (the drop-column at line 1): "
          "this statement gives another column the name fax, which would collide with it until the contract\n"
          "  note: nothing was written\n"
          "  help: a type change written as rename, add, copy and drop is one ALTER COLUMN ... TYPE (MODIFY on MySQL) that "
          "split rewrites; otherwise add the new fax in a migration of the release after the contract\n");
    }
    return std::string(
        "error: sql/V2__change.sql:1: split cannot keep the action `ADD COLUMN fax varchar(60)` in the expand: it gives "
        "another column the name fax, which the drop-column split rewrites keeps for the running release until the "
        "contract\n"
        "  note: nothing was written\n"
        "  help: write that action in a migration of the release after the contract, or write the change by hand\n");
  };
  // Type changes: app N-1 keeps the column's name with the old type, so app N gets price_new, and
  // a contract renaming it back would break app N. Refused by default, naming why; with
  // --as-new-column the split ends as the original change plus a rename of price to price_new.
  auto item = [](std::string coldef) {
    return [coldef](Db) {
      return "CREATE TABLE item (id integer PRIMARY KEY, price " + coldef + ", name varchar(50));\n"
             "INSERT INTO item (id, price, name) VALUES (1, '12', 'a');\n"
             "INSERT INTO item (id, price, name) VALUES (4, '40', 'd');\n";
    };
  };
  auto retype = [](std::string suffix) {
    return [suffix](Db d) {
      switch (d) {
        case Db::kSqlite:
          return "CREATE TABLE new_item (id integer PRIMARY KEY, price integer" + suffix + ", name varchar(50));\n"
                 "INSERT INTO new_item (id, price, name) SELECT id, CAST(price AS integer), name FROM item;\n"
                 "DROP TABLE item;\nALTER TABLE new_item RENAME TO item;\n";
        case Db::kPostgres: return std::string("ALTER TABLE item ALTER COLUMN price TYPE integer USING price::integer;\n");
        case Db::kMysql: return "ALTER TABLE item MODIFY price integer" + suffix + ";\n";
      }
      return std::string();
    };
  };
  auto casts = [](Db d) {
    return d == Db::kMysql ? std::string("--as-new-column --up 'CAST(price AS signed)' --down 'CAST(price_new AS char(20))'")
                           : std::string("--as-new-column --up 'CAST(price AS integer)' --down 'CAST(price_new AS varchar(20))'");
  };
  const std::vector<AppStep> retype_apps = {
      NewReads("SELECT price_new FROM item WHERE id = 4", "40"),
      OldWrites("INSERT INTO item (id, price, name) VALUES (2, '7', 'b')"),
      NewReads("SELECT price_new FROM item WHERE id = 2", "7"),
      NewWrites("INSERT INTO item (id, price_new, name) VALUES (3, 9, 'c')"),
      OldReads("SELECT price FROM item WHERE id = 3", "9"),
      NewWrites("UPDATE item SET price_new = 15 WHERE id = 1"),
      OldReads("SELECT price FROM item WHERE id = 1", "15"),
      OldWrites("UPDATE item SET price = '16' WHERE id = 4"),
      NewReads("SELECT price_new FROM item WHERE id = 4", "16")};
  simple("change_column_type__keeps_name", item("varchar(20)"), retype(""), "", {});
  cells.back().refusal = [](Db d) {
    return "error: sql/V2__change.sql:" + std::string(d == Db::kSqlite ? "3" : "1") +
           ": change-column-type: split cannot change the type of item.price from varchar(20) to integer and keep the "
           "name price: while the expand runs, the previous release reads and writes price as varchar(20), so this "
           "release's app needs a column of its own (price_new), and a contract that renamed price_new back to price "
           "would break this release's app, which uses price_new\n"
           "  note: nothing was written\n"
           "  help: pass --as-new-column to end with the column renamed to price_new (this release's app uses price_new "
           "from the expand on; the contract drops price), then, to have the name price back, split a rename of "
           "price_new to price in a later release; or, when both releases can use integer, write the change in place by "
           "hand\n";
  };
  auto renamed_after = [](std::function<std::string(Db)> v2) {
    return [v2](Db d) { return v2(d) + "ALTER TABLE item RENAME COLUMN price TO price_new;\n"; };
  };
  simple("change_column_type__as_new_column", item("varchar(20)"), retype(""), "", retype_apps);
  cells.back().flags_for = casts;
  cells.back().v2_original = renamed_after(retype(""));
  simple("change_column_type__as_new_column_not_null", item("varchar(20) NOT NULL"), retype(" NOT NULL"), "", retype_apps);
  cells.back().flags_for = casts;
  cells.back().v2_original = renamed_after(retype(" NOT NULL"));
  cells.back().apps.push_back(OldFails("INSERT INTO item (id, price, name) VALUES (7, NULL, 'x')"));
  cells.back().apps.push_back(NewFails("INSERT INTO item (id, price_new, name) VALUES (8, NULL, 'y')"));

  // Names each database reads only when quoted: `order` and `group` are reserved words in all
  // three, and PostgreSQL folds LastName and Fax to lowercase unless quoted. The cells' SQL and
  // the apps' statements are written with MySQL's backticks (Quoted gives the other databases
  // double quotes); split must write each name the same way.
  auto order = [](std::string extra) {
    return [extra](Db d) {
      return Quoted(d, "CREATE TABLE `order` (\n  id integer PRIMARY KEY,\n  `LastName` varchar(100) NOT NULL CHECK "
                       "(`LastName` <> ''),\n  `Fax` varchar(30) NOT NULL\n);\n"
                       "CREATE INDEX `order_LastName_idx` ON `order` (`LastName`);\n"
                       "INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (1, 'Lovelace', '+44');\n"
                       "INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (2, 'Hopper', '+1');\n" + extra);
    };
  };
  simple("rename_column__quoted_names", order(""),
         [](Db d) { return Quoted(d, "ALTER TABLE `order` RENAME COLUMN `LastName` TO `group`;\n"); }, "",
         {OldWrites("INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (3, 'Turing', '+44')"),
          NewReads("SELECT `group` FROM `order` WHERE id = 3", "Turing"),
          NewWrites("INSERT INTO `order` (id, `group`, `Fax`) VALUES (4, 'Dijkstra', '+31')"),
          OldReads("SELECT `LastName` FROM `order` WHERE id = 4", "Dijkstra"),
          OldWrites("UPDATE `order` SET `LastName` = 'King' WHERE id = 1"),
          NewReads("SELECT `group` FROM `order` WHERE id = 1", "King"),
          OldFails("INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (5, '', '+1')"),
          NewFails("INSERT INTO `order` (id, `group`, `Fax`) VALUES (6, '', '+1')")});
  simple("drop_column__quoted_names", order(""), [](Db d) { return Quoted(d, "ALTER TABLE `order` DROP COLUMN `Fax`;\n"); },
         "",
         {OldWrites("INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (3, 'Turing', '+44')"),
          NewWrites("INSERT INTO `order` (id, `LastName`) VALUES (4, 'Dijkstra')"),
          OldReads("SELECT `Fax` FROM `order` WHERE id = 3", "+44")});
  simple("add_required_column__quoted_names", order(""),
         [](Db d) {
           return Quoted(d, d == Db::kSqlite
                                ? "CREATE TABLE `new_order` (id integer PRIMARY KEY, `LastName` varchar(100) NOT NULL "
                                  "CHECK (`LastName` <> ''), `Fax` varchar(30) NOT NULL, `Qty` integer NOT NULL);\n"
                                  "INSERT INTO `new_order` (id, `LastName`, `Fax`, `Qty`) SELECT id, `LastName`, `Fax`, 1 "
                                  "FROM `order`;\nDROP TABLE `order`;\nALTER TABLE `new_order` RENAME TO `order`;\n"
                                  "CREATE INDEX `order_LastName_idx` ON `order` (`LastName`);\n"
                                : "ALTER TABLE `order` ADD COLUMN `Qty` integer NOT NULL;\n");
         },
         "--default 1",
         {OldWrites("INSERT INTO `order` (id, `LastName`, `Fax`) VALUES (3, 'Turing', '+44')"),
          NewWrites("INSERT INTO `order` (id, `LastName`, `Fax`, `Qty`) VALUES (4, 'Dijkstra', '+31', 5)"),
          NewReads("SELECT `Qty` FROM `order` WHERE id = 3", "1")});
  cells.back().v1_original = [](Db d) {
    return Quoted(d, "CREATE TABLE `order` (\n  id integer PRIMARY KEY,\n  `LastName` varchar(100) NOT NULL CHECK "
                     "(`LastName` <> ''),\n  `Fax` varchar(30) NOT NULL\n);\n"
                     "CREATE INDEX `order_LastName_idx` ON `order` (`LastName`);\n");
  };
  return cells;
}

}  // namespace

// The fixture is parameterised on the database; the cells run in one test per database, each
// under SCOPED_TRACE, so a failure names the cell and the database.
class SplitMatrix : public SplitFixture {
 protected:
  /// The catalog of this side's schema.
  std::vector<std::string> Dump() {
    auto c = App();
    return DumpCatalog(*c, GetParam(), schema_);
  }

  void RunCell(const Cell& cell) {
    const Db d = GetParam();
    // Side "_o": the original change, migrated as written.
    UseSide("_o_" + std::to_string(&cell - &Cells_()[0]));
    Write("sql/V1__released.sql", cell.v1_original ? cell.v1_original(d) : cell.v1(d));
    Write("sql/V2__change.sql", cell.v2_original ? cell.v2_original(d) : cell.v2(d));
    Ran r = Sw("migrate");
    ASSERT_EQ(0, r.exit) << r.output;
    const std::vector<std::string> original = Dump();

    // Side "_s": the same change through split, the expand, the two apps, promote, the contract.
    UseSide("_s_" + std::to_string(&cell - &Cells_()[0]));
    Write("sql/V1__released.sql", cell.v1(d));
    Write("sql/V2__change.sql", cell.v2(d));
    r = Sw("migrate --target 1");
    ASSERT_EQ(0, r.exit) << r.output;
    const std::string flags = cell.flags_for ? cell.flags_for(d) : cell.flags;
    r = Sw("split sql/V2__change.sql --since 1" + (flags.empty() ? "" : " " + flags));
    const std::string refusal = cell.refusal(d);
    if (!refusal.empty()) {
      EXPECT_EQ(2, r.exit) << r.output;
      EXPECT_EQ(refusal, r.output);
      EXPECT_EQ(cell.v2(d), Read("sql/V2__change.sql")) << "a refused split wrote the expand";
      return;
    }
    ASSERT_EQ(0, r.exit) << r.output;
    const std::string expand = Read("sql/V2__change.sql");
    ExpectSilentLint("1");
    r = Sw("migrate");
    ASSERT_EQ(0, r.exit) << r.output << "\n" << expand;
    {
      auto old_app = App(), new_app = App();
      for (const auto& app_step : cell.apps) {
        AppStep step = app_step;
        step.sql = Quoted(d, step.sql);
        Conn& conn = step.old_app ? *old_app : *new_app;
        const std::string who = step.old_app ? "app N-1: " : "app N: ";
        if (step.read) {
          EXPECT_EQ(step.expect, conn.Scalar(step.sql)) << who << step.sql << "\n" << expand;
        } else if (step.fails) {
          EXPECT_TRUE(conn.Fails(step.sql)) << who << step.sql << " was accepted\n" << expand;
        } else {
          try {
            conn.Exec(step.sql);
          } catch (const std::exception& e) {
            ADD_FAILURE() << who << step.sql << ": " << e.what() << "\n" << expand;
          }
        }
      }
    }
    r = Sw("promote");
    ASSERT_EQ(0, r.exit) << r.output;
    ExpectSilentLint("2");
    r = Sw("migrate");
    ASSERT_EQ(0, r.exit) << r.output;
    const std::vector<std::string> split = Dump();
    EXPECT_EQ("", CatalogDiff(original, split)) << "- only after the original change, + only after the split\n"
                                               << expand;
  }

  static const std::vector<Cell>& Cells_() {
    static const std::vector<Cell> cells = Cells();
    return cells;
  }
};

TEST_P(SplitMatrix, EveryCellIsEquivalentToTheOriginalChange) {
  // SHIFTWAY_SPLIT_CELLS=REGEX runs only the cells whose name it finds (while working on a few).
  const char* only = std::getenv("SHIFTWAY_SPLIT_CELLS");
  for (const auto& cell : Cells_()) {
    if (only && *only && !std::regex_search(cell.name, std::regex(only))) continue;
    SCOPED_TRACE(cell.name + " on " + DbName(GetParam()));
    RunCell(cell);
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, SplitMatrix, testing::Values(Db::kSqlite, Db::kPostgres, Db::kMysql),
                         [](const testing::TestParamInfo<Db>& i) { return DbName(i.param); });
