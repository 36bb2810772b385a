// `verify`: the previous release's queries, prepared on a scratch database after each new migration.
#include "core/run/verify.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <cctype>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <tuple>

#include "core/base/strings.h"
#include "core/run/common.h"
#include "core/schema/apply.h"
#include "core/schema/frontend.h"
#include "drivers/url.h"

namespace shiftway::run {
namespace fs = std::filesystem;
namespace {

Error Interrupted() {
  return Error(ErrorCode::kMigration, "verify was interrupted").Note("the scratch database was dropped");
}

Result<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(Error(ErrorCode::kUsage, "cannot read the queries in " + path.generic_string())
                    .Hint("check that the file exists and is readable"));
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The capture: one file of `;`-separated statements, or every .sql file below a folder, in path
// order. Each query keeps the place it starts at, as the dialect's splitter found it.
Result<std::vector<CapturedQuery>> LoadQueries(const std::string& where, sql::Dialect dialect) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(where, ec)) {
    for (auto it = fs::recursive_directory_iterator(where, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".sql") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      return Fail(Error(ErrorCode::kUsage, "the queries folder " + where + " holds no .sql file")
                      .Hint("put the previous release's queries in .sql files there, or pass one file"));
    }
  } else if (fs::exists(where, ec)) {
    files.push_back(where);
  } else {
    return Fail(Error(ErrorCode::kUsage, "cannot read the queries in " + where + ": no such file or folder")
                    .Hint("pass --queries FILE or --queries DIR (or set queries under [verify]); "
                          "`shiftway queries export` is not available yet, so capture them from the test suite's "
                          "query log (docs/verify.md)"));
  }
  std::vector<CapturedQuery> out;
  for (const auto& f : files) {
    auto text = ReadText(f);
    if (!text) return Fail(text.error());
    const std::string shown = f.generic_string();
    auto statements = SplitScript(dialect, *text, shown);
    if (!statements) {
      Error e = statements.error();
      e.code = ErrorCode::kUsage;
      e.notes.clear();
      e.Hint("close it: the queries cannot be split into statements as they are");
      return Fail(std::move(e));
    }
    for (auto& st : *statements) out.push_back({shown, st.line, st.column, std::move(st.text)});
  }
  if (out.empty()) {
    return Fail(Error(ErrorCode::kUsage, "no queries in " + where + ": verify has nothing to prove")
                    .Hint("add the previous release's queries, one per statement, separated by ;"));
  }
  return out;
}

bool Loopback(const std::string& host) {
  return host.empty() || host == "localhost" || host == "127.0.0.1" || host == "::1" || host.starts_with("/");
}

int PortOf(const drivers::ConnectionSpec& s) {
  if (s.port) return s.port;
  return s.dialect == sql::Dialect::kPostgres ? 5432 : 3306;
}

// Whether two specs name the same database on the same server: the scratch database is created
// and dropped on it, so it must never be the configured target.
bool SameDatabase(const drivers::ConnectionSpec& a, const drivers::ConnectionSpec& b) {
  if (a.dialect != b.dialect || PortOf(a) != PortOf(b)) return false;
  const std::string ha = Lower(a.host), hb = Lower(b.host);
  if (ha != hb && !(Loopback(ha) && Loopback(hb))) return false;
  return a.database == b.database;
}

std::string UniqueName() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  char buf[64];
  std::snprintf(buf, sizeof buf, "shiftway_verify_%d_%08llx", static_cast<int>(getpid()),
                static_cast<unsigned long long>(gen() & 0xffffffffULL));
  return buf;
}

// The scratch database: SQLite in memory, or a uniquely named database on a scratch server that
// is dropped when this goes, whatever happened in between.
class Scratch {
 public:
  ~Scratch() { Drop(); }

