#include "trace/calls.h"

#include <gtest/gtest.h>

#include "trace/stats.h"

namespace collscope::trace {
namespace {

trace::Run Kernel(std::int32_t rank, std::int64_t sequence, std::int64_t start_ns,
                  std::int64_t end_ns, std::string group = "0") {
  trace::Run run;
  run.collective = "allreduce";
  run.bytes = 1 << 20;
  run.rank = rank;
  run.comm_ranks = 4;
  run.sequence = sequence;
  run.process_group = std::move(group);
  run.t_start_ns = start_ns;
  run.t_end_ns = end_ns;
  return run;
}

TEST(MatchCalls, TheRankThatStartsLastIsTheStragglerThoughAllEndTogether) {
  Trace trace;
  // Call 0: rank 2 starts 300 us late; every rank ends when it has caught up.
  trace.runs = {Kernel(0, 0, 0, 400'000), Kernel(1, 0, 10'000, 400'000),
                Kernel(2, 0, 300'000, 400'000), Kernel(3, 0, 5'000, 401'000),
                // Call 1: rank 1 is last, by 20 us.
                Kernel(0, 1, 500'000, 600'000), Kernel(1, 1, 520'000, 600'000),
                Kernel(2, 1, 505'000, 600'000), Kernel(3, 1, 501'000, 600'000)};
  const std::vector<MatchedCall> calls = MatchCalls(trace);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].RanksSeen(), 4u);
  EXPECT_EQ(calls[0].first_rank, 0);
  EXPECT_EQ(calls[0].last_rank, 2);
  EXPECT_EQ(calls[0].SkewNs(), 300'000);
  EXPECT_EQ(calls[0].WorkNs(), 101'000);
  // 1 MiB allreduce on 4 ranks over 101 us: algbw x 2(p-1)/p.
  EXPECT_NEAR(calls[0].BusBwGbps(), 1048576.0 / 101'000 * 1.5, 1e-9);
  EXPECT_EQ(calls[1].last_rank, 1);
  EXPECT_EQ(calls[1].SkewNs(), 20'000);
  const std::vector<LateArrivals> late = CountLateArrivals(calls);
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0].times_last, 1u);
  EXPECT_EQ(late[0].rank, 2);  // equal counts: the larger skew first
}

TEST(MatchCalls, GroupsSequencesAndCollectivesKeepCallsApartAndSizeDisagreementIsMarked) {
  Trace trace;
  trace.runs = {Kernel(0, 0, 0, 10), Kernel(1, 0, 2, 10), Kernel(0, 0, 20, 30, "tp"),
                Kernel(1, 0, 21, 30, "tp")};
  trace.runs[3].bytes = 8;
  trace::Run no_rank = Kernel(0, 5, 0, 1);
  no_rank.rank = -1;
  trace.runs.push_back(no_rank);
  trace::Run other = Kernel(0, 0, 40, 50);
  other.collective = "allgather";  // its own numbering (NCCL Inspector's coll_sn)
  trace.runs.push_back(other);
  const std::vector<MatchedCall> calls = MatchCalls(trace);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[2].collective, "allgather");
  EXPECT_FALSE(calls[0].mismatched);
  EXPECT_TRUE(calls[1].mismatched);
  EXPECT_EQ(calls[1].process_group, "tp");
}

TEST(TraceStats, CarriesEachCallsArrivalSkew) {
  Trace trace;
  trace.runs = {Kernel(0, 0, 0, 100), Kernel(1, 0, 60, 100)};
  const TraceStats stats = ComputeStats(trace, "delta-a100x4");
  ASSERT_EQ(stats.calls.size(), 1u);
  EXPECT_EQ(stats.calls[0].SkewNs(), 60);
  const std::string json = StatsToJson(stats, "t.json");
  EXPECT_NE(json.find("\"arrival_skew_ns\":60"), std::string::npos) << json;
  EXPECT_NE(json.find("\"last_rank\":1"), std::string::npos);
  // The runs are priced on their communicator's 4 ranks, not the 2 seen.
  ASSERT_FALSE(stats.sizes.empty());
  EXPECT_EQ(stats.sizes[0].ranks, 4);
}

}  // namespace
}  // namespace collscope::trace
