// Parsing migration and callback file names the way Flyway does, with reasons for misnamed files.
#include "core/migration/name.h"

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

bool EndsWithSqlSuffix(std::string_view name) {
  if (name.size() < 4) return false;
  std::string tail(name.substr(name.size() - 4));
  std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return std::tolower(c); });
  return tail == ".sql";
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

std::string CallbackEvent(std::string_view file_name) {
  if (!EndsWithSqlSuffix(file_name)) return "";
  std::string_view stem = file_name.substr(0, file_name.size() - 4);
  size_t sep = stem.find("__");
  std::string_view event = stem.substr(0, sep);
  for (auto e : kCallbackEvents) {
    if (e == event) return std::string(e);
  }
  return "";
}

NameCheck ParseMigrationName(std::string_view name) {
  NameCheck check;
  check.is_sql = EndsWithSqlSuffix(name);
  if (!check.is_sql) return check;
  std::string_view stem = name.substr(0, name.size() - 4);
  if (stem.empty()) {
    check.problem = "the name has no prefix, version or description";
    return check;
  }
  const char prefix = stem[0];
  Kind kind;
  switch (prefix) {
    case 'V': kind = Kind::kVersioned; break;
    case 'U': kind = Kind::kUndo; break;
    case 'B': kind = Kind::kBaseline; break;
    case 'R': kind = Kind::kRepeatable; break;
    case 'v': case 'u': case 'b': case 'r':
      check.problem = std::string("the prefix must be upper case '") +
                      static_cast<char>(std::toupper(static_cast<unsigned char>(prefix))) + "'";
      return check;
    default:
      check.problem = "the name must start with V, U, B or R (for example V1__init.sql)";
      return check;
  }
  std::string_view rest = stem.substr(1);
  size_t sep = rest.find("__");
  if (sep == std::string_view::npos) {
    check.problem = kind == Kind::kRepeatable
                        ? "a repeatable migration is named R__<description>.sql"
                        : "the version and the description must be separated by two underscores ('__')";
    return check;
  }
  ParsedName parsed;
  parsed.kind = kind;
  std::string_view version = rest.substr(0, sep);
  parsed.description = Describe(rest.substr(sep + 2));
  if (kind == Kind::kRepeatable) {
    if (!version.empty()) {
      check.problem = "a repeatable migration has no version: R__<description>.sql";
      return check;
    }
  } else {
    if (version.empty()) {
      check.problem = "the version is missing between '" + std::string(1, prefix) + "' and '__'";
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
