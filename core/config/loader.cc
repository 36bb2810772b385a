// Configuration loading: shiftway.toml / flyway.toml / flyway.conf, environment, flags.
#include <toml++/toml.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/config/settings.h"
#include "core/base/strings.h"

namespace shiftway::config {
namespace fs = std::filesystem;
namespace {

/// A key's value as text (lists joined with ','), and where it came from.
struct Entry {
  std::string value;
  std::string origin;  ///< "shiftway.toml:12", "environment variable FLYWAY_URL", "--url"
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
      {"group", Bool(&Settings::group)},
      {"executeInTransaction", Bool(&Settings::execute_in_transaction)},
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
    } else if (key == "server_version") s.lint.server_version = e.value;
    else if (key.starts_with("rules.")) {
      if (e.value != "error" && e.value != "warning" && e.value != "info" && e.value != "off")
        return Fail(KeyError(e, "lint." + key, "expected error, warning, info or off, got '" + e.value + "'"));
      s.lint.rules[key.substr(6)] = e.value;
    } else return unknown("since, against, dialect, fail_on, server_version, and the table [lint.rules]");
  } else if (section == "migrate") {
    if (key == "lint") {
      auto v = ParseBool(e, "migrate.lint");
      if (!v) return Fail(v.error());
      s.migrate.lint = *v;
    } else if (key == "lock_timeout") {
      auto v = ParseDurationMs(e, "migrate.lock_timeout");
      if (!v) return Fail(v.error());
      s.migrate.lock_timeout_ms = *v;
    } else return unknown("lint, lock_timeout");
  } else if (section == "split") {
    if (key == "held") s.split.held = e.value;
    else return unknown("held");
  }
  return {};
}

// Replaces ${env.NAME} in a config value.
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

/// What a config file yields: Flyway keys, environments, placeholders and own sections.
struct FileValues {
  Layer flyway;                                   // [flyway] / flyway.* keys
  std::map<std::string, Layer> environments;      // name -> url/user/password/...
  std::map<std::string, Entry> placeholders;
  std::vector<std::tuple<std::string, std::string, Entry>> own;  // section, key, entry
};

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
  auto entry = [&](const toml::node& n, const std::string& key) -> Result<Entry> {
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
      for (const auto& [fk, fnode] : *table) {
        const std::string fkey(fk.str());
        if (fkey == "placeholders" && fnode.is_table()) {
          for (const auto& [pk, pnode] : *fnode.as_table()) {
            auto e = entry(pnode, "flyway.placeholders." + std::string(pk.str()));
            if (!e) return Fail(e.error());
            out.placeholders[std::string(pk.str())] = *e;
          }
        } else if (fnode.is_table()) {
          warnings.push_back(origin(fnode) + ": [flyway." + fkey + "] is not supported by shiftway and is ignored");
        } else {
          auto e = entry(fnode, "flyway." + fkey);
          if (!e) return Fail(e.error());
          out.flyway[fkey] = *e;
        }
      }
    } else if (key == "environments") {
      const auto* table = node.as_table();
      if (!table) return Fail(Error(ErrorCode::kConfig, "'environments' must be a table").At({path, (int)node.source().begin.line, 1}));
      for (const auto& [ek, enode] : *table) {
        const auto* etable = enode.as_table();
        if (!etable) continue;
        Layer& layer = out.environments[std::string(ek.str())];
        for (const auto& [vk, vnode] : *etable) {
          if (vnode.is_table()) continue;  // resolvers, jdbcProperties: not for us
          auto e = entry(vnode, "environments." + std::string(ek.str()) + "." + std::string(vk.str()));
          if (!e) return Fail(e.error());
          layer[std::string(vk.str())] = *e;
        }
      }
    } else if (key == "lint" || key == "migrate" || key == "split") {
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
                            "[flyway.placeholders]) plus [lint], [migrate] and [split]"));
    } else {
      warnings.push_back(origin(node) + ": '" + key + "' is not supported by shiftway and is ignored");
    }
  }
  return {};
}

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
    if (!t.empty() && t.back() == '\\') {  // Java properties line continuation
      pending += t.substr(0, t.size() - 1);
      continue;
    }
    t = pending + t;
    pending.clear();
    size_t sep = t.find_first_of("=:");
    if (sep == std::string::npos) {
      return Fail(Error(ErrorCode::kConfig, "expected key=value, got '" + t + "'")
                      .At(SourcePos{path, start_line, 1})
                      .Hint("each line of a .conf file is flyway.KEY=VALUE"));
    }
    std::string key = Trim(t.substr(0, sep));
    std::string origin = path + ":" + std::to_string(start_line);
    auto value = ExpandEnv(Trim(t.substr(sep + 1)), env, key, origin);
    if (!value) return Fail(value.error());
    if (!key.starts_with("flyway.")) {
      warnings.push_back(origin + ": '" + key + "' is not a flyway.* setting and is ignored");
      continue;
    }
    key = key.substr(7);
    if (key.starts_with("placeholders.")) {
      out.placeholders[key.substr(13)] = Entry{*value, origin};
    } else {
      out.flyway[key] = Entry{*value, origin};
    }
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

Result<void> ApplyLayer(Settings& s, const Layer& layer, std::vector<std::string>& warnings) {
  const auto& keys = FlywayKeys();
  for (const auto& [key, e] : layer) {
    auto it = keys.find(key);
    if (it == keys.end()) {
      warnings.push_back("Flyway setting '" + key + "' (" + e.origin + ") is not supported by shiftway and is ignored");
      continue;
    }
    if (auto r = it->second(s, e, key); !r) return r;
  }
  return {};
}

}  // namespace

