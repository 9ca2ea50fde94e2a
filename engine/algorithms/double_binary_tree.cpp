// NCCL 2.4's double binary tree: two complementary binary trees each carry
// half of the vector, so every rank sends and receives about as much as in
// one tree while no rank is interior in both (src/graph/trees.cc).
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"
#include "engine/algorithms/tree_levels.h"

namespace collscope::engine::algorithms {

namespace {

struct Half {
  std::shared_ptr<const TreeLevels> levels;
  int first_slot;
  int slot_count;
};

std::unique_ptr<Schedule> BothTrees(int p, const std::shared_ptr<const std::vector<Half>>& halves,
                                    bool up) {
  int depth = 0;
  for (const Half& half : *halves) depth = std::max(depth, half.levels->Depth());
  StepFunctions f;
  f.phase = [up](std::int64_t) { return up ? kPhaseReduceUp : kPhaseBroadcastDown; };
  f.emit = [up, depth, halves](std::int64_t step, std::vector<Transfer>& out) {
    // Both trees move one level per step, aligned at their leaves going up
    // and at their roots going down.
    int level = up ? depth - static_cast<int>(step) + 1 : static_cast<int>(step);
    for (std::size_t channel = 0; channel < halves->size(); ++channel) {
      const Half& half = (*halves)[channel];
      if (half.slot_count == 0 || level > half.levels->Depth()) continue;
      for (int rank : half.levels->by_depth[level]) {
        int parent = half.levels->tree.parent[rank];
        out.push_back({.src = up ? rank : parent,
                       .dst = up ? parent : rank,
                       .src_slot = half.first_slot,
                       .dst_slot = half.first_slot,
                       .slot_count = half.slot_count,
                       .op = up ? TransferOp::kReduce : TransferOp::kCopy,
                       .channel = static_cast<std::uint8_t>(channel)});
      }
    }
  };
  return MakeSchedule(p, p, depth, std::move(f));
}

}  // namespace

std::unique_ptr<Schedule> DoubleBinaryTreeAllReduce(int p) {
  DoubleBinaryTree trees = MakeDoubleBinaryTree(p);
  int first_half = (p + 1) / 2;
  auto halves = std::make_shared<std::vector<Half>>(std::vector<Half>{
      {LevelsOf(std::move(trees.first)), 0, first_half},
      {LevelsOf(std::move(trees.second)), first_half, p - first_half},
  });
  return Sequence(BothTrees(p, halves, /*up=*/true), BothTrees(p, halves, /*up=*/false));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry DoubleBinaryTreeAlgorithm() {
  return {{"double-binary-tree",
           "NCCL 2.4's two complementary binary trees, each reducing and broadcasting half "
           "of the vector",
           {Collective::kAllReduce},
           /*needs_power_of_two=*/false,
           TreeShape::kDoubleBinary},
          [](Collective, int p, int) { return DoubleBinaryTreeAllReduce(p); }};
}

}  // namespace collscope::engine::algorithms
