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
#include "core/sql/scan.h"
#include "core/sql/tokens.h"
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

// The values of a `-- params: v1, v2, ...` line: SQL literals separated by commas outside quotes
// and parentheses. nullopt, with `why`, when a quote is not closed or a value is empty.
std::optional<std::vector<std::string>> ParseParams(std::string_view list, sql::Dialect dialect, std::string* why) {
  std::vector<std::string> out;
  std::string value;
  int depth = 0;
  auto push = [&]() -> bool {
    std::string v = Trim(value);
    value.clear();
    if (v.empty()) return false;
    out.push_back(std::move(v));
    return true;
  };
  for (size_t i = 0; i < list.size();) {
    const char c = list[i];
    if (c == '\'' || c == '"' || (c == '`' && dialect == sql::Dialect::kMysql)) {
      bool open = false;
      const size_t end = sql::scan::SkipQuoted(list, i, c, c == '\'' && dialect == sql::Dialect::kMysql, &open);
      if (open) {
        *why = std::string("a quote (") + c + ") is not closed";
        return std::nullopt;
      }
      value.append(list.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      if (!push()) {
        *why = "value " + std::to_string(out.size() + 1) + " is empty";
        return std::nullopt;
      }
    } else {
      value += c;
    }
    ++i;
  }
  if (!Trim(value).empty() || !out.empty()) {
    if (!push()) {
      *why = "value " + std::to_string(out.size() + 1) + " is empty";
      return std::nullopt;
    }
  }
  return out;
}

// The sample parameters a capture gives a query: the last `-- params:` comment line between the
// previous statement and this one.
Result<void> ReadParams(std::string_view file_text, size_t from, CapturedQuery& q, size_t offset,
                        sql::Dialect dialect) {
  std::string_view gap = file_text.substr(from, offset - from);
  size_t found = std::string_view::npos;
  for (size_t at = gap.find("--"); at != std::string_view::npos; at = gap.find("--", at + 2)) {
    size_t k = at + 2;
    while (k < gap.size() && (gap[k] == ' ' || gap[k] == '\t')) ++k;
    if (gap.substr(k, 7) == "params:") found = at;
  }
  if (found == std::string_view::npos) return {};
  const size_t colon = gap.find(':', found);
  const size_t eol = std::min(gap.find('\n', colon), gap.size());
  std::string why;
  auto values = ParseParams(gap.substr(colon + 1, eol - colon - 1), dialect, &why);
  if (!values) {
    const int line = static_cast<int>(std::count(file_text.begin(), file_text.begin() + from + found, '\n')) + 1;
    return Fail(Error(ErrorCode::kUsage, q.file + ":" + std::to_string(line) + ": the -- params: line cannot be read: " + why)
                    .Hint("write the sample parameters as SQL literals separated by commas, in placeholder order: "
                          "-- params: 1, 'Ada', NULL"));
  }
  q.params = std::move(*values);
  q.has_params = true;
  return {};
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
                          "capture them from the test suite's query log, or from a live database with `shiftway "
                          "queries export` (docs/verify.md)"));
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
    size_t from = 0;
    for (auto& st : *statements) {
      CapturedQuery q{shown, st.line, st.column, st.text};
      if (auto r = ReadParams(*text, from, q, st.offset, dialect); !r) return Fail(r.error());
      from = st.offset + st.text.size();
      out.push_back(std::move(q));
    }
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


struct Token {
  std::string text;
  bool quoted = false;
};

std::vector<Token> Tokenize(std::string_view text, bool backslash) {
  std::vector<Token> out;
  size_t i = 0;
  Token t;
  while (sql::NextToken(text, i, t.text, t.quoted, backslash)) out.push_back(t);
  return out;
}

