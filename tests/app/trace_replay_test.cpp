#include "app/trace_replay.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/algorithm.h"
#include "trace/reader.h"

namespace collscope::gui {
namespace {

std::shared_ptr<const trace::Trace> StragglerTrace() {
  auto read = trace::ReadTrace(std::string(COLLSCOPE_SOURCE_DIR) +
                               "/assets/traces/ring_allreduce_4ranks_straggler.collscope.json");
  EXPECT_TRUE(read.ok()) << read.error();
  return std::make_shared<const trace::Trace>(std::move(read.value()));
}

trace::StepEvent Event(int rank, int step, int recv_from, int send_to, std::int64_t start,
                       std::int64_t end) {
  return {.step = step,
          .rank = rank,
          .send_to = send_to,
          .recv_from = recv_from,
          .t_start_ns = start,
          .t_end_ns = end};
}

// The sample trace: every step takes 1 us, except rank 2 in step 3 (2.5 us),
// so at 3.5 us ranks 0, 1 and 3 have finished step 3 and wait for step 4.
TEST(TraceReplay, TheStragglerIsAloneInStepThreeWhileTheOthersWait) {
  const auto trace = StragglerTrace();
  const trace::Run& run = trace->runs.front();
  const RunIndex index(run, trace->RankCount());
  const ReplaySnapshot at = SnapshotAt(run, index, 3500);
  ASSERT_EQ(at.ranks.size(), 4u);
  for (int r = 0; r < 4; ++r) EXPECT_EQ(at.ranks[r].step, 3) << "rank " << r;
  EXPECT_TRUE(at.ranks[2].in_step);
  EXPECT_FALSE(at.ranks[2].waiting);
  EXPECT_EQ(at.WaitingRanks(), (std::vector<int>{0, 1, 3}));
  // Rank 3, the straggler's ring successor, receives from it in step 4.
  EXPECT_EQ(at.ranks[3].waiting_for, 2);
  // The straggler's step-3 send has landed: rank 3 finished step 3 at 3 us
  // (its table row holds the complete chunk a), though rank 2's own event
  // runs on. Nothing is in flight; the straggler works alone.
  EXPECT_TRUE(at.in_flight.empty());
  EXPECT_EQ(at.shown_step, 3);
}

// A send is in flight while its receiver is in (or has not reached) that
// step, and has landed once the receiver finished it, whatever the
// sender's event does after.
TEST(TraceReplay, ASendHasLandedOnceItsReceiverFinishedThatStep) {
  trace::Run run;
  run.steps = {Event(0, 1, -1, 1, 0, 100), Event(1, 1, 0, -1, 0, 40)};
  const RunIndex index(run, 2);
  EXPECT_EQ(SnapshotAt(run, index, 30).in_flight, (std::vector<std::uint32_t>{0}));
  EXPECT_TRUE(SnapshotAt(run, index, 50).in_flight.empty());
  EXPECT_TRUE(SnapshotAt(run, index, 50).ranks[0].in_step);
}

TEST(TraceReplay, InStepThreeTogetherNobodyWaitsAndFourTransfersFly) {
  const auto trace = StragglerTrace();
  const trace::Run& run = trace->runs.front();
  const RunIndex index(run, trace->RankCount());
  const ReplaySnapshot at = SnapshotAt(run, index, 2500);
  for (int r = 0; r < 4; ++r) {
    EXPECT_EQ(at.ranks[r].step, 3);
    EXPECT_TRUE(at.ranks[r].in_step);
  }
  EXPECT_TRUE(at.WaitingRanks().empty());
  EXPECT_EQ(at.in_flight.size(), 4u);
  // An event is [t_start, t_end): at 1000 ns step 1 is over, step 2 on.
  const ReplaySnapshot edge = SnapshotAt(run, index, 1000);
  for (int r = 0; r < 4; ++r) EXPECT_EQ(edge.ranks[r].step, 2);
}

TEST(TraceReplay, BeforeTheFirstEventStepZeroAfterTheLastDone) {
  const auto trace = StragglerTrace();
  const trace::Run& run = trace->runs.front();
  const RunIndex index(run, trace->RankCount());
  const ReplaySnapshot before = SnapshotAt(run, index, -5);
  for (const RankAtTime& rank : before.ranks) {
    EXPECT_EQ(rank.step, 0);
    EXPECT_FALSE(rank.waiting);
  }
  const ReplaySnapshot after = SnapshotAt(run, index, 7500);
  for (const RankAtTime& rank : after.ranks) {
    EXPECT_EQ(rank.step, 6);
    EXPECT_TRUE(rank.done);
    EXPECT_FALSE(rank.waiting);
  }
  EXPECT_TRUE(after.in_flight.empty());
}

// Rank 1 starts step 2 while rank 0, which it receives from, has finished
// only step 1: rank 1 is in its step but waits for the peer.
TEST(TraceReplay, InAStepWhoseSenderHasNotReachedItIsWaiting) {
  trace::Run run;
  run.steps = {Event(0, 1, 1, 1, 0, 10), Event(0, 2, 1, 1, 40, 50), Event(1, 1, 0, 0, 0, 10),
               Event(1, 2, 0, 0, 20, 50)};
  const RunIndex index(run, 2);
  const ReplaySnapshot at = SnapshotAt(run, index, 25);
  EXPECT_EQ(at.ranks[0].step, 1);
  EXPECT_FALSE(at.ranks[0].in_step);
  EXPECT_TRUE(at.ranks[0].waiting);
  EXPECT_EQ(at.ranks[1].step, 2);
  EXPECT_TRUE(at.ranks[1].in_step);
  EXPECT_TRUE(at.ranks[1].waiting);
  EXPECT_EQ(at.ranks[1].waiting_for, 0);
  // Once rank 0 reaches step 2, rank 1 no longer waits.
  EXPECT_FALSE(SnapshotAt(run, index, 45).ranks[1].waiting);
}

// Two channels: a long event started first still holds a time after a
// later, shorter one ended; a search on end times alone would miss it.
TEST(TraceReplay, OverlappingEventsOfOneRankAreAllFound) {
  trace::Run run;
  run.steps = {Event(0, 1, -1, 1, 0, 100), Event(0, 1, -1, 1, 10, 20), Event(0, 2, -1, 1, 30, 40),
               Event(1, 1, 0, -1, 0, 100)};
  const RunIndex index(run, 2);
  const ReplaySnapshot at = SnapshotAt(run, index, 50);
  EXPECT_EQ(at.in_flight, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(at.ranks[0].step, 1);
  EXPECT_TRUE(at.ranks[0].in_step);
  const ReplaySnapshot both = SnapshotAt(run, index, 35);
  EXPECT_EQ(both.in_flight.size(), 2u);
  EXPECT_EQ(both.ranks[0].step, 1);  // the earliest step not finished
  EXPECT_EQ(index.FirstEndingAfter(0, 50), 0u);
  EXPECT_EQ(index.FirstEndingAfter(0, 100), 3u);
}

TEST(TraceReplay, TickAdvancesScaledTimeAndStopsAtTheEnd) {
  const auto trace = StragglerTrace();
  TraceReplay replay;
  replay.Attach(trace, 0);
  ASSERT_TRUE(replay.Attached());
  EXPECT_FALSE(replay.Active());
  replay.Tick(0);  // the attach itself was a move
  replay.SetSpeed(1e-3);
  replay.SetPlaying(true);
  EXPECT_TRUE(replay.Active());
  EXPECT_EQ(replay.playhead_ns(), 0);
  // 1 ms of wall time at 1/1000 x is 1 us of trace time.
  EXPECT_TRUE(replay.Tick(0.001));
  EXPECT_EQ(replay.playhead_ns(), 1000);
  EXPECT_EQ(replay.snapshot().ranks[0].step, 2);
  replay.SetPlaying(false);
  EXPECT_FALSE(replay.Tick(0.001));
  EXPECT_EQ(replay.playhead_ns(), 1000);
  replay.SetPlaying(true);
  replay.Tick(10.0);
  EXPECT_EQ(replay.playhead_ns(), 7500);
  EXPECT_FALSE(replay.playing());
  // Playing again from the end starts over.
  replay.SetPlaying(true);
  EXPECT_EQ(replay.playhead_ns(), 0);
}

TEST(TraceReplay, SeekClampsSpeedClampsAndStopLeaves) {
  const auto trace = StragglerTrace();
  TraceReplay replay;
  replay.Attach(trace, 0);
  replay.Seek(-100);
  EXPECT_EQ(replay.playhead_ns(), 0);
  replay.Seek(1'000'000);
  EXPECT_EQ(replay.playhead_ns(), 7500);
  replay.Seek(3500);
  EXPECT_EQ(replay.snapshot().WaitingRanks().size(), 3u);
  replay.SetSpeed(50);
  EXPECT_EQ(replay.speed(), TraceReplay::kMaxSpeed);
  replay.SetSpeed(0);
  EXPECT_EQ(replay.speed(), TraceReplay::kMinSpeed);
  replay.Stop();
  EXPECT_FALSE(replay.Active());
  EXPECT_TRUE(replay.snapshot().ranks.empty());
  // A trace without per-step events has nothing to replay.
  TraceReplay empty;
  empty.Attach(trace, -1);
  empty.Seek(10);
  EXPECT_FALSE(empty.Active());
}

RankAtTime At(int step, bool in_step) {
  RankAtTime rank;
  rank.step = step;
  rank.in_step = in_step;
  return rank;
}

// The straggler at 3.5 us: ranks 0, 1 and 3 finished step 3, rank 2 is
// still in it, so its row holds step 2's result with step 3's cells pending.
TEST(TraceReplay, BufferRowsShowWhatEachRankHoldsAtThePlayhead) {
  auto built = engine::BuildSchedule(engine::Collective::kAllReduce, "ring", 4);
  ASSERT_TRUE(built.schedule) << built.error;
  const engine::Schedule& schedule = *built.schedule;
  ReplayBuffers rows;
  const std::vector<RankAtTime> ranks = {At(3, false), At(3, false), At(3, true), At(3, false)};
  ASSERT_FALSE(rows.Update(schedule, "ring", engine::Collective::kAllReduce, 0, ranks, 4));
  ASSERT_EQ(rows.rows().size(), 4u);
  engine::BufferState reference(schedule, engine::Collective::kAllReduce, 0);
  for (const std::int64_t step : {2, 3}) {
    reference.SeekStep(step);
    for (int r = 0; r < 4; ++r) {
      const ReplayRow& row = rows.rows()[r];
      if (r == 2 && step == 3) {
        for (int s = 0; s < 4; ++s) {
          EXPECT_EQ(row.pending[s] != 0, reference.ChangedInCurrentStep(r, s)) << "slot " << s;
        }
      }
      if (row.step != step) continue;
      for (int s = 0; s < 4; ++s) {
        EXPECT_EQ(row.labels[s], reference.Label(r, s, 4)) << "rank " << r << " slot " << s;
        EXPECT_EQ(row.written[s] != 0, r != 2 && reference.ChangedInCurrentStep(r, s));
      }
    }
  }
  EXPECT_EQ(rows.rows()[0].step, 3);
  EXPECT_EQ(rows.rows()[2].step, 2);
  // After reduce-scatter (step 3 of 6) rank i holds the complete chunk i+1;
  // rank 2's chunk d is still on its way.
  EXPECT_TRUE(rows.rows()[0].complete[1]);
  EXPECT_FALSE(rows.rows()[2].complete[3]);
  EXPECT_TRUE(rows.rows()[2].pending[3]);
  // Steps past the schedule are clamped to its last step.
  const std::vector<RankAtTime> late = {At(99, true), At(6, false), At(6, false), At(6, false)};
  ASSERT_FALSE(rows.Update(schedule, "ring", engine::Collective::kAllReduce, 0, late, 4));
  EXPECT_EQ(rows.rows()[0].step, 6);
}

TEST(TraceReplay, SpeedsParseAsScriptsWriteThem) {
  EXPECT_EQ(ParseReplaySpeed("1/1000"), 1e-3);
  EXPECT_EQ(ParseReplaySpeed("0.01"), 0.01);
  EXPECT_EQ(ParseReplaySpeed("1e-4"), 1e-4);
  EXPECT_EQ(ParseReplaySpeed("1"), 1.0);
  for (const char* bad : {"2", "0", "-1", "abc", "1/0", "1/", "", "0.5x"}) {
    EXPECT_FALSE(ParseReplaySpeed(bad)) << bad;
  }
}

TEST(TraceReplay, ModelStepsAreLaidOutBackToBack) {
  const std::vector<double> seconds = {1e-6, 2e-6, 0.5e-6};
  EXPECT_EQ(ModelStepEnds(seconds, 100), (std::vector<double>{1100, 3100, 3600}));
}

}  // namespace
}  // namespace collscope::gui
