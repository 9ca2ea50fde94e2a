#include "engine/nccl_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace collscope::engine {
namespace {

// NCCL's function order (ncclFunc_t): the rows of its init table.
constexpr int kBroadcast = 0, kReduce = 1, kAllGather = 2, kReduceScatter = 3, kAllReduce = 4;

int FunctionIndex(Collective collective) {
  switch (collective) {
    case Collective::kBroadcast:
      return kBroadcast;
    case Collective::kReduce:
      return kReduce;
    case Collective::kAllGather:
      return kAllGather;
    case Collective::kReduceScatter:
      return kReduceScatter;
    case Collective::kAllReduce:
      return kAllReduce;
    default:
      return -1;
  }
}

// src/include/bitops.h log2i: floor(log2 x), -1 for x <= 0.
int Log2i(long long x) {
  if (x <= 0) return -1;
  int l = 0;
  while (x >>= 1) ++l;
  return l;
}

constexpr int Idx(NcclAlgorithm a) { return static_cast<int>(a); }
constexpr int Idx(NcclProtocol p) { return static_cast<int>(p); }
constexpr int Idx(NcclLinkClass h) { return static_cast<int>(h); }

bool IsCollNet(NcclAlgorithm a) {
  return a == NcclAlgorithm::kCollNetDirect || a == NcclAlgorithm::kCollNetChain;
}
bool IsNvls(NcclAlgorithm a) { return a == NcclAlgorithm::kNvls || a == NcclAlgorithm::kNvlsTree; }

// NCCL_MAX_NTHREADS: CollNet and NVLS channels run 640 threads.
constexpr int kMaxThreads = 640;
// PCI_BW (topo.h): rings slower than one PCIe Gen3 link run 256 Simple threads.
constexpr double kPciBw = 12.0;

}  // namespace

bool NcclCalibration::Identity() const {
  for (int p = 0; p < kNcclProtocols; ++p) {
    if (extra_latency_us[p] != 0 || bandwidth_scale[p] != 1.0) return false;
  }
  return true;
}

NcclModel::NcclModel(const Machine& machine)
    : NcclModel(machine, NcclTuningFor(machine.nccl_minor)) {}

NcclModel::NcclModel(Machine machine, const NcclTuning& tuning)
    : machine_(std::move(machine)), tuning_(&tuning), graphs_(SearchNcclGraphs(machine_)) {
  algorithm_allowed_.fill(true);
  protocol_allowed_.fill(true);
  BuildTables();
}

bool NcclModel::Tuned(Collective collective) { return FunctionIndex(collective) >= 0; }

