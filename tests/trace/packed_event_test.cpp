#include "trace/packed_event.h"

#include <gtest/gtest.h>

namespace collscope::trace {
namespace {

// The recorders gather these over MPI and the partial files store them as
// text; both read back field by field, so every field must survive.
TEST(PackedEvent, EveryFieldButThePhaseSurvivesARoundTrip) {
  StepEvent event;
  event.step = 3;
  event.rank = 2;
  event.send_to = 1;
  event.recv_from = 0;
  event.slot = 5;
  event.phase = 4;
  event.channel = 7;
  event.bytes = 16384;
  event.t_start_ns = 1200;
  event.t_end_ns = 5400;
  const PackedEvent packed = PackEvent(/*iteration=*/9, event);
  EXPECT_EQ(PackedIteration(packed), 9);
  const StepEvent back = UnpackEvent(packed);
  EXPECT_EQ(back.step, event.step);
  EXPECT_EQ(back.rank, event.rank);
  EXPECT_EQ(back.send_to, event.send_to);
  EXPECT_EQ(back.recv_from, event.recv_from);
  EXPECT_EQ(back.slot, event.slot);
  EXPECT_EQ(back.channel, event.channel);
  EXPECT_EQ(back.bytes, event.bytes);
  EXPECT_EQ(back.t_start_ns, event.t_start_ns);
  EXPECT_EQ(back.t_end_ns, event.t_end_ns);
  EXPECT_EQ(back.phase, 0);  // looked up by step on the receiving side
}

// format.h documents the "s" line in this order; a reorder would misread
// every partial file already on disk.
TEST(PackedEvent, FieldOrderMatchesThePartialFileLine) {
  StepEvent event;
  event.step = 1;
  event.rank = 2;
  event.send_to = 3;
  event.recv_from = 1;
  event.slot = 2;
  event.channel = 0;
  event.bytes = 16384;
  event.t_start_ns = 1200;
  event.t_end_ns = 5400;
  const PackedEvent expected = {0, 1, 2, 3, 1, 2, 0, 16384, 1200, 5400};
  EXPECT_EQ(PackEvent(/*iteration=*/0, event), expected);
}

}  // namespace
}  // namespace collscope::trace
