// The real chunk lengths `show -n` and the GUI's buffer table give when p
// does not divide n (NCCL's split: ceil(n/p) a chunk, the last ones shorter).
#include "app/chunk_labels.h"

#include <gtest/gtest.h>

namespace collscope::cli {
namespace {

TEST(ChunkLabels, UnevenSplitListsRunsOfEqualLength) {
  // 13 bytes over 5: 3, 3, 3, 3, 1.
  EXPECT_EQ(ChunkSizesLine(engine::Collective::kAllReduce, 5, 13), "chunk lengths: a-d 3 B, e 1 B");
  // 3 bytes over 5: 1, 1, 1, then two empty chunks.
  EXPECT_EQ(ChunkSizesLine(engine::Collective::kAllGather, 5, 3),
            "chunk lengths: a-c 1 B, d-e empty");
}

TEST(ChunkLabels, EvenSplitAddsNothing) {
  EXPECT_EQ(ChunkSizesLine(engine::Collective::kAllReduce, 4, 64e6), "");
  EXPECT_EQ(ChunkSizeNote(engine::Collective::kAllReduce, 4, 64e6, 2), "");
  EXPECT_EQ(ChunkSizesLine(engine::Collective::kAllReduce, 3, 10.5), "");  // no whole number
}

TEST(ChunkLabels, ColumnNoteGivesLengthAndElements) {
  EXPECT_EQ(ChunkSizeNote(engine::Collective::kAllReduce, 5, 13, 4),
            "chunk e: 1 B (elements 12..12)");
  EXPECT_EQ(ChunkSizeNote(engine::Collective::kAllReduce, 4, 10, 1, 1),
            "chunk b: 3 B (elements 3..5)");
  EXPECT_NE(ChunkSizeNote(engine::Collective::kAllToAll, 3, 10, 4).find("row's own chunk"),
            std::string::npos);
}

}  // namespace
}  // namespace collscope::cli