// What an INSERT (or REPLACE) writes, read from its text: the table, the columns it names, or with
// no column list how many values a row holds. nullopt for any other statement, and for an INSERT
// whose shape this does not read.
struct InsertTarget {
  std::string schema, table;  ///< as the catalog spells them (PostgreSQL: unquoted names folded)
  /// It names the columns it writes: a column list, MySQL's SET a = ..., or DEFAULT VALUES (none).
  bool listed = false;
  std::vector<std::string> columns;  ///< listed: the columns it names, in order
  /// No column list: the values of a VALUES row; -1 for a query (INSERT ... SELECT), which fills
  /// every column of the table.
  int values = -1;
  std::vector<bool> all_default;     ///< per written position: every row gives it DEFAULT
  std::vector<std::string> updated;  ///< ON CONFLICT ... DO UPDATE SET / ON DUPLICATE KEY UPDATE
  bool overriding_system = false;    ///< PostgreSQL OVERRIDING SYSTEM VALUE
};

class InsertParser {
 public:
  InsertParser(std::string_view text, sql::Dialect dialect)
      : t_(Tokenize(text, dialect == sql::Dialect::kMysql)), dialect_(dialect) {}

  std::optional<InsertTarget> Parse() {
    if (Is(0, "with")) {  // WITH ... INSERT: the first INSERT outside the common table expressions
      int depth = 0;
      for (i_ = 1; i_ < t_.size(); ++i_) {
        if (Punct(i_, "(")) ++depth;
        else if (Punct(i_, ")")) --depth;
        else if (depth == 0 && (Is(i_, "insert") || Is(i_, "replace"))) break;
        else if (depth == 0 && (Is(i_, "select") || Is(i_, "update") || Is(i_, "delete") || Is(i_, "values")))
          return std::nullopt;
      }
    }
    if (!Is(i_, "insert") && !Is(i_, "replace")) return std::nullopt;
    ++i_;
    // MySQL LOW_PRIORITY | DELAYED | HIGH_PRIORITY, IGNORE; SQLite OR REPLACE | IGNORE | ...; INTO is
    // optional on MySQL.
    static const std::set<std::string> kModifiers = {"low_priority", "delayed", "high_priority", "ignore", "or",
                                                     "replace",      "rollback", "abort",        "fail"};
    while (i_ < t_.size() && kModifiers.count(Word(i_))) ++i_;
    if (Is(i_, "into")) ++i_;
    if (!Name(i_)) return std::nullopt;
    InsertTarget out;
    out.table = Spelled(i_++);
    if (Punct(i_, ".") && Name(i_ + 1)) {
      out.schema = out.table;
      out.table = Spelled(i_ + 1);
      i_ += 2;
    }
    if (Is(i_, "partition")) {  // MySQL INSERT INTO t PARTITION (p0)
      ++i_;
      if (!SkipParens()) return std::nullopt;
    }
    if (Is(i_, "as")) i_ += 2;  // PostgreSQL INSERT INTO t AS alias
    if (Punct(i_, "(") && !Is(i_ + 1, "select") && !Is(i_ + 1, "with") && !Is(i_ + 1, "values") &&
        !Is(i_ + 1, "table")) {
      out.listed = true;
      bool expect = true;
      for (++i_;; ++i_) {
        if (i_ >= t_.size() || Punct(i_, "(") || Punct(i_, ";")) return std::nullopt;
        if (Punct(i_, ")")) break;
        if (Punct(i_, ",")) {
          expect = true;
        } else if (expect) {
          if (!Name(i_)) return std::nullopt;
          out.columns.push_back(Spelled(i_));
          expect = false;
        }
      }
      ++i_;
    }
    if (Is(i_, "overriding")) {
      out.overriding_system = Is(i_ + 1, "system");
      i_ += 3;
    }
    if (Is(i_, "default") && Is(i_ + 1, "values")) {
      out.listed = true;
      out.columns.clear();
      i_ += 2;
    } else if (Is(i_, "values") || Is(i_, "value")) {
      ++i_;
      if (!Rows(out)) return std::nullopt;
    } else if (dialect_ == sql::Dialect::kMysql && Is(i_, "set") && !out.listed) {
      ++i_;
      out.listed = true;
      Assignments(out.columns, &out.all_default);
    } else if (!Is(i_, "select") && !Is(i_, "with") && !Punct(i_, "(") && !Is(i_, "table")) {
      return std::nullopt;
    }
    // What an upsert's UPDATE part assigns: ON DUPLICATE KEY UPDATE a = ..., or ON CONFLICT ... DO
    // UPDATE SET a = ...
    for (int depth = 0; i_ < t_.size(); ++i_) {
      if (Punct(i_, "(")) ++depth;
      else if (Punct(i_, ")")) --depth;
      else if (depth == 0 && ((Is(i_, "key") && Is(i_ + 1, "update")) || (Is(i_, "update") && Is(i_ + 1, "set")))) {
        i_ += 2;
        Assignments(out.updated, nullptr);
        break;
      }
    }
    return out;
  }

