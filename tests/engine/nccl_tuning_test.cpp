// NCCL's tuning constants as collscope carries them, against the values in
// NVIDIA/nccl src/graph/tuning.cc at the commits nccl_tuning.cpp cites.
#include <gtest/gtest.h>

#include "engine/nccl_tuning.h"

namespace collscope::engine {
namespace {

constexpr int kTree = 0, kRing = 1, kCollNetDirect = 2, kCollNetChain = 3, kNvls = 4, kNvlsTree = 5,
              kPat = 6;
constexpr int kLL = 0, kLL128 = 1, kSimple = 2;
constexpr int kNvlink = 0, kPci = 1, kNet = 2;
constexpr int kVolta = 0, kAmpere = 1, kHopper = 2, kBlackwell = 3;

TEST(NcclTuning, ReleasesMapToTheTableReadForThem) {
  EXPECT_EQ(NcclTuningFor(18).first_minor, 20);  // older releases use the oldest table
  EXPECT_EQ(NcclTuningFor(20).first_minor, 20);
  EXPECT_EQ(NcclTuningFor(21).first_minor, 21);
  EXPECT_EQ(NcclTuningFor(22).first_minor, 21);
  EXPECT_EQ(NcclTuningFor(23).first_minor, 23);
  EXPECT_EQ(NcclTuningFor(25).first_minor, 23);
  EXPECT_EQ(NcclTuningFor(26).first_minor, 23);
  EXPECT_EQ(NcclTuningFor(27).first_minor, 27);
  EXPECT_EQ(NcclTuningFor(29).first_minor, 27);
  EXPECT_EQ(&DefaultNcclTuning(), &NcclTunings().back());
}

// v2.29.2 (ebd1e929) ncclTunerConstantsDefaults.
TEST(NcclTuning, Release229ConstantsMatchTuningCc) {
  const NcclTuning& t = NcclTuningFor(29);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kTree][kLL], 6.8);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kTree][kSimple], 8.4);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kRing][kLL], 6.6);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kRing][kLL128], 14.0);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kPat][kSimple], 8.0);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kNvls][kSimple], 0.0);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kTree][kLL128], 1.25);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kTree][kSimple], 4.0);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kRing][kSimple], 3.4);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kCollNetDirect][kSimple], 3.7);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kCollNetChain][kSimple], 2.8);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kNvls][kSimple], 25);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kPci][kRing][kSimple], 5.7);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kPci][kPat][kSimple], 4.0);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kTree][kSimple], 14);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kRing][kLL], 2.7);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kCollNetDirect][kSimple], 31);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kNvlsTree][kSimple], 20.9);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kPat][kSimple], 14);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kVolta][2], 20.4);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kAmpere][0], 87.7);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kAmpere][1], 22.5);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][0], 141.0);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][2], 35.0);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kBlackwell][1], 90.0);
  EXPECT_DOUBLE_EQ(t.per_channel_max_ring_ll128_bw[kHopper][0], 36.7);
  EXPECT_DOUBLE_EQ(t.per_channel_max_ring_ll128_bw[kBlackwell][1], 34.6);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_ll128_bw[kHopper][2], 29.0);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_ll128_bw[kBlackwell][1], 31.67);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_bw[kAmpere][0], 24.0);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_bw[kHopper][1], 41.4);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_bw[kBlackwell][0], 70.0);
  EXPECT_DOUBLE_EQ(t.per_channel_max_nvls_tree_bw[kHopper][1], 57.7);
  EXPECT_DOUBLE_EQ(t.per_channel_max_nvls_tree_bw[kBlackwell][2], 43.8);
  EXPECT_TRUE(t.nvls_efficiency_model);
  EXPECT_DOUBLE_EQ(t.nvls_efficiency[kAmpere], 0.0);
  EXPECT_DOUBLE_EQ(t.nvls_efficiency[kHopper], 0.85);
  EXPECT_DOUBLE_EQ(t.nvls_efficiency[kBlackwell], 0.74);
  // treeCorrectionFactor: the LL dip to .4 at 256 KiB and 512 KiB
  // (log2(bytes/64) = 12, 13), Simple's .5 plateau from 128 KiB.
  EXPECT_DOUBLE_EQ(t.tree_correction[kLL][12], .4);
  EXPECT_DOUBLE_EQ(t.tree_correction[kLL][13], .4);
  EXPECT_DOUBLE_EQ(t.tree_correction[kLL128][0], 1.0);
  EXPECT_DOUBLE_EQ(t.tree_correction[kSimple][11], .5);
  EXPECT_DOUBLE_EQ(t.tree_correction[kSimple][22], .9);
  EXPECT_EQ(t.tree_correction_sizes, 23);
}

