// Database URL parsing and redaction.
#include "drivers/url.h"
#include "core/base/strings.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
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

// True when a raw user name or password holds what a URL's userinfo cannot: '@', '/', '?', '#',
// '[' or ']', or a '%' that does not start a percent-escape. ':' is allowed in a password (only the
// first one separates it from the user name).
bool NeedsPercentEncoding(std::string_view part) {
  for (size_t i = 0; i < part.size(); ++i) {
    const char c = part[i];
    if (c == '@' || c == '/' || c == '?' || c == '#' || c == '[' || c == ']') return true;
    if (c == '%' && !(i + 2 < part.size() && std::isxdigit(static_cast<unsigned char>(part[i + 1])) &&
                      std::isxdigit(static_cast<unsigned char>(part[i + 2]))))
      return true;
  }
  return false;
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

// Characters that end a URL (or a password value) inside free text.
constexpr std::string_view kTokenEnd = " \t\r\n'\"`<>,";

bool IsUrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '+' || c == '.' || c == '-';
}

// The offset of the next "password" that is followed by '=' (a conninfo or config-style assignment),
// from `from`; npos when there is none. "password=" inside a URL is the URL's business.
size_t FindPasswordKeyword(std::string_view text, size_t from) {
  for (size_t p = text.find("password", from); p != std::string_view::npos; p = text.find("password", p + 1)) {
    size_t v = p + 8;
    // libpq allows any white space between a keyword and its '='.
    while (v < text.size() && std::isspace(static_cast<unsigned char>(text[v]))) ++v;
    if (v >= text.size() || text[v] != '=') continue;
    auto word = [&](size_t at) { return std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_'; };
    // "password" on its own, or libpq's "sslpassword" (the client key's passphrase).
    size_t key = p;
    if (key >= 3 && text.substr(key - 3, 3) == "ssl") key -= 3;
    if (key > 0 && word(key - 1)) continue;
    return p;
  }
  return std::string_view::npos;
}

}  // namespace

size_t UserinfoEnd(std::string_view rest) {
  // The last '@' ends the userinfo, unless it sits in the query (a '=' between the first '?' and it).
  const size_t q = rest.find_first_of("?#");
  for (size_t at = rest.rfind('@'); at != std::string_view::npos; at = at == 0 ? std::string_view::npos : rest.rfind('@', at - 1)) {
    if (q == std::string_view::npos || q > at || rest.substr(q, at - q).find('=') == std::string_view::npos) return at;
  }
  return std::string_view::npos;
}

// A libpq keyword string, read as libpq reads it (conninfo_parse): each value of a key that ends in
// "password" is hidden, from the first character after '=' and any white space, to the next
// unescaped white space, or to the closing quote of a quoted value (backslash escapes either).
std::string RedactKeywordString(std::string_view text) {
  std::string out;
  size_t i = 0;
  for (size_t kw = FindPasswordKeyword(text, 0); kw != std::string_view::npos; kw = FindPasswordKeyword(text, i)) {
    size_t v = text.find('=', kw + 8);
    if (v == std::string_view::npos) break;
    ++v;
    while (v < text.size() && std::isspace(static_cast<unsigned char>(text[v]))) ++v;
    const bool quoted = v < text.size() && text[v] == '\'';
    size_t end = quoted ? v + 1 : v;
    while (end < text.size()) {
      if (text[end] == '\\' && end + 1 < text.size()) {
        end += 2;
        continue;
      }
      if (quoted ? text[end] == '\'' : std::isspace(static_cast<unsigned char>(text[end]))) break;
      ++end;
    }
    if (quoted && end < text.size()) ++end;  // the closing quote
    out.append(text.substr(i, v - i));
    out += quoted ? "'***'" : "***";
    i = std::max(end, v);
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // userinfo: scheme://user:secret@host, found the way ParseUrl finds it, so that a raw '@', ':',
  // '/' or '?' in the password is hidden whole rather than cut at the first of them.
  size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const size_t auth_start = scheme_end + 3;
    const size_t at = UserinfoEnd(std::string_view(out).substr(auth_start));
    if (at != std::string::npos) {
      size_t colon = out.find(':', auth_start);
      if (colon != std::string::npos && colon < auth_start + at) out.replace(colon + 1, auth_start + at - colon - 1, "***");
    }
  }
  // query parameter: password=secret, and sslpassword= or any other key that ends in "password";
  // also in a URL without "//" (jdbc:sqlite:app.db?password=...), where ParseUrl finds one too.
  std::string lower = Lower(out);
  for (size_t p = lower.find("password="); p != std::string::npos; p = lower.find("password=", p + 1)) {
    size_t key = p;
    while (key > 0 && (std::isalnum(static_cast<unsigned char>(out[key - 1])) || out[key - 1] == '_')) --key;
    if (key == 0 || (out[key - 1] != '?' && out[key - 1] != '&' && out[key - 1] != ';')) continue;
    size_t v = p + 9;
    size_t end = out.find_first_of("&;", v);
    out.replace(v, (end == std::string::npos ? out.size() : end) - v, "***");
    lower = Lower(out);  // the replacement moved what follows
  }
  // No "scheme://": a libpq keyword string ("host=db password=secret") or free text, where the
  // password follows its keyword.
  if (scheme_end == std::string::npos) return RedactKeywordString(out);
  return out;
}

