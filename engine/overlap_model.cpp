#include "engine/overlap_model.h"

#include <algorithm>

#include "engine/algorithm.h"

namespace collscope::engine {

namespace {

double AllReduceSeconds(double bytes, int ranks, const CostModel& model) {
  BuildResult built = BuildSchedule(Collective::kAllReduce, "ring", std::max(1, ranks));
  return PriceSchedule(*built.schedule, bytes, model).Total();
}

}  // namespace

OverlapResult ModelOverlap(const OverlapInput& input) {
  OverlapResult result;
  std::size_t layers = std::min(input.layer_bytes.size(), input.layer_backward_s.size());

  // Backward runs from the last layer to the first, the same in both options.
  double now = 0;
  std::vector<double> ready(layers, 0);  // when each layer's gradient exists
  for (std::size_t k = layers; k-- > 0;) {
    Interval bar{now, now + input.layer_backward_s[k], static_cast<int>(k)};
    result.sequential.compute.push_back(bar);
    result.overlapped.compute.push_back(bar);
    now = bar.end_s;
    ready[k] = now;
  }
  double backward_end = now;

  // Buckets fill in backward order; a bucket closes when adding the next
  // layer would pass the cap (a layer larger than the cap is its own bucket).
  std::vector<double> bucket_bytes;
  for (std::size_t k = layers; k-- > 0;) {
    bool fits =
        !result.buckets.empty() && bucket_bytes.back() + input.layer_bytes[k] <= input.bucket_bytes;
    if (!fits) {
      result.buckets.emplace_back();
      bucket_bytes.push_back(0);
    }
    result.buckets.back().push_back(static_cast<int>(k));
    bucket_bytes.back() += input.layer_bytes[k];
  }

  // Option 1: everything after backward, bucket after bucket.
  double link_free = backward_end;
  for (std::size_t b = 0; b < bucket_bytes.size(); ++b) {
    double cost = AllReduceSeconds(bucket_bytes[b], input.ranks, input.model);
    result.sequential.communication.push_back({link_free, link_free + cost, static_cast<int>(b)});
    link_free += cost;
  }
  result.sequential.end_s = std::max(link_free, backward_end);

  // Option 2: a bucket starts once its last layer is ready and the previous
  // bucket's allreduce has finished.
  link_free = 0;
  for (std::size_t b = 0; b < bucket_bytes.size(); ++b) {
    double full = ready[static_cast<std::size_t>(result.buckets[b].back())];
    double start = std::max(full, link_free);
    double cost = AllReduceSeconds(bucket_bytes[b], input.ranks, input.model);
    result.overlapped.communication.push_back({start, start + cost, static_cast<int>(b)});
    link_free = start + cost;
  }
  result.overlapped.end_s = std::max(link_free, backward_end);
  return result;
}

}  // namespace collscope::engine
