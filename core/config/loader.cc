// Configuration loading: shiftway.toml / flyway.toml / flyway.conf, environment, flags.
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/config/settings.h"
#include "core/base/strings.h"
#include "core/config/flyway_parameters.h"

namespace shiftway::config {
namespace fs = std::filesystem;
namespace {

/// A key's value as text (lists joined with ','), and where it came from.
struct Entry {
  std::string value;
  std::string origin;  ///< "shiftway.toml:12", "environment variable FLYWAY_URL", "--url"
  bool table = false;  ///< the value was a TOML table (jdbcProperties, resolvers, ...)
};
using Layer = std::map<std::string, Entry>;  // Flyway key -> entry

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Error KeyError(const Entry& e, const std::string& key, std::string what) {
  return Error(ErrorCode::kConfig, "invalid value for '" + key + "' (" + e.origin + "): " + what);
}

Result<bool> ParseBool(const Entry& e, const std::string& key) {
  std::string v = e.value;
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true") return true;
  if (v == "false") return false;
  return Fail(KeyError(e, key, "expected true or false, got '" + e.value + "'"));
}

Result<int> ParseInt(const Entry& e, const std::string& key) {
  try {
    size_t used = 0;
    int v = std::stoi(e.value, &used);
    if (used == e.value.size() && v >= 0) return v;
  } catch (...) {
  }
  return Fail(KeyError(e, key, "expected a whole number, got '" + e.value + "'"));
}

// "10s", "500ms", "2min" or a number of seconds -> milliseconds.
Result<int> ParseDurationMs(const Entry& e, const std::string& key) {
  std::string v = Trim(e.value);
  size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
  if (i == 0) return Fail(KeyError(e, key, "expected a duration such as 10s or 500ms, got '" + e.value + "'"));
  long n = std::stol(v.substr(0, i));
  std::string unit = v.substr(i);
  if (unit.empty() || unit == "s") return static_cast<int>(n * 1000);
  if (unit == "ms") return static_cast<int>(n);
  if (unit == "min" || unit == "m") return static_cast<int>(n * 60000);
  return Fail(KeyError(e, key, "unknown unit '" + unit + "'; use ms, s or min"));
}

/// Every Flyway key shiftway implements, with how to apply it.
using Setter = std::function<Result<void>(Settings&, const Entry&, const std::string& key)>;

Setter Str(std::string Settings::*field) {
  return [field](Settings& s, const Entry& e, const std::string&) -> Result<void> { s.*field = e.value; return {}; };
}
Setter Bool(bool Settings::*field) {
  return [field](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
    auto v = ParseBool(e, k);
    if (!v) return Fail(v.error());
    s.*field = *v;
    return {};
  };
}
Setter Int(int Settings::*field) {
  return [field](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
    auto v = ParseInt(e, k);
    if (!v) return Fail(v.error());
    s.*field = *v;
    return {};
  };
}
Setter List(std::vector<std::string> Settings::*field) {
  return [field](Settings& s, const Entry& e, const std::string&) -> Result<void> {
    s.*field = SplitList(e.value);
    return {};
  };
}

// A file-name setting: it must not be empty, and a prefix must not contain the separator.
Setter Naming(std::string migration::NamingConvention::*field) {
  return [field](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
    if (Trim(e.value).empty()) return Fail(KeyError(e, k, "must not be empty"));
    s.naming.*field = Trim(e.value);
    return {};
  };
}

const std::map<std::string, Setter>& FlywayKeys() {
  static const std::map<std::string, Setter> keys = {
      {"url", Str(&Settings::url)},
      {"user", Str(&Settings::user)},
      {"password", Str(&Settings::password)},
      {"schemas", List(&Settings::schemas)},
      {"defaultSchema",
       [](Settings& s, const Entry& e, const std::string&) -> Result<void> {
         std::erase(s.schemas, e.value);
         s.schemas.insert(s.schemas.begin(), e.value);
         return {};
       }},
      {"table", Str(&Settings::table)},
      {"createSchemas", Bool(&Settings::create_schemas)},
      {"connectRetries", Int(&Settings::connect_retries)},
      {"connectRetriesInterval", Int(&Settings::connect_retries_interval)},
      {"connectTimeout", Int(&Settings::connect_timeout)},
      {"lockRetryCount", Int(&Settings::lock_retry_count)},
      {"environment", Str(&Settings::environment)},
      {"locations", List(&Settings::locations)},
      {"encoding", Str(&Settings::encoding)},
      {"validateMigrationNaming", Bool(&Settings::validate_migration_naming)},
      {"failOnMissingLocations", Bool(&Settings::fail_on_missing_locations)},
      {"placeholderReplacement",
       [](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
         auto v = ParseBool(e, k);
         if (!v) return Fail(v.error());
         s.placeholders.enabled = *v;
         return {};
       }},
      {"placeholderPrefix",
       [](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
         // Without a prefix every name followed by the suffix would be a placeholder: refuse it.
         if (e.value.empty()) {
           return Fail(KeyError(e, k, "it is empty, so every name followed by the suffix would be replaced")
                           .Hint("set it to the marker that opens a placeholder (the default is ${), or turn "
                                 "replacement off with placeholderReplacement=false"));
         }
         s.placeholders.prefix = e.value;
         return {};
       }},
      {"placeholderSuffix",
       [](Settings& s, const Entry& e, const std::string&) -> Result<void> { s.placeholders.suffix = e.value; return {}; }},
      {"target", Str(&Settings::target)},
      {"outOfOrder", Bool(&Settings::out_of_order)},
      {"ignoreMigrationPatterns", List(&Settings::ignore_migration_patterns)},
      {"validateOnMigrate", Bool(&Settings::validate_on_migrate)},
      {"baselineVersion", Str(&Settings::baseline_version)},
      {"baselineDescription", Str(&Settings::baseline_description)},
      {"baselineOnMigrate", Bool(&Settings::baseline_on_migrate)},
      {"cleanDisabled", Bool(&Settings::clean_disabled)},
      {"installedBy", Str(&Settings::installed_by)},
      {"mixed", Bool(&Settings::mixed)},
      {"executeInTransaction", Bool(&Settings::execute_in_transaction)},
      {"sqlMigrationPrefix", Naming(&migration::NamingConvention::versioned)},
      {"undoSqlMigrationPrefix", Naming(&migration::NamingConvention::undo)},
      {"baselineMigrationPrefix", Naming(&migration::NamingConvention::baseline)},
      {"repeatableSqlMigrationPrefix", Naming(&migration::NamingConvention::repeatable)},
      {"sqlMigrationSeparator", Naming(&migration::NamingConvention::separator)},
      {"sqlMigrationSuffixes",
       [](Settings& s, const Entry& e, const std::string& k) -> Result<void> {
         auto list = SplitList(e.value);
         if (list.empty()) return Fail(KeyError(e, k, "expected at least one suffix, such as .sql"));
         s.naming.suffixes = std::move(list);
         return {};
       }},
      // Read before the files are chosen (main passes them on); accepted here so that a
      // configFiles key inside a file is not taken for an unknown one.
      {"configFiles", [](Settings&, const Entry&, const std::string&) -> Result<void> { return {}; }},
  };
  return keys;
}

/// shiftway's own sections: an unknown key here is an error.
Result<void> ApplyOwn(Settings& s, const std::string& section, const std::string& key, const Entry& e) {
  auto unknown = [&](std::string known) {
    return Fail(Error(ErrorCode::kConfig, "unknown key '" + key + "' in [" + section + "] (" + e.origin + ")")
                    .Hint("the keys of [" + section + "] are: " + known));
  };
  if (section == "lint") {
    if (key == "since") s.lint.since = e.value;
    else if (key == "against") s.lint.against = e.value;
    else if (key == "dialect") s.lint.dialect = e.value;
    else if (key == "fail_on") {
      if (e.value != "error" && e.value != "warning" && e.value != "never")
        return Fail(KeyError(e, "lint.fail_on", "expected error, warning or never, got '" + e.value + "'"));
      s.lint.fail_on = e.value;
    } else if (key == "server_version") {
      // "80036" reads as version 80036, a MariaDB far in the future; nobody means that.
      const bool digits = !e.value.empty() && std::all_of(e.value.begin(), e.value.end(), [](unsigned char ch) {
        return std::isdigit(ch);
      });
      if (digits && e.value.size() > 2) {
        return Fail(KeyError(e, "lint.server_version",
                             "'" + e.value + "' is not a server version; write it with dots, as 8.0.36 or 10.6 "
                             "(PostgreSQL's major version alone, as 15, is fine)"));
      }
      s.lint.server_version = e.value;
    } else if (key == "small_table_rows" || key == "large_table_rows") {
      auto v = ParseInt(e, "lint." + key);
      if (!v) return Fail(v.error());
      (key == "small_table_rows" ? s.lint.small_table_rows : s.lint.large_table_rows) = *v;
    } else if (key == "cache_dir") {
      s.lint.cache_dir = e.value;
    } else if (key.starts_with("rules.")) {
      if (e.value != "error" && e.value != "warning" && e.value != "info" && e.value != "off")
        return Fail(KeyError(e, "lint." + key, "expected error, warning, info or off, got '" + e.value + "'"));
      s.lint.rules[key.substr(6)] = e.value;
    } else return unknown("since, against, dialect, fail_on, server_version, small_table_rows, large_table_rows, "
                          "cache_dir, and the table [lint.rules]");
  } else if (section == "migrate") {
    if (key == "lint") {
      auto v = ParseBool(e, "migrate.lint");
      if (!v) return Fail(v.error());
      s.migrate.lint = *v;
    } else if (key == "lock_timeout") {
      auto v = ParseDurationMs(e, "migrate.lock_timeout");
      if (!v) return Fail(v.error());
      s.migrate.lock_timeout_ms = *v;
    } else if (key == "lock_lease") {
      auto v = ParseDurationMs(e, "migrate.lock_lease");
      if (!v) return Fail(v.error());
      if (*v < 1000) return Fail(KeyError(e, "migrate.lock_lease", "must be at least 1s, got '" + e.value + "'"));
      s.migrate.lock_lease_ms = *v;
    } else if (key == "lock_retries") {
      auto v = ParseInt(e, "migrate.lock_retries");
      if (!v) return Fail(v.error());
      s.migrate.lock_retries = *v;
    } else if (key == "lock_retry_backoff") {
      auto v = ParseDurationMs(e, "migrate.lock_retry_backoff");
      if (!v) return Fail(v.error());
      s.migrate.lock_retry_backoff_ms = *v;
    } else return unknown("lint, lock_timeout, lock_lease, lock_retries, lock_retry_backoff");
  } else if (section == "split") {
    if (key == "held") s.split.held = e.value;
    else return unknown("held");
  } else if (section == "verify") {
    if (key == "queries") s.verify.queries = e.value;
    else if (key == "scratch_url") s.verify.scratch_url = e.value;
    else return unknown("queries, scratch_url");
  } else if (section == "check") {
    if (key == "ignore") s.check.ignore = SplitList(e.value);
    else return unknown("ignore");
  } else if (section == "fleet") {
    if (key == "targets") {
      if (Trim(e.value).empty()) return Fail(KeyError(e, "fleet.targets", "an entry is empty"));
      s.fleet.targets.push_back(Trim(e.value));
    } else if (key == "query") s.fleet.query = e.value;
    else if (key == "query_url") s.fleet.query_url = e.value;
    else if (key == "sqlite") s.fleet.sqlite = e.value;
    else return unknown("targets, query, query_url, sqlite");
    if (s.fleet.origin.empty()) s.fleet.origin = e.origin.substr(0, e.origin.rfind(':'));
  }
  return {};
}

// The entries of a [fleet] table: `targets` as one entry per element, so that a URL holding a
// comma stays whole.
Result<void> FleetEntries(const toml::table& table, std::vector<std::tuple<std::string, std::string, Entry>>& own,
                          const std::function<Result<Entry>(const toml::node&, const std::string&)>& entry) {
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    if (key == "targets" && node.is_array()) {
      for (const auto& element : *node.as_array()) {
        auto e = entry(element, "fleet.targets");
        if (!e) return Fail(e.error());
        own.emplace_back("fleet", key, *e);
      }
      continue;
    }
    auto e = entry(node, "fleet." + key);
    if (!e) return Fail(e.error());
    own.emplace_back("fleet", key, *e);
  }
  return {};
}


// Replaces ${env.NAME} in a config value (an unset variable is an error naming it).
Result<std::string> ExpandEnv(const std::string& value, const std::map<std::string, std::string>& env,
                              const std::string& key, const std::string& origin) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t start = value.find("${env.", pos);
    if (start == std::string::npos) break;
    size_t end = value.find('}', start);
    if (end == std::string::npos) break;
    std::string name = value.substr(start + 6, end - start - 6);
    auto it = env.find(name);
    if (it == env.end()) {
      return Fail(Error(ErrorCode::kConfig, "environment variable " + name + " is not set (used by '" + key + "', " +
                                                origin + ")")
                      .Hint("export " + name + ", or change the value of '" + key + "'"));
    }
    out += value.substr(pos, start - pos) + it->second;
    pos = end + 1;
  }
  return out + value.substr(pos);
}

