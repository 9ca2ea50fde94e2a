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

// Smallest k with 2^k >= p.
int CeilLog2(long long p);
bool IsPowerOfTwo(long long p);
// Largest power of two <= p.
int FloorPowerOfTwo(int p);

}  // namespace collscope::engine
