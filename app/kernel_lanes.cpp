#include "app/kernel_lanes.h"

#include <algorithm>
#include <map>

#include "app/render/format.h"

namespace collscope::gui {

KernelLanes::KernelLanes(const trace::Trace& trace) {
  std::map<std::pair<std::int32_t, std::int64_t>, KernelLane> by_lane;
  bool any = false;
  for (std::size_t i = 0; i < trace.runs.size(); ++i) {
    const trace::Run& run = trace.runs[i];
    if (run.rank < 0 || !run.steps.empty() || run.t_end_ns < run.t_start_ns) continue;
    KernelLane& lane = by_lane[{run.rank, run.stream}];
    lane.rank = run.rank;
    lane.stream = run.stream;
    lane.runs.push_back(static_cast<std::uint32_t>(i));
    first_ns_ = any ? std::min(first_ns_, run.t_start_ns) : run.t_start_ns;
    last_ns_ = any ? std::max(last_ns_, run.t_end_ns) : run.t_end_ns;
    any = true;
  }
  for (auto& [key, lane] : by_lane) {
    std::sort(lane.runs.begin(), lane.runs.end(), [&](std::uint32_t a, std::uint32_t b) {
      return trace.runs[a].t_start_ns < trace.runs[b].t_start_ns;
    });
    std::int64_t running = trace.runs[lane.runs.front()].t_end_ns;
    for (std::uint32_t run : lane.runs) {
      running = std::max(running, trace.runs[run].t_end_ns);
      lane.max_end.push_back(running);
    }
    lanes_.push_back(std::move(lane));
  }
  calls_ = trace::MatchCalls(trace);
  call_of_run_.assign(trace.runs.size(), -1);
  for (std::size_t c = 0; c < calls_.size(); ++c) {
    for (std::size_t run : calls_[c].runs) call_of_run_[run] = static_cast<int>(c);
  }
}

int KernelLanes::CallOf(std::size_t run) const {
  return run < call_of_run_.size() ? call_of_run_[run] : -1;
}

std::size_t KernelLanes::FirstEndingAfter(const KernelLane& lane, double t_ns) const {
  return static_cast<std::size_t>(
      std::upper_bound(lane.max_end.begin(), lane.max_end.end(), t_ns,
                       [](double t, std::int64_t end) { return t < static_cast<double>(end); }) -
      lane.max_end.begin());
}

std::string KernelTooltip(const trace::Trace& trace, const KernelLanes& lanes, std::size_t run) {
  if (run >= trace.runs.size()) return {};
  const trace::Run& r = trace.runs[run];
  std::string text = r.collective;
  if (r.bytes > 0) text += " " + FormatBytes(static_cast<double>(r.bytes));
  if (!r.dtype.empty()) text += " " + r.dtype;
  text += r.comm_ranks > 0 ? " on " + CountOf(r.comm_ranks, "rank") : "";
  text += "\nrank " + std::to_string(r.rank);
  if (r.stream >= 0) text += ", stream " + std::to_string(r.stream);
  if (!r.process_group.empty()) text += ", group " + r.process_group;
  if (r.sequence >= 0) text += ", call " + std::to_string(r.sequence);
  text += "\n" + FormatSeconds(static_cast<double>(r.DurationNs()) * 1e-9) + " on this rank";
  if (!r.kernel.empty()) {
    std::string kernel = r.kernel.substr(0, r.kernel.find('('));
    text += "\n" + kernel;
  }
  const int index = lanes.CallOf(run);
  if (index < 0) return text;
  const trace::MatchedCall& call = lanes.calls()[static_cast<std::size_t>(index)];
  if (call.RanksSeen() < 2) {
    text += "\nseen on this rank only: no arrival skew";
  } else {
    const std::int64_t late = r.t_start_ns - call.first_start_ns;
    text += "\narrived " + FormatSeconds(static_cast<double>(late) * 1e-9) + " after the first";
    if (call.last_rank == r.rank) {
      text +=
          ": the last of " + std::to_string(call.RanksSeen()) + " ranks, everyone waited for it";
    } else {
      text += "; rank " + std::to_string(call.last_rank) + " arrived last, " +
              FormatSeconds(static_cast<double>(call.SkewNs()) * 1e-9) + " after the first";
    }
  }
  const double busbw = call.BusBwGbps();
  if (busbw > 0) {
    text += "\n" + FormatSeconds(static_cast<double>(call.WorkNs()) * 1e-9) +
            " after the last arrival: busbw " + std::to_string(busbw).substr(0, 6) + " GB/s";
  }
  return text;
}

}  // namespace collscope::gui