// Flyway's own expansion in .conf files: ${NAME} (letters, digits, '_') is the variable's value,
// and an unset variable is the empty string, as in Flyway. Because an empty host or database in a
// URL still connects somewhere, each unset one gets a warning.
std::string ExpandConfVariables(const std::string& value, const std::map<std::string, std::string>& env,
                                const std::string& origin, std::vector<std::string>& warnings) {
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t start = value.find("${", pos);
    if (start == std::string::npos) break;
    size_t end = start + 2;
    while (end < value.size() && (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_')) ++end;
    if (end == start + 2 || end >= value.size() || value[end] != '}') {
      out += value.substr(pos, start + 2 - pos);
      pos = start + 2;
      continue;
    }
    std::string name = value.substr(start + 2, end - start - 2);
    out += value.substr(pos, start - pos);
    if (auto it = env.find(name); it != env.end()) {
      out += it->second;
    } else {
      warnings.push_back(origin + ": environment variable " + name + " is not set; ${" + name +
                         "} is replaced by an empty string, as Flyway does");
    }
    pos = end + 1;
  }
  return out + value.substr(pos);
}

// The escapes of Java properties files that Flyway's reading would pass on verbatim into a value
// where they cannot be meant literally: \: \= \# \! and "\ " (Properties.store writes them, as in
// jdbc\:postgresql\://db/app). Every other backslash stays, as in Flyway, which keeps Windows
// paths and regular expressions in placeholder values intact.
std::string DecodePropertiesEscapes(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && std::string_view(":=#! ").find(value[i + 1]) != std::string_view::npos) {
      out.push_back(value[++i]);
    } else {
      out.push_back(value[i]);
    }
  }
  return out;
}

