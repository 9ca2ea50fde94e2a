#pragma once

#include <optional>
#include <string_view>

#include "engine/collective.h"
#include "engine/nccl_model.h"

namespace collscope::engine {

// NCCL runs all-to-all, scatter and gather (and nccl-tests' sendrecv) as
// grouped point-to-point sends: every send of the group is in flight at
// once, so the call costs one send's latency plus the time the busiest link
// needs for the bytes it carries. NCCL has no model for them; this one
// uses its link classes and latencies (tuning.cc Ring/Simple: base + one
// hop) and the machine's links.
enum class P2pPattern { kAllToAll, kScatter, kGather, kSendRecv };

struct P2pCost {
  double latency_us = 0;
  double bandwidth_s = 0;  // the busiest link's bytes / bandwidth
  double Total() const { return latency_us * 1e-6 + bandwidth_s; }
};

std::optional<P2pPattern> P2pPatternFor(Collective collective);

// `bytes` as nccl-tests counts them: all-to-all, scatter and gather the
// whole buffer (count x ranks x element), sendrecv what each rank sends.
P2pCost PriceP2p(const NcclModel& model, P2pPattern pattern, double bytes);

// The price of any of the eight collectives: NCCL's pick for the tuned
// ones, the grouped sends for the others. algorithm and protocol name what
// ran ("p2p" and "SIMPLE" for grouped sends).
struct NcclPrediction {
  std::string_view algorithm;
  std::string_view protocol;
  double time_s = 0;
  int channels = 0;
  NcclTimeParts parts;
};
std::optional<NcclPrediction> PredictCollective(const NcclModel& model, Collective collective,
                                                double bytes);

}  // namespace collscope::engine
