// shiftway's entry point: global options, the command table, and the last-resort catch.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/guard.h"
#include "core/base/strings.h"
#include "drivers/url.h"

extern char** environ;

namespace shiftway::cli {

Result<config::Settings> LoadSettings(const Globals& g, Out& out, bool url_optional) {
  config::Sources src;
  src.url_optional = url_optional;
  src.config_path = g.config;
  src.working_directory = g.cwd;
  src.environment_name = g.environment;
  src.env = g.env;
  src.flags = g.flyway_flags;
  const std::pair<const char*, const std::string*> globals[] = {
      {"url", &g.url}, {"user", &g.user}, {"password", &g.password},
      {"locations", &g.locations}, {"table", &g.table}, {"schemas", &g.schemas}};
  for (const auto& [key, value] : globals) {
    if (!value->empty()) src.flags[key] = *value;
  }
  // An empty --url is kept, so that it is refused rather than silently ignored.
  if (g.url_given) src.flags["url"] = g.url;
  src.placeholder_flags = g.placeholders;
  std::vector<std::string> warnings;
  auto settings = config::Load(src, warnings);
  for (const auto& w : warnings) out.Warn(w);
  return settings;
}

namespace {

// Flyway users write -url=..., -baselineVersion=2 or -placeholders.name=v: take those aside so
// that CLI11 sees only its own options.
std::vector<std::string> TakeFlywayFlags(int argc, char** argv, Globals& g) {
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t dashes = arg.starts_with("--") ? 2 : arg.starts_with("-") ? 1 : 0;
    size_t eq = arg.find('=');
    if (dashes > 0 && eq != std::string::npos) {
      std::string key = arg.substr(dashes, eq - dashes);
      std::string value = arg.substr(eq + 1);
      if (key.starts_with("placeholders.")) {
        // Handed to --placeholder: CLI11 overwrites the vector it fills, so anything put there
        // before parsing would be lost as soon as --placeholder is given too.
        rest.push_back("--placeholder");
        rest.push_back(key.substr(13) + "=" + value);
        continue;
      }
      if (key == "configFiles") {
        g.config = value.substr(0, value.find(','));
        continue;
      }
      if (config::IsFlywayKey(key) && (dashes == 1 || key.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)) {
        g.flyway_flags[key] = value;
        continue;
      }
    }
    rest.push_back(arg);
  }
  return rest;
}

using Runners = std::vector<std::pair<CLI::App*, std::function<int(Globals&, Out&)>>>;

// The whole command line's parser, filling `g`; `runners` gets each command's run function.
std::unique_ptr<CLI::App> BuildApp(Globals& g, Runners& runners) {
  auto app = std::make_unique<CLI::App>(
      "shiftway: Flyway-compatible migrations, linted for compatibility with the running release");
  app->name("shiftway");
  app->set_version_flag("--version", SHIFTWAY_VERSION);
  app->require_subcommand(1);
  app->fallthrough();
  app->add_option("--config", g.config, "config file (default: shiftway.toml, flyway.toml or flyway.conf)");
  app->add_option("--environment", g.environment, "[environments.NAME] table to use");
  app->add_option("--url", g.url, "database URL (postgresql://, mysql://, mariadb://, sqlite:PATH, jdbc:...)")
      ->each([&g](const std::string&) { g.url_given = true; });
  app->add_option("--user", g.user, "database user");
  app->add_option("--password", g.password, "database password (prefer SHIFTWAY_PASSWORD)");
  app->add_option("--locations", g.locations, "comma-separated migration locations (default filesystem:sql)");
  app->add_option("--table", g.table, "schema history table (default flyway_schema_history)");
  app->add_option("--schemas", g.schemas, "comma-separated schemas; the first holds the history table");
  app->add_option("--placeholder", g.placeholders, "KEY=VALUE placeholder (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app->add_option("--output", g.output, "human or json (lint also: sarif, github, gitlab)")
      ->check(CLI::IsMember({"human", "json", "sarif", "github", "gitlab"}));
  app->add_option("--color", g.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_flag("--quiet,-q", g.quiet, "print only warnings, errors and results");
  app->add_flag("--verbose,-v", g.verbose, "print more detail");
  for (const auto& cmd : Commands()) {
    CLI::App* sub = app->add_subcommand(cmd.name, cmd.help);
    sub->fallthrough();
    runners.emplace_back(sub, cmd.setup(*sub, g));
  }
  return app;
}

// True for a flag that names a password, even mistyped (--pasword, -pwd, --db-passwd, --secret):
// its value is hidden from parse errors too.
bool IsPasswordFlag(std::string_view flag) {
  std::string name = Lower(flag.substr(0, flag.find('=')));
  if (!flag.starts_with("-")) return false;
  for (const char* part : {"pas", "pw", "secret", "token"}) {
    if (name.find(part) != std::string::npos) return true;
  }
  return false;
}

// The command line with every password replaced by "***": the value of a password flag, and the
// password inside any URL. Tokens keep their places, so parsing this copy fails exactly as the
// real one did, and its message can be shown.
std::vector<std::string> RedactArgs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const size_t eq = a.find('=');
    if (IsPasswordFlag(a) && eq != std::string::npos) {
      out.push_back(a.substr(0, eq + 1) + "***");
    } else if (IsPasswordFlag(a) && i + 1 < args.size()) {
      out.push_back(a);
      out.push_back("***");
      ++i;
    } else {
      out.push_back(a.find("://") != std::string::npos ? drivers::RedactUrl(a) : drivers::RedactText(a));
    }
  }
  return out;
}

int Main(int argc, char** argv) {
  Globals g;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) g.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  std::error_code ec;
  g.cwd = std::filesystem::current_path(ec).string();
  std::vector<std::string> args = TakeFlywayFlags(argc, argv, g);

  Runners subs;
  std::unique_ptr<CLI::App> app = BuildApp(g, subs);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app->exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app->exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 echoes arguments in its messages: show the message of the same parse over the redacted
    // command line, never the real one's.
    std::string message = "the command line could not be parsed";
    Globals shadow;
    Runners shadow_subs;
    std::unique_ptr<CLI::App> redacted = BuildApp(shadow, shadow_subs);
    std::vector<std::string> redacted_args = RedactArgs(args);
    try {
      redacted->parse(std::vector<std::string>(redacted_args.rbegin(), redacted_args.rend()));
    } catch (const CLI::ParseError& again) {
      message = again.what();
    }
    std::cerr << "error: " << drivers::RedactText(message)
              << "\n  help: run `shiftway --help` for the commands and options\n";
    return 2;
  }
  if (g.output != "human" && g.output != "json") {
    bool lint = false;
    for (auto& [sub, fn] : subs) lint = lint || (sub->parsed() && std::string(sub->get_name()) == "lint");
    if (!lint) {
      std::cerr << "error: --output " << g.output << " is only for `shiftway lint`\n  help: use human or json\n";
      return 2;
    }
  }
  Out out(g);
  for (auto& [sub, fn] : subs) {
    if (sub->parsed()) return fn(g, out);
  }
  return 2;
}

}  // namespace
}  // namespace shiftway::cli

int main(int argc, char** argv) {
  return shiftway::cli::RunGuarded([&] { return shiftway::cli::Main(argc, argv); });
}