 private:
  std::string Word(size_t k) const { return k < t_.size() && !t_[k].quoted ? Lower(t_[k].text) : std::string(); }
  bool Is(size_t k, const char* w) const { return Word(k) == w; }
  bool Punct(size_t k, const char* p) const { return k < t_.size() && !t_[k].quoted && t_[k].text == p; }
  bool Name(size_t k) const {
    if (k >= t_.size()) return false;
    const std::string& s = t_[k].text;
    return t_[k].quoted || (!s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'));
  }
  std::string Spelled(size_t k) const {
    return dialect_ == sql::Dialect::kPostgres && !t_[k].quoted ? Lower(t_[k].text) : t_[k].text;
  }
  bool SkipParens() {
    if (!Punct(i_, "(")) return false;
    for (int depth = 0; i_ < t_.size(); ++i_) {
      if (Punct(i_, "(")) ++depth;
      if (Punct(i_, ")") && --depth == 0) {
        ++i_;
        return true;
      }
    }
    return false;
  }
  // (v, ...), (v, ...): how many values a row holds, and which positions are DEFAULT in every row.
  bool Rows(InsertTarget& out) {
    bool first = true;
    while (Punct(i_, "(")) {
      std::vector<bool> row;
      size_t start = ++i_;
      for (int depth = 0;; ++i_) {
        if (i_ >= t_.size()) return false;
        const bool end = depth == 0 && Punct(i_, ")");
        if (end || (depth == 0 && Punct(i_, ","))) {
          if (!(end && i_ == start && row.empty())) row.push_back(i_ == start + 1 && Is(start, "default"));
          start = i_ + 1;
          if (end) break;
        } else if (Punct(i_, "(")) {
          ++depth;
        } else if (Punct(i_, ")")) {
          --depth;
        }
      }
      ++i_;
      if (first) {
        out.values = static_cast<int>(row.size());
        out.all_default = row;
        first = false;
      } else {
        for (size_t k = 0; k < out.all_default.size(); ++k) out.all_default[k] = out.all_default[k] && k < row.size() && row[k];
      }
      if (!Punct(i_, ",")) break;
      ++i_;
    }
    return !first;
  }
  // a = v, b = DEFAULT, ...: the columns assigned, up to the end of the list.
  void Assignments(std::vector<std::string>& columns, std::vector<bool>* defaults) {
    bool expect = true;
    size_t value = 0;
    auto close = [&] {
      if (defaults && !columns.empty() && defaults->size() < columns.size())
        defaults->push_back(i_ == value + 1 && Is(value, "default"));
    };
    for (int depth = 0; i_ < t_.size(); ++i_) {
      if (Punct(i_, "(")) {
        ++depth;
      } else if (Punct(i_, ")")) {
        if (--depth < 0) break;
      } else if (depth == 0 && Punct(i_, ",")) {
        close();
        expect = true;
      } else if (depth == 0 && (Is(i_, "on") || Is(i_, "where") || Is(i_, "returning") || Punct(i_, ";"))) {
        break;
      } else if (expect && Name(i_)) {
        // t.a = ...: the column is the last name before "="
        size_t k = i_;
        while (Punct(k + 1, ".") && Name(k + 2)) k += 2;
        columns.push_back(Spelled(k));
        i_ = k;
        if (Punct(i_ + 1, "=")) ++i_;
        value = i_ + 1;
        expect = false;
      }
    }
    close();
  }

  std::vector<Token> t_;
  sql::Dialect dialect_;
  size_t i_ = 0;
};

std::optional<InsertTarget> ParseInsert(std::string_view text, sql::Dialect dialect) {
  return InsertParser(text, dialect).Parse();
}

// What makes an INSERT that prepares fail on every row, or write into other columns, against a
// table's columns now, leaving out what was so at the release already (no new migration is to
// blame for that).
struct InsertProblems {
  std::vector<std::string> missing;    ///< required columns it leaves out
  std::vector<std::string> generated;  ///< "v (a generated column)": columns that refuse the value it gives
  std::vector<std::string> updated;    ///< the same, set by its upsert's UPDATE part (fails on a conflict)
  std::string shifted;                 ///< no column list: where a value goes now instead
};

std::string Ordinal(size_t n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

InsertProblems Judge(const InsertTarget& in, const std::vector<drivers::InsertColumn>& released,
                     const std::vector<drivers::InsertColumn>& now) {
  InsertProblems out;
  // The columns it writes, in order: the ones it names, or the table's first ones.
  auto written = [&](const std::vector<drivers::InsertColumn>& table) {
    if (in.listed) return in.columns;
    const size_t n = in.values >= 0 ? static_cast<size_t>(in.values) : released.size();
    std::vector<std::string> out;
    for (size_t k = 0; k < n && k < table.size(); ++k) out.push_back(table[k].name);
    return out;
  };
  auto find = [](const std::vector<drivers::InsertColumn>& table, const std::string& name) -> const drivers::InsertColumn* {
    for (const auto& c : table) {
      if (schema::SameName(c.name, name)) return &c;
    }
    return nullptr;
  };
  auto named = [](const std::vector<std::string>& names, const std::string& name) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return schema::SameName(n, name); });
  };
  const std::vector<std::string> then = written(released), writes = written(now);
  for (const auto& c : now) {
    if (!c.required || named(writes, c.name)) continue;
    const drivers::InsertColumn* before = find(released, c.name);
    if (before && before->required && !named(then, c.name)) continue;
    out.missing.push_back(c.name);
  }
  auto refuses = [&](const drivers::InsertColumn* c) {
    return c && !c->generated.empty() && !(c->identity && in.overriding_system);
  };
  auto check_generated = [&](const std::string& name, std::vector<std::string>& into) {
    const drivers::InsertColumn* c = find(now, name);
    if (!refuses(c) || refuses(find(released, name))) return;
    const std::string entry = c->name + " (" + c->generated + ")";
    if (std::find(into.begin(), into.end(), entry) == into.end()) into.push_back(entry);
  };
  for (size_t k = 0; k < writes.size(); ++k) {
    if (k < in.all_default.size() && in.all_default[k]) continue;
    check_generated(writes[k], out.generated);
  }
  for (const auto& u : in.updated) check_generated(u, out.updated);
  if (!in.listed) {
    // A released column is now at another place, or another released column is where it was: the
    // values go into other columns (a renamed column keeps its place and is not such a move).
    for (size_t k = 0; k < then.size() && k < writes.size(); ++k) {
      if (schema::SameName(then[k], writes[k])) continue;
      const bool moved = std::any_of(now.begin(), now.end(), [&](const auto& c) { return schema::SameName(c.name, then[k]); }) ||
                         find(released, writes[k]);
      if (!moved) continue;
      out.shifted = "its " + Ordinal(k + 1) + " value went into " + in.table + "." + then[k] + " at the release and now goes into " +
                    in.table + "." + writes[k];
      break;
    }
  }
  return out;
}

