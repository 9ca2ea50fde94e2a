// The O(1) per-step loads that let pricing walk a million ranks must agree
// with the transfers they summarise.
#include <gtest/gtest.h>

#include "engine/algorithm.h"
#include "engine/schedule.h"

namespace collscope::engine {
namespace {

TEST(ScheduleLoad, UniformLoadsMatchTheirTransfers) {
  for (const AlgorithmInfo& info : Algorithms()) {
    for (Collective c : info.collectives) {
      for (int p : {1, 2, 3, 5, 8, 13}) {
        auto built = BuildSchedule(c, info.name, p, p / 2);
        ASSERT_TRUE(built.schedule) << built.error;
        const Schedule& s = *built.schedule;
        for (std::int64_t step = 1; step <= s.StepCount(); ++step) {
          std::vector<Transfer> transfers;
          s.AppendTransfers(step, transfers);
          StepLoad generic = LoadOfTransfers(p, transfers);
          StepLoad fast = s.Load(step);
          EXPECT_EQ(fast.distinct, generic.distinct)
              << info.name << " " << CollectiveName(c) << " p=" << p << " step " << step;
          EXPECT_EQ(fast.slots_written, generic.slots_written)
              << info.name << " " << CollectiveName(c) << " p=" << p << " step " << step;
        }
      }
    }
  }
}

TEST(Sequence, DropsEmptyPartsAndKeepsPhases) {
  auto built = BuildSchedule(Collective::kAllReduce, "rabenseifner", 8);
  const Schedule& s = *built.schedule;
  ASSERT_EQ(s.StepCount(), 6);  // no fold for a power of two
  EXPECT_EQ(s.Phase(1), kPhaseReduceScatter);
  EXPECT_EQ(s.Phase(6), kPhaseAllGather);
  auto folded = BuildSchedule(Collective::kAllReduce, "rabenseifner", 6);
  ASSERT_EQ(folded.schedule->StepCount(), 6);  // fold-in, 2 + 2 rounds, fold-out
  EXPECT_EQ(folded.schedule->Phase(1), kPhaseFoldIn);
  EXPECT_EQ(folded.schedule->Phase(6), kPhaseFoldOut);
}

TEST(Schedule, StepCountsFollowTheAlgorithms) {
  auto steps = [](Collective c, std::string_view a, int p) {
    return BuildSchedule(c, a, p).schedule->StepCount();
  };
  EXPECT_EQ(steps(Collective::kAllReduce, "ring", 5), 8);  // 2(p-1)
  EXPECT_EQ(steps(Collective::kScatter, "binomial", 8), 3);
  EXPECT_EQ(steps(Collective::kScatter, "binomial", 9), 4);
  EXPECT_EQ(steps(Collective::kBroadcast, "ring", 4), 6);  // p chunks over p-1 hops
  EXPECT_EQ(steps(Collective::kAllToAll, "pairwise", 6), 5);
  EXPECT_EQ(steps(Collective::kAllReduce, "ring", 1), 0);
}

}  // namespace
}  // namespace collscope::engine