std::string NodeText(const toml::node& n) {
  if (auto s = n.as_string()) return s->get();
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto f = n.as_floating_point()) {
    std::ostringstream ss;
    ss << f->get();
    return ss.str();
  }
  if (auto a = n.as_array()) {
    std::string out;
    for (const auto& item : *a) {
      if (!out.empty()) out += ",";
      out += NodeText(item);
    }
    return out;
  }
  return "";  // tables are walked by the caller; dates are not used by any setting
}

/// What the config files yield, merged in the order they were read (a later file wins per key).
/// Placeholders are keys "placeholders.NAME"; database-specific tables are dotted keys.
struct FileValues {
  Layer flyway;                                   // [flyway] / flyway.* keys
  std::map<std::string, Layer> environments;      // name -> url/user/... and its [environments.NAME.flyway] keys
  std::vector<std::tuple<std::string, std::string, Entry>> own;  // section, key, entry
};

using EntryFn = std::function<Result<Entry>(const toml::node&, const std::string&)>;

// Walks a TOML table into `layer` as dotted keys: [flyway.placeholders] becomes placeholders.NAME
// and [flyway.postgresql] postgresql.KEY. A table Flyway reads as one setting (jdbcProperties,
// resolvers) stays one entry, marked as a table.
Result<void> WalkTable(const toml::table& table, const std::string& prefix, const std::string& shown, Layer& layer,
                       const EntryFn& entry, const std::function<std::string(const toml::node&)>& origin) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix + std::string(k.str());
    const std::string name = shown + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      if (prefix.empty() && key != "placeholders" && FindFlywayParameter(key)) {
        layer[key] = Entry{"(a table)", origin(node), true};
      } else if (auto r = WalkTable(*sub, key + ".", name + ".", layer, entry, origin); !r) {
        return r;
      }
      continue;
    }
    auto e = entry(node, name);
    if (!e) return Fail(e.error());
    layer[key] = *e;
  }
  return {};
}

