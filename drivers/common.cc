// Helpers shared by the server drivers.
#include "drivers/common.h"
#include "drivers/url.h"

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

}  // namespace shiftway::drivers
