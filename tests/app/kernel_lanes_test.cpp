#include "app/kernel_lanes.h"

#include <gtest/gtest.h>

namespace collscope::gui {
namespace {

trace::Run Kernel(std::int32_t rank, std::int64_t stream, std::int64_t sequence,
                  std::int64_t start_ns, std::int64_t end_ns) {
  trace::Run run;
  run.collective = "allreduce";
  run.bytes = 8 << 20;
  run.dtype = "float32";
  run.rank = rank;
  run.stream = stream;
  run.comm_ranks = 2;
  run.sequence = sequence;
  run.t_start_ns = start_ns;
  run.t_end_ns = end_ns;
  return run;
}

TEST(KernelLanes, ALanePerRankAndStreamByStartTime) {
  trace::Trace trace;
  trace.runs = {Kernel(1, 7, 1, 500, 900), Kernel(0, 7, 0, 0, 400), Kernel(1, 7, 0, 300, 400),
                Kernel(0, 9, 1, 450, 900)};
  const KernelLanes lanes(trace);
  ASSERT_EQ(lanes.lanes().size(), 3u);
  EXPECT_EQ(lanes.lanes()[0].rank, 0);
  EXPECT_EQ(lanes.lanes()[0].stream, 7);
  EXPECT_EQ(lanes.lanes()[2].rank, 1);
  EXPECT_EQ(lanes.lanes()[2].runs, (std::vector<std::uint32_t>{2, 0}));
  EXPECT_EQ(lanes.first_ns(), 0);
  EXPECT_EQ(lanes.last_ns(), 900);
  EXPECT_EQ(lanes.FirstEndingAfter(lanes.lanes()[2], 450), 1u);
  EXPECT_EQ(lanes.CallOf(1), lanes.CallOf(2));  // call 0 on both ranks
  EXPECT_NE(lanes.CallOf(1), lanes.CallOf(0));
}

TEST(KernelLanes, TheTooltipNamesTheRankThatArrivedLast) {
  trace::Trace trace;
  trace.runs = {Kernel(0, 7, 0, 0, 400'000), Kernel(1, 7, 0, 300'000, 400'000)};
  const KernelLanes lanes(trace);
  const std::string early = KernelTooltip(trace, lanes, 0);
  EXPECT_NE(early.find("rank 1 arrived last"), std::string::npos) << early;
  EXPECT_NE(early.find("2 ranks"), std::string::npos) << early;
  const std::string late = KernelTooltip(trace, lanes, 1);
  EXPECT_NE(late.find("the last of 2 ranks"), std::string::npos) << late;
  EXPECT_NE(late.find("busbw"), std::string::npos) << late;
}

TEST(KernelLanes, RunsWithStepsOrWithoutARankHaveNoLane) {
  trace::Trace trace;
  trace.runs = {Kernel(-1, 7, 0, 0, 10), Kernel(0, 7, 0, 0, 10)};
  trace.runs[1].steps.push_back({});
  EXPECT_TRUE(KernelLanes(trace).empty());
}

}  // namespace
}  // namespace collscope::gui