Result<void> ReadToml(const std::string& path, bool ours, FileValues& out, std::vector<std::string>& warnings,
                      const std::map<std::string, std::string>& env) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    const auto& src = err.source();
    return Fail(Error(ErrorCode::kConfig, std::string(err.description()))
                    .At(SourcePos{path, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)})
                    .Hint("fix the TOML syntax of " + path));
  }
  auto origin = [&](const toml::node& n) {
    return path + ":" + std::to_string(n.source().begin.line);
  };
  std::function<std::string(const toml::node&)> origin_fn = origin;
  EntryFn entry = [&](const toml::node& n, const std::string& key) -> Result<Entry> {
    auto v = ExpandEnv(NodeText(n), env, key, origin(n));
    if (!v) return Fail(v.error());
    return Entry{*v, origin(n)};
  };
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    if (key == "id" || key == "name" || key == "databaseType" || key == "flywayDesktop" || key == "redgateCompare") {
      continue;  // Redgate's own settings
    }
    if (key == "flyway") {
      const auto* table = node.as_table();
      if (!table) return Fail(Error(ErrorCode::kConfig, "'flyway' must be a table").At({path, (int)node.source().begin.line, 1}));
      if (auto r = WalkTable(*table, "", "flyway.", out.flyway, entry, origin_fn); !r) return r;
    } else if (key == "environments") {
      const auto* table = node.as_table();
      if (!table) return Fail(Error(ErrorCode::kConfig, "'environments' must be a table").At({path, (int)node.source().begin.line, 1}));
      for (const auto& [ek, enode] : *table) {
        const auto* etable = enode.as_table();
        if (!etable) continue;
        const std::string name(ek.str());
        Layer& layer = out.environments[name];
        for (const auto& [vk, vnode] : *etable) {
          const std::string vkey(vk.str());
          const std::string shown = "environments." + name + "." + vkey;
          if (vkey == "flyway" && vnode.is_table()) {
            // [environments.NAME.flyway]: Flyway settings for this environment only.
            if (auto r = WalkTable(*vnode.as_table(), "", shown + ".", layer, entry, origin_fn); !r) return r;
          } else if (vnode.is_table()) {
            layer[vkey] = Entry{"(a table)", origin(vnode), true};
          } else {
            auto e = entry(vnode, shown);
            if (!e) return Fail(e.error());
            layer[vkey] = *e;
          }
        }
      }
    } else if (key == "fleet") {
      const auto* table = node.as_table();
      if (!table) return Fail(Error(ErrorCode::kConfig, "'fleet' must be a table").At({path, (int)node.source().begin.line, 1}));
      if (auto r = FleetEntries(*table, out.own, entry); !r) return r;
    } else if (key == "lint" || key == "migrate" || key == "split" || key == "verify" || key == "check") {
      const auto* table = node.as_table();
      if (!table) return Fail(Error(ErrorCode::kConfig, "'" + key + "' must be a table").At({path, (int)node.source().begin.line, 1}));
      for (const auto& [sk, snode] : *table) {
        const std::string skey(sk.str());
        if (key == "lint" && skey == "rules" && snode.is_table()) {
          for (const auto& [rk, rnode] : *snode.as_table()) {
            auto e = entry(rnode, "lint.rules." + std::string(rk.str()));
            if (!e) return Fail(e.error());
            out.own.emplace_back(key, "rules." + std::string(rk.str()), *e);
          }
          continue;
        }
        auto e = entry(snode, key + "." + skey);
        if (!e) return Fail(e.error());
        out.own.emplace_back(key, skey, *e);
      }
    } else if (ours) {
      return Fail(Error(ErrorCode::kConfig, "unknown section or key '" + key + "' in " + path)
                      .At(SourcePos{path, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column)})
                      .Hint("shiftway.toml has flyway.toml's layout ([environments.NAME], [flyway], "
                            "[flyway.placeholders]) plus [lint], [migrate], [split], [verify], [check] and [fleet]"));
    } else {
      warnings.push_back(origin(node) + ": '" + key + "' is not supported by shiftway and is ignored");
    }
  }
  return {};
}

