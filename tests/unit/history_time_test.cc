// The history's installed_on as the drivers read and write it: UTC wall time <-> ISO-8601 with Z.
#include <gtest/gtest.h>

#include "drivers/common.h"

namespace shiftway::drivers {
namespace {

TEST(HistoryTimeTest, UtcWallTimeBecomesIsoWithMilliseconds) {
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02 01:46:50.571"), "2026-12-02T01:46:50.571Z");
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02 01:46:50"), "2026-12-02T01:46:50.000Z");
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02 01:46:50.5"), "2026-12-02T01:46:50.500Z");
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02T01:46:50.571987Z"), "2026-12-02T01:46:50.571Z");
  EXPECT_EQ(IsoUtcFromUtcWallTime("0001-01-09 00:00:07.009"), "0001-01-09T00:00:07.009Z");
  EXPECT_EQ(IsoUtcFromUtcWallTime("9999-12-31 23:59:59.999"), "9999-12-31T23:59:59.999Z");
}

TEST(HistoryTimeTest, TextThatIsNoTimeIsKeptAsItIs) {
  EXPECT_EQ(IsoUtcFromUtcWallTime("yesterday"), "yesterday");
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02 01:46"), "2026-12-02 01:46");
  EXPECT_EQ(IsoUtcFromUtcWallTime("2026-12-02 01:46:50,5"), "2026-12-02 01:46:50,5");
}

TEST(HistoryTimeTest, EpochSecondsBecomeIso) {
  EXPECT_EQ(IsoUtcFromEpoch("0"), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(IsoUtcFromEpoch("1764640010.571"), "2025-12-02T01:46:50.571Z");
  EXPECT_EQ(IsoUtcFromEpoch("1764640010.5"), "2025-12-02T01:46:50.500Z");
  // Out of the four-digit range the fields are still all written.
  EXPECT_EQ(IsoUtcFromEpoch("253402300800"), "10000-01-01T00:00:00.000Z");
}

TEST(HistoryTimeTest, IsoBecomesUtcWallTimeAndEpochAgain) {
  EXPECT_EQ(UtcWallTimeFromIso("2026-12-02T01:46:50.571Z"), "2026-12-02 01:46:50.571");
  EXPECT_EQ(UtcWallTimeFromIso("not a time"), "");
  EXPECT_EQ(EpochFromIso("2025-12-02T01:46:50.571Z"), "1764640010.571");
}

}  // namespace
}  // namespace shiftway::drivers
