#pragma once

// The timeline of a per-rank trace (PyTorch profiles, Chrome traces, NCCL
// Inspector): a lane per rank and CUDA stream holding its NCCL kernels on
// one time base, and each kernel's call matched across ranks, so that the
// timeline can show which rank arrived last and by how much. Pure logic (no
// ImGui), tested without a display.
#include <cstdint>
#include <string>
#include <vector>

#include "trace/calls.h"
#include "trace/model.h"

namespace collscope::gui {

struct KernelLane {
  std::int32_t rank = 0;
  std::int64_t stream = -1;
  std::vector<std::uint32_t> runs;    // indices into Trace::runs, by start time
  std::vector<std::int64_t> max_end;  // running maximum of the runs' ends
};

class KernelLanes {
 public:
  KernelLanes() = default;
  // The runs of `trace` that have a rank and no per-step events.
  explicit KernelLanes(const trace::Trace& trace);

  bool empty() const { return lanes_.empty(); }
  const std::vector<KernelLane>& lanes() const { return lanes_; }
  const std::vector<trace::MatchedCall>& calls() const { return calls_; }
  // The matched call of run `run`, or -1.
  int CallOf(std::size_t run) const;
  std::int64_t first_ns() const { return first_ns_; }
  std::int64_t last_ns() const { return last_ns_; }
  // The first position in lane's runs from which a run may end after t_ns.
  std::size_t FirstEndingAfter(const KernelLane& lane, double t_ns) const;

 private:
  std::vector<KernelLane> lanes_;
  std::vector<trace::MatchedCall> calls_;
  std::vector<int> call_of_run_;
  std::int64_t first_ns_ = 0;
  std::int64_t last_ns_ = 0;
};

// The hover text of one kernel: the call (collective, bytes, dtype,
// communicator size), where it ran, its time and busbw, and its call across
// ranks: how late this rank arrived and which rank arrived last.
std::string KernelTooltip(const trace::Trace& trace, const KernelLanes& lanes, std::size_t run);

}  // namespace collscope::gui
