// Helpers shared by the server drivers.
#include "drivers/common.h"
#include "drivers/url.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>

namespace shiftway::drivers {
namespace {

// Decodes one UTF-8 sequence at s[i], advancing i; invalid bytes decode as themselves.
uint32_t NextCodePoint(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= s.size()) {
    ++i;
    return c;
  }
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = byte(i + k);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

}  // namespace

int32_t JavaStringHashCode(std::string_view utf8) {
  uint32_t h = 0;  // unsigned: Java's int arithmetic wraps, C++'s signed overflow would not
  for (std::size_t i = 0; i < utf8.size();) {
    uint32_t cp = NextCodePoint(utf8, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = h * 31 + (0xD800 + (cp >> 10));
      h = h * 31 + (0xDC00 + (cp & 0x3FF));
    } else {
      h = h * 31 + cp;
    }
  }
  return static_cast<int32_t>(h);
}

int64_t FlywayPostgresLockKey(std::string_view schema, std::string_view table) {
  auto quote = [](std::string_view ident) {
    std::string out = "\"";
    for (char c : ident) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  };
  // Java: long + int, the int sign-extended.
  return 0x466C79776179LL + static_cast<int64_t>(JavaStringHashCode(quote(schema) + "." + quote(table)));
}

std::string FlywayMysqlLockName(std::string_view schema, std::string_view table) {
  auto quote = [](std::string_view ident) {
    std::string out = "`";
    for (char c : ident) {
      if (c == '`') out += '`';
      out += c;
    }
    return out + "`";
  };
  return "Flyway-" + std::to_string(JavaStringHashCode(quote(schema) + "." + quote(table)));
}

std::string ScrubSecret(std::string text, std::string_view /*secret*/) {
  // Database messages never quote the password; a search for it as a substring would hide a
  // database or table whose name contains it ("postgres"), so only password positions are redacted.
  return RedactText(text);
}

SourcePos PosAtByte(std::string_view statement, std::size_t byte_offset) {
  SourcePos p{"", 1, 1};
  for (std::size_t i = 0; i < byte_offset && i < statement.size(); ++i) {
    if (statement[i] == '\n' ||
        (statement[i] == '\r' && (i + 1 >= statement.size() || statement[i + 1] != '\n'))) {
      ++p.line;
      p.column = 1;
    } else if (statement[i] != '\r') {
      ++p.column;
    }
  }
  return p;
}

std::size_t ByteOfCharPosition(std::string_view statement, int char_position) {
  std::size_t i = 0;
  for (int n = 1; n < char_position && i < statement.size(); ++n) NextCodePoint(statement, i);
  return i;
}

std::string ProgressSql::Create() const {
  return "CREATE TABLE IF NOT EXISTS " + table +
         " (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), script VARCHAR(1000) NOT NULL, "
         "checksum INT, statements INT NOT NULL, done INT NOT NULL, stopped INT NOT NULL)" +
         table_options;
}

std::string ProgressSql::Delete(int installed_rank) const {
  return "DELETE FROM " + table + " WHERE installed_rank = " + std::to_string(installed_rank);
}

std::string ProgressSql::Insert(const Progress& p) const {
  return "INSERT INTO " + table + " (installed_rank, version, script, checksum, statements, done, stopped) VALUES (" +
         std::to_string(p.installed_rank) + ", " + (p.version ? literal(*p.version) : "NULL") + ", " +
         literal(p.script) + ", " + (p.checksum ? std::to_string(*p.checksum) : "NULL") + ", " +
         std::to_string(p.statements) + ", " + std::to_string(p.done) + ", " + std::to_string(p.stop) + ")";
}

std::string ProgressSql::Set(int installed_rank, int done, int stop) const {
  return "UPDATE " + table + " SET done = " + std::to_string(done) + ", stopped = " + std::to_string(stop) +
         " WHERE installed_rank = " + std::to_string(installed_rank);
}

std::string ProgressSql::Select() const {
  return "SELECT installed_rank, version, script, checksum, statements, done, stopped FROM " + table +
         " ORDER BY installed_rank";
}

std::string ProgressSql::Drop() const { return "DROP TABLE IF EXISTS " + table; }

Progress ProgressSql::Parse(const std::vector<std::optional<std::string>>& row) {
  auto number = [&](size_t i) { return row.size() > i && row[i] ? std::stoll(*row[i]) : 0LL; };
  Progress p;
  p.installed_rank = static_cast<int>(number(0));
  if (row.size() > 1 && row[1]) p.version = *row[1];
  if (row.size() > 2 && row[2]) p.script = *row[2];
  if (row.size() > 3 && row[3]) p.checksum = static_cast<int32_t>(number(3));
  p.statements = static_cast<int>(number(4));
  p.done = static_cast<int>(number(5));
  p.stop = static_cast<int>(number(6));
  return p;
}

Result<std::vector<Progress>> ReadProgressTable(const std::function<Result<bool>()>& exists,
                                                const std::function<Result<TextRows>()>& select) {
  std::vector<Progress> out;
  auto there = exists();
  if (!there) return Fail(there.error());
  if (!*there) return out;
  auto rows = select();
  if (!rows) return Fail(rows.error());
  for (const auto& row : *rows) out.push_back(ProgressSql::Parse(row));
  return out;
}

}  // namespace shiftway::drivers

