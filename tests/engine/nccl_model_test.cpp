// NCCL's model against the init tables NCCL itself printed on real machines
// (NCCL_DEBUG_SUBSYS=TUNING, "latency/bandwidth" per collective x algorithm
// x protocol) in the real-file corpus (COLLSCOPE_REALDATA), and its pick at the crossovers.
#include <gtest/gtest.h>

#include "engine/nccl_model.h"
#include "tests/engine/hgx_h100.h"

namespace collscope::engine {
namespace {

using A = NcclAlgorithm;
using P = NcclProtocol;

// NCCL prints "%8.1f/%6.1f": one decimal.
void ExpectCost(const NcclModel& model, Collective c, A a, P p, double latency_us,
                double bandwidth_gbps) {
  NcclCost cost = model.Cost(c, a, p);
  EXPECT_NEAR(cost.latency_us, latency_us, 0.051)
      << CollectiveName(c) << " " << NcclAlgorithmName(a) << "/" << NcclProtocolName(p);
  EXPECT_NEAR(cost.bandwidth_gbps, bandwidth_gbps, 0.051)
      << CollectiveName(c) << " " << NcclAlgorithmName(a) << "/" << NcclProtocolName(p);
}

// realdata nccl-log/waynehacking8_h100x8box_g4_auto_tuning.log: 4 GPUs of
// an 8x H100 80GB HBM3 NVSwitch box, NCCL 2.29.2.
TEST(NcclModel, FourH100sReproduceNcclsInitTable) {
  NcclModel model(HgxH100WithGpus(4));
  const auto ar = Collective::kAllReduce;
  ExpectCost(model, ar, A::kTree, P::kLL, 10.4, 43.6);
  ExpectCost(model, ar, A::kTree, P::kLL128, 21.5, 128.8);
  ExpectCost(model, ar, A::kTree, P::kSimple, 32.4, 165.6);
  ExpectCost(model, ar, A::kRing, P::kLL, 10.2, 94.0);
  ExpectCost(model, ar, A::kRing, P::kLL128, 25.4, 220.8);
  ExpectCost(model, ar, A::kRing, P::kSimple, 28.8, 240.0);
  ExpectCost(model, ar, A::kCollNetDirect, P::kLL, 2.4, 0.0);
  ExpectCost(model, ar, A::kCollNetDirect, P::kSimple, 40.8, 0.0);
  ExpectCost(model, ar, A::kCollNetChain, P::kSimple, 46.8, 0.0);
  ExpectCost(model, ar, A::kNvls, P::kSimple, 25.0, 160.0);
  ExpectCost(model, ar, A::kNvlsTree, P::kSimple, 25.0, 0.0);
  for (Collective c : {Collective::kAllGather, Collective::kReduceScatter}) {
    ExpectCost(model, c, A::kRing, P::kLL, 8.4, 188.0);
    ExpectCost(model, c, A::kRing, P::kLL128, 19.7, 441.6);
    ExpectCost(model, c, A::kRing, P::kSimple, 18.6, 480.0);
    ExpectCost(model, c, A::kCollNetDirect, P::kSimple, 40.8, 0.0);
    ExpectCost(model, c, A::kNvls, P::kSimple, 25.0, 114.8);
  }
  for (Collective c : {Collective::kBroadcast, Collective::kReduce}) {
    ExpectCost(model, c, A::kRing, P::kLL, 7.2, 141.0);
    ExpectCost(model, c, A::kRing, P::kLL128, 15.9, 331.2);
    ExpectCost(model, c, A::kRing, P::kSimple, 11.8, 360.0);
    ExpectCost(model, c, A::kTree, P::kSimple, 0.0, 0.0);
  }
}

// realdata nccl-log/waynehacking8_h100x8box_g6_Ring_tuning.log: 6 GPUs,
// NCCL_ALGO=Ring, so NCCL zeroed every other algorithm's bandwidth.
TEST(NcclModel, SixH100sReproduceNcclsRingTable) {
  NcclModel model(HgxH100WithGpus(6));
  const auto ar = Collective::kAllReduce;
  ExpectCost(model, ar, A::kRing, P::kLL, 12.6, 84.6);
  ExpectCost(model, ar, A::kRing, P::kLL128, 33.0, 198.7);
  ExpectCost(model, ar, A::kRing, P::kSimple, 42.4, 216.0);
  EXPECT_NEAR(model.Cost(ar, A::kTree, P::kLL).latency_us, 12.8, 0.051);
  EXPECT_NEAR(model.Cost(ar, A::kTree, P::kLL128).latency_us, 26.5, 0.051);
  EXPECT_NEAR(model.Cost(ar, A::kTree, P::kSimple).latency_us, 48.4, 0.051);
  EXPECT_NEAR(model.Cost(ar, A::kCollNetChain, P::kSimple).latency_us, 58.0, 0.051);
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kLL, 9.6, 169.2);
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kLL128, 23.5, 397.4);
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kSimple, 25.4, 432.0);
  ExpectCost(model, Collective::kAllGather, A::kCollNetDirect, P::kSimple, 42.4, 0.0);

  model.Restrict({A::kRing}, {});
  for (double bytes : {8.0, 65536.0, 268435456.0, 8589934592.0}) {
    EXPECT_EQ(model.Pick(ar, bytes)->algorithm, A::kRing) << bytes;
  }
}

