#include "trace/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

#include "engine/algorithm.h"
#include "engine/collective.h"
#include "trace/json_text.h"

namespace collscope::trace {
namespace {

struct Pricing {
  double latency_units = 0;    // cost with alpha = 1, beta = gamma = 0
  double bandwidth_units = 0;  // with beta = 1
  double compute_units = 0;    // with gamma = 1
};

// Prices one collective/algorithm/ranks/bytes with unit coefficients, so
// any alpha, beta and gamma combine linearly (the lecture's model is linear
// in them, step by step, as long as the slowest rank stays the same).
std::optional<Pricing> PriceUnits(const std::string& collective, const std::string& algorithm,
                                  std::int32_t ranks, std::int64_t bytes) {
  auto parsed = engine::ParseCollective(collective);
  if (!parsed || ranks < 1 || ranks > engine::kMaxRanks) return std::nullopt;
  engine::BuildResult built = engine::BuildSchedule(*parsed, algorithm, ranks);
  if (built.schedule == nullptr) return std::nullopt;
  const double n = static_cast<double>(bytes);
  Pricing pricing;
  pricing.latency_units = engine::PriceSchedule(*built.schedule, n, {1, 0, 0}).Total();
  pricing.bandwidth_units = engine::PriceSchedule(*built.schedule, n, {0, 1, 0}).Total();
  pricing.compute_units = engine::PriceSchedule(*built.schedule, n, {0, 0, 1}).Total();
  return pricing;
}

// The engine algorithm to price: the recorded one when the engine knows it,
// else the lecture's default for the collective ("library" runs and
// nccl-tests, where NCCL chose).
std::string AlgorithmToPrice(const std::string& collective, const std::string& algorithm) {
  auto parsed = engine::ParseCollective(collective);
  if (!parsed) return {};
  if (const engine::AlgorithmInfo* info = engine::FindAlgorithm(algorithm);
      info != nullptr && engine::Supports(*info, *parsed)) {
    return algorithm;
  }
  return std::string(engine::DefaultAlgorithm(*parsed));
}

double Predict(const Pricing& pricing, const engine::CostModel& model) {
  return model.alpha_s * pricing.latency_units + model.beta_s_per_byte * pricing.bandwidth_units +
         model.gamma_s_per_byte * pricing.compute_units;
}

struct Sample {
  Pricing pricing;
  double time_s = 0;
  std::int64_t bytes = 0;
};

CostFit Fit(const std::vector<Sample>& samples, double gamma) {
  CostFit fit;
  fit.samples = samples.size();
  fit.gamma_s_per_byte = gamma;
  std::vector<std::int64_t> sizes;
  for (const Sample& s : samples) sizes.push_back(s.bytes);
  std::sort(sizes.begin(), sizes.end());
  fit.distinct_sizes =
      static_cast<std::size_t>(std::unique(sizes.begin(), sizes.end()) - sizes.begin());
  // Normal equations of t - gamma*C = alpha*A + beta*B, each row divided
  // by t: sizes span many decades, and an unweighted fit would match the
  // largest messages only, leaving the latency term to chance.
  double aa = 0, ab = 0, bb = 0, at = 0, bt = 0;
  for (const Sample& s : samples) {
    const double w = s.time_s > 0 ? 1 / s.time_s : 1;
    const double a = s.pricing.latency_units * w;
    const double b = s.pricing.bandwidth_units * w;
    const double t = (s.time_s - gamma * s.pricing.compute_units) * w;
    aa += a * a;
    ab += a * b;
    bb += b * b;
    at += a * t;
    bt += b * t;
  }
  const double det = aa * bb - ab * ab;
  double alpha = 0, beta = 0;
  if (fit.distinct_sizes >= 2 && std::fabs(det) > 1e-30 * std::max(1.0, aa * bb)) {
    alpha = (at * bb - bt * ab) / det;
    beta = (aa * bt - ab * at) / det;
  }
  // Negative costs mean nothing; refit the other coefficient alone.
  if (alpha < 0 || fit.distinct_sizes < 2) {
    alpha = 0;
    beta = bb > 0 ? bt / bb : 0;
    fit.note = fit.distinct_sizes < 2 ? "one message size only: beta alone" : "alpha clamped at 0";
  }
  if (beta < 0) {
    beta = 0;
    alpha = aa > 0 ? at / aa : 0;
    fit.note = "beta clamped at 0";
  }
  fit.alpha_s = alpha;
  fit.beta_s_per_byte = beta;
  double se = 0, sr = 0;
  for (const Sample& s : samples) {
    const double predicted = Predict(s.pricing, {alpha, beta, gamma});
    const double error = predicted - s.time_s;
    se += error * error;
    if (s.time_s > 0) sr += (error / s.time_s) * (error / s.time_s);
  }
  if (!samples.empty()) {
    fit.rms_error_s = std::sqrt(se / static_cast<double>(samples.size()));
    fit.rms_relative_error = std::sqrt(sr / static_cast<double>(samples.size()));
  }
  return fit;
}

void StepAndRankStats(const Trace& trace, TraceStats& stats) {
  struct StepAccumulator {
    std::string phase;
    std::vector<double> durations;
    std::int32_t straggler_rank = -1;
    double straggler_ns = -1;
  };
  std::map<std::int32_t, StepAccumulator> steps;
  std::map<std::int32_t, std::vector<double>> ranks;
  for (const Run& run : trace.runs) {
    for (const StepEvent& event : run.steps) {
      const double duration = static_cast<double>(event.DurationNs());
      StepAccumulator& step = steps[event.step];
      if (step.durations.empty()) step.phase = std::string(trace.PhaseName(event.phase));
      step.durations.push_back(duration);
      if (duration > step.straggler_ns) {
        step.straggler_ns = duration;
        step.straggler_rank = event.rank;
      }
      ranks[event.rank].push_back(duration);
      ++stats.step_events;
    }
  }
  for (auto& [index, step] : steps) {
    StepStats out;
    out.step = index;
    out.phase = step.phase;
    out.duration_ns = SpreadOf(std::move(step.durations));
    out.straggler_rank = step.straggler_rank;
    out.straggler_ns = step.straggler_ns;
    out.straggler_excess_ns = step.straggler_ns - out.duration_ns.median;
    stats.steps.push_back(std::move(out));
  }
  for (auto& [rank, durations] : ranks) {
    RankStats out;
    out.rank = rank;
    for (double d : durations) out.busy_ns += d;
    out.duration_ns = SpreadOf(std::move(durations));
    stats.per_rank.push_back(out);
  }
}

}  // namespace

Spread SpreadOf(std::vector<double> values) {
  Spread spread;
  spread.count = values.size();
  if (values.empty()) return spread;
  std::sort(values.begin(), values.end());
  spread.min = values.front();
  spread.max = values.back();
  const std::size_t mid = values.size() / 2;
  spread.median = values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return spread;
}

std::string DefaultPresetFor(const Trace& trace) {
  const auto& presets = engine::CostPresets();
  // A CPU recording (threads, or MPI processes) ran on its host, not on a
  // GPU: price it against the host the recorder measured.
  if (trace.meta.machine && (trace.meta.source == "threads" || trace.meta.source == "mpi")) {
    return engine::HostPresetName(trace.meta.machine->memcpy_gbps, trace.meta.machine->cores,
                                  std::max(1, trace.RankCount()));
  }
  std::string partition = trace.meta.partition;
  std::transform(partition.begin(), partition.end(), partition.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (partition.starts_with("gpu")) partition.erase(0, 3);
  for (const engine::CostPreset& preset : presets) {
    if (!partition.empty() && preset.name.ends_with(partition)) return std::string(preset.name);
  }
  // No partition: the node type from the GPU name and how many GPUs ran
  // (nccl-tests and NCCL logs name the GPU; an 8-GPU A100 run is the
  // NVSwitch node, whose links are almost three times faster).
  int ranks = trace.RankCount();
  for (const Measurement& m : trace.measurements) ranks = std::max(ranks, m.ranks);
  // Several nodes: the network is the slowest link of the ring.
  if (const std::string* nodes = trace.meta.ExtraJson("nodes");
      nodes != nullptr && std::atof(nodes->c_str()) > 1 &&
      engine::FindCostPreset("delta-slingshot")) {
    return "delta-slingshot";
  }
  const std::string_view gpu = trace.meta.gpu;
  const char* by_gpu = gpu.find("A40") != std::string_view::npos                 ? "delta-a40x4"
                       : gpu.find("A100") != std::string_view::npos && ranks > 4 ? "delta-a100x8"
                                                                                 : "delta-a100x4";
  if (engine::FindCostPreset(by_gpu)) return by_gpu;
  return presets.empty() ? std::string() : std::string(presets.front().name);
}

TraceStats ComputeStats(const Trace& trace, const std::string& preset_name) {
  TraceStats stats;
  stats.ranks = trace.RankCount();
  if (auto preset = engine::FindCostPreset(preset_name)) {
    stats.preset = std::string(preset->name);
    stats.model = preset->model;
    if (preset_name.starts_with("host:") && trace.meta.machine) {
      stats.machine = "the recording host " + trace.meta.host + ": " +
                      std::to_string(trace.meta.machine->cores) + " cores, memcpy " +
                      JsonNumber(trace.meta.machine->memcpy_gbps) +
                      " GB/s (measured at record time)";
    }
  }
  StepAndRankStats(trace, stats);
  stats.calls = MatchCalls(trace);
  stats.late_arrivals = CountLateArrivals(stats.calls);

  // Group timed runs, then measurements, by collective/algorithm/ranks/bytes.
  using Key = std::tuple<std::string, std::string, std::int32_t, std::int64_t, std::string>;
  std::map<Key, std::vector<double>> groups;
  for (const Run& run : trace.runs) {
    std::int64_t start = run.t_start_ns, end = run.t_end_ns;
    if (!run.steps.empty() && end <= start) {
      start = run.steps.front().t_start_ns;
      end = run.steps.front().t_end_ns;
      for (const StepEvent& e : run.steps) {
        start = std::min(start, e.t_start_ns);
        end = std::max(end, e.t_end_ns);
      }
    }
    if (end <= start || run.bytes <= 0) continue;
    // A one-rank profile of an 8-rank job still ran on 8 ranks.
    const std::int32_t ranks = run.comm_ranks > 0 ? run.comm_ranks : stats.ranks;
    groups[{run.collective, run.algorithm, ranks, run.bytes, "runs"}].push_back(
        static_cast<double>(end - start) * 1e-9);
  }
  for (const Measurement& m : trace.measurements) {
    // nccl-tests: out-of-place rows (in-place ones are the same operation).
    if (m.in_place || m.time_us <= 0 || m.bytes <= 0) continue;
    const std::int32_t ranks = m.ranks > 0 ? m.ranks : stats.ranks;
    groups[{m.collective, "", ranks, m.bytes, "measurements"}].push_back(m.time_us * 1e-6);
  }
  // Fit samples per group, runs and measurements apart: a recorder trace
  // carries both, the measurement being the runs' summary, so it only feeds
  // the fit when the group has no timed runs.
  std::map<std::tuple<std::string, std::string, std::int32_t>, std::vector<Sample>> fit_runs;
  std::map<std::tuple<std::string, std::string, std::int32_t>, std::vector<Sample>> fit_measured;
  std::map<std::tuple<std::string, std::string, std::int32_t>, std::vector<std::size_t>> members;
  for (auto& [key, times] : groups) {
    const auto& [collective, algorithm, ranks, bytes, source] = key;
    SizeStats size;
    size.collective = collective;
    size.algorithm = algorithm;
    size.source = source;
    size.ranks = ranks;
    size.bytes = bytes;
    size.time_s = SpreadOf(times);
    if (size.time_s.median > 0) {
      size.algbw_gbps = static_cast<double>(bytes) / size.time_s.median * 1e-9;
      size.busbw_gbps = size.algbw_gbps * BusBwFactor(collective, ranks);
    }
    size.priced_algorithm = AlgorithmToPrice(collective, algorithm);
    if (!size.priced_algorithm.empty()) {
      if (auto pricing = PriceUnits(collective, size.priced_algorithm, ranks, bytes)) {
        if (!stats.preset.empty()) size.predicted_s = Predict(*pricing, stats.model);
        const auto group = std::make_tuple(collective, size.priced_algorithm, ranks);
        auto& samples = source == "runs" ? fit_runs[group] : fit_measured[group];
        for (double t : times) samples.push_back({*pricing, t, bytes});
        members[group].push_back(stats.sizes.size());
      } else {
        size.priced_algorithm.clear();
      }
    }
    stats.sizes.push_back(std::move(size));
  }
  for (const auto& [group, measured] : fit_measured) {
    if (!fit_runs.contains(group)) fit_runs[group] = measured;
  }
  for (const auto& [group, samples] : fit_runs) {
    CostFit fit = Fit(samples, stats.model.gamma_s_per_byte);
    std::tie(fit.collective, fit.priced_algorithm, fit.ranks) = group;
    for (std::size_t index : members[group]) {
      SizeStats& size = stats.sizes[index];
      if (auto pricing =
              PriceUnits(size.collective, size.priced_algorithm, size.ranks, size.bytes)) {
        size.fitted_s = Predict(*pricing, {fit.alpha_s, fit.beta_s_per_byte, fit.gamma_s_per_byte});
      }
    }
    stats.fits.push_back(std::move(fit));
  }
  ApplyNcclModel(trace, stats);
  return stats;
}

std::string StatsToJson(const TraceStats& stats, const std::string& file) {
  // Our own writer (json_text.h): `stats` needs no JSON library, so it also
  // works in a build without one (a cluster's modules).
  std::string out;
  auto spread = [&out](const Spread& s) {
    JsonObject(out)
        .Int("count", static_cast<std::int64_t>(s.count))
        .Num("min", s.min)
        .Num("median", s.median)
        .Num("max", s.max)
        .Close();
  };
  auto optional_number = [&out](const std::optional<double>& value) {
    if (value) {
      AppendJsonNumber(out, *value);
    } else {
      out += "null";
    }
  };
  JsonObject root(out);
  root.Str("file", file).Int("ranks", stats.ranks);
  root.Int("step_events", static_cast<std::int64_t>(stats.step_events));
  root.Key("preset");
  JsonObject(out)
      .Str("name", stats.preset)
      .Num("alpha_s", stats.model.alpha_s)
      .Num("beta_s_per_byte", stats.model.beta_s_per_byte)
      .Num("gamma_s_per_byte", stats.model.gamma_s_per_byte)
      .Close();
  if (!stats.machine.empty()) root.Str("machine", stats.machine);
  root.Key("steps");
  AppendObjectArray(out, stats.steps, ArrayLines::kInline,
                    [&](JsonObject& step, const StepStats& s) {
                      step.Int("step", s.step).Str("phase", s.phase).Key("duration_ns");
                      spread(s.duration_ns);
                      step.Int("straggler_rank", s.straggler_rank)
                          .Num("straggler_ns", s.straggler_ns)
                          .Num("straggler_excess_ns", s.straggler_excess_ns);
                    });
  root.Key("per_rank");
  AppendObjectArray(out, stats.per_rank, ArrayLines::kInline,
                    [&](JsonObject& rank, const RankStats& r) {
                      rank.Int("rank", r.rank).Key("duration_ns");
                      spread(r.duration_ns);
                      rank.Num("busy_ns", r.busy_ns);
                    });
  root.Key("sizes");
  AppendObjectArray(
      out, stats.sizes, ArrayLines::kInline, [&](JsonObject& row, const SizeStats& s) {
        row.Str("collective", s.collective)
            .Str("algorithm", s.algorithm)
            .Str("priced_algorithm", s.priced_algorithm)
            .Str("source", s.source)
            .Int("ranks", s.ranks)
            .Int("bytes", s.bytes)
            .Key("time_s");
        spread(s.time_s);
        row.Num("algbw_gbps", s.algbw_gbps).Num("busbw_gbps", s.busbw_gbps).Key("predicted_s");
        optional_number(s.predicted_s);
        row.Key("fitted_s");
        optional_number(s.fitted_s);
        row.Str("model", s.model).Str("fit", s.fit).Str("nccl_choice", s.nccl_choice);
      });
  root.Key("fits");
  AppendObjectArray(out, stats.fits, ArrayLines::kInline, [](JsonObject& json, const CostFit& f) {
    json.Str("collective", f.collective)
        .Str("priced_algorithm", f.priced_algorithm)
        .Int("ranks", f.ranks)
        .Int("samples", static_cast<std::int64_t>(f.samples))
        .Int("distinct_sizes", static_cast<std::int64_t>(f.distinct_sizes))
        .Num("alpha_s", f.alpha_s)
        .Num("beta_s_per_byte", f.beta_s_per_byte)
        .Num("gamma_s_per_byte", f.gamma_s_per_byte)
        .Num("rms_error_s", f.rms_error_s)
        .Num("rms_relative_error", f.rms_relative_error)
        .Str("note", f.note);
  });
  root.Key("calls");
  AppendObjectArray(out, stats.calls, ArrayLines::kInline,
                    [](JsonObject& json, const MatchedCall& c) {
                      json.Str("process_group", c.process_group)
                          .Int("sequence", c.sequence)
                          .Str("collective", c.collective)
                          .Int("bytes", c.bytes)
                          .Int("comm_ranks", c.comm_ranks)
                          .Int("ranks_seen", static_cast<std::int64_t>(c.RanksSeen()))
                          .Int("first_rank", c.first_rank)
                          .Int("last_rank", c.last_rank)
                          .Int("arrival_skew_ns", c.SkewNs())
                          .Int("work_ns", c.WorkNs())
                          .Num("busbw_gbps", c.BusBwGbps())
                          .Bool("mismatched", c.mismatched);
                    });
  root.Key("late_arrivals");
  AppendObjectArray(out, stats.late_arrivals, ArrayLines::kInline,
                    [](JsonObject& json, const LateArrivals& late) {
                      json.Int("rank", late.rank)
                          .Int("times_last", static_cast<std::int64_t>(late.times_last))
                          .Int("skew_ns", late.skew_ns);
                    });
  root.Key("nccl_model") += NcclStatsJson(stats.nccl);
  root.Close();
  return out;
}

}  // namespace collscope::trace
