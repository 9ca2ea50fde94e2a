// The pictures of real-file traces in the running GUI under Xvfb (issue 12
// and 14): a PyTorch profile's kernel lanes with the straggler marked, NCCL's
// TUNING choices as a table and as curves against NCCL's model, and the
// busbw plot titled by what the measurements are.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using collscope::gui_test::Dir;
using collscope::gui_test::Shot;
using collscope::gui_test::ShotOf;

std::string Source(const std::string& relative) {
  return std::string(COLLSCOPE_SOURCE_DIR) + "/" + relative;
}

std::string Write(const std::string& name, const std::string& text) {
  const fs::path path = Dir() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(TracePicturesGui, AProfilesKernelsGetALanePerRankAndTheLastArrivalIsMarked) {
  REQUIRE_XVFB();
  // Two ranks of one job; rank 1 starts each allreduce 300 us late.
  auto rank = [](int r, int late_us) {
    return R"json({"schemaVersion":1,"distributedInfo":{"backend":"nccl","rank":)json" +
           std::to_string(r) + R"json(,"world_size":2},"traceEvents":[
      {"ph":"X","cat":"kernel","name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL(x)","pid":0,"tid":7,
       "ts":)json" +
           std::to_string(1000 + late_us) + R"json(,"dur":)json" + std::to_string(400 - late_us) +
           R"json(,"args":{"Collective name":"allreduce","In msg nelems":1048576,"dtype":"Float","Group size":2,"Process Group Name":"0"}},
      {"ph":"X","cat":"kernel","name":"ncclDevKernel_AllReduce_Sum_f32_RING_LL(x)","pid":0,"tid":7,
       "ts":)json" +
           std::to_string(2000 + late_us) + R"json(,"dur":)json" + std::to_string(400 - late_us) +
           R"json(,"args":{"Collective name":"allreduce","In msg nelems":1048576,"dtype":"Float","Group size":2,"Process Group Name":"0"}}]})json";
  };
  const std::string a = Write("prof_rank0.json", rank(0, 0));
  const std::string b = Write("prof_rank1.json", rank(1, 300));
  const Shot shot =
      ShotOf("--trace " + a + " --script 'open " + a + " " + b + ";wait-load'", "kernel_lanes");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["kernel_lanes_drawn"], 2);
  EXPECT_EQ(shot.state["stragglers_marked"], 2);  // rank 1 in both calls
  EXPECT_GT(shot.state["timeline_slices_drawn"], 1);
  EXPECT_GT(shot.image.SampledColours(), 20u);
}

// all_reduce_perf on 8 H100s with NCCL_DEBUG_SUBSYS=TUNING: NCCL's choice of
// each call printed before its row (as in the real g4/g6 logs).
std::string TuningLog() {
  std::string text =
      "# nccl-tests version 2.18.3 nccl-headers=22902 nccl-library=22902\n"
      "# Collective test starting: all_reduce_perf\n"
      "# nThread 1 nGpus 8 minBytes 1024 maxBytes 1073741824 step: 4(factor)\n#\n"
      "# Using devices\n";
  for (int r = 0; r < 8; ++r) {
    text += "#  Rank  " + std::to_string(r) + " Group  0 Pid   1391 on       box device  " +
            std::to_string(r) + " [0000:41:00] NVIDIA H100 80GB HBM3\n";
  }
  text +=
      "h:7:8 [0] NCCL INFO comm 0x1 rank 0 nranks 8 cudaDev 0 nvmlDev 0 busId 41000 commId 0x5a "
      "- Init START\n"
      "h:7:8 [0] NCCL INFO comm 0x1 rank 0 nranks 8 cudaDev 0 nvmlDev 0 busId 41000 commId 0x5a "
      "- Init COMPLETE\n"
      "#       size         count      type   redop    root     time   algbw   busbw #wrong     "
      "time   algbw   busbw #wrong\n";
  for (long long bytes = 1024; bytes <= (1LL << 30); bytes *= 4) {
    text += "h:7:7 [0] NCCL INFO AllReduce: " + std::to_string(bytes) +
            " Bytes -> Algo RING proto SIMPLE channel{Lo..Hi}={0..15}\n";
    // A plausible time: 20 us plus the bytes at 300 GB/s of bus bandwidth.
    const double us = 20 + static_cast<double>(bytes) * 1.75 / 300e3;
    const double algbw = static_cast<double>(bytes) / us / 1e3;
    char row[256];
    std::snprintf(row, sizeof row,
                  "%12lld  %12lld     float     sum      -1  %7.2f  %6.2f  %6.2f  "
                  "    0  %7.2f  %6.2f  %6.2f      0\n",
                  bytes, bytes / 4, us, algbw, algbw * 1.75, us, algbw, algbw * 1.75);
    text += row;
  }
  return text + "# Out of bounds values : 0 OK\n";
}

TEST(TracePicturesGui, TuningChoicesShowAsATableAndOverNcclsModel) {
  REQUIRE_XVFB();
  const std::string log = Write("tuning.log", TuningLog());
  const Shot table = ShotOf("--trace " + log + " --script 'picture choices'", "tuning_table");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_EQ(table.state["centre_view"], "nccl-choices");
  EXPECT_EQ(table.state["tuning_rows"], 11);  // 1 KiB .. 1 GiB by 4
  const Shot model = ShotOf("--trace " + log + " --script 'picture model'", "nccl_model");
  ASSERT_EQ(model.code, 0) << model.err;
  EXPECT_EQ(model.state["centre_view"], "nccl-model");
  EXPECT_GE(model.state["nccl_pairs_drawn"], 3);
  EXPECT_EQ(model.state["nccl_choices_drawn"], 11);
  // NCCL's model of 8 H100-class GPUs does not run a 1 KiB allreduce by
  // ring/SIMPLE (it picks a low-latency protocol there), so some disagree.
  EXPECT_GT(model.state["nccl_disagreements"], 0);
}

TEST(TracePicturesGui, TheBusbwPlotSaysWhatTheMeasurementsAre) {
  REQUIRE_XVFB();
  const Shot shot =
      ShotOf("--trace " + Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt"),
             "measurement_kind");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["measurement_kind"], "nccl-tests");
}

}  // namespace

namespace {

TEST(TracePicturesGui, ARecordingsIterationsCanBeShownOneByOneOrEndToEnd) {
  REQUIRE_XVFB();
  const fs::path trace = Dir() / "three_iterations.json";
  const auto record = collscope::gui_test::RunCollscope(
      "record --backend threads -c allreduce -n 64KiB --ranks 4 --iters 3 -o " + trace.string());
  ASSERT_EQ(record.code, 0) << record.err;
  const Shot first = ShotOf("--trace " + trace.string(), "iteration_first");
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_FALSE(first.state["trace_all_runs"]);
  const int one = first.state["timeline_events"];
  EXPECT_EQ(one, 4 * 6);  // 4 ranks x 2(p-1) steps
  const Shot last = ShotOf("--trace " + trace.string() + " --script 'iteration 2'", "iteration_2");
  ASSERT_EQ(last.code, 0) << last.err;
  EXPECT_NE(last.state["trace_run"], first.state["trace_run"]);
  const Shot all =
      ShotOf("--trace " + trace.string() + " --script 'iteration all'", "iteration_all");
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_TRUE(all.state["trace_all_runs"]);
  EXPECT_EQ(all.state["timeline_events"], 3 * one);
}

}  // namespace
