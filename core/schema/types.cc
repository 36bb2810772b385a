// Column type classification: families, widening versus narrowing, and which changes rewrite a table.
#include "core/schema/types.h"
#include "core/base/strings.h"

#include <cctype>
#include <cstdlib>

#include "core/schema/model.h"

namespace shiftway::schema {
namespace {

using shiftway::Trim;

// Collapses runs of whitespace to one space and lowercases outside quotes.
std::string Canonical(std::string_view s) {
  std::string out;
  bool in_quote = false;
  for (char c : s) {
    if (c == '\'') in_quote = !in_quote;
    if (!in_quote && std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += in_quote ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return Trim(out);
}

std::vector<std::string> SplitArgs(std::string_view args) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quote = false;
  for (char c : args) {
    if (c == '\'') in_quote = !in_quote;
    if (c == ',' && !in_quote) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!Trim(cur).empty()) out.push_back(Trim(cur));
  return out;
}

long long ToNumber(const std::string& s) {
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  return (end && *end == '\0' && v >= 0) ? v : -1;
}

}  // namespace

TypeInfo ClassifyType(std::string_view type) {
  TypeInfo info;
  std::string t = Canonical(type);
  if (t.rfind("pg_catalog.", 0) == 0) t = t.substr(11);
  // Arrays compare only as exact equals: the element family becomes part of the family name.
  std::string array_suffix;
  while (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    array_suffix += "[]";
    t = Trim(t.substr(0, t.size() - 2));
  }
  std::string base = t, args, rest;
  size_t open = t.find('(');
  if (open != std::string::npos) {
    size_t close = t.rfind(')');
    base = Trim(t.substr(0, open));
    if (close != std::string::npos && close > open) {
      args = t.substr(open + 1, close - open - 1);
      rest = Trim(t.substr(close + 1));
    }
  } else {
    // MySQL attributes after the type name: "int unsigned".
    size_t sp = t.find(' ');
    static const char* kMultiWord[] = {"character varying", "double precision", "timestamp with", "timestamp without",
                                       "time with", "time without", "bit varying", "national char"};
    bool multi = false;
    for (const char* m : kMultiWord) {
      if (t.rfind(m, 0) == 0) multi = true;
    }
    if (sp != std::string::npos && !multi) {
      base = t.substr(0, sp);
      rest = Trim(t.substr(sp + 1));
    }
  }
  std::vector<std::string> a = SplitArgs(args);
  auto arg = [&](size_t i) { return i < a.size() ? ToNumber(a[i]) : -1; };
  bool is_unsigned = rest.find("unsigned") != std::string::npos;

  static const std::pair<const char*, const char*> kAliases[] = {
      {"integer", "int4"}, {"int", "int4"}, {"smallint", "int2"}, {"bigint", "int8"}, {"serial", "int4"},
      {"serial4", "int4"}, {"bigserial", "int8"}, {"serial8", "int8"}, {"smallserial", "int2"},
      {"serial2", "int2"}, {"character varying", "varchar"}, {"character", "bpchar"}, {"char", "bpchar"},
      {"nchar", "bpchar"}, {"nvarchar", "varchar"}, {"varchar2", "varchar"}, {"national char", "bpchar"},
      {"boolean", "bool"}, {"double precision", "float8"}, {"double", "float8"}, {"real", "float4"},
      {"float", "float4"}, {"decimal", "numeric"}, {"dec", "numeric"}, {"fixed", "numeric"},
      {"timestamp without time zone", "timestamp"}, {"timestamp with time zone", "timestamptz"},
      {"time without time zone", "time"}, {"time with time zone", "timetz"}, {"bit varying", "varbit"},
      {"mediumint", "int3"}, {"tinyint", "int1"}, {"datetime", "timestamp"}, {"clob", "text"},
      {"string", "text"}};
  for (const auto& [from, to] : kAliases) {
    if (base == from) {
      base = to;
      break;
    }
  }
  info.normalized = base;
  if (base == "int1" || base == "int2" || base == "int3" || base == "int4" || base == "int8") {
    info.family = is_unsigned ? "uint" : "int";
    info.size = base[3] - '0';
  } else if (base == "varchar" || base == "bpchar" || base == "text" || base == "tinytext" ||
             base == "mediumtext" || base == "longtext" || base == "citext") {
    info.family = "string";
    if (base == "text" || base == "citext") {
      info.unbounded = true;
    } else if (base == "tinytext") {
      info.size = 255;
    } else if (base == "mediumtext") {
      info.size = 16777215;
    } else if (base == "longtext") {
      info.unbounded = true;
    } else if (arg(0) >= 0) {
      info.size = arg(0);
    } else if (base == "bpchar") {
      info.size = 1;
    } else {
      info.unbounded = true;
    }
    if (base == "bpchar") info.family = "char";  // blank-padded: comparing and reading differ from varchar
  } else if (base == "numeric") {
    info.family = "numeric";
    if (arg(0) >= 0) {
      info.size = arg(0);
      info.scale = arg(1) >= 0 ? static_cast<int>(arg(1)) : 0;
    } else {
      info.unbounded = true;
    }
  } else if (base == "float4" || base == "float8") {
    info.family = "float";
    info.size = base == "float4" ? 4 : 8;
    if (base == "float4" && arg(0) > 24) info.size = 8;  // float(53) is double precision
  } else if (base == "bytea" || base == "blob" || base == "tinyblob" || base == "mediumblob" ||
             base == "longblob" || base == "varbinary" || base == "binary") {
    info.family = "binary";
    if (base == "bytea" || base == "longblob" || (base == "blob" && arg(0) < 0)) {
      info.unbounded = base != "blob";
      info.size = base == "blob" ? 65535 : 0;
    } else if (base == "tinyblob") {
      info.size = 255;
    } else if (base == "mediumblob") {
      info.size = 16777215;
    } else {
      info.size = arg(0) >= 0 ? arg(0) : 1;
    }
  } else if (base == "enum" || base == "set") {
    info.family = base;
    for (const auto& v : a) info.enum_values.push_back(v);
  } else {
    info.family = base;
    // Length-bearing types of other families (varbit(n), time(p), timestamp(p)) compare by it.
    if (arg(0) >= 0) {
      info.size = arg(0);
    } else {
      info.unbounded = true;
    }
  }
  info.normalized = t;
  if (!array_suffix.empty()) {
    info.family = "array of " + info.family;
    info.normalized += array_suffix;
  }
  return info;
}

std::string SqliteAffinity(std::string_view declared) {
  std::string t;
  for (char ch : declared) t += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (t.find("INT") != std::string::npos) return "INTEGER";
  if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
      t.find("TEXT") != std::string::npos) {
    return "TEXT";
  }
  if (t.find("BLOB") != std::string::npos || t.find_first_not_of(" \t") == std::string::npos) return "BLOB";
  if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
      t.find("DOUB") != std::string::npos) {
    return "REAL";
  }
  return "NUMERIC";
}

