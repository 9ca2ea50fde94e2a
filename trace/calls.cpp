#include "trace/calls.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace collscope::trace {

double MatchedCall::BusBwGbps() const {
  if (bytes <= 0 || WorkNs() <= 0) return 0;
  const int ranks = comm_ranks > 0 ? comm_ranks : static_cast<int>(RanksSeen());
  // bytes per ns is GB/s.
  return static_cast<double>(bytes) / static_cast<double>(WorkNs()) *
         BusBwFactor(collective, ranks);
}

std::vector<MatchedCall> MatchCalls(const Trace& trace) {
  // NCCL Inspector numbers calls per collective type (coll_sn), PyTorch per
  // process group: the collective is part of the key for both.
  std::map<std::tuple<std::string, std::string, std::int64_t>, MatchedCall> by_key;
  for (std::size_t i = 0; i < trace.runs.size(); ++i) {
    const Run& run = trace.runs[i];
    if (run.rank < 0 || run.sequence < 0) continue;
    MatchedCall& call = by_key[{run.process_group, run.collective, run.sequence}];
    if (call.runs.empty()) {
      call.process_group = run.process_group;
      call.sequence = run.sequence;
      call.collective = run.collective;
      call.bytes = run.bytes;
      call.comm_ranks = run.comm_ranks;
      call.first_start_ns = call.last_start_ns = run.t_start_ns;
      call.first_rank = call.last_rank = run.rank;
      call.end_ns = run.t_end_ns;
    } else {
      call.mismatched =
          call.mismatched || call.collective != run.collective || call.bytes != run.bytes;
      if (run.t_start_ns < call.first_start_ns) {
        call.first_start_ns = run.t_start_ns;
        call.first_rank = run.rank;
      }
      if (run.t_start_ns > call.last_start_ns) {
        call.last_start_ns = run.t_start_ns;
        call.last_rank = run.rank;
      }
      call.end_ns = std::max(call.end_ns, run.t_end_ns);
      call.comm_ranks = std::max(call.comm_ranks, run.comm_ranks);
    }
    call.runs.push_back(i);
  }
  std::vector<MatchedCall> calls;
  calls.reserve(by_key.size());
  for (auto& [key, call] : by_key) {
    std::sort(call.runs.begin(), call.runs.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(trace.runs[a].t_start_ns, trace.runs[a].rank) <
             std::tie(trace.runs[b].t_start_ns, trace.runs[b].rank);
    });
    calls.push_back(std::move(call));
  }
  std::stable_sort(calls.begin(), calls.end(), [](const MatchedCall& a, const MatchedCall& b) {
    return a.first_start_ns < b.first_start_ns;
  });
  return calls;
}

std::vector<LateArrivals> CountLateArrivals(const std::vector<MatchedCall>& calls) {
  std::map<std::int32_t, LateArrivals> by_rank;
  for (const MatchedCall& call : calls) {
    if (call.RanksSeen() < 2) continue;
    LateArrivals& late = by_rank[call.last_rank];
    late.rank = call.last_rank;
    ++late.times_last;
    late.skew_ns += call.SkewNs();
  }
  std::vector<LateArrivals> out;
  for (const auto& [rank, late] : by_rank) out.push_back(late);
  std::sort(out.begin(), out.end(), [](const LateArrivals& a, const LateArrivals& b) {
    return a.times_last != b.times_last ? a.times_last > b.times_last : a.skew_ns > b.skew_ns;
  });
  return out;
}

}  // namespace collscope::trace
