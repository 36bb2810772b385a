// `new`: create the next migration file with the right version.
#include <filesystem>
#include <fstream>

#include "core/run/common.h"

namespace shiftway::run {
namespace fs = std::filesystem;

namespace {

// The version after `last`: the last part plus one, keeping its width (003 -> 004, 1.2 -> 1.3);
// a timestamp-like version (8+ digits) is followed by the current time in the same width.
std::string NextVersion(const std::string& last, std::time_t now) {
  if (last.empty()) return "1";
  size_t dot = last.rfind('.');
  std::string head = dot == std::string::npos ? "" : last.substr(0, dot + 1);
  std::string tail = dot == std::string::npos ? last : last.substr(dot + 1);
  if (head.empty() && tail.size() >= 8) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    std::string stamp = std::string(buf).substr(0, std::min<size_t>(14, tail.size()));
    if (stamp > tail) return stamp;
  }
  // Decimal increment on a digit string of any length.
  std::string next = tail;
  int i = static_cast<int>(next.size()) - 1;
  for (; i >= 0; --i) {
    if (next[i] == '9') { next[i] = '0'; continue; }
    ++next[i];
    break;
  }
  if (i < 0) next.insert(next.begin(), '1');
  return head + next;
}

std::string Slug(const std::string& description) {
  std::string out;
  for (char c : description) out.push_back(c == ' ' ? '_' : c);
  return out;
}

}  // namespace

Result<NewFileResult> NewMigration(const config::Settings& settings, char kind, const std::string& description,
                                   const std::string& version_override, std::time_t now) {
  if (description.empty()) {
    return Fail(Error(ErrorCode::kUsage, "a description is needed").Hint("shiftway new add orders table"));
  }
  // The description becomes part of a file name that must parse back to the same migration.
  const std::string& sep = settings.naming.separator;
  for (char c : description) {
    if (c == '/' || c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) {
      return Fail(Error(ErrorCode::kUsage, "the description '" + description + "' cannot be part of a file name: it contains " +
                                               (c == '/' || c == '\\' ? std::string("'") + c + "'" : std::string("a control character")))
                      .Hint("use letters, digits and spaces, e.g. shiftway new add orders table"));
    }
  }
  if (!sep.empty() && Slug(description).find(sep) != std::string::npos) {
    return Fail(Error(ErrorCode::kUsage, "the description '" + description + "' would contain the separator '" + sep +
                                             "', so the file name would not parse back")
                    .Hint("use single spaces between words"));
  }
  if (settings.locations.empty()) return Fail(ErrorCode::kConfig, "no locations are configured");
  auto dir = migration::LocationDirectory(settings.locations.front());
  if (!dir) return Fail(dir.error());
  migration::DiscoveryOptions d = config::DiscoveryOptionsOf(settings);
  d.validate_naming = false;
  auto discovery = migration::Discover(d);
  if (!discovery) return Fail(discovery.error());
  const migration::MigrationFile* last = nullptr;
  for (const auto& m : discovery->migrations) {
    if (m.name.kind == migration::Kind::kVersioned || m.name.kind == migration::Kind::kBaseline) {
      if (!last || last->name.version < m.name.version) last = &m;
    }
  }
  NewFileResult out;
  std::string name;
  // Named the project's way (sqlMigrationPrefix, sqlMigrationSeparator, the first suffix).
  const migration::NamingConvention& n = settings.naming;
  const std::string suffix = n.suffixes.empty() ? ".sql" : n.suffixes.front();
  if (kind == 'R') {
    name = n.repeatable + n.separator + Slug(description) + suffix;
  } else {
    std::string version = version_override;
    if (version.empty()) {
      version = kind == 'U' ? (last ? last->name.version.raw() : "") : NextVersion(last ? last->name.version.raw() : "", now);
      if (version.empty()) return Fail(ErrorCode::kUsage, "there is no versioned migration to undo yet");
    }
    auto parsed = migration::Version::Parse(version);
    if (!parsed) return Fail(parsed.error());
    // A version that exists is refused whatever its description: V5 next to V5, B5 or U5 would be
    // a duplicate (or an undo without its migration); an undo only when one exists already.
    for (const auto& m : discovery->migrations) {
      if (m.name.kind == migration::Kind::kRepeatable || !(m.name.version == *parsed)) continue;
      if (kind == 'U' && m.name.kind != migration::Kind::kUndo) continue;
      return Fail(Error(ErrorCode::kUsage, (kind == 'U' ? "an undo migration for version " : "version ") + version +
                                               " exists already: " + m.path)
                      .Hint(kind == 'U' ? "each version has one undo migration; edit that one"
                                        : "leave out --version to take the next free one"));
    }
    out.version = version;
    name = (kind == 'U' ? n.undo : n.versioned) + version + n.separator + Slug(description) + suffix;
  }
  fs::path path = fs::path(*dir) / name;
  std::error_code ec;
  fs::create_directories(*dir, ec);
  if (fs::exists(path)) {
    return Fail(Error(ErrorCode::kUsage, path.generic_string() + " already exists").Hint("choose another description"));
  }
  std::ofstream file(path);
  if (!file) return Fail(Error(ErrorCode::kConfig, "cannot create " + path.generic_string()).Hint("check the directory's permissions"));
  file << "-- " << (kind == 'U' ? "Undo " : "") << description << "\n";
  out.path = path.generic_string();
  return out;
}

}  // namespace shiftway::run
