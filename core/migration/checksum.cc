// CRC-32 (zlib) over lines, exactly as Flyway computes it, and strict text decoding.
#include "core/migration/checksum.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace shiftway::migration {
namespace {

std::string Normalize(std::string_view e) {
  std::string out;
  for (char c : e) {
    if (c != '-' && c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Returns the offset of the first invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    uint32_t cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// windows-1252 code points for 0x80..0x9F (0 where undefined).
constexpr uint16_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

Error Undecodable(std::string_view file, size_t offset, std::string_view encoding) {
  return Error(ErrorCode::kConfig, "byte " + std::to_string(offset) + " is not valid " + std::string(encoding))
      .At(SourcePos{std::string(file), 0, 0})
      .Hint("save the file as UTF-8, or set its encoding in " + std::string(file) +
            ".conf (encoding=ISO-8859-1) or with the `encoding` setting");
}

// UTF-8 input is only checked, never converted: the error, or nullopt when `bytes` is the text.
std::optional<Error> CheckUtf8(std::string_view bytes, std::string_view file) {
  // A UTF-16 byte order mark says what the file is; naming ISO-8859-1 would send the user astray.
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Error(ErrorCode::kConfig, std::string("the file is UTF-16") +
                                         (bytes[0] == '\xFF' ? " (little-endian)" : " (big-endian)") +
                                         ": it starts with a UTF-16 byte order mark, and UTF-8 was expected")
        .At(SourcePos{std::string(file), 0, 0})
        .Hint("save it as UTF-8, or set its encoding in " + std::string(file) +
              ".conf (encoding=UTF-16) or with the `encoding` setting");
  }
  if (size_t bad = FirstInvalidUtf8(bytes); bad != std::string_view::npos) return Undecodable(file, bad, "UTF-8");
  return std::nullopt;
}

void DropByteOrderMark(std::string& text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
}

}  // namespace

Result<std::string> DecodeToUtf8InPlace(std::string&& bytes, std::string_view encoding, std::string_view file) {
  if (Normalize(encoding.empty() ? "UTF-8" : encoding) != "utf8") {
    return DecodeToUtf8(std::string_view(bytes), encoding, file);
  }
  if (auto e = CheckUtf8(bytes, file)) return Fail(std::move(*e));
  DropByteOrderMark(bytes);
  return std::move(bytes);
}

Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view encoding, std::string_view file) {
  const std::string enc = Normalize(encoding.empty() ? "UTF-8" : encoding);
  std::string out;
  if (enc == "utf8") {
    if (auto e = CheckUtf8(bytes, file)) return Fail(std::move(*e));
    out.assign(bytes);
  } else if (enc == "iso88591" || enc == "latin1" || enc == "cp1252" || enc == "windows1252" ||
             enc == "usascii" || enc == "ascii") {
    const bool ascii = enc == "usascii" || enc == "ascii";
    const bool cp1252 = enc == "cp1252" || enc == "windows1252";
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
      auto c = static_cast<unsigned char>(bytes[i]);
      if (ascii && c >= 0x80) return Fail(Undecodable(file, i, "US-ASCII"));
      uint32_t cp = c;
      if (cp1252 && c >= 0x80 && c < 0xA0) {
        cp = kCp1252[c - 0x80];
        if (cp == 0) return Fail(Undecodable(file, i, "windows-1252"));
      }
      AppendUtf8(out, cp);
    }
  } else if (enc == "utf16" || enc == "utf16le" || enc == "utf16be") {
    bool big = enc != "utf16le";
    size_t i = 0;
    if (bytes.size() >= 2) {
      auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
      if (b0 == 0xFE && b1 == 0xFF) { big = true; i = 2; }
      else if (b0 == 0xFF && b1 == 0xFE) { big = false; i = 2; }
    }
    if ((bytes.size() - i) % 2 != 0) return Fail(Undecodable(file, bytes.size() - 1, "UTF-16"));
    for (; i + 1 < bytes.size(); i += 2) {
      auto hi = static_cast<unsigned char>(bytes[big ? i : i + 1]);
      auto lo = static_cast<unsigned char>(bytes[big ? i + 1 : i]);
      uint32_t u = (hi << 8) | lo;
      if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 3 >= bytes.size()) return Fail(Undecodable(file, i, "UTF-16"));
        auto hi2 = static_cast<unsigned char>(bytes[big ? i + 2 : i + 3]);
        auto lo2 = static_cast<unsigned char>(bytes[big ? i + 3 : i + 2]);
        uint32_t u2 = (hi2 << 8) | lo2;
        if (u2 < 0xDC00 || u2 > 0xDFFF) return Fail(Undecodable(file, i, "UTF-16"));
        u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
        i += 2;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        return Fail(Undecodable(file, i, "UTF-16"));
      }
      AppendUtf8(out, u);
    }
  } else {
    return Fail(Error(ErrorCode::kConfig, "unsupported encoding '" + std::string(encoding) + "'")
                    .At(SourcePos{std::string(file), 0, 0})
                    .Hint("use UTF-8, ISO-8859-1, windows-1252, US-ASCII or UTF-16"));
  }
  DropByteOrderMark(out);
  return out;
}

int32_t FlywayChecksum(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t start = 0;
  const size_t n = text.size();
  auto feed = [&](size_t from, size_t to) {
    if (to > from) crc = crc32(crc, reinterpret_cast<const Bytef*>(text.data() + from), static_cast<uInt>(to - from));
  };
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') {
      feed(start, i);
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  feed(start, n);
  return static_cast<int32_t>(static_cast<uint32_t>(crc));
}

}  // namespace shiftway::migration
