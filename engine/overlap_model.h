#pragma once

#include <vector>

#include "engine/cost_model.h"

namespace collscope::engine {

// Lecture slide 4: when to synchronise gradients. Backward produces each
// layer's gradients from the last layer to the first; they are allreduced
// either all at once after backward (option 1) or bucket by bucket as soon
// as a bucket is full, overlapping the rest of backward (option 2, DDP).
struct OverlapInput {
  std::vector<double> layer_bytes;       // gradient size of layer 0 .. L-1
  std::vector<double> layer_backward_s;  // backward time of layer 0 .. L-1
  double bucket_bytes = 25e6;            // DDP's default bucket_cap_mb is 25
  int ranks = 8;
  CostModel model;
};

// One bar of a timeline.
struct Interval {
  double start_s = 0;
  double end_s = 0;
  int index = 0;  // layer (compute) or bucket (communication)
};

struct Timeline {
  std::vector<Interval> compute;        // backward of each layer
  std::vector<Interval> communication;  // allreduce of each bucket
  double end_s = 0;                     // when the optimizer may step
};

struct OverlapResult {
  Timeline sequential;                    // option 1
  Timeline overlapped;                    // option 2
  std::vector<std::vector<int>> buckets;  // layers of each bucket, in backward order
  double SavedSeconds() const { return sequential.end_s - overlapped.end_s; }
};

// Allreduces are priced as ring allreduces of the bucket's bytes; one
// allreduce runs at a time, in bucket order (as NCCL serialises them on one
// stream).
OverlapResult ModelOverlap(const OverlapInput& input);

}  // namespace collscope::engine
