#pragma once

#include <optional>
#include <string_view>

#include "engine/collective.h"
#include "engine/nccl_model.h"

namespace collscope::engine {

// NCCL runs all-to-all, scatter and gather (and nccl-tests' sendrecv) as
// grouped point-to-point sends: every send of the group is in flight at
// once. NCCL has no cost model for them (tuning.cc prices collectives
// only); this one follows how NCCL schedules the sends (src/enqueue.cc
// scheduleP2pTasksToPlan, addP2pToPlan; src/graph/paths.cc
// ncclTopoComputeP2pChannels; src/init.cc computeBuffSizes): each send is
// striped over a number of channels that grows with its size, one channel
// (one thread block) moves its part over at most one link, in chunks of
// comm->p2pChunkSize. The call costs one send's latency, one chunk's
// pipeline fill, and the slower of the busiest GPU link's bytes and one
// channel's part.
enum class P2pPattern { kAllToAll, kScatter, kGather, kSendRecv };

// How NCCL splits one send of a grouped p2p call.
struct P2pPlan {
  int p2p_channels = 0;       // comm->p2pnChannels
  int channels_per_peer = 0;  // comm->p2pnChannelsPerPeer (nChannelsMax)
  int min_channels = 0;       // scheduleP2pTasksToPlan's nChannelsMin
  int channels = 0;           // the channels this send is striped over
  NcclProtocol protocol = NcclProtocol::kSimple;
  double chunk_bytes = 0;  // the data one step of one channel carries
};

// The plan for one send of `send_bytes` to one peer on `model`'s machine.
P2pPlan PlanP2pSend(const NcclModel& model, double send_bytes);

struct P2pCost {
  double latency_us = 0;   // one send's latency and the first chunk's fill
  double bandwidth_s = 0;  // the busiest link's bytes, or one channel's part
  P2pPlan plan;            // how each send was split
  double Total() const { return latency_us * 1e-6 + bandwidth_s; }
};

std::optional<P2pPattern> P2pPatternFor(Collective collective);

// `bytes` as nccl-tests counts them: all-to-all, scatter and gather the
// whole buffer (count x ranks x element), sendrecv what each rank sends.
P2pCost PriceP2p(const NcclModel& model, P2pPattern pattern, double bytes);

// The price of any of the eight collectives: NCCL's pick for the tuned
// ones, the grouped sends for the others. algorithm and protocol name what
// ran ("p2p" and the protocol of one send for grouped sends; channels: the
// channels one send is striped over).
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