// A legacy flyway.conf: Java properties, read the way Flyway reads them (see ExpandConfVariables
// and DecodePropertiesEscapes for the two places where values are rewritten).
Result<void> ReadConf(const std::string& path, FileValues& out, std::vector<std::string>& warnings,
                      const std::map<std::string, std::string>& env) {
  std::ifstream in(path);
  if (!in) return Fail(Error(ErrorCode::kConfig, "cannot read " + path).Hint("check the file's permissions"));
  std::string line, pending;
  int line_no = 0, start_line = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (pending.empty()) start_line = line_no;
    std::string t = Trim(line);
    if (pending.empty() && (t.empty() || t[0] == '#' || t[0] == '!')) continue;
    if (!t.empty() && t.back() == '\\' && (t.size() < 2 || t[t.size() - 2] != '\\')) {  // line continuation
      pending += t.substr(0, t.size() - 1);
      continue;
    }
    t = pending + t;
    pending.clear();
    // The key ends at the first '=' or ':' that is not escaped.
    size_t sep = std::string::npos;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\\') { ++i; continue; }
      if (t[i] == '=' || t[i] == ':') { sep = i; break; }
    }
    if (sep == std::string::npos) {
      return Fail(Error(ErrorCode::kConfig, "expected key=value, got '" + t + "'")
                      .At(SourcePos{path, start_line, 1})
                      .Hint("each line of a .conf file is flyway.KEY=VALUE"));
    }
    std::string key = Trim(t.substr(0, sep));
    std::string origin = path + ":" + std::to_string(start_line);
    if (!key.starts_with("flyway.")) {
      warnings.push_back(origin + ": '" + key + "' is not a flyway.* setting and is ignored");
      continue;
    }
    std::string raw = DecodePropertiesEscapes(Trim(t.substr(sep + 1)));
    auto value = ExpandEnv(ExpandConfVariables(raw, env, origin, warnings), env, key, origin);
    if (!value) return Fail(value.error());
    key = key.substr(7);
    // Flyway 10 reads flyway.environments.NAME.KEY in .conf files as well.
    if (key.starts_with("environments.")) {
      std::string rest = key.substr(13);
      size_t dot = rest.find('.');
      if (dot != std::string::npos && dot > 0) {
        out.environments[rest.substr(0, dot)][rest.substr(dot + 1)] = Entry{*value, origin};
        continue;
      }
    }
    out.flyway[key] = Entry{*value, origin};
  }
  return {};
}

// FLYWAY_BASELINE_ON_MIGRATE -> baselineOnMigrate
std::string CamelFromEnv(std::string_view rest) {
  std::string out;
  bool upper = false;
  for (char c : rest) {
    if (c == '_') { upper = true; continue; }
    char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(lc))) : lc);
    upper = false;
  }
  return out;
}

// Applies one Flyway key: implemented ones set the field; refused ones (with a value other than
// what shiftway does anyway) are an error naming the key and its source; ignored ones warn.
Result<void> ApplyKey(Settings& s, const std::string& key, const Entry& e, std::vector<std::string>& warnings) {
  if (key.starts_with("placeholders.")) {
    s.placeholders.Set(key.substr(13), e.value);
    return {};
  }
  const auto& keys = FlywayKeys();
  if (auto it = keys.find(key); it != keys.end()) {
    if (e.table) return Fail(KeyError(e, key, "expected a value, got a table"));
    return it->second(s, e, key);
  }
  const FlywayParameter* p = FindFlywayParameter(key);
  // Settings of Flyway's other commands (check, prepare, ...) and of databases shiftway does not
  // run on cannot change what migrate does here; Flyway Desktop writes some into every project.
  if (!p && key.find('.') != std::string::npos) {
    static const std::set<std::string> kCommands = {"check", "prepare", "deploy", "generate", "diff", "model", "snapshot"};
    static const std::set<std::string> kDatabases = {"oracle",  "sqlserver", "snowflake", "bigquery", "db2",
                                                     "clickhouse", "mongodb", "cassandra", "spanner", "redshift"};
    const std::string ns = key.substr(0, key.find('.'));
    if (kCommands.count(ns) || kDatabases.count(ns)) {
      warnings.push_back("Flyway setting '" + key + "' (" + e.origin + ") is ignored: it belongs to " +
                         (kCommands.count(ns) ? "Flyway's " + ns + " command" : "another database (" + ns + ")"));
      return {};
    }
  }
  if (!p) {
    std::string close = ClosestName(key, FlywayParameterNames());
    return Fail(Error(ErrorCode::kConfig, "unknown Flyway setting '" + key + "' (" + e.origin + ")")
                    .Hint(close.empty() ? "see docs/flyway.md for the settings shiftway knows"
                                        : "did you mean '" + close + "'?"));
  }
  if (p->support == Support::kIgnored) {
    warnings.push_back("Flyway setting '" + key + "' (" + e.origin + ") is ignored: " + std::string(p->note));
    return {};
  }
  const std::string v = Lower(Trim(e.value));
  for (auto ok : p->accepted) {
    if (!e.table && v == Lower(ok)) return {};
  }
  return Fail(Error(ErrorCode::kConfig, "Flyway setting '" + key + "' (" + e.origin + ") is not supported: " +
                                            std::string(p->note))
                  .Note(p->accepted.empty() || p->accepted.front().empty()
                            ? "shiftway stops here rather than run differently from Flyway"
                            : "shiftway stops here rather than run differently from Flyway; only '" +
                                  std::string(p->accepted.front()) + "' (Flyway's default) is accepted")
                  .Hint("remove it, or run this project with Flyway"));
}

