#include "engine/cost_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

#include "engine/algorithm.h"
#include "engine/topology.h"

namespace collscope::engine {

// Preset numbers come from docs/sources.md, whose sections "reference" names
// below and in each preset's source: section 7 (NCSA Delta node facts) for
// the links, section 4 (NCCL's tuning.cc model) for per-hop latencies. Values
// marked uncertain there are planning figures, not measurements; measure
// before relying on them.
// gamma (seconds per byte reduced) is not in the reference: it assumes a
// reduction streams three bytes of GPU memory per byte reduced (two reads,
// one write) at the GPU's data-sheet memory bandwidth.
//
// A beta taken from a measured (or expected) bus bandwidth already carries
// the reduction: nccl-tests' busbw is 2(p-1)/p n / t for all-reduce, whose
// lecture price is (p-1)/p n (2 beta + gamma). Such presets set beta to what
// is left after gamma, 1/busbw - gamma/2, so the model's all-reduce busbw is
// the measured one and gamma is not counted twice.
namespace {
double BetaFromBusBandwidth(double busbw_bytes_per_s, double gamma_s_per_byte) {
  return 1.0 / busbw_bytes_per_s - gamma_s_per_byte / 2;
}
constexpr double kA100Gamma = 3.0 / 1555e9;  // HBM2 1555 GB/s, three bytes per byte reduced
constexpr double kA40Gamma = 3.0 / 696e9;    // GDDR6 696 GB/s
}  // namespace

const std::vector<CostPreset>& CostPresets() {
  static const std::vector<CostPreset> presets = {
      {"unit", "classroom units: alpha = beta = gamma = 1", CostModel{1.0, 1.0, 1.0},
       "lecture slide 10: the symbolic model"},
      {"delta-a100x4", "Delta gpuA100x4: 4x A100 SXM4 40GB, NV4 full mesh (no NVSwitch)",
       // alpha: NCCL's NVLink Ring Simple hop latency, 3.4 us (reference 4.1).
       // beta: NCCL models an NV4 pair at 4 x 20 GB/s = 80 GB/s (reference 7),
       // a link's bandwidth, not a busbw: gamma comes on top.
       // gamma: A100 HBM2 1555 GB/s / 3 (data sheet; see above).
       CostModel{3.4e-6, 1.0 / 80e9, kA100Gamma},
       "reference section 7 (NV4 pair = 80 GB/s in NCCL's model) and 4.1 (NVLink hop 3.4 us)"},
      {"delta-a100x8", "Delta gpuA100x8: 8x A100 SXM4 40GB on NVSwitch (NV12)",
       // beta: large-message allreduce busbw of ~230 GB/s on 8x A100 NVSwitch
       // (reference 7, observed 235 GB/s on a comparable board), less gamma.
       CostModel{3.4e-6, BetaFromBusBandwidth(230e9, kA100Gamma), kA100Gamma},
       "reference section 7 (~230 GB/s peak busbw on 8x A100 NVSwitch) and 4.1"},
      {"delta-a40x4", "Delta gpuA40x4: 4x A40 48GB on PCIe Gen4, no NVLink (SHM between GPUs)",
       // alpha: NCCL's PCI Ring Simple hop latency, 5.7 us (reference 4.1).
       // beta: busbw 16 GB/s, inside the 10-25 GB/s range expected
       // (reference 7), less gamma. gamma: A40 GDDR6 696 GB/s / 3 (data sheet).
       CostModel{5.7e-6, BetaFromBusBandwidth(16e9, kA40Gamma), kA40Gamma},
       "reference section 7 (A40x4 PCIe: 10-25 GB/s busbw expected) and 4.1 (PCI hop 5.7 us)"},
      {"delta-slingshot", "Delta inter-node: one 200 Gb/s Slingshot 11 NIC per node",
       // alpha: NCCL's NET Ring Simple hop latency, 14 us (reference 4.1).
       // beta: busbw 20 GB/s, inside the 15-23 GB/s planned for aws-ofi-nccl
       // on one 200 Gb/s (25 GB/s line rate) NIC (reference 7), less gamma.
       CostModel{14e-6, BetaFromBusBandwidth(20e9, kA100Gamma), kA100Gamma},
       "reference section 7 (200 Gb/s Slingshot, 15-23 GB/s busbw planned) and 4.1 (NET 14 us)"},
  };
  return presets;
}

CostModel HostCostModel(double memcpy_bytes_per_s, int cores, int ranks) {
  // A step moves a slot with one memcpy (threads: from the peer's buffer;
  // MPI on one host: through shared memory), so beta is memcpy's time per
  // byte. A reduction streams three bytes per byte reduced where memcpy
  // streams two (the GPU presets' assumption above): gamma = 1.5 beta.
  // alpha: waking a waiting thread or process and handing it a cache line,
  // a planning figure of 2 us, not a measurement. More ranks than cores
  // time-share them: everything slows by p / cores.
  const double beta = memcpy_bytes_per_s > 0 ? 1.0 / memcpy_bytes_per_s : 0;
  const double share = cores > 0 && ranks > cores ? static_cast<double>(ranks) / cores : 1.0;
  return CostModel{2e-6 * share, beta * share, 1.5 * beta * share};
}

std::string HostPresetName(double memcpy_gbps, int cores, int ranks) {
  char name[64];
  std::snprintf(name, sizeof(name), "host:%.3g:%d:%d", memcpy_gbps, cores, ranks);
  return name;
}

namespace {

// "host:GBPS:CORES:RANKS" (HostPresetName) as a preset; nullopt otherwise.
std::optional<CostPreset> ParseHostPreset(std::string_view name) {
  if (!name.starts_with("host:")) return std::nullopt;
  const std::string text(name.substr(5));
  char* end = nullptr;
  const double gbps = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != ':' || !(gbps > 0)) return std::nullopt;
  const char* next = end + 1;
  const long cores = std::strtol(next, &end, 10);
  if (end == next || *end != ':' || cores < 1) return std::nullopt;
  next = end + 1;
  const long ranks = std::strtol(next, &end, 10);
  if (end == next || *end != '\0' || ranks < 1 || ranks > kMaxRanks) return std::nullopt;
  // A preset names itself with a string_view: keep each host name seen.
  static std::mutex mutex;
  static std::set<std::string, std::less<>> names;
  const std::lock_guard<std::mutex> lock(mutex);
  const std::string& kept = *names.emplace(name).first;
  return CostPreset{kept,
                    "the recording host (CPU): beta from its memcpy bandwidth, gamma 1.5 beta, "
                    "alpha 2 us, slowed by p / cores when oversubscribed",
                    HostCostModel(gbps * 1e9, static_cast<int>(cores), static_cast<int>(ranks)),
                    "the trace's meta.machine, measured by collscope record"};
}

}  // namespace

