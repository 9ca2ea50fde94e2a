#include <gtest/gtest.h>

#include <filesystem>

#include "tests/trace/test_util.h"
#include "trace/reader.h"
#include "trace/writer.h"

namespace collscope::trace {
namespace {

using testing::DataPath;
using testing::FileExists;
using testing::MakeRingTrace;
using testing::ReadFile;
using testing::TempPath;
using testing::WriteFile;

void ExpectSameTrace(const Trace& a, const Trace& b) {
  EXPECT_EQ(a.meta.source, b.meta.source);
  EXPECT_EQ(a.meta.note, b.meta.note);
  EXPECT_EQ(a.meta.extra_json, b.meta.extra_json);
  EXPECT_EQ(a.complete, b.complete);
  ASSERT_EQ(a.ranks.size(), b.ranks.size());
  for (std::size_t i = 0; i < a.ranks.size(); ++i) {
    EXPECT_EQ(a.ranks[i].rank, b.ranks[i].rank);
    EXPECT_EQ(a.ranks[i].host, b.ranks[i].host);
    EXPECT_EQ(a.ranks[i].device, b.ranks[i].device);
  }
  EXPECT_EQ(a.topology.rings, b.topology.rings);
  ASSERT_EQ(a.topology.trees.size(), b.topology.trees.size());
  ASSERT_EQ(a.topology.links.size(), b.topology.links.size());
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t r = 0; r < a.runs.size(); ++r) {
    const trace::Run& x = a.runs[r];
    const trace::Run& y = b.runs[r];
    EXPECT_EQ(x.collective, y.collective);
    EXPECT_EQ(x.algorithm, y.algorithm);
    EXPECT_EQ(x.bytes, y.bytes);
    EXPECT_EQ(x.t_start_ns, y.t_start_ns);
    EXPECT_EQ(x.t_end_ns, y.t_end_ns);
    ASSERT_EQ(x.steps.size(), y.steps.size());
    for (std::size_t i = 0; i < x.steps.size(); ++i) {
      const StepEvent& e = x.steps[i];
      const StepEvent& f = y.steps[i];
      EXPECT_EQ(e.step, f.step);
      EXPECT_EQ(e.rank, f.rank);
      EXPECT_EQ(a.PhaseName(e.phase), b.PhaseName(f.phase));
      EXPECT_EQ(e.send_to, f.send_to);
      EXPECT_EQ(e.recv_from, f.recv_from);
      EXPECT_EQ(e.slot, f.slot);
      EXPECT_EQ(e.channel, f.channel);
      EXPECT_EQ(e.bytes, f.bytes);
      EXPECT_EQ(e.t_start_ns, f.t_start_ns);
      EXPECT_EQ(e.t_end_ns, f.t_end_ns);
    }
  }
  ASSERT_EQ(a.measurements.size(), b.measurements.size());
  for (std::size_t i = 0; i < a.measurements.size(); ++i) {
    EXPECT_EQ(a.measurements[i].collective, b.measurements[i].collective);
    EXPECT_DOUBLE_EQ(a.measurements[i].time_us, b.measurements[i].time_us);
    EXPECT_DOUBLE_EQ(a.measurements[i].busbw_gbps, b.measurements[i].busbw_gbps);
    EXPECT_EQ(a.measurements[i].wrong, b.measurements[i].wrong);
    EXPECT_EQ(a.measurements[i].in_place, b.measurements[i].in_place);
  }
}

Trace RichTrace() {
  Trace trace = MakeRingTrace(4, 2, 1 << 20);
  trace.complete = false;
  trace.meta.host = "héllo \"quoted\"\n";
  trace.meta.SetExtraString("incomplete_reason", "killed");
  trace.meta.SetExtraNumber("nodes", 2);
  trace.runs[0].steps[3].channel = 7;
  Tree tree;
  tree.channel = 1;
  tree.nodes.push_back({.rank = 0, .parent = -1, .children = {1, 2}});
  trace.topology.trees.push_back(tree);
  trace.topology.links.push_back({.src = 0, .dst = 1, .transport = "P2P/IPC", .channel = 0});
  Measurement m;
  m.collective = "allreduce";
  m.bytes = 1024;
  m.time_us = 24.6;
  m.busbw_gbps = 0.07;
  m.in_place = true;
  trace.measurements.push_back(m);
  m.wrong = 0;
  trace.measurements.push_back(m);
  return trace;
}

TEST(TraceReaderWriter, RoundTripKeepsEveryField) {
  const Trace trace = RichTrace();
  const std::string path = TempPath("round.json");
  ASSERT_TRUE(WriteTrace(trace, path).ok());
  Result<Trace> back = ReadTrace(path);
  ASSERT_TRUE(back.ok()) << back.error();
  ExpectSameTrace(trace, *back);
}

TEST(TraceReaderWriter, RoundTripKeepsTheRecordingMachine) {
  Trace trace = MakeRingTrace(2, 1, 1 << 10);
  trace.meta.machine = HostMachine{10.9, 16};
  const std::string path = TempPath("machine.json");
  ASSERT_TRUE(WriteTrace(trace, path).ok());
  EXPECT_NE(ReadFile(path).find("\"machine\":{\"memcpy_gbps\":10.9,\"cores\":16}"),
            std::string::npos);
  Result<Trace> back = ReadTrace(path);
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_TRUE(back->meta.machine.has_value());
  EXPECT_DOUBLE_EQ(back->meta.machine->memcpy_gbps, 10.9);
  EXPECT_EQ(back->meta.machine->cores, 16);
  EXPECT_TRUE(back->meta.extra_json.empty());  // a field of its own, not an extra
  // A trace without it has none.
  ASSERT_TRUE(WriteTrace(MakeRingTrace(2, 1, 1 << 10), path).ok());
  EXPECT_FALSE(ReadTrace(path)->meta.machine.has_value());
}

TEST(TraceReaderWriter, RoundTripKeepsSectionsTuningCollNetAndIterationTimes) {
  Trace trace = MakeRingTrace(2, 1, 1 << 10);
  trace.runs[0].comm_ranks = 8;
  trace.runs[0].sequence = 41;
  trace.topology.collnet.push_back(
      {.channel = 3, .rank = 1, .send = false, .transport = "COLLNET/SHARP/0/GDRDMA"});
  trace.topology.gpu_paths.push_back({.host = "mew0",
                                      .from = "0-17000",
                                      .to = "0-65000",
                                      .hops = 1,
                                      .bw_gbps = 240.5,
                                      .type = "NVL"});
  trace.sections.push_back({.test = "all_gather_perf",
                            .collective = "allgather",
                            .ranks = 8,
                            .rows = 1,
                            .complete = false,
                            .command = "nThread 1 nGpus 1"});
  Measurement m;
  m.collective = "allgather";
  m.section = 0;
  IterationTimes times;
  times.min_us = 10.5;
  times.p99_us = 12.25;
  times.cv_pct = 3.5;
  times.times_us = {10.5, 11, 12.25};
  times.per_process_max_us = {12.25, 11.5};
  m.per_iteration = times;
  trace.measurements.push_back(m);
  trace.tuning_choices.push_back({.collective = "allreduce",
                                  .bytes = 8388608,
                                  .algorithm = "nvls_tree",
                                  .protocol = "SIMPLE",
                                  .channel_lo = 0,
                                  .channel_hi = 23,
                                  .comm_ranks = 4});
  trace.tuning_table.push_back({.collective = "allreduce",
                                .algorithm = "ring",
                                .protocol = "LL128",
                                .latency_us = 25.4,
                                .bandwidth_gbps = 220.8,
                                .max_threads = 640});
  const std::string path = TempPath("sections.json");
  ASSERT_TRUE(WriteTrace(trace, path).ok());
  Result<Trace> back = ReadTrace(path);
  ASSERT_TRUE(back.ok()) << back.error();
  ExpectSameTrace(trace, *back);
  EXPECT_EQ(back->runs[0].comm_ranks, 8);
  EXPECT_EQ(back->runs[0].sequence, 41);
  ASSERT_EQ(back->topology.collnet.size(), 1u);
  EXPECT_EQ(back->topology.collnet[0].channel, 3);
  EXPECT_FALSE(back->topology.collnet[0].send);
  EXPECT_EQ(back->topology.collnet[0].transport, "COLLNET/SHARP/0/GDRDMA");
  ASSERT_EQ(back->topology.gpu_paths.size(), 1u);
  EXPECT_EQ(back->topology.gpu_paths[0].host, "mew0");
  EXPECT_EQ(back->topology.gpu_paths[0].from, "0-17000");
  EXPECT_EQ(back->topology.gpu_paths[0].to, "0-65000");
  EXPECT_EQ(back->topology.gpu_paths[0].hops, 1);
  EXPECT_DOUBLE_EQ(back->topology.gpu_paths[0].bw_gbps, 240.5);
  EXPECT_EQ(back->topology.gpu_paths[0].type, "NVL");
  ASSERT_EQ(back->sections.size(), 1u);
  EXPECT_EQ(back->sections[0].test, "all_gather_perf");
  EXPECT_EQ(back->sections[0].ranks, 8);
  EXPECT_FALSE(back->sections[0].complete);
  EXPECT_EQ(back->sections[0].command, "nThread 1 nGpus 1");
  ASSERT_TRUE(back->measurements[0].per_iteration.has_value());
  EXPECT_EQ(back->measurements[0].section, 0);
  EXPECT_DOUBLE_EQ(back->measurements[0].per_iteration->p99_us, 12.25);
  EXPECT_EQ(back->measurements[0].per_iteration->times_us, times.times_us);
  EXPECT_EQ(back->measurements[0].per_iteration->per_process_max_us, times.per_process_max_us);
  ASSERT_EQ(back->tuning_choices.size(), 1u);
  EXPECT_EQ(back->tuning_choices[0].algorithm, "nvls_tree");
  EXPECT_EQ(back->tuning_choices[0].channel_hi, 23);
  EXPECT_EQ(back->tuning_choices[0].comm_ranks, 4);
  ASSERT_EQ(back->tuning_table.size(), 1u);
  EXPECT_DOUBLE_EQ(back->tuning_table[0].bandwidth_gbps, 220.8);
  EXPECT_EQ(back->tuning_table[0].max_threads, 640);
}

TEST(TraceReaderWriter, RejectsAMeasurementNamingASectionThatIsNotThere) {
  const std::string path = TempPath("bad_section.json");
  WriteFile(path,
            "{\"format\":\"collscope-trace\",\"version\":1,\"measurements\":[{\"collective\":"
            "\"allreduce\",\"section\":3}],\"sections\":[]}");
  Result<Trace> back = ReadTrace(path);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().find("section 3"), std::string::npos) << back.error();
  EXPECT_EQ(back.error().find('\n'), std::string::npos);
}

