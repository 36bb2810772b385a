// Driver::ReadSchema, check --drift and table sizes on each real database: the live catalog read into the
// model equals the model replay builds from the same migrations, and drift is named exactly.
//
// Differences between the two models that are expected, and why (docs/drift.md lists them too):
// - MySQL/MariaDB create an index for a foreign key's columns when none exists; the comparison
//   does not report an index of the database that covers exactly a foreign key's columns.
// - Constraints and indexes that a migration leaves unnamed are named by the database; they are
//   compared by what they cover, and unnamed checks by count.
// Everything else must be equal, and the tests below assert the live model's facts directly too,
// so that two empty models cannot pass.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/run/operations.h"
#include "tests/conformance/database.h"
#include "tests/conformance/process.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

std::string Text(const Error& e) {
  std::string out = e.message;
  for (const auto& n : e.notes) out += "\n  note: " + n;
  if (!e.hint.empty()) out += "\n  help: " + e.hint;
  return out;
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string Messages(const std::vector<schema::Difference>& diffs) {
  std::string out;
  for (const auto& d : diffs) out += std::string(d.KindName()) + ": " + d.Message() + "\n";
  return out;
}

// A table's columns and constraints, one line each.
std::string Describe(const schema::Table& t) {
  std::ostringstream out;
  for (const auto& c : t.columns) {
    out << "  column " << c.name << " " << c.type << (c.not_null ? " not null" : "")
        << (c.generated ? " generated" : (c.has_default ? " default " + c.default_expr : "")) << "\n";
  }
  for (const auto& k : t.constraints) {
    const char* kind = k.kind == schema::Constraint::Kind::kPrimaryKey ? "primary key"
                       : k.kind == schema::Constraint::Kind::kUnique   ? "unique"
                       : k.kind == schema::Constraint::Kind::kCheck    ? "check"
                                                                       : "foreign key";
    std::string cols;
    for (const auto& c : k.columns) cols += (cols.empty() ? "" : ",") + c;
    out << "  " << kind << " (" << cols << ")";
    if (!k.ref_table.empty())
      out << " -> " << k.ref_table << (k.on_delete.empty() ? "" : " on delete " + k.on_delete);
    out << (k.name.empty() ? "" : " " + k.name) << "\n";
  }
  return out.str();
}

// The facts of a model a user would check, one line each, sorted by the model's keys, without
// the test's own schema name.
std::string Describe(const schema::Model& m) {
  std::ostringstream out;
  for (const auto& [key, t] : m.tables) out << "table " << key << "\n" << Describe(t);
  for (const auto& [key, i] : m.indexes) {
    std::string cols;
    for (const auto& c : i.columns) cols += (cols.empty() ? "" : ",") + c;
    out << (i.unique ? "unique index " : "index ") << key << " on " << i.table << " (" << cols << ")\n";
  }
  for (const auto& [key, v] : m.views) {
    std::string cols;
    for (const auto& c : v.outputs) cols += (cols.empty() ? "" : ",") + c.name;
    out << "view " << key << " (" << cols << ")\n";
  }
  for (const auto& [key, e] : m.enums) {
    std::string values;
    for (const auto& v : e.values) values += (values.empty() ? "" : ",") + v;
    out << "enum " << key << " (" << values << ")\n";
  }
  for (const auto& s : m.sequences) out << "sequence " << s << "\n";
  for (const auto& r : m.routines)
    out << "routine " << r << (m.trigger_functions.count(r) ? " (trigger)" : "") << "\n";
  for (const auto& [key, t] : m.types) {
    out << t.kind << " " << key << " " << t.base_type;
    std::string attributes;
    for (const auto& a : t.attributes) attributes += (attributes.empty() ? "" : ", ") + a.name + " " + a.type;
    out << (attributes.empty() ? "" : "(" + attributes + ")") << "\n";
  }
  for (const auto& [key, t] : m.triggers) {
    out << "trigger " << key << (t.function.empty() ? "" : " " + t.function) << " " << t.timing << " " << t.event
        << (t.level.empty() ? "" : " FOR EACH " + t.level) << (t.body.empty() ? "" : ": " + t.body) << "\n";
  }
  std::string text = out.str();
  const std::string own = m.default_schema + ".";
  for (size_t at = text.find(own); !m.default_schema.empty() && at != std::string::npos;
       at = text.find(own, at)) {
    text.erase(at, own.size());
  }
  return text;
}

class CatalogTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-catalog.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    sql_dir_ = dir_ + "/sql";
    fs::create_directories(sql_dir_);
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    name = name.substr(0, name.find('/'));
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "catalog_" + name, dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  bool postgres() const { return GetParam() == Backend::kPostgres; }
  const char* Dialect() const { return postgres() ? "postgres" : mysql() ? "mysql" : "sqlite"; }
  void MigrateExample(const std::string& example);
  bool mysql() const { return GetParam() == Backend::kMysql; }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(sql_dir_ + "/" + name, std::ios::binary) << text;
  }
  // Copies an example's migrations (recursively) into the test's folder.
  void CopyExample(const std::string& relative) {
    fs::copy(fs::path(SHIFTWAY_SOURCE_DIR) / "migrations-examples" / relative, sql_dir_,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }

  config::Settings Settings() const {
    config::Settings s;
    s.url = db_->Url();
    s.schemas = db_->Schemas();
    s.locations = {"filesystem:" + sql_dir_};
    return s;
  }

  void Migrate() {
    auto r = run::Migrate(Settings(), false, {});
    ASSERT_TRUE(r) << Text(r.error());
  }

  run::DriftResult Drift(const config::Settings& settings) {
    auto r = run::CheckDrift(settings, {});
    EXPECT_TRUE(r) << Text(r.error());
    return r ? std::move(*r) : run::DriftResult{};
  }
  run::DriftResult Drift() { return Drift(Settings()); }

  // The model key prefix of the test's schema: "<schema>." on PostgreSQL, "." elsewhere.
  std::string K(const std::string& name) const { return (postgres() ? db_->Schema() : "") + "." + name; }

  // Every object kind the model knows, in each dialect's own spelling.
  void WriteEveryKind() {
    if (postgres()) {
      Write("V1__types.sql",
            "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
            "CREATE SEQUENCE invoice_no;\n"
            "CREATE DOMAIN amount AS numeric(10,2) CHECK (VALUE >= 0);\n"
            "CREATE TYPE address AS (street text, city varchar(50));\n");
      Write("V2__tables.sql",
            "CREATE TABLE person (\n"
            "  id serial PRIMARY KEY,\n"
            "  email varchar(200) NOT NULL UNIQUE,\n"
            "  name text NOT NULL DEFAULT 'anonymous',\n"
            "  mood mood,\n"
            "  born date,\n"
            "  score numeric(10,2) DEFAULT 0,\n"
            "  created_at timestamptz NOT NULL DEFAULT now(),\n"
            "  CONSTRAINT person_score_positive CHECK (score >= 0)\n"
            ");\n"
            "CREATE TABLE orders (\n"
            "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            "  person_id integer NOT NULL REFERENCES person (id) ON DELETE CASCADE,\n"
            "  total numeric(12,2) NOT NULL CHECK (total > 0),\n"
            "  tags text[]\n"
            ");\n"
            "CREATE INDEX orders_person_idx ON orders (person_id);\n"
            "CREATE INDEX person_born_idx ON person (born);\n"
            "CREATE UNIQUE INDEX person_email_born ON person (email, born);\n");
      Write("V3__code.sql",
            "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM person p JOIN orders o ON "
            "o.person_id = p.id;\n"
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); "
            "RETURN NEW; "
            "END $$;\n"
            "CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW EXECUTE FUNCTION touch();\n"
            "CREATE FUNCTION order_count(p integer) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM "
            "orders "
            "WHERE person_id = p $$;\n");
    } else if (mysql()) {
      Write("V1__types.sql", "CREATE SEQUENCE invoice_no;\n");
      Write("V2__tables.sql",
            "CREATE TABLE person (\n"
            "  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
            "  email varchar(200) NOT NULL,\n"
            "  name varchar(100) NOT NULL DEFAULT 'anonymous',\n"
            "  mood enum('happy','sad'),\n"
            "  born date,\n"
            "  score decimal(10,2) DEFAULT 0,\n"
            "  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "  UNIQUE KEY person_email (email),\n"
            "  CONSTRAINT person_score_positive CHECK (score >= 0)\n"
            ");\n"
            "CREATE TABLE orders (\n"
            "  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
            "  person_id int NOT NULL,\n"
            "  total decimal(12,2) NOT NULL,\n"
            "  doc json,\n"
            "  CONSTRAINT orders_person_fk FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE\n"
            ");\n"
            "CREATE INDEX person_born_idx ON person (born);\n"
            "CREATE UNIQUE INDEX person_email_born ON person (email, born);\n");
      Write("V3__code.sql",
            "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM person p JOIN orders o ON "
            "o.person_id = p.id;\n"
            "CREATE FUNCTION order_count(p int) RETURNS int DETERMINISTIC READS SQL DATA RETURN (SELECT "
            "count(*) FROM "
            "orders WHERE person_id = p);\n"
            "CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW SET NEW.created_at = "
            "CURRENT_TIMESTAMP;\n");
    } else {
      Write("V2__tables.sql",
            "CREATE TABLE person (\n"
            "  id integer PRIMARY KEY AUTOINCREMENT,\n"
            "  email varchar(200) NOT NULL UNIQUE,\n"
            "  name text NOT NULL DEFAULT 'anonymous',\n"
            "  born date,\n"
            "  score numeric(10,2) DEFAULT 0,\n"
            "  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "  CONSTRAINT person_score_positive CHECK (score >= 0)\n"
            ");\n"
            "CREATE TABLE orders (\n"
            "  id integer PRIMARY KEY,\n"
            "  person_id integer NOT NULL REFERENCES person (id) ON DELETE CASCADE,\n"
            "  total numeric(12,2) NOT NULL CHECK (total > 0)\n"
            ");\n"
            "CREATE TABLE setting (name text PRIMARY KEY, value text DEFAULT 'on');\n"
            "CREATE INDEX orders_person_idx ON orders (person_id);\n"
            "CREATE INDEX person_born_idx ON person (born);\n"
            "CREATE UNIQUE INDEX person_email_born ON person (email, born);\n");
      Write("V3__code.sql",
            "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM person p JOIN orders o ON "
            "o.person_id = p.id;\n"
            "CREATE TRIGGER person_touch AFTER UPDATE ON person BEGIN UPDATE person SET created_at = "
            "CURRENT_TIMESTAMP "
            "WHERE id = NEW.id; END;\n");
    }
  }

  // The sizes tests' settings: thresholds low enough for a 200,000-row table.
  config::Settings SizedSettings() const {
    config::Settings s = Settings();
    s.lint.small_table_rows = 100;
    s.lint.large_table_rows = 100000;
    return s;
  }
  // An empty table and one of 200,000 rows, migrated, with the database's estimates up to date.
  void MigrateSizedTables() {
    Write("V1__tables.sql",
          "CREATE TABLE empty_t (id int PRIMARY KEY, v int);\nCREATE TABLE big_t (id int PRIMARY KEY, v int);\n");
    Migrate();
    const std::string big = db_->Qualified("big_t");
    if (postgres()) {
      db_->Exec("INSERT INTO " + big + " SELECT g, g FROM generate_series(1, 200000) g");
      db_->Exec("ANALYZE " + big);
      db_->Exec("ANALYZE " + db_->Qualified("empty_t"));
    } else if (mysql()) {
      const std::string digits = db_->Qualified("digits");
      db_->Exec("CREATE TABLE " + digits + " (d int)");
      db_->Exec("INSERT INTO " + digits + " VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
      for (int half = 0; half < 2; ++half) {
        db_->Exec("INSERT INTO " + big + " SELECT n, n FROM (SELECT " + std::to_string(half * 100000 + 1) +
                  " + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM " + digits + " a, " + digits +
                  " b, " + digits + " c, " + digits + " e, " + digits + " f) x");
      }
      db_->Exec("DROP TABLE " + digits);
      db_->Exec("ANALYZE TABLE " + big + ", " + db_->Qualified("empty_t"));
    } else {
      db_->Exec("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 200000) INSERT INTO big_t "
                "SELECT n, n FROM g");
    }
  }
  // Changes that rewrite or copy each table (table-rewrite); SQLite has no locking rule.
  void WriteRewrites() {
    const std::string type = postgres() ? " ALTER COLUMN v TYPE bigint" : " MODIFY v bigint";
    Write("V2__widen.sql", "ALTER TABLE empty_t" + type + ";\nALTER TABLE big_t" + type + ";\n");
  }
  // "severity rule line: message" per finding.
  static std::string FindingLines(const lint::LintResult& r) {
    std::string out;
    for (const auto& f : r.findings) {
      out += std::string(lint::SeverityName(f.severity)) + " " + f.rule + " " + std::to_string(f.line) + ": " +
             f.message + "\n";
    }
    return out;
  }
  lint::LintResult Lint(run::LintRequest request, const config::Settings& s) {
    auto plan = run::PrepareLint(s, std::move(request), {});
    EXPECT_TRUE(plan) << plan.error().message;
    if (!plan) return {};
    auto r = lint::Lint(plan->input);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : lint::LintResult{};
  }

  std::string dir_, sql_dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(CatalogTest, EveryObjectKindReadsBackAsReplayed) {
  WriteEveryKind();
  Migrate();
  run::DriftResult r = Drift();
  EXPECT_EQ("", Messages(r.differences));
  EXPECT_EQ(0, r.ignored);
  EXPECT_EQ(postgres() || mysql() ? 3 : 2, r.applied);
  const std::string s = postgres() ? db_->Schema() : "";
  std::string expected;
  if (postgres()) {
    // The serial's and the identity's sequences are the columns' own; MariaDB's FOREIGN KEY made
    // the index orders_person_fk.
    expected =
        "table orders\n"
        "  column id bigint not null generated\n"
        "  column person_id integer not null\n"
        "  column total numeric(12,2) not null\n"
        "  column tags text[]\n"
        "  foreign key (person_id) -> person on delete CASCADE orders_person_id_fkey\n"
        "  primary key (id) orders_pkey\n"
        "  check (total) orders_total_check\n"
        "table person\n"
        "  column id integer not null generated\n"
        "  column email varchar(200) not null\n"
        "  column name text not null default 'anonymous'::text\n"
        "  column mood mood\n"
        "  column born date\n"
        "  column score numeric(10,2) default 0\n"
        "  column created_at timestamptz not null default now()\n"
        "  unique (email) person_email_key\n"
        "  primary key (id) person_pkey\n"
        "  check (score) person_score_positive\n"
        "index orders_person_idx on orders (person_id)\n"
        "index person_born_idx on person (born)\n"
        "unique index person_email_born on person (email,born)\n"
        "view person_orders (id,email,total)\n"
        "enum mood (happy,sad)\n"
        "sequence invoice_no\n"
        "routine order_count\n"
        "routine touch (trigger)\n"
        "composite type address (street text, city varchar(50))\n"
        "domain amount numeric(10,2)\n"
        "trigger person.person_touch touch BEFORE UPDATE FOR EACH ROW\n";
  } else if (mysql()) {
    // JSON is LONGTEXT with a json_valid check in MariaDB, read back as json; the foreign key's
    // index orders_person_fk is MariaDB's own.
    expected =
        "table .orders\n"
        "  column id bigint not null generated\n"
        "  column person_id int not null\n"
        "  column total decimal(12,2) not null\n"
        "  column doc json\n"
        "  primary key (id)\n"
        "  foreign key (person_id) -> person on delete CASCADE orders_person_fk\n"
        "table .person\n"
        "  column id int not null generated\n"
        "  column email varchar(200) not null\n"
        "  column name varchar(100) not null default 'anonymous'\n"
        "  column mood enum('happy','sad')\n"
        "  column born date\n"
        "  column score decimal(10,2) default 0.00\n"
        "  column created_at timestamp not null default current_timestamp()\n"
        "  primary key (id)\n"
        "  unique (email) person_email\n"
        "  unique (email,born) person_email_born\n"
        "  check () person_score_positive\n"
        "index .orders_person_fk on orders (person_id)\n"
        "index .person_born_idx on person (born)\n"
        "view .person_orders (id,email,total)\n"
        "sequence .invoice_no\n"
        "routine .order_count\n"
        "trigger .person.person_touch BEFORE UPDATE: SET NEW.created_at = CURRENT_TIMESTAMP\n";
  } else {
    expected =
        "table .orders\n"
        "  column id integer generated\n"  // the rowid: inserts without it get one
        "  column person_id integer not null\n"
        "  column total numeric(12,2) not null\n"
        "  primary key (id)\n"
        "  foreign key (person_id) -> person on delete CASCADE\n"
        "  check (total)\n"
        "table .person\n"
        "  column id integer generated\n"  // the rowid: inserts without it get one
        "  column email varchar(200) not null\n"
        "  column name text not null default 'anonymous'\n"
        "  column born date\n"
        "  column score numeric(10,2) default 0\n"
        "  column created_at timestamp not null default CURRENT_TIMESTAMP\n"
        "  primary key (id)\n"
        "  check () person_score_positive\n"
        "  unique (email)\n"
        "table .setting\n"
        "  column name text\n"
        "  column value text default 'on'\n"
        "  primary key (name)\n"
        "index .orders_person_idx on orders (person_id)\n"
        "index .person_born_idx on person (born)\n"
        "unique index .person_email_born on person (email,born)\n"
        "view .person_orders (id,email,total)\n"
        "trigger .person.person_touch AFTER UPDATE: BEGIN UPDATE person SET created_at = CURRENT_TIMESTAMP WHERE id "
        "= NEW.id; END\n";
  }
  EXPECT_EQ(expected, Describe(r.live));
  // The history table is not part of the schema.
  EXPECT_EQ(0u, r.live.tables.count(K("flyway_schema_history")));
}

// The examples of every dialect, migrated and read back.
void CatalogTest::MigrateExample(const std::string& example) {
  CopyExample(example);
  Migrate();
  run::DriftResult r = Drift();
  EXPECT_EQ("", Messages(r.differences));
  EXPECT_FALSE(r.live.tables.empty());
  EXPECT_EQ(r.replayed.tables.size(), r.live.tables.size());
  for (const auto& [key, t] : r.replayed.tables) {
    ASSERT_TRUE(r.live.tables.count(key)) << key;
    std::string replayed, live;
    for (const auto& c : t.columns) replayed += c.name + " ";
    for (const auto& c : r.live.tables.at(key).columns) live += c.name + " ";
    EXPECT_EQ(replayed, live) << key;
  }
}

TEST_P(CatalogTest, TableSplitExampleReadsBackAsReplayed) {
  MigrateExample(std::string("table-split/") + Dialect());
}

TEST_P(CatalogTest, SplitGeneratedExampleReadsBackAsReplayed) {
  MigrateExample(std::string("split-generated/") + Dialect() + "/sql");
}

TEST_P(CatalogTest, DriftNamesEachOutOfBandChange) {
  WriteEveryKind();
  Migrate();
  ASSERT_EQ("", Messages(Drift().differences));
  const std::string person = db_->Qualified("person");
  db_->Exec("ALTER TABLE " + person + " ADD COLUMN nickname text");
  if (mysql()) {
    db_->Exec("DROP INDEX person_born_idx ON " + person);
  } else {
    db_->Exec("DROP INDEX " +
              (postgres() ? db_->Qualified("person_born_idx") : std::string("person_born_idx")));
  }
  if (postgres()) {
    db_->Exec("ALTER TABLE " + person + " ALTER COLUMN name SET DEFAULT 'nobody'");
    db_->Exec("CREATE OR REPLACE VIEW " + db_->Qualified("person_orders") +
              " AS SELECT p.id, p.email, o.total, o.id AS "
              "order_id FROM " +
              person + " p JOIN " + db_->Qualified("orders") + " o ON o.person_id = p.id");
  } else if (mysql()) {
    db_->Exec("ALTER TABLE " + person + " ALTER COLUMN name SET DEFAULT 'nobody'");
    db_->Exec("CREATE OR REPLACE VIEW " + db_->Qualified("person_orders") +
              " AS SELECT p.id, p.email, o.total, o.id AS "
              "order_id FROM " +
              person + " p JOIN " + db_->Qualified("orders") + " o ON o.person_id = p.id");
  } else {
    // SQLite changes a default by rebuilding the table.
    db_->Exec("CREATE TABLE setting_new (name text PRIMARY KEY, value text DEFAULT 'off')");
    db_->Exec("INSERT INTO setting_new SELECT * FROM setting");
    db_->Exec("DROP TABLE setting");
    db_->Exec("ALTER TABLE setting_new RENAME TO setting");
    db_->Exec("DROP VIEW person_orders");
    db_->Exec(
        "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total, o.id AS order_id FROM person p JOIN "
        "orders o "
        "ON o.person_id = p.id");
  }
  run::DriftResult r = Drift();
  const std::string changed_default =
      postgres()
          ? "changed: column person.name has default 'nobody'::text in the database, but the migrations give "
            "'anonymous'\n"
      : mysql()
          ? "changed: column person.name has default 'nobody' in the database, but the migrations give "
            "'anonymous'\n"
          : "changed: column setting.value has default 'off' in the database, but the migrations give 'on'\n";
  // Sorted by the object's key, as the report lists them.
  const std::string sqlite_tail = postgres() || mysql() ? "" : changed_default;
  const std::string expected =
      (postgres() || mysql() ? changed_default : std::string()) +
      "extra: column person.nickname is in the database but no migration creates it\n"
      "missing: index person_born_idx on person (born) is created by the migrations but missing from the "
      "database\n"
      "changed: view person_orders has columns id, email, total, order_id in the database, but the "
      "migrations give "
      "id, email, total\n" +
      sqlite_tail;
  EXPECT_EQ(expected, Messages(r.differences));

  // [check] ignore takes named objects and patterns out of the report, and counts them.
  config::Settings s = Settings();
  s.check.ignore = {"person.nick*", "person_orders"};
  run::DriftResult ignored = Drift(s);
  EXPECT_EQ(2, ignored.ignored);
  EXPECT_EQ(2u, ignored.differences.size()) << Messages(ignored.differences);
}

// Triggers on every database: a dropped one is missing, one redefined out of band is changed in
// what differs (timing, event, body), one created out of band is extra.
TEST_P(CatalogTest, DriftNamesTriggerChanges) {
  WriteEveryKind();
  Migrate();
  ASSERT_EQ("", Messages(Drift().differences));
  const std::string person = db_->Qualified("person");
  const std::string touch = postgres() ? "person_touch ON " + person : mysql() ? db_->Qualified("person_touch")
                                                                              : std::string("person_touch");
  db_->Exec("DROP TRIGGER " + touch);
  EXPECT_EQ("missing: trigger person.person_touch is created by the migrations but missing from the database\n",
            Messages(Drift().differences));
  std::string expected;
  if (postgres()) {
    db_->Exec("CREATE TRIGGER person_touch AFTER INSERT OR UPDATE OF email, name ON " + person +
              " FOR EACH STATEMENT EXECUTE FUNCTION " + db_->Qualified("touch") + "()");
    db_->Exec("CREATE TRIGGER person_audit BEFORE DELETE ON " + person + " FOR EACH ROW EXECUTE FUNCTION " +
              db_->Qualified("touch") + "()");
    expected =
        "extra: trigger person.person_audit is in the database but no migration creates it\n"
        "changed: trigger person.person_touch has timing AFTER in the database, but the migrations give BEFORE\n"
        "changed: trigger person.person_touch has event INSERT OR UPDATE OF email, name in the database, but the "
        "migrations give UPDATE\n"
        "changed: trigger person.person_touch has level FOR EACH STATEMENT in the database, but the migrations give "
        "FOR EACH ROW\n";
  } else if (mysql()) {
    db_->Exec("CREATE TRIGGER " + db_->Qualified("person_touch") + " BEFORE UPDATE ON " + person +
              " FOR EACH ROW SET NEW.score = 0");
    db_->Exec("CREATE TRIGGER " + db_->Qualified("person_audit") + " AFTER DELETE ON " + person +
              " FOR EACH ROW SET @deleted = OLD.id");
    expected =
        "extra: trigger person.person_audit is in the database but no migration creates it\n"
        "changed: trigger person.person_touch has body SET NEW.score = 0 in the database, but the migrations give "
        "SET NEW.created_at = CURRENT_TIMESTAMP\n";
  } else {
    db_->Exec(
        "CREATE TRIGGER person_touch BEFORE UPDATE OF email ON person BEGIN UPDATE person SET created_at = "
        "CURRENT_TIMESTAMP WHERE id = NEW.id; END");
    db_->Exec("CREATE TRIGGER person_audit AFTER DELETE ON person BEGIN DELETE FROM orders WHERE person_id = OLD.id; END");
    expected =
        "extra: trigger person.person_audit is in the database but no migration creates it\n"
        "changed: trigger person.person_touch has timing BEFORE in the database, but the migrations give AFTER\n"
        "changed: trigger person.person_touch has event UPDATE OF email in the database, but the migrations give "
        "UPDATE\n";
  }
  EXPECT_EQ(expected, Messages(Drift().differences));
}

// A migration's DROP TRIGGER and a table rename are followed: the replayed triggers are the live ones.
TEST_P(CatalogTest, TriggersFollowDropAndRename) {
  if (postgres()) {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$;\n"
          "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump();\n"
          "CREATE TRIGGER t_b BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION bump();\n");
    Write("V2__t.sql", "DROP TRIGGER t_a ON t;\nALTER TABLE t RENAME TO u;\n");
  } else if (mysql()) {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 1;\n"
          "CREATE TRIGGER t_b BEFORE UPDATE ON t FOR EACH ROW SET NEW.n = 2;\n");
    Write("V2__t.sql", "DROP TRIGGER t_a;\nRENAME TABLE t TO u;\n");
  } else {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE TRIGGER t_a AFTER INSERT ON t BEGIN UPDATE t SET n = 1 WHERE id = NEW.id; END;\n"
          "CREATE TRIGGER t_b AFTER UPDATE ON t BEGIN UPDATE t SET n = 2 WHERE id = NEW.id; END;\n");
    Write("V2__t.sql", "DROP TRIGGER t_a;\nALTER TABLE t RENAME TO u;\n");
  }
  Migrate();
  run::DriftResult r = Drift();
  EXPECT_EQ("", Messages(r.differences));
  ASSERT_EQ(1u, r.live.triggers.size());
  EXPECT_EQ(K("u.t_b"), r.live.triggers.begin()->first);
  EXPECT_EQ(1u, r.replayed.triggers.count(K("u.t_b")));
}

