#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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
  // 59..63, 0..5, newest last: read 5 down to 0, then 63 down to 59. The
  // ellipsis never spans the wrap (issue 15: "a5+…+a59" read as 5 through 59).
  Cell arc{0, 59, 11};
  EXPECT_EQ(pool.Label(arc, 4), "a5+\xE2\x80\xA6+a0+a63+\xE2\x80\xA6+a59 (11)");
  // A run of 4 is spelt out: abbreviated it would be no shorter.
  Cell ten{0, 60, 10};
  EXPECT_EQ(pool.Label(ten, 4), "a5+\xE2\x80\xA6+a0+a63+a62+a61+a60 (10)");
  EXPECT_EQ(pool.Label(Cell{}), "");
}

// Issue 15: the p = 8 ring arc f0+f7+f6+f5 was shown as "f0+…+f5 (4)",
// which reads as f0 through f5. Runs shorter than 4 are spelt out.
TEST(CellPool, AnArcAcrossTheWrapIsNotShownAsARange) {
  CellPool pool(8);
  Cell arc{5, 5, 4};  // ranks 5, 6, 7, 0; 0 added last
  EXPECT_EQ(pool.Label(arc, 3), "f0+f7+f6+f5");
  Cell longer{5, 3, 6};  // ranks 3..7, 0
  EXPECT_EQ(pool.Label(longer, 3), "f0+f7+\xE2\x80\xA6+f3 (6)");
}

// Every ellipsis in a label stands between the two ends of a run of
// consecutive ranks, and the count is the number of terms.
TEST(CellPool, EveryEllipsisIsARangeOfTheSet) {
  const int p = 16;
  CellPool pool(p);
  const std::string dots = "\xE2\x80\xA6";
  for (std::uint32_t first = 0; first < static_cast<std::uint32_t>(p); ++first) {
    for (std::uint32_t count = 1; count < static_cast<std::uint32_t>(p); ++count) {
      const Cell cell{0, first, count};
      const std::string label = pool.Label(cell, 3);
      std::size_t at = label.find(dots);
      while (at != std::string::npos) {
        // "aX+…+aY": X and Y are in the set and every rank between them too.
        const std::size_t x_start = label.rfind('a', at);
        const int x = std::stoi(label.substr(x_start + 1));
        const int y = std::stoi(label.substr(at + dots.size() + 2));
        for (int r = std::min(x, y); r <= std::max(x, y); ++r) {
          EXPECT_TRUE(pool.Contains(cell, r)) << label << " claims a" << r;
        }
        at = label.find(dots, at + 1);
      }
      if (count > 3 && label.find(dots) != std::string::npos) {
        EXPECT_NE(label.find(" (" + std::to_string(count) + ")"), std::string::npos) << label;
      }
    }
  }
}

TEST(CellPool, ScatteredSetsOfManyRunsAreCounted) {
  CellPool pool(16);
  Cell sum;
  std::string why;
  Cell acc = Cell::Of(0, 0);
  for (int r = 2; r < 16; r += 2) {
    ASSERT_TRUE(pool.Union(acc, Cell::Of(r, 0), sum, why)) << why;
    acc = sum;
  }
  EXPECT_EQ(pool.Label(acc, 4),
            "\xCE\xA3"
            "a (8)");
  EXPECT_EQ(pool.Label(acc, 8), "a0+a2+a4+a6+a8+a10+a12+a14");
}

}  // namespace
}  // namespace collscope::engine