// v2.25.1 (80f6bda4): Hopper rows already 2.2x-style, no NVLS efficiency,
// NVLS Tree's network latency still 14.
TEST(NcclTuning, Release225ConstantsMatchTuningCc) {
  const NcclTuning& t = NcclTuningFor(25);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kTree][kSimple], 8.4);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kNvlsTree][kSimple], 14);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][0], 141.0);
  EXPECT_DOUBLE_EQ(t.per_channel_max_ring_ll128_bw[kBlackwell][0], 2 * 36.7);
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_bw[kBlackwell][2], 2 * 36.0);
  EXPECT_FALSE(t.nvls_efficiency_model);
  EXPECT_TRUE(t.nvls_ratio_five_sixths);
  EXPECT_TRUE(t.ring_ll_half);
  EXPECT_TRUE(t.has_pat);
}

// v2.22.3 (178b6b75; v2.21.5 ab2b89c4 the same): Hopper's own llMaxBws row
// and NVLS's 25 us hop, ring LL at half the bus bandwidth; Tree/Simple and
// the other formulas still v2.20.3's.
TEST(NcclTuning, Release221ConstantsMatchTuningCc) {
  const NcclTuning& t = NcclTuningFor(22);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][0], 141.0);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][1], 45.0);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][2], 35.0);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kAmpere][0], 87.7);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kNvls][kSimple], 25);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kNvlsTree][kSimple], 25);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kNvls][kSimple], 18);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kTree][kSimple], 0);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kTree][kSimple], 28);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kTree][kSimple], 28);
  EXPECT_TRUE(t.ring_ll_half);
  EXPECT_TRUE(t.ll128_one_gpu_per_node_discount);
  EXPECT_FALSE(t.allreduce_inter_steps_minus_one);
  EXPECT_FALSE(t.tree_refinement_allreduce_only);
  EXPECT_TRUE(t.nvls_ratio_five_sixths);
  EXPECT_FALSE(t.skip_ratio_for_non_ring_allgather);
  EXPECT_FALSE(t.has_pat);
}

// v2.20.3 (b6475625): the older formulas and Tree/Simple's 28 us hop.
TEST(NcclTuning, Release220ConstantsMatchTuningCc) {
  const NcclTuning& t = NcclTuningFor(20);
  EXPECT_DOUBLE_EQ(t.base_latency_us[kTree][kSimple], 0);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kTree][kSimple], 28);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNvlink][kNvls][kSimple], 23);
  EXPECT_DOUBLE_EQ(t.hw_latency_us[kNet][kNvlsTree][kSimple], 14);
  EXPECT_DOUBLE_EQ(t.ll_max_bw[kHopper][0], 87.7);  // Hopper still read Ampere's numbers
  EXPECT_DOUBLE_EQ(t.per_channel_max_tree_bw[kHopper][0], 38.7);
  EXPECT_FALSE(t.ring_ll_half);
  EXPECT_TRUE(t.ll128_one_gpu_per_node_discount);
  EXPECT_FALSE(t.allreduce_inter_steps_minus_one);
  EXPECT_FALSE(t.has_pat);
}

TEST(NcclTuning, NamesRoundTripInNcclsSpellings) {
  for (int a = 0; a < kNcclAlgorithms; ++a) {
    auto algorithm = static_cast<NcclAlgorithm>(a);
    EXPECT_EQ(ParseNcclAlgorithm(NcclAlgorithmName(algorithm)), algorithm);
  }
  EXPECT_EQ(ParseNcclAlgorithm("RING"), NcclAlgorithm::kRing);
  EXPECT_EQ(ParseNcclAlgorithm("NVLS_TREE"), NcclAlgorithm::kNvlsTree);
  EXPECT_EQ(ParseNcclAlgorithm("CollNetDirect"), NcclAlgorithm::kCollNetDirect);
  EXPECT_EQ(ParseNcclProtocol("SIMPLE"), NcclProtocol::kSimple);
  EXPECT_EQ(ParseNcclProtocol("ll128"), NcclProtocol::kLL128);
  EXPECT_FALSE(ParseNcclAlgorithm("butterfly"));
  EXPECT_FALSE(ParseNcclProtocol("LL64"));
}

}  // namespace
}  // namespace collscope::engine
