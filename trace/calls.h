#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/model.h"

namespace collscope::trace {

// One collective call matched across the ranks that ran it: the runs of a
// per-rank source (Kineto, Chrome, Inspector) with the same process group
// and sequence number (and collective: NCCL Inspector numbers each
// collective type apart).
//
// In a collective every rank's kernel waits for the last to arrive, so each
// rank's duration stretches to that arrival and durations hide the
// straggler; the arrival skew (the spread of the calls' start times) finds
// it: the rank that started last held everyone up by `SkewNs()`.
struct MatchedCall {
  std::string process_group;
  std::int64_t sequence = -1;
  std::string collective;
  std::int64_t bytes = 0;
  std::int32_t comm_ranks = 0;    // the communicator's size (0: unknown)
  std::vector<std::size_t> runs;  // indexes into Trace::runs, by start time
  std::int32_t first_rank = -1;   // arrived first
  std::int32_t last_rank = -1;    // arrived last
  std::int64_t first_start_ns = 0;
  std::int64_t last_start_ns = 0;
  std::int64_t end_ns = 0;  // the last rank's end
  bool mismatched = false;  // ranks disagree on the collective or size

  std::int64_t SkewNs() const { return last_start_ns - first_start_ns; }
  // From the last arrival to the end: the time the collective itself took.
  std::int64_t WorkNs() const { return end_ns - last_start_ns; }
  std::size_t RanksSeen() const { return runs.size(); }
  // nccl-tests' bus bandwidth of the call over WorkNs(); 0 when unknown.
  double BusBwGbps() const;
};

// The calls of a trace's per-rank runs, in order of first arrival. Runs
// without a rank or a sequence number are left out.
std::vector<MatchedCall> MatchCalls(const Trace& trace);

// How often each rank arrived last, among calls seen on two ranks or more.
struct LateArrivals {
  std::int32_t rank = -1;
  std::size_t times_last = 0;
  std::int64_t skew_ns = 0;  // summed over those calls
};
std::vector<LateArrivals> CountLateArrivals(const std::vector<MatchedCall>& calls);

}  // namespace collscope::trace
