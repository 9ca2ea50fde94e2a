#include "app/render/log_ticks.h"

#include <gtest/gtest.h>

#include <vector>

namespace collscope::gui {
namespace {

TEST(LogTicks, EveryPowerOfTenWhereTheRangeSpansTwo) {
  const std::vector<double> ticks = LogTicks(3e-6, 2e-3);
  ASSERT_EQ(ticks.size(), 3u);
  EXPECT_DOUBLE_EQ(ticks[0], 1e-5);
  EXPECT_DOUBLE_EQ(ticks[1], 1e-4);
  EXPECT_DOUBLE_EQ(ticks[2], 1e-3);
  EXPECT_EQ(LogTicks(1.0, 1e6).size(), 7u);
}

// Scatter's what-if curve up to 607 us, its axis a decade tall (the cost
// panel widens a narrower range to one): it held one label, "100 us".
TEST(LogTicks, OneTwoAndFiveWithinOneDecade) {
  const std::vector<double> ticks = LogTicks(6.07e-5, 6.07e-4);
  ASSERT_EQ(ticks.size(), 3u);
  EXPECT_DOUBLE_EQ(ticks[0], 1e-4);
  EXPECT_DOUBLE_EQ(ticks[1], 2e-4);
  EXPECT_DOUBLE_EQ(ticks[2], 5e-4);
}

TEST(LogTicks, NoTicksForAnEmptyOrBadRange) {
  EXPECT_TRUE(LogTicks(0, 1).empty());
  EXPECT_TRUE(LogTicks(2, 1).empty());
}

}  // namespace
}  // namespace collscope::gui