// realdata nccl-tests/Timez-zx-...A100PCIe_x2_nccl2.27.7...: two A100s on a
// 12-link NVLink bridge, NCCL 2.27.7: the two-GPU tree gets twice the
// ring's per-channel speed.
TEST(NcclModel, TwoNvlinkedA100sReproduceNccl227Table) {
  Machine m = *FindMachine("delta-a100x8");
  m.gpus_per_node = 2;
  m.nccl_minor = 27;
  NcclModel model(m);
  const auto ar = Collective::kAllReduce;
  ExpectCost(model, ar, A::kTree, P::kLL, 8.0, 37.9);
  ExpectCost(model, ar, A::kTree, P::kLL128, 16.5, 112.0);
  ExpectCost(model, ar, A::kTree, P::kSimple, 16.4, 144.0);
  ExpectCost(model, ar, A::kRing, P::kLL, 7.8, 87.7);
  ExpectCost(model, ar, A::kRing, P::kLL128, 17.8, 220.8);
  ExpectCost(model, ar, A::kRing, P::kSimple, 15.2, 240.0);
  ExpectCost(model, ar, A::kCollNetDirect, P::kLL, 0.8, 0.0);
  ExpectCost(model, ar, A::kCollNetDirect, P::kSimple, 39.2, 0.0);
  ExpectCost(model, ar, A::kCollNetChain, P::kSimple, 35.6, 0.0);
  ExpectCost(model, ar, A::kNvls, P::kSimple, 0.0, 0.0);  // Ampere: no NVLS graph
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kLL, 7.2, 175.4);
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kLL128, 15.9, 441.6);
  ExpectCost(model, Collective::kAllGather, A::kRing, P::kSimple, 11.8, 480.0);
  ExpectCost(model, Collective::kBroadcast, A::kRing, P::kSimple, 11.8, 240.0);
}

// The g4 log's TUNING lines: every call from 256 MiB to 8 GiB ran
// "Algo RING proto SIMPLE channel{Lo..Hi}={0..23}".
TEST(NcclModel, FourH100sPickRingSimpleOnAllChannelsForLargeAllReduce) {
  NcclModel model(HgxH100WithGpus(4));
  for (double bytes = 268435456; bytes <= 8589934592; bytes *= 2) {
    auto choice = model.Pick(Collective::kAllReduce, bytes);
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->algorithm, A::kRing) << bytes;
    EXPECT_EQ(choice->protocol, P::kSimple) << bytes;
    EXPECT_EQ(choice->channels, 24) << bytes;
  }
}

TEST(NcclModel, TimeIsLatencyPlusBytesOverAlgorithmBandwidth) {
  NcclModel model(HgxH100WithGpus(4));
  // Ring/Simple: 28.8 us + n / (1000 x 240 GB/s) in microseconds.
  const double bytes = 1 << 30;
  EXPECT_NEAR(*model.Time(Collective::kAllReduce, A::kRing, P::kSimple, bytes),
              (28.8 + bytes / (1000 * 240.0)) * 1e-6, 1e-12);
  // Tree/LL at 256 KiB: log2(256 KiB / 64) = 12, treeCorrectionFactor .4;
  // its bandwidth is 360 GB/s x .92 / 3.8 x 0.5.
  const double tree_ll_bw = 360 * .92 / 3.8 * .5;
  EXPECT_NEAR(*model.Time(Collective::kAllReduce, A::kTree, P::kLL, 262144),
              (10.4 + 262144 / (1000 * tree_ll_bw * .4)) * 1e-6, 1e-12);
  EXPECT_FALSE(model.Time(Collective::kAllReduce, A::kCollNetDirect, P::kSimple, bytes));
  EXPECT_FALSE(model.Time(Collective::kAllToAll, A::kRing, P::kSimple, bytes));
}

