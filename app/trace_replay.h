#pragma once

// Trace replay (issue 5): a playhead that moves over one run of a loaded
// trace in scaled time, and what each rank is doing under it: the step it
// is in, whether it waits for a peer, and the transfers in flight. Pure
// logic (no ImGui, GL or JSON) so that it is tested without a display; the
// timeline, ring, tree and buffer-table panels draw from it.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/buffer_state.h"
#include "engine/collective.h"
#include "engine/schedule.h"
#include "trace/model.h"

namespace collscope::gui {

// One run's step events per rank, sorted by start time, with the running
// maximum of their end times: the events that reach past a time are then
// found by binary search even where a rank's events overlap (channels).
class RunIndex {
 public:
  RunIndex() = default;
  // `ranks` rows; events of ranks outside [0, ranks) are left out.
  RunIndex(const trace::Run& run, int ranks);

  int Ranks() const { return static_cast<int>(rows_.size()); }
  // Indices into run.steps of rank `rank`'s events, by start time.
  const std::vector<std::uint32_t>& Row(int rank) const {
    return rows_[static_cast<std::size_t>(rank)];
  }
  // The first position in Row(rank) from which an event may end after
  // `t_ns`: every event before it ended at or before t_ns.
  std::size_t FirstEndingAfter(int rank, double t_ns) const;
  // The number of events of the row that start at or before `t_ns`.
  std::size_t StartedBy(const trace::Run& run, int rank, double t_ns) const;
  // The run's span: first event start, last event end.
  std::int64_t first_ns() const { return first_ns_; }
  std::int64_t last_ns() const { return last_ns_; }
  std::size_t EventCount() const { return events_; }

 private:
  std::vector<std::vector<std::uint32_t>> rows_;
  std::vector<std::vector<std::int64_t>> max_end_;
  std::int64_t first_ns_ = 0;
  std::int64_t last_ns_ = 0;
  std::size_t events_ = 0;
};

// What one rank is doing at the playhead.
struct RankAtTime {
  // The step it is in (the event whose [t_start, t_end) holds the time);
  // between two events the last finished step; 0 before its first event.
  std::int32_t step = 0;
  bool in_step = false;  // an event of this rank holds the time
  // Waiting for a peer: in step k while the rank it receives from has not
  // reached step k yet, or idle between a finished step and the next.
  bool waiting = false;
  std::int32_t waiting_for = -1;  // the peer it receives from next, -1: none
  bool done = false;              // past its last event
};

// Every rank at one time.
struct ReplaySnapshot {
  std::int64_t t_ns = 0;
  std::vector<RankAtTime> ranks;
  // Events (indices into run.steps) that hold the time and send something:
  // the transfers in flight.
  std::vector<std::uint32_t> in_flight;
  // The step most ranks are in (ties: the earlier), which the views that
  // show one step for all ranks follow.
  std::int64_t shown_step = 0;

  std::vector<int> WaitingRanks() const;
};

ReplaySnapshot SnapshotAt(const trace::Run& run, const RunIndex& index, std::int64_t t_ns);

// How far through its step an event is at t_ns (0 at its start, 1 at its
// end): where the views put an in-flight chunk along its arrow.
float ProgressAt(const trace::StepEvent& event, std::int64_t t_ns);

// The playhead over the loaded trace's run, moving at `speed` x real time
// while playing. The replay is active once a playhead is set (Seek or
// play) and until Stop; while active the views show the playhead's moment.
class TraceReplay {
 public:
  // Replay speeds the timeline offers, slowest first: a 64 MB allreduce
  // takes about a millisecond, so 1/10000 stretches it to ten seconds.
  static constexpr double kPresetSpeeds[] = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};
  // The sample traces last a few microseconds: down to 1e-6 for them.
  static constexpr double kMinSpeed = 1e-6;
  static constexpr double kMaxSpeed = 1.0;