bool SqliteStoresSame(std::string_view from, std::string_view to) {
  const std::string a = SqliteAffinity(from), b = SqliteAffinity(to);
  if (a == b) return true;
  auto uuid = [](std::string_view t) { return Canonical(t) == "uuid"; };
  return (uuid(from) && b == "TEXT") || (uuid(to) && a == "TEXT");
}

TypeChange CompareTypes(std::string_view from, std::string_view to) {
  if (Canonical(from).empty() || Canonical(to).empty()) return TypeChange::kUnknown;
  TypeInfo a = ClassifyType(from), b = ClassifyType(to);
  if (a.normalized == b.normalized) return TypeChange::kSame;
  // MySQL's BOOLEAN is TINYINT(1); no other database has a TINYINT to confuse it with.
  auto tinyint1 = [](std::string_view t) { return Canonical(t) == "tinyint(1)"; };
  if ((a.family == "bool" && tinyint1(to)) || (b.family == "bool" && tinyint1(from))) return TypeChange::kSame;
  // char(n) -> varchar(m >= n) and char -> text read back the same once trailing blanks are dropped.
  if (a.family == "char" && b.family == "string") {
    return (b.unbounded || b.size >= a.size) ? TypeChange::kWidening : TypeChange::kNarrowing;
  }
  if (a.family != b.family) return TypeChange::kFamilyChange;
  if (a.family == "enum" || a.family == "set") {
    if (b.enum_values.size() < a.enum_values.size()) return TypeChange::kNarrowing;
    for (size_t i = 0; i < a.enum_values.size(); ++i) {
      if (a.enum_values[i] != b.enum_values[i]) return TypeChange::kNarrowing;
    }
    return b.enum_values.size() == a.enum_values.size() ? TypeChange::kSame : TypeChange::kWidening;
  }
  if (a.family == "numeric") {
    if (b.unbounded) return a.unbounded ? TypeChange::kSame : TypeChange::kWidening;
    if (a.unbounded) return TypeChange::kNarrowing;
    bool wider = b.scale >= a.scale && (b.size - b.scale) >= (a.size - a.scale);
    if (b.size == a.size && b.scale == a.scale) return TypeChange::kSame;
    return wider ? TypeChange::kWidening : TypeChange::kNarrowing;
  }
  if (b.unbounded) return a.unbounded ? TypeChange::kSame : TypeChange::kWidening;
  if (a.unbounded) return TypeChange::kNarrowing;
  if (b.size == a.size) return TypeChange::kSame;
  return b.size > a.size ? TypeChange::kWidening : TypeChange::kNarrowing;
}