TEST(TraceReaderWriter, RoundTripThroughGzip) {
  const Trace trace = RichTrace();
  const std::string path = TempPath("round.json.gz");
  ASSERT_TRUE(WriteTrace(trace, path).ok());
  const std::string bytes = ReadFile(path);
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);  // gzip magic
  Result<Trace> back = ReadTrace(path);
  ASSERT_TRUE(back.ok()) << back.error();
  ExpectSameTrace(trace, *back);
}

TEST(TraceReaderWriter, WriteIsAtomicAndLeavesNoTemporaryFiles) {
  const std::string path = TempPath("atomic.json");
  WriteFile(path, "old contents");
  ASSERT_TRUE(WriteTrace(MakeRingTrace(2, 1, 64), path).ok());
  EXPECT_TRUE(ReadTrace(path).ok());
  const auto dir = std::filesystem::path(path).parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

TEST(TraceReaderWriter, WriteIntoMissingDirectoryFailsWithoutCreatingAFile) {
  const std::string path = TempPath("missing") + "/sub/trace.json";
  Status status = WriteTrace(MakeRingTrace(2, 1, 64), path);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error.find(path), std::string::npos);
  EXPECT_FALSE(FileExists(path));
}

TEST(TraceReaderWriter, ReadsHandWrittenSample) {
  Result<Trace> trace = ReadTrace(DataPath("small_ring_allreduce.json"));
  ASSERT_TRUE(trace.ok()) << trace.error();
  ASSERT_EQ(trace->runs.size(), 1u);
  EXPECT_EQ(trace->runs[0].steps.size(), 24u);
  EXPECT_EQ(trace->phases.size(), 2u);
  EXPECT_EQ(trace->topology.rings.size(), 1u);
  EXPECT_TRUE(trace->complete);
}