bool IsFlywayKey(std::string_view key) { return FlywayKeys().count(std::string(key)) > 0; }

Result<Settings> Load(const Sources& src, std::vector<std::string>& warnings) {
  Settings s;
  FileValues file;
  fs::path dir = src.working_directory.empty() ? fs::path(".") : fs::path(src.working_directory);
  std::string path = src.config_path;
  if (path.empty()) {
    for (const char* name : {"shiftway.toml", "flyway.toml", "flyway.conf"}) {
      std::error_code ec;
      if (fs::exists(dir / name, ec)) { path = (dir / name).string(); break; }
    }
  } else if (!fs::exists(path)) {
    return Fail(Error(ErrorCode::kConfig, "config file " + path + " does not exist").Hint("check the --config path"));
  }
  if (!path.empty()) {
    s.config_file = path;
    Result<void> r;
    if (path.ends_with(".conf") || path.ends_with(".properties")) {
      r = ReadConf(path, file, warnings, src.env);
    } else {
      bool ours = fs::path(path).filename() != "flyway.toml";
      r = ReadToml(path, ours, file, warnings, src.env);
    }
    if (!r) return Fail(r.error());
  }

  // Environment variables: SHIFTWAY_* over FLYWAY_*; unknown names are someone else's.
  Layer env_layer;
  std::map<std::string, Entry> env_placeholders;
  for (const char* prefix : {"FLYWAY_", "SHIFTWAY_"}) {
    for (const auto& [name, value] : src.env) {
      if (!name.starts_with(prefix)) continue;
      std::string rest = name.substr(std::string_view(prefix).size());
      Entry e{value, "environment variable " + name};
      if (rest.starts_with("PLACEHOLDERS_")) {
        std::string ph = rest.substr(13);
        for (auto& c : ph) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        env_placeholders[ph] = e;
        continue;
      }
      std::string key = CamelFromEnv(rest);
      if (FlywayKeys().count(key)) env_layer[key] = e;
    }
  }
  Layer flag_layer;
  for (const auto& [k, v] : src.flags) flag_layer[k] = Entry{v, "--" + k};

  // The environment name decides which [environments.NAME] block supplies the connection.
  std::string env_name = "default";
  if (auto it = file.flyway.find("environment"); it != file.flyway.end()) env_name = it->second.value;
  if (auto it = env_layer.find("environment"); it != env_layer.end()) env_name = it->second.value;
  if (!src.environment_name.empty()) env_name = src.environment_name;
  Layer file_layer = file.flyway;
  if (auto it = file.environments.find(env_name); it != file.environments.end()) {
    for (const auto& [k, e] : it->second) file_layer[k] = e;
  } else if (!src.environment_name.empty() || file.flyway.count("environment")) {
    std::string known;
    for (const auto& [n, _] : file.environments) known += (known.empty() ? "" : ", ") + n;
    return Fail(Error(ErrorCode::kConfig, "environment '" + env_name + "' is not defined" +
                                              (path.empty() ? std::string() : " in " + path))
                    .Hint(known.empty() ? "add an [environments." + env_name + "] table with its url"
                                        : "defined environments: " + known));
  }
  file_layer.erase("environment");

  // An empty URL is a forgotten value (SHIFTWAY_URL="" from an unset pipeline variable, --url ""),
  // never a request for the embedded SQLite file: the highest layer that sets one decides.
  for (const Layer* layer : {&flag_layer, &env_layer, &file_layer}) {
    auto it = layer->find("url");
    if (it == layer->end()) continue;
    if (Trim(it->second.value).empty()) {
      return Fail(Error(ErrorCode::kConfig, "no database URL: " + it->second.origin + " is empty")
                      .Hint("set it to the database URL, or unset it to use the config file's url"));
    }
    break;
  }
  for (const Layer* layer : {&file_layer, &env_layer, &flag_layer}) {
    if (auto r = ApplyLayer(s, *layer, warnings); !r) return Fail(r.error());
  }
  s.environment = env_name;
  for (const auto& [section, key, e] : file.own) {
    if (auto r = ApplyOwn(s, section, key, e); !r) return Fail(r.error());
  }
  for (const auto& [k, e] : file.placeholders) s.placeholders.Set(k, e.value);
  for (const auto& [k, e] : env_placeholders) s.placeholders.Set(k, e.value);
  for (const auto& kv : src.placeholder_flags) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(Error(ErrorCode::kUsage, "--placeholder expects KEY=VALUE, got '" + kv + "'"));
    }
    s.placeholders.Set(kv.substr(0, eq), kv.substr(eq + 1));
  }

  if (s.url.empty() && !src.url_optional) {
    const bool ci = src.env.count("CI") && !src.env.at("CI").empty() && src.env.at("CI") != "false";
    const bool k8s = src.env.count("KUBERNETES_SERVICE_HOST") > 0;
    if (ci || k8s || !s.config_file.empty()) {
      std::string why = !s.config_file.empty() ? s.config_file + " sets no url"
                        : ci                   ? "CI is set, so shiftway will not fall back to a local SQLite file"
                                               : "this runs in Kubernetes, so shiftway will not fall back to a local SQLite file";
      return Fail(Error(ErrorCode::kConfig, "no database URL: " + why)
                      .Hint("pass --url, set SHIFTWAY_URL, or set url under [environments." + env_name + "]"));
    }
    s.url = std::string("sqlite:") + kEmbeddedDatabase;
    s.embedded_default = true;
  }
  return s;
}

}  // namespace shiftway::config
