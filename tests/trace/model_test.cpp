#include <gtest/gtest.h>

#include "trace/model.h"

namespace collscope::trace {
namespace {

TEST(TraceModel, StepEventStaysWithin64Bytes) {
  // Issue 5's budget: at most 64 bytes resident per step event.
  EXPECT_LE(sizeof(StepEvent), 64u);
  EXPECT_EQ(sizeof(StepEvent), 48u);
}

TEST(TraceModel, InternPhaseReturnsTheSameIndexForTheSameName) {
  Trace trace;
  const auto rs = trace.InternPhase("reduce-scatter");
  const auto ag = trace.InternPhase("all-gather");
  EXPECT_NE(rs, ag);
  EXPECT_EQ(trace.InternPhase("reduce-scatter"), rs);
  EXPECT_EQ(trace.PhaseName(ag), "all-gather");
  EXPECT_EQ(trace.PhaseName(999), "");
}

TEST(TraceModel, CanonicalCollectiveAcceptsNcclTestsPytorchAndNcclSpellings) {
  EXPECT_EQ(CanonicalCollective("all_reduce_perf"), "allreduce");
  EXPECT_EQ(CanonicalCollective("AllReduce"), "allreduce");
  EXPECT_EQ(CanonicalCollective("_allgather_base"), "allgather");
  EXPECT_EQ(CanonicalCollective("allgather_into_tensor_coalesced"), "allgather");
  EXPECT_EQ(CanonicalCollective("_reduce_scatter_base"), "reducescatter");
  EXPECT_EQ(CanonicalCollective("reduce_scatter_tensor"), "reducescatter");
  EXPECT_EQ(CanonicalCollective("nccl:all_reduce"), "allreduce");
  EXPECT_EQ(CanonicalCollective("c10d::allreduce_"), "allreduce");
  EXPECT_EQ(CanonicalCollective("alltoall_perf"), "alltoall");
  EXPECT_EQ(CanonicalCollective("send"), "sendrecv");
  EXPECT_EQ(CanonicalCollective("Generic"), "");
}

TEST(TraceModel, DtypeSizesCoverNcclTestsKernelAndPytorchNames) {
  EXPECT_EQ(DtypeSize("float"), 4);
  EXPECT_EQ(DtypeSize("f32"), 4);
  EXPECT_EQ(DtypeSize("Float"), 4);
  EXPECT_EQ(DtypeSize("BFloat16"), 2);
  EXPECT_EQ(DtypeSize("bf16"), 2);
  EXPECT_EQ(DtypeSize("half"), 2);
  EXPECT_EQ(DtypeSize("double"), 8);
  EXPECT_EQ(DtypeSize("int8"), 1);
  EXPECT_EQ(DtypeSize("f8e4m3"), 1);
  EXPECT_EQ(DtypeSize("RING"), 0);
  EXPECT_EQ(CanonicalDtype("float"), "float32");
}

TEST(TraceModel, BusBwFactorsMatchNcclTestsPerformanceDoc) {
  EXPECT_DOUBLE_EQ(BusBwFactor("allreduce", 8), 2.0 * 7 / 8);
  EXPECT_DOUBLE_EQ(BusBwFactor("allgather", 4), 3.0 / 4);
  EXPECT_DOUBLE_EQ(BusBwFactor("reducescatter", 4), 3.0 / 4);
  EXPECT_DOUBLE_EQ(BusBwFactor("alltoall", 2), 1.0 / 2);
  EXPECT_DOUBLE_EQ(BusBwFactor("broadcast", 8), 1.0);
  EXPECT_DOUBLE_EQ(BusBwFactor("reduce", 8), 1.0);
  EXPECT_DOUBLE_EQ(BusBwFactor("sendrecv", 2), 1.0);
}

TEST(TraceModel, RankCountComesFromRanksOrEvents) {
  Trace trace;
  EXPECT_EQ(trace.RankCount(), 0);
  trace::Run run;
  StepEvent event;
  event.rank = 5;
  run.steps.push_back(event);
  trace.runs.push_back(run);
  EXPECT_EQ(trace.RankCount(), 6);
  trace.ranks.push_back({.rank = 2, .host = "h", .device = 0});
  EXPECT_EQ(trace.RankCount(), 3);
}

}  // namespace
}  // namespace collscope::trace
