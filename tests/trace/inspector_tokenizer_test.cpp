// The NCCL Inspector tokenizer (trace/importers/inspector/tokenizer.*) on
// its own. Records as NCCL's plugins/profiler/inspector writes them
// (inspector_json.cc, output v4.x): one JSON object a line, a header (the
// communicator), metadata (host, pid, dump time) and coll_perf or p2p_perf,
// with event_trace_ts in verbose mode.
#include <gtest/gtest.h>

#include <string>

#include "trace/importers/inspector/tokenizer.h"

namespace collscope::trace {
namespace {

Result<InspectorFile> Tokenize(const std::string& text) {
  Result<SourceFile> file = SourceFromBytes("host-pid1.log", text);
  EXPECT_TRUE(file.ok());
  return TokenizeInspector(*file);
}

const char kHeader[] =
    R"({"header":{"id":"0x7f3a","comm_name":"unknown","rank":2,"n_ranks":8,"nnodes":2},)"
    R"("metadata":{"inspector_output_format_version":"v4.0","hostname":"node-a01","pid":41003,)"
    R"("dump_timestamp_us":1795190401000093},)";

TEST(InspectorTokenizer, ACollectiveRecordWithItsChannels) {
  const std::string line =
      std::string(kHeader) +
      R"("coll_perf":{"coll":"AllReduce","coll_sn":4,"coll_msg_size_bytes":67108864,)"
      R"("coll_exec_time_us":1120,"coll_timing_source":"kernel_gpu","coll_algobw_gbs":59.918629,)"
      R"("coll_busbw_gbs":104.857600,"event_trace_ts":{"coll_start_ts":1795190400000003,)"
      R"("coll_stop_ts":1795190400000010,"kernel_events":[{"channel_id":0,)"
      R"("kernel_start_ts":1795190400000019,"kernel_stop_ts":1795190400001143,)"
      R"("kernel_record_ts":1795190400001141},{"channel_id":1,"kernel_start_ts":1795190400000020,)"
      R"("kernel_stop_ts":1795190400001146,"kernel_record_ts":1795190400001143}]}}})";
  Result<InspectorFile> file = Tokenize(line + "\n");
  ASSERT_TRUE(file.ok()) << file.error();
  ASSERT_EQ(file->records.size(), 1u);
  const InspectorRecord& record = file->records[0];
  EXPECT_EQ(record.kind, InspectorRecord::Kind::kColl);
  EXPECT_EQ(record.comm_id, "0x7f3a");
  EXPECT_EQ(record.rank, 2);
  EXPECT_EQ(record.n_ranks, 8);
  EXPECT_EQ(record.nnodes, 2);
  EXPECT_EQ(record.version, "v4.0");
  EXPECT_EQ(record.hostname, "node-a01");
  EXPECT_EQ(record.pid, 41003);
  EXPECT_EQ(record.dump_ts_us, 1795190401000093);
  EXPECT_EQ(record.op, "AllReduce");
  EXPECT_EQ(record.sn, 4);
  EXPECT_EQ(record.msg_bytes, 67108864);
  EXPECT_EQ(record.exec_us, 1120);
  EXPECT_EQ(record.timing_source, "kernel_gpu");
  EXPECT_DOUBLE_EQ(record.algbw_gbps, 59.918629);
  EXPECT_DOUBLE_EQ(record.busbw_gbps, 104.8576);
  EXPECT_TRUE(record.verbose);
  EXPECT_EQ(record.start_ts_us, 1795190400000003);
  EXPECT_EQ(record.stop_ts_us, 1795190400000010);
  ASSERT_EQ(record.channels.size(), 2u);
  EXPECT_EQ(record.channels[1].channel, 1);
  EXPECT_EQ(record.channels[1].start_ts_us, 1795190400000020);
  EXPECT_EQ(record.channels[1].stop_ts_us, 1795190400001146);
  EXPECT_EQ(record.channels[1].record_ts_us, 1795190400001143);
}

TEST(InspectorTokenizer, PointToPointAndNanBandwidth) {
  // json.cc writes NaN as "nan"; a send of 0 bytes has no bandwidth.
  const std::string line =
      std::string(kHeader) +
      R"("p2p_perf":{"p2p":"Send","p2p_sn":0,"p2p_msg_size_bytes":0,"p2p_exec_time_us":3,)"
      R"("p2p_timing_source":"kernel_cpu","p2p_algobw_gbs":"nan","p2p_busbw_gbs":"nan",)"
      R"("p2p_peer":5}})";
  Result<InspectorFile> file = Tokenize(line + "\n");
  ASSERT_TRUE(file.ok()) << file.error();
  ASSERT_EQ(file->records.size(), 1u);
  const InspectorRecord& record = file->records[0];
  EXPECT_EQ(record.kind, InspectorRecord::Kind::kP2p);
  EXPECT_EQ(record.op, "Send");
  EXPECT_EQ(record.peer, 5);
  EXPECT_EQ(record.algbw_gbps, 0);
  EXPECT_FALSE(record.verbose);
}

TEST(InspectorTokenizer, DamagedAndCutShortLinesAreCountedNotFatal) {
  const std::string good = std::string(kHeader) +
                           R"("coll_perf":{"coll":"AllGather","coll_sn":0,)"
                           R"("coll_msg_size_bytes":1024,"coll_exec_time_us":5}})";
  // A line of other text, a good record, and a last line the process did
  // not finish writing (no newline).
  Result<InspectorFile> file = Tokenize("not json\n" + good + "\n" + good.substr(0, 40));
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file->records.size(), 1u);
  EXPECT_EQ(file->bad_lines, 1u);
  EXPECT_EQ(file->first_bad.rfind("host-pid1.log:1:", 0), 0u) << file->first_bad;
  EXPECT_EQ(file->cut_short.rfind("host-pid1.log:3:", 0), 0u) << file->cut_short;

  // Nothing but a document over several lines: not what the Inspector writes.
  Result<InspectorFile> pretty = Tokenize("{\n  \"header\": {}\n}\n");
  ASSERT_FALSE(pretty.ok());
  EXPECT_NE(pretty.error().find("one record per line"), std::string::npos) << pretty.error();
}

}  // namespace
}  // namespace collscope::trace
