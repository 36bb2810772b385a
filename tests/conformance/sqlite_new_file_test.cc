// A SQLite database file that does not exist yet is created by the command's first write, not
// when the driver opens it or takes the lock; another program that creates it in between stops the
// run before it writes anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "drivers/driver.h"
#include "drivers/url.h"

namespace shiftway::drivers {
namespace {
namespace fs = std::filesystem;

class SqliteNewFileTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shiftway_new_file_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "app.db").string();
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::unique_ptr<Driver> Open() {
    auto spec = ParseUrl("sqlite:" + path_);
    EXPECT_TRUE(spec) << spec.error().message;
    auto driver = OpenDriver(*spec, DriverOptions{});
    EXPECT_TRUE(driver) << driver.error().message;
    return driver ? std::move(*driver) : nullptr;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteNewFileTest, IsCreatedByTheFirstWriteOnly) {
  auto d = Open();
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->Lock(nullptr));
  auto exists = d->HistoryExists();
  ASSERT_TRUE(exists) << exists.error().message;
  EXPECT_FALSE(*exists);
  EXPECT_FALSE(fs::exists(path_)) << "opening, locking and reading created the file";
  ASSERT_TRUE(d->CreateHistory());
  EXPECT_TRUE(fs::exists(path_));
  exists = d->HistoryExists();
  ASSERT_TRUE(exists) << exists.error().message;
  EXPECT_TRUE(*exists) << "the history was written to the stand-in, not the file";
  ASSERT_TRUE(d->Unlock());
  d.reset();
  // Another connection sees the history in the file.
  auto again = Open();
  ASSERT_TRUE(again);
  exists = again->HistoryExists();
  ASSERT_TRUE(exists) << exists.error().message;
  EXPECT_TRUE(*exists);
}

TEST_F(SqliteNewFileTest, AFileCreatedMeanwhileStopsTheRunBeforeItWrites) {
  auto d = Open();
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->Lock(nullptr));
  std::ofstream(path_) << "";  // another program creates the file while shiftway plans
  auto created = d->CreateHistory();
  ASSERT_FALSE(created);
  EXPECT_EQ("SQLite database " + path_ + " was created by another program while shiftway was about to create it",
            created.error().message);
  EXPECT_EQ(std::vector<std::string>{"nothing was written"}, created.error().notes);
  EXPECT_EQ("run the command again: it will use the file that exists now", created.error().hint);
  EXPECT_EQ(0u, fs::file_size(path_)) << "the other program's file was written to";
}

}  // namespace
}  // namespace shiftway::drivers