std::string RedactText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t sep = text.find("://", i);
    const size_t kw = FindPasswordKeyword(text, i);
    if (sep == std::string_view::npos && kw == std::string_view::npos) break;
    if (sep != std::string_view::npos && (kw == std::string_view::npos || sep < kw)) {
      // A URL token: back to the start of its scheme, on to the next blank or quote.
      size_t start = sep;
      while (start > i && IsUrlChar(text[start - 1])) --start;
      size_t end = text.find_first_of(kTokenEnd, sep);
      if (end == std::string_view::npos) end = text.size();
      out.append(text.substr(i, start - i));
      out += RedactUrl(text.substr(start, end - start));
      i = end;
    } else {
      // password=secret or password = "secret", as in a libpq conninfo string or a config line.
      size_t v = text.find('=', kw + 8);
      ++v;
      // libpq skips any white space after '=' (a newline too) before the value.
      while (v < text.size() && std::isspace(static_cast<unsigned char>(text[v]))) ++v;
      char quote = v < text.size() && (text[v] == '\'' || text[v] == '"') ? text[v] : 0;
      size_t end = quote ? text.find(quote, v + 1) : text.find_first_of(kTokenEnd, v);
      end = end == std::string_view::npos ? text.size() : end + (quote ? 1 : 0);
      out.append(text.substr(i, v - i));
      out += quote ? std::string(1, quote) + "***" + std::string(1, quote) : "***";
      i = end;
    }
  }
  out.append(text.substr(std::min(i, text.size())));
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
    out += sep + k + "=" + (Lower(k).ends_with("password") ? "***" : v);
    sep = '&';
  }
  return out;
}

