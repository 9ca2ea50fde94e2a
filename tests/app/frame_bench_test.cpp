#include "app/gui/frame_bench.h"

#include <gtest/gtest.h>

#include <vector>

namespace collscope::gui {
namespace {

TEST(FrameBench, SummaryIsTheMeanTheNearestRankP99AndTheWorst) {
  // 1..100 ms in a shuffled order: mean 50.5, the 99th of 100 is 99.
  std::vector<double> ms;
  for (int i = 0; i < 100; ++i) ms.push_back((i * 37) % 100 + 1);
  const FrameTimes times = SummarizeFrameTimes(ms);
  EXPECT_EQ(times.frames, 100u);
  EXPECT_DOUBLE_EQ(times.mean_ms, 50.5);
  EXPECT_DOUBLE_EQ(times.p99_ms, 99);
  EXPECT_DOUBLE_EQ(times.max_ms, 100);
}

TEST(FrameBench, FewFramesTakeTheWorstAsP99AndNoneGiveNoSummary) {
  EXPECT_DOUBLE_EQ(SummarizeFrameTimes({3, 1, 2}).p99_ms, 3);
  EXPECT_EQ(SummarizeFrameTimes({}).frames, 0u);
}

}  // namespace
}  // namespace collscope::gui