Result<void> ApplyLayer(Settings& s, const Layer& layer, std::vector<std::string>& warnings) {
  for (const auto& [key, e] : layer) {
    if (auto r = ApplyKey(s, key, e, warnings); !r) return r;
  }
  return {};
}

bool IsToml(const std::string& path) { return path.ends_with(".toml"); }

// Spring Boot's id of the database a URL names ("postgresql", "mysql", "mariadb", "sqlite").
std::string VendorOf(std::string_view url) {
  if (url.starts_with("jdbc:")) url.remove_prefix(5);
  const std::string scheme = Lower(url.substr(0, url.find(':')));
  if (scheme == "postgresql" || scheme == "postgres") return "postgresql";
  if (scheme == "mysql" || scheme == "mariadb" || scheme == "sqlite") return scheme;
  // A libpq keyword string ("host=/run/postgresql dbname=app") is PostgreSQL's.
  if (url.find("://") == std::string_view::npos && url.find('=') != std::string_view::npos) return "postgresql";
  return "";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return out;
}

// The config files to read, in Flyway 10's order (a later one wins): flyway.toml then
// flyway.user.toml in the home directory, then in the working directory, then shiftway.toml,
// then FLYWAY_CONFIG_FILES, then --config/-configFiles. Without any TOML file, the legacy
// flyway.conf from the home and working directories are read instead, then the explicit .conf
// files. Mixing TOML and .conf among the explicit files is refused, as Flyway refuses it.
Result<std::vector<std::string>> ConfigFiles(const Sources& src, const std::vector<std::pair<std::string, std::string>>& explicit_files) {
  fs::path dir = src.working_directory.empty() ? fs::path(".") : fs::path(src.working_directory);
  std::vector<fs::path> dirs;
  if (auto home = src.env.find("HOME"); home != src.env.end() && !home->second.empty()) dirs.emplace_back(home->second);
  dirs.push_back(dir);
  std::error_code ec;
  auto exists = [&](const fs::path& p) { return fs::is_regular_file(p, ec); };

  bool any_toml = false, any_conf = false;
  for (const auto& [f, origin] : explicit_files) {
    (IsToml(f) ? any_toml : any_conf) = true;
    fs::path p = fs::path(f).is_absolute() ? fs::path(f) : dir / f;
    if (!exists(p)) {
      return Fail(Error(ErrorCode::kConfig, "config file " + f + " does not exist (" + origin + ")")
                      .Hint("check the path; relative paths start at the working directory"));
    }
  }
  if (any_toml && any_conf) {
    return Fail(Error(ErrorCode::kConfig, "TOML and .conf config files cannot be mixed: " +
                                              [&] {
                                                std::vector<std::string> names;
                                                for (const auto& [f, _] : explicit_files) names.push_back(f);
                                                return JoinNames(names);
                                              }())
                    .Hint("convert the .conf files to TOML, as Flyway 10 requires"));
  }
  std::vector<std::string> out;
  std::vector<fs::path> defaults;
  for (const auto& d : dirs) {
    defaults.push_back(d / "flyway.toml");
    defaults.push_back(d / "flyway.user.toml");
  }
  defaults.push_back(dir / "shiftway.toml");
  bool modern = any_toml;
  for (const auto& p : defaults) modern = modern || exists(p);
  if (modern) {
    for (const auto& p : defaults) {
      if (exists(p)) out.push_back(p.string());
    }
  } else {
    for (const auto& d : dirs) {
      if (exists(d / "flyway.conf")) out.push_back((d / "flyway.conf").string());
    }
  }
  for (const auto& [f, _] : explicit_files) {
    fs::path p = fs::path(f).is_absolute() ? fs::path(f) : dir / f;
    std::string shown = fs::path(f).is_absolute() ? f : (src.working_directory.empty() ? f : p.string());
    if (std::find(out.begin(), out.end(), shown) == out.end()) out.push_back(shown);
  }
  // The same file reached twice (the home directory is the working directory) is read once.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const auto& f : out) {
    std::string key = fs::weakly_canonical(f, ec).string();
    if (seen.insert(key.empty() ? f : key).second) unique.push_back(f);
  }
  // Flyway also reads the conf/ folder of its installation directory, first of all. In Flyway's
  // Docker image that is /flyway/conf, below the working directory /flyway, where users mount
  // their configuration. shiftway has no Flyway installation, so such a file would be ignored,
  // and the run would go elsewhere or with other settings: refuse it, naming it, unless it is
  // read anyway (given with -configFiles).
  std::vector<std::string> install_names = {"flyway.toml", "flyway.user.toml"};
  if (!modern) install_names.push_back("flyway.conf");
  for (const auto& name : install_names) {
    const fs::path p = dir / "conf" / name;
    if (!exists(p)) continue;
    const std::string key = fs::weakly_canonical(p, ec).string();
    if (seen.count(key.empty() ? p.string() : key)) continue;
    const std::string shown = src.working_directory.empty() ? "conf/" + name : p.string();
    return Fail(Error(ErrorCode::kConfig, shown + " is not read: Flyway reads the conf/ folder of its installation "
                                                  "directory (/flyway/conf in Flyway's Docker image), and shiftway "
                                                  "has no installation directory of Flyway's")
                    .Note("nothing was run")
                    .Hint("pass it explicitly (-configFiles=conf/" + name + "), or move it to ./" + name));
  }
  return unique;
}

}  // namespace

bool IsFlywayKey(std::string_view key) {
  return FlywayKeys().count(std::string(key)) > 0 || FindFlywayParameter(key) != nullptr;
}

