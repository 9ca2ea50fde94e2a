#include "trace/packed_event.h"

#include <gtest/gtest.h>

namespace collscope::trace {
namespace {

// The order of format.h's "s" line, which the recorders also send over MPI:
// a reorder would misread every partial file already written. Every field
// holds a different value, so a swap of any two shows.
constexpr PackedEvent kExample = {9, 4, 2, 3, 1, 5, 7, 16384, 1200, 5400};

TEST(PackedEvent, FieldsReadInThePartialFileLineOrder) {
  EXPECT_EQ(PackedIteration(kExample), 9);
  const StepEvent event = UnpackEvent(kExample);
  EXPECT_EQ(event.step, 4);
  EXPECT_EQ(event.rank, 2);
  EXPECT_EQ(event.send_to, 3);
  EXPECT_EQ(event.recv_from, 1);
  EXPECT_EQ(event.slot, 5);
  EXPECT_EQ(event.channel, 7);
  EXPECT_EQ(event.bytes, 16384);
  EXPECT_EQ(event.t_start_ns, 1200);
  EXPECT_EQ(event.t_end_ns, 5400);
  EXPECT_EQ(event.phase, 0);  // not carried: the receiver looks it up by step
}

TEST(PackedEvent, PackingAnUnpackedEventGivesBackEveryField) {
  EXPECT_EQ(PackEvent(PackedIteration(kExample), UnpackEvent(kExample)), kExample);
}

}  // namespace
}  // namespace collscope::trace
