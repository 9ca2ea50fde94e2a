#include "app/panels/time_axis.h"

#include <gtest/gtest.h>

namespace collscope::gui {
namespace {

TEST(TimeAxis, WheelZoomsAroundTheTimeUnderTheMouse) {
  // 0..1000 ns over 100 px from x = 0; the mouse at x = 25 is t = 250.
  double start = 0, end = 1000;
  ZoomAndPan(start, end, 0, 100, 25, /*wheel=*/1, /*drag_dx=*/0);
  EXPECT_DOUBLE_EQ(end - start, 800);                   // one notch in: 0.8x the span
  EXPECT_DOUBLE_EQ(start + 0.25 * (end - start), 250);  // t = 250 stays under the mouse
  ZoomAndPan(start, end, 0, 100, 25, -1, 0);
  EXPECT_DOUBLE_EQ(end - start, 1000);  // one notch out undoes it
  EXPECT_DOUBLE_EQ(start, 0);
}

TEST(TimeAxis, DragShiftsTheRangeWithTheMouse) {
  double start = 0, end = 1000;
  ZoomAndPan(start, end, 0, 100, 50, 0, /*drag_dx=*/10);  // 10 px right = 100 ns earlier
  EXPECT_DOUBLE_EQ(start, -100);
  EXPECT_DOUBLE_EQ(end, 900);
}

TEST(TimeAxis, TicksAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(TickStep(1000, 10), 100);
  EXPECT_DOUBLE_EQ(TickStep(1000, 5), 200);
  EXPECT_DOUBLE_EQ(TickStep(1000, 4), 500);  // 250 a tick rounds up to 500
  EXPECT_DOUBLE_EQ(TickStep(1000, 2), 500);
}

TEST(TimeAxis, NeighbouringTickLabelsDifferWhenZoomedIn) {
  // Ticks 10 ns apart on an axis that reaches 3.5 ms.
  EXPECT_NE(TickLabel(3'500'000, 10, 3'500'100), TickLabel(3'500'010, 10, 3'500'100));
}

}  // namespace
}  // namespace collscope::gui