Result<Settings> Load(const Sources& src, std::vector<std::string>& warnings) {
  Settings s;

  // Environment variables: SHIFTWAY_* over FLYWAY_*; Flyway's lower-case flyway_KEY too. A name
  // that is no Flyway setting belongs to someone else (the Flyway image sets FLYWAY_VERSION), but
  // it still counts as configuration for the embedded-database rule below.
  Layer env_layer;
  std::vector<std::string> env_names;  // every FLYWAY_*/SHIFTWAY_* variable, for messages
  std::vector<std::pair<std::string, std::string>> explicit_files;
  for (const char* prefix : {"flyway_", "FLYWAY_", "SHIFTWAY_"}) {
    for (const auto& [name, value] : src.env) {
      if (!name.starts_with(prefix)) continue;
      const bool lower = prefix[0] == 'f';
      env_names.push_back(name);
      std::string rest = name.substr(std::string_view(prefix).size());
      Entry e{value, "environment variable " + name};
      if (lower) {
        std::string key = rest;
        std::replace(key.begin(), key.end(), '_', '.');
        if (key.starts_with("placeholders.") || IsFlywayKey(key)) env_layer[key] = e;
        continue;
      }
      if (rest.starts_with("PLACEHOLDERS_")) {
        env_layer["placeholders." + Lower(rest.substr(13))] = e;
        continue;
      }
      if (rest.starts_with("JDBC_PROPERTIES_")) {
        env_layer["jdbcProperties"] = Entry{value, e.origin, true};
        continue;
      }
      std::string key = CamelFromEnv(rest);
      if (!FlywayKeys().count(key)) {
        const FlywayParameter* p = FindFlywayParameterByEnvName(rest);
        if (!p) continue;
        key = std::string(p->name);
      }
      env_layer[key] = e;
    }
  }
  std::sort(env_names.begin(), env_names.end());
  if (auto it = env_layer.find("configFiles"); it != env_layer.end()) {
    for (const auto& f : SplitList(it->second.value)) explicit_files.emplace_back(f, it->second.origin);
  }
  for (const auto& f : SplitList(src.config_path)) explicit_files.emplace_back(f, "--config or -configFiles");

  auto files = ConfigFiles(src, explicit_files);
  if (!files) return Fail(files.error());
  FileValues file;
  for (const auto& path : *files) {
    Result<void> r;
    if (IsToml(path)) {
      r = ReadToml(path, fs::path(path).filename() == "shiftway.toml", file, warnings, src.env);
    } else {
      r = ReadConf(path, file, warnings, src.env);
    }
    if (!r) return Fail(r.error());
  }
  s.config_files = *files;

  // Flags: -key=value for the root, -environments.NAME.key=value for one environment.
  Layer flag_layer;
  std::map<std::string, Layer> env_flag_layers;
  for (const auto& [k, v] : src.flags) {
    if (k.starts_with("environments.")) {
      std::string rest = k.substr(13);
      size_t dot = rest.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) {
        return Fail(Error(ErrorCode::kUsage, "expected -environments.NAME.KEY=VALUE, got -" + k + "=…"));
      }
      std::string key = rest.substr(dot + 1);
      if (key.starts_with("flyway.")) key = key.substr(7);
      env_flag_layers[rest.substr(0, dot)][key] = Entry{v, "-" + k};
      continue;
    }
    flag_layer[k] = Entry{v, "--" + k};
  }

  // The environment name decides which [environments.NAME] supplies the connection and overrides.
  std::string env_name = "default";
  for (const Layer* layer : {&file.flyway, &env_layer, &flag_layer}) {
    if (auto it = layer->find("environment"); it != layer->end()) env_name = it->second.value;
  }
  if (!src.environment_name.empty()) env_name = src.environment_name;
  const bool env_named = !src.environment_name.empty() || file.flyway.count("environment") ||
                         env_layer.count("environment") || flag_layer.count("environment");
  Layer file_layer = file.flyway;
  if (auto it = file.environments.find(env_name); it != file.environments.end()) {
    for (const auto& [k, e] : it->second) file_layer[k] = e;
  } else if (env_named && !env_flag_layers.count(env_name)) {
    std::string known;
    for (const auto& [n, _] : file.environments) known += (known.empty() ? "" : ", ") + n;
    return Fail(Error(ErrorCode::kConfig, "environment '" + env_name + "' is not defined" +
                                              (files->empty() ? std::string() : " in " + JoinNames(*files)))
                    .Hint(known.empty() ? "add an [environments." + env_name + "] table with its url"
                                        : "defined environments: " + known));
  }
  Layer env_flags = env_flag_layers.count(env_name) ? env_flag_layers[env_name] : Layer{};
  for (Layer* layer : {&file_layer, &env_layer, &flag_layer, &env_flags}) layer->erase("environment");

  // An empty URL is a forgotten value (SHIFTWAY_URL="" from an unset pipeline variable, --url ""),
  // never a request for the embedded SQLite file: the highest layer that sets one decides.
  for (const Layer* layer : {&env_flags, &flag_layer, &env_layer, &file_layer}) {
    auto it = layer->find("url");
    if (it == layer->end()) continue;
    if (Trim(it->second.value).empty()) {
      return Fail(Error(ErrorCode::kConfig, "no database URL: " + it->second.origin + " is empty")
                      .Hint("set it to the database URL, or unset it to use the config file's url"));
    }
    break;
  }
  for (const Layer* layer : {&file_layer, &env_layer, &flag_layer, &env_flags}) {
    if (auto r = ApplyLayer(s, *layer, warnings); !r) return Fail(r.error());
  }
  s.environment = env_name;
  for (const auto& [section, key, e] : file.own) {
    if (auto r = ApplyOwn(s, section, key, e); !r) return Fail(r.error());
  }
  for (const auto& kv : src.placeholder_flags) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(Error(ErrorCode::kUsage, "--placeholder expects KEY=VALUE, got '" + kv + "'"));
    }
    s.placeholders.Set(kv.substr(0, eq), kv.substr(eq + 1));
  }

  if (s.url.empty() && !src.url_optional) {
    // The embedded SQLite file is for a developer who configured nothing. Any config file or
    // FLYWAY_*/SHIFTWAY_* variable means someone meant a real database, and a forgotten URL must
    // not migrate a local file and report success.
    const bool ci = src.env.count("CI") && !src.env.at("CI").empty() && src.env.at("CI") != "false";
    const bool k8s = src.env.count("KUBERNETES_SERVICE_HOST") > 0;
    if (ci || k8s || !files->empty() || !env_names.empty()) {
      std::string why;
      if (!files->empty() || !env_names.empty()) {
        std::vector<std::string> sources = *files;
        for (const auto& n : env_names) sources.push_back("environment variable " + n);
        why = JoinNames(sources) + (sources.size() == 1 ? " is" : " are") +
              " configured, but no url is set, so shiftway will not fall back to a local SQLite file";
      } else {
        why = ci ? "CI is set, so shiftway will not fall back to a local SQLite file"
                 : "this runs in Kubernetes, so shiftway will not fall back to a local SQLite file";
      }
      return Fail(Error(ErrorCode::kConfig, "no database URL: " + why)
                      .Hint("pass --url, set SHIFTWAY_URL, or set url under [environments." + env_name + "]"));
    }
    s.url = std::string("sqlite:") + kEmbeddedDatabase;
    s.embedded_default = true;
  }
  // Spring Boot's {vendor} in a location (db/migration/{vendor}) names the database kind, with
  // Spring's ids. Left unreplaced it would name a directory that does not exist, and nothing
  // would run.
  if (const std::string vendor = VendorOf(s.url); !vendor.empty()) {
    for (auto& location : s.locations) {
      for (size_t at = location.find("{vendor}"); at != std::string::npos; at = location.find("{vendor}", at)) {
        location.replace(at, 8, vendor);
      }
    }
  }
  for (const auto& location : s.locations) {
    if (location.find("{vendor}") != std::string::npos) {
      return Fail(Error(ErrorCode::kConfig, "location " + location + " uses {vendor}, but no database URL says which")
                      .Hint("set the url, or write the directory out"));
    }
  }
  if (!s.lint.cache_dir) {
    // Where the XDG base directory specification puts caches.
    auto var = [&](const char* name) {
      auto it = src.env.find(name);
      return it == src.env.end() ? std::string() : it->second;
    };
    if (const std::string xdg = var("XDG_CACHE_HOME"); !xdg.empty() && xdg.front() == '/') {
      s.lint.cache_dir = xdg + "/shiftway";
    } else if (const std::string home = var("HOME"); !home.empty()) {
      s.lint.cache_dir = home + "/.cache/shiftway";
    } else {
      s.lint.cache_dir = "off";
    }
  }
  return s;
}