// A view and a trigger that a later migration redefines (and a column rename that SQLite writes
// into both texts) read back as replayed.
TEST_P(CatalogTest, RedefinedViewAndTriggerReadBackAsReplayed) {
  if (postgres()) {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE VIEW v AS SELECT id, n FROM t;\n"
          "CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$;\n"
          "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump();\n");
    Write("V2__t.sql",
          "CREATE OR REPLACE VIEW v AS SELECT id, n FROM t WHERE n > 0;\n"
          "DROP TRIGGER t_a ON t;\n"
          "CREATE TRIGGER t_a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION bump();\n"
          "ALTER TABLE t RENAME COLUMN n TO m;\n");
  } else if (mysql()) {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE VIEW v AS SELECT id, n FROM t;\n"
          "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 1;\n");
    Write("V2__t.sql",
          "CREATE OR REPLACE VIEW v AS SELECT id, n FROM t WHERE n > 0;\n"
          "DROP TRIGGER t_a;\n"
          "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 2;\n");
  } else {
    Write("V1__t.sql",
          "CREATE TABLE t (id int PRIMARY KEY, n int);\n"
          "CREATE VIEW v AS SELECT id, n FROM t;\n"
          "CREATE TRIGGER t_a AFTER INSERT ON t BEGIN UPDATE t SET n = 1 WHERE id = NEW.id; END;\n");
    Write("V2__t.sql",
          "DROP VIEW v;\n"
          "CREATE VIEW v AS SELECT id, n FROM t WHERE n > 0;\n"
          "DROP TRIGGER t_a;\n"
          "CREATE TRIGGER t_a AFTER INSERT ON t BEGIN UPDATE t SET n = 2 WHERE id = NEW.id; END;\n"
          "ALTER TABLE t RENAME COLUMN n TO m;\n");
  }
  Migrate();
  run::DriftResult r = Drift();
  EXPECT_EQ("", Messages(r.differences));
  ASSERT_EQ(1u, r.replayed.triggers.count(K("t.t_a")));
  if (GetParam() == Backend::kSqlite) {
    // The texts are the rewritten ones on both sides, and they are compared.
    EXPECT_NE(r.replayed.views.at(K("v")).definition.find("WHERE m > 0"), std::string::npos)
        << r.replayed.views.at(K("v")).definition;
    EXPECT_NE(r.replayed.triggers.at(K("t.t_a")).body.find("SET m = 2"), std::string::npos);
  } else if (mysql()) {
    EXPECT_EQ("SET NEW.n = 2", r.replayed.triggers.at(K("t.t_a")).body);
  } else {
    EXPECT_EQ("UPDATE", r.replayed.triggers.at(K("t.t_a")).event);
  }
}