  static Result<std::unique_ptr<Scratch>> Open(const config::Settings& settings, sql::Dialect dialect,
                                               const std::string& scratch_url, const Observer& observer) {
    auto s = std::unique_ptr<Scratch>(new Scratch());
    s->observer_ = observer;
    drivers::DriverOptions options;
    options.connect_timeout_s = settings.connect_timeout;
    options.lock_timeout_ms = 0;
    if (dialect == sql::Dialect::kSqlite) {
      if (!scratch_url.empty()) observer.warn("SQLite is verified in memory; the scratch URL is not used");
      drivers::ConnectionSpec spec;
      spec.dialect = sql::Dialect::kSqlite;
      spec.scheme = "sqlite";
      spec.path = ":memory:";
      auto d = drivers::OpenDriver(spec, options);
      if (!d) return Fail(d.error());
      s->db_ = std::move(*d);
      s->description_ = "SQLite in memory";
      return s;
    }
    const std::string name = dialect == sql::Dialect::kPostgres ? "PostgreSQL" : "MySQL/MariaDB";
    if (scratch_url.empty()) {
      return Fail(Error(ErrorCode::kUsage, "verify on " + name + " needs a scratch server, and none is configured")
                      .Hint("pass --scratch-url URL or set scratch_url under [verify]: a server where shiftway may "
                            "create and drop a throwaway database (never the production database)"));
    }
    auto spec = drivers::ParseUrl(scratch_url);
    if (!spec) {
      Error e = spec.error();
      e.message = "--scratch-url: " + e.message;
      return Fail(std::move(e));
    }
    if (spec->dialect != dialect) {
      return Fail(Error(ErrorCode::kUsage, "the scratch URL " + spec->Redacted() + " is not a " + name +
                                               " server, but the migrations are " + name)
                      .Hint("pass a --scratch-url of the same kind of database as the target"));
    }
    if (!settings.url.empty() && !settings.embedded_default) {
      if (auto target = drivers::ParseUrl(settings.url); target && SameDatabase(*spec, *target)) {
        return Fail(Error(ErrorCode::kUsage, "the scratch URL " + spec->Redacted() +
                                                 " names the configured target database, which verify never uses")
                        .Note("verify creates and drops a throwaway database on the scratch server")
                        .Hint("pass a --scratch-url of another database on the same server (for example "
                              "postgresql://HOST/postgres), or of a server of its own"));
      }
    }
    if (spec->user.empty() && !settings.user.empty()) spec->user = settings.user;
    if (spec->password.empty() && !settings.password.empty() && spec->user == settings.user) {
      spec->password = settings.password;
    }
    auto admin = drivers::OpenDriver(*spec, options);
    if (!admin) return Fail(admin.error());
    s->admin_ = std::move(*admin);
    s->name_ = UniqueName();
    const std::string quoted = dialect == sql::Dialect::kPostgres ? "\"" + s->name_ + "\"" : "`" + s->name_ + "`";
    s->drop_sql_ = "DROP DATABASE IF EXISTS " + quoted;
    if (dialect == sql::Dialect::kPostgres) {
      // WITH (FORCE) (PostgreSQL 13+) ends a session a killed run may have left on it.
      const std::string v = s->admin_->ServerVersion();
      const int major = std::atoi(v.substr(v.find(' ') + 1).c_str());
      if (major >= 13) s->drop_sql_ += " WITH (FORCE)";
    }
    sql::Statement create;
    create.text = "CREATE DATABASE " + quoted;
    if (auto r = s->admin_->Execute(create); !r) {
      Error e = r.error();
      e.code = ErrorCode::kDatabase;
      e.message = "cannot create the scratch database " + s->name_ + " on " + spec->Where() + ": " + e.message;
      e.Hint("the scratch URL's user needs the right to create databases (PostgreSQL CREATEDB, MySQL CREATE)");
      s->name_.clear();
      return Fail(std::move(e));
    }
    drivers::ConnectionSpec on = *spec;
    on.database = s->name_;
    // PostgreSQL: the configured schemas exist in the scratch database as on the target, and each
    // migration starts with the first one on the search_path (Driver::RestoreSessionState), as
    // under migrate. MySQL/MariaDB: the scratch database is the one schema.
    if (dialect == sql::Dialect::kMysql) options.schemas = {s->name_};
    else options.schemas = settings.schemas;
    auto d = drivers::OpenDriver(on, options);
    if (!d) return Fail(d.error());
    s->db_ = std::move(*d);
    if (!settings.schemas.empty() && dialect == sql::Dialect::kPostgres) {
      if (auto r = s->db_->EnsureSchemas(settings.schemas); !r) return Fail(r.error());
    }
    s->description_ = s->db_->ServerVersion() + " at " + spec->Where() + " (scratch database " + s->name_ + ")";
    return s;
  }