// Whether a query writes: INSERT, UPDATE, DELETE, REPLACE or MERGE, also after WITH ...
bool IsWrite(std::string_view text) {
  int depth = 0;
  for (const auto& t : Tokenize(text, false)) {
    if (t.quoted) continue;
    if (t.text == "(") ++depth;
    else if (t.text == ")") --depth;
    if (depth != 0) continue;
    const std::string w = Lower(t.text);
    if (w == "insert" || w == "update" || w == "delete" || w == "replace" || w == "merge") return true;
    if (w == "select" || w == "values" || w == "table" || w == "show" || w == "explain") return false;
  }
  return false;
}

// The query with its sample parameters in place of its placeholders ($1 on PostgreSQL; ?, ?NNN and
// $1 on SQLite; ? on MySQL/MariaDB), outside strings, quoted names and comments. nullopt, with
// `why`, when the values do not match the placeholders.
std::optional<std::string> BindSample(std::string_view text, const std::vector<std::string>& params,
                                      sql::Dialect dialect, std::string* why) {
  std::string out;
  size_t next = 0, used = 0, highest = 0;
  bool numbered = false;
  const bool mysql = dialect == sql::Dialect::kMysql;
  auto word_before = [&](size_t i) {
    return i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
  };
  auto value = [&](size_t n) -> const std::string* {  // 1-based
    highest = std::max(highest, n);
    ++used;
    return n >= 1 && n <= params.size() ? &params[n - 1] : nullptr;
  };
  bool missing = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\'' || c == '"' || (c == '`' && mysql)) {
      const size_t end = sql::scan::SkipQuoted(text, i, c, c == '\'' && mysql);
      out.append(text.substr(i, end - i));
      i = end;
    } else if (text.substr(i, 2) == "--" || (c == '#' && mysql)) {
      const size_t end = std::min(text.find('\n', i), text.size());
      out.append(text.substr(i, end - i));
      i = end;
    } else if (text.substr(i, 2) == "/*") {
      const size_t close = text.find("*/", i + 2);
      const size_t end = close == std::string_view::npos ? text.size() : close + 2;
      out.append(text.substr(i, end - i));
      i = end;
    } else if ((c == '$' && !mysql && !word_before(i) && i + 1 < text.size() && sql::scan::IsDigit(text[i + 1])) ||
               (c == '?' && dialect == sql::Dialect::kSqlite && i + 1 < text.size() && sql::scan::IsDigit(text[i + 1]))) {
      size_t j = i + 1, n = 0;
      while (j < text.size() && sql::scan::IsDigit(text[j]) && n < 100000) n = n * 10 + (text[j++] - '0');
      numbered = true;
      const std::string* v = value(n);
      if (v) out += *v;
      missing = missing || !v;
      i = j;
    } else if (c == '?' && dialect != sql::Dialect::kPostgres) {
      const std::string* v = value(++next);
      if (v) out += *v;
      missing = missing || !v;
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  const size_t placeholders = numbered ? highest : used;
  if (missing || placeholders != params.size()) {
    *why = "it has " + std::to_string(placeholders) + " placeholder(s), but its -- params: line gives " +
           std::to_string(params.size()) + " value(s)";
    return std::nullopt;
  }
  return out;
}