// A view whose columns stay but whose query changed: SQLite compares its text; PostgreSQL and
// MySQL/MariaDB rewrite a view's query, so they compare the columns' types.
TEST_P(CatalogTest, DriftNamesAChangedViewQuery) {
  WriteEveryKind();
  Migrate();
  ASSERT_EQ("", Messages(Drift().differences));
  const std::string view = db_->Qualified("person_orders");
  const std::string from =
      " FROM " + db_->Qualified("person") + " p JOIN " + db_->Qualified("orders") + " o ON o.person_id = p.id";
  std::string expected;
  if (postgres()) {
    db_->Exec("DROP VIEW " + view);
    db_->Exec("CREATE VIEW " + view + " AS SELECT p.id, p.email::text AS email, o.total" + from);
    expected =
        "changed: view person_orders has column types email text in the database, but the migrations give email "
        "varchar(200)\n";
  } else if (mysql()) {
    db_->Exec("CREATE OR REPLACE VIEW " + view + " AS SELECT p.id, CAST(p.email AS char(50)) AS email, o.total" + from);
    expected =
        "changed: view person_orders has column types email varchar(50) in the database, but the migrations give "
        "email varchar(200)\n";
  } else {
    db_->Exec("DROP VIEW person_orders");
    db_->Exec(
        "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM person p JOIN orders o ON o.person_id = p.id "
        "WHERE o.total > 100");
    expected =
        "changed: view person_orders has definition CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM "
        "person p JOIN orders o ON o.person_id = p.id WHERE o.total > 100 in the database, but the migrations give "
        "CREATE VIEW person_orders AS SELECT p.id, p.email, o.total FROM person p JOIN orders o ON o.person_id = "
        "p.id\n";
  }
  EXPECT_EQ(expected, Messages(Drift().differences));
}

