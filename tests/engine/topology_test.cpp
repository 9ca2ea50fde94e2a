#include <gtest/gtest.h>

#include "engine/topology.h"

namespace collscope::engine {
namespace {

TEST(BinaryTree, MatchesNcclsFourteenRankDrawing) {
  // src/graph/trees.cc draws 0 -> 8 -> {4, 12}, 4 -> {2, 6}, 12 -> {10, 13}.
  Tree tree = BinaryTree(14);
  EXPECT_EQ(tree.parent[0], -1);
  EXPECT_EQ(tree.parent[8], 0);
  EXPECT_EQ(tree.parent[4], 8);
  EXPECT_EQ(tree.parent[12], 8);
  EXPECT_EQ(tree.parent[13], 12);
  EXPECT_EQ(tree.parent[10], 12);
  EXPECT_EQ(tree.parent[1], 2);
  EXPECT_EQ(tree.parent[3], 2);
}

TEST(DoubleBinaryTree, NoRankButTheFirstRootIsInteriorInBothTrees) {
  // NCCL's construction keeps the promise for every rank except rank 0 with
  // odd p: the first tree's root (one child) is then interior in the shifted
  // tree as well (see the 13-rank drawing in src/graph/trees.cc).
  for (int p = 3; p <= 64; ++p) {
    DoubleBinaryTree trees = MakeDoubleBinaryTree(p);
    auto first = trees.first.Children();
    auto second = trees.second.Children();
    EXPECT_EQ(first[0].size(), 1u);
    for (int rank = 1; rank < p; ++rank) {
      EXPECT_FALSE(!first[rank].empty() && !second[rank].empty()) << "rank " << rank << " p=" << p;
    }
    if (p % 2 == 0) {
      EXPECT_TRUE(second[0].empty()) << "p=" << p;
    }
    EXPECT_EQ(trees.second.parent[trees.second.root], -1);
  }
}

TEST(DoubleBinaryTree, MirrorsForEvenAndShiftsForOddRankCounts) {
  EXPECT_EQ(MakeDoubleBinaryTree(12).second.root, 11);
  EXPECT_EQ(MakeDoubleBinaryTree(13).second.root, 1);
}

TEST(BinomialTree, ParentClearsTheLowestBitRelativeToTheRoot) {
  Tree tree = BinomialTree(8, 3);
  EXPECT_EQ(tree.parent[3], -1);
  EXPECT_EQ(tree.parent[4], 3);  // v = 1
  EXPECT_EQ(tree.parent[6], 5);  // v = 3 -> 2
  EXPECT_EQ(tree.parent[2], 1);  // v = 7 -> v = 6
}

TEST(Tree, DepthsCountEdgesFromTheRoot) {
  Tree tree = BinaryTree(32);
  std::vector<int> depth = tree.Depths();
  EXPECT_EQ(depth[0], 0);
  EXPECT_EQ(depth[16], 1);
  EXPECT_EQ(depth[1], 5);
}

TEST(PowersOfTwo, Helpers) {
  EXPECT_EQ(CeilLog2(1), 0);
  EXPECT_EQ(CeilLog2(5), 3);
  EXPECT_EQ(FloorPowerOfTwo(6), 4);
  EXPECT_TRUE(IsPowerOfTwo(1024));
  EXPECT_FALSE(IsPowerOfTwo(6));
}

TEST(TreesFor, DoubleBinaryTreeGivesBothTreesAndTheOthersOne) {
  const std::vector<Tree> both = TreesFor(TreeShape::kDoubleBinary, 8, 0);
  ASSERT_EQ(both.size(), 2u);
  const DoubleBinaryTree expected = MakeDoubleBinaryTree(8);
  EXPECT_EQ(both[0].parent, expected.first.parent);
  EXPECT_EQ(both[1].parent, expected.second.parent);
  EXPECT_EQ(TreesFor(TreeShape::kBinomial, 8, 3)[0].parent, BinomialTree(8, 3).parent);
  EXPECT_EQ(TreesFor(TreeShape::kBinary, 8, 2)[0].parent, BinaryTree(8, 2).parent);
  // An algorithm without a tree of its own is drawn on NCCL's binary tree.
  EXPECT_EQ(TreesFor(TreeShape::kNone, 8, 0)[0].parent, BinaryTree(8, 0).parent);
}

}  // namespace
}  // namespace collscope::engine