bool PostgresTypeChangeRewrites(std::string_view from, std::string_view to, bool has_using) {
  if (has_using) return true;
  TypeInfo a = ClassifyType(from), b = ClassifyType(to);
  if (a.normalized == b.normalized) return false;
  const bool a_text_like = a.normalized.rfind("varchar", 0) == 0 || a.normalized == "text";
  const bool b_text_like = b.normalized.rfind("varchar", 0) == 0 || b.normalized == "text";
  if (a_text_like && b_text_like) return !(b.unbounded || (!a.unbounded && b.size >= a.size));
  if (a.family == "numeric" && b.family == "numeric") {
    if (b.unbounded) return false;
    return a.unbounded || b.scale != a.scale || b.size < a.size;
  }
  if (a.family == "varbit" && b.family == "varbit") return !(b.unbounded || (!a.unbounded && b.size >= a.size));
  if (a.normalized == "cidr" && b.normalized == "inet") return false;
  return true;
}

std::string MysqlTypeChangeCopyReason(std::string_view from, std::string_view to) {
  TypeInfo a = ClassifyType(from), b = ClassifyType(to);
  if (a.normalized == b.normalized) return "";
  if ((a.family == "enum" || a.family == "set") && CompareTypes(from, to) == TypeChange::kWidening) return "";
  if (a.family == "string" && b.family == "string" && a.normalized.rfind("varchar", 0) == 0 &&
      b.normalized.rfind("varchar", 0) == 0 && !a.unbounded && !b.unbounded && b.size >= a.size) {
    // VARCHAR stores its length in 1 byte up to 255 bytes and in 2 bytes above; utf8mb4 takes up
    // to 4 bytes per character, so varchar(63) -> varchar(64) crosses the boundary.
    const bool a_long = a.size * 4 > 255, b_long = b.size * 4 > 255;
    if (a_long == b_long) return "";
    return "widening " + a.normalized + " to " + b.normalized +
           " crosses the 255-byte length-prefix boundary (utf8mb4), which needs ALGORITHM=COPY";
  }
  return "changing the type from " + a.normalized + " to " + b.normalized + " needs ALGORITHM=COPY";
}

}  // namespace shiftway::schema