Result<Settings::Fleet> LoadFleetFile(const std::string& path, const std::map<std::string, std::string>& env) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    const auto& src = err.source();
    if (!fs::exists(path)) {
      return Fail(Error(ErrorCode::kConfig, "cannot read the --targets file " + path + ": it does not exist")
                      .Hint("give the path of a TOML file with targets, query or sqlite"));
    }
    return Fail(Error(ErrorCode::kConfig, std::string(err.description()))
                    .At(SourcePos{path, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)})
                    .Hint("fix the TOML syntax of " + path));
  }
  const toml::table* table = &root;
  if (const auto* fleet = root["fleet"].as_table()) {
    for (const auto& [k, node] : root) {
      if (k.str() != "fleet") {
        return Fail(Error(ErrorCode::kConfig, "unknown key '" + std::string(k.str()) + "' in " + path)
                        .At(SourcePos{path, static_cast<int>(node.source().begin.line), 1})
                        .Hint("a --targets file holds [fleet]'s keys (targets, query, query_url, sqlite), at its top "
                              "level or under [fleet]"));
      }
    }
    table = fleet;
  }
  std::vector<std::tuple<std::string, std::string, Entry>> own;
  auto entry = [&](const toml::node& n, const std::string& key) -> Result<Entry> {
    const std::string origin = path + ":" + std::to_string(n.source().begin.line);
    auto v = ExpandEnv(NodeText(n), env, key, origin);
    if (!v) return Fail(v.error());
    return Entry{*v, origin};
  };
  if (auto r = FleetEntries(*table, own, entry); !r) return Fail(r.error());
  Settings s;
  for (const auto& [section, key, e] : own) {
    if (auto r = ApplyOwn(s, section, key, e); !r) return Fail(r.error());
  }
  s.fleet.origin = path;
  return s.fleet;
}

}  // namespace shiftway::config