// Every managed schema must exist: one dropped out of band is a missing schema (and its tables go with it).
// The servers' tests (SQLite has no schemas), and PostgreSQL's own (domains, composite types,
// partitioned tables).
class CatalogServerTest : public CatalogTest {};
class CatalogPostgresTest : public CatalogTest {};

TEST_P(CatalogServerTest, DriftNamesAMissingManagedSchema) {
  config::Settings s = Settings();
  const std::string second = db_->Schema() + "_b";
  s.schemas.push_back(second);
  Write("V1__t.sql", "CREATE TABLE " + second + ".t (id int PRIMARY KEY);\n");
  auto migrated = run::Migrate(s, false, {});
  ASSERT_TRUE(migrated) << Text(migrated.error());
  ASSERT_EQ("", Messages(Drift(s).differences));
  db_->Exec("DROP SCHEMA " + second + (postgres() ? " CASCADE" : ""));
  EXPECT_EQ("missing: schema " + second + " is a managed schema but missing from the database\n" +
                "missing: table " + second + ".t is created by the migrations but missing from the database\n",
            Messages(Drift(s).differences));
}

// Domains and composite types: missing, extra, a changed base type, changed attributes; an ALTER
// TYPE ... ATTRIBUTE in a migration, which the model does not follow, leaves the attributes uncompared.
TEST_P(CatalogPostgresTest, DriftNamesDomainAndCompositeTypeChanges) {
  Write("V1__types.sql",
        "CREATE DOMAIN amount AS numeric(10,2);\n"
        "CREATE DOMAIN code AS varchar(10);\n"
        "CREATE TYPE address AS (street text, city varchar(50));\n"
        "CREATE TYPE point3 AS (x int, y int);\n"
        "CREATE TYPE span AS (lo int, hi int);\n"
        "ALTER TYPE span ADD ATTRIBUTE width int;\n");
  Migrate();
  run::DriftResult clean = Drift();
  ASSERT_EQ("", Messages(clean.differences));
  ASSERT_EQ(5u, clean.live.types.size());
  EXPECT_EQ("lo integer, hi integer, width integer", [&] {
    std::string out;
    for (const auto& a : clean.live.types.at(K("span")).attributes) out += (out.empty() ? "" : ", ") + a.name + " " + a.type;
    return out;
  }());
  EXPECT_FALSE(clean.replayed.types.at(K("span")).attributes_known);
  db_->Exec("DROP DOMAIN " + db_->Qualified("amount"));
  db_->Exec("CREATE DOMAIN " + db_->Qualified("amount") + " AS numeric(12,2)");
  db_->Exec("DROP TYPE " + db_->Qualified("point3"));
  db_->Exec("ALTER TYPE " + db_->Qualified("address") + " ADD ATTRIBUTE zip text");
  db_->Exec("ALTER TYPE " + db_->Qualified("span") + " DROP ATTRIBUTE width");
  db_->Exec("CREATE DOMAIN " + db_->Qualified("email") + " AS text");
  EXPECT_EQ(
      "changed: composite type address has attributes street text, city varchar(50), zip text in the database, but "
      "the migrations give street text, city varchar(50)\n"
      "changed: domain amount has base type numeric(12,2) in the database, but the migrations give numeric(10,2)\n"
      "extra: domain email is in the database but no migration creates it\n"
      "missing: composite type point3 is created by the migrations but missing from the database\n",
      Messages(Drift().differences));
}

