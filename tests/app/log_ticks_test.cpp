#include "app/render/log_ticks.h"

#include <gtest/gtest.h>

#include <vector>

namespace collscope::gui {
namespace {

// Element by element within a few ulps: a power of ten comes from pow().
void ExpectTicks(const std::vector<double>& ticks, const std::vector<double>& want) {
  ASSERT_EQ(ticks.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_DOUBLE_EQ(ticks[i], want[i]) << i;
}

TEST(LogTicks, EveryPowerOfTenWhereTheRangeSpansTwo) {
  ExpectTicks(LogTicks(3e-6, 2e-3), {1e-5, 1e-4, 1e-3});
  EXPECT_EQ(LogTicks(1.0, 1e6).size(), 7u);
}

// Scatter's what-if curve up to 607 us, its axis a decade tall (the cost
// panel widens a narrower range to one): it held one label, "100 us".
TEST(LogTicks, OneTwoAndFiveWithinOneDecade) {
  ExpectTicks(LogTicks(6.07e-5, 6.07e-4), {1e-4, 2e-4, 5e-4});
}

TEST(LogTicks, NoTicksForAnEmptyOrBadRange) {
  EXPECT_TRUE(LogTicks(0, 1).empty());
  EXPECT_TRUE(LogTicks(2, 1).empty());
}

}  // namespace
}  // namespace collscope::gui
