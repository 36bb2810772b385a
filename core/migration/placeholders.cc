// Placeholder replacement with located errors for unknown names.
#include "core/migration/placeholders.h"
#include "core/base/strings.h"

#include <algorithm>
#include <cctype>

namespace shiftway::migration {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-';
}

}  // namespace

void Placeholders::Set(std::string_view name, std::string value) { values[Lower(name)] = std::move(value); }

void Placeholders::AddBuiltin(std::string_view name, std::string value) {
  std::string lname = Lower(name);
  auto flyway = values.find("flyway:" + lname);
  auto shiftway = values.find("shiftway:" + lname);
  // A user value under either spelling wins for both.
  if (flyway != values.end()) value = flyway->second;
  else if (shiftway != values.end()) value = shiftway->second;
  values["flyway:" + lname] = value;
  values["shiftway:" + lname] = std::move(value);
}

Result<std::string> ReplacePlaceholders(std::string_view text, const Placeholders& ph, std::string_view file) {
  if (!ph.enabled) return std::string(text);
  // The config loader refuses an empty prefix already; every other caller gets the same answer.
  if (ph.prefix.empty()) {
    return Fail(Error(ErrorCode::kConfig, "placeholderPrefix is empty, so every name followed by the suffix would be replaced")
                    .Hint("set it to the marker that opens a placeholder (the default is ${), or turn replacement off "
                          "with placeholderReplacement=false"));
  }
  if (text.find(ph.prefix) == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t start = text.find(ph.prefix, pos);
    if (start == std::string_view::npos) break;
    size_t name_start = start + ph.prefix.size();
    size_t end = text.find(ph.suffix, name_start);
    if (end == std::string_view::npos) break;
    std::string_view name = text.substr(name_start, end - name_start);
    bool well_formed = !name.empty();
    for (char c : name) well_formed = well_formed && IsNameChar(c);
    if (!well_formed) {
      // Always move on, even with an empty prefix, so that no input can make this loop forever.
      const size_t next = std::max(name_start, start + 1);
      out.append(text.substr(pos, next - pos));
      pos = next;
      continue;
    }
    auto it = ph.values.find(Lower(name));
    if (it == ph.values.end()) {
      int line = 1, col = 1;
      for (size_t i = 0; i < start; ++i) {
        if (text[i] == '\n') { ++line; col = 1; } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) { ++col; }
      }
      return Fail(Error(ErrorCode::kConfig, "no value for placeholder " + ph.prefix + std::string(name) + ph.suffix)
                      .At(SourcePos{std::string(file), line, col})
                      .Hint("define it with --placeholder " + std::string(name) +
                            "=VALUE, under [flyway.placeholders] in the config, or as "
                            "SHIFTWAY_PLACEHOLDERS_" + [&] {
                              std::string up;
                              for (char c : name) up += IsNameChar(c) && std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
                              return up;
                            }() + "; or turn replacement off with placeholderReplacement=false"));
    }
    out.append(text.substr(pos, start - pos));
    out.append(it->second);
    pos = end + ph.suffix.size();
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace shiftway::migration
