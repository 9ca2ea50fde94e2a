#include "app/loaded_trace.h"

#include <algorithm>
#include <utility>

#include "engine/algorithm.h"
#include "trace/stats.h"

namespace collscope::gui {

int LoadedTrace::TimelineRun(const trace::Trace& loaded) {
  for (std::size_t i = 0; i < loaded.runs.size(); ++i) {
    if (!loaded.runs[i].steps.empty()) return static_cast<int>(i);
  }
  return -1;
}

std::optional<Config> ConfigForTrace(const trace::Trace& loaded) {
  std::string collective_name;
  std::string algorithm;
  std::int64_t bytes = 0;
  int ranks = static_cast<int>(loaded.RankCount());
  if (const int timeline = LoadedTrace::TimelineRun(loaded); timeline >= 0) {
    // The schedule the run followed, beside its timeline (a recorder trace
    // names it; other sources may not).
    const trace::Run& run = loaded.runs[static_cast<std::size_t>(timeline)];
    collective_name = run.collective;
    algorithm = run.algorithm;
    bytes = run.bytes;
  } else if (!loaded.measurements.empty()) {
    const trace::Measurement& first = loaded.measurements.front();
    collective_name = first.collective;
    if (first.ranks > 0) ranks = first.ranks;
    for (const trace::Measurement& m : loaded.measurements) {
      if (m.collective == first.collective) bytes = std::max(bytes, m.bytes);
    }
  } else {
    // A log without calls names no collective: allreduce, as NCCL's rings
    // and trees are drawn for.
    collective_name = "allreduce";
    for (const trace::Run& run : loaded.runs) {
      if (!engine::ParseCollective(run.collective)) continue;
      collective_name = run.collective;
      algorithm = run.algorithm;
      bytes = run.bytes;
      // A one-rank profile of an 8-rank job ran on 8 ranks.
      ranks = std::max(ranks, run.comm_ranks);
      break;
    }
  }
  const auto collective = engine::ParseCollective(collective_name);
  if (!collective || ranks < 1) return std::nullopt;
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(algorithm);
  Config config;
  config.collective = *collective;
  config.algorithm = info && engine::Supports(*info, *collective)
                         ? algorithm
                         : std::string(engine::DefaultAlgorithm(*collective));
  config.ranks = ranks;
  config.root = 0;
  // A log without calls names no size: the lecture's n then.
  config.bytes = bytes > 0 ? static_cast<double>(bytes) : Config{}.bytes;
  config.preset = trace::DefaultPresetFor(loaded);
  return config;
}

void LoadedTrace::Adopt(std::shared_ptr<const trace::Trace> loaded, std::string path) {
  trace_ = std::move(loaded);
  run_ = trace_ ? TimelineRun(*trace_) : -1;
  all_runs_.reset();
  replay_.Attach(trace_, run_);
  path_ = std::move(path);
}

std::vector<int> LoadedTrace::TimedRuns() const {
  std::vector<int> runs;
  if (!trace_) return runs;
  for (std::size_t i = 0; i < trace_->runs.size(); ++i) {
    if (!trace_->runs[i].steps.empty()) runs.push_back(static_cast<int>(i));
  }
  return runs;
}

void LoadedTrace::ShowRun(int run) {
  if (!trace_ || run < 0 || run >= static_cast<int>(trace_->runs.size()) ||
      trace_->runs[static_cast<std::size_t>(run)].steps.empty()) {
    return;
  }
  all_runs_.reset();
  run_ = run;
  replay_.Attach(trace_, run);
}

void LoadedTrace::ShowAllRuns() {
  const std::vector<int> runs = TimedRuns();
  if (runs.empty()) return;
  auto all = std::make_shared<trace::Trace>();
  all->meta = trace_->meta;
  all->ranks = trace_->ranks;
  all->phases = trace_->phases;
  all->complete = trace_->complete;
  trace::Run joined = trace_->runs[static_cast<std::size_t>(runs.front())];
  joined.steps.clear();
  std::size_t events = 0;
  for (int run : runs) events += trace_->runs[static_cast<std::size_t>(run)].steps.size();
  joined.steps.reserve(events);
  for (int run : runs) {
    const trace::Run& r = trace_->runs[static_cast<std::size_t>(run)];
    joined.t_start_ns = std::min(joined.t_start_ns, r.t_start_ns);
    joined.t_end_ns = std::max(joined.t_end_ns, r.t_end_ns);
    joined.steps.insert(joined.steps.end(), r.steps.begin(), r.steps.end());
  }
  all->runs.push_back(std::move(joined));
  all_runs_ = all;
  run_ = runs.front();
  replay_.Attach(all_runs_, 0);
}

}  // namespace collscope::gui