// At each crossover the two picks' times cross: the one before is faster
// (or as fast) a byte below, the one after strictly faster at it.
TEST(NcclModel, PickChangesExactlyAtTheCrossovers) {
  for (int gpus : {4, 8}) {
    NcclModel model(HgxH100WithGpus(gpus));
    auto crossovers = model.Crossovers(Collective::kAllReduce, 1, 16e9);
    ASSERT_FALSE(crossovers.empty()) << gpus;
    for (const NcclCrossover& x : crossovers) {
      auto before = model.Pick(Collective::kAllReduce, x.bytes - 1);
      auto at = model.Pick(Collective::kAllReduce, x.bytes);
      ASSERT_TRUE(before && at);
      EXPECT_EQ(before->algorithm, x.before.algorithm);
      EXPECT_EQ(before->protocol, x.before.protocol);
      EXPECT_EQ(at->algorithm, x.after.algorithm);
      EXPECT_EQ(at->protocol, x.after.protocol);
      EXPECT_FALSE(before->algorithm == at->algorithm && before->protocol == at->protocol);
    }
    // Small calls are latency-bound (LL), the largest bandwidth-bound.
    EXPECT_EQ(model.Pick(Collective::kAllReduce, 8)->protocol, P::kLL);
    EXPECT_EQ(model.Pick(Collective::kAllReduce, 16e9)->protocol, P::kSimple);
  }
  // 8x H100: NVLink SHARP carries large allreduce (272 GB/s against the
  // ring's 205.7), 4x H100 keeps the ring (160 against 240).
  EXPECT_EQ(NcclModel(HgxH100WithGpus(8)).Pick(Collective::kAllReduce, 1e9)->algorithm, A::kNvls);
  EXPECT_EQ(NcclModel(HgxH100WithGpus(4)).Pick(Collective::kAllReduce, 1e9)->algorithm, A::kRing);
}

TEST(NcclModel, ChannelsShrinkForSmallCallsAsTopoGetAlgoInfoDoes) {
  NcclModel model(HgxH100WithGpus(4));
  // Ring/LL: 512 threads x (8 x 4 ranks) bytes per channel.
  EXPECT_EQ(model.Channels(A::kRing, P::kLL, 8), 1);
  EXPECT_EQ(model.Channels(A::kRing, P::kLL, 16384 * 4), 4);
  EXPECT_EQ(model.Channels(A::kRing, P::kLL, 16384 * 24), 24);
  // Simple: 512 threads x 64 bytes = 32 KiB per channel.
  EXPECT_EQ(model.Channels(A::kRing, P::kSimple, 32768 * 10), 10);
  EXPECT_EQ(model.Channels(A::kNvls, P::kSimple, 8), 16);  // NVLS_NCHANNELS
}

TEST(NcclModel, MultiNodeRingSimpleAllReducePaysThePlateau) {
  Machine m = HgxH100WithGpus(8);
  m.nodes = 2;
  NcclModel model(m);
  const NcclCost cost = model.Cost(Collective::kAllReduce, A::kRing, P::kSimple);
  // "Plateau effect of ring": latency x 1.4 on SM80+ past 64 B per rank per channel.
  const double bytes = 1e9;
  const double bw_us = bytes / (1000 * cost.bandwidth_gbps);
  EXPECT_NEAR(*model.Time(Collective::kAllReduce, A::kRing, P::kSimple, bytes),
              (cost.latency_us * 1.4 + bw_us) * 1e-6, 1e-12);
  // Across nodes NVLS needs SHARP, which the preset does not enable.
  EXPECT_EQ(cost.latency_us > 0, true);
  EXPECT_FALSE(model.Time(Collective::kAllReduce, A::kNvls, P::kSimple, bytes));
}

}  // namespace
}  // namespace collscope::engine
