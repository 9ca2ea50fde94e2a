#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace collscope::engine {

// NCCL's algorithms and protocols, in NCCL's own order (NCCL_ALGO_* and
// NCCL_PROTO_* of src/include/device.h), so the tables below read like
// NCCL's.
enum class NcclAlgorithm { kTree, kRing, kCollNetDirect, kCollNetChain, kNvls, kNvlsTree, kPat };
enum class NcclProtocol { kLL, kLL128, kSimple };
inline constexpr int kNcclAlgorithms = 7;
inline constexpr int kNcclProtocols = 3;

// The link classes of NCCL's latency table (tuning.cc: NCCL_HW_NVLINK,
// NCCL_HW_PCI, NCCL_HW_NET).
enum class NcclLinkClass { kNvlink, kPci, kNet };
inline constexpr int kNcclLinkClasses = 3;

// tuning.cc's compCapIndex: the rows of every per-architecture table.
enum class GpuArch { kVolta, kAmpere, kHopper, kBlackwell };
inline constexpr int kGpuArchs = 4;

// "tree", "ring", "collnet_direct", "collnet_chain", "nvls", "nvls_tree",
// "pat": the spellings of the trace model's tuning records.
std::string_view NcclAlgorithmName(NcclAlgorithm algorithm);
// "LL", "LL128", "SIMPLE", as NCCL prints them.
std::string_view NcclProtocolName(NcclProtocol protocol);
// Case-insensitive; also NCCL's own spellings (RING, NVLS_TREE, CollNetDirect).
std::optional<NcclAlgorithm> ParseNcclAlgorithm(std::string_view name);
std::optional<NcclProtocol> ParseNcclProtocol(std::string_view name);
std::string_view GpuArchName(GpuArch arch);

template <typename T>
using PerAlgoProto = std::array<std::array<T, kNcclProtocols>, kNcclAlgorithms>;
// [arch][node scale]: scale 0 = one node, 1 = two nodes, 2 = four or more.
using PerArchScale = std::array<std::array<double, 3>, kGpuArchs>;

// One NCCL release's tuning constants (ncclTopoTuneModel and
// ncclTopoGetAlgoTime in src/graph/tuning.cc), and the few formulas that
// changed between releases. Latencies in microseconds, bandwidths in GB/s.
struct NcclTuning {
  std::string_view releases;  // the releases this table stands for, "2.25-2.28"
  std::string_view source;    // the file and commit it was read from
  int first_minor = 0;        // 2.<first_minor> is the first release it covers
  PerAlgoProto<double> base_latency_us{};
  std::array<PerAlgoProto<double>, kNcclLinkClasses> hw_latency_us{};
  // Rows: Volta-or-Intel, Ampere-or-AMD, Hopper, Blackwell. One node reads
  // the GPU's row; several nodes read the CPU's (tuning.cc: index1).
  PerArchScale ll_max_bw{};
  PerArchScale per_channel_max_ring_ll128_bw{};
  PerArchScale per_channel_max_tree_ll128_bw{};
  PerArchScale per_channel_max_tree_bw{};
  PerArchScale per_channel_max_nvls_tree_bw{};  // all 0 before the table existed
  // NVLS intra-node efficiency. Releases without it price NVLS as
  // min(bwIntra, bwInter) (nvls_efficiency_model false).
  bool nvls_efficiency_model = false;
  std::array<double, kGpuArchs> nvls_efficiency{};
  // treeCorrectionFactor[protocol][log2(bytes / 64)]; entries past
  // tree_correction_sizes are unused.
  std::array<std::array<double, 24>, kNcclProtocols> tree_correction{};
  int tree_correction_sizes = 23;

  // Formulas that changed, true for the newer form.
  bool ring_ll_half = true;                       // Ring LL busBw x 0.5 (older: x 1/4 or 1/3)
  bool ll128_one_gpu_per_node_discount = false;   // older: LL128 x 0.7 when ppn < 2
  bool allreduce_inter_steps_minus_one = true;    // 2(nNodes-1) network steps (older: 2 nNodes)
  bool one_gpu_per_node_tree_net_latency = true;  // ppn == 1 uses Tree's NET latency
  bool tree_refinement_allreduce_only = true;     // Tree x 0.92 for allreduce only
  bool nvls_ratio_five_sixths = false;            // NVLS algBw = busBw x 5/6 (newer: nRanks/nsteps)
  bool skip_ratio_for_non_ring_allgather = true;  // AG/RS busBw not converted unless Ring
  bool has_pat = true;  // PAT: base + log2(nNodes) x interLat / 3.5 + 2.8 nRanks
};

// Every table collscope carries, oldest first.
const std::vector<NcclTuning>& NcclTunings();
// The table for NCCL 2.<minor>: the newest whose first release is not
// newer; the oldest for releases before it.
const NcclTuning& NcclTuningFor(int minor);
// The release used when nothing names one (the newest table).
const NcclTuning& DefaultNcclTuning();

// NCCL's thread thresholds (src/include/device.h): bytes each thread should
// have before NCCL adds a channel; Ring LL's is multiplied by nRanks.
inline constexpr int kLLThreadThreshold = 8;
inline constexpr int kLL128ThreadThreshold = 8;
inline constexpr int kSimpleThreadThreshold = 64;
// Default thread counts per channel (NCCL_LL_MAX_NTHREADS, NCCL_LL128_MAX_NTHREADS,
// NCCL_SIMPLE_MAX_NTHREADS), as the init table's "Max NThreads" row prints them.
inline constexpr int kLLMaxThreads = 512;
inline constexpr int kLL128MaxThreads = 640;
inline constexpr int kSimpleMaxThreads = 512;

}  // namespace collscope::engine
