// Tree allreduce (lecture slide 7): reduce up to a root, then broadcast
// down, on NCCL's in-order binary tree. Whole vectors move along each edge;
// NCCL pipelines chunks along the tree, which this teaching schedule leaves
// out so every level is one step.
#include "engine/algorithm.h"
#include "engine/algorithms/algorithms.h"
#include "engine/algorithms/tree_levels.h"

namespace collscope::engine::algorithms {

std::shared_ptr<const TreeLevels> LevelsOf(Tree tree) {
  auto levels = std::make_shared<TreeLevels>();
  std::vector<int> depth = tree.Depths();
  for (int rank = 0; rank < tree.Ranks(); ++rank) {
    if (depth[rank] >= static_cast<int>(levels->by_depth.size())) {
      levels->by_depth.resize(depth[rank] + 1);
    }
    levels->by_depth[depth[rank]].push_back(rank);
  }
  levels->tree = std::move(tree);
  return levels;
}

namespace {

std::unique_ptr<Schedule> WholeVectorAlongTree(int p, Tree tree, bool up) {
  auto levels = LevelsOf(std::move(tree));
  StepFunctions f;
  f.phase = [up](std::int64_t) { return up ? kPhaseReduceUp : kPhaseBroadcastDown; };
  f.emit = [p, up, levels](std::int64_t step, std::vector<Transfer>& out) {
    // Going up, step 1 moves the deepest level; going down, step 1 the first.
    int depth = up ? levels->Depth() - static_cast<int>(step) + 1 : static_cast<int>(step);
    for (int rank : levels->by_depth[depth]) {
      int parent = levels->tree.parent[rank];
      out.push_back({.src = up ? rank : parent,
                     .dst = up ? parent : rank,
                     .src_slot = 0,
                     .dst_slot = 0,
                     .slot_count = p,
                     .op = up ? TransferOp::kReduce : TransferOp::kCopy});
    }
  };
  return MakeSchedule(p, p, levels->Depth(), std::move(f));
}

}  // namespace

std::unique_ptr<Schedule> BinaryTreeReduce(int p, int root) {
  return WholeVectorAlongTree(p, BinaryTree(p, root), /*up=*/true);
}

std::unique_ptr<Schedule> BinaryTreeBroadcast(int p, int root) {
  return WholeVectorAlongTree(p, BinaryTree(p, root), /*up=*/false);
}

std::unique_ptr<Schedule> BinaryTreeAllReduce(int p) {
  return Sequence(BinaryTreeReduce(p, /*root=*/0), BinaryTreeBroadcast(p, /*root=*/0));
}

// Registration (engine/algorithm.cpp lists it).
AlgorithmEntry BinaryTreeAlgorithm() {
  using C = Collective;
  return {{"tree",
           "NCCL's binary tree: reduce up to the root, broadcast down, the whole vector on "
           "each edge",
           {C::kAllReduce, C::kReduce, C::kBroadcast},
           /*needs_power_of_two=*/false,
           TreeShape::kBinary},
          [](C c, int p, int root) -> std::unique_ptr<Schedule> {
            if (c == C::kAllReduce) return BinaryTreeAllReduce(p);
            if (c == C::kReduce) return BinaryTreeReduce(p, root);
            return BinaryTreeBroadcast(p, root);
          }};
}

}  // namespace collscope::engine::algorithms
