// Flyway's migration checksum, and decoding a file's bytes into UTF-8 text first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace shiftway::migration {

/// Decodes `bytes` from `encoding` (UTF-8 by default; also ISO-8859-1/latin1, US-ASCII,
/// windows-1252, UTF-16LE/BE with or without BOM) into UTF-8, dropping a leading U+FEFF.
/// Undecodable bytes are an error that names the byte offset; `file` is used in the message.
Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view encoding, std::string_view file);
/// The same, taking the bytes: UTF-8 text (the usual case) is checked and handed back in the same
/// buffer, so a large file is never held twice, as bytes and as text.
Result<std::string> DecodeToUtf8InPlace(std::string&& bytes, std::string_view encoding, std::string_view file);

/// Flyway's checksum of already-decoded UTF-8 text: CRC-32 over the bytes of each line, without
/// line terminators (\r\n, \r or \n), as a signed 32-bit integer. A leading U+FEFF is ignored.
int32_t FlywayChecksum(std::string_view utf8_text);

}  // namespace shiftway::migration
