// Recursive, deterministic scanning of locations into migration files, callbacks and warnings.
#include "core/migration/discovery.h"
#include "core/base/strings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <sstream>
#include <unordered_set>

#include "core/migration/checksum.h"

namespace shiftway::migration {
namespace fs = std::filesystem;
namespace {

// Reads a whole file with plain POSIX calls: an ifstream plus a stringstream per file costs more
// than the read itself when there are thousands of small migrations.
Result<std::string> ReadFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(Error(ErrorCode::kConfig, "cannot read " + path.string() + ": permission denied or not a file")
                    .Hint("check the file's permissions"));
  }
  std::string out;
  struct stat st {};
  // Read the size fstat gives in one call, so a small file costs one read instead of two (the
  // second would only see EOF). Without a size (a pipe, /proc), read to EOF.
  const size_t expected = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  out.resize(expected);
  size_t have = 0;
  while (have < expected) {
    ssize_t n = ::read(fd, out.data() + have, expected - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // like the stream it replaces, a read error ends the text
    have += static_cast<size_t>(n);
  }
  out.resize(have);
  if (expected == 0) {
    char buf[16384];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

Result<ScriptConfig> ReadScriptConfig(const fs::path& path, const std::string& display) {
  auto text = ReadFile(path);
  if (!text) return Fail(text.error());
  ScriptConfig config;
  std::istringstream in(*text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == '!') continue;
    size_t eq = t.find('=');
    std::string key = Trim(t.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : Trim(t.substr(eq + 1));
    if (key == "executeInTransaction") {
      if (value != "true" && value != "false") {
        return Fail(Error(ErrorCode::kConfig, "executeInTransaction must be true or false, not '" + value + "'")
                        .At(SourcePos{display, line_no, 1}));
      }
      config.execute_in_transaction = value == "true";
    } else if (key == "encoding") {
      config.encoding = value;
    } else {
      return Fail(Error(ErrorCode::kConfig, "unknown key '" + key + "' in a script configuration")
                      .At(SourcePos{display, line_no, 1})
                      .Hint("a .sql.conf file may set executeInTransaction and encoding"));
    }
  }
  return config;
}

std::string DuplicateKey(const MigrationFile& m) {
  switch (m.name.kind) {
    case Kind::kRepeatable: return "R:" + m.name.description;
    case Kind::kUndo: return "U";
    case Kind::kBaseline: return "B";
    case Kind::kVersioned: return "V";
  }
  return "V";
}

}  // namespace

Result<std::string> LocationDirectory(std::string_view location) {
  std::string_view loc = location;
  if (loc.starts_with("filesystem:")) return std::string(loc.substr(11));
  if (loc.starts_with("classpath:")) {
    return Fail(Error(ErrorCode::kConfig, "location '" + std::string(location) +
                                              "' is on the Java class path, which shiftway cannot read")
                    .Hint("point at the directory instead, for example filesystem:src/main/resources/" +
                          std::string(loc.substr(10))));
  }
  size_t colon = loc.find(':');
  if (colon != std::string_view::npos && colon > 1 && loc.find('/') > colon) {
    return Fail(Error(ErrorCode::kConfig, "location '" + std::string(location) + "' uses the unsupported scheme '" +
                                              std::string(loc.substr(0, colon)) + ":'")
                    .Hint("use filesystem:DIR or a plain directory path"));
  }
  return std::string(loc);
}

Result<Discovery> Discover(const DiscoveryOptions& options) {
  Discovery out;
  for (const auto& location : options.locations) {
    auto dir = LocationDirectory(location);
    if (!dir) return Fail(dir.error());
    std::error_code ec;
    fs::path root(*dir);
    if (!fs::exists(root, ec)) {
      std::string msg = "location " + location + " does not exist";
      if (options.fail_on_missing_locations) {
        return Fail(Error(ErrorCode::kConfig, msg).Hint("create it, or fix `locations` in the configuration"));
      }
      out.warnings.push_back(msg);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      return Fail(Error(ErrorCode::kConfig, "location " + location + " is not a directory")
                      .Hint("`locations` lists directories that hold migrations"));
    }
    // Collect first and sort, so the result never depends on directory order. Script
    // configurations (*.sql.conf) are noted on the way, so no file needs a stat of its own.
    std::vector<fs::path> files;
    std::unordered_set<std::string> conf_entries;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    if (ec) {
      return Fail(Error(ErrorCode::kConfig, "cannot read directory " + root.string() + ": " + ec.message())
                      .Hint("check its permissions"));
    }
    // A failed increment leaves the iterator at its end, so remember the entry it was leaving:
    // when that entry is a directory, it is the one that could not be opened.
    fs::path last = root;
    std::vector<std::pair<std::string, std::string>> not_files;  // path, what it is
    for (; it != end; it.increment(ec)) {
      last = it->path();
      const fs::path& p = it->path();
      if (p.native().ends_with(".conf")) conf_entries.insert(p.native());
      if (it->is_regular_file(ec)) {
        files.push_back(p);
      } else if (const std::string name = p.filename().string();
                 ParseMigrationName(name).is_sql || !CallbackEvent(name).empty()) {
        // Named like a migration but not a file: skipping it silently would hide a migration.
        std::error_code type_ec;
        const fs::file_type type = fs::status(p, type_ec).type();
        not_files.emplace_back(p.generic_string(), type == fs::file_type::directory ? "a directory"
                                                   : type == fs::file_type::fifo    ? "a FIFO"
                                                   : type == fs::file_type::socket  ? "a socket"
                                                   : type == fs::file_type::not_found ? "a broken symbolic link"
                                                                                      : "not a regular file");
      }
    }
    std::sort(not_files.begin(), not_files.end());
    for (const auto& [path, what] : not_files) {
      out.warnings.push_back(path + ": named like a migration but " + what + "; it is skipped");
    }
    if (ec) {
      std::error_code dir_ec;
      const fs::path where = fs::is_directory(last, dir_ec) ? last : last.parent_path();
      return Fail(Error(ErrorCode::kConfig, "cannot read directory " + where.generic_string() + ": " + ec.message())
                      .Hint("check its permissions"));
    }
    // The order of fs::path's operator<, which compares component by component. Comparing the
    // strings with '/' mapped below every other byte gives the same order without building the
    // component lists: file names never contain a NUL byte.
    std::vector<std::pair<std::string, size_t>> order;
    order.reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      std::string key = files[i].native();
      std::replace(key.begin(), key.end(), '/', '\0');
      order.emplace_back(std::move(key), i);
    }
    std::sort(order.begin(), order.end());
    // Every path starts with the root as the iterator spelled it; the rest is the script name.
    std::string prefix = root.native();
    if (!prefix.empty() && prefix.back() != '/') prefix.push_back('/');
    for (const auto& [key, index] : order) {
      const fs::path& file = files[index];
      const std::string file_name = file.filename().string();
      const bool below_prefix = !prefix.empty() && file.native().starts_with(prefix);
      std::string script = below_prefix ? file.native().substr(prefix.size())
                                        : file.lexically_relative(root).generic_string();
      std::string display = below_prefix ? file.native() : (root / script).generic_string();
      if (std::string event = CallbackEvent(file_name, options.naming); !event.empty()) {
        auto bytes = ReadFile(file);
        if (!bytes) return Fail(bytes.error());
        auto text = DecodeToUtf8InPlace(std::move(*bytes), options.encoding, display);
        if (!text) return Fail(text.error());
        out.callbacks.push_back({event, script, display, std::move(*text)});
        continue;
      }
      NameCheck check = ParseMigrationName(file_name, options.naming);
      if (!check.is_sql) continue;
      if (!check.parsed) {
        std::string msg = display + ": not a valid migration name: " + check.problem;
        if (options.validate_naming) {
          return Fail(Error(ErrorCode::kConfig, "not a valid migration name: " + check.problem)
                          .At(SourcePos{display, 0, 0})
                          .Hint("rename it (for example V1__init.sql), or move it out of the locations"));
        }
        out.warnings.push_back(msg + "; it is skipped");
        continue;
      }
      MigrationFile m;
      m.name = std::move(*check.parsed);
      m.script = std::move(script);
      m.path = std::move(display);
      fs::path conf = file;
      conf += ".conf";
      if (conf_entries.count(conf.native()) && fs::exists(conf, ec)) {
        auto c = ReadScriptConfig(conf, m.path + ".conf");
        if (!c) return Fail(c.error());
        m.config = std::move(*c);
      }
      auto bytes = ReadFile(file);
      if (!bytes) return Fail(bytes.error());
      auto text = DecodeToUtf8InPlace(std::move(*bytes), m.config.encoding.empty() ? options.encoding : m.config.encoding, m.path);
      if (!text) return Fail(text.error());
      m.text = std::move(*text);
      m.checksum = FlywayChecksum(m.text);
      out.migrations.push_back(std::move(m));
    }
  }
  // Sort a permutation and move each file once: a MigrationFile holds its whole text, and a
  // merge sort would move it about log2(n) times.
  std::vector<size_t> order(out.migrations.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto& files = out.migrations;
  std::stable_sort(order.begin(), order.end(), [&files](size_t x, size_t y) {
    const MigrationFile& a = files[x];
    const MigrationFile& b = files[y];
    if (a.versioned() != b.versioned()) return a.versioned();
    if (a.versioned()) {
      if (a.name.version != b.name.version) return a.name.version < b.name.version;
      return static_cast<int>(a.name.kind) < static_cast<int>(b.name.kind);
    }
    return a.name.description < b.name.description;
  });
  std::vector<MigrationFile> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(std::move(out.migrations[i]));
  out.migrations = std::move(sorted);
  for (size_t i = 0; i < out.migrations.size(); ++i) {
    const MigrationFile& m = out.migrations[i];
    if (i > 0) {
      const MigrationFile& prev = out.migrations[i - 1];
      bool same = m.versioned() && prev.versioned() && DuplicateKey(m) == DuplicateKey(prev) &&
                  m.name.version == prev.name.version;
      bool same_r = !m.versioned() && !prev.versioned() && m.name.description == prev.name.description;
      if (same || same_r) {
        std::string what = same ? "version " + m.name.version.raw() : "description '" + m.name.description + "'";
        std::string kind = m.name.kind == Kind::kUndo ? "undo migration" : m.name.kind == Kind::kBaseline ? "baseline migration" : same ? "migration" : "repeatable migration";
        return Fail(Error(ErrorCode::kConfig, "found more than one " + kind + " with " + what + ":\n  -> " + prev.path +
                                                  "\n  -> " + m.path)
                        .At(SourcePos{m.path, 0, 0})
                        .Hint("give one of them another version (`shiftway new` picks the next free one)"));
      }
    }
  }
  std::stable_sort(out.callbacks.begin(), out.callbacks.end(),
                   [](const CallbackFile& a, const CallbackFile& b) { return a.script < b.script; });
  return out;
}

}  // namespace shiftway::migration
