#include "engine/topology.h"

#include <algorithm>

namespace collscope::engine {

std::vector<std::vector<int>> Tree::Children() const {
  std::vector<std::vector<int>> children(parent.size());
  for (int rank = 0; rank < Ranks(); ++rank) {
    if (parent[rank] >= 0) children[parent[rank]].push_back(rank);
  }
  return children;
}

std::vector<int> Tree::Depths() const {
  std::vector<int> depth(parent.size(), -1);
  std::vector<int> path;
  for (int rank = 0; rank < Ranks(); ++rank) {
    path.clear();
    int at = rank;
    while (at >= 0 && depth[at] < 0) {
      path.push_back(at);
      at = parent[at];
    }
    int d = at < 0 ? -1 : depth[at];
    for (auto it = path.rbegin(); it != path.rend(); ++it) depth[*it] = ++d;
  }
  return depth;
}

namespace {

// NCCL src/graph/trees.cc: a rank's parent flips its lowest set bit and sets
// the next one, falling back to clearing it when that leaves the range.
int BinaryTreeParent(int ranks, int rank) {
  if (rank == 0) return -1;
  int bit = 1;
  while (bit < ranks && (bit & rank) == 0) bit <<= 1;
  int up = (rank ^ bit) | (bit << 1);
  if (up >= ranks) up = rank ^ bit;
  return up;
}

Tree RelabelFromRoot(const Tree& relative, int root) {
  int p = relative.Ranks();
  Tree tree;
  tree.root = root;
  tree.parent.assign(p, -1);
  for (int v = 0; v < p; ++v) {
    int rank = (v + root) % p;
    int up = relative.parent[v];
    tree.parent[rank] = up < 0 ? -1 : (up + root) % p;
  }
  return tree;
}

}  // namespace

Tree BinaryTree(int ranks, int root) {
  Tree relative;
  relative.parent.resize(ranks);
  for (int v = 0; v < ranks; ++v) relative.parent[v] = BinaryTreeParent(ranks, v);
  return root == 0 ? relative : RelabelFromRoot(relative, root);
}

DoubleBinaryTree MakeDoubleBinaryTree(int ranks) {
  DoubleBinaryTree trees;
  trees.first = BinaryTree(ranks);
  trees.second.parent.resize(ranks);
  // NCCL ncclGetDtree: mirror the tree for even p, shift it by one for odd p,
  // so the leaves of one tree are the interior nodes of the other.
  bool mirror = ranks % 2 == 0;
  auto to_tree = [&](int rank) { return mirror ? ranks - 1 - rank : (rank - 1 + ranks) % ranks; };
  auto from_tree = [&](int v) { return mirror ? ranks - 1 - v : (v + 1) % ranks; };
  for (int rank = 0; rank < ranks; ++rank) {
    int up = BinaryTreeParent(ranks, to_tree(rank));
    trees.second.parent[rank] = up < 0 ? -1 : from_tree(up);
    if (up < 0) trees.second.root = rank;
  }
  return trees;
}

Tree BinomialTree(int ranks, int root) {
  Tree relative;
  relative.parent.resize(ranks);
  for (int v = 0; v < ranks; ++v) relative.parent[v] = v == 0 ? -1 : (v & (v - 1));
  return root == 0 ? relative : RelabelFromRoot(relative, root);
}

int CeilLog2(long long p) {
  int k = 0;
  while ((1LL << k) < p) ++k;
  return k;
}

bool IsPowerOfTwo(long long p) { return p > 0 && (p & (p - 1)) == 0; }

int FloorPowerOfTwo(int p) {
  int power = 1;
  while (power * 2 <= p) power *= 2;
  return power;
}

std::vector<Tree> TreesFor(TreeShape shape, int ranks, int root) {
  switch (shape) {
    case TreeShape::kDoubleBinary: {
      DoubleBinaryTree both = MakeDoubleBinaryTree(ranks);
      return {std::move(both.first), std::move(both.second)};
    }
    case TreeShape::kBinomial:
      return {BinomialTree(ranks, root)};
    case TreeShape::kNone:
    case TreeShape::kBinary:
      break;
  }
  return {BinaryTree(ranks, root)};
}

}  // namespace collscope::engine
