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
  replay_.Attach(trace_, run_);
  path_ = std::move(path);
}

}  // namespace collscope::gui
