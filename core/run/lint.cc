// `lint`: turning a release boundary (a version, a git ref or a database's history) into the
// linter's released and new files. The rules never learn which boundary it was.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>

#include "core/migration/checksum.h"
#include "core/run/common.h"
#include "core/run/git_tree.h"
#include "core/run/replay_cache.h"
#include "drivers/url.h"

namespace shiftway::run {
namespace fs = std::filesystem;
namespace {

using migration::Kind;

// A migration file from disk or from a commit, before placeholders.
struct Candidate {
  migration::ParsedName name;
  size_t location = 0;  // index into the locations
  std::string script;   // relative to its location, as history stores it
  std::string display;  // as findings show it
  std::string abs;      // canonical absolute path on disk (whether or not it exists there)
  std::string text;     // decoded UTF-8, placeholders not replaced
  int32_t checksum = 0;
};

// Returns the text with placeholders replaced; may move it out of the candidate, which is not used
// afterwards, so a large file is not held twice.
using Replacer = std::function<Result<std::string>(Candidate&)>;

std::string Canonical(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  std::string out = p.generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// `abs` relative to `root`, or "" when it is not below it.
std::string BelowRoot(const std::string& abs, const std::string& root) {
  if (root.empty()) return "";
  if (abs == root) return ".";
  if (!abs.starts_with(root + "/")) return "";
  return abs.substr(root.size() + 1);
}

// How a file is shown: relative to the repository root when there is one (SARIF, GitHub and
// GitLab need that to attach findings to the diff), else as the user wrote it.
std::string Display(const std::string& as_given, const std::string& abs, const std::string& root) {
  std::string rel = BelowRoot(abs, root);
  return rel.empty() || rel == "." ? fs::path(as_given).generic_string() : rel;
}

Result<sql::Dialect> ParseDialect(const std::string& name, const std::string& origin) {
  if (name == "postgres" || name == "postgresql") return sql::Dialect::kPostgres;
  if (name == "mysql" || name == "mariadb") return sql::Dialect::kMysql;
  if (name == "sqlite") return sql::Dialect::kSqlite;
  return Fail(Error(ErrorCode::kUsage, "unknown dialect '" + name + "' in " + origin)
                  .Hint("use postgres, mysql, mariadb or sqlite"));
}

bool HasUrl(const config::Settings& s) {
  return !s.url.empty() && !s.embedded_default;
}

Result<sql::Dialect> ChooseDialect(const config::Settings& s, const LintRequest& r) {
  if (!r.dialect.empty()) return ParseDialect(r.dialect, "--dialect");
  if (HasUrl(s)) {
    auto spec = drivers::ParseUrl(s.url);
    if (!spec) return Fail(spec.error());
    return spec->dialect;
  }
  if (!s.lint.dialect.empty()) return ParseDialect(s.lint.dialect, "[lint] dialect");
  return Fail(
      Error(ErrorCode::kUsage, "lint needs to know the SQL dialect, and no dialect or database URL is set")
          .Hint("pass --dialect postgres|mysql|mariadb|sqlite, set dialect under [lint], or configure the "
                "database URL (--url, SHIFTWAY_URL)"));
}

Result<lint::LintConfig> MakeConfig(const config::Settings& s) {
  lint::LintConfig c;
  c.server_version = s.lint.server_version;
  c.small_table_rows = s.lint.small_table_rows;
  c.large_table_rows = s.lint.large_table_rows;
  c.drift_ignore = s.check.ignore;
  for (const auto& [rule, value] : s.lint.rules) {
    if (value == "off") {
      c.disabled.insert(rule);
      continue;
    }
    lint::Severity sev;
    if (!lint::ParseSeverity(value, &sev)) {
      return Fail(Error(ErrorCode::kConfig, "[lint.rules] " + rule +
                                                " must be error, warning, info or off, not '" + value + "'"));
    }
    c.severity[rule] = sev;
    c.enabled.insert(rule);  // giving a severity turns on a rule that is off by default
  }
  return c;
}

// Placeholders as migrate would replace them, with the built-ins that need a connection taken
// from the settings instead.
migration::Placeholders OfflinePlaceholders(const config::Settings& s, sql::Dialect dialect) {
  migration::Placeholders p = s.placeholders;
  std::string user = s.user, database, schema;
  if (HasUrl(s)) {
    if (auto spec = drivers::ParseUrl(s.url)) {
      if (user.empty()) user = spec->user;
      database = dialect == sql::Dialect::kSqlite ? spec->path : spec->database;
    }
  }
  if (!s.schemas.empty())
    schema = s.schemas.front();
  else if (dialect == sql::Dialect::kPostgres)
    schema = "public";
  else if (dialect == sql::Dialect::kSqlite)
    schema = "main";
  else
    schema = database;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  p.AddBuiltin("defaultSchema", schema);
  p.AddBuiltin("user", user);
  p.AddBuiltin("database", database);
  p.AddBuiltin("timestamp", stamp);
  p.AddBuiltin("table", s.table);
  return p;
}

Replacer OfflineReplacer(const config::Settings& s, sql::Dialect dialect) {
  auto p = std::make_shared<migration::Placeholders>(OfflinePlaceholders(s, dialect));
  return [p](Candidate& c) -> Result<std::string> {
    if (!p->enabled || c.text.find(p->prefix) == std::string::npos) return std::move(c.text);
    migration::Placeholders with_file = *p;
    const std::string file_name = fs::path(c.script.empty() ? c.display : c.script).filename().string();
    with_file.values["flyway:filename"] = file_name;
    with_file.values["shiftway:filename"] = file_name;
    return migration::ReplacePlaceholders(c.text, with_file, c.display);
  };
}

bool Lintable(Kind k) {
  return k == Kind::kVersioned || k == Kind::kRepeatable;
}

// A released B baseline migration is what a fresh database starts from (Flyway runs the latest one
// at or below the target and skips the versions it covers), so the released schema is the latest
// released B file followed by the versions above it.
void UseReleasedBaseline(std::vector<Candidate>& released) {
  const Candidate* latest = nullptr;
  for (const auto& c : released) {
    if (c.name.kind == Kind::kBaseline && (!latest || latest->name.version < c.name.version)) latest = &c;
  }
  if (!latest) return;
  const migration::Version at = latest->name.version;
  const std::string keep = latest->abs;
  std::erase_if(released, [&](const Candidate& c) {
    if (c.name.kind == Kind::kBaseline) return c.abs != keep;
    return c.name.kind == Kind::kVersioned && !(at < c.name.version);
  });
}

// Replay order: versioned by version, then repeatables by description (Flyway's order).
void SortCandidates(std::vector<Candidate>& v) {
  std::stable_sort(v.begin(), v.end(), [](const Candidate& a, const Candidate& b) {
    const bool av = a.name.kind != Kind::kRepeatable, bv = b.name.kind != Kind::kRepeatable;
    if (av != bv) return av;
    if (av) return a.name.version < b.name.version;
    return a.name.description < b.name.description;
  });
}

struct Locations {
  std::vector<std::string> dirs;  // as configured, scheme removed
  std::vector<std::string> abs;   // canonical
};

Result<Locations> ResolveLocations(const config::Settings& s) {
  Locations out;
  for (const auto& loc : s.locations) {
    auto dir = migration::LocationDirectory(loc);
    if (!dir) return Fail(dir.error());
    out.dirs.push_back(*dir);
    out.abs.push_back(Canonical(*dir));
  }
  return out;
}

// The files on disk, each tagged with its location.
// `baseline` is set when the locations hold a B baseline migration: the history then does not
// start from an empty schema.
Result<std::vector<Candidate>> DiskCandidates(const config::Settings& s, const Locations& locs,
                                              const std::string& root, const Observer& observer, bool* baseline) {
  migration::DiscoveryOptions d = config::DiscoveryOptionsOf(s);
  auto found = migration::Discover(d);
  if (!found) return Fail(found.error());
  for (const auto& w : found->warnings) observer.warn(w);
  std::vector<Candidate> out;
  for (auto& m : found->migrations) {
    if (m.name.kind == Kind::kBaseline) *baseline = true;
    if (!Lintable(m.name.kind) && m.name.kind != Kind::kBaseline) continue;
    Candidate c;
    for (size_t i = 0; i < locs.dirs.size(); ++i) {
      if ((fs::path(locs.dirs[i]) / m.script).generic_string() == m.path) {
        c.location = i;
        break;
      }
    }
    c.abs = locs.abs[c.location] + "/" + m.script;
    c.display = Display(m.path, c.abs, root);
    c.name = std::move(m.name);
    c.script = std::move(m.script);
    c.text = std::move(m.text);
    c.checksum = m.checksum;
    out.push_back(std::move(c));
  }
  return out;
}

struct Boundary {
  enum class Kind { kNone, kSince, kGit, kDatabase } kind = Kind::kNone;
  std::string value;
};

Result<Boundary> ChooseBoundary(const config::Settings& s, const LintRequest& r) {
  const int given = !r.since.empty() + !r.against.empty() + (r.against_db ? 1 : 0);
  if (given > 1) {
    return Fail(Error(ErrorCode::kUsage, "lint takes one release boundary, but more than one was given")
                    .Hint("use one of --since VERSION, --against git:REF and --against-db"));
  }
  std::string since = r.since, against = r.against;
  bool db = r.against_db;
  std::string origin = "--against";
  if (given == 0) {
    if (!s.lint.since.empty() && !s.lint.against.empty()) {
      return Fail(Error(ErrorCode::kConfig, "[lint] sets both since and against")
                      .Hint("keep one of them, or override both with --since, --against or --against-db"));
    }
    since = s.lint.since;
    against = s.lint.against;
    origin = "[lint] against";
    if (against == "db" || against == "database") {
      against.clear();
      db = true;
    }
  }
  Boundary b;
  if (!since.empty()) {
    if (!migration::Version::Parse(since)) {
      return Fail(Error(ErrorCode::kUsage, "--since needs a version such as 3 or 1.2, not '" + since + "'")
                      .Hint("give the highest version the previous release shipped"));
    }
    b.kind = Boundary::Kind::kSince;
    b.value = since;
  } else if (!against.empty()) {
    if (!against.starts_with("git:") || against.size() == 4) {
      return Fail(
          Error(ErrorCode::kUsage, origin + " must be git:REF, not '" + against + "'")
              .Hint("for example --against git:v1.4.0 or --against git:origin/main; for the database's "
                    "history use --against-db"));
    }
    b.kind = Boundary::Kind::kGit;
    b.value = against.substr(4);
  } else if (db) {
    b.kind = Boundary::Kind::kDatabase;
  }
  return b;
}

}  // namespace

static Result<lint::TableStats> ReadStats(Session& s, const config::Settings& settings) {
  lint::TableStats stats;
  stats.dialect = std::string(sql::DialectName(s.driver().dialect()));
  stats.default_schema = s.driver().DefaultSchema();
  stats.source = s.DatabaseDescription();
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  stats.taken_at = when;
  auto sizes = s.driver().ReadTableSizes(settings.schemas);
  if (!sizes) return Fail(sizes.error());
  stats.tables = std::move(*sizes);
  return stats;
}

std::vector<std::string> LiveSchemas(const config::Settings& settings, drivers::Driver& driver) {
  return settings.schemas.empty() ? std::vector<std::string>{driver.DefaultSchema()} : settings.schemas;
}

// SQLite's schema is its CREATE texts, which lint runs in its front end and reads from there, the
// way ReadSchema would: reading it twice would run every CREATE twice.
static Result<lint::LiveSchema> ReadLiveSchema(Session& s, const config::Settings& settings) {
  lint::LiveSchema live;
  live.schemas = LiveSchemas(settings, s.driver());
  auto statements = s.driver().ReadSchemaStatements(settings.schemas);
  if (!statements) return Fail(statements.error());
  live.statements = std::move(*statements);
  if (!live.statements.empty()) return live;
  auto model = s.driver().ReadSchema(settings.schemas);
  if (!model) return Fail(model.error());
  live.model = std::move(*model);
  return live;
}

Result<lint::TableStats> ExportTableStats(const config::Settings& settings, const Observer& observer) {
  auto session = Session::Open(settings, {.read_only = true, .lock = false}, observer);
  if (!session) return Fail(session.error());
  return ReadStats(**session, settings);
}

Result<LintPlan> PrepareLint(const config::Settings& settings, LintRequest request, const Observer& observer) {
  auto dialect = ChooseDialect(settings, request);
  if (!dialect) return Fail(dialect.error());
  auto boundary = ChooseBoundary(settings, request);
  if (!boundary) return Fail(boundary.error());
  if (boundary->kind == Boundary::Kind::kNone && request.files.empty()) {
    return Fail(
        Error(ErrorCode::kUsage,
              "lint needs to know what the previous release shipped, and no release boundary is set")
            .Hint("pass --since VERSION (versions up to VERSION were released), --against git:REF (what "
                  "the migration folders held at REF), or --against-db (what the configured database has "
                  "applied); or set since or against under [lint]"));
  }
  auto config = MakeConfig(settings);
  if (!config) return Fail(config.error());
  auto locs = ResolveLocations(settings);
  if (!locs) return Fail(locs.error());

  LintPlan plan;
  plan.input.dialect = *dialect;
  plan.input.schemas = settings.schemas;
  plan.input.config = std::move(*config);
  // Only the SQLite front end runs the released files, and so gains from keeping their replay.
  if (*dialect == sql::Dialect::kSqlite) plan.input.replay_cache = ReplayCacheOf(settings.lint.cache_dir.value_or("off"));
  if (!request.table_stats.empty()) {
    auto stats = lint::ParseTableStats(request.table_stats_text, request.table_stats);
    if (!stats) return Fail(stats.error());
    plan.input.table_stats = std::move(*stats);
  }

  std::unique_ptr<GitTree> tree;
  std::string root;
  if (boundary->kind == Boundary::Kind::kGit) {
    auto opened = GitTree::Open(locs->dirs.empty() ? "." : locs->dirs.front(), boundary->value);
    if (!opened) return Fail(opened.error());
    tree = std::move(*opened);
    root = tree->work_tree();
  } else {
    root = FindWorkTree(locs->dirs.empty() ? "." : locs->dirs.front());
  }

  Replacer replace = OfflineReplacer(settings, *dialect);
  std::vector<Candidate> released, added;
  std::vector<lint::ModifiedMigration> modified;
  std::unique_ptr<Session> session;  // kept open until the placeholders are replaced

  switch (boundary->kind) {
    case Boundary::Kind::kNone:
      break;
    case Boundary::Kind::kSince: {
      auto disk = DiskCandidates(settings, *locs, root, observer, &plan.input.baseline);
      if (!disk) return Fail(disk.error());
      auto since = migration::Version::Parse(boundary->value);
      for (auto& c : *disk) {
        // A version cannot tell whether a repeatable changed; it counts as released.
        const bool is_released = c.name.kind == Kind::kRepeatable || !(*since < c.name.version);
        // A baseline above the boundary never runs on a database that has the release.
        if (c.name.kind == Kind::kBaseline && !is_released) continue;
        (is_released ? released : added).push_back(std::move(c));
      }
      plan.boundary = "since version " + boundary->value;
      break;
    }
    case Boundary::Kind::kGit: {
      auto disk = DiskCandidates(settings, *locs, root, observer, &plan.input.baseline);
      if (!disk) return Fail(disk.error());
      std::map<std::pair<size_t, std::string>, Candidate> at_ref;
      for (size_t i = 0; i < locs->dirs.size(); ++i) {
        std::string rel = BelowRoot(locs->abs[i], root);
        if (rel.empty()) {
          return Fail(Error(ErrorCode::kUsage,
                            "location " + settings.locations[i] + " is outside the git work tree " + root +
                                ", so --against git:" + boundary->value + " cannot read it")
                          .Hint("run lint from the repository that holds the migrations"));
        }
        auto files = tree->Files(rel == "." ? "" : rel);
        if (!files) return Fail(files.error());
        for (auto& f : *files) {
          Candidate c;
          c.location = i;
          c.script = rel == "." ? f.path : f.path.substr(rel.size() + 1);
          auto check = migration::ParseMigrationName(fs::path(c.script).filename().string(), settings.naming);
          if (check.parsed && check.parsed->kind == Kind::kBaseline) plan.input.baseline = true;
          if (!check.parsed || (!Lintable(check.parsed->kind) && check.parsed->kind != Kind::kBaseline)) continue;
          c.name = std::move(*check.parsed);
          c.display = f.path;
          c.abs = root + "/" + f.path;
          auto text =
              migration::DecodeToUtf8InPlace(std::move(f.bytes), settings.encoding, c.display + " at " + boundary->value);
          if (!text) return Fail(text.error());
          c.text = std::move(*text);
          c.checksum = migration::FlywayChecksum(c.text);
          at_ref.emplace(std::make_pair(i, c.script), std::move(c));
        }
      }
      for (auto& c : *disk) {
        auto it = at_ref.find({c.location, c.script});
        if (it == at_ref.end()) {
          // A baseline added since REF never runs on a database that has the release.
          if (c.name.kind != Kind::kBaseline) added.push_back(std::move(c));
          continue;
        }
        if (it->second.checksum != c.checksum) {
          if (c.name.kind == Kind::kRepeatable) {
            added.push_back(std::move(c));  // replayed at REF, linted as it is now
          } else {
            modified.push_back({c.display, c.name.version.raw(), it->second.checksum, c.checksum});
          }
        }
      }
      // Everything at REF was released, also files deleted since: databases have applied them.
      for (auto& [key, c] : at_ref) released.push_back(std::move(c));
      plan.boundary = "git ref " + boundary->value + " (" + tree->commit() + ")";
      break;
    }
    case Boundary::Kind::kDatabase: {
      if (!HasUrl(settings)) {
        return Fail(Error(ErrorCode::kUsage, "--against-db needs a database URL, and none is configured")
                        .Hint("pass --url, set SHIFTWAY_URL, or set url under [environments.NAME]"));
      }
      auto opened = Session::Open(settings, {.read_only = true, .lock = false}, observer);
      if (!opened) return Fail(opened.error());
      session = std::move(*opened);
      Session& s = *session;
      auto history = s.ReadHistory();
      if (!history) return Fail(history.error());
      if (!s.history_exists()) {
        // Most likely a wrong URL or schema; linting everything as new would pass it silently.
        observer.warn(s.DatabaseDescription() + " has no schema history table " + settings.table +
                      ", so no migration counts as released and every one is linted as new");
      }
      auto res = s.Resolve(*history);
      if (!res) return Fail(res.error());
      // A repeatable has one info per applied row; the file's latest state decides.
      enum class Fate { kReleased, kNew, kChanged };
      std::map<const migration::MigrationFile*, Fate> fate;
      std::vector<const migration::MigrationFile*> order;
      for (const auto& info : res->infos) {
        if (info.state == migration::State::kBaseline || (info.file && info.file->name.kind == Kind::kBaseline)) {
          plan.input.baseline = true;
        }
        if (!info.file || !Lintable(info.file->name.kind)) continue;
        using migration::State;
        Fate f;
        switch (info.state) {
          case State::kSuccess:
          case State::kOutOfOrder:
          case State::kBaseline:
          case State::kBelowBaseline:
          case State::kSuperseded:
            f = Fate::kReleased;
            break;
          case State::kOutdated:
            f = Fate::kChanged;
            break;
          default:
            f = Fate::kNew;
            break;
        }
        auto [it, inserted] = fate.emplace(info.file, f);
        if (inserted)
          order.push_back(info.file);
        else if (info.state != migration::State::kSuperseded)
          it->second = f;
        if (info.file->versioned() && f == Fate::kReleased && info.applied_checksum && info.checksum &&
            *info.applied_checksum != *info.checksum) {
          const std::string abs = Canonical(info.file->path);
          modified.push_back(
              {Display(info.file->path, abs, root), info.version, *info.applied_checksum, *info.checksum});
        }
      }
      for (const auto* m : order) {
        Candidate c;
        c.name = m->name;
        c.script = m->script;
        c.abs = Canonical(m->path);
        c.display = Display(m->path, c.abs, root);
        c.text = m->text;
        c.checksum = m->checksum;
        // An outdated repeatable's applied text is not stored anywhere; it is linted as new only.
        (fate[m] == Fate::kReleased ? released : added).push_back(std::move(c));
      }
      plan.input.released_max_version = res->current_version;
      replace = [&s](Candidate& c) {
        auto text = s.ReplacePlaceholders(c.text, c.display, fs::path(c.script).filename().string());
        std::string().swap(c.text);
        return text;
      };
      plan.boundary = "database " + s.DatabaseDescription();
      if (request.live_sizes && request.table_stats.empty()) {
        auto stats = ReadStats(s, settings);
        if (!stats) return Fail(stats.error());
        plan.input.table_stats = std::move(*stats);
      }
      if (request.live_schema) {
        auto live = ReadLiveSchema(s, settings);
        if (!live) return Fail(live.error());
        plan.input.live = std::move(*live);
      }
      break;
    }
  }

  if (!request.files.empty()) {
    // Explicit files are the release; the boundary only says what came before them.
    std::vector<Candidate> explicit_files;
    for (auto& f : request.files) {
      Candidate c;
      if (f.path == "-") {
        c.display = "<stdin>";
      } else {
        c.abs = Canonical(f.path);
        c.display = Display(f.path, c.abs, root);
        c.script = fs::path(f.path).filename().string();
        auto check = migration::ParseMigrationName(c.script, settings.naming);
        if (check.parsed) c.name = std::move(*check.parsed);
      }
      auto text = migration::DecodeToUtf8InPlace(std::move(f.text), settings.encoding, c.display);
      if (!text) return Fail(text.error());
      c.text = std::move(*text);
      c.checksum = migration::FlywayChecksum(c.text);
      explicit_files.push_back(std::move(c));
    }
    auto is_explicit = [&](const std::string& abs) {
      return !abs.empty() && std::any_of(explicit_files.begin(), explicit_files.end(),
                                         [&](const Candidate& e) { return e.abs == abs; });
    };
    std::erase_if(released, [&](const Candidate& c) { return is_explicit(c.abs); });
    std::erase_if(modified, [&](const lint::ModifiedMigration& m) {
      return std::none_of(explicit_files.begin(), explicit_files.end(),
                          [&](const Candidate& e) { return e.display == m.path; });
    });
    added = std::move(explicit_files);
    if (plan.boundary.empty())
      plan.boundary = "no release boundary: the files are linted against an empty schema";
  }
  UseReleasedBaseline(released);
  SortCandidates(added);
  SortCandidates(released);

  auto convert = [&](std::vector<Candidate>& from, std::vector<lint::LintFile>& to) -> Result<void> {
    for (auto& c : from) {
      auto text = replace(c);
      if (!text) return Fail(text.error());
      lint::LintFile f;
      f.path = c.display;
      f.version = c.name.kind == Kind::kRepeatable ? "" : c.name.version.raw();
      f.repeatable = c.name.kind == Kind::kRepeatable;
      f.text = std::move(*text);
      // group=true runs every pending migration in one transaction.
      f.force_transaction = settings.group;
      to.push_back(std::move(f));
    }
    return {};
  };
  if (auto r = convert(released, plan.input.released); !r) return Fail(r.error());
  if (auto r = convert(added, plan.input.added); !r) return Fail(r.error());
  plan.input.modified = std::move(modified);
  return plan;
}

}  // namespace shiftway::run
