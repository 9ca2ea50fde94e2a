#include <gtest/gtest.h>

#include "engine/cell.h"

namespace collscope::engine {
namespace {

TEST(ChunkLetters, ContinuePastZLikeSpreadsheetColumns) {
  EXPECT_EQ(ChunkLetters(0), "a");
  EXPECT_EQ(ChunkLetters(4), "e");
  EXPECT_EQ(ChunkLetters(25), "z");
  EXPECT_EQ(ChunkLetters(26), "aa");
  EXPECT_EQ(ChunkLetters(27), "ab");
  EXPECT_EQ(ChunkLetters(51), "az");
  EXPECT_EQ(ChunkLetters(52), "ba");
  EXPECT_EQ(ChunkLetters(26 + 26 * 26), "aaa");
}

TEST(CellPool, ArcUnionsStayInlineAndReadNewestFirst) {
  CellPool pool(5);
  Cell sum;
  std::string why;
  ASSERT_TRUE(pool.Union(Cell::Of(4, 4), Cell::Of(0, 4), sum, why));
  EXPECT_FALSE(sum.Pooled());
  EXPECT_EQ(pool.Label(sum), "e0+e4");
  ASSERT_TRUE(pool.Union(Cell::Of(1, 0), Cell::Of(0, 0), sum, why));
  EXPECT_EQ(pool.Label(sum), "a1+a0");
  EXPECT_EQ(pool.PooledSets(), 0u);
}

TEST(CellPool, FullSetReadsAscending) {
  CellPool pool(3);
  Cell ab, abc;
  std::string why;
  ASSERT_TRUE(pool.Union(Cell::Of(2, 1), Cell::Of(0, 1), ab, why));
  ASSERT_TRUE(pool.Union(ab, Cell::Of(1, 1), abc, why));
  EXPECT_EQ(pool.Label(abc), "b0+b1+b2");
  EXPECT_EQ(pool.TermCount(abc), 3);
}

TEST(CellPool, ScatteredSetsArePooledAndMergeBackToArcs) {
  CellPool pool(8);
  Cell scattered, merged;
  std::string why;
  ASSERT_TRUE(pool.Union(Cell::Of(1, 0), Cell::Of(5, 0), scattered, why));
  EXPECT_TRUE(scattered.Pooled());
  EXPECT_EQ(pool.Label(scattered), "a1+a5");
  Cell middle{0, 2, 3};  // ranks 2..4
  ASSERT_TRUE(pool.Union(scattered, middle, merged, why));
  EXPECT_FALSE(merged.Pooled());
  EXPECT_EQ(pool.TermCount(merged), 5);
  EXPECT_TRUE(pool.Contains(merged, 3));
  EXPECT_FALSE(pool.Contains(merged, 6));
}

TEST(CellPool, RefusesToCountATermTwiceOrMixChunks) {
  CellPool pool(4);
  Cell out;
  std::string why;
  EXPECT_FALSE(pool.Union(Cell{0, 0, 2}, Cell{0, 1, 2}, out, why));
  EXPECT_EQ(why, "adds a1 twice");
  EXPECT_FALSE(pool.Union(Cell::Of(0, 0), Cell::Of(1, 1), out, why));
  EXPECT_EQ(why, "adds chunk b to chunk a");
}

TEST(CellPool, LongSumsAreAbbreviated) {
  CellPool pool(64);
  Cell all{3, 0, 64};
  EXPECT_EQ(pool.Label(all, 8), "d0+\xE2\x80\xA6+d63 (64)");
  Cell arc{0, 60, 10};  // 60..63, 0..5, newest last
  EXPECT_EQ(pool.Label(arc, 4), "a5+\xE2\x80\xA6+a60 (10)");
  EXPECT_EQ(pool.Label(Cell{}), "");
}

}  // namespace
}  // namespace collscope::engine