  drivers::Driver& db() { return *db_; }
  const std::string& description() const { return description_; }

  /// Drops the scratch database (closing its own connection first); a failure is a warning that
  /// names the database and how to drop it by hand.
  void Drop() {
    db_.reset();
    if (!admin_ || name_.empty()) return;
    sql::Statement drop;
    drop.text = drop_sql_;
    if (auto r = admin_->Execute(drop); !r) {
      observer_.warn("could not drop the scratch database " + name_ + ": " + r.error().message + "; drop it with " +
                     drop_sql_);
    }
    name_.clear();
    admin_.reset();
  }

 private:
  Scratch() = default;
  std::unique_ptr<drivers::Driver> admin_;  ///< on the scratch URL's own database: creates and drops
  std::unique_ptr<drivers::Driver> db_;     ///< on the scratch database
  std::string name_, drop_sql_, description_;
  Observer observer_;
};

// Runs a migration file's statements on the scratch database one at a time, as they come.
Result<void> ApplyFile(drivers::Driver& db, sql::Dialect dialect, const lint::LintFile& f,
                       const std::function<bool()>& interrupted, bool released) {
  auto statements = SplitScript(dialect, f.text, f.path);
  if (!statements) return Fail(statements.error());
  if (auto r = db.RestoreSessionState(); !r) return Fail(r.error());
  for (const auto& st : *statements) {
    if (interrupted()) return Fail(Interrupted());
    if (auto r = db.Execute(st); !r) {
      Error e = StatementError(r.error(), f.path, st);
      e.notes.clear();
      e.Note(released ? "a released migration fails on the scratch database, so verify cannot build the released "
                        "schema"
                      : "this new migration fails on the scratch database, so migrate would fail here too");
      e.Note("the scratch database was dropped");
      if (e.hint.empty()) e.Hint("fix the migration, then run verify again");
      return Fail(std::move(e));
    }
  }
  // The queries are prepared in the session the app would have, not in one a SET left behind.
  return db.RestoreSessionState();
}

// The query on one line, shortened, for messages.
std::string OneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 120) out = out.substr(0, 117) + "...";
  return out;
}

std::string DbWords(const Error& e) {
  std::string words = e.db_message.empty() ? e.message : e.db_message;
  while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
  if (!e.sqlstate.empty()) words += " (" + e.sqlstate + ")";
  return words;
}

std::string FirstLine(const std::string& file_text_line) {
  return file_text_line.substr(0, file_text_line.find('\n'));
}

// The configured severity of a verify rule, or nullopt when it is turned off.
std::optional<lint::Severity> SeverityOf(const lint::LintConfig& config, const std::string& rule,
                                         lint::Severity fallback) {
  if (config.disabled.count(rule)) return std::nullopt;
  auto it = config.severity.find(rule);
  return it == config.severity.end() ? fallback : it->second;
}


// What an INSERT writes: its table and the columns it names. nullopt for anything else, and for
// an INSERT whose shape this does not read (WITH ..., no column list: every column in order).
struct InsertTarget {
  std::string schema, table;
  std::vector<std::string> columns;
};

