// Database URL parsing and redaction.
#include "drivers/url.h"
#include "core/base/strings.h"

#include <cctype>
#include <charconv>
#include <utility>

namespace shiftway::drivers {
namespace {

constexpr std::string_view kAccepted =
    "postgresql://, postgres://, mysql://, mariadb://, sqlite:PATH, or their jdbc: forms";

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

void ParseQuery(std::string_view query, ConnectionSpec& spec) {
  while (!query.empty()) {
    size_t amp = query.find_first_of("&;");
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (key == "user") {
      spec.user = value;
    } else if (key == "password") {
      spec.password = value;
    } else {
      spec.params[key] = value;
    }
  }
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // userinfo: scheme://user:secret@host
  size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    size_t auth_start = scheme_end + 3;
    size_t auth_end = out.find_first_of("/?", auth_start);
    size_t at = out.rfind('@', auth_end == std::string::npos ? out.size() : auth_end);
    if (at != std::string::npos && at >= auth_start) {
      size_t colon = out.find(':', auth_start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // query parameter: password=secret
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&' && out[p - 1] != ';') continue;
    size_t v = p + 9;
    size_t end = out.find_first_of("&;", v);
    out.replace(v, (end == std::string::npos ? out.size() : end) - v, "***");
  }
  return out;
}

std::string ConnectionSpec::Redacted() const {
  if (dialect == sql::Dialect::kSqlite) return "sqlite:" + path;
  std::string out = (dialect == sql::Dialect::kPostgres ? "postgresql://" : "mysql://");
  if (!user.empty()) out += user + (password.empty() ? "" : ":***") + "@";
  out += Where();
  if (!database.empty()) out += "/" + database;
  char sep = '?';
  for (const auto& [k, v] : params) {
    out += sep + k + "=" + v;
    sep = '&';
  }
  return out;
}

std::string ConnectionSpec::Where() const {
  if (dialect == sql::Dialect::kSqlite) return path;
  int p = port != 0 ? port : (dialect == sql::Dialect::kPostgres ? 5432 : 3306);
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(p);
}

Result<ConnectionSpec> ParseUrl(std::string_view url) {
  ConnectionSpec spec;
  std::string_view rest = url;
  std::string lower = Lower(url.substr(0, std::min<size_t>(url.size(), 24)));
  auto bad = [&](std::string what) {
    return Fail(Error(ErrorCode::kConfig, "invalid database URL '" + RedactUrl(url) + "': " + what)
                    .Hint(std::string("use one of ") + std::string(kAccepted)));
  };
  if (url.empty()) return bad("it is empty");

  if (StartsWith(lower, "jdbc:sqlite:") || StartsWith(lower, "sqlite:")) {
    size_t colon = StartsWith(lower, "jdbc:") ? 12 : 7;
    spec.scheme = std::string(url.substr(0, colon - 1));
    rest = url.substr(colon);
    if (StartsWith(rest, "//")) rest = rest.substr(2);  // sqlite://path as some tools write it
    size_t q = rest.find('?');
    if (q != std::string_view::npos) {
      ParseQuery(rest.substr(q + 1), spec);
      rest = rest.substr(0, q);
    }
    if (rest.empty()) return bad("no file path after 'sqlite:'");
    spec.dialect = sql::Dialect::kSqlite;
    spec.path = PercentDecode(rest);
    return spec;
  }

  struct Scheme { std::string_view prefix; sql::Dialect dialect; };
  static constexpr Scheme kSchemes[] = {
      {"jdbc:postgresql://", sql::Dialect::kPostgres}, {"postgresql://", sql::Dialect::kPostgres},
      {"postgres://", sql::Dialect::kPostgres},        {"jdbc:mysql://", sql::Dialect::kMysql},
      {"jdbc:mariadb://", sql::Dialect::kMysql},       {"mysql://", sql::Dialect::kMysql},
      {"mariadb://", sql::Dialect::kMysql},
  };
  const Scheme* scheme = nullptr;
  for (const auto& s : kSchemes) {
    if (StartsWith(lower, s.prefix)) { scheme = &s; break; }
  }
  if (!scheme) {
    size_t sep = url.find(':');
    return bad(sep == std::string_view::npos ? "no scheme"
                                             : "unsupported scheme '" + std::string(url.substr(0, sep)) + "'");
  }
  spec.dialect = scheme->dialect;
  spec.scheme = std::string(url.substr(0, scheme->prefix.size() - 3));
  rest = url.substr(scheme->prefix.size());

  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    ParseQuery(rest.substr(q + 1), spec);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) spec.database = PercentDecode(rest.substr(slash + 1));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    spec.user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) spec.password = PercentDecode(userinfo.substr(colon + 1));
  }
  std::string_view port_text;
  if (StartsWith(authority, "[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    spec.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (StartsWith(after, ":")) port_text = after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    spec.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (spec.host.empty()) return bad("no host name");
  if (!port_text.empty()) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port <= 0 || port > 65535)
      return bad("port '" + std::string(port_text) + "' is not a number from 1 to 65535");
    spec.port = port;
  }
  return spec;
}

}  // namespace shiftway::drivers
