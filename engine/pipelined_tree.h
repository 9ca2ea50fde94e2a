#pragma once

#include "engine/cost_model.h"

namespace collscope::engine {

// NCCL's double binary tree all-reduce as NCCL runs it (NCCL 2.4): the
// vector is split between two complementary binary trees and streamed
// through them in chunks, so a rank forwards a chunk while the next one
// arrives. The step-by-step schedule (engine/algorithms) moves whole halves
// per edge, which is right for the buffer table but not for the price.
//
// Priced in the lecture's alpha-beta-gamma terms:
//   latency   2 ceil(log2 p) (alpha + chunk beta)  the pipeline fills up and down
//   bandwidth 2 n beta                             the busiest rank: n/2 up and n down as an
//                                                  interior node of one tree, n/2 up as a
//                                                  leaf of the other
//   compute   n gamma                              an interior node reduces two halves
// tuning.cc prices the same shape: latency 2 log2(nNodes) hops, algorithm
// bandwidth half the bus bandwidth, like the ring's for large p.
inline constexpr double kTreeChunkBytes = 512 * 1024;  // NCCL_BUFFSIZE 4 MiB / NCCL_STEPS 8

CostBreakdown PipelinedDoubleBinaryTreeAllReduce(int ranks, double bytes, const CostModel& model);

}  // namespace collscope::engine