// A partitioned table's size is the sum of its partitions' (stats export, and lint's grading).
// EXCLUDE constraints: the catalog model keeps none, and neither does the replay (lint judges
// one when it is added), so a schema with them reads back as replayed.
TEST_P(CatalogPostgresTest, ExclusionConstraintsReadBackAsReplayed) {
  Write("V1__booking.sql",
        "CREATE TABLE booking (id int PRIMARY KEY, room int, during int4range,\n"
        "  CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));\n"
        "CREATE TABLE hold (id int PRIMARY KEY, during int4range);\n"
        "ALTER TABLE hold ADD CONSTRAINT hold_no_overlap EXCLUDE USING gist (during WITH &&);\n");
  Migrate();
  run::DriftResult r = Drift();
  EXPECT_EQ("", Messages(r.differences));
  EXPECT_EQ(1u, r.applied);
  // The constraint is real: PostgreSQL refuses the overlapping row.
  db_->Exec("INSERT INTO " + db_->Qualified("hold") + " VALUES (1, '[1,5)')");
  EXPECT_THROW(db_->Exec("INSERT INTO " + db_->Qualified("hold") + " VALUES (2, '[3,8)')"), std::exception);
}

TEST_P(CatalogPostgresTest, PartitionedTableSizeIsItsPartitionsSum) {
  Write("V1__events.sql",
        "CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);\n"
        "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
        "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n");
  Migrate();
  const std::string events = db_->Qualified("events");
  db_->Exec("INSERT INTO " + events + " SELECT g, DATE '2025-01-01' + (g % 700) FROM generate_series(1, 30000) g");
  db_->Exec("ANALYZE " + events);
  auto stats = run::ExportTableStats(Settings(), {});
  ASSERT_TRUE(stats) << stats.error().message;
  const lint::TableSize* parent = stats->Find("", "events");
  const lint::TableSize* a = stats->Find("", "events_2025");
  const lint::TableSize* b = stats->Find("", "events_2026");
  ASSERT_NE(parent, nullptr) << lint::TableStatsJson(*stats);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(30000, parent->rows);
  EXPECT_EQ(a->rows + b->rows, parent->rows);
  EXPECT_GT(a->rows, 0);
  EXPECT_GT(b->rows, 0);
  EXPECT_EQ(a->bytes + b->bytes, parent->bytes);
  EXPECT_GT(parent->bytes, 1 << 20);
}

