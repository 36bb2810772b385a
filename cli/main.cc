// shiftway's entry point: global options, the command table, and the last-resort catch.
#include <cstdio>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "cli/guard.h"
#include "core/base/strings.h"
#include "core/config/flyway_parameters.h"
#include "drivers/url.h"

extern char** environ;

namespace shiftway::cli {

Result<config::Settings> LoadSettings(const Globals& g, Out& out, bool url_optional) {
  config::Sources src;
  src.url_optional = url_optional;
  // Flyway's -configFiles first, then --config: both are read after the default files.
  src.config_path = g.config_files.empty() ? g.config : g.config.empty() ? g.config_files : g.config_files + "," + g.config;
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
// that CLI11 sees only its own options. Flyway's own CLI spellings (-outputType=json, -X,
// -color=never, -outputFile=, -skipCheckForUpdate) map onto shiftway's options. Errors (a bad
// -outputType) are returned in `error`.
std::vector<std::string> TakeFlywayFlags(const std::vector<std::string>& args, Globals& g, std::string& error) {
  std::vector<std::string> rest;
  for (const std::string& arg : args) {
    size_t dashes = arg.starts_with("--") ? 2 : arg.starts_with("-") ? 1 : 0;
    size_t eq = arg.find('=');
    if (arg == "-X") {  // Flyway's debug output
      g.verbose = true;
      continue;
    }
    if (arg == "-skipCheckForUpdate" || arg == "--skipCheckForUpdate") continue;  // shiftway never checks
    if (dashes > 0 && eq != std::string::npos) {
      std::string key = arg.substr(dashes, eq - dashes);
      std::string value = arg.substr(eq + 1);
      if (key == "outputType") {
        if (value != "json" && value != "human") error = "-outputType expects json, got '" + value + "'";
        g.output = value;
        continue;
      }
      if (key == "outputFile") {
        g.output_file = value;
        continue;
      }
      if (key == "color" && dashes == 1) {
        if (value != "auto" && value != "always" && value != "never")
          error = "-color expects auto, always or never, got '" + value + "'";
        g.color = value;
        continue;
      }
      if (key.starts_with("placeholders.")) {
        // Handed to --placeholder: CLI11 overwrites the vector it fills, so anything put there
        // before parsing would be lost as soon as --placeholder is given too.
        rest.push_back("--placeholder");
        rest.push_back(key.substr(13) + "=" + value);
        continue;
      }
      if (key == "configFiles") {
        g.config_files = g.config_files.empty() ? value : g.config_files + "," + value;
        continue;
      }
      const bool flyway_key = config::IsFlywayKey(key) || key.starts_with("environments.");
      if (flyway_key && (dashes == 1 || key.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)) {
        g.flyway_flags[key] = value;
        continue;
      }
    }
    rest.push_back(arg);
  }
  return rest;
}

// Flyway's verbs, which may be chained (`clean migrate info`) and run in the order given.
bool Chainable(const std::string& verb) {
  static const std::set<std::string> verbs = {"migrate", "info", "validate", "baseline", "repair", "clean", "undo"};
  return verbs.count(verb) > 0;
}

bool IsCommand(const std::string& word) {
  for (const auto& c : Commands()) {
    if (word == c.name) return true;
  }
  return false;
}

// "did you mean" for what CLI11 refused: the first word that is neither a command nor an option.
std::string Suggestion(const std::vector<std::string>& args, const CLI::App& app) {
  std::vector<std::string> commands = {"help", "version"};
  for (const auto& c : Commands()) commands.emplace_back(c.name);
  bool seen_command = false;
  for (const auto& a : args) {
    if (a.starts_with("-")) {
      std::string name = a.substr(a.find_first_not_of('-'));
      name = name.substr(0, name.find('='));
      std::vector<std::string> options = config::FlywayParameterNames();
      std::vector<const CLI::App*> apps = {&app};
      for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) apps.push_back(sub);
      for (const CLI::App* one : apps) {
        for (const auto* o : one->get_options()) {
          for (const auto& n : o->get_lnames()) options.push_back(n);
        }
      }
      if (std::find(options.begin(), options.end(), name) != options.end()) continue;
      std::string close = ClosestName(name, options);
      if (!close.empty()) return "did you mean `" + std::string(a.starts_with("--") ? "--" : "-") + close + "`?";
      continue;
    }
    if (!seen_command && !IsCommand(a)) {
      std::string close = ClosestName(a, commands);
      if (!close.empty()) return "did you mean `" + close + "`?";
      return "";
    }
    seen_command = true;
  }
  return "";
}

// Copies what is written to a stream into a second buffer as well (Flyway's -outputFile).
class TeeBuf : public std::streambuf {
 public:
  TeeBuf(std::streambuf* a, std::streambuf* b) : a_(a), b_(b) {}

