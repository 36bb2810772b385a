// Exit code 70: an exception escaping a command is reported as an internal error.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "cli/guard.h"
#include "core/base/error.h"

namespace shiftway::cli {
namespace {

TEST(ExitCodeTest, EscapedExceptionIsInternalError70) {
  std::ostringstream err;
  int code = RunGuarded([]() -> int { throw std::runtime_error("vector::_M_range_check"); }, err);
  EXPECT_EQ(70, code);
  EXPECT_EQ("error: internal error: vector::_M_range_check\n"
            "  help: this is a bug in shiftway; please report it with the command you ran\n",
            err.str());
}

TEST(ExitCodeTest, CommandExitCodePassesThrough) {
  std::ostringstream err;
  EXPECT_EQ(3, RunGuarded([] { return 3; }, err));
  EXPECT_EQ("", err.str());
}

TEST(ExitCodeTest, ErrorKindsMapToDocumentedCodes) {
  EXPECT_EQ(1, ExitCodeFor(ErrorCode::kValidation));
  EXPECT_EQ(2, ExitCodeFor(ErrorCode::kUsage));
  EXPECT_EQ(2, ExitCodeFor(ErrorCode::kConfig));
  EXPECT_EQ(3, ExitCodeFor(ErrorCode::kDatabase));
  EXPECT_EQ(3, ExitCodeFor(ErrorCode::kMigration));
  EXPECT_EQ(70, ExitCodeFor(ErrorCode::kInternal));
}

}  // namespace
}  // namespace shiftway::cli
