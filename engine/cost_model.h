#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/collective.h"
#include "engine/schedule.h"

namespace collscope::engine {

// The alpha-beta-gamma model of the lecture (slide 10).
struct CostModel {
  double alpha_s = 0;           // per message
  double beta_s_per_byte = 0;   // per byte moved
  double gamma_s_per_byte = 0;  // per byte reduced
};

struct CostPreset {
  std::string_view name;
  std::string_view description;
  CostModel model;
  std::string_view source;  // where the numbers come from
};

const std::vector<CostPreset>& CostPresets();
// A named preset, or a recording host's ("host:GBPS:CORES:RANKS", see
// HostPresetName); nullopt for anything else.
std::optional<CostPreset> FindCostPreset(std::string_view name);

// A CPU host as `collscope record` measured it: one thread's memcpy
// bandwidth, its cores, and the ranks that ran on it.
CostModel HostCostModel(double memcpy_bytes_per_s, int cores, int ranks);
// The preset name FindCostPreset turns back into HostCostModel.
std::string HostPresetName(double memcpy_gbps, int cores, int ranks);

struct StepCost {
  std::int64_t index = 0;
  std::string_view phase;
  double latency_s = 0;
  double bandwidth_s = 0;
  double compute_s = 0;
  double Total() const { return latency_s + bandwidth_s + compute_s; }
  bool operator==(const StepCost&) const = default;
};

struct CostBreakdown {
  double latency_s = 0;
  double bandwidth_s = 0;
  double compute_s = 0;
  double Total() const { return latency_s + bandwidth_s + compute_s; }
  // A schedule costs the sum of its steps (the total, and the running total
  // of steps 1..k).
  void Add(const StepCost& step) {
    latency_s += step.latency_s;
    bandwidth_s += step.bandwidth_s;
    compute_s += step.compute_s;
  }
};

// The bytes one slot is priced at: the longest chunk of NCCL's split
// (engine/chunk_split.h), ceil(n / p) whole elements of element_bytes. A
// step runs as long as its slowest transfer, and the longest chunk is the
// slowest; a message of several slots is priced as that many longest chunks
// (over n by less than p elements for a whole vector).
double LargestChunkBytes(double bytes, int ranks, int element_bytes = 1);

// Price of one step: its slowest rank. bytes is the lecture's n, the full
// vector per rank, in elements of element_bytes (1: NCCL's byte count); a
// slot is LargestChunkBytes.
StepCost PriceStep(const Schedule& schedule, std::int64_t step, double bytes,
                   const CostModel& model, int element_bytes = 1);

// Sum over all steps. Walks the schedule one step at a time, so it works for
// p up to 10^6. When steps_out is given, the per-step costs are appended.
CostBreakdown PriceSchedule(const Schedule& schedule, double bytes, const CostModel& model,
                            std::vector<StepCost>* steps_out = nullptr, int element_bytes = 1);

// The closed form of the lecture's table (Chan et al. 2007) for the default
// algorithm: cost = alpha * alpha_factor + n * (beta * beta_factor + gamma *
// gamma_factor). log(p) is ceil(log2 p), exact for powers of two.
struct ClosedForm {
  double alpha_factor = 0;
  double beta_factor = 0;
  double gamma_factor = 0;
  std::string formula;  // "2(p-1) alpha + (p-1)/p n (2 beta + gamma)"
};
ClosedForm LectureClosedForm(Collective collective, int ranks);

}  // namespace collscope::engine