std::string ConnectionSpec::Where() const {
  if (dialect == sql::Dialect::kSqlite) return path;
  int p = port != 0 ? port : (dialect == sql::Dialect::kPostgres ? 5432 : 3306);
  if (dialect == sql::Dialect::kPostgres && (host.empty() || host.front() == '/')) {
    // A Unix-domain socket: libpq's default directory when no host is given.
    return "socket " + (host.empty() ? std::string("/var/run/postgresql") : host) + "/.s.PGSQL." + std::to_string(p);
  }
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

  // A libpq keyword string: "host=/run/postgresql port=5433 dbname=app user=me". The fields are
  // read here for messages; the driver hands the string to PQconninfoParse.
  if (url.find("://") == std::string_view::npos && !StartsWith(lower, "sqlite:") && !StartsWith(lower, "jdbc:")) {
    const size_t eq = url.find('=');
    const std::string_view key = url.substr(0, eq);
    bool keyword = eq != std::string_view::npos && !key.empty();
    for (char c : key) keyword = keyword && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ');
    if (keyword) {
      spec.dialect = sql::Dialect::kPostgres;
      spec.scheme = "libpq";
      spec.libpq = std::string(url);
      size_t i = 0;
      auto skip = [&] { while (i < url.size() && std::isspace(static_cast<unsigned char>(url[i]))) ++i; };
      while (true) {
        skip();
        if (i >= url.size()) break;
        size_t k = i;
        while (i < url.size() && url[i] != '=' && !std::isspace(static_cast<unsigned char>(url[i]))) ++i;
        std::string name(url.substr(k, i - k));
        skip();
        if (i >= url.size() || url[i] != '=') return bad("'" + name + "' has no '=' value in the connection string");
        ++i;
        skip();
        std::string value;
        if (i < url.size() && url[i] == '\'') {
          for (++i; i < url.size() && url[i] != '\''; ++i) {
            if (url[i] == '\\' && i + 1 < url.size()) ++i;
            value.push_back(url[i]);
          }
          if (i >= url.size()) return bad("unterminated quoted value of '" + name + "'");
          ++i;
        } else {
          for (; i < url.size() && !std::isspace(static_cast<unsigned char>(url[i])); ++i) {
            if (url[i] == '\\' && i + 1 < url.size()) ++i;
            value.push_back(url[i]);
          }
        }
        if (name == "host") spec.host = value;
        else if (name == "hostaddr" && spec.host.empty()) spec.host = value;
        else if (name == "dbname") spec.database = value;
        else if (name == "user") spec.user = value;
        else if (name == "password") spec.password = value;
        else if (name == "port") spec.port = std::atoi(value.c_str());
        else spec.params[name] = value;
      }
      return spec;
    }
  }

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

  // The userinfo ends at its last '@' (UserinfoEnd), so that a raw '@' or ':' in a password is
  // found whole; what it may not hold raw is refused without showing any of it.
  const size_t at = UserinfoEnd(rest);
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = userinfo.find(':');
    std::string_view raw_user = userinfo.substr(0, colon);
    std::string_view raw_password = colon == std::string_view::npos ? std::string_view() : userinfo.substr(colon + 1);
    for (auto [part, name] : {std::pair{raw_user, "user name"}, std::pair{raw_password, "password"}}) {
      if (!NeedsPercentEncoding(part)) continue;
      return Fail(Error(ErrorCode::kConfig, "invalid database URL '" + RedactUrl(url) + "': the " + name +
                                                " has a character that must be percent-encoded in a URL")
                      .Hint("percent-encode it (@ as %40, : as %3A, / as %2F, ? as %3F, # as %23, % as %25), or "
                            "leave the password out of the URL and set SHIFTWAY_PASSWORD"));
    }
    spec.user = PercentDecode(raw_user);
    if (colon != std::string_view::npos) spec.password = PercentDecode(raw_password);
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    ParseQuery(rest.substr(q + 1), spec);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) spec.database = PercentDecode(rest.substr(slash + 1));
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
  const bool libpq_uri = spec.dialect == sql::Dialect::kPostgres && !StartsWith(lower, "jdbc:");
  if (libpq_uri) {
    // libpq's URI: the host may be empty (the default socket), percent-encoded (%2Frun%2Fpostgresql),
    // or given as ?host= and ?port=, which win. The driver gives the URL itself to PQconninfoParse.
    spec.libpq = std::string(url);
    spec.host = PercentDecode(spec.host);
    if (auto h = spec.params.find("host"); h != spec.params.end()) {
      spec.host = h->second;
      spec.params.erase(h);
    }
    if (auto pp = spec.params.find("port"); pp != spec.params.end()) {
      if (port_text.empty()) port_text = pp->second;
    }
    if (auto d = spec.params.find("dbname"); d != spec.params.end() && spec.database.empty()) spec.database = d->second;
  }
  if (spec.host.empty() && !libpq_uri) return bad("no host name");
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