TEST_P(CatalogTest, DriftRefusesAChangedAppliedFile) {
  Write("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n");
  Migrate();
  Write("V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  auto r = run::CheckDrift(Settings(), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(ErrorCode::kValidation, r.error().code);
  EXPECT_EQ(
      "check --drift replays the applied migrations at the checksums they were applied with, and 1 changed "
      "since",
      r.error().message);
}

// Table sizes: stats export reads them, and lint grades locking findings by them, live with
// --against-db and offline from the stats file, with the same result.
TEST_P(CatalogTest, ExportReadsEachTablesSize) {
  MigrateSizedTables();
  auto stats = run::ExportTableStats(SizedSettings(), {});
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_EQ(2u, stats->tables.size()) << lint::TableStatsJson(*stats);  // the history table is left out
  const lint::TableSize* big = stats->Find("", "big_t");
  const lint::TableSize* empty = stats->Find("", "empty_t");
  ASSERT_NE(big, nullptr);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(0, empty->rows);
  if (mysql()) {
    // InnoDB's TABLE_ROWS is a sampled estimate.
    EXPECT_NEAR(200000, big->rows, 40000);
  } else {
    EXPECT_EQ(200000, big->rows);
  }
  // 200,000 rows of two ints and a primary key take more than a megabyte on every engine.
  EXPECT_GT(big->bytes, 1 << 20);
  EXPECT_GE(empty->bytes, 0);
  EXPECT_LT(empty->bytes, big->bytes / 10);
}

TEST_P(CatalogTest, SizesGradeLockingFindingsLiveAndOffline) {
  MigrateSizedTables();
  WriteRewrites();
  run::LintRequest live;
  live.against_db = true;
  const lint::LintResult online = Lint(live, SizedSettings());
  const std::string found = FindingLines(online);
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ("", found);  // SQLite has no locking rule: nothing to grade
  } else {
    ASSERT_EQ(2u, online.findings.size()) << found;
    EXPECT_EQ(lint::Severity::kInfo, online.findings[0].severity) << found;
    EXPECT_EQ(lint::Severity::kError, online.findings[1].severity) << found;
    // PostgreSQL findings name the table with its schema, as the rules resolve it.
    const std::string schema = postgres() ? db_->Schema() + "." : "";
    EXPECT_NE(found.find("(" + schema + "empty_t: 0 rows, "), std::string::npos) << found;
    EXPECT_NE(found.find("; below the small-table threshold of 100 rows)\n"), std::string::npos) << found;
    EXPECT_NE(found.find("(" + schema + (postgres() ? "big_t: ~200.0K rows, " : "big_t: ~")), std::string::npos)
        << found;
    EXPECT_NE(found.find(" MB; above the large-table threshold of 100000 rows)\n"), std::string::npos) << found;
  }

  // The same grades offline, from the exported file, without a connection (--since reads no database).
  auto stats = run::ExportTableStats(SizedSettings(), {});
  ASSERT_TRUE(stats) << stats.error().message;
  run::LintRequest offline;
  offline.since = "1";
  offline.table_stats = dir_ + "/stats.json";
  offline.table_stats_text = lint::TableStatsJson(*stats);
  config::Settings s = SizedSettings();
  s.url.clear();
  s.lint.dialect = postgres() ? "postgres" : mysql() ? "mysql" : "sqlite";
  EXPECT_EQ(found, FindingLines(Lint(offline, s)));

  // Without sizes the rule's own severity stands.
  run::LintRequest plain;
  plain.since = "1";
  for (const auto& f : Lint(plain, s).findings) EXPECT_EQ(lint::Severity::kWarning, f.severity) << f.message;
}