// The next token of `s` from `i`: a word, a quoted name (unquoted), or one punctuation character;
// comments and whitespace are skipped. `quoted` tells a quoted name from a keyword.
bool NextToken(std::string_view s, size_t& i, std::string& token, bool& quoted) {
  for (;;) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (s.substr(i, 2) == "--" || (i < s.size() && s[i] == '#')) {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (s.substr(i, 2) == "/*") {
      i = s.find("*/", i + 2);
      i = i == std::string_view::npos ? s.size() : i + 2;
    } else {
      break;
    }
  }
  if (i >= s.size()) return false;
  quoted = false;
  const char c = s[i];
  if (c == '"' || c == '`' || c == '[') {
    const char close = c == '[' ? ']' : c;
    token.clear();
    for (++i; i < s.size(); ++i) {
      if (s[i] == close) {
        if (i + 1 < s.size() && s[i + 1] == close && close != ']') {
          token += close;
          ++i;
          continue;
        }
        ++i;
        break;
      }
      token += s[i];
    }
    quoted = true;
    return true;
  }
  if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
    size_t j = i;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '$')) ++j;
    token = std::string(s.substr(i, j - i));
    i = j;
    return true;
  }
  token = std::string(1, c);
  ++i;
  return true;
}

std::optional<InsertTarget> ParseInsert(std::string_view text) {
  size_t i = 0;
  std::string t;
  bool quoted = false;
  if (!NextToken(text, i, t, quoted) || quoted || Lower(t) != "insert") return std::nullopt;
  // INSERT [OR REPLACE | IGNORE | LOW_PRIORITY | ...] INTO
  for (int words = 0;; ++words) {
    if (!NextToken(text, i, t, quoted) || words > 4) return std::nullopt;
    if (!quoted && Lower(t) == "into") break;
  }
  InsertTarget out;
  if (!NextToken(text, i, t, quoted)) return std::nullopt;
  out.table = t;
  std::string next;
  if (NextToken(text, i, next, quoted) && next == ".") {
    out.schema = out.table;
    if (!NextToken(text, i, out.table, quoted)) return std::nullopt;
    if (!NextToken(text, i, next, quoted)) return std::nullopt;
  }
  if (!quoted && Lower(next) == "as") {  // PostgreSQL: INSERT INTO t AS alias
    if (!NextToken(text, i, next, quoted) || !NextToken(text, i, next, quoted)) return std::nullopt;
  }
  if (next != "(") return std::nullopt;
  for (;;) {
    if (!NextToken(text, i, t, quoted)) return std::nullopt;
    if (!quoted && t == ")") break;
    if (!quoted && t == ",") continue;
    if (!quoted && (t == "(" || t == ";")) return std::nullopt;
    out.columns.push_back(t);
  }
  return out;
}

// The released schema's columns an INSERT must name and does not: NOT NULL, no default, not
// generated. "" when it names them all, or the table or its columns are unknown to the model.
std::vector<std::string> MissingRequired(const InsertTarget& insert, const schema::Model& model) {
  std::vector<std::string> missing;
  const schema::Table* table = model.FindTable(insert.schema, insert.table);
  if (!table || table->columns_unknown) return missing;
  for (const auto& c : table->columns) {
    if (!c.not_null || c.has_default || c.generated) continue;
    const bool named = std::any_of(insert.columns.begin(), insert.columns.end(),
                                   [&](const std::string& n) { return schema::SameName(n, c.name); });
    if (!named) missing.push_back(c.name);
  }
  return missing;
}

// The schema model after each migration file, replayed statement by statement as lint replays
// the released files (core/lint/lint.cc), for the writes that prepare but would fail.
class ModelReplay {
 public:
  explicit ModelReplay(const lint::LintInput& in) : dialect_(in.dialect), frontend_(schema::MakeFrontend(in.dialect)) {
    frontend_->SetServerVersion(in.config.server_version);
    model_.default_schema = schema::DefaultSchema(in.dialect);
    if (dialect_ == sql::Dialect::kPostgres && !in.schemas.empty()) {
      model_.default_schema = in.schemas.front();
      search_path_ = {in.schemas.front(), "$user", "public"};
    }
  }

