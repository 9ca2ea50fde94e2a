// NCCL's grouped point-to-point sends (all-to-all, scatter, gather,
// sendrecv): how NCCL splits a send over channels (src/enqueue.cc
// addP2pToPlan and scheduleP2pTasksToPlan, src/graph/paths.cc
// ncclTopoComputeP2pChannels, src/init.cc computeBuffSizes) and the price
// that follows. Expected numbers are worked out by hand from those rules.
#include <gtest/gtest.h>

#include "engine/nccl_p2p.h"
#include "tests/engine/hgx_h100.h"

namespace collscope::engine {
namespace {

constexpr double kMiB = 1 << 20;
constexpr double kKiB = 1 << 10;

// NCCL printed "24 coll channels, ..., 32 p2p channels, 32 p2p channels per
// peer" on the realdata runs: 4 and 6 GPUs of an 8x H100 box (NCCL 2.29.2,
// nccl-log/waynehacking8_*) and two A100s on a 12-link NVLink bridge (NCCL
// 2.27.7, nccl-tests/Timez-zx-*): 24 rounds up to 32, and 2 channels per
// NVLink (36 and 24) round up and are capped at 32.
TEST(NcclP2p, ChannelCountsAreTheOnesNcclPrinted) {
  Machine pair = *FindMachine("delta-a100x8");
  pair.gpus_per_node = 2;
  pair.nvlinks = 12;
  pair.nccl_minor = 27;
  for (const Machine& m : {HgxH100WithGpus(4), HgxH100WithGpus(6), pair}) {
    NcclModel model(m);
    ASSERT_EQ(model.graphs().comm_channels, 24) << m.Describe();
    const P2pPlan plan = PlanP2pSend(model, 64 * kMiB);
    EXPECT_EQ(plan.p2p_channels, 32) << m.Describe();
    EXPECT_EQ(plan.channels_per_peer, 32) << m.Describe();
    // "P2P Chunksize set to 524288" in both logs.
    EXPECT_EQ(plan.chunk_bytes, 512 * kKiB) << m.Describe();
  }
}

// scheduleP2pTasksToPlan halves nChannelsMin while nChannelsMin x nRanks >
// p2pnChannels; addP2pToPlan starts a send on min(nChannelsMin, bytes /
// (chunk / 8)) channels and doubles them while a part is over 32 chunks.
TEST(NcclP2p, ASendSpreadsOverMoreChannelsAsItGrows) {
  NcclModel eight(HgxH100WithGpus(8));
  EXPECT_EQ(PlanP2pSend(eight, 64 * kMiB).min_channels, 4);  // 4 x 8 = 32
  EXPECT_EQ(PlanP2pSend(NcclModel(HgxH100WithGpus(4)), 64 * kMiB).min_channels, 8);
  const std::pair<double, int> expected[] = {
      {16 * kKiB, 1},   {200 * kKiB, 4},  {64 * kMiB, 4},    {64 * kMiB + 1, 8}, {128 * kMiB, 8},
      {256 * kMiB, 16}, {512 * kMiB, 32}, {1024 * kMiB, 32}, {4096 * kMiB, 32}};
  for (const auto& [bytes, channels] : expected) {
    EXPECT_EQ(PlanP2pSend(eight, bytes).channels, channels) << bytes;
  }
}

// LL while a send carries at most P2P_LL_THRESHOLD (16384) bytes per channel.
TEST(NcclP2p, SmallSendsRunLl) {
  NcclModel eight(HgxH100WithGpus(8));
  EXPECT_EQ(PlanP2pSend(eight, 16 * kKiB).protocol, NcclProtocol::kLL);
  EXPECT_EQ(PlanP2pSend(eight, 16 * kKiB + 1).protocol, NcclProtocol::kSimple);
  // An LL step carries half of 512 x 8 lines of 16 bytes.
  EXPECT_EQ(PlanP2pSend(eight, 16 * kKiB).chunk_bytes, 32 * kKiB);

  // A 64 KiB all-to-all: 8 KiB per peer on one channel, LL. Ring/LL base
  // 6.6 us + NVLink hop 0.6 us + the block at half an NVLink (20.6 GB/s).
  const P2pCost cost = PriceP2p(eight, P2pPattern::kAllToAll, 64 * kKiB);
  EXPECT_EQ(cost.plan.protocol, NcclProtocol::kLL);
  const double channel_s = 8 * kKiB / 10.3e9;
  EXPECT_NEAR(cost.latency_us, 6.6 + 0.6 + channel_s * 1e6, 1e-9);
  EXPECT_NEAR(cost.bandwidth_s, channel_s, 1e-15);
  EXPECT_EQ(PredictCollective(eight, Collective::kAllToAll, 64 * kKiB)->protocol, "LL");
}

// One channel moves its part over one NVLink: a 64 MiB sendrecv on 4
// channels takes 16 MiB / 20.6 GB/s, four times what the pair's 18 links
// would allow, until the send has enough channels (512 MiB: 32).
TEST(NcclP2p, OneChannelMovesItsPartOverOneLink) {
  NcclModel eight(HgxH100WithGpus(8));
  const P2pCost cost = PriceP2p(eight, P2pPattern::kSendRecv, 64 * kMiB);
  EXPECT_EQ(cost.plan.channels, 4);
  EXPECT_NEAR(cost.bandwidth_s, 16 * kMiB / 20.6e9, 1e-12);
  // Ring/Simple base 8.4 + NVLink hop 3.4, and one 512 KiB chunk's fill.
  EXPECT_NEAR(cost.latency_us, 8.4 + 3.4 + 512 * kKiB / 20.6e9 * 1e6, 1e-9);
  const P2pCost big = PriceP2p(eight, P2pPattern::kSendRecv, 512 * kMiB);
  EXPECT_EQ(big.plan.channels, 32);
  EXPECT_NEAR(big.bandwidth_s, 512 * kMiB / (18 * 20.6e9), 1e-12);
}

// Across nodes: comm->p2pChunkSize is P2P_NET_CHUNKSIZE (128 KiB), cut to a
// quarter below one chunk and to a half below eight ("Tune chunk size for
// the network"); a network peer gets 2 channels, as NCCL 2.22.3 printed on
// the realdata odissei 2 x 4 H100 run ("2 p2p channels per peer").
TEST(NcclP2p, AcrossNodesSendsUseTheNetworkChunk) {
  NcclModel two(*FindMachine("hgx-h100:2"));
  EXPECT_EQ(PlanP2pSend(two, 1 * kMiB).channels_per_peer, 2);
  EXPECT_EQ(PlanP2pSend(two, 64 * kKiB).chunk_bytes, 32 * kKiB);
  EXPECT_EQ(PlanP2pSend(two, 512 * kKiB).chunk_bytes, 64 * kKiB);
  EXPECT_EQ(PlanP2pSend(two, 1 * kMiB).chunk_bytes, 128 * kKiB);
  EXPECT_EQ(PlanP2pSend(two, 1 * kMiB).channels, 2);
}

}  // namespace
}  // namespace collscope::engine
