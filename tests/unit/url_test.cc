// URL parsing and redaction: passwords are hidden where they are passwords, and only there.
#include <gtest/gtest.h>

#include "drivers/url.h"

namespace shiftway::drivers {
namespace {

TEST(UrlTest, RawPasswordThatBreaksUrlSyntaxIsRefusedWithoutShowingIt) {
  auto spec = ParseUrl("postgresql://admin:p@ss:w/rd%@db.example.com:5432/app");
  ASSERT_FALSE(spec);
  EXPECT_EQ("invalid database URL 'postgresql://admin:***@db.example.com:5432/app': the password has a character "
            "that must be percent-encoded in a URL",
            spec.error().message);
  EXPECT_NE(std::string::npos, spec.error().hint.find("SHIFTWAY_PASSWORD"));
}

TEST(UrlTest, PercentEncodedPasswordIsDecoded) {
  auto spec = ParseUrl("postgresql://admin:p%40ss%3Aw%2Frd%25@db.example.com:5432/app");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ("p@ss:w/rd%", spec->password);
  EXPECT_EQ("db.example.com", spec->host);
  EXPECT_EQ("postgresql://admin:***@db.example.com:5432/app", spec->Redacted());
}

TEST(UrlTest, RedactUrlHidesTheWholeRawPassword) {
  EXPECT_EQ("mysql://admin:***@db.example.com/app", RedactUrl("mysql://admin:p@ss:w/rd%@db.example.com/app"));
  EXPECT_EQ("jdbc:postgresql://h/d?user=a@b.com&password=***&sslpassword=***",
            RedactUrl("jdbc:postgresql://h/d?user=a@b.com&password=x&sslpassword=y"));
}

// A JDBC URL without "//" has query parameters too: its password is hidden however it is spelled,
// white space included (it was read as a libpq keyword string, which skips white space after '=').
TEST(UrlTest, RedactUrlHidesAPasswordParameterOfAUrlWithoutSlashes) {
  // What follows is hidden too: read as a keyword string, the value runs to the next white space.
  EXPECT_EQ("jdbc:sqlite:app.db?user=a;password=***", RedactUrl("jdbc:sqlite:app.db?user=a;password=\n\n \n;mode=x"));
  EXPECT_EQ("jdbc:sqlite:app.db?password=***", RedactUrl("jdbc:sqlite:app.db?password=s3cret"));
}

TEST(UrlTest, PostgresSocketFormsNameTheSocket) {
  auto query = ParseUrl("postgresql:///app?host=/run/postgresql&port=5433");
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_EQ("/run/postgresql", query->host);
  EXPECT_EQ("app", query->database);
  EXPECT_EQ("socket /run/postgresql/.s.PGSQL.5433", query->Where());
  EXPECT_EQ("postgresql:///app?host=/run/postgresql&port=5433", query->libpq);

  auto encoded = ParseUrl("postgresql://me@%2Frun%2Fpostgresql/app");
  ASSERT_TRUE(encoded) << encoded.error().message;
  EXPECT_EQ("socket /run/postgresql/.s.PGSQL.5432", encoded->Where());
  EXPECT_EQ("me", encoded->user);

  auto none = ParseUrl("postgres:///app");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ("socket /var/run/postgresql/.s.PGSQL.5432", none->Where());

  // JDBC URLs are not libpq's: a host is still required there.
  EXPECT_FALSE(ParseUrl("jdbc:postgresql:///app"));
  EXPECT_TRUE(ParseUrl("jdbc:postgresql://db/app")->libpq.empty());
}

TEST(UrlTest, LibpqKeywordStringIsPostgres) {
  auto spec = ParseUrl("host=/tmp port=5433 dbname='my app' user=me password=postgres sslmode=require");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(sql::Dialect::kPostgres, spec->dialect);
  EXPECT_EQ("my app", spec->database);
  EXPECT_EQ("postgres", spec->password);
  EXPECT_EQ("require", spec->params.at("sslmode"));
  EXPECT_EQ("socket /tmp/.s.PGSQL.5433", spec->Where());
  EXPECT_FALSE(ParseUrl("host=/tmp dbname='unterminated"));
}

TEST(UrlTest, RedactTextTouchesPasswordsOnly) {
  EXPECT_EQ("database \"postgres\" does not exist at postgresql://postgres:***@h/postgres",
            RedactText("database \"postgres\" does not exist at postgresql://postgres:postgres@h/postgres"));
  EXPECT_EQ("host=h password=*** dbname=postgres", RedactText("host=h password=postgres dbname=postgres"));
  EXPECT_EQ("password = \"***\"", RedactText("password = \"hunter22\""));
  EXPECT_EQ("check the user, password and database name", RedactText("check the user, password and database name"));
}

TEST(UrlTest, RedactUrlHidesTheKeywordStringPassword) {
  EXPECT_EQ("host=db password=*** dbname=app", RedactUrl("host=db password=secret1 dbname=app"));
  // libpq skips white space after '=', newlines included: the value is the next word.
  EXPECT_EQ("host=db password=\n\n*** dbname=app", RedactUrl("host=db password=\n\nsecret1 dbname=app"));
  EXPECT_EQ("host=db password = '***'", RedactUrl("host=db password = 'sec ret'"));
  // libpq's value runs to the next white space, whatever it holds.
  EXPECT_EQ("host=db password=*** dbname=app", RedactUrl("host=db password=,p/s'tg dbname=app"));
  EXPECT_EQ("password='***' host=db", RedactUrl("password='it\\'s me' host=db"));
  // The last of two wins in libpq; both are hidden, and so is sslpassword.
  EXPECT_EQ("password=*** user=u password\n= *** sslpassword=***", RedactUrl("password=a1b2 user=u password\n= c3d4 sslpassword=e5f6"));
}

}  // namespace
}  // namespace shiftway::drivers