// ncclTopoTuneModel, for each function x algorithm x protocol. The comments
// name the formulas as tuning.cc writes them.
void NcclModel::BuildTables() {
  const NcclTuning& t = *tuning_;
  const int n_ranks = machine_.Ranks();
  const int n_nodes = machine_.nodes;
  if (n_ranks <= 1) return;
  const int arch = static_cast<int>(machine_.arch);
  const int scale = n_nodes <= 2 ? n_nodes - 1 : 2;
  // LL: for one node the GPU's row, for several the CPU's (Intel 0, AMD 1).
  const int ll_row = n_nodes == 1 ? arch : (machine_.amd_cpu ? 1 : 0);
  const double ll_max_bw = t.ll_max_bw[ll_row][scale];
  const double max_tree_bw = t.per_channel_max_tree_bw[arch][scale];
  const double max_ring_ll128_bw = t.per_channel_max_ring_ll128_bw[arch][scale];
  const double max_tree_ll128_bw = t.per_channel_max_tree_ll128_bw[arch][scale];
  const double max_nvls_tree_bw = t.per_channel_max_nvls_tree_bw[arch][scale];
  const double ppn = static_cast<double>(n_ranks) / n_nodes;
  const int ppn_int = n_ranks / n_nodes;
  const bool pat_enabled = t.has_pat && n_nodes == n_ranks && machine_.compute_capability >= 60;
  // getNetOverhead: 2 us on AMD x86, 1 us elsewhere.
  const double net_overhead_base = machine_.amd_cpu ? 2.0 : 1.0;

  for (int f = 0; f < 5; ++f) {
    const int nsteps = f == kAllReduce                            ? 2 * (n_ranks - 1)
                       : (f == kReduceScatter || f == kAllGather) ? n_ranks - 1
                                                                  : n_ranks;
    const bool gather_like = f == kAllGather || f == kReduceScatter;
    for (int ai = 0; ai < kNcclAlgorithms; ++ai) {
      const auto a = static_cast<NcclAlgorithm>(ai);
      if ((f == kBroadcast || f == kReduce) && a != NcclAlgorithm::kRing) continue;
      if (gather_like && a != NcclAlgorithm::kPat && a != NcclAlgorithm::kRing &&
          a != NcclAlgorithm::kNvls && a != NcclAlgorithm::kCollNetDirect) {
        continue;
      }
      if (f == kAllReduce && a == NcclAlgorithm::kPat) continue;
      if (a == NcclAlgorithm::kPat && !t.has_pat) continue;
      const NcclGraph& g = a == NcclAlgorithm::kTree ? graphs_.tree
                           : IsCollNet(a)            ? graphs_.collnet
                           : IsNvls(a)               ? graphs_.nvls
                                                     : graphs_.ring;
      for (int pi = 0; pi < kNcclProtocols; ++pi) {
        const auto p = static_cast<NcclProtocol>(pi);
        if (IsNvls(a) && p != NcclProtocol::kSimple) continue;
        if (a == NcclAlgorithm::kPat && (p != NcclProtocol::kSimple || !pat_enabled)) continue;
        const bool collnet = IsCollNet(a);
        double bw = n_nodes <= 2 || collnet ? g.bw_intra : g.bw_inter;
        if (IsNvls(a)) {
          if (t.nvls_efficiency_model) {
            // v2.29: "NVLS/NVLStree needs at least 2 channels".
            if (g.channels < 2) continue;
            double intra_bw = g.bw_intra * t.nvls_efficiency[arch] * (g.channels - 1) / g.channels;
            // "AllReduce pipelines two operations."
            intra_bw *= f == kAllReduce ? 2.0 : (ppn - 1) / ppn;
            const double inter_bw =
                g.bw_inter * ((n_nodes <= 2 && a == NcclAlgorithm::kNvlsTree) ? 2 : 1);
            bw = std::min({intra_bw, inter_bw,
                           a == NcclAlgorithm::kNvlsTree ? max_nvls_tree_bw
                                                         : std::numeric_limits<double>::max()});
          } else {
            bw = a == NcclAlgorithm::kNvls
                     ? std::min(g.bw_intra, g.bw_inter)
                     : std::min(g.bw_intra, n_nodes <= 2 ? g.bw_inter : g.bw_inter / 2);
          }
        }
        double bus_bw = g.channels * bw;

        // "Various model refinements"
        if (a == NcclAlgorithm::kRing && p == NcclProtocol::kLL) {
          const double share = t.ring_ll_half                                     ? 0.5
                               : (n_nodes > 1 || f == kAllReduce || f == kReduce) ? 1.0 / 4.0
                                                                                  : 1.0 / 3.0;
          bus_bw = std::min(ll_max_bw, bus_bw * share);
        }
        if (a == NcclAlgorithm::kRing && p == NcclProtocol::kLL128) {
          const double share = t.ll128_one_gpu_per_node_discount && ppn < 2 ? 0.7 : 0.92;
          bus_bw = std::min(bus_bw * share, g.channels * max_ring_ll128_bw);
        }
        if (a == NcclAlgorithm::kTree && (f == kAllReduce || !t.tree_refinement_allreduce_only)) {
          bus_bw = std::min(bus_bw * .92, g.channels * max_tree_bw);
        }
        if (a == NcclAlgorithm::kTree && p == NcclProtocol::kLL) {
          bus_bw = std::min(bus_bw * 1.0 / 3.8, ll_max_bw);
        }
        if (a == NcclAlgorithm::kTree && p == NcclProtocol::kLL128) {
          bus_bw = std::min(bus_bw * (n_nodes == 1 ? 7.0 / 9.0 : 120.0 / 128.0),
                            g.channels * max_tree_ll128_bw);
        }
        if (a == NcclAlgorithm::kTree && g.tree_pattern) bus_bw *= .85;
        if (a == NcclAlgorithm::kPat) bus_bw *= .75;
        if (collnet && p != NcclProtocol::kSimple) bus_bw = 0;  // "Not used"
        if (a == NcclAlgorithm::kCollNetDirect && p == NcclProtocol::kSimple) {
          if (gather_like) {
            bus_bw = ppn * bw;
          } else {
            // "Collnet+Direct requires all GPUs to have a local NIC".
            double factor = g.channels > 0 ? ppn / g.channels : 1.0;
            factor -= (factor - 1) / 2;
            bus_bw /= factor;
            if (machine_.compute_capability >= 90) bus_bw *= .85;
          }
        }

        // "Convert bus BW to algorithm BW"
        if (!(t.skip_ratio_for_non_ring_allgather && a != NcclAlgorithm::kRing && gather_like)) {
          double ratio = .5;
          if (a == NcclAlgorithm::kRing) {
            ratio = static_cast<double>(n_ranks) / nsteps;
          } else if (IsNvls(a)) {
            ratio = t.nvls_ratio_five_sixths ? 5.0 / 6.0 : static_cast<double>(n_ranks) / nsteps;
          }
          bus_bw *= ratio;
        }

        NcclCost& cost = table_[f][ai][pi];
        cost.bandwidth_gbps = bus_bw;
        double lat = t.base_latency_us[ai][pi];
        const NcclLinkClass intra_hw = g.nvlink ? NcclLinkClass::kNvlink : NcclLinkClass::kPci;
        double intra_lat = t.hw_latency_us[Idx(intra_hw)][ai][pi];
        // "With ppn=1 latencies are fully exposed, use the Tree network latency"
        double inter_lat =
            t.one_gpu_per_node_tree_net_latency && ppn_int == 1
                ? t.hw_latency_us[Idx(NcclLinkClass::kNet)][Idx(NcclAlgorithm::kTree)][pi]
                : t.hw_latency_us[Idx(NcclLinkClass::kNet)][ai][pi];
        inter_lat += g.latency_inter_us;
        if (p == NcclProtocol::kSimple) inter_lat += g.latency_inter_us;  // "flush extra latency"

        if (a == NcclAlgorithm::kRing) {
          const NcclLinkClass hw = n_nodes == 1 ? intra_hw : NcclLinkClass::kNet;
          if (f == kReduce || f == kBroadcast) {
            double hop = t.hw_latency_us[Idx(hw)][ai][pi];
            if (g.same_channels) {
              lat += hop;
            } else {
              if (p == NcclProtocol::kSimple) {
                hop = t.hw_latency_us[Idx(hw)][Idx(NcclAlgorithm::kTree)][pi];
              }
              lat += nsteps * hop;
            }
          } else {
            // "Inter-node rings still have to launch nsteps * net overhead."
            double net_overhead = 0;
            if (n_nodes > 1)
              net_overhead = net_overhead_base * (p == NcclProtocol::kSimple ? 3 : 1);
            intra_lat = std::max(intra_lat, net_overhead);
            int inter_steps = 0;
            if (n_nodes > 1) {
              inter_steps = f == kAllReduce ? (t.allreduce_inter_steps_minus_one ? 2 * (n_nodes - 1)
                                                                                 : 2 * n_nodes)
                                            : n_nodes - 1;
            }
            lat += (nsteps - inter_steps) * intra_lat + inter_steps * inter_lat;
          }
        } else if (a == NcclAlgorithm::kTree) {
          if (f == kAllReduce) {
            lat += 2 * ((ppn_int - 1) * intra_lat + Log2i(n_nodes) * inter_lat);
          }
        } else if (a == NcclAlgorithm::kCollNetDirect) {
          // "Add 0.4 us arity serialization latency"
          lat += 2 * (std::min(1, ppn_int - 1) * intra_lat + (ppn_int - 1) * 0.4) + inter_lat;
        } else if (a == NcclAlgorithm::kCollNetChain) {
          lat += 2 * (ppn_int - 1) * intra_lat + inter_lat;
        } else if (a == NcclAlgorithm::kNvls) {
          lat = intra_lat + (n_nodes > 1 ? inter_lat : 0);
        } else if (a == NcclAlgorithm::kNvlsTree) {
          lat += intra_lat + 2 * Log2i(n_nodes) * inter_lat;
        } else if (a == NcclAlgorithm::kPat && gather_like) {
          // "Log latency" plus "Still a linear part".
          lat += Log2i(n_nodes) * (inter_lat / 3.5) + n_ranks * 2.8;
        }
        cost.latency_us = lat;
        if (!Enabled(a, p)) cost.bandwidth_gbps = 0;
      }
    }
  }
}