TEST_P(CatalogTest, StatsFileRoundTripsThroughTheBinary) {
  MigrateSizedTables();
  WriteRewrites();
  const std::string file = dir_ + "/stats.json";
  const std::string url = "--url=" + db_->Url();
  std::vector<std::string> where = {url, "--locations=filesystem:" + sql_dir_};
  for (const auto& schema : db_->Schemas()) where.push_back("--schemas=" + schema);
  std::vector<std::string> args = {"stats", "export", "--output-file", file};
  args.insert(args.end(), where.begin(), where.end());
  Finished exported = Wait(StartShiftway(args, dir_, "export"), 120);
  ASSERT_EQ(0, exported.exit_code) << exported.err;
  EXPECT_EQ("Wrote the sizes of 2 tables to " + file + "\n", exported.out);
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"format\": \"shiftway-table-stats\",\n  \"version\": 1,"), std::string::npos) << text;
  // The source is described as every command describes the database, without a password.
  EXPECT_NE(text.find("\"source\": \"" + std::string(postgres() ? "PostgreSQL " : mysql() ? "M" : "SQLite ")),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(db_->Url()), std::string::npos);

  // A file of another version is refused, naming the file and what is wrong.
  WriteFile(dir_ + "/v9.json", "{\"format\": \"shiftway-table-stats\", \"version\": 9, \"tables\": []}");
  Finished bad = Wait(StartShiftway({"lint", "--since", "1", "--dialect", postgres() ? "postgres" : "mysql",
                                     "--table-stats", dir_ + "/v9.json", "--locations=filesystem:" + sql_dir_},
                                    dir_, "bad"),
                      60);
  EXPECT_EQ(2, bad.exit_code) << bad.out << bad.err;
  EXPECT_NE(bad.err.find(dir_ + "/v9.json: stats file version 9 is not supported; this shiftway reads version 1"),
            std::string::npos)
      << bad.err;
  WriteFile(dir_ + "/junk.json", "not json");
  Finished junk = Wait(StartShiftway({"lint", "--since", "1", "--dialect", "postgres", "--table-stats",
                                      dir_ + "/junk.json", "--locations=filesystem:" + sql_dir_},
                                     dir_, "junk"),
                       60);
  EXPECT_EQ(2, junk.exit_code) << junk.out << junk.err;
  EXPECT_NE(junk.err.find(dir_ + "/junk.json: not a stats file: it is not valid JSON"), std::string::npos) << junk.err;
}

