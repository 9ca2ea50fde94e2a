// The nccl-tests stdout tokenizer (trace/importers/nccl_tests/tokenizer.*)
// on its own: each line classified as nccl-tests prints it (src/common.cu
// and src/util.cu: the version and parameter lines, one "#  Rank" line per
// GPU, the column and unit header, the rows, the footer), with launcher
// prefixes gone, NCCL records apart and rows cut by them whole again.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "trace/importers/nccl_tests/tokenizer.h"

namespace collscope::trace {
namespace {

using Kind = NcclTestsRecord::Kind;

std::vector<Kind> KindsOf(const std::vector<NcclTestsRecord>& records) {
  std::vector<Kind> kinds;
  for (const NcclTestsRecord& record : records) kinds.push_back(record.kind);
  return kinds;
}

TEST(NcclTestsTokenizer, EveryLineOfARunIsClassified) {
  const MixedText text(
      "# nccl-tests version 2.19.6 nccl-headers=22809 nccl-library=22809\n"
      "# Collective test starting: all_reduce_perf\n"
      "# nThread 1 nGpus 1 minBytes 8 maxBytes 134217728 step: 2(factor) warmup iters: 5\n"
      "#\n"
      "# Using devices\n"
      "#  Rank  0 Group  0 Pid  41215 on    gpub001 device  0 [0000:07:00] NVIDIA A100\n"
      "#\n"
      "#                                                              out-of-place"
      "                       in-place\n"
      "#       size         count      type   redop    root     time   algbw   busbw #wrong"
      "     time   algbw   busbw #wrong\n"
      "#        (B)    (elements)                               (us)  (GB/s)  (GB/s)"
      "            (us)  (GB/s)  (GB/s)\n"
      "     1048576        262144     float     sum      -1    51.20   20.48   35.84      0"
      "    50.10   20.93   36.63      0\n"
      "\n"
      "# Out of bounds values : 0 OK\n"
      "# Avg bus bandwidth    : 36.2345\n"
      "# Collective test concluded: all_reduce_perf\n"
      "rccl-tests: Version develop:a7809b3\n"
      "some other output\n");
  const std::vector<NcclTestsRecord> records = TokenizeNcclTests(text);
  EXPECT_EQ(
      KindsOf(records),
      (std::vector<Kind>{Kind::kVersion, Kind::kTestStart, Kind::kParams, Kind::kComment,
                         Kind::kComment, Kind::kDevice, Kind::kComment, Kind::kGroupTitles,
                         Kind::kColumns, Kind::kUnits, Kind::kRow, Kind::kBlank, Kind::kOutOfBounds,
                         Kind::kAvgBusBw, Kind::kTestEnd, Kind::kRcclVersion, Kind::kOther}));
  // A comment's text loses its '#'; a row keeps every column as a token.
  EXPECT_EQ(records[1].line.text, "Collective test starting: all_reduce_perf");
  EXPECT_EQ(records[5].tokens[0], "Rank");
  const NcclTestsRecord& row = records[10];
  EXPECT_EQ(row.line.number, 11u);
  EXPECT_EQ(row.tokens,
            (std::vector<std::string_view>{"1048576", "262144", "float", "sum", "-1", "51.20",
                                           "20.48", "35.84", "0", "50.10", "20.93", "36.63", "0"}));
}

TEST(NcclTestsTokenizer, ABlankColumnKeepsItsPlaceInTheRawLine) {
  // Old alltoall rows print nothing under redop: the tokens are one short,
  // the raw line keeps the columns where the header has them.
  const std::string row =
      "     1048576         32768     float            -1    51.20   20.48   17.92    N/A";
  const std::string file = row + "\n";  // the records are views into it
  const MixedText text(file);
  const std::vector<NcclTestsRecord> records = TokenizeNcclTests(text);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].kind, Kind::kRow);
  EXPECT_EQ(records[0].raw, row);
  ASSERT_EQ(records[0].tokens.size(), 8u);
  EXPECT_EQ(records[0].tokens[2], "float");
  EXPECT_EQ(records[0].tokens[3], "-1");
}

TEST(NcclTestsTokenizer, MpirunAndPdshPrefixesAreNotPartOfTheLine) {
  const MixedText text(
      "[1,0]<stdout>:#  Rank  0 Group  0 Pid  41215 on gpub001 device  0 [0000:07:00] A100\n"
      "[1,0]<stdout>:     8192          2048     float     sum      -1    20.1    0.41"
      "    0.71      0    19.8    0.41    0.72      0\n"
      "gpub001: # Avg bus bandwidth    : 0.71\n");
  const std::vector<NcclTestsRecord> records = TokenizeNcclTests(text);
  EXPECT_EQ(KindsOf(records), (std::vector<Kind>{Kind::kDevice, Kind::kRow, Kind::kAvgBusBw}));
  EXPECT_EQ(records[1].tokens.front(), "8192");
  EXPECT_EQ(records[1].tokens.size(), 13u);
}

TEST(NcclTestsTokenizer, NcclLinesGluedIntoARowAreRecordsAndTheRowIsWhole) {
  // NCCL_DEBUG=INFO: a record lands in the middle of a row, whose rest
  // comes on the next line.
  const MixedText text(
      "gpu1:100:200 [0] NCCL INFO Init START\n"
      "     1048576        262144     float     sum      -1gpu1:100:200 [0] NCCL INFO Connected\n"
      "    51.20   20.48   35.84      0    50.10   20.93   36.63      0\n");
  const std::vector<NcclTestsRecord> records = TokenizeNcclTests(text);
  EXPECT_EQ(KindsOf(records), (std::vector<Kind>{Kind::kNcclLog, Kind::kNcclLog, Kind::kRow}));
  ASSERT_NE(records[1].log, nullptr);
  EXPECT_EQ(records[1].log->message, "Connected");
  EXPECT_EQ(records[2].line.number, 2u);
  EXPECT_EQ(records[2].tokens.size(), 13u);
  EXPECT_EQ(records[2].tokens[4], "-1");
  EXPECT_EQ(records[2].tokens[5], "51.20");
}

}  // namespace
}  // namespace collscope::trace
