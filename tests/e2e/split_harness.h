// The two app versions of a rolling deploy, as raw client connections to SQLite, PostgreSQL and
// MariaDB, shared by the split behaviour and equivalence tests.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "drivers/url.h"

namespace shiftway_test {
namespace fs = std::filesystem;

struct Ran {
  int exit = -1;
  std::string output;  // stdout and stderr
};

// A raw connection, as an application would hold one.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual void Exec(const std::string& sql) = 0;
  /// The first column of the first row, "" for NULL or no row.
  virtual std::string Scalar(const std::string& sql) = 0;
  /// Every row, its columns joined with " | " (NULL as "NULL").
  virtual std::vector<std::string> Rows(const std::string& sql) = 0;
  /// True when the statement fails (a column that is gone, say).
  bool Fails(const std::string& sql) {
    try {
      Exec(sql);
      return false;
    } catch (...) {
      return true;
    }
  }
};

class SqliteConn : public Conn {
 public:
  explicit SqliteConn(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~SqliteConn() override { sqlite3_close(db_); }
  void Exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "error";
      sqlite3_free(err);
      throw std::runtime_error(m);
    }
  }
  std::string Scalar(const std::string& sql) override {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }
  std::vector<std::string> Rows(const std::string& sql) override {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        if (i) row += " | ";
        row += sqlite3_column_type(st, i) == SQLITE_NULL ? "NULL" : reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class PgConn : public Conn {
 public:
  PgConn(const shiftway::drivers::ConnectionSpec& s, const std::string& schema)
      : c_("host=" + s.host + " port=" + std::to_string(s.port) + " dbname=" + s.database + " user=" + s.user +
           " password=" + s.password) {
    Exec("SET search_path TO " + schema);
  }
  void Exec(const std::string& sql) override {
    pqxx::nontransaction t(c_);
    t.exec(sql);
  }
  std::string Scalar(const std::string& sql) override {
    pqxx::nontransaction t(c_);
    auto r = t.exec(sql);
    if (r.empty() || r[0][0].is_null()) return "";
    return r[0][0].c_str();
  }
  std::vector<std::string> Rows(const std::string& sql) override {
    pqxx::nontransaction t(c_);
    std::vector<std::string> out;
    for (const auto& row : t.exec(sql)) {
      std::string s;
      for (int i = 0; i < static_cast<int>(row.size()); ++i) {
        if (i) s += " | ";
        s += row[i].is_null() ? "NULL" : row[i].c_str();
      }
      out.push_back(s);
    }
    return out;
  }

 private:
  pqxx::connection c_;
};

class MysqlConn : public Conn {
 public:
  MysqlConn(const shiftway::drivers::ConnectionSpec& s, const std::string& db) {
    ::sql::ConnectOptionsMap opts;
    opts["hostName"] = ::sql::SQLString("tcp://" + s.host + ":" + std::to_string(s.port));
    opts["userName"] = ::sql::SQLString(s.user);
    opts["password"] = ::sql::SQLString(s.password);
    c_.reset(::get_driver_instance()->connect(opts));
    c_->setSchema(db);
  }
  void Exec(const std::string& sql) override {
    std::unique_ptr<::sql::Statement> st(c_->createStatement());
    st->execute(sql);
  }
  std::string Scalar(const std::string& sql) override {
    std::unique_ptr<::sql::Statement> st(c_->createStatement());
    std::unique_ptr<::sql::ResultSet> rs(st->executeQuery(sql));
    if (!rs->next()) return "";
    std::string v = rs->getString(1);
    return rs->wasNull() ? "" : v;
  }
  std::vector<std::string> Rows(const std::string& sql) override {
    std::unique_ptr<::sql::Statement> st(c_->createStatement());
    std::unique_ptr<::sql::ResultSet> rs(st->executeQuery(sql));
    const int n = static_cast<int>(rs->getMetaData()->getColumnCount());
    std::vector<std::string> out;
    while (rs->next()) {
      std::string s;
      for (int i = 1; i <= n; ++i) {
        if (i > 1) s += " | ";
        std::string v = rs->getString(i);
        s += rs->wasNull() ? "NULL" : v;
      }
      out.push_back(s);
    }
    return out;
  }

 private:
  std::unique_ptr<::sql::Connection> c_;
};

enum class Db { kSqlite, kPostgres, kMysql };

inline std::string DbName(Db d) { return d == Db::kSqlite ? "sqlite" : d == Db::kPostgres ? "postgres" : "mysql"; }

class SplitFixture : public testing::TestWithParam<Db> {
 protected:
  void SetUp() override {
    std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string tag;
    for (char c : name) tag += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    base_ = "sw_split_" + tag.substr(0, 30) + "_" + std::to_string(getpid());
    if (GetParam() != Db::kSqlite) {
      const char* env =
          std::getenv(GetParam() == Db::kPostgres ? "SHIFTWAY_TEST_POSTGRES_URL" : "SHIFTWAY_TEST_MYSQL_URL");
      // Never skip: a missing server is a failure everyone sees.
      ASSERT_NE(env, nullptr) << (GetParam() == Db::kPostgres ? "SHIFTWAY_TEST_POSTGRES_URL" : "SHIFTWAY_TEST_MYSQL_URL")
                              << " is not set: run the tests under scripts/test-servers.sh -- ctest --test-dir build";
      server_url_ = env;
      auto spec = shiftway::drivers::ParseUrl(server_url_);
      ASSERT_TRUE(spec) << spec.error().message;
      spec_ = *spec;
    }
    UseSide("");
  }

  /// Switches to a second work directory and schema (or SQLite file) of this test, "" being the
  /// first: the equivalence tests migrate the original change on one side and the split on another.
  void UseSide(const std::string& suffix) {
    schema_ = base_ + suffix;
    work_ = fs::temp_directory_path() / schema_;
    if (std::find(sides_.begin(), sides_.end(), suffix) == sides_.end()) {
      sides_.push_back(suffix);
      fs::remove_all(work_);
      fs::create_directories(work_ / "sql");
    }
    if (GetParam() == Db::kSqlite) {
      url_ = "sqlite:" + (work_ / "app.db").string();
      globals_ = "--url " + url_;
    } else {
      url_ = server_url_;
      globals_ = "--url '" + url_ + "' --schemas " + schema_;
    }
  }

  void TearDown() override {
    const std::vector<std::string> sides = sides_;
    for (const auto& side : sides) {
      UseSide(side);
      if (GetParam() != Db::kSqlite && !url_.empty()) {
        Run("$SHIFTWAY " + globals_ + " -cleanDisabled=false clean");
        try {
          if (GetParam() == Db::kPostgres) App()->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
          if (GetParam() == Db::kMysql) App()->Exec("DROP DATABASE IF EXISTS " + schema_);
        } catch (...) {
        }
      }
      if (!HasFailure()) fs::remove_all(work_);
    }
  }

  std::unique_ptr<Conn> App() {
    switch (GetParam()) {
      case Db::kSqlite: return std::make_unique<SqliteConn>((work_ / "app.db").string());
      case Db::kPostgres: return std::make_unique<PgConn>(spec_, schema_);
      case Db::kMysql: return std::make_unique<MysqlConn>(spec_, schema_);
    }
    return nullptr;
  }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((work_ / rel).parent_path());
    std::ofstream(work_ / rel) << text;
  }

  std::string Read(const std::string& rel) {
    std::ifstream in(work_ / rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  /// Runs a shell line in the work directory; $SHIFTWAY is the binary.
  Ran Run(const std::string& line) {
    const std::string cmd = "cd '" + work_.string() + "' && SHIFTWAY='" + SHIFTWAY_BINARY + "' ; export SHIFTWAY; " +
                            line + " 2>&1";
    Ran r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int status = pclose(p);
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  Ran Sw(const std::string& args) { return Run("$SHIFTWAY " + globals_ + " " + args); }

  void ExpectSilentLint(const std::string& since) {
    Ran r = Sw("lint --since " + since);
    EXPECT_EQ(0, r.exit) << r.output;
    EXPECT_NE(std::string::npos, r.output.find("0 errors, 0 warnings")) << r.output;
    EXPECT_EQ(std::string::npos, r.output.find("[")) << "lint reported a finding:\n" << r.output;
  }

  static constexpr const char* kV1 =
      "CREATE TABLE person (\n  id integer PRIMARY KEY,\n  first_name varchar(100),\n  last_name varchar(100)\n);\n"
      "INSERT INTO person (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace');\n"
      "INSERT INTO person (id, first_name, last_name) VALUES (2, 'Grace', 'Hopper');\n";

  std::string base_, server_url_, schema_, url_, globals_;
  std::vector<std::string> sides_;
  fs::path work_;
  shiftway::drivers::ConnectionSpec spec_;
};

}  // namespace shiftway_test