TEST(TraceReaderWriter, AcceptsUnknownFieldsAndMinorVersions) {
  const std::string path = TempPath("extra.json");
  WriteFile(path,
            R"({"format":"collscope-trace","version":1.3,"future":{"a":[1,2]},
 "meta":{"source":"example","custom":{"k":1},"flag":true},
 "ranks":[{"rank":0,"host":"h","device":0,"uuid":"x"}],
 "runs":[{"collective":"allreduce","bytes":8,"t_start_ns":0,"t_end_ns":10,"new":1,
   "steps":[{"step":1,"rank":0,"phase":"p","t_start_ns":1e3,"t_end_ns":2000,"extra":[1]}]}]})");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.error();
  EXPECT_EQ(trace->runs[0].steps[0].t_start_ns, 1000);
  ASSERT_NE(trace->meta.ExtraJson("custom"), nullptr);
  EXPECT_EQ(*trace->meta.ExtraJson("custom"), R"({"k":1})");
  EXPECT_EQ(*trace->meta.ExtraJson("flag"), "true");
}

TEST(TraceReaderWriter, RejectsUnknownMajorVersionNamingTheFile) {
  const std::string path = TempPath("v2.json");
  WriteFile(path, R"({"format":"collscope-trace","version":2,"runs":[]})");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find(path + ":1:"), std::string::npos) << trace.error();
  EXPECT_NE(trace.error().find("unknown major version 2"), std::string::npos) << trace.error();
}