std::optional<CostPreset> FindCostPreset(std::string_view name) {
  for (const CostPreset& preset : CostPresets()) {
    if (preset.name == name) return preset;
  }
  return ParseHostPreset(name);
}

double LargestChunkBytes(double bytes, int ranks, int element_bytes) {
  const double element = std::max(1, element_bytes);
  return std::ceil(bytes / element / std::max(1, ranks)) * element;
}

StepCost PriceStep(const Schedule& schedule, std::int64_t step, double bytes,
                   const CostModel& model, int element_bytes) {
  StepCost cost{step, schedule.Phase(step), 0, 0, 0};
  const double slot_bytes = LargestChunkBytes(bytes, schedule.Ranks(), element_bytes);
  // docs/engine.md: a step costs what its slowest rank pays.
  for (const RankLoad& load : schedule.Load(step).distinct) {
    StepCost candidate{
        step, cost.phase, model.alpha_s * static_cast<double>(load.messages),
        model.beta_s_per_byte * slot_bytes * static_cast<double>(load.slots_moved),
        model.gamma_s_per_byte * slot_bytes * static_cast<double>(load.slots_reduced)};
    if (candidate.Total() > cost.Total()) cost = candidate;
  }
  return cost;
}

CostBreakdown PriceSchedule(const Schedule& schedule, double bytes, const CostModel& model,
                            std::vector<StepCost>* steps_out, int element_bytes) {
  CostBreakdown total;
  for (std::int64_t step = 1; step <= schedule.StepCount(); ++step) {
    StepCost cost = PriceStep(schedule, step, bytes, model, element_bytes);
    total.Add(cost);
    if (steps_out != nullptr) steps_out->push_back(cost);
  }
  return total;
}

ClosedForm LectureClosedForm(Collective collective, int ranks) {
  double p = ranks;
  double log_p = CeilLog2(ranks);
  double share = (p - 1) / p;  // (p-1)/p: the part of n that must move
  switch (collective) {
    case Collective::kScatter:
    case Collective::kGather:
      return {log_p, share, 0, "log(p) alpha + (p-1)/p n beta"};
    case Collective::kAllGather:
      return {p - 1, share, 0, "(p-1) alpha + (p-1)/p n beta"};
    case Collective::kReduceScatter:
      return {p - 1, share, share, "(p-1) alpha + (p-1)/p n (beta + gamma)"};
    case Collective::kBroadcast:
      return {log_p + p - 1, 2 * share, 0, "(log(p) + p - 1) alpha + 2 (p-1)/p n beta"};
    case Collective::kReduce:
      return {p - 1 + log_p, 2 * share, share,
              "(p - 1 + log(p)) alpha + (p-1)/p n (2 beta + gamma)"};
    case Collective::kAllReduce:
      return {2 * (p - 1), 2 * share, share, "2 (p-1) alpha + (p-1)/p n (2 beta + gamma)"};
    case Collective::kAllToAll:
      // Not in the lecture's table: pairwise exchange, one block per step.
      return {p - 1, share, 0, "(p-1) alpha + (p-1)/p n beta (pairwise; not in the table)"};
  }
  return {};
}

}  // namespace collscope::engine