  // Indexes `run` of `trace` (-1 or a run without events: nothing to
  // replay); the playhead is cleared.
  void Attach(std::shared_ptr<const trace::Trace> trace, int run);
  bool Attached() const { return run_ != nullptr; }
  const trace::Run* run() const { return run_; }
  const RunIndex& index() const { return index_; }

  bool Active() const { return playhead_ns_.has_value(); }
  // The playhead (trace ns; the first event's start when not active).
  std::int64_t playhead_ns() const;
  // Sets the playhead, clamped to the run's span, and makes the replay active.
  void Seek(std::int64_t t_ns);
  // Leaves the replay: the views go back to the step shown before.
  void Stop();

  double speed() const { return speed_; }
  void SetSpeed(double speed);
  bool playing() const { return playing_; }
  // Playing from the end starts over from the first event.
  void SetPlaying(bool playing);
  // Advances the playhead by dt_s x 1e9 x speed trace nanoseconds while
  // playing, and stops at the last event's end. Returns true when the
  // playhead moved (by Seek or by playing) since the last Tick, so that the
  // caller follows it once per change.
  bool Tick(double dt_s);

  // What every rank does at the playhead (empty while not active).
  const ReplaySnapshot& snapshot() const { return snapshot_; }

 private:
  void Recompute();

  std::shared_ptr<const trace::Trace> trace_;
  const trace::Run* run_ = nullptr;
  RunIndex index_;
  std::optional<double> playhead_ns_;  // fractional: 1e-6 x a frame is ns
  double speed_ = 1e-4;
  bool playing_ = false;
  bool moved_ = false;
  ReplaySnapshot snapshot_;
};

// One row of the buffer table under a replay: what rank r holds at the
// playhead. A rank in step k has not received step k's data yet, so its row
// is the state after step k-1 with the cells step k writes marked pending;
// a rank between steps shows the state after the step it finished.
struct ReplayRow {
  std::int64_t step = 0;               // the step whose result the row shows
  std::vector<std::string> labels;     // per slot, "" when empty
  std::vector<std::int64_t> terms;     // per slot, how many ranks' chunks it sums
  std::vector<std::uint8_t> written;   // written by that step
  std::vector<std::uint8_t> pending;   // to be written by the step in progress
  std::vector<std::uint8_t> complete;  // a reduction's full sum
};

// The buffer table when ranks are at different steps: a simulation of its
// own (the shown one stays at the shown step), moved to each distinct step
// among the ranks in turn to copy the rows at that step.
class ReplayBuffers {
 public:
  // Up to this many ranks each row of the table is at its rank's own step;
  // ranks above it keep one step for the whole table: a row per rank and
  // step would not be readable anyway (the table is a heat map there).
  static constexpr int kMaxRanksAtOwnStep = 64;

  // Rebuilds the rows when the schedule or the ranks' steps changed
  // (steps are clamped to the schedule's). The algorithm's name tells a new
  // schedule from one that reuses the old one's address. Returns an error
  // when the simulation refuses a step.
  std::optional<std::string> Update(const engine::Schedule& schedule, std::string_view algorithm,
                                    engine::Collective collective, int root,
                                    std::span<const RankAtTime> ranks, int max_terms);
  const std::vector<ReplayRow>& rows() const { return rows_; }

 private:
  const engine::Schedule* schedule_ = nullptr;
  std::string algorithm_;
  engine::Collective collective_ = engine::Collective::kAllReduce;
  int root_ = 0;
  int max_terms_ = 0;
  // Per rank: the step shown and the step in progress (0: none).
  std::vector<std::pair<std::int32_t, std::int32_t>> steps_;
  std::unique_ptr<engine::BufferState> buffers_;
  std::vector<ReplayRow> rows_;
};

// A replay speed as a script writes it: "0.001", "1e-3" or "1/1000";
// nullopt unless it is a number in (0, 1].
std::optional<double> ParseReplaySpeed(std::string_view text);

// The engine's per-step model times laid out back to back from `start_ns`:
// element k is the end of step k+1 (ns, fractional).
std::vector<double> ModelStepEnds(std::span<const double> step_seconds, double start_ns);

}  // namespace collscope::gui