// The pairs ncclTopoTuneModel leaves enabled (bandwidth kept).
bool NcclModel::Enabled(NcclAlgorithm a, NcclProtocol p) const {
  const NcclGraph& g = a == NcclAlgorithm::kTree ? graphs_.tree
                       : IsCollNet(a)            ? graphs_.collnet
                       : IsNvls(a)               ? graphs_.nvls
                                                 : graphs_.ring;
  if (p == NcclProtocol::kLL128) {
    // "Enable LL128 by default only on Volta/Ampere/Hopper(/Blackwell)+NVLink."
    if (!g.ll128_allowed && !(IsNvls(a) || IsCollNet(a))) return false;
    if (!graphs_.ring.ll128_allowed) return false;
    const int cc = machine_.compute_capability;
    if (tuning_->first_minor < 25 && cc != 70 && cc != 80 && cc != 90) return false;
    if (tuning_->first_minor < 27 && cc != 70 && cc != 80 && cc != 90 && cc != 100 && cc != 120) {
      return false;
    }
  }
  // "Disable NVLS Tree on a single node"; CollNet (and NVLS across nodes)
  // need SHARP; CollNet Direct needs NVSwitches.
  if (a == NcclAlgorithm::kNvlsTree && machine_.nodes == 1) return false;
  if (!machine_.collnet && (IsCollNet(a) || (a == NcclAlgorithm::kNvls && machine_.nodes > 1))) {
    return false;
  }
  if (a == NcclAlgorithm::kCollNetDirect && machine_.link != IntraNodeLink::kNvSwitch) return false;
  return true;
}