 protected:
  int overflow(int c) override {
    if (c == EOF) return !EOF;
    return a_->sputc(static_cast<char>(c)) == EOF || b_->sputc(static_cast<char>(c)) == EOF ? EOF : c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    b_->sputn(s, n);
    return a_->sputn(s, n);
  }
  int sync() override { return a_->pubsync() | b_->pubsync(); }

 private:
  std::streambuf* a_;
  std::streambuf* b_;
};

using Runners = std::vector<std::pair<CLI::App*, std::function<int(Globals&, Out&)>>>;

// The whole command line's parser, filling `g`; `runners` gets each command's run function.
std::unique_ptr<CLI::App> BuildApp(Globals& g, Runners& runners) {
  auto app = std::make_unique<CLI::App>(
      "shiftway: Flyway-compatible migrations, linted for compatibility with the running release");
  app->name("shiftway");
  app->set_version_flag("--version", SHIFTWAY_VERSION);
  app->require_subcommand(1);
  app->fallthrough();
  app->add_option("--config", g.config, "config file(s), comma-separated, read after flyway.toml, flyway.user.toml and shiftway.toml (or flyway.conf)");
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
  app->add_option("--output", g.output, "human or json (lint also: sarif, github, gitlab; check --drift also: sarif)")
      ->check(CLI::IsMember({"human", "json", "sarif", "github", "gitlab"}));
  app->add_option("--color", g.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_flag("--quiet,-q", g.quiet, "print only warnings, errors and results");
  app->add_flag("--verbose,-v", g.verbose, "print more detail");
  app->footer("Flyway's spellings work too: -url=..., -outputType=json, -X, -color=never, -configFiles=a.conf,b.conf,\n"
              "-environments.NAME.url=..., chained verbs (`shiftway clean migrate info`), `shiftway version`, `shiftway help`.");
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

// One command (or one verb of a chain) with the globals given.
int RunOne(Globals g, const std::vector<std::string>& args) {
  Runners subs;
  std::unique_ptr<CLI::App> app = BuildApp(g, subs);
  for (const auto& a : args) {
    if (a.starts_with("-")) continue;
    if (a == "help") {
      std::cout << app->help();
      return kOk;
    }
    if (a == "version") {
      std::cout << "shiftway " << SHIFTWAY_VERSION << "\n";
      return kOk;
    }
    break;
  }
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
    std::cerr << "error: " << drivers::RedactText(message) << "\n";
    if (std::string s = Suggestion(args, *app); !s.empty()) std::cerr << "  help: " << s << "\n";
    else std::cerr << "  help: run `shiftway --help` for the commands and options\n";
    return 2;
  }
  if (g.output != "human" && g.output != "json") {
    bool lint = false, check = false;
    for (auto& [sub, fn] : subs) {
      lint = lint || (sub->parsed() && (std::string(sub->get_name()) == "lint" || std::string(sub->get_name()) == "verify"));
      check = check || (sub->parsed() && std::string(sub->get_name()) == "check");
    }
    // check --drift renders sarif itself and refuses github and gitlab with its own message.
    if (!lint && !(check && g.output == "sarif")) {
      std::cerr << "error: --output " << g.output << " is only for `shiftway lint` and `shiftway verify`" << (g.output == "sarif" ? ", and `shiftway check --drift`" : "") << "\n  help: use human or json\n";
      return 2;
    }
  }
  TakeFleetMember(g);
  Out out(g);
  for (auto& [sub, fn] : subs) {
    if (sub->parsed()) return fn(g, out);
  }
  return 2;
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
  std::string error;
  g.args.assign(argv + 1, argv + argc);
  std::vector<std::string> args = TakeFlywayFlags(std::vector<std::string>(argv + 1, argv + argc), g, error);
  if (!error.empty()) {
    std::cerr << "error: " << error << "\n  help: run `shiftway --help` for the commands and options\n";
    return 2;
  }

  // A --fleet child's output goes to its parent, which writes the -outputFile once.
  if (g.env.count("SHIFTWAY_FLEET_MEMBER_URL")) g.output_file.clear();
  // -outputFile: everything printed also goes to the file, as Flyway writes it alongside the console.
  std::ofstream output_file;
  std::unique_ptr<TeeBuf> tee_out, tee_err;
  std::streambuf* old_out = nullptr;
  std::streambuf* old_err = nullptr;
  if (!g.output_file.empty()) {
    output_file.open(g.output_file, std::ios::out | std::ios::trunc);
    if (!output_file) {
      std::cerr << "error: cannot write -outputFile " << g.output_file << "\n  help: check that its directory exists\n";
      return 2;
    }
    tee_out = std::make_unique<TeeBuf>(std::cout.rdbuf(), output_file.rdbuf());
    tee_err = std::make_unique<TeeBuf>(std::cerr.rdbuf(), output_file.rdbuf());
    old_out = std::cout.rdbuf(tee_out.get());
    old_err = std::cerr.rdbuf(tee_err.get());
  }
  struct Restore {
    std::streambuf* out;
    std::streambuf* err;
    ~Restore() {
      if (out) std::cout.rdbuf(out);
      if (err) std::cerr.rdbuf(err);
    }
  } restore{old_out, old_err};

  // Chained Flyway verbs: the options before the first verb apply to each; each verb keeps its
  // own options; they run in the order given and stop at the first failure, as in Flyway.
  size_t first = args.size();
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].starts_with("-") && (IsCommand(args[i]) || args[i] == "help" || args[i] == "version")) {
      first = i;
      break;
    }
  }
  std::vector<size_t> starts;
  if (first < args.size() && Chainable(args[first])) {
    for (size_t i = first; i < args.size(); ++i) {
      if (Chainable(args[i]) && (i == first || !args[i - 1].starts_with("-") || args[i - 1].find('=') != std::string::npos ||
                                 args[i - 1] == "--out-of-order" || args[i - 1] == "--dry-run" || args[i - 1] == "--fleet")) {
        starts.push_back(i);
      }
    }
  }
  if (starts.size() <= 1) return RunOne(g, args);
  if (std::find(args.begin(), args.end(), "--fleet") != args.end()) {
    std::cerr << "error: --fleet runs one command, not a chain of verbs\n  help: run each verb with --fleet on its own\n";
    return 2;
  }
  const std::vector<std::string> globals(args.begin(), args.begin() + static_cast<long>(first));
  for (size_t k = 0; k < starts.size(); ++k) {
    std::vector<std::string> one = globals;
    size_t end = k + 1 < starts.size() ? starts[k + 1] : args.size();
    one.insert(one.end(), args.begin() + static_cast<long>(starts[k]), args.begin() + static_cast<long>(end));
    if (int rc = RunOne(g, one); rc != kOk) return rc;
  }
  return kOk;
}

}  // namespace
}  // namespace shiftway::cli

int main(int argc, char** argv) {
  // Each progress line reaches a pipe or a pod's log as it is printed, so a killed run's log
  // still ends with the migration it was in (stdio would block-buffer it when not a terminal).
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  return shiftway::cli::RunGuarded([&] { return shiftway::cli::Main(argc, argv); });
}
