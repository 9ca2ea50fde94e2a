// The Chrome trace event tokenizer (trace/importers/trace_events/) on its
// own: which events of a Kineto / Chrome JSON trace become records and with
// what, the batch walk that reads a large file a piece at a time, and the
// value extents it cuts the pieces with. Inputs follow the Chrome Trace Event
// Format (X complete events, M metadata) and what PyTorch writes in args
// (torch/csrc/distributed/c10d/ParamCommsUtils.hpp, libkineto
// output_json.cpp).
#include <gtest/gtest.h>

#include <string>

#include "trace/importers/trace_events/json_extent.h"
#include "trace/importers/trace_events/tokenizer.h"

namespace collscope::trace {
namespace {

Result<TraceEventFile> Tokenize(const std::string& text, const std::string& path = "t.json") {
  Result<SourceFile> file = SourceFromBytes(path, text);
  EXPECT_TRUE(file.ok());
  return TokenizeTraceEvents(*file);
}

std::string KernelEvent(int index) {
  return R"j({"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllReduce_Sum_f32_RING_LL(x)", )j"
         R"("pid": 0, "tid": 7, "ts": )" +
         std::to_string(1000 + index) + R"(, "dur": 2, "args": {"correlation": )" +
         std::to_string(index) + "}}";
}

TEST(TraceEventsTokenizer, KeepsNcclKernelsTheirArgsAndTheMetadata) {
  const std::string text = R"j({
  "schemaVersion": 1,
  "deviceProperties": [{"id": 0, "name": "NVIDIA H100 80GB HBM3"}, {"id": 1, "name": "other"}],
  "distributedInfo": {"backend": "nccl", "rank": 3, "world_size": 8, "nccl_version": "2.21.5",
                      "pg_config": [{"pg_name": "0", "pg_desc": "default_pg", "pg_size": 8}]},
  "baseTimeNanoseconds": 1727000000000000000,
  "traceEvents": [
  {"ph": "X", "cat": "python_function", "name": "model.py(12): forward", "pid": 41, "tid": 41,
   "ts": 1.0, "dur": 9.0, "args": {"Python id": 1}},
  {"ph": "X", "cat": "cpu_op", "name": "record_param_comms", "pid": 41, "tid": 41,
   "ts": 2.0, "dur": 5.0, "args": {"Collective name": "allreduce", "In msg nelems": 4096,
   "Out msg nelems": 4096, "Group size": 8, "dtype": "Float", "Process Group Name": "0",
   "Process Group Description": "default_pg", "Rank": 3, "Seq": 11}},
  {"ph": "X", "cat": "user_annotation", "name": "nccl:all_reduce", "pid": 41, "tid": 41,
   "ts": 2.5, "dur": 4.0, "args": {"Input Dims": [[1024, 4]], "Input type": ["float"]}},
  {"ph": "X", "cat": "cuda_runtime", "name": "cudaLaunchKernel", "pid": 41, "tid": 41,
   "ts": 3.0, "dur": 1.0, "args": {"cbid": 211, "correlation": 77}},
  {"ph": "X", "cat": "kernel", "name": "void at::native::vectorized_elementwise_kernel<4>()",
   "pid": 0, "tid": 7, "ts": 3.5, "dur": 1.0, "args": {"correlation": 76}},
  {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllReduce_Sum_f32_RING_LL(x)",
   "pid": 0, "tid": "stream 20", "ts": 1694128201429795.123, "dur": 21.5,
   "args": {"correlation": 77, "stream": 20, "Collective name": "allreduce",
   "In msg nelems": 4096, "Group size": 8, "dtype": "Float"}},
  {"ph": "f", "id": 77, "pid": 0, "tid": 7, "ts": 4.0, "cat": "ac2g", "name": "ac2g"},
  {"name": "process_name", "ph": "M", "pid": 0, "tid": 0, "args": {"name": "GPU 0"}},
  {"name": "thread_name", "ph": "M", "pid": 41, "tid": 41, "args": {"name": "thread 41"}}
  ],
  "traceName": "rank3.json"
})j";
  Result<TraceEventFile> file = Tokenize(text);
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_TRUE(file->has_distributed_info);
  EXPECT_EQ(file->rank, 3);
  EXPECT_EQ(file->world_size, 8);
  EXPECT_EQ(file->nccl_version, "2.21.5");
  EXPECT_EQ(file->backend, "nccl");
  EXPECT_EQ(file->gpu, "NVIDIA H100 80GB HBM3");  // the first device's
  EXPECT_EQ(file->group_sizes.at("0"), 8);
  EXPECT_EQ(file->base_time_ns, 1727000000000000000);
  EXPECT_EQ(file->process_names.at(0), "GPU 0");
  EXPECT_EQ((file->thread_names.at({41, 41})), "thread 41");

