#include "engine/nccl_p2p.h"

#include <algorithm>
#include <cmath>

namespace collscope::engine {
namespace {

constexpr int kRing = static_cast<int>(NcclAlgorithm::kRing);

// Constants of NCCL's p2p path. Sources, NVIDIA/nccl read with the search
// tool: src/include/device.h (MAXCHANNELS, NCCL_STEPS, the LL line);
// src/init.cc computeBuffSizes (the chunk sizes, the same in every stored
// version read); src/enqueue.cc addP2pToPlan and scheduleP2pTasksToPlan as
// in the newest stored file (it has p2pEpoch and includes rma/rma.h; the
// file names no release, collscope takes it for the one NCCL 2.29.2 runs);
// src/graph/paths.cc at commit 04cdb808
// (ncclTopoGetNchannels, ncclTopoComputeP2pChannels). Older enqueue.cc
// files (e.g. commit 01e6dd91) compare LL's threshold with nChannelsMax
// (p2pnChannelsPerPeer) x 16384 before choosing the channels; collscope
// uses the newer rule for every release, which differs below 1 MiB only.
//
// device.h MAXCHANNELS 64: paths.cc's MAX_P2P_NCHANNELS default.
constexpr int kMaxChannels = 64;
// device.h NCCL_MAX_DEV_WORK_P2P_PER_BATCH: p2p operations one channel runs at once.
constexpr int kMaxP2pPerBatch = 8;
// init.cc NCCL_P2P_NET_CHUNKSIZE and NCCL_P2P_PCI_CHUNKSIZE (1 << 17, "128 kB"),
// NCCL_P2P_NVL_CHUNKSIZE (1 << 19, "512 kB"): comm->p2pChunkSize for
// several nodes, one node all NVLink, one node otherwise.
constexpr double kP2pNetChunk = 1 << 17;
constexpr double kP2pPciChunk = 1 << 17;
constexpr double kP2pNvlChunk = 1 << 19;
// enqueue.cc NCCL_PARAM(P2pLLThreshold, "P2P_LL_THRESHOLD", 16384): a send
// runs LL while it carries at most this many bytes per channel.
constexpr long long kP2pLLThreshold = 16384;
// init.cc DEFAULT_LL_BUFFSIZE: NCCL_LL_LINES_PER_THREAD (8) x
// NCCL_LL_MAX_NTHREADS (512) x NCCL_STEPS (8) x sizeof(ncclLLFifoLine) (16);
// one step is an NCCL_STEPS-th of it, and half of each line is flags
// (addP2pToPlan: "chunkDataSize /= 2" for LL).
constexpr int kNcclSteps = 8;
constexpr double kLLStepDataBytes = 8.0 * 512 * kNcclSteps * 16 / kNcclSteps / 2;

// Seconds for `bytes` on `bw` GB/s.
double Seconds(double bytes, double bw) { return bw > 0 ? bytes / (bw * 1e9) : 0; }

int Pow2Up(int x) {
  int p = 1;
  while (p < x) p *= 2;
  return p;
}

long long DivUp(long long a, long long b) { return (a + b - 1) / b; }

// A GPU's bandwidth out of the node: its PCIe link to the NIC, or its share
// of the node's NICs.
double NetBwPerGpu(const Machine& m) {
  const double share = m.nics_per_node * m.nic_bw / std::max(1, m.gpus_per_node);
  return std::min(m.pci_bw, share > 0 ? share : m.pci_bw);
}

// Bytes `peers` blocks take over a GPU's intra-node links: on NVSwitch and
// PCIe all peers share them; in a mesh each peer has its own.
double IntraSeconds(const Machine& m, int peers, double block) {
  if (peers <= 0) return 0;
  if (m.link == IntraNodeLink::kNvLinkMesh) return Seconds(block, m.PairLinkBw());
  return Seconds(peers * block, m.GpuLinkBw());
}

bool NvlinkWithin(const Machine& m) { return m.link != IntraNodeLink::kPcie && m.nvlink_bw > 0; }

// What one channel (one thread block) moves per second: collscope's
// assumption of one link of the class the send crosses (ncclTopoNVLinkBw:
// SM80_NVLINK_BW 20, SM90_NVLINK_BW 20.6 GB/s; the PCIe link; the GPU's
// NIC share). NCCL gives a peer two channels per NVLink (paths.cc, below),
// so it never counts on a channel doing more. The realdata 8x H100 run's
// sendrecv rows show it: 64 MiB on 4 channels in 820 us, 20.5 GB/s each.
double ChannelBw(const Machine& m) {
  if (m.gpus_per_node > 1) return NvlinkWithin(m) ? m.nvlink_bw : m.pci_bw;
  return NetBwPerGpu(m);
}

// paths.cc ncclTopoGetNchannels, the channels for one peer: inside the
// node "2*std::max(1, (int)(path->bw / nvlBw))" over NVLink (path->bw is
// the pair's links; NVSwitch: all the GPU's links), 2 otherwise; across
// nodes 2 per NIC, halved while "nChannelsMax*comm->nRanks >
// comm->p2pnChannels*4" (the rule of the 2.2x paths.cc; NCCL 2.22.3 printed
// "2 p2p channels per peer" on the realdata odissei 2 x 4 H100 run).
int PeerChannels(const Machine& m, int p2p_channels) {
  int channels = kMaxChannels;
  if (m.gpus_per_node > 1) channels = NvlinkWithin(m) ? 2 * std::max(1, m.nvlinks) : 2;
  if (m.nodes > 1) {
    int net = 2;
    while (net * m.Ranks() > p2p_channels * 4 && net > 1) net /= 2;
    channels = std::min(channels, net);
  }
  return channels;
}

}  // namespace

P2pPlan PlanP2pSend(const NcclModel& model, double send_bytes) {
  const Machine& m = model.machine();
  const int ranks = m.Ranks();
  P2pPlan plan;
  // ncclTopoComputeP2pChannels: min(comm->nChannels, MAX_P2P_NCHANNELS),
  // then "Make nChannelsPerPeer and nChannels powers of 2".
  plan.p2p_channels = Pow2Up(std::clamp(model.graphs().comm_channels, 1, kMaxChannels));
  int per_peer = Pow2Up(PeerChannels(m, plan.p2p_channels));
  if (m.nodes > 1) {
    // "Reduce the number of channels per host to avoid going above
    // p2pnChannels to fit all the peers within a single round."
    while (per_peer * DivUp(ranks, kMaxP2pPerBatch) > plan.p2p_channels && per_peer > 1) {
      per_peer /= 2;
    }
  } else {
    per_peer = std::min(plan.p2p_channels, per_peer);
  }
  plan.channels_per_peer = per_peer;
  // scheduleP2pTasksToPlan: "Try to use all channels, but one channel per operation."
  int min_channels = per_peer;
  while (min_channels * ranks > plan.p2p_channels && min_channels > 1) min_channels /= 2;
  plan.min_channels = min_channels;

  // addP2pToPlan: channels from the Simple step size, then LL if each
  // channel carries at most P2P_LL_THRESHOLD bytes.
  const double step = m.nodes > 1 ? kP2pNetChunk : NvlinkWithin(m) ? kP2pNvlChunk : kP2pPciChunk;
  const auto bytes = static_cast<long long>(std::max(0.0, std::round(send_bytes)));
  const auto step_bytes = static_cast<long long>(step);
  int channels = 1;
  if (bytes > 0) {
    const long long min_part = m.nodes > 1 ? step_bytes / 2 : step_bytes / 8;
    const long long max_part = m.nodes > 1 ? step_bytes : step_bytes * 32;
    channels = static_cast<int>(std::min<long long>(min_channels, DivUp(bytes, min_part)));
    long long part = std::max(min_part, DivUp(bytes, channels));
    while (part > max_part && channels <= per_peer / 2) {
      channels *= 2;
      part = DivUp(bytes, channels);
    }
  }
  plan.channels = channels;
  plan.protocol = bytes <= channels * kP2pLLThreshold ? NcclProtocol::kLL : NcclProtocol::kSimple;
  if (plan.protocol == NcclProtocol::kLL) {
    plan.chunk_bytes = kLLStepDataBytes;
  } else {
    plan.chunk_bytes = step;
    // "Tune chunk size for the network"
    if (m.nodes > 1) {
      if (bytes < step_bytes) {
        plan.chunk_bytes /= 4;
      } else if (bytes < 8 * step_bytes) {
        plan.chunk_bytes /= 2;
      }
    }
  }
  return plan;
}

std::optional<P2pPattern> P2pPatternFor(Collective collective) {
  switch (collective) {
    case Collective::kAllToAll:
      return P2pPattern::kAllToAll;
    case Collective::kScatter:
      return P2pPattern::kScatter;
    case Collective::kGather:
      return P2pPattern::kGather;
    default:
      return std::nullopt;
  }
}

P2pCost PriceP2p(const NcclModel& model, P2pPattern pattern, double bytes) {
  const Machine& m = model.machine();
  const NcclTuning& t = model.tuning();
  const int ranks = m.Ranks();
  P2pCost cost;
  if (ranks <= 1 || bytes <= 0) return cost;
  const int local = m.gpus_per_node;
  const int remote = ranks - local;
  const double block = pattern == P2pPattern::kSendRecv ? bytes : bytes / ranks;
  cost.plan = PlanP2pSend(model, block);
  const int proto = static_cast<int>(cost.plan.protocol);
  const bool ll = cost.plan.protocol == NcclProtocol::kLL;

  // One send's latency: tuning.cc's Ring base and one hop of the link class
  // it crosses, for the protocol it runs, with the network overhead
  // getNetOverhead adds (x3 for Simple) when it leaves the node.
  const NcclLinkClass intra =
      m.link == IntraNodeLink::kPcie ? NcclLinkClass::kPci : NcclLinkClass::kNvlink;
  double hop = t.hw_latency_us[static_cast<int>(intra)][kRing][proto];
  if (m.nodes > 1) {
    hop = t.hw_latency_us[static_cast<int>(NcclLinkClass::kNet)][kRing][proto] +
          (m.amd_cpu ? 2.0 : 1.0) * (ll ? 1 : 3) + m.nic_latency_us;
  }
  cost.latency_us = t.base_latency_us[kRing][proto] + hop;

  // LL's lines are half flags: the links carry twice the data.
  const double wire = ll ? 2.0 : 1.0;
  switch (pattern) {
    case P2pPattern::kAllToAll: {
      // Every rank sends one block to each peer at once.
      const double node_out =
          Seconds(static_cast<double>(local) * remote * block, m.nics_per_node * m.nic_bw);
      cost.bandwidth_s =
          std::max({IntraSeconds(m, local - 1, block), Seconds(remote * block, NetBwPerGpu(m)),
                    m.nics_per_node > 0 ? node_out : 0.0});
      break;
    }
    case P2pPattern::kScatter:
    case P2pPattern::kGather:
      // The root's links carry every block.
      cost.bandwidth_s = std::max(IntraSeconds(m, local - 1, block),
                                  Seconds(remote * block, std::min(m.pci_bw, m.nic_bw)));
      break;
    case P2pPattern::kSendRecv:
      // Each rank sends to the next: within a node over one pair's link,
      // and at each node's edge over one NIC.
      cost.bandwidth_s = std::max(local > 1 ? Seconds(block, m.PairLinkBw()) : 0.0,
                                  m.nodes > 1 ? Seconds(block, std::min(m.pci_bw, m.nic_bw)) : 0.0);
      break;
  }
  // One channel carries a 1/channels part of each send over one link, in
  // chunks; the first chunk has to land before the receiver can pass it on.
  const double channel_bw = ChannelBw(m) / wire;
  const double part = block / cost.plan.channels;
  cost.bandwidth_s = std::max(cost.bandwidth_s * wire, Seconds(part, channel_bw));
  const double fill_bw = m.nodes > 1 ? std::min(channel_bw, NetBwPerGpu(m) / wire) : channel_bw;
  cost.latency_us += Seconds(std::min(cost.plan.chunk_bytes, part), fill_bw) * 1e6;

  const NcclCalibration& calibration = model.calibration();
  cost.latency_us = std::max(0.0, cost.latency_us + calibration.extra_latency_us[proto]);
  if (calibration.bandwidth_scale[proto] > 0) {
    cost.bandwidth_s /= calibration.bandwidth_scale[proto];
  }
  return cost;
}

std::optional<NcclPrediction> PredictCollective(const NcclModel& model, Collective collective,
                                                double bytes) {
  if (NcclModel::Tuned(collective)) {
    auto choice = model.Pick(collective, bytes);
    if (!choice) return std::nullopt;
    auto parts = model.TimeParts(collective, choice->algorithm, choice->protocol, bytes);
    return NcclPrediction{NcclAlgorithmName(choice->algorithm), NcclProtocolName(choice->protocol),
                          choice->time_s, choice->channels, parts.value_or(NcclTimeParts{})};
  }
  auto pattern = P2pPatternFor(collective);
  if (!pattern || model.Ranks() <= 1) return std::nullopt;
  const P2pCost cost = PriceP2p(model, *pattern, bytes);
  return NcclPrediction{"p2p", NcclProtocolName(cost.plan.protocol), cost.Total(),
                        cost.plan.channels, NcclTimeParts{cost.latency_us, cost.bandwidth_s * 1e6}};
}

}  // namespace collscope::engine
