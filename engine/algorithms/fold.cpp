// The standard fold that lets power-of-two algorithms run on any p (Thakur,
// Rabenseifner and Gropp 2005): with p2 the largest power of two <= p, extra
// rank p2+k first hands its data to rank k, the algorithm runs on ranks
// 0..p2-1, and rank k hands the result back.
#include "engine/algorithms/algorithms.h"
#include "engine/topology.h"

namespace collscope::engine::algorithms {

namespace {

std::unique_ptr<Schedule> FoldStep(int p, FoldData data, bool in) {
  int p2 = FloorPowerOfTwo(p);
  int extras = p - p2;
  StepFunctions f;
  f.phase = [in](std::int64_t) { return in ? kPhaseFoldIn : kPhaseFoldOut; };
  f.emit = [=](std::int64_t, std::vector<Transfer>& out) {
    for (int k = 0; k < extras; ++k) {
      int extra = p2 + k;
      bool whole = data == FoldData::kWholeVector;
      out.push_back({.src = in ? extra : k,
                     .dst = in ? k : extra,
                     .src_slot = whole ? 0 : extra,
                     .dst_slot = whole ? 0 : extra,
                     .slot_count = whole ? p : 1,
                     // Folding a whole vector in adds it: this is a reduction.
                     .op = in && whole ? TransferOp::kReduce : TransferOp::kCopy});
    }
  };
  return MakeSchedule(p, p, extras > 0 ? 1 : 0, std::move(f));
}

}  // namespace

std::unique_ptr<Schedule> FoldIn(int p, FoldData data) { return FoldStep(p, data, /*in=*/true); }

std::unique_ptr<Schedule> FoldOut(int p, FoldData data) { return FoldStep(p, data, /*in=*/false); }

}  // namespace collscope::engine::algorithms
