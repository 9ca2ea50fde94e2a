#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/transfer.h"

namespace collscope::engine {

// Phase names the views colour by and the traces record.
inline constexpr std::string_view kPhaseReduceScatter = "reduce-scatter";
inline constexpr std::string_view kPhaseAllGather = "all-gather";
inline constexpr std::string_view kPhaseScatter = "scatter";
inline constexpr std::string_view kPhaseGather = "gather";
inline constexpr std::string_view kPhaseBroadcast = "broadcast";
inline constexpr std::string_view kPhaseReduce = "reduce";
inline constexpr std::string_view kPhaseReduceUp = "reduce-up";
inline constexpr std::string_view kPhaseBroadcastDown = "broadcast-down";
inline constexpr std::string_view kPhaseExchange = "exchange";
inline constexpr std::string_view kPhaseFoldIn = "fold-in";
inline constexpr std::string_view kPhaseFoldOut = "fold-out";

// What one rank does in one step, in slots (chunks of n/p bytes). A rank
// that both sends and receives is limited by the larger direction (links
// are full duplex); local copies are free.
struct RankLoad {
  std::int64_t messages = 0;       // max(messages sent, messages received)
  std::int64_t slots_moved = 0;    // max(slots sent, slots received)
  std::int64_t slots_reduced = 0;  // slots received with a reduction

  friend bool operator==(const RankLoad&, const RankLoad&) = default;
};

// The distinct per-rank loads of a step (usually one or two), enough to find
// the step's slowest rank under any alpha, beta and gamma.
struct StepLoad {
  std::vector<RankLoad> distinct;
  std::int64_t slots_written = 0;  // total over all transfers: the undo log's size
};

// A collective algorithm as a sequence of steps, numbered 1..StepCount().
// Steps are produced on demand, never all stored: pricing walks a million
// ranks one step at a time, and the buffer simulation asks for one step's
// transfers when it applies it.
class Schedule {
 public:
  Schedule(int ranks, int slots, std::int64_t step_count)
      : ranks_(ranks), slots_(slots), step_count_(step_count) {}
  virtual ~Schedule() = default;
  Schedule(const Schedule&) = delete;
  Schedule& operator=(const Schedule&) = delete;

  int Ranks() const { return ranks_; }
  int Slots() const { return slots_; }
  std::int64_t StepCount() const { return step_count_; }

  virtual std::string_view Phase(std::int64_t step) const = 0;
  // Appends the transfers of one step; all of them happen at once, reading
  // what their senders held before the step.
  virtual void AppendTransfers(std::int64_t step, std::vector<Transfer>& out) const = 0;
  // Per-rank load of a step. The default emits the transfers; algorithms
  // whose steps are uniform (rings, pairwise) answer in O(1).
  virtual StepLoad Load(std::int64_t step) const;

 private:
  int ranks_;
  int slots_;
  std::int64_t step_count_;
};

// Aggregates a step's transfers into per-rank loads (the generic Load).
StepLoad LoadOfTransfers(int ranks, const std::vector<Transfer>& transfers);

// The building block of every algorithm file: a schedule described by
// functions of the step number.
struct StepFunctions {
  std::function<std::string_view(std::int64_t step)> phase;
  std::function<void(std::int64_t step, std::vector<Transfer>& out)> emit;
  // Optional O(1) load for steps in which every active rank does the same;
  // empty means "emit and aggregate".
  std::function<StepLoad(std::int64_t step)> uniform_load;
};

std::unique_ptr<Schedule> MakeSchedule(int ranks, int slots, std::int64_t step_count,
                                       StepFunctions functions);

// The lecture's compositions (slide 10): the parts run one after the other
// on the same buffers. Parts with no steps (p = 1, no fold needed) vanish.
std::unique_ptr<Schedule> Sequence(std::vector<std::unique_ptr<Schedule>> parts);

}  // namespace collscope::engine