namespace shiftway::drivers {
namespace {

struct UtcTime {
  std::tm tm{};
  int ms = 0;
};

// "YYYY-MM-DD HH:MM:SS[.fraction]" with ' ' or 'T', an optional trailing Z.
std::optional<UtcTime> ParseWallTime(std::string_view s) {
  if (s.ends_with('Z')) s.remove_suffix(1);
  if (s.size() < 19) return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n, int* out) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  UtcTime t;
  int year = 0, month = 0;
  if (!digits(0, 4, &year) || s[4] != '-' || !digits(5, 2, &month) || s[7] != '-' || !digits(8, 2, &t.tm.tm_mday) ||
      (s[10] != ' ' && s[10] != 'T') || !digits(11, 2, &t.tm.tm_hour) || s[13] != ':' ||
      !digits(14, 2, &t.tm.tm_min) || s[16] != ':' || !digits(17, 2, &t.tm.tm_sec)) {
    return std::nullopt;
  }
  t.tm.tm_year = year - 1900;
  t.tm.tm_mon = month - 1;
  std::string_view rest = s.substr(19);
  if (!rest.empty()) {
    if (rest[0] != '.') return std::nullopt;
    int ms = 0, n = 0;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(rest[i]))) return std::nullopt;
      if (n < 3) ms = ms * 10 + (rest[i] - '0'), ++n;
    }
    while (n < 3) ms *= 10, ++n;
    t.ms = ms;
  }
  return t;
}

// "YYYY-MM-DD<sep>HH:MM:SS.mmm<zone>". Written digit by digit: `info` formats one per history row,
// and snprintf was a third of reading a 10,000-row history.
std::string Format(const std::tm& tm, int ms, const char* date_time_sep, const char* zone) {
  const int year = tm.tm_year + 1900;
  auto in = [](int v, int hi) { return v >= 0 && v <= hi; };
  if (!in(year, 9999) || !in(tm.tm_mon + 1, 99) || !in(tm.tm_mday, 99) || !in(tm.tm_hour, 99) || !in(tm.tm_min, 99) ||
      !in(tm.tm_sec, 99) || !in(ms, 999)) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%s%02d:%02d:%02d.%03d%s", year, tm.tm_mon + 1, tm.tm_mday,
                  date_time_sep, tm.tm_hour, tm.tm_min, tm.tm_sec, ms, zone);
    return buf;
  }
  std::string out;
  out.reserve(32);
  auto digits = [&out](int v, int n) {
    char d[4];
    for (int i = n - 1; i >= 0; --i, v /= 10) d[i] = static_cast<char>('0' + v % 10);
    out.append(d, static_cast<size_t>(n));
  };
  digits(year, 4);
  out += '-';
  digits(tm.tm_mon + 1, 2);
  out += '-';
  digits(tm.tm_mday, 2);
  out += date_time_sep;
  digits(tm.tm_hour, 2);
  out += ':';
  digits(tm.tm_min, 2);
  out += ':';
  digits(tm.tm_sec, 2);
  out += '.';
  digits(ms, 3);
  out += zone;
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

}  // namespace

std::string ClientTimeZone() {
  auto after_zoneinfo = [](const std::string& path) -> std::string {
    const auto p = path.find("zoneinfo/");
    return p == std::string::npos ? "" : path.substr(p + 9);
  };
  if (const char* tz = std::getenv("TZ")) {
    std::string s = tz;
    if (s.starts_with(':')) s.erase(0, 1);
    if (s.empty()) return "UTC";  // glibc: TZ set but empty is UTC
    if (s.front() != '/') return s;
    const std::string zone = after_zoneinfo(s);
    return zone.empty() ? "UTC" : zone;
  }
  std::error_code ec;
  const auto link = std::filesystem::read_symlink("/etc/localtime", ec);
  if (!ec) {
    const std::string zone = after_zoneinfo(link.string());
    if (!zone.empty()) return zone;
  }
  std::ifstream in("/etc/timezone");
  std::string line;
  if (in && std::getline(in, line) && !Trim(line).empty()) return Trim(line);
  return "UTC";
}

std::string IsoUtcFromUtcWallTime(std::string_view wall) {
  auto t = ParseWallTime(wall);
  if (!t) return std::string(wall);
  return Format(t->tm, t->ms, "T", "Z");
}

std::string IsoUtcFromEpoch(std::string_view seconds) {
  const std::string text(seconds);
  char* end = nullptr;
  const long long whole = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str()) return text;
  int ms = 0;
  if (*end == '.') {
    int n = 0;
    for (const char* p = end + 1; *p && std::isdigit(static_cast<unsigned char>(*p)); ++p) {
      if (n < 3) ms = ms * 10 + (*p - '0'), ++n;
    }
    while (n < 3) ms *= 10, ++n;
  }
  const std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return Format(tm, ms, "T", "Z");
}

std::string UtcWallTimeFromIso(std::string_view iso) {
  auto t = ParseWallTime(iso);
  return t ? Format(t->tm, t->ms, " ", "") : "";
}

std::string EpochFromIso(std::string_view iso) {
  auto t = ParseWallTime(iso);
  if (!t) return "";
  const long long seconds = static_cast<long long>(timegm(&t->tm));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%03d", seconds, t->ms);
  return buf;
}

}  // namespace shiftway::drivers
