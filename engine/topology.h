#pragma once

#include <vector>

namespace collscope::engine {

// parent[r] of every rank (-1 at the root); children follow from it.
struct Tree {
  std::vector<int> parent;
  int root = 0;

  int Ranks() const { return static_cast<int>(parent.size()); }
  std::vector<std::vector<int>> Children() const;
  // depth[r]: edges from the root.
  std::vector<int> Depths() const;
};

// NCCL's in-order binary tree (src/graph/trees.cc, ncclGetBtree): rank 0 is
// the root with one child; every subtree is a contiguous run of ranks. With
// a root other than 0 the tree is built on ranks relative to the root.
Tree BinaryTree(int ranks, int root = 0);

// NCCL 2.4's double binary tree: the binary tree plus its mirror (even p)
// or its shift by one (odd p), so every rank is interior in at most one.
struct DoubleBinaryTree {
  Tree first;
  Tree second;
};
DoubleBinaryTree MakeDoubleBinaryTree(int ranks);

// The binomial tree of MPICH's scatter/gather/broadcast/reduce: relative
// rank v's parent is v with its lowest set bit cleared.
Tree BinomialTree(int ranks, int root = 0);

// The tree an algorithm's transfers run on, which the tree view draws.
enum class TreeShape {
  kNone,          // none of its own (a ring, a pairwise exchange)
  kBinary,        // NCCL's binary tree
  kDoubleBinary,  // NCCL 2.4's two trees
  kBinomial,      // MPICH's binomial tree
};

// The trees of `shape` on `ranks` ranks, rooted at `root` where the shape
// has one. kNone gives NCCL's binary tree: what the tree view shows when it
// is asked for an algorithm without a tree.
std::vector<Tree> TreesFor(TreeShape shape, int ranks, int root);

// Smallest k with 2^k >= p.
int CeilLog2(long long p);
bool IsPowerOfTwo(long long p);
// Largest power of two <= p.
int FloorPowerOfTwo(int p);

}  // namespace collscope::engine
