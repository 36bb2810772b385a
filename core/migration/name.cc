// Parsing migration and callback file names the way Flyway does, with reasons for misnamed files.
#include "core/migration/name.h"

#include "core/base/strings.h"

#include <algorithm>
#include <cctype>

namespace shiftway::migration {
namespace {

constexpr std::string_view kCallbackEvents[] = {
    "beforeMigrate", "beforeEachMigrate", "beforeEachMigrateStatement", "afterEachMigrateStatement",
    "afterEachMigrateStatementError", "afterEachMigrate", "afterEachMigrateError", "afterMigrate",
    "afterMigrateApplied", "afterVersioned", "afterMigrateError", "beforeUndo", "beforeEachUndo",
    "afterEachUndo", "afterEachUndoError", "afterUndo", "afterUndoError", "beforeClean", "afterClean",
    "afterCleanError", "beforeInfo", "afterInfo", "afterInfoError", "beforeValidate", "afterValidate",
    "afterValidateError", "beforeBaseline", "afterBaseline", "afterBaselineError", "beforeRepair",
    "afterRepair", "afterRepairError", "createSchema", "beforeConnect", "afterConnect",
};

// The length of the longest suffix `name` ends with (ignoring case), or 0.
size_t SuffixLength(std::string_view name, const NamingConvention& naming) {
  size_t best = 0;
  for (const auto& suffix : naming.suffixes) {
    if (suffix.empty() || suffix.size() >= name.size() || suffix.size() <= best) continue;
    std::string_view tail = name.substr(name.size() - suffix.size());
    bool same = std::equal(tail.begin(), tail.end(), suffix.begin(), suffix.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    if (same) best = suffix.size();
  }
  return best;
}

std::string Describe(std::string_view raw) {
  std::string d(raw);
  std::replace(d.begin(), d.end(), '_', ' ');
  return d;
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kVersioned: return "Versioned";
    case Kind::kUndo: return "Undo";
    case Kind::kRepeatable: return "Repeatable";
    case Kind::kBaseline: return "Baseline";
  }
  return "Versioned";
}

std::string CallbackEvent(std::string_view file_name, const NamingConvention& naming) {
  const size_t suffix = SuffixLength(file_name, naming);
  if (suffix == 0) return "";
  std::string_view stem = file_name.substr(0, file_name.size() - suffix);
  size_t sep = naming.separator.empty() ? std::string_view::npos : stem.find(naming.separator);
  std::string_view event = stem.substr(0, sep);
  for (auto e : kCallbackEvents) {
    if (e == event) return std::string(e);
  }
  return "";
}

NameCheck ParseMigrationName(std::string_view name, const NamingConvention& naming) {
  NameCheck check;
  const size_t suffix = SuffixLength(name, naming);
  check.is_sql = suffix > 0;
  if (!check.is_sql) return check;
  std::string_view stem = name.substr(0, name.size() - suffix);
  if (stem.empty()) {
    check.problem = "the name has no prefix, version or description";
    return check;
  }
  // Longest prefix first, as Flyway matches them.
  std::vector<std::pair<const std::string*, Kind>> prefixes = {{&naming.versioned, Kind::kVersioned},
                                                               {&naming.undo, Kind::kUndo},
                                                               {&naming.baseline, Kind::kBaseline},
                                                               {&naming.repeatable, Kind::kRepeatable}};
  std::stable_sort(prefixes.begin(), prefixes.end(),
                   [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  const std::string* prefix = nullptr;
  Kind kind = Kind::kVersioned;
  for (const auto& [p, k] : prefixes) {
    if (!p->empty() && stem.starts_with(*p)) {
      prefix = p;
      kind = k;
      break;
    }
  }
  if (!prefix) {
    for (const auto& [p, k] : prefixes) {
      if (p->empty() || !Lower(stem).starts_with(Lower(*p))) continue;
      const bool upper = std::none_of(p->begin(), p->end(), [](unsigned char c) { return std::islower(c); });
      check.problem = upper ? "the prefix must be upper case '" + *p + "'" : "the prefix must be '" + *p + "'";
      return check;
    }
    check.problem = "the name must start with " + naming.versioned + ", " + naming.undo + ", " + naming.baseline +
                    " or " + naming.repeatable + " (for example " + naming.versioned + "1" + naming.separator +
                    "init" + (naming.suffixes.empty() ? ".sql" : naming.suffixes.front()) + ")";
    return check;
  }
  std::string_view rest = stem.substr(prefix->size());
  const std::string& sep_text = naming.separator;
  const std::string example_suffix = naming.suffixes.empty() ? ".sql" : naming.suffixes.front();
  size_t sep = rest.find(sep_text);
  if (sep == std::string_view::npos) {
    check.problem = kind == Kind::kRepeatable
                        ? "a repeatable migration is named " + *prefix + sep_text + "<description>" + example_suffix
                        : sep_text == "__" ? std::string("the version and the description must be separated by two underscores ('__')")
                                            : "the version and the description must be separated by '" + sep_text + "'";
    return check;
  }
  ParsedName parsed;
  parsed.kind = kind;
  std::string_view version = rest.substr(0, sep);
  parsed.description = Describe(rest.substr(sep + sep_text.size()));
  if (kind == Kind::kRepeatable) {
    if (!version.empty()) {
      check.problem = "a repeatable migration has no version: " + *prefix + sep_text + "<description>" + example_suffix;
      return check;
    }
  } else {
    if (version.empty()) {
      check.problem = "the version is missing between '" + *prefix + "' and '" + sep_text + "'";
      return check;
    }
    auto v = Version::Parse(version);
    if (!v) {
      check.problem = v.error().message;
      return check;
    }
    parsed.version = *v;
  }
  check.parsed = std::move(parsed);
  return check;
}

}  // namespace shiftway::migration