// lint --against-db judges the new migrations on the live schema: a table created by a raw
// connection, not a migration, is known and released.
TEST_P(CatalogTest, LintAgainstDbKnowsAnOutOfBandTable) {
  Write("V1__init.sql", "CREATE TABLE person (id int PRIMARY KEY, name varchar(100));\n");
  Migrate();
  db_->Exec("CREATE TABLE " + db_->Qualified("legacy") + " (id int PRIMARY KEY, note varchar(100))");
  db_->Exec("CREATE TABLE " + db_->Qualified("legacy_log") + " (id int PRIMARY KEY)");
  Write("V2__cleanup.sql", "ALTER TABLE legacy RENAME COLUMN note TO remark;\nDROP TABLE IF EXISTS legacy_log;\n");
  run::LintRequest live;
  live.against_db = true;
  const std::string found = FindingLines(Lint(live, Settings()));
  const std::string drift =
      "warning released-schema-drift 1: the database differs from the schema its applied migrations produce: ";
  const std::string judged = "; lint judged the new migrations against the database's schema\n";
  // PostgreSQL findings name tables with their schema, as the rules resolve them.
  const std::string s = postgres() ? db_->Schema() + "." : "";
  EXPECT_EQ("error rename-column 1: renaming " + s +
                "legacy.note (varchar(100)) to remark breaks the running release, which still reads and writes "
                "note\n" +
                drift + "table legacy is in the database but no migration creates it" + judged + drift +
                "table legacy_log is in the database but no migration creates it" + judged +
                "error drop-table 2: dropping table " + s + "legacy_log breaks the running release, which still "
                "reads and writes " + s + "legacy_log\n",
            found);

  // Replay alone has never seen either table: the rename knows no type, and the drop of a table
  // that no migration created is info.
  run::LintRequest since;
  since.since = "1";
  config::Settings offline = Settings();
  offline.url.clear();
  offline.lint.dialect = Dialect();
  EXPECT_EQ("error rename-column 1: renaming " + s +
                "legacy.note to remark breaks the running release, which still reads and writes note\n"
                "info drop-table 2: dropping table " + s +
                "legacy_log if it exists changes nothing the running release uses: no earlier migration created "
                "it, and the history starts at version 1 with no baseline\n",
            FindingLines(Lint(since, offline)));
}

// A column added and an index dropped out of band: each is one drift finding with check --drift's
// wording, the lint judges the live shape, and [check] ignore leaves a difference out.
TEST_P(CatalogTest, LintAgainstDbReportsDriftAndJudgesTheLiveShape) {
  Write("V1__init.sql", "CREATE TABLE person (id int PRIMARY KEY, name varchar(100));\n"
                        "CREATE INDEX name_lookup ON person (name);\n");
  Migrate();
  const std::string person = db_->Qualified("person");
  db_->Exec("ALTER TABLE " + person + " ADD COLUMN nickname varchar(50)");
  db_->Exec(mysql() ? "DROP INDEX name_lookup ON " + person
                    : "DROP INDEX " + (postgres() ? db_->Qualified("name_lookup") : std::string("name_lookup")));
  Write("V2__nickname.sql", "ALTER TABLE person ADD COLUMN nickname varchar(50);\n");
  if (postgres()) Write("V3__drop_lookup.sql", "DROP INDEX IF EXISTS name_lookup;\n");
  run::LintRequest live;
  live.against_db = true;
  const std::string drift =
      "warning released-schema-drift 1: the database differs from the schema its applied migrations produce: ";
  const std::string judged = "; lint judged the new migrations against the database's schema\n";
  const std::string nickname = drift + "column person.nickname is in the database but no migration creates it" + judged;
  const std::string lookup =
      drift + "index name_lookup on person (name) is created by the migrations but missing from the database" + judged;
  // The index is not in the database, so the drop removes nothing (PostgreSQL, where dropping an
  // index blocks; from the replay alone it would be a warning).
  const std::string drop =
      postgres() ? "info drop-index-blocking 1: DROP INDEX IF EXISTS " + db_->Schema() +
                       ".name_lookup drops nothing and takes no lock: no earlier migration created an index of that "
                       "name, no key or constraint carries it, and the history starts at version 1 with no "
                       "baseline\n"
                 : "";
  // In the order check --drift lists them: by the object's key.
  EXPECT_EQ(lookup + nickname + drop, FindingLines(Lint(live, Settings())));

  config::Settings ignoring = Settings();
  ignoring.check.ignore = {"person.nick*"};
  EXPECT_EQ(lookup + drop, FindingLines(Lint(live, ignoring)));

  // As a user runs it: the findings in the human format, warnings only, so exit 0.
  std::vector<std::string> args = {"--url=" + db_->Url(), "--locations=filesystem:" + sql_dir_};
  for (const auto& schema : db_->Schemas()) args.push_back("--schemas=" + schema);
  args.insert(args.end(), {"lint", "--against-db"});
  Finished run = Wait(StartShiftway(args, dir_, "lint"), 120);
  EXPECT_EQ(0, run.exit_code) << run.out << run.err;
  EXPECT_NE(run.out.find(sql_dir_ + "/V2__nickname.sql:1:1: warning: the database differs from the schema its "
                                    "applied migrations produce: column person.nickname is in the database but no "
                                    "migration creates it"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("`shiftway check --drift` lists every difference"), std::string::npos) << run.out;
}

// A clean database: no drift finding, and the same findings as the replay of the same files.
TEST_P(CatalogTest, LintAgainstDbOnACleanDatabaseHasNoDrift) {
  WriteEveryKind();
  Migrate();
  Write("V4__rename.sql", "ALTER TABLE person RENAME COLUMN name TO full_name;\nALTER TABLE orders DROP COLUMN total;\n");
  run::LintRequest live;
  live.against_db = true;
  const std::string found = FindingLines(Lint(live, Settings()));
  EXPECT_EQ(std::string::npos, found.find("released-schema-drift")) << found;
  EXPECT_NE(std::string::npos,
            found.find("error rename-column 1: renaming " + (postgres() ? db_->Schema() + "." : std::string()) +
                       "person.name"))
      << found;
  run::LintRequest since;
  since.since = "3";
  config::Settings offline = Settings();
  offline.url.clear();
  offline.lint.dialect = Dialect();
  EXPECT_EQ(FindingLines(Lint(since, offline)), found);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogTest, testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, CatalogTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Mysql, CatalogTest, testing::Values(Backend::kMysql),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, CatalogServerTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Mysql, CatalogServerTest, testing::Values(Backend::kMysql),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, CatalogPostgresTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace shiftway::conformance
