#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/algorithm.h"
#include "engine/cost_model.h"
#include "tests/trace/test_util.h"
#include "trace/stats.h"

namespace collscope::trace {
namespace {

TraceStats SmallRingStats() {
  Result<ImportResult> loaded =
      ImportFiles({testing::DataPath("small_ring_allreduce.json")}, "auto");
  EXPECT_TRUE(loaded.ok()) << loaded.error();
  return ComputeStats(loaded->trace, "delta-a100x4");
}

TEST(TraceStats, SpreadTakesMedianOfEvenCounts) {
  Spread s = SpreadOf({4, 1, 3, 2});
  EXPECT_EQ(s.count, 4u);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 4);
  EXPECT_EQ(s.median, 2.5);
  EXPECT_EQ(SpreadOf({}).count, 0u);
}

TEST(TraceStats, PerStepFindsTheStraggler) {
  const TraceStats stats = SmallRingStats();
  EXPECT_EQ(stats.ranks, 4);
  EXPECT_EQ(stats.step_events, 24u);
  ASSERT_EQ(stats.steps.size(), 6u);
  const StepStats& step3 = stats.steps[2];
  EXPECT_EQ(step3.step, 3);
  EXPECT_EQ(step3.phase, "reduce-scatter");
  EXPECT_EQ(step3.duration_ns.min, 1000);
  EXPECT_EQ(step3.duration_ns.median, 1000);
  EXPECT_EQ(step3.duration_ns.max, 2500);
  EXPECT_EQ(step3.straggler_rank, 2);
  EXPECT_EQ(step3.straggler_excess_ns, 1500);
  EXPECT_EQ(stats.steps[3].phase, "all-gather");
  EXPECT_EQ(stats.steps[3].duration_ns.max, 1000);
}

TEST(TraceStats, PerRankSpreadAndBusyTime) {
  const TraceStats stats = SmallRingStats();
  ASSERT_EQ(stats.per_rank.size(), 4u);
  EXPECT_EQ(stats.per_rank[2].duration_ns.max, 2500);
  EXPECT_EQ(stats.per_rank[2].duration_ns.median, 1000);
  EXPECT_EQ(stats.per_rank[2].busy_ns, 7500);
  EXPECT_EQ(stats.per_rank[0].busy_ns, 6000);
}

TEST(TraceStats, AchievedBandwidthAndPredictionBesideIt) {
  const TraceStats stats = SmallRingStats();
  ASSERT_EQ(stats.sizes.size(), 1u);
  const SizeStats& size = stats.sizes[0];
  EXPECT_EQ(size.bytes, 4096);
  EXPECT_DOUBLE_EQ(size.time_s.median, 7500e-9);
  EXPECT_NEAR(size.algbw_gbps, 4096 / 7500e-9 * 1e-9, 1e-12);
  EXPECT_NEAR(size.busbw_gbps, size.algbw_gbps * 1.5, 1e-12);
  EXPECT_EQ(size.priced_algorithm, "ring");
  ASSERT_TRUE(size.predicted_s.has_value());
  // The engine's ring on p = 4 (a power of two) equals the lecture's table.
  const engine::CostModel model = engine::FindCostPreset("delta-a100x4")->model;
  const engine::ClosedForm form = engine::LectureClosedForm(engine::Collective::kAllReduce, 4);
  const double expected =
      model.alpha_s * form.alpha_factor + 4096 * (model.beta_s_per_byte * form.beta_factor +
                                                  model.gamma_s_per_byte * form.gamma_factor);
  EXPECT_NEAR(*size.predicted_s, expected, expected * 1e-9);
}

TEST(TraceStats, FitRecoversAlphaAndBetaOverMessageSizes) {
  // Runs whose times follow the model exactly, with alpha = 5 us and
  // beta = 1/50 GB/s, at five sizes.
  const engine::CostModel truth{5e-6, 1 / 50e9, 3.0 / 1555e9};
  auto built = engine::BuildSchedule(engine::Collective::kAllReduce, "ring", 8);
  ASSERT_NE(built.schedule, nullptr) << built.error;
  Trace trace;
  for (int r = 0; r < 8; ++r) trace.ranks.push_back({r, "h", r});
  std::int64_t t = 0;
  for (std::int64_t bytes : {1 << 10, 1 << 14, 1 << 18, 1 << 22, 1 << 26}) {
    const double seconds =
        engine::PriceSchedule(*built.schedule, static_cast<double>(bytes), truth).Total();
    trace::Run run;
    run.collective = "allreduce";
    run.algorithm = "ring";
    run.bytes = bytes;
    run.t_start_ns = t;
    run.t_end_ns = t + static_cast<std::int64_t>(std::llround(seconds * 1e9));
    t = run.t_end_ns + 1000;
    trace.runs.push_back(run);
  }
  // delta-a100x4's gamma is 3/1555e9 too, so only alpha and beta are free.
  const TraceStats stats = ComputeStats(trace, "delta-a100x4");
  ASSERT_EQ(stats.fits.size(), 1u);
  const CostFit& fit = stats.fits[0];
  EXPECT_EQ(fit.samples, 5u);
  EXPECT_EQ(fit.distinct_sizes, 5u);
  EXPECT_NEAR(fit.alpha_s, 5e-6, 5e-6 * 1e-3);
  EXPECT_NEAR(fit.beta_s_per_byte, 1 / 50e9, 1 / 50e9 * 1e-3);
  EXPECT_LT(fit.rms_relative_error, 1e-3);
  ASSERT_EQ(stats.sizes.size(), 5u);
  ASSERT_TRUE(stats.sizes[4].fitted_s.has_value());
  EXPECT_NEAR(*stats.sizes[4].fitted_s, stats.sizes[4].time_s.median,
              stats.sizes[4].time_s.median * 1e-3);
}

TEST(TraceStats, NcclTestsMeasurementsUseOutOfPlaceRowsAndTheDefaultAlgorithm) {
  Result<ImportResult> loaded =
      ImportFiles({testing::DataPath("nccl_tests_new_allreduce_8gpu.txt")}, "auto");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const TraceStats stats = ComputeStats(loaded->trace, DefaultPresetFor(loaded->trace));
  EXPECT_EQ(stats.preset, "delta-a100x8");  // 8 A100s: the NVSwitch node
  ASSERT_EQ(stats.sizes.size(), 8u);
  EXPECT_EQ(stats.sizes[0].source, "measurements");
  EXPECT_EQ(stats.sizes[0].priced_algorithm, "ring");
  EXPECT_NEAR(stats.sizes[7].busbw_gbps, 234.9, 0.1);  // recomputed from size and time
  ASSERT_EQ(stats.fits.size(), 1u);
  EXPECT_GT(stats.fits[0].alpha_s, 0);
  EXPECT_GT(stats.fits[0].beta_s_per_byte, 0);
  EXPECT_LT(stats.fits[0].rms_relative_error, 0.5);
}

TEST(TraceStats, PresetFollowsThePartition) {
  Trace trace;
  trace.meta.partition = "gpuA40x4";
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a40x4");
  trace.meta.partition = "";
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a100x4");
  trace.meta.gpu = "NVIDIA A40";
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a40x4");
  trace.meta.gpu = "NVIDIA A100-SXM4-40GB";
  for (int rank = 0; rank < 8; ++rank) {
    RankInfo info;
    info.rank = rank;
    trace.ranks.push_back(info);
  }
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a100x8");
  trace.ranks.resize(4);
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a100x4");
}

TEST(TraceStats, CpuRecordingIsPricedAgainstItsOwnHost) {
  // A threads run on a 2-core VM with 10.9 GB/s memcpy: not an A100.
  Trace trace;
  trace.meta.source = "threads";
  trace.meta.host = "vm";
  trace.meta.machine = HostMachine{10.9, 2};
  for (int rank = 0; rank < 4; ++rank) trace.ranks.push_back(RankInfo{rank, "vm", -1});
  trace::Run run;
  run.collective = "allreduce";
  run.algorithm = "ring";
  run.bytes = 64 << 20;
  run.t_end_ns = 32'000'000;
  trace.runs.push_back(run);
  EXPECT_EQ(DefaultPresetFor(trace), "host:10.9:2:4");
  const TraceStats stats = ComputeStats(trace, DefaultPresetFor(trace));
  EXPECT_EQ(stats.preset, "host:10.9:2:4");
  EXPECT_NE(stats.machine.find("2 cores, memcpy 10.9 GB/s"), std::string::npos) << stats.machine;
  ASSERT_EQ(stats.sizes.size(), 1u);
  ASSERT_TRUE(stats.sizes[0].predicted_s.has_value());
  // Ring allreduce: (p-1)/p n (2 beta + gamma) with beta = 2/10.9e9 s/B and
  // gamma = 1.5 beta (4 ranks on 2 cores: twice memcpy's time per byte),
  // plus 2(p-1) alpha of 4 us: about 42 ms, within a factor of two of the
  // 32 ms measured, where the A100 preset says under a millisecond.
  const double beta = 2 / 10.9e9;
  const double expected = 0.75 * (64 << 20) * (2 * beta + 1.5 * beta) + 6 * 4e-6;
  EXPECT_NEAR(*stats.sizes[0].predicted_s, expected, expected * 1e-9);
  // A GPU recording with the same field keeps its GPU preset.
  trace.meta.source = "nccl";
  EXPECT_EQ(DefaultPresetFor(trace), "delta-a100x4");
}

TEST(TraceStats, JsonHasStepsRanksSizesAndFits) {
  const TraceStats stats = SmallRingStats();
  const nlohmann::json doc = nlohmann::json::parse(StatsToJson(stats, "f.json"));
  EXPECT_EQ(doc["file"], "f.json");
  EXPECT_EQ(doc["ranks"], 4);
  EXPECT_EQ(doc["steps"].size(), 6u);
  EXPECT_EQ(doc["steps"][2]["straggler_rank"], 2);
  EXPECT_EQ(doc["per_rank"].size(), 4u);
  EXPECT_EQ(doc["sizes"][0]["collective"], "allreduce");
  EXPECT_TRUE(doc["sizes"][0]["predicted_s"].is_number());
  EXPECT_EQ(doc["fits"].size(), 1u);
  EXPECT_EQ(doc["preset"]["name"], "delta-a100x4");
}

}  // namespace
}  // namespace collscope::trace

namespace collscope::trace {
namespace {

TEST(TraceStats, RecorderSummaryMeasurementDoesNotDoubleTheFitSamples) {
  Trace trace = testing::MakeRingTrace(4, 3, 1 << 20);
  Measurement summary;
  summary.collective = "allreduce";
  summary.bytes = 1 << 20;
  summary.ranks = 4;
  summary.time_us = 5;
  trace.measurements.push_back(summary);
  const TraceStats stats = ComputeStats(trace, "delta-a100x4");
  ASSERT_EQ(stats.fits.size(), 1u);
  EXPECT_EQ(stats.fits[0].samples, 3u);  // the three runs, not the summary
  EXPECT_EQ(stats.sizes.size(), 2u);     // both are still shown
}

}  // namespace
}  // namespace collscope::trace