  /// Applies the file; returns the lowercase names of the tables, views and indexes it changed,
  /// or nullopt when it changed something a query may depend on without naming it (a routine,
  /// a type, a schema, a statement the model cannot read).
  std::optional<std::set<std::string>> Apply(const lint::LintFile& f) {
    std::optional<std::set<std::string>> touched = std::set<std::string>{};
    auto touch = [&](const schema::Change& c) {
      using K = schema::ChangeKind;
      switch (c.kind) {
        case K::kDml: case K::kBegin: case K::kCommit: case K::kSetLockTimeout:
          return;
        case K::kOther:
          // Something the model keeps nothing of: on a named table (an ALTER TABLE clause) it is
          // that table's business; otherwise (GRANT, CREATE EXTENSION, ALTER FUNCTION ... SET
          // SCHEMA, ...) it may change how any query prepares.
          if (!c.object.empty() && touched) {
            touched->insert(Lower(c.object));
          } else {
            touched.reset();
          }
          return;
        case K::kCreateTable: case K::kDropTable: case K::kRenameTable: case K::kAddColumn: case K::kDropColumn:
        case K::kRenameColumn: case K::kAlterColumnType: case K::kSetNotNull: case K::kDropNotNull:
        case K::kSetDefault: case K::kDropDefault: case K::kAddIdentity: case K::kAddConstraint:
        case K::kValidateConstraint: case K::kDropConstraint: case K::kCreateIndex: case K::kDropIndex:
        case K::kCreateView: case K::kDropView: case K::kRenameView: case K::kCreateTrigger: case K::kDropTrigger:
          if (touched) {
            for (const std::string* n : {&c.object, &c.table, &c.new_name}) {
              if (!n->empty()) touched->insert(Lower(*n));
            }
          }
          return;
        default:
          touched.reset();
      }
    };
    sql::SplitEach(dialect_, f.text, [&](sql::Statement&& st) {
      for (auto& c : frontend_->Parse(st, model_)) {
        touch(c);
        if (dialect_ == sql::Dialect::kPostgres) schema::ResolveSearchPath(c, model_, search_path_);
        schema::Annotate(c, model_, nullptr);
        std::vector<schema::Change> deps = schema::CascadedChanges(c, model_);
        schema::Apply(c, model_, nullptr);
        for (auto& d : deps) {
          touch(d);
          schema::Annotate(d, model_, nullptr);
          schema::Apply(d, model_, nullptr);
        }
      }
    });
    return touched;
  }

  const schema::Model& model() const { return model_; }

 private:
  sql::Dialect dialect_;
  std::unique_ptr<schema::Frontend> frontend_;
  schema::Model model_;
  std::vector<std::string> search_path_;
};