  // record_param_comms, nccl:all_reduce and the NCCL kernel; the Python
  // frame, the compute kernel and the flow arrow are not about collectives.
  ASSERT_EQ(file->events.size(), 3u);
  const TraceEvent& comms = file->events[0];
  EXPECT_EQ(comms.kind, TraceEvent::Kind::kParamComms);
  EXPECT_EQ(comms.args.collective, "allreduce");
  EXPECT_EQ(comms.args.in_nelems, 4096);
  EXPECT_EQ(comms.args.out_nelems, 4096);
  EXPECT_EQ(comms.args.group_size, 8);
  EXPECT_EQ(comms.args.dtype, "Float");
  EXPECT_EQ(comms.args.process_group, "0");
  EXPECT_EQ(comms.args.process_group_description, "default_pg");
  EXPECT_EQ(comms.args.rank, 3);
  EXPECT_EQ(comms.args.sequence, 11);
  EXPECT_EQ(comms.ts_ns, 2000);
  EXPECT_EQ(comms.dur_ns, 5000);

  const TraceEvent& op = file->events[1];
  EXPECT_EQ(op.kind, TraceEvent::Kind::kNcclOp);
  EXPECT_EQ(op.name, "nccl:all_reduce");
  EXPECT_EQ(op.args.first_input_elements, 1024 * 4);
  EXPECT_EQ(op.args.first_input_type, "float");

  const TraceEvent& kernel = file->events[2];
  EXPECT_EQ(kernel.kind, TraceEvent::Kind::kNcclKernel);
  EXPECT_EQ(kernel.name, "ncclDevKernel_AllReduce_Sum_f32_RING_LL(x)");
  EXPECT_EQ(kernel.cat, "kernel");
  EXPECT_EQ(kernel.pid, 0);
  EXPECT_EQ(kernel.tid, 20);  // "stream 20"
  EXPECT_EQ(kernel.ts_ns, 1694128201429795123);
  EXPECT_EQ(kernel.dur_ns, 21500);
  EXPECT_EQ(kernel.args.correlation, 77);
  EXPECT_EQ(kernel.args.stream, 20);
  EXPECT_EQ(kernel.args.collective, "allreduce");

  // The launch is kept only as the link from correlation 77 to its thread.
  ASSERT_EQ(file->launches.size(), 1u);
  EXPECT_EQ(file->launches[0].correlation, 77);
  EXPECT_EQ(file->launches[0].pid, 41);
  EXPECT_EQ(file->launches[0].tid, 41);
  EXPECT_EQ(file->launches[0].ts_ns, 3000);
}

TEST(TraceEventsTokenizer, MicrosecondsBecomeExactNanoseconds) {
  EXPECT_EQ(MicrosecondsToNanoseconds("1694128201429795.123"), 1694128201429795123);
  EXPECT_EQ(MicrosecondsToNanoseconds("1.5e3"), 1500000);
  EXPECT_EQ(MicrosecondsToNanoseconds("0.0004"), 0);  // below a nanosecond
  EXPECT_EQ(MicrosecondsToNanoseconds("-2"), -2000);
  EXPECT_EQ(MicrosecondsToNanoseconds("1e20"), std::nullopt);  // past int64 ns
  EXPECT_EQ(MicrosecondsToNanoseconds("12abc"), std::nullopt);
}

TEST(TraceEventsTokenizer, ALargeFileIsReadBatchByBatchInOrder) {
  // About 140 bytes an event: 5000 events are ten and more 64 KiB batches.
  std::string text = R"({"distributedInfo": {"rank": 1}, "traceEvents": [)";
  constexpr int kEvents = 5000;
  for (int i = 0; i < kEvents; ++i) text += (i ? ",\n" : "\n") + KernelEvent(i);
  text += "\n], \"otherData\": {\"note\": \"after the events\"}}";
  ASSERT_GT(text.size(), std::size_t{10} << 16);
  Result<TraceEventFile> file = Tokenize(text);
  ASSERT_TRUE(file.ok()) << file.error();
  ASSERT_EQ(file->events.size(), std::size_t{kEvents});
  for (int i = 0; i < kEvents; ++i) {
    ASSERT_EQ(file->events[i].ts_ns, (1000 + i) * 1000) << i;
    ASSERT_EQ(file->events[i].args.correlation, i) << i;
  }
  EXPECT_EQ(file->rank, 1);
  EXPECT_EQ(file->other_data.at("note"), "after the events");
}

