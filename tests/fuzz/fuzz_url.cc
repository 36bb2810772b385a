// Fuzzes the URL parser and the redactors: no crash, and a password the parser finds is never
// in the URL as shiftway shows it (Redacted(), RedactUrl()).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

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
  // The URL as shiftway shows it does not depend on the password's value, so no part of it is
  // shown. (Searching the rendering for the password found coincidences: a password "dmin:" is
  // spelled by the user "admin" and the ':' before "***".)
  auto other = *spec;
  if (!other.password.empty()) other.password = "x";
  shiftway::fuzz::Check(spec->Redacted() == other.Redacted());
  // A short password, or one that is also part of a name, is found anywhere by chance.
  std::string names = spec->scheme + spec->host + spec->user + spec->database + spec->path;
  for (const auto& [k, v] : spec->params) names += "&" + k + "=" + v + "&";
  if (pw.size() < 4 || names.find(pw) != std::string::npos || pw.find('*') != std::string::npos) return 0;
  // The raw password is in the URL only once and undecoded, where a password goes (the userinfo, or
  // the value of a "password=" parameter): RedactUrl must hide it. The same bytes elsewhere, spelled
  // by a host and the path after it, say, are shown as they are.
  const size_t pos = url.find(pw);
  if (pos == std::string::npos || pos != url.rfind(pw)) return 0;
  const size_t scheme_end = url.find("://");
  bool where_a_password_goes = false;
  if (pos >= 9 && std::equal(url.begin() + pos - 9, url.begin() + pos, "password=", [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
    size_t key = pos - 9;  // a query parameter: the key starts after '?', '&' or ';'
    while (key > 0 && (std::isalnum(static_cast<unsigned char>(url[key - 1])) || url[key - 1] == '_')) --key;
    where_a_password_goes = key > 0 && (url[key - 1] == '?' || url[key - 1] == '&' || url[key - 1] == ';');
  }
  if (scheme_end != std::string::npos) {
    const size_t auth = scheme_end + 3;
    const size_t at = shiftway::drivers::UserinfoEnd(std::string_view(url).substr(auth));
    if (at != std::string::npos && pos > auth && pos + pw.size() <= auth + at) where_a_password_goes = true;
  }
  if (where_a_password_goes) shiftway::fuzz::Check(redacted.find(pw) == std::string::npos);
  return 0;
}