// Found by fuzz_import_collscope (tests/fuzz/regressions/trace_format_with_newline.json):
// the error quoted the file's "format" string with its "\n" as a line break.
TEST(TraceReaderWriter, AnErrorQuotingTheFilesOwnStringIsOneLine) {
  const std::string path = TempPath("format_newline.json");
  WriteFile(path, R"({"format":"collscope\ntrace\r","version":1,"runs":[]})");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_EQ(trace.error().find('\n'), std::string::npos) << trace.error();
  EXPECT_EQ(trace.error().find('\r'), std::string::npos) << trace.error();
  EXPECT_NE(trace.error().find(path + ":1:"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsEmptyFile) {
  const std::string path = TempPath("empty.json");
  WriteFile(path, "");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("empty file"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsTruncatedJsonWithPosition) {
  const std::string text = ReadFile(DataPath("small_ring_allreduce.json"));
  const std::string path = TempPath("truncated.json");
  WriteFile(path, text.substr(0, text.size() / 2));
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_EQ(trace.error().find('\n'), std::string::npos) << "one line: " << trace.error();
  EXPECT_EQ(trace.error().rfind(path + ":", 0), 0u) << trace.error();
  EXPECT_NE(trace.error().find("byte"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsBinaryData) {
  const std::string path = TempPath("binary.json");
  WriteFile(path, std::string("{\"format\"\0\x01\x02\xff", 13));
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("binary"), std::string::npos) << trace.error();
  EXPECT_NE(trace.error().find("byte 9"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsOtherJson) {
  const std::string path = TempPath("other.json");
  WriteFile(path, R"({"format":"something-else","version":1})");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("not \"collscope-trace\""), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsWrongTypeWithLineAndColumn) {
  const std::string path = TempPath("type.json");
  WriteFile(path,
            "{\"format\":\"collscope-trace\",\"version\":1,\n\"runs\":[{\"bytes\":\"many\"}]}");
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find(path + ":2:"), std::string::npos) << trace.error();
  EXPECT_NE(trace.error().find("bytes"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, RejectsTruncatedGzip) {
  const std::string gz = testing::Gzip(ReadFile(DataPath("small_ring_allreduce.json")));
  const std::string path = TempPath("cut.json.gz");
  WriteFile(path, gz.substr(0, gz.size() / 2));
  Result<Trace> trace = ReadTrace(path);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("truncated"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, GzipExpansionIsBounded) {
  const std::string path = TempPath("bomb.json.gz");
  WriteFile(path, testing::Gzip(std::string(1 << 20, ' ')));
  LoadLimits limits;
  limits.max_decompressed_bytes = 4096;
  Result<Trace> trace = ReadTrace(path, limits);
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("limit"), std::string::npos) << trace.error();
}

TEST(TraceReaderWriter, MissingFileIsAnError) {
  Result<Trace> trace = ReadTrace("/nonexistent/trace.json");
  ASSERT_FALSE(trace.ok());
  EXPECT_NE(trace.error().find("/nonexistent/trace.json"), std::string::npos);
}

}  // namespace
}  // namespace collscope::trace

namespace collscope::trace {
namespace {

TEST(TraceReaderWriter, ReportsProgressUpToOne) {
  const std::string path = testing::TempPath("progress.json");
  ASSERT_TRUE(WriteTrace(testing::MakeRingTrace(64, 20, 1 << 20), path).ok());
  std::vector<double> seen;
  LoadLimits limits;
  limits.progress = [&](double fraction) { seen.push_back(fraction); };
  ASSERT_TRUE(ReadTrace(path, limits).ok());
  ASSERT_GE(seen.size(), 2u);
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
}

}  // namespace
}  // namespace collscope::trace
