#include <gtest/gtest.h>

#include "tests/trace/test_util.h"
#include "trace/exporters/chrome.h"
#include "trace/importers/importer.h"
#include "trace/reader.h"

namespace collscope::trace {
namespace {

TEST(ChromeImporter, ReadsCollscopesOwnExportBackIntoItsRunsAndSteps) {
  Trace trace = testing::MakeRingTrace(4, 2, 1 << 20);
  trace.meta.host = "gpub001";
  trace.runs[1].steps[2].channel = 3;
  const std::string path = testing::TempPath("own.chrome.json");
  ASSERT_TRUE(ExportChrome(trace, path).ok());
  Result<ImportResult> back = ImportFiles({path}, "auto");
  ASSERT_TRUE(back.ok()) << back.error();
  const Trace& got = back->trace;
  EXPECT_EQ(got.meta.source, trace.meta.source);
  EXPECT_EQ(got.meta.host, "gpub001");
  ASSERT_EQ(got.runs.size(), trace.runs.size());
  EXPECT_EQ(got.RankCount(), 4);
  for (std::size_t r = 0; r < trace.runs.size(); ++r) {
    const trace::Run& a = trace.runs[r];
    const trace::Run& b = got.runs[r];
    EXPECT_EQ(b.collective, a.collective);
    EXPECT_EQ(b.algorithm, a.algorithm);
    EXPECT_EQ(b.bytes, a.bytes);
    EXPECT_EQ(b.iteration, a.iteration);
    ASSERT_EQ(b.steps.size(), a.steps.size());
    // The export keeps the steps of a run; compare them as sets by (step, rank).
    for (const StepEvent& x : a.steps) {
      bool found = false;
      for (const StepEvent& y : b.steps) {
        if (y.step != x.step || y.rank != x.rank) continue;
        found = true;
        EXPECT_EQ(y.send_to, x.send_to);
        EXPECT_EQ(y.recv_from, x.recv_from);
        EXPECT_EQ(y.slot, x.slot);
        EXPECT_EQ(y.bytes, x.bytes);
        EXPECT_EQ(y.channel, x.channel);
        EXPECT_EQ(got.PhaseName(y.phase), trace.PhaseName(x.phase));
        EXPECT_EQ(y.t_start_ns, x.t_start_ns);
        EXPECT_EQ(y.t_end_ns, std::max(x.t_end_ns, x.t_start_ns + 1));
      }
      EXPECT_TRUE(found) << "step " << x.step << " rank " << x.rank;
    }
  }
}

TEST(ChromeImporter, ReadsAnExportWrittenBeforeTheRunArgsExisted) {
  // assets/traces/ring_allreduce_4ranks_straggler.chrome.json was written by
  // the first exporter: no "run"/"collective" args, the title says them.
  Result<ImportResult> back = ImportFiles(
      {std::string(COLLSCOPE_ASSETS_DIR) + "/traces/ring_allreduce_4ranks_straggler.chrome.json"},
      "auto");
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_EQ(back->trace.runs.size(), 1u);
  EXPECT_EQ(back->trace.runs[0].collective, "allreduce");
  EXPECT_EQ(back->trace.runs[0].algorithm, "ring");
  EXPECT_EQ(back->trace.runs[0].steps.size(), 24u);
}

TEST(ChromeImporter, ReadsNcclKernelsOfManyRanksInOneFile) {
  const std::string path = testing::TempPath("perfetto.json");
  testing::WriteFile(path, R"json({"traceEvents":[
    {"ph":"M","name":"process_name","pid":11,"tid":0,"args":{"name":"rank 1"}},
    {"ph":"M","name":"process_name","pid":10,"tid":0,"args":{"name":"rank 0"}},
    {"ph":"X","cat":"cuda","name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
     "pid":10,"tid":7,"ts":1000.5,"dur":20},
    {"ph":"X","cat":"cuda","name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
     "pid":11,"tid":7,"ts":1012.25,"dur":8.25},
    {"ph":"X","cat":"cpu","name":"forward","pid":10,"tid":1,"ts":900,"dur":50}]})json");
  Result<ImportResult> back = ImportFiles({path}, "auto");
  ASSERT_TRUE(back.ok()) << back.error();
  const Trace& got = back->trace;
  EXPECT_EQ(got.meta.source, "chrome");
  ASSERT_EQ(got.runs.size(), 2u);
  EXPECT_EQ(got.runs[0].rank, 0);
  EXPECT_EQ(got.runs[0].t_start_ns, 1000500);
  EXPECT_EQ(got.runs[1].rank, 1);
  EXPECT_EQ(got.runs[1].t_end_ns, 1020500);
  EXPECT_EQ(got.runs[1].collective, "allreduce");
  EXPECT_EQ(got.runs[1].comm_ranks, 2);
  EXPECT_EQ(got.runs[0].sequence, got.runs[1].sequence);
}

TEST(ChromeImporter, AChromeTraceWithoutNcclKernelsSaysWhatItLacks) {
  const std::string path = testing::TempPath("no_nccl.json");
  testing::WriteFile(
      path, R"({"traceEvents":[{"ph":"X","name":"forward","pid":1,"tid":1,"ts":1,"dur":2}]})");
  Result<ImportResult> back = ImportFiles({path}, "auto");
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().find("no NCCL kernels"), std::string::npos) << back.error();
  EXPECT_EQ(back.error().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace collscope::trace
