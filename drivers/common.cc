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

}  // namespace shiftway::drivers