NcclCost NcclModel::Cost(Collective collective, NcclAlgorithm algorithm,
                         NcclProtocol protocol) const {
  const int f = FunctionIndex(collective);
  if (f < 0) return {};
  return table_[f][Idx(algorithm)][Idx(protocol)];
}

void NcclModel::SetCost(Collective collective, NcclAlgorithm algorithm, NcclProtocol protocol,
                        NcclCost cost) {
  const int f = FunctionIndex(collective);
  if (f >= 0) table_[f][Idx(algorithm)][Idx(protocol)] = cost;
}

void NcclModel::Restrict(const std::vector<NcclAlgorithm>& algorithms,
                         const std::vector<NcclProtocol>& protocols) {
  algorithm_allowed_.fill(algorithms.empty());
  for (NcclAlgorithm a : algorithms) algorithm_allowed_[Idx(a)] = true;
  protocol_allowed_.fill(protocols.empty());
  for (NcclProtocol p : protocols) protocol_allowed_[Idx(p)] = true;
}

// ncclTopoGetAlgoTime (v2.29.2; the older releases differ in the Tree
// correction's reach only).
std::optional<double> NcclModel::Time(Collective collective, NcclAlgorithm algorithm,
                                      NcclProtocol protocol, double bytes) const {
  auto parts = TimeParts(collective, algorithm, protocol, bytes);
  if (!parts) return std::nullopt;
  return parts->Seconds();
}

std::optional<NcclTimeParts> NcclModel::TimeParts(Collective collective, NcclAlgorithm algorithm,
                                                  NcclProtocol protocol, double bytes) const {
  const int f = FunctionIndex(collective);
  if (f < 0 || machine_.Ranks() <= 1) return std::nullopt;
  const NcclCost& cost = table_[f][Idx(algorithm)][Idx(protocol)];
  double bw = cost.bandwidth_gbps;
  double lat = cost.latency_us;
  if (bw <= 0) return std::nullopt;
  const auto n_bytes = static_cast<long long>(std::max(0.0, bytes));
  const int log_size = Log2i(n_bytes >> 6);
  const bool tree_corrected = algorithm == NcclAlgorithm::kTree &&
                              (f == kAllReduce || !tuning_->tree_refinement_allreduce_only);
  if (tree_corrected && log_size >= 0 && log_size < tuning_->tree_correction_sizes) {
    bw *= tuning_->tree_correction[Idx(protocol)][log_size];
  }
  // v2.29.2: NVLS Tree is corrected too on Blackwell x86 hosts.
  if (algorithm == NcclAlgorithm::kNvlsTree && f == kAllReduce && log_size >= 0 && log_size < 24 &&
      machine_.compute_capability >= 100 && tuning_->nvls_efficiency_model) {
    bw *= tuning_->tree_correction[Idx(protocol)][log_size];
  }
  // "Plateau effect of ring"
  if (algorithm == NcclAlgorithm::kRing && protocol == NcclProtocol::kSimple &&
      machine_.nodes > 1 && f == kAllReduce && graphs_.comm_channels > 0 &&
      n_bytes / (static_cast<long long>(graphs_.comm_channels) * machine_.Ranks()) >= 64) {
    lat *= machine_.compute_capability < 80 ? 1.9 : 1.4;
  }
  lat += calibration_.extra_latency_us[Idx(protocol)];
  bw *= calibration_.bandwidth_scale[Idx(protocol)];
  if (bw <= 0) return std::nullopt;
  return NcclTimeParts{std::max(0.0, lat), static_cast<double>(n_bytes) / (1000 * bw)};
}

