#include "engine/nccl_tuning.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace collscope::engine {
namespace {

// Sources, all NVIDIA/nccl src/graph/tuning.cc read with the search tool:
//   v2.20.3 at commit b6475625 (same constants as the pre-2.20 file at
//           f9835511, the older formulas),
//   v2.25.1 at commit 80f6bda4,
//   v2.29.2 at commit ebd1e929 (ncclTunerConstantsDefaults).
// Releases between two tables use the older one. Arrays are written in
// NCCL's order: Tree, Ring, CollNetDirect, CollNetChain, NVLS, NVLSTree,
// PAT, each {LL, LL128, Simple}.

// Indices into those arrays, for the entries one release changes.
constexpr int kNvlink = static_cast<int>(NcclLinkClass::kNvlink);
constexpr int kPci = static_cast<int>(NcclLinkClass::kPci);
constexpr int kNet = static_cast<int>(NcclLinkClass::kNet);
constexpr int kTree = static_cast<int>(NcclAlgorithm::kTree);
constexpr int kNvls = static_cast<int>(NcclAlgorithm::kNvls);
constexpr int kNvlsTree = static_cast<int>(NcclAlgorithm::kNvlsTree);
constexpr int kPat = static_cast<int>(NcclAlgorithm::kPat);
constexpr int kSimple = static_cast<int>(NcclProtocol::kSimple);
constexpr int kHopper = static_cast<int>(GpuArch::kHopper);
constexpr int kBlackwell = static_cast<int>(GpuArch::kBlackwell);

constexpr std::array<std::array<double, 24>, kNcclProtocols> kTreeCorrection23 = {{
    {1.0, 1.0, 1.0, 1.0, .9, .8, .7, .7,  .7,  .7,  .6,  .5,
     .4,  .4,  .5,  .6,  .7, .8, .9, 1.0, 1.0, 1.0, 1.0, 1.0},
    {1.0, 1.0, 1.0, 1.0, 1.0, .9, .8, .8, .8, .7,  .6,  .6,
     .6,  .6,  .6,  .6,  .8,  .9, .9, .9, .9, 1.0, 1.0, 1.0},
    {.9, .9, .9, .9, .9, .9, .9, .8, .7, .6, .6, .5,
     .5, .5, .5, .6, .7, .8, .7, .7, .8, .9, .9, .9},
}};

NcclTuning Release2_20() {
  NcclTuning t;
  t.releases = "2.20 and older";
  t.source =
      "NVIDIA/nccl src/graph/tuning.cc v2.20.3 (commit b6475625; pre-2.20 commit f9835511 has the "
      "same constants)";
  t.first_minor = 20;
  t.base_latency_us = {
      {{6.8, 14.0, 0}, {6.6, 14.0, 8.4}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}};
  t.hw_latency_us = {{
      // NVLINK
      {{{.6, 1.25, 28},
        {.6, 1.9, 3.4},
        {0, 0, 3.7},
        {0, 0, 2.8},
        {0, 0, 23},
        {0, 0, 23},
        {0, 0, 0}}},
      // PCI
      {{{1.0, 1.9, 28},
        {1.0, 2.5, 5.7},
        {0, 0, 3.7},
        {0, 0, 2.8},
        {0, 0, 0},
        {0, 0, 0},
        {0, 0, 0}}},
      // NET
      {{{5.0, 8.5, 28},
        {2.7, 4.0, 14.0},
        {0, 0, 31},
        {0, 0, 30},
        {0, 0, 18},
        {0, 0, 14},
        {0, 0, 0}}},
  }};
  // v2.20.3 has three rows (Volta, Ampere, Hopper); Blackwell reads Hopper's,
  // as compCapIndex did then.
  t.ll_max_bw = {{{39.0, 39.0, 20.4}, {87.7, 22.5, 19.0}, {87.7, 22.5, 19.0}, {87.7, 22.5, 19.0}}};
  t.per_channel_max_ring_ll128_bw = {
      {{20.0, 20.0, 20.0}, {20.0, 20.0, 20.0}, {36.7, 36.7, 36.7}, {36.7, 36.7, 36.7}}};
  t.per_channel_max_tree_ll128_bw = {
      {{20.0, 20.0, 20.0}, {20.0, 20.0, 20.0}, {36.7, 36.7, 29.0}, {36.7, 36.7, 29.0}}};
  t.per_channel_max_tree_bw = {
      {{26.5, 18.5, 10.0}, {24.0, 23.6, 17.8}, {38.7, 41.4, 36.0}, {38.7, 41.4, 36.0}}};
  t.tree_correction = kTreeCorrection23;
  t.tree_correction_sizes = 23;
  t.ring_ll_half = false;
  t.ll128_one_gpu_per_node_discount = true;
  t.allreduce_inter_steps_minus_one = false;
  t.one_gpu_per_node_tree_net_latency = false;
  t.tree_refinement_allreduce_only = false;
  t.nvls_ratio_five_sixths = true;
  t.skip_ratio_for_non_ring_allgather = false;
  t.has_pat = false;
  return t;
}

// v2.21.5 changed these of v2.20.3's entries and formulas, and v2.22.3 has
// the same (its changes are in ncclTopoGetAlgoTime: no per-call channel
// rescale, which collscope never applied); everything not set here is as in
// v2.20.3.
NcclTuning Release2_21() {
  NcclTuning t = Release2_20();
  t.releases = "2.21-2.22";
  t.source =
      "NVIDIA/nccl src/graph/tuning.cc v2.21.5 (commit ab2b89c4) and v2.22.3 (commit 178b6b75), "
      "the same constants and formulas";
  t.first_minor = 21;
  t.hw_latency_us[kNvlink][kNvls][kSimple] = 25;
  t.hw_latency_us[kNvlink][kNvlsTree][kSimple] = 25;
  t.ll_max_bw[kHopper] = {141.0, 45.0, 35.0};
  t.ll_max_bw[kBlackwell] = t.ll_max_bw[kHopper];  // still no Blackwell row
  t.ring_ll_half = true;
  return t;
}

// v2.25.1 changed these of v2.22.3's entries and formulas; everything not
// set here is as in v2.22.3. 2.23 and 2.24 read as 2.25 less its Blackwell
// rows in forks at those releases (nariaki3551/nccl 2a357e9b, ruben-laso/nccl
// 3704cac2: PAT, the Tree/Simple latencies, 2(nNodes-1) network steps); no
// upstream 2.23/2.24 tag was read.
NcclTuning Release2_25() {
  NcclTuning t = Release2_21();
  t.releases = "2.23-2.26";
  t.source = "NVIDIA/nccl src/graph/tuning.cc v2.25.1 (commit 80f6bda4)";
  t.first_minor = 23;
  t.base_latency_us[kTree][kSimple] = 8.4;
  // PAT has no row in v2.25.1's baseLat; ncclTopoTuneModel sets its latency
  // to the literal 8 + ..., which is what a base of 8 gives.
  t.base_latency_us[kPat] = {8.0, 8.0, 8.0};
  // Tree Simple's hop latency is 28 on every link class in v2.20.3.
  t.hw_latency_us[kNvlink][kTree][kSimple] = 4.0;
  t.hw_latency_us[kPci][kTree][kSimple] = 4.0;
  t.hw_latency_us[kNet][kTree][kSimple] = 14;
  // Blackwell gets rows of its own: twice Hopper's, in every per-architecture
  // table (v2.20.3 has no Blackwell row).
  for (PerArchScale* table : {&t.ll_max_bw, &t.per_channel_max_ring_ll128_bw,
                              &t.per_channel_max_tree_ll128_bw, &t.per_channel_max_tree_bw}) {
    for (int scale = 0; scale < 3; ++scale)
      (*table)[kBlackwell][scale] = 2 * (*table)[kHopper][scale];
  }
  // The newer forms of every changed formula but NVLS's 5/6 ratio.
  t.ll128_one_gpu_per_node_discount = false;
  t.allreduce_inter_steps_minus_one = true;
  t.one_gpu_per_node_tree_net_latency = true;
  t.tree_refinement_allreduce_only = true;
  t.skip_ratio_for_non_ring_allgather = true;
  t.has_pat = true;
  return t;
}

// v2.29.2 changed a few of v2.25.1's entries and formulas; everything not
// set here is as in v2.25.1.
NcclTuning Release2_29() {
  NcclTuning t = Release2_25();
  // The 2x A100 table NCCL 2.27.7 printed (realdata Timez-zx log) matches
  // this release's formulas, NVLS's "at least 2 channels" included, so it
  // covers 2.27 on.
  t.releases = "2.27 and newer";
  t.source =
      "NVIDIA/nccl src/graph/tuning.cc v2.29.2 (commit ebd1e929, ncclTunerConstantsDefaults, "
      "nvlsEfficiency)";
  t.first_minor = 27;
  // PAT gets hop latencies of its own (v2.25.1 has no PAT row).
  t.hw_latency_us[kNvlink][kPat][kSimple] = 4.0;
  t.hw_latency_us[kPci][kPat][kSimple] = 4.0;
  t.hw_latency_us[kNet][kPat][kSimple] = 14;
  t.hw_latency_us[kNet][kNvlsTree][kSimple] = 20.9;
  // Blackwell's own numbers instead of twice Hopper's.
  t.per_channel_max_ring_ll128_bw[kBlackwell] = {34.5, 34.6, 34.5};
  t.per_channel_max_tree_ll128_bw[kBlackwell] = {55.6, 31.67, 20.0};
  t.per_channel_max_tree_bw[kBlackwell] = {70.0, 42.8, 24.0};
  t.per_channel_max_nvls_tree_bw = {
      {{26.5, 18.5, 10.0}, {24.0, 23.6, 17.8}, {0.0, 57.7, 45.5}, {0.0, 96.0, 43.8}}};
  t.nvls_efficiency_model = true;
  t.nvls_efficiency = {0.0, 0.0, 0.85, 0.74};
  t.nvls_ratio_five_sixths = false;
  // v2.29.2 stores 24 tree correction entries but ncclTopoGetAlgoTime reads
  // Tree's below logSize 23 only.
  return t;
}

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;  // "nvls-tree", "NVLS Tree"
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string_view NcclAlgorithmName(NcclAlgorithm algorithm) {
  switch (algorithm) {
    case NcclAlgorithm::kTree:
      return "tree";
    case NcclAlgorithm::kRing:
      return "ring";
    case NcclAlgorithm::kCollNetDirect:
      return "collnet_direct";
    case NcclAlgorithm::kCollNetChain:
      return "collnet_chain";
    case NcclAlgorithm::kNvls:
      return "nvls";
    case NcclAlgorithm::kNvlsTree:
      return "nvls_tree";
    case NcclAlgorithm::kPat:
      return "pat";
  }
  return "";
}

std::string_view NcclProtocolName(NcclProtocol protocol) {
  switch (protocol) {
    case NcclProtocol::kLL:
      return "LL";
    case NcclProtocol::kLL128:
      return "LL128";
    case NcclProtocol::kSimple:
      return "SIMPLE";
  }
  return "";
}

std::optional<NcclAlgorithm> ParseNcclAlgorithm(std::string_view name) {
  std::string key = Lower(name);
  key.erase(std::remove(key.begin(), key.end(), '_'), key.end());
  for (int a = 0; a < kNcclAlgorithms; ++a) {
    std::string candidate(NcclAlgorithmName(static_cast<NcclAlgorithm>(a)));
    candidate.erase(std::remove(candidate.begin(), candidate.end(), '_'), candidate.end());
    if (key == candidate) return static_cast<NcclAlgorithm>(a);
  }
  return std::nullopt;
}

std::optional<NcclProtocol> ParseNcclProtocol(std::string_view name) {
  std::string key = Lower(name);
  if (key == "ll") return NcclProtocol::kLL;
  if (key == "ll128") return NcclProtocol::kLL128;
  if (key == "simple") return NcclProtocol::kSimple;
  return std::nullopt;
}

std::string_view GpuArchName(GpuArch arch) {
  switch (arch) {
    case GpuArch::kVolta:
      return "Volta";
    case GpuArch::kAmpere:
      return "Ampere";
    case GpuArch::kHopper:
      return "Hopper";
    case GpuArch::kBlackwell:
      return "Blackwell";
  }
  return "";
}

const std::vector<NcclTuning>& NcclTunings() {
  static const std::vector<NcclTuning> tunings = {Release2_20(), Release2_21(), Release2_25(),
                                                  Release2_29()};
  return tunings;
}

const NcclTuning& NcclTuningFor(int minor) {
  const auto& tunings = NcclTunings();
  const NcclTuning* chosen = &tunings.front();
  for (const NcclTuning& t : tunings) {
    if (t.first_minor <= minor) chosen = &t;
  }
  return *chosen;
}

const NcclTuning& DefaultNcclTuning() { return NcclTunings().back(); }

}  // namespace collscope::engine
