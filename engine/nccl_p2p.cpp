#include "engine/nccl_p2p.h"

#include <algorithm>

namespace collscope::engine {
namespace {

constexpr int kRing = static_cast<int>(NcclAlgorithm::kRing);
constexpr int kSimple = static_cast<int>(NcclProtocol::kSimple);

// Seconds for `bytes` on `bw` GB/s.
double Seconds(double bytes, double bw) { return bw > 0 ? bytes / (bw * 1e9) : 0; }

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

}  // namespace

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
  // One send's latency: tuning.cc's Ring/Simple base and one hop of the
  // link class it crosses, with the network overhead getNetOverhead adds
  // to Simple (x3) when it leaves the node.
  const NcclLinkClass intra =
      m.link == IntraNodeLink::kPcie ? NcclLinkClass::kPci : NcclLinkClass::kNvlink;
  double hop = t.hw_latency_us[static_cast<int>(intra)][kRing][kSimple];
  if (m.nodes > 1) {
    hop = t.hw_latency_us[static_cast<int>(NcclLinkClass::kNet)][kRing][kSimple] +
          (m.amd_cpu ? 2.0 : 1.0) * 3 + m.nic_latency_us;
  }
  cost.latency_us = t.base_latency_us[kRing][kSimple] + hop;

  const double block = pattern == P2pPattern::kSendRecv ? bytes : bytes / ranks;
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
  const NcclCalibration& calibration = model.calibration();
  cost.latency_us = std::max(0.0, cost.latency_us + calibration.extra_latency_us[kSimple]);
  if (calibration.bandwidth_scale[kSimple] > 0) {
    cost.bandwidth_s /= calibration.bandwidth_scale[kSimple];
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
  return NcclPrediction{"p2p", NcclProtocolName(NcclProtocol::kSimple), cost.Total(),
                        model.graphs().comm_channels,
                        NcclTimeParts{cost.latency_us, cost.bandwidth_s * 1e6}};
}

}  // namespace collscope::engine
