// The names split and lint write into SQL (sql::Ident): every keyword the database itself lists,
// and names that need quoting for other reasons, written as sql::Ident writes them, must create a
// table and a column under exactly that name. A keyword Ident leaves bare that the database
// refuses, or a name the database would fold, fails here.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/sql/identifier.h"
#include "tests/conformance/database.h"

namespace shiftway::conformance {
namespace {

namespace fs = std::filesystem;

class IdentifierTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/shiftway-ident.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::string error;
    db_ = TestDatabase::Create(GetParam(), "identifiers", dir_, &error);
    ASSERT_NE(db_, nullptr) << error;
    db_->Materialize();
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  sql::Dialect dialect() const {
    switch (GetParam()) {
      case Backend::kPostgres: return sql::Dialect::kPostgres;
      case Backend::kMysql: return sql::Dialect::kMysql;
      case Backend::kSqlite: break;
    }
    return sql::Dialect::kSqlite;
  }
  // The keywords as the database lists them.
  std::vector<std::string> Keywords() {
    std::vector<std::string> out;
    if (GetParam() == Backend::kSqlite) {
      for (int i = 0; i < sqlite3_keyword_count(); ++i) {
        const char* word = nullptr;
        int size = 0;
        if (sqlite3_keyword_name(i, &word, &size) == SQLITE_OK) out.emplace_back(word, static_cast<size_t>(size));
      }
      return out;
    }
    const char* sql = GetParam() == Backend::kPostgres ? "SELECT word FROM pg_get_keywords()"
                                                       : "SELECT WORD FROM information_schema.KEYWORDS";
    for (const auto& row : db_->Query(sql)) {
      if (row.size() == 1 && row[0]) out.push_back(*row[0]);
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(IdentifierTest, EveryKeywordAndOddNameIsATableAndColumnOfThatName) {
  std::vector<std::string> names = Keywords();
  ASSERT_GT(names.size(), 100u) << "the database listed too few keywords";
  for (const char* odd : {"User", "LastName", "Order Lines", "9lives", "x$y", "a\"b", "a`b", "déjà"}) {
    names.push_back(odd);
  }
  const sql::Dialect d = dialect();
  const std::string schema = sql::Ident(d, db_->Schema());
  int n = 0, bare = 0;
  for (const auto& word : names) {
    const std::string& name = word;
    const std::string q = sql::Ident(d, name);
    if (q == name) ++bare;
    try {
      db_->Exec("CREATE TABLE " + schema + "." + q + " (" + q + " int)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "CREATE TABLE " << q << " (" << q << " int): " << e.what();
      continue;
    }
    ++n;
    EXPECT_TRUE(db_->TableExists(name)) << "no table named " << name << " after CREATE TABLE " << q;
    auto columns = db_->Columns(name);
    ASSERT_EQ(1u, columns.size()) << name;
    EXPECT_EQ(name, columns[0].name) << "the column written " << q;
    db_->Exec("DROP TABLE " + schema + "." + q);
  }
  EXPECT_EQ(static_cast<int>(names.size()), n);
  // Ident quotes only what it must on PostgreSQL and MariaDB: their unreserved keywords stay bare.
  // SQLite lists no unreserved ones (which keywords it reads as names depends on where they stand),
  // so there every keyword is quoted.
  if (GetParam() != Backend::kSqlite) {
    EXPECT_GT(bare, static_cast<int>(names.size()) / 3) << "Ident quoted " << names.size() - bare << " of " << names.size();
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, IdentifierTest, testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Postgres, IdentifierTest, testing::Values(Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });
INSTANTIATE_TEST_SUITE_P(Mysql, IdentifierTest, testing::Values(Backend::kMysql),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace shiftway::conformance
