// The NCCL_DEBUG log tokenizer (trace/importers/nccl_log/tokenizer.*) on its
// own. Record prefixes as NCCL's src/debug.cc (ncclDebugLogV) writes them:
// `host:pid:tid [dev] NCCL INFO msg`, an optional `[timestamp] ` before
// (2.26+), `host:pid:tid [dev] file:line NCCL WARN msg`, `host:pid:tid NCCL
// CALL ...`, and the bare version line; launcher prefixes as mpirun
// --tag-output, torchrun --tee, pdsh and srun --label put them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "trace/importers/nccl_log/tokenizer.h"

namespace collscope::trace {
namespace {

using Level = NcclLogLine::Level;

std::optional<NcclLogLine> Parse(std::string_view text) { return ParseNcclLogLine({7, text}); }

TEST(NcclLogTokenizer, AnInfoRecordGivesHostPidTidDeviceAndMessage) {
  const auto record = Parse("gpu-a01:41215:41290 [3] NCCL INFO Channel 00/02 : 0 1 2 3");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->line, 7u);
  EXPECT_EQ(record->host, "gpu-a01");
  EXPECT_EQ(record->pid, 41215);
  EXPECT_EQ(record->tid, 41290);
  EXPECT_EQ(record->device, 3);
  EXPECT_EQ(record->level, Level::kInfo);
  EXPECT_EQ(record->message, "Channel 00/02 : 0 1 2 3");
  EXPECT_FALSE(record->cut);
}

TEST(NcclLogTokenizer, TimestampWarnCallAndVersionRecords) {
  const auto stamped = Parse("[2025-03-01 10:11:12] node7:100:101 [0] NCCL INFO Init COMPLETE");
  ASSERT_TRUE(stamped.has_value());
  EXPECT_EQ(stamped->host, "node7");
  EXPECT_EQ(stamped->message, "Init COMPLETE");

  const auto warn =
      Parse("node7:100:101 [1] enqueue.cc:1451 NCCL WARN Cuda failure 'out of memory'");
  ASSERT_TRUE(warn.has_value());
  EXPECT_EQ(warn->level, Level::kWarn);
  EXPECT_EQ(warn->device, 1);
  EXPECT_EQ(warn->message, "Cuda failure 'out of memory'");

  const auto call = Parse("node7:100:101 NCCL CALL ncclAllReduce(0x7f, 0x7f, 1024, 7, 0)");
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->level, Level::kCall);
  EXPECT_EQ(call->device, -1);
  EXPECT_EQ(call->pid, 100);

  const auto version = Parse("NCCL version 2.21.5+cuda12.4");
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->level, Level::kVersion);
  EXPECT_TRUE(version->host.empty());
  EXPECT_EQ(version->message, "NCCL version 2.21.5+cuda12.4");
}

TEST(NcclLogTokenizer, TextThatOnlyMentionsNcclIsNoRecord) {
  EXPECT_FALSE(Parse("training with NCCL INFO enabled").has_value());
  EXPECT_FALSE(Parse("# nThread 1 nGpus 1 minBytes 8").has_value());
  EXPECT_FALSE(Parse("").has_value());
}

TEST(NcclLogTokenizer, LauncherPrefixesAreTakenOff) {
  EXPECT_EQ(StripLauncherPrefix("[1,12]<stdout>:node3:5:6 [0] NCCL INFO x"),
            "node3:5:6 [0] NCCL INFO x");
  EXPECT_EQ(StripLauncherPrefix("[1,0]<stderr>:#  Rank  0"), "#  Rank  0");
  EXPECT_EQ(StripLauncherPrefix("[default3]:node3:5:6 [3] NCCL INFO x"),
            "node3:5:6 [3] NCCL INFO x");
  EXPECT_EQ(StripLauncherPrefix("[rank3]:node3:5:6 [3] NCCL INFO x"), "node3:5:6 [3] NCCL INFO x");
  EXPECT_EQ(StripLauncherPrefix("node3: node3:5:6 [0] NCCL INFO x"), "node3:5:6 [0] NCCL INFO x");
  EXPECT_EQ(StripLauncherPrefix("node3: # nThread 1"), "# nThread 1");
  // Words followed by ': ' that are not a pdsh host stay.
  EXPECT_EQ(StripLauncherPrefix("rccl-tests: Version develop:a7809b3"),
            "rccl-tests: Version develop:a7809b3");

  const auto tagged = Parse("[1,5]<stdout>:node3:5:6 [5] NCCL INFO comm 0x1 rank 5 nranks 16");
  ASSERT_TRUE(tagged.has_value());
  EXPECT_EQ(tagged->host, "node3");
  EXPECT_EQ(tagged->device, 5);
}

TEST(NcclLogTokenizer, TwoRecordsOnOneLineAreSplit) {
  // Two processes writing into one file: the second record begins inside
  // the first one's line.
  const std::vector<NcclLogLine> records = TokenizeNcclLog(
      "a1:10:11 [0] NCCL INFO Channel 00/02 : 0 1 a1:20:21 [1] NCCL INFO Trees [0] "
      "1/-1/-1->0->-1\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].pid, 10);
  EXPECT_EQ(Trim(records[0].message), "Channel 00/02 : 0 1");
  EXPECT_TRUE(records[0].cut);
  EXPECT_EQ(records[1].pid, 20);
  EXPECT_EQ(records[1].device, 1);
  EXPECT_EQ(records[1].message, "Trees [0] 1/-1/-1->0->-1");
  EXPECT_FALSE(records[1].cut);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 1u);
}

TEST(NcclLogTokenizer, OutputCutByARecordIsJoinedAgain) {
  // A table row, an NCCL record glued onto it (the host known from a line
  // it starts), and the row's rest on the next line.
  const MixedText text(
      "gpu1:100:200 [0] NCCL INFO Init START\n"
      "     1048576        262144     float     sum      -1gpu1:100:200 [0] NCCL INFO Connected\n"
      "    51.20   20.48   35.84      0\n");
  const std::vector<TextRecord>& records = text.records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].kind, TextRecord::Kind::kNcclLog);
  EXPECT_EQ(records[1].kind, TextRecord::Kind::kNcclLog);
  EXPECT_EQ(records[1].log.host, "gpu1");  // not "-1gpu1"
  EXPECT_EQ(records[1].log.message, "Connected");
  EXPECT_EQ(records[2].kind, TextRecord::Kind::kOutput);
  EXPECT_EQ(records[2].line, 2u);  // where the row began
  EXPECT_EQ(records[2].text,
            "     1048576        262144     float     sum      -1    51.20   20.48   35.84      0");
}

TEST(NcclLogTokenizer, TheBlankLineBeforeAWarningIsItsNewline) {
  // ncclDebugLogV starts every WARN with a newline.
  const MixedText text("row start\nnode1:1:2 [0] misc.cc:10 NCCL WARN oops\n and its end\n");
  const std::vector<TextRecord>& records = text.records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, TextRecord::Kind::kNcclLog);
  EXPECT_EQ(records[0].log.level, Level::kWarn);
  EXPECT_EQ(records[1].kind, TextRecord::Kind::kOutput);
  EXPECT_EQ(records[1].text, "row start and its end");
}

}  // namespace
}  // namespace collscope::trace
