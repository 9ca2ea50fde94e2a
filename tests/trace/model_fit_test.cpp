// NCCL's model for traces: the machine a trace points to, NCCL's init table
// and TUNING choices taken from it, and stats' out-of-sample fit.
#include "trace/model_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "engine/nccl_p2p.h"
#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"
#include "trace/stats.h"

namespace collscope::trace {
namespace {

Trace FourH100s() {
  Trace trace;
  trace.meta.source = "nccl-tests";
  trace.meta.gpu = "NVIDIA H100 80GB HBM3";
  trace.meta.nccl_version = "2.29.2";
  for (int r = 0; r < 4; ++r) trace.ranks.push_back({r, "box", r});
  return trace;
}

TEST(ModelFit, MachineFactsComeFromMetaRanksHostsAndLinks) {
  Trace trace = FourH100s();
  trace.ranks.push_back({4, "other", 0});
  trace.topology.links.push_back({0, 4, "NET/IB/0/GDRDMA", 0});
  trace.topology.links.push_back({0, 1, "P2P/CUMEM", 0});
  engine::MachineFacts facts = MachineFactsOf(trace);
  EXPECT_EQ(facts.gpu, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(facts.ranks, 5);
  EXPECT_EQ(facts.nodes, 2);
  EXPECT_EQ(facts.nccl_version, "2.29.2");
  EXPECT_EQ(facts.transports.size(), 2u);
  trace.meta.SetExtraNumber("nodes", 3);  // the importer's count wins over hosts
  EXPECT_EQ(MachineFactsOf(trace).nodes, 3);
  EXPECT_EQ(facts.gpu_path_type, "");
  // A ring runs at its slowest hop: the slowest GPU pair NCCL found.
  trace.topology.gpu_paths.push_back({"box", "1000", "2000", 2, 360.0, "NVL"});
  trace.topology.gpu_paths.push_back({"box", "1000", "3000", 3, 24.0, "SYS"});
  trace.topology.gpu_paths.push_back({"box", "3000", "1000", 1, 80.0, "NVL"});
  facts = MachineFactsOf(trace);
  EXPECT_EQ(facts.gpu_path_type, "SYS");
  EXPECT_EQ(facts.gpu_path_hops, 3);
  EXPECT_DOUBLE_EQ(facts.gpu_path_bw, 24.0);
}

TEST(ModelFit, NcclsInitTableDecidesThePick) {
  Trace trace = FourH100s();
  TraceModel plain = NcclModelFor(trace);
  ASSERT_TRUE(plain.model);
  EXPECT_FALSE(plain.init_table);
  EXPECT_EQ(plain.model->Pick(engine::Collective::kAllReduce, 1e9)->algorithm,
            engine::NcclAlgorithm::kRing);
  // A log whose table gives NVLS the best bandwidth: NCCL picked NVLS.
  trace.tuning_table.push_back({"allreduce", "nvls", "SIMPLE", 25.0, 1000.0, 640});
  trace.tuning_table.push_back({"allreduce", "tree", "LL", 10.4, 43.6, 512});
  TraceModel logged = NcclModelFor(trace);
  EXPECT_TRUE(logged.init_table);
  EXPECT_EQ(logged.model->Pick(engine::Collective::kAllReduce, 1e9)->algorithm,
            engine::NcclAlgorithm::kNvls);
  // Pairs the table does not list were not available to NCCL (NCCL_ALGO).
  EXPECT_FALSE(logged.model->Time(engine::Collective::kAllReduce, engine::NcclAlgorithm::kRing,
                                  engine::NcclProtocol::kSimple, 1e9));
  EXPECT_EQ(logged.model->Pick(engine::Collective::kAllReduce, 8)->algorithm,
            engine::NcclAlgorithm::kTree);
}

TEST(ModelFit, TuningChoicesAreComparedCallByCall) {
  Trace trace = FourH100s();
  trace.tuning_choices.push_back({"allreduce", 268435456, "ring", "SIMPLE", 0, 23, 4});
  trace.tuning_choices.push_back({"allreduce", 8, "ring", "LL", 0, 0, 4});
  trace.tuning_choices.push_back({"allreduce", 8589934592, "tree", "SIMPLE", 0, 23, 4});
  TraceModel traced = NcclModelFor(trace);
  ChoiceAgreement agreement = CompareTuningChoices(*traced.model, trace);
  EXPECT_EQ(agreement.calls, 3u);
  EXPECT_EQ(agreement.matched, 2u);
  ASSERT_EQ(agreement.mismatches.size(), 1u);
  EXPECT_EQ(agreement.mismatches[0].nccl, "tree/SIMPLE");
  EXPECT_EQ(agreement.mismatches[0].model, "ring/SIMPLE");
}

TEST(ModelFit, StatsPriceMeasurementsWithNcclsModelOutOfSample) {
  Trace trace = FourH100s();
  // A run 10 % slower than the model in bandwidth, every size.
  TraceModel traced = NcclModelFor(trace);
  for (double bytes = 1 << 20; bytes <= (1 << 30); bytes *= 2) {
    const double t = traced.model->Pick(engine::Collective::kAllReduce, bytes)->time_s;
    Measurement m;
    m.collective = "allreduce";
    m.bytes = static_cast<std::int64_t>(bytes);
    m.ranks = 4;
    m.time_us = t * 1.1e6;
    trace.measurements.push_back(m);
  }
  // One size measured badly: its own fitted_s must not follow it.
  trace.measurements[5].time_us *= 2;
  TraceStats stats = ComputeStats(trace, DefaultPresetFor(trace));
  EXPECT_TRUE(stats.nccl.used);
  EXPECT_EQ(stats.nccl.fit_method, "leave-one-size-out");
  ASSERT_EQ(stats.sizes.size(), trace.measurements.size());
  for (std::size_t i = 0; i < stats.sizes.size(); ++i) {
    const SizeStats& size = stats.sizes[i];
    EXPECT_EQ(size.model, "nccl");
    EXPECT_EQ(size.fit, "leave-one-size-out");
    EXPECT_FALSE(size.nccl_choice.empty());
    ASSERT_TRUE(size.predicted_s && size.fitted_s);
  }
  const SizeStats& bad = stats.sizes[5];
  EXPECT_NEAR(*bad.fitted_s / (bad.time_s.median / 2), 1.0, 0.02);
  EXPECT_NE(StatsToJson(stats, "x").find("\"fit\":\"leave-one-size-out\""), std::string::npos);
}

// A real file's stats; nullopt without the corpus.
std::optional<TraceStats> RealStats(const char* relative) {
  std::optional<Trace> trace = testing::ImportRealFile(relative);
  if (!trace) return std::nullopt;
  return ComputeStats(*trace, DefaultPresetFor(*trace));
}

// The real 4x H100 run (waynehacking8, nccl-tests 2.18.3, NCCL 2.29.2):
// the targets for one node, sizes from 1 MiB.
TEST(ModelFit, RealFourH100RunMeetsTheTargets) {
  auto maybe = RealStats("nccl-tests/waynehacking8_4xH100_quiet_all_reduce.txt");
  if (!maybe) GTEST_SKIP() << "no realdata";
  const TraceStats& stats = *maybe;
  ASSERT_TRUE(stats.nccl.used);
  EXPECT_EQ(stats.nccl.sizes_compared, 14u);
  EXPECT_LT(stats.nccl.mean_error_model, 0.10);   // from the machine alone
  EXPECT_LT(stats.nccl.mean_error_fitted, 0.05);  // calibrated, out of sample
}

// 8x H100 one node (xxrjun, NCCL 2.29.2): all-reduce (NVLS), all-gather,
// reduce-scatter and all-to-all from the hgx-h100 machine alone.
TEST(ModelFit, RealEightH100RunMeetsTheMachineTarget) {
  auto stats =
      RealStats("nccl-tests/xxrjun-nccl-tests-cluster_H100x8_1node_5collectives_nccl2.29.2.log");
  if (!stats) GTEST_SKIP() << "no realdata";
  ASSERT_TRUE(stats->nccl.used);
  EXPECT_GE(stats->nccl.sizes_compared, 40u);
  EXPECT_LT(stats->nccl.mean_error_model, 0.10);
  EXPECT_LT(stats->nccl.mean_error_fitted, 0.05);
}

// The same run's all-to-all rows (32 MiB to 16 GiB) from the machine alone,
// the 10 %: NCCL's split of each send over channels, one NVLink per
// channel, one chunk's fill (engine/nccl_p2p.cpp).
TEST(ModelFit, RealEightH100AllToAllFromTheMachineAloneWithinTenPercent) {
  std::optional<Trace> loaded = testing::ImportRealFile(
      "nccl-tests/xxrjun-nccl-tests-cluster_H100x8_1node_5collectives_nccl2.29.2.log");
  if (!loaded) GTEST_SKIP() << "no realdata";
  auto machine = engine::MachineFromFacts(MachineFactsOf(*loaded));
  ASSERT_TRUE(machine);
  const engine::NcclModel model(*machine);
  double sum = 0;
  int count = 0;
  for (const engine::MeasuredCall& call : MeasuredCalls(*loaded)) {
    if (call.collective != engine::Collective::kAllToAll || call.bytes < (1 << 20)) continue;
    auto predicted = engine::PredictCollective(model, call.collective, call.bytes);
    ASSERT_TRUE(predicted) << call.bytes;
    sum += std::fabs(predicted->time_s - call.time_s) / call.time_s;
    ++count;
  }
  EXPECT_EQ(count, 10);
  EXPECT_LT(sum / count, 0.10);
}

// odissei's 2 nodes x 4 H100 (NCCL 2.22.3): a 4-GPU board, not an HGX-8.
// The log's transports go through IB devices 1 to 4 (NET/IB/1 ... NET/IB/4,
// PXN's NET/IB/2(0) too) and its init line says "0 nvls channels", so the
// machine has 4 NICs a node and no NVLS, and is no longer called hgx-h100.
// The log's init line reads "8 coll channels, 8 collnet channels, 0 nvls
// channels" and its rings "Channel 00/08": NCCL's search gives 8 on these
// 4 NICs only at 200 Gbit/s.
TEST(ModelFit, RealFourGpuH100NodesTakeTheirNicsNvlsAndNicRateFromTheLog) {
  std::optional<Trace> loaded = testing::ImportRealFile(
      "nccl-log/odissei-benchmarks_H100_2node_8rank_nccl2.22.3_IB_GDRDMA_PXN_all_reduce_mpi.log");
  if (!loaded) GTEST_SKIP() << "no realdata";
  const engine::MachineFacts facts = MachineFactsOf(*loaded);
  EXPECT_EQ(facts.nvls_channels, 0);
  EXPECT_EQ(facts.coll_channels, 8);
  auto machine = engine::MachineFromFacts(facts);
  ASSERT_TRUE(machine);
  EXPECT_EQ(machine->nodes, 2);
  EXPECT_EQ(machine->gpus_per_node, 4);
  EXPECT_EQ(machine->nics_per_node, 4);
  EXPECT_DOUBLE_EQ(machine->nic_bw, 25.0);
  EXPECT_FALSE(machine->nvls);
  EXPECT_EQ(machine->family, "");
}

// With a channel count the user set, the log's count names no NIC rate.
TEST(ModelFit, AChannelCountSetByTheUserIsNotReadAsTheMachines) {
  std::optional<Trace> loaded = testing::ImportRealFile(
      "nccl-log/odissei-benchmarks_H100_2node_8rank_nccl2.22.3_IB_GDRDMA_PXN_all_reduce_mpi.log");
  if (!loaded) GTEST_SKIP() << "no realdata";
  Trace trace = *loaded;
  trace.meta.SetExtraString("channels_set_by", "NCCL_MAX_NCHANNELS");
  const engine::MachineFacts facts = MachineFactsOf(trace);
  EXPECT_EQ(facts.coll_channels, 0);
  EXPECT_DOUBLE_EQ(engine::MachineFromFacts(facts)->nic_bw, 50.0);  // the HGX board's NDR
}

// The same nodes' all-gather, a ring only: its bus bandwidth is the ring's
// 4 channels of 24 GB/s (97.6 GB/s measured at 8 GiB), so the machine from
// the log alone is within the 10 %.
TEST(ModelFit, RealFourGpuH100NodesAllGatherFromTheLogAloneIsWithinTenPercent) {
  auto stats = RealStats("nccl-tests/odissei-benchmarks_H100_2node_8rank_all_gather_mpi_INFO.log");
  if (!stats) GTEST_SKIP() << "no realdata";
  ASSERT_TRUE(stats->nccl.used);
  EXPECT_LT(stats->nccl.mean_error_model, 0.10);
}

// 2x A100 PCIe on a 12-link NVLink bridge (Timez-zx, NCCL 2.27.7): the log's
// paths make it an NVLink pair, whose model gives NCCL's own init table
// (its "AllReduce | ... Ring ... 15.2/ 240.0" row).
TEST(ModelFit, RealBridgedA100PairIsPricedAsNvlink) {
  std::optional<Trace> loaded = testing::ImportRealFile(
      "nccl-tests/Timez-zx-nccl-tests_A100PCIe_x2_nccl2.27.7_DEBUG_ALL_rows_split_by_INFO.log");
  if (!loaded) GTEST_SKIP() << "no realdata";
  Trace trace = *loaded;
  trace.tuning_table.clear();  // the machine alone, not NCCL's table
  TraceModel alone = NcclModelFor(trace);
  ASSERT_TRUE(alone.model);
  EXPECT_NE(alone.machine.find("NVLink mesh 240 GB/s"), std::string::npos) << alone.machine;
  const auto cost = alone.model->Cost(engine::Collective::kAllReduce, engine::NcclAlgorithm::kRing,
                                      engine::NcclProtocol::kSimple);
  EXPECT_NEAR(cost.bandwidth_gbps, 240.0, 0.05);
  EXPECT_NEAR(cost.latency_us, 15.2, 0.05);
}

// 2 nodes x 4 A100 over Slingshot (ALCF Polaris): the machine is far off,
// the calibration out of sample is within the 10 % across nodes.
TEST(ModelFit, RealTwoNodeRunCalibratesWithinTenPercent) {
  auto stats = RealStats("nccl-tests/alcf_polaris_2x4xA100-SXM4-40GB_nccl2.18_all_reduce.dat");
  if (!stats) GTEST_SKIP() << "no realdata";
  ASSERT_TRUE(stats->nccl.used);
  EXPECT_LT(stats->nccl.mean_error_fitted, 0.10);
}

// NCCL's own TUNING lines: the pick it made for each call.
TEST(ModelFit, RealTuningLinesMatchTheModelsPicks) {
  for (const char* log : {"nccl-log/waynehacking8_h100x8box_g4_auto_tuning.log",
                          "nccl-log/waynehacking8_h100x8box_g6_Ring_tuning.log"}) {
    auto stats = RealStats(log);
    if (!stats) GTEST_SKIP() << "no realdata";
    ASSERT_TRUE(stats->nccl.choices) << log;
    EXPECT_GT(stats->nccl.choices->calls, 600u) << log;
    EXPECT_GE(stats->nccl.choices->Fraction(), 0.9) << log;
  }
}

}  // namespace
}  // namespace collscope::trace