// The lowercase words and quoted names of a query: the objects it may read are among them.
std::set<std::string> Names(std::string_view text) {
  std::set<std::string> out;
  size_t i = 0;
  std::string t;
  bool quoted = false;
  while (NextToken(text, i, t, quoted)) {
    if (!t.empty() && (quoted || std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_')) out.insert(Lower(t));
  }
  return out;
}

// Whether a step that changed `touched` may change how `names` prepares. A query that reads a
// view is always prepared again: a view depends on tables without naming them in the query.
bool MayAffect(const std::optional<std::set<std::string>>& touched, const std::set<std::string>& names,
               const schema::Model& model) {
  if (!touched) return true;
  for (const auto& n : names) {
    if (touched->count(n)) return true;
    if (model.FindView("", n)) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}
}  // namespace

Result<VerifyResult> Verify(const config::Settings& settings, VerifyRequest request, const Observer& observer) {
  request.boundary.files.clear();
  if (request.boundary.since.empty() && request.boundary.against.empty() && !request.boundary.against_db &&
      settings.lint.since.empty() && settings.lint.against.empty()) {
    return Fail(
        Error(ErrorCode::kUsage,
              "verify needs to know what the previous release shipped, and no release boundary is set")
            .Hint("pass --since VERSION, --against git:REF or --against-db, as for lint; or set since or "
                  "against under [lint]"));
  }
  const std::string where = request.queries.empty() ? settings.verify.queries : request.queries;
  if (where.empty()) {
    return Fail(Error(ErrorCode::kUsage, "verify needs the previous release's queries, and none were given")
                    .Hint("pass --queries FILE|DIR, or set queries under [verify]"));
  }
  auto plan = PrepareLint(settings, request.boundary, observer);
  if (!plan) return Fail(plan.error());
  const sql::Dialect dialect = plan->input.dialect;
  auto queries = LoadQueries(where, dialect);
  if (!queries) return Fail(queries.error());
  auto linted = lint::Lint(plan->input);
  if (!linted) return Fail(linted.error());

  VerifyResult out;
  out.boundary = plan->boundary;
  out.queries = static_cast<int>(queries->size());
  out.migrations = static_cast<int>(plan->input.added.size());
  out.result = std::move(*linted);

  auto scratch = Scratch::Open(settings, dialect,
                               request.scratch_url.empty() ? settings.verify.scratch_url : request.scratch_url,
                               observer);
  if (!scratch) return Fail(scratch.error());
  out.scratch = (*scratch)->description();
  observer.info("Scratch database: " + out.scratch);
  drivers::Driver& db = (*scratch)->db();

  ModelReplay replay(plan->input);
  for (const auto& f : plan->input.released) {
    if (auto r = ApplyFile(db, dialect, f, request.interrupted, true); !r) return Fail(r.error());
    replay.Apply(f);
  }
  std::string released_at = plan->input.released_max_version;
  if (released_at.empty()) {
    for (const auto& f : plan->input.released) {
      if (!f.version.empty()) released_at = f.version;
    }
  }
  const std::string at_release = released_at.empty() ? "the empty schema" : "version " + released_at;

  const lint::LintConfig& config = plan->input.config;
  const auto break_severity = SeverityOf(config, "query-breaks", lint::Severity::kError);
  const auto capture_severity = SeverityOf(config, "query-bad-capture", lint::Severity::kWarning);
  std::vector<lint::Finding> found;
  auto report = [&](const CapturedQuery& q, const char* rule, lint::Severity sev, lint::Category cat,
                    std::string message, std::string help) {
    lint::Finding f;
    f.rule = rule;
    f.severity = sev;
    f.category = cat;
    f.file = q.file;
    f.line = q.line;
    f.column = q.column;
    f.message = std::move(message);
    f.help = std::move(help);
    f.source_line = FirstLine(q.text);
    f.subject = "query:" + q.file + ":" + std::to_string(q.line);
    found.push_back(std::move(f));
  };

  // Queries still to check: those that prepared at the release and have not broken yet.
  std::vector<const CapturedQuery*> alive;
  std::map<const CapturedQuery*, InsertTarget> inserts;
  std::map<const CapturedQuery*, std::set<std::string>> names;
  std::map<const CapturedQuery*, std::vector<std::string>> required_at_release;
  for (const auto& q : *queries) {
    if (request.interrupted()) return Fail(Interrupted());
    auto r = db.Prepare(q.text);
    if (r) {
      alive.push_back(&q);
      names[&q] = Names(q.text);
      if (auto insert = ParseInsert(q.text)) {
        inserts[&q] = *insert;
        required_at_release[&q] = MissingRequired(*insert, replay.model());
      }
      continue;
    }
    ++out.bad_captures;
    if (capture_severity) {
      report(q, "query-bad-capture", *capture_severity, lint::Category::kHygiene,
             "query \"" + OneLine(q.text) + "\" does not prepare even at the released " + at_release +
                 ", so no new migration is to blame: " + DbWords(r.error()),
             "fix or remove it in the capture: it is not a query the previous release can send to the released "
             "schema (captured from another database, written for another dialect, or not a single statement)");
    }
  }

  for (const auto& f : plan->input.added) {
    if (auto r = ApplyFile(db, dialect, f, request.interrupted, false); !r) return Fail(r.error());
    const auto touched = replay.Apply(f);
    std::vector<const CapturedQuery*> still;
    for (const CapturedQuery* q : alive) {
      if (request.interrupted()) return Fail(Interrupted());
      // A step that changed none of the objects the query names cannot change how it prepares.
      if (!MayAffect(touched, names[q], replay.model())) {
        ++out.skipped;
        still.push_back(q);
        continue;
      }
      auto r = db.Prepare(q->text);
      if (r) {
        // It prepares, but a column it leaves out became required: every row it writes fails.
        if (auto it = inserts.find(q); it != inserts.end()) {
          std::vector<std::string> now = MissingRequired(it->second, replay.model());
          const auto& before = required_at_release[q];
          std::erase_if(now, [&](const std::string& c) {
            return std::any_of(before.begin(), before.end(), [&](const std::string& b) { return schema::SameName(b, c); });
          });
          if (!now.empty()) {
            ++out.breaks;
            if (break_severity) {
              report(*q, "query-breaks", *break_severity, lint::Category::kCompatibility,
                     "query \"" + OneLine(q->text) + "\" of the previous release prepares after " + f.path +
                         ", but every row it inserts fails: it leaves out " + it->second.table + "." + Join(now) +
                         (now.size() == 1 ? ", which is" : ", which are") + " NOT NULL without a default there",
                     "give the new column a default (or add it nullable first and require it a release later, "
                     "once no running release inserts without it)");
            }
            continue;
          }
        }
        still.push_back(q);
        continue;
      }
      ++out.breaks;
      if (break_severity) {
        report(*q, "query-breaks", *break_severity, lint::Category::kCompatibility,
               "query \"" + OneLine(q->text) + "\" of the previous release fails after " + f.path + ": " +
                   DbWords(r.error()),
               "the previous release still sends it while this release rolls out and after a rollback; make the "
               "change in expand/contract steps (`shiftway split " + f.path + "`), or remove the query from the "
               "capture if the previous release no longer sends it");
      }
    }
    alive = std::move(still);
  }
  (*scratch)->Drop();

  int lint_compat = 0;
  for (const auto& f : out.result.findings) {
    if (f.category == lint::Category::kCompatibility && lint::AtOrAbove(f.severity, lint::Severity::kWarning)) {
      ++lint_compat;
    }
  }
  const int checked = out.queries - out.bad_captures;
  if (out.breaks > 0 && lint_compat == 0) {
    out.disagreement = "lint found nothing that breaks the previous release, but " + std::to_string(out.breaks) +
                       (out.breaks == 1 ? " of its queries breaks" : " of its queries break") +
                       ": the static rules missed this change";
  } else if (out.breaks == 0 && lint_compat > 0 && checked > 0) {
    out.disagreement = "lint reports " + std::to_string(lint_compat) +
                       " compatibility finding(s), but every query that prepared at the release (" +
                       std::to_string(checked) + " of " + std::to_string(out.queries) +
                       ") still prepares after every new migration";
  }

  std::stable_sort(found.begin(), found.end(), [](const lint::Finding& a, const lint::Finding& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  for (auto& f : found) out.result.findings.push_back(std::move(f));
  lint::Summary& s = out.result.summary;
  s.errors = s.warnings = s.infos = 0;
  for (const auto& f : out.result.findings) {
    if (f.severity == lint::Severity::kError) ++s.errors;
    else if (f.severity == lint::Severity::kWarning) ++s.warnings;
    else ++s.infos;
  }
  return out;
}

}  // namespace shiftway::run
