#pragma once

// One recorded step flattened to integers: the one layout shared by the MPI
// and NCCL recorders' MPI_Gatherv (kernels/mpi_common.h) and by the "s" line
// of a rank's partial file (importers/partial/format.h), which
// kernels/rank_stream.cpp writes and importers/partial/tokenizer.cpp reads.
// Changing it changes both the messages and the files on disk.
//
// The fields, in order:
//   0 iteration    the measured iteration (warm-up not counted), from 0
//   1 step         1-based
//   2 rank
//   3 send_to
//   4 recv_from
//   5 slot
//   6 channel
//   7 bytes
//   8 t_start_ns
//   9 t_end_ns
// The phase is not carried: the receiver looks it up by step.

#include <array>
#include <cstdint>

#include "trace/model.h"

namespace collscope::trace {

inline constexpr int kPackedEventFields = 10;
using PackedEvent = std::array<std::int64_t, kPackedEventFields>;

inline PackedEvent PackEvent(std::int64_t iteration, const StepEvent& e) {
  return {iteration, e.step,    e.rank,  e.send_to,    e.recv_from,
          e.slot,    e.channel, e.bytes, e.t_start_ns, e.t_end_ns};
}

// The iteration of a packed event (field 0), which UnpackEvent leaves out.
inline std::int64_t PackedIteration(const PackedEvent& p) { return p[0]; }

// The event without its iteration; its phase is left at 0 for the caller.
inline StepEvent UnpackEvent(const PackedEvent& p) {
  StepEvent e;
  e.step = static_cast<std::int32_t>(p[1]);
  e.rank = static_cast<std::int32_t>(p[2]);
  e.send_to = static_cast<std::int32_t>(p[3]);
  e.recv_from = static_cast<std::int32_t>(p[4]);
  e.slot = static_cast<std::int32_t>(p[5]);
  e.channel = static_cast<std::uint16_t>(p[6]);
  e.bytes = p[7];
  e.t_start_ns = p[8];
  e.t_end_ns = p[9];
  return e;
}

}  // namespace collscope::trace
