#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/cost_model.h"
#include "trace/calls.h"
#include "trace/model.h"
#include "trace/model_fit.h"

namespace collscope::trace {

struct Spread {
  std::size_t count = 0;
  double min = 0;
  double median = 0;
  double max = 0;
};
Spread SpreadOf(std::vector<double> values);

// One step index over every iteration and rank.
struct StepStats {
  std::int32_t step = 0;
  std::string phase;
  Spread duration_ns;
  std::int32_t straggler_rank = -1;  // the rank of the slowest event of this step
  double straggler_ns = 0;           // its duration
  double straggler_excess_ns = 0;    // how far it is past the median
};

struct RankStats {
  std::int32_t rank = 0;
  Spread duration_ns;  // of its step events
  double busy_ns = 0;  // sum of its step durations
};

// Runs (or nccl-tests measurements) of one collective, algorithm and size,
// with the alpha-beta-gamma prediction beside the measurement.
struct SizeStats {
  std::string collective;
  std::string algorithm;         // as recorded ("" when the source does not say)
  std::string priced_algorithm;  // the engine schedule priced ("" when none)
  std::string source;            // "runs" or "measurements"
  std::int32_t ranks = 0;
  std::int64_t bytes = 0;
  Spread time_s;
  double algbw_gbps = 0;  // bytes / median time
  double busbw_gbps = 0;  // algbw x nccl-tests factor
  std::optional<double> predicted_s;
  std::optional<double> fitted_s;  // with the fitted alpha and beta
  // What predicted_s and fitted_s price: "alpha-beta-gamma" (the lecture's
  // model) or "nccl" (NCCL's model, measured traces), and how fitted_s was
  // fitted: "in-sample", or "leave-one-size-out" (a fit without this size).
  std::string model = "alpha-beta-gamma";
  std::string fit = "in-sample";
  std::string nccl_choice;  // NCCL's model's pick, "ring/SIMPLE"; "" when not priced by it
};

// alpha and beta fitted by least squares over message sizes (gamma held at
// the preset's value; residuals relative to the measured time, so small and
// large messages count alike), for one collective/algorithm/ranks group.
struct CostFit {
  std::string collective;
  std::string priced_algorithm;
  std::int32_t ranks = 0;
  std::size_t samples = 0;
  std::size_t distinct_sizes = 0;
  double alpha_s = 0;
  double beta_s_per_byte = 0;
  double gamma_s_per_byte = 0;  // held fixed
  double rms_error_s = 0;
  double rms_relative_error = 0;  // sqrt(mean((fit - t) / t)^2)
  std::string note;               // e.g. "alpha clamped at 0"
};

struct TraceStats {
  std::int32_t ranks = 0;
  std::size_t step_events = 0;
  std::string preset;  // name of the cost preset used for predictions
  engine::CostModel model;
  // The machine the preset stands for when the trace recorded its own
  // ("the recording host: 16 cores, memcpy 10.9 GB/s"); "" for a named preset.
  std::string machine;
  std::vector<StepStats> steps;
  std::vector<RankStats> per_rank;
  std::vector<SizeStats> sizes;
  std::vector<CostFit> fits;
  // Per-rank sources: each call matched across ranks, with its arrival skew.
  std::vector<MatchedCall> calls;
  std::vector<LateArrivals> late_arrivals;
  NcclStats nccl;  // NCCL's model for measured traces (model_fit.h)
};

// The preset used when none is named: one whose name matches the trace's
// partition (delta-a100x4 for gpuA100x4), else delta-slingshot for a run
// over several nodes, else the Delta node its GPU name and rank count point
// to (A40: delta-a40x4; A100 on more than 4 GPUs:
// delta-a100x8; otherwise delta-a100x4), else the first preset.
std::string DefaultPresetFor(const Trace& trace);

TraceStats ComputeStats(const Trace& trace, const std::string& preset_name);

// The `collscope stats --json` document.
std::string StatsToJson(const TraceStats& stats, const std::string& file);

}  // namespace collscope::trace