// Runs `text` in a transaction that is always rolled back. The outer error is a rollback that
// failed (the scratch database may hold the write: stop); the inner one is the write's own.
Result<std::optional<Error>> RunRolledBack(drivers::Driver& db, const std::string& text) {
  if (auto r = db.Begin(); !r) return Fail(r.error());
  sql::Statement st;
  st.text = text;
  auto r = db.Execute(st);
  if (auto rb = db.Rollback(); !rb) {
    Error e = rb.error();
    e.message = "cannot roll back a write verify ran with its sample parameters: " + e.message;
    return Fail(std::move(e));
  }
  if (!r) return std::optional<Error>(r.error());
  return std::optional<Error>();
}

// The finding for what Judge found, as the rest of the sentence after "prepares after FILE, but",
// and its help; nullopt when the INSERT still works.
constexpr const char* kKeepWritable =
    "keep the column writable while the previous release still writes it: add the generated column under a new "
    "name, switch the readers to it, and drop the old column a release later";

std::optional<std::pair<std::string, std::string>> InsertFinding(const InsertProblems& p, const std::string& table) {
  std::string what, help;
  auto qualified = [&](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& c : v) out += (out.empty() ? "" : ", ") + table + "." + c;
    return out;
  };
  if (!p.missing.empty()) {
    what = "every row it inserts fails: it leaves out " + qualified(p.missing) +
           (p.missing.size() == 1 ? ", which is" : ", which are") + " NOT NULL without a default there";
    help = "give the new column a default (or add it nullable first and require it a release later, once no "
           "running release inserts without it)";
  } else if (!p.generated.empty()) {
    what = "every row it inserts fails: it writes a value into " + qualified(p.generated) +
           ", which takes only DEFAULT there";
    help = kKeepWritable;
  } else if (!p.updated.empty()) {
    what = "every row that meets an existing one fails: its update sets " + qualified(p.updated) +
           ", which takes only DEFAULT there";
    help = kKeepWritable;
  } else if (!p.shifted.empty()) {
    what = "its values go into other columns: it names no columns, and " + p.shifted;
    help = "keep the released columns in their places (add new ones at the end, drop or move one only once no "
           "running release inserts without a column list), or have the app name the columns it inserts";
  } else {
    return std::nullopt;
  }
  return std::make_pair(what, help);
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
  std::map<const CapturedQuery*, std::string> samples;  ///< --execute: the write with its sample parameters
  std::map<const CapturedQuery*, std::set<std::string>> names;
  // The columns of each table an INSERT writes: at the release, and after the current step.
  std::map<std::string, std::vector<drivers::InsertColumn>> at_release_columns, step_columns;
  auto columns_of = [&](const InsertTarget& t, std::map<std::string, std::vector<drivers::InsertColumn>>& cache)
      -> Result<const std::vector<drivers::InsertColumn>*> {
    const std::string key = t.schema + "\x01" + t.table;
    auto it = cache.find(key);
    if (it == cache.end()) {
      auto read = db.InsertColumns(t.schema, t.table);
      if (!read) return Fail(read.error());
      it = cache.emplace(key, std::move(*read)).first;
    }
    return &it->second;
  };
  for (const auto& q : *queries) {
    if (request.interrupted()) return Fail(Interrupted());
    auto r = db.Prepare(q.text);
    if (r) {
      alive.push_back(&q);
      names[&q] = sql::Names(q.text);
      if (auto insert = ParseInsert(q.text, dialect)) {
        inserts[&q] = *insert;
        if (auto c = columns_of(*insert, at_release_columns); !c) return Fail(c.error());
      }
      if (request.execute && q.has_params && IsWrite(q.text)) {
        std::string why;
        auto bound = BindSample(q.text, q.params, dialect, &why);
        std::optional<Error> failed;
        if (bound) {
          auto ran = RunRolledBack(db, *bound);
          if (!ran) return Fail(ran.error());
          ++out.executed;
          failed = std::move(*ran);
        }
        if (bound && !failed) {
          samples[&q] = std::move(*bound);
          continue;
        }
        alive.pop_back();
        ++out.bad_captures;
        if (capture_severity) {
          report(q, "query-bad-capture", *capture_severity, lint::Category::kHygiene,
                 "query \"" + OneLine(q.text) + "\" prepares at the released " + at_release + ", but " +
                     (bound ? "fails when run with its sample parameters, so no new migration is to blame: " +
                                  DbWords(*failed)
                            : "its sample parameters do not fit: " + why),
                 "fix the -- params: line before it: the values the previous release sends, as SQL literals in "
                 "placeholder order");
        }
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
    step_columns.clear();
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
        // It prepares, but every row it writes fails (a column it leaves out became required, one it
        // writes became generated), or its values go into other columns.
        if (auto it = inserts.find(q); it != inserts.end()) {
          auto now = columns_of(it->second, step_columns);
          if (!now) return Fail(now.error());
          const InsertProblems p = Judge(it->second, at_release_columns[it->second.schema + "\x01" + it->second.table],
                                         **now);
          if (auto finding = InsertFinding(p, it->second.table)) {
            ++out.breaks;
            if (break_severity) {
              report(*q, "query-breaks", *break_severity, lint::Category::kCompatibility,
                     "query \"" + OneLine(q->text) + "\" of the previous release prepares after " + f.path + ", but " +
                         finding->first,
                     finding->second);
            }
            continue;
          }
        }
        // --execute: the write with its sample parameters, rolled back.
        if (auto it = samples.find(q); it != samples.end()) {
          auto ran = RunRolledBack(db, it->second);
          if (!ran) return Fail(ran.error());
          ++out.executed;
          if (*ran) {
            ++out.breaks;
            if (break_severity) {
              report(*q, "query-breaks", *break_severity, lint::Category::kCompatibility,
                     "query \"" + OneLine(q->text) + "\" of the previous release prepares after " + f.path +
                         ", but fails when run with its sample parameters (rolled back): " + DbWords(**ran),
                     "the previous release still sends such writes while this release rolls out and after a "
                     "rollback; add the new constraint in expand/contract steps (once no running release writes "
                     "rows it refuses), or fix the sample parameters if the previous release never sends them");
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