TEST(TraceEventsTokenizer, TheArrayFormatAndEscapedKeysAreReadToo) {
  // The Chrome "JSON Array Format": the events alone.
  Result<TraceEventFile> array = Tokenize("[" + KernelEvent(1) + ",\n" + KernelEvent(2) + "]");
  ASSERT_TRUE(array.ok()) << array.error();
  EXPECT_EQ(array->events.size(), 2u);
  // "trac\u0065Events" is "traceEvents" once unescaped.
  Result<TraceEventFile> escaped = Tokenize(R"({"trac\u0065Events": [)" + KernelEvent(3) + "]}");
  ASSERT_TRUE(escaped.ok()) << escaped.error();
  ASSERT_EQ(escaped->events.size(), 1u);
  EXPECT_EQ(escaped->events[0].args.correlation, 3);
}

TEST(TraceEventsTokenizer, FieldsAreReadInTheirOrder) {
  // collscope's own export says so in otherData.generator; its slices count
  // only when that was said before them.
  const std::string slice =
      R"({"ph": "X", "cat": "step", "name": "step 1", "pid": 0, "tid": 0, "ts": 1, "dur": 1,
          "args": {"step": 1}})";
  const std::string generator = R"("otherData": {"generator": "collscope export"})";
  Result<TraceEventFile> before =
      Tokenize("{" + generator + R"(, "traceEvents": [)" + slice + "]}");
  ASSERT_TRUE(before.ok()) << before.error();
  ASSERT_EQ(before->events.size(), 1u);
  EXPECT_EQ(before->events[0].kind, TraceEvent::Kind::kCollscope);
  EXPECT_EQ(before->events[0].numbers.at("step"), 1);
  Result<TraceEventFile> after = Tokenize(R"({"traceEvents": [)" + slice + "], " + generator + "}");
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_TRUE(after->events.empty());
}

TEST(TraceEventsTokenizer, MalformedJsonDeepInALargeFileNamesItsLine) {
  std::string text = "{\"traceEvents\": [";
  constexpr int kBroken = 3000;  // on line kBroken + 2: one event a line after the first
  for (int i = 0; i < 5000; ++i) {
    std::string event = KernelEvent(i);
    if (i == kBroken) event.replace(event.find("\"dur\":"), 6, "\"dur\" ");  // no colon
    text += (i ? ",\n" : "\n") + event;
  }
  text += "\n]}";
  Result<TraceEventFile> file = Tokenize(text, "big.json");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().rfind("big.json:" + std::to_string(kBroken + 2) + ":", 0), 0u)
      << file.error();
  EXPECT_NE(file.error().find("malformed JSON"), std::string::npos) << file.error();
  EXPECT_EQ(file.error().find('\n'), std::string::npos);
}

TEST(TraceEventsTokenizer, ATimeThatIsNotANumberIsAnError) {
  Result<TraceEventFile> file =
      Tokenize(R"({"traceEvents": [{"ph": "X", "name": "x", "ts": "12", "dur": 1}]})");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().find("ts should be a number"), std::string::npos) << file.error();
  Result<TraceEventFile> none = Tokenize(R"({"otherData": {}})");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().find("no traceEvents array"), std::string::npos) << none.error();
}

TEST(JsonExtent, ValuesEndWhereTheirSyntaxSays) {
  const std::size_t npos = std::string_view::npos;
  EXPECT_EQ(JsonValueEnd(R"("abc", 1)", 0), 5u);
  EXPECT_EQ(JsonValueEnd(R"("a\"b" x)", 0), 6u);       // an escaped quote
  EXPECT_EQ(JsonValueEnd(R"("a\\" x)", 0), 5u);        // an escaped backslash
  EXPECT_EQ(JsonValueEnd(R"({"k": "}"}, )", 0), 10u);  // a bracket inside a string
  EXPECT_EQ(JsonValueEnd(R"([1, [2, {"a": [3]}]] x)", 0), 20u);
  EXPECT_EQ(JsonValueEnd("12.5e3, 4", 0), 6u);
  EXPECT_EQ(JsonValueEnd("true}", 0), 4u);
  EXPECT_EQ(JsonValueEnd("[1, 2", 0), npos);       // not closed
  EXPECT_EQ(JsonValueEnd("[1, 2}", 0), npos);      // the wrong bracket
  EXPECT_EQ(JsonValueEnd(R"("abc)", 0), npos);     // an open string
  EXPECT_EQ(JsonValueEnd(", 1", 0), npos);         // no value here
  EXPECT_EQ(JsonValueEnd("[[[1]]]", 0, 2), npos);  // deeper than allowed
  EXPECT_EQ(JsonValueEnd("[[[1]]]", 0, 3), 7u);
  EXPECT_EQ(SkipJsonSpace(" \t\r\n x", 0), 5u);
  EXPECT_EQ(SkipJsonSpace("   ", 1), 3u);
}

}  // namespace
}  // namespace collscope::trace
