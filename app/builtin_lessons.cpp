// The lessons the GUI opens without any lesson files: the lecture's slides
// that a collective schedule can show (lecture.md, slides 6-10). The lessons
// issue (issue 7) adds data files in lessons/ for every slide.
#include "app/app_state.h"

namespace collscope::gui {

namespace {

Lesson Make(std::string id, std::string title, int slide, std::string text,
            engine::Collective collective, std::string algorithm, int ranks) {
  Config config;
  config.collective = collective;
  config.algorithm = std::move(algorithm);
  config.ranks = ranks;
  return Lesson{std::move(id), std::move(title), slide, std::move(text), config, /*file=*/nullptr};
}

}  // namespace

std::vector<Lesson> BuiltinLessons() {
  using engine::Collective;
  return {
      Make("scatter", "Scatter on 4 ranks", 6,
           "Rank 0 holds t0..t3 and rank i receives ti. A binomial tree halves the data "
           "at every round, so it takes log(p) rounds.",
           Collective::kScatter, "binomial", 4),
      Make("gather", "Gather on 4 ranks", 6,
           "The reverse of scatter: rank 0 ends with [t0, t1, t2, t3].", Collective::kGather,
           "binomial", 4),
      Make("allgather", "All-gather on 4 ranks", 6,
           "Every rank ends with every rank's block: out[Y*count+i] = inY[i] (NCCL).",
           Collective::kAllGather, "ring", 4),
      Make("reducescatter", "Reduce-scatter on 4 ranks", 6,
           "Rank Y ends with the sum over all ranks of block Y: out[i] = sum over X of "
           "inX[Y*count+i] (NCCL).",
           Collective::kReduceScatter, "ring", 4),
      Make("tree-allreduce", "Tree allreduce: reduce up, broadcast down", 7,
           "A tree reduces towards the root and broadcasts the sum back down. Compare "
           "the number of steps with the ring.",
           Collective::kAllReduce, "tree", 8),
      Make(std::string(kDefaultLessonId), "Ring allreduce on 5 GPUs", 8,
           "Each GPU splits its array into 5 chunks a..e. Reduce-scatter: in every "
           "iteration each GPU sends one chunk to its right neighbour, which adds its own. "
           "After 4 iterations every GPU holds one complete chunk. All-gather then copies "
           "the complete chunks around the ring.",
           Collective::kAllReduce, "ring", 5),
      Make("binary-tree-32", "The 32-rank binary tree", 9,
           "NCCL's binary tree on 32 ranks: latency grows with log p instead of p.",
           Collective::kAllReduce, "tree", 32),
      Make("double-binary-tree", "NCCL 2.4's double binary tree", 9,
           "Two binary trees, each carrying half of the data; every rank is a leaf in one "
           "of them, so no rank does twice the work.",
           Collective::kAllReduce, "double-binary-tree", 8),
      Make("reduce-composition", "Reduce = reduce-scatter + gather", 10,
           "The cost table builds reduce from a reduce-scatter followed by a gather: "
           "(p-1+log p) alpha + (p-1)/p n (2 beta + gamma).",
           Collective::kReduce, "reducescatter-gather", 8),
      Make("broadcast-composition", "Broadcast = scatter + all-gather", 10,
           "Broadcast as a scatter followed by an all-gather: "
           "(log p + p - 1) alpha + 2 (p-1)/p n beta.",
           Collective::kBroadcast, "scatter-allgather", 8),
  };
}

}  // namespace collscope::gui
