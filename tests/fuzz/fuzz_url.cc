// Fuzzes the URL parser and the redactors: no crash, and a password the parser finds is never
// in the URL as shiftway shows it (Redacted(), RedactUrl()).
#include <string>

#include "drivers/url.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const std::string redacted = shiftway::drivers::RedactUrl(url);
  (void)shiftway::drivers::RedactText(url);
  auto spec = shiftway::drivers::ParseUrl(url);
  if (!spec) {
    // The error quotes the URL: redacted, so the raw text after "user:" up to the '@' is gone.
    return 0;
  }
  const std::string& pw = spec->password;
  // A short password, or one that is also part of a name, is found anywhere by chance.
  std::string names = spec->scheme + spec->host + spec->user + spec->database + spec->path;
  for (const auto& [k, v] : spec->params) names += "&" + k + "=" + v + "&";
  if (pw.size() < 4 || names.find(pw) != std::string::npos) return 0;
  // Nor may it be found in the rendering of everything else (a "?key" that the password equals).
  auto without = *spec;
  without.password.clear();
  if (without.Redacted().find(pw) != std::string::npos || pw.find('*') != std::string::npos) return 0;
  shiftway::fuzz::Check(spec->Redacted().find(pw) == std::string::npos);
  // The raw password is in the URL only once and undecoded: RedactUrl must hide it.
  if (url.find(pw) != std::string::npos && url.find(pw) == url.rfind(pw)) shiftway::fuzz::Check(redacted.find(pw) == std::string::npos);
  return 0;
}
