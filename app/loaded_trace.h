#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/schedule_walk.h"
#include "app/trace_replay.h"
#include "trace/model.h"

namespace collscope::gui {

// The schedule to show beside a trace: its run's collective at its rank
// count, by the run's algorithm when the engine has it for that collective
// (else the one the lecture prices), at the run's size (else the lecture's
// n), priced with the preset of the machine the trace came from. The run is
// the first with per-step events; without one, the measurements'
// collective (nccl-tests) or the first run the engine knows (an NCCL log's
// calls, Kineto kernels). nullopt when the trace names no collective the
// engine knows.
std::optional<Config> ConfigForTrace(const trace::Trace& loaded);

// A trace opened with --trace, File > Open or a drop: the trace, the files it
// came from, the run the timeline shows and its replay.
class LoadedTrace {
 public:
  // The run with per-step events the timeline shows (-1: none).
  static int TimelineRun(const trace::Trace& loaded);

  void Adopt(std::shared_ptr<const trace::Trace> loaded, std::string path);
  const trace::Trace* trace() const { return trace_.get(); }
  const std::string& path() const { return path_; }
  int run() const { return run_; }
  // The runs with per-step events: a recording's iterations.
  std::vector<int> TimedRuns() const;
  // Shows run `run` (one of TimedRuns) on the timeline and in the replay.
  void ShowRun(int run);
  // Shows every timed run end to end, as one stretch of the timeline.
  void ShowAllRuns();
  bool showing_all_runs() const { return all_runs_ != nullptr; }
  // Replay of that run in scaled time.
  TraceReplay& replay() { return replay_; }
  const TraceReplay& replay() const { return replay_; }

 private:
  std::shared_ptr<const trace::Trace> trace_;
  std::string path_;
  int run_ = -1;
  // "All end to end": a trace whose one run holds the steps of every timed
  // run (null while one run is shown).
  std::shared_ptr<const trace::Trace> all_runs_;
  TraceReplay replay_;
};

}  // namespace collscope::gui