int NcclModel::Channels(NcclAlgorithm algorithm, NcclProtocol protocol, double bytes) const {
  // topoGetAlgoInfo (enqueue.cc, 2.2x).
  if (IsNvls(algorithm)) {
    return machine_.nodes > 1 && algorithm == NcclAlgorithm::kNvls
               ? std::min(graphs_.nvls_channels, graphs_.comm_channels)
               : graphs_.nvls_channels;
  }
  int nc = graphs_.comm_channels;
  if (IsCollNet(algorithm)) return nc;
  int nt = protocol == NcclProtocol::kLL      ? kLLMaxThreads
           : protocol == NcclProtocol::kLL128 ? kLL128MaxThreads
                                              : kSimpleMaxThreads;
  if (algorithm == NcclAlgorithm::kRing && protocol == NcclProtocol::kSimple &&
      graphs_.ring.Total() <= kPciBw) {
    nt = 256;
  }
  if (algorithm == NcclAlgorithm::kPat) nt = kMaxThreads;
  int threshold = protocol == NcclProtocol::kLL      ? kLLThreadThreshold
                  : protocol == NcclProtocol::kLL128 ? kLL128ThreadThreshold
                                                     : kSimpleThreadThreshold;
  if (algorithm == NcclAlgorithm::kRing && protocol == NcclProtocol::kLL) {
    threshold *= machine_.Ranks();
  }
  while (bytes < static_cast<double>(nc) * nt * threshold && nc >= 2) --nc;
  return nc;
}

std::optional<NcclChoice> NcclModel::Pick(Collective collective, double bytes) const {
  if (!Tuned(collective) || machine_.Ranks() <= 1) return std::nullopt;
  std::optional<NcclChoice> best;
  // enqueue.cc topoGetAlgoInfo: algorithms outer, protocols inner, the first
  // strictly lower time wins.
  for (int ai = 0; ai < kNcclAlgorithms; ++ai) {
    if (!algorithm_allowed_[ai]) continue;
    for (int pi = 0; pi < kNcclProtocols; ++pi) {
      if (!protocol_allowed_[pi]) continue;
      const auto a = static_cast<NcclAlgorithm>(ai);
      const auto p = static_cast<NcclProtocol>(pi);
      auto time = Time(collective, a, p, bytes);
      if (time && (!best || *time < best->time_s)) best = NcclChoice{a, p, *time, 0};
    }
  }
  if (best) best->channels = Channels(best->algorithm, best->protocol, bytes);
  return best;
}

std::vector<NcclCrossover> NcclModel::Crossovers(Collective collective, double lo,
                                                 double hi) const {
  std::vector<NcclCrossover> out;
  if (!(lo > 0) || !(hi > lo)) return out;
  auto same = [](const NcclChoice& x, const NcclChoice& y) {
    return x.algorithm == y.algorithm && x.protocol == y.protocol;
  };
  // Eight points per octave, then bisection to the byte between two points
  // whose picks differ. The tree correction changes at powers of two, so
  // they are grid points.
  const int steps = std::max(1, static_cast<int>(std::ceil(std::log2(hi / lo) * 8)));
  double prev_bytes = lo;
  std::optional<NcclChoice> prev = Pick(collective, lo);
  for (int i = 1; i <= steps && prev; ++i) {
    const double bytes = i == steps ? hi : lo * std::exp2(static_cast<double>(i) / 8);
    std::optional<NcclChoice> next = Pick(collective, bytes);
    if (!next) break;
    if (!same(*prev, *next)) {
      double a = prev_bytes, b = bytes;
      while (b - a > 1) {
        const double mid = std::floor((a + b) / 2);
        if (mid <= a) break;
        if (same(*Pick(collective, mid), *prev)) {
          a = mid;
        } else {
          b = mid;
        }
      }
      out.push_back({b, *Pick(collective, a), *Pick(collective, b)});
    }
    prev = next;
    prev_bytes = bytes;
  }
  return out;
}

}  // namespace collscope::engine
