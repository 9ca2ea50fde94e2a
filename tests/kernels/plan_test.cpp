// Where each rank's transfers of a step sit in memory (the layout the mpi
// and nccl backends both follow), and the iteration skeleton every backend
// runs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/algorithm.h"
#include "kernels/iterations.h"
#include "kernels/plan.h"

namespace collscope::kernels {
namespace {

Plan PlanOf(engine::Collective collective, const char* algorithm, int ranks) {
  auto built = engine::BuildSchedule(collective, algorithm, ranks);
  // One byte a slot: the layouts count slots.
  return Plan::Build(*built.schedule,
                     SlotSizes{collective, ranks, engine::ChunkSplit(ranks, ranks), 1});
}

TEST(StepLayout, ARingReductionLandsInStagingAndSendsInPlace) {
  // Ring allreduce step 1: rank 1 receives a0 to add, and sends b1.
  const Plan plan = PlanOf(engine::Collective::kAllReduce, "ring", 5);
  const StepLayout layout = plan.LayoutsOf(1).front();
  ASSERT_EQ(layout.recv_staging.size(), 1u);
  EXPECT_EQ(layout.recv_staging[0], 0);
  ASSERT_EQ(layout.send_staging.size(), 1u);
  EXPECT_EQ(layout.send_staging[0], StepLayout::kInPlace);
}

TEST(StepLayout, ARingCopyLandsStraightInItsSlot) {
  // All-gather steps copy a slot the rank does not send in that step.
  const Plan plan = PlanOf(engine::Collective::kAllGather, "ring", 5);
  for (const StepLayout& layout : plan.LayoutsOf(2)) {
    ASSERT_EQ(layout.recv_staging.size(), 1u);
    EXPECT_EQ(layout.recv_staging[0], StepLayout::kInPlace);
  }
}

TEST(StepLayout, StagedReceivesAndPackedSendsTakeConsecutivePlaces) {
  const Plan plan = PlanOf(engine::Collective::kReduceScatter, "recursive-halving", 8);
  for (int rank = 0; rank < plan.ranks; ++rank) {
    const std::vector<StepLayout> layouts = plan.LayoutsOf(rank);
    for (std::size_t s = 0; s < layouts.size(); ++s) {
      const RankStep& work = plan.steps[s].ranks[static_cast<std::size_t>(rank)];
      std::int64_t next = 0;
      for (std::size_t i = 0; i < work.sends.size(); ++i) {
        if (layouts[s].send_staging[i] == StepLayout::kInPlace) continue;
        EXPECT_EQ(layouts[s].send_staging[i], next);
        next += work.sends[i].count;
      }
      EXPECT_LE(next, plan.max_send_slots);
    }
  }
}

// Counts what the skeleton asks of a backend.
class CountingHooks : public IterationHooks {
 public:
  void Fill() override { ++fills; }
  bool GoOn(int, bool failed) override { return !failed; }
  void BeginIteration(int) override { ++iterations; }
  bool Step(int, std::int64_t, const RankStep&) override {
    ++steps;
    return true;
  }
  void Library() override {}
  void EndIteration(int) override {}
  std::string Check() override { return iterations == 2 ? "slot 0 holds 7" : ""; }
  void InjectFault(Fault::Kind) override { faulted_at = steps; }

  int fills = 0;
  int iterations = 0;
  int steps = 0;
  int faulted_at = -1;
};

TEST(RunIterations, AWrongResultStopsTheNextIterationAndNamesTheFirst) {
  const Plan plan = PlanOf(engine::Collective::kAllReduce, "ring", 4);
  RecordOptions options;
  options.warmup = 1;
  options.iters = 3;
  CountingHooks hooks;
  const std::string failure = RunIterations(options, plan, 0, "ring", hooks);
  EXPECT_NE(failure.find("slot 0 holds 7"), std::string::npos);
  EXPECT_EQ(hooks.iterations, 2);  // the third was refused by GoOn
  EXPECT_EQ(hooks.steps, 2 * 6);
}

TEST(RunIterations, AFaultStrikesAtItsStepCountedOverAllIterations) {
  const Plan plan = PlanOf(engine::Collective::kAllReduce, "ring", 4);  // 6 steps
  RecordOptions options;
  options.warmup = 1;
  options.iters = 3;
  options.fault = {Fault::Kind::kHang, /*rank=*/2, /*step=*/8};
  CountingHooks other;
  RunIterations(options, plan, 1, "ring", other);
  EXPECT_EQ(other.faulted_at, -1);
  CountingHooks faulty;
  RunIterations(options, plan, 2, "ring", faulty);
  EXPECT_EQ(faulty.faulted_at, 7);  // step 2 of the second iteration, before it runs
  EXPECT_EQ(faulty.iterations, 2);
}

}  // namespace
}  // namespace collscope::kernels
