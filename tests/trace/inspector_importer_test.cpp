// NCCL Inspector output. The fixtures are the bytes NVIDIA/nccl
// plugins/profiler/inspector writes: json.cc and inspector_json.cc at commit
// b3aeda4a (output version "v4.0": header with comm_name, coll_perf and
// p2p_perf, event_trace_sn/ts when NCCL_INSPECTOR_DUMP_VERBOSE=1, one object
// per line, files <hostname>-pid<pid>.log) and the older inspector.cc at
// commit 51c58fd6 (no comm_name, the latest call per communicator and dump),
// replayed call for call by tests/trace/make_format_fixtures.py. The
// expected numbers below were read from the fixture text, not from the
// importer.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/run_binary.h"
#include "tests/trace/test_util.h"
#include "trace/importers/importer.h"

namespace collscope::trace {
namespace {

using collscope::testing::RunCollscope;
using namespace testing;  // tests/trace/test_util.h

std::vector<std::string> EightRankFiles() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(DataPath("inspector_8ranks"))) {
    names.push_back("inspector_8ranks/" + entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

const trace::Run* FindRun(const Trace& trace, std::int32_t rank, const std::string& collective,
                          std::int64_t sequence) {
  for (const trace::Run& run : trace.runs) {
    if (run.rank == rank && run.collective == collective && run.sequence == sequence) return &run;
  }
  return nullptr;
}

TEST(InspectorImporter, MergesEightProcessFilesOntoOneTimeBase) {
  const std::vector<std::string> names = EightRankFiles();
  ASSERT_EQ(names.size(), 8u);
  ImportResult result = ImportData(names, "auto");
  const Trace& trace = result.trace;
  EXPECT_EQ(trace.meta.source, "inspector");
  EXPECT_EQ(trace.meta.host, "node-a01,node-a02");
  EXPECT_EQ(*trace.meta.ExtraJson("nodes"), "2");
  EXPECT_EQ(*trace.meta.ExtraJson("inspector_output_format_version"), "\"v4.0\"");
  EXPECT_EQ(*trace.meta.ExtraJson("inspector_times"), "\"kernel\"");
  // The earliest kernel_start_ts of any file: rank 2's first channel.
  EXPECT_EQ(*trace.meta.ExtraJson("time_zero_ns"), "1795190400000016000");
  ASSERT_EQ(trace.ranks.size(), 8u);
  EXPECT_EQ(trace.ranks[5].rank, 5);
  EXPECT_EQ(trace.ranks[5].host, "node-a02");
  // 8 calls on each of 8 ranks, less the 2 records the files lack.
  ASSERT_EQ(trace.runs.size(), 62u);
  // 4 channels per AllReduce, 2 per AllGather: 28 a rank; 5 and 6 lack one
  // AllReduce each.
  EXPECT_EQ(trace.StepEventCount(), 216u);

  const trace::Run& first = trace.runs.front();
  EXPECT_EQ(first.rank, 2);
  EXPECT_EQ(first.collective, "allreduce");
  EXPECT_EQ(first.sequence, 0);
  EXPECT_EQ(first.bytes, 67108864);
  EXPECT_EQ(first.comm_ranks, 8);
  EXPECT_EQ(first.process_group, "0x7f3a9c2e51d04b");  // comm_name "unknown"
  EXPECT_EQ(first.t_start_ns, 0);
  EXPECT_EQ(first.DurationNs(), 1124000);  // coll_exec_time_us 1124
  ASSERT_EQ(first.steps.size(), 4u);
  EXPECT_EQ(first.steps[3].channel, 3);
  EXPECT_EQ(first.steps[3].rank, 2);
  EXPECT_EQ(trace.PhaseName(first.steps[3].phase), "kernel");
  EXPECT_EQ(first.steps[3].t_start_ns, 3000);   // ...019 - ...016 us
  EXPECT_EQ(first.steps[3].t_end_ns, 1134000);  // ...1150 - ...016 us

  // AllGather: 8 MiB per rank, n = 8 x 8 MiB (inspectorComputeCollBw).
  const trace::Run* gather = FindRun(trace, 0, "allgather", 0);
  ASSERT_NE(gather, nullptr);
  EXPECT_EQ(gather->bytes, 67108864);
  EXPECT_EQ(gather->DurationNs(), 617000);
  EXPECT_EQ(gather->t_start_ns, 2700000);  // ...2716 - ...016 us
  EXPECT_EQ(gather->steps.size(), 2u);
  EXPECT_EQ(gather->iteration, 0);
  EXPECT_EQ(FindRun(trace, 0, "allreduce", 3)->iteration, 3);

  // AllReduce sn 2: rank 3 arrives 2397 us after rank 0; rank 0's kernel
  // waits for it (3515 us), rank 3's does not (1118 us).
  const trace::Run* late = FindRun(trace, 3, "allreduce", 2);
  const trace::Run* early = FindRun(trace, 0, "allreduce", 2);
  ASSERT_NE(late, nullptr);
  ASSERT_NE(early, nullptr);
  EXPECT_EQ(late->t_start_ns, 5916000);
  EXPECT_EQ(late->t_end_ns, 7034000);
  EXPECT_EQ(early->t_start_ns, 3519000);
  EXPECT_EQ(early->DurationNs(), 3515000);
  EXPECT_EQ(late->steps[0].t_end_ns, 7039000);  // ...7055 - ...016 us

  EXPECT_EQ(FindRun(trace, 5, "allreduce", 3), nullptr);
  EXPECT_EQ(FindRun(trace, 6, "allreduce", 5), nullptr);
  ASSERT_TRUE(WarningsContain(result.warnings,
                              {"node-a02-pid52002.log: communicator 0x7f3a9c2e51d04b rank 5 "
                               "AllReduce: 1 call(s) other ranks recorded are missing, "
                               "first coll_sn 3 (records dropped, nccl#1945)",
                               "node-a02-pid52003.log: communicator 0x7f3a9c2e51d04b rank 6 "
                               "AllReduce: the records stop after coll_sn 4 while other "
                               "ranks reach 5 (the file stopped updating, nccl#1958)"}));
}

TEST(InspectorImporter, OlderNonVerboseFileIsPlacedByItsDumpTimes) {
  ImportResult result = ImportData({"inspector_older_nonverbose_gpu-b07-pid4711.log"}, "auto");
  const Trace& trace = result.trace;
  ASSERT_EQ(trace.runs.size(), 5u);
  EXPECT_EQ(*trace.meta.ExtraJson("inspector_times"), "\"dump\"");
  EXPECT_EQ(trace.StepEventCount(), 0u);
  ASSERT_EQ(trace.ranks.size(), 1u);
  EXPECT_EQ(trace.ranks[0].host, "gpu-b07");
  // First record: dump 1795190405100017 us, exec 721 us -> it ends at its
  // dump, which is 721 us after zero.
  EXPECT_EQ(trace.runs[0].t_start_ns, 0);
  EXPECT_EQ(trace.runs[0].t_end_ns, 721000);
  EXPECT_EQ(trace.runs[0].process_group, "0x1d2c3b4a59687a");
  EXPECT_EQ(trace.runs[0].comm_ranks, 4);
  // ReduceScatter sn 2: 2 MiB a rank x 4, dumped at ...5400017 us.
  const trace::Run* scatter = FindRun(trace, 0, "reducescatter", 2);
  ASSERT_NE(scatter, nullptr);
  EXPECT_EQ(scatter->bytes, 8388608);
  EXPECT_EQ(scatter->t_end_ns, 300721000);
  EXPECT_EQ(scatter->t_start_ns, 300494000);
  // AllReduce sn 1, 3 and 6 are in the file: 2, 4 and 5 completed between
  // dumps and were never written.
  ASSERT_TRUE(WarningsContain(result.warnings, {"5 records without event_trace_ts",
                                                "AllReduce: 3 of the calls 1..6 are in no file",
                                                "has 4 ranks; records of 1 were imported"}));
}

TEST(InspectorImporter, PointToPointRecordsKnowTheirPeer) {
  ImportResult result = ImportData(
      {"inspector_p2p/gpu-c01-pid7001.log", "inspector_p2p/gpu-c01-pid7002.log"}, "auto");
  const Trace& trace = result.trace;
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
  ASSERT_EQ(trace.runs.size(), 6u);
  const trace::Run& send = trace.runs[0];
  EXPECT_EQ(send.rank, 0);
  EXPECT_EQ(send.collective, "sendrecv");
  EXPECT_EQ(send.bytes, 4194304);
  EXPECT_EQ(send.process_group, "0x5e5e0c0ffee123 (PP stage 0-1)");
  EXPECT_EQ(send.DurationNs(), 98000);
  ASSERT_EQ(send.steps.size(), 2u);
  EXPECT_EQ(send.steps[0].send_to, 1);
  EXPECT_EQ(send.steps[0].recv_from, -1);
  const trace::Run& recv = trace.runs[1];
  EXPECT_EQ(recv.rank, 1);
  EXPECT_EQ(recv.t_start_ns, 3000);  // ...035 - ...032 us
  EXPECT_EQ(recv.steps[1].recv_from, 0);
  EXPECT_EQ(recv.steps[1].channel, 1);
}

TEST(InspectorImporter, TheSameProcessTwiceIsAWarning) {
  ImportResult result = ImportData(
      {"inspector_p2p/gpu-c01-pid7001.log", "inspector_p2p/gpu-c01-pid7001.log"}, "inspector");
  EXPECT_EQ(result.trace.runs.size(), 6u);
  ASSERT_TRUE(WarningsContain(result.warnings, {"communicator 0x5e5e0c0ffee123 rank 0 is also in",
                                                "has 2 ranks; records of 1 were imported"}));
}

TEST(InspectorImporter, LaterRecordKindsAreRead) {
  // No writer of these is stored: the v4.2 record is the example of
  // plugins/profiler/inspector/comm-patterns/README.md (NVIDIA/nccl, commit
  // 35d819ec) on one line; dump_stats (v4.1) holds the two counters that
  // README's comm_pattern_extractor.py reads.
  const std::string text =
      R"({"header":{"id":"0x7f8c496ae9f661","comm_name":"DP Group 0","rank":2,"n_ranks":8,"nnodes":1},"metadata":{"inspector_output_format_version":"v4.2","dump_timestamp_us":1748030377748202,"hostname":"example-hostname","pid":1639453},"coll_perf":{"coll":"AllReduce","coll_algo":"RING","coll_proto":"LL","coll_sn":1407,"coll_msg_size_bytes":17179869184,"coll_exec_time_us":61974,"coll_timing_source":"kernel_gpu","coll_algobw_gbs":277.210914,"coll_busbw_gbs":485.119099}})"
      "\n"
      R"({"header":{"id":"0x7f8c496ae9f661","comm_name":"DP Group 0","rank":2,"n_ranks":8,"nnodes":1},"metadata":{"inspector_output_format_version":"v4.2","dump_timestamp_us":1748030377748300,"hostname":"example-hostname","pid":1639453},"dump_stats":{"coll_dropped_total":12,"p2p_dropped_total":0}})"
      "\n";
  Result<ImportResult> result = ImportText("v42.log", text, "inspector");
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->trace.runs.size(), 1u);
  const trace::Run& run = result->trace.runs[0];
  EXPECT_EQ(run.algorithm, "ring");
  EXPECT_EQ(run.protocol, "LL");
  EXPECT_EQ(run.bytes, 17179869184);
  EXPECT_EQ(run.sequence, 1407);
  EXPECT_EQ(run.process_group, "0x7f8c496ae9f661 (DP Group 0)");
  bool dropped = false;
  for (const std::string& warning : result->warnings) {
    dropped =
        dropped || warning.find("reports 12 records dropped (dump_stats)") != std::string::npos;
  }
  EXPECT_TRUE(dropped);
}

TEST(InspectorImporter, CutLastLineIsSkippedWithAWarning) {
  const std::string full = ReadFile(DataPath("inspector_8ranks/node-a01-pid41001.log"));
  // The process died while the dump thread wrote its eighth record.
  const std::size_t last = full.rfind('\n', full.size() - 2) + 1;
  const std::string cut = full.substr(0, last + 300);
  Result<ImportResult> result = ImportText("cut.log", cut, "inspector");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.runs.size(), 7u);
  bool warned = false;
  for (const std::string& warning : result->warnings) {
    if (warning.find("the last line is cut short") == std::string::npos) continue;
    warned = true;
    EXPECT_NE(warning.find("cut.log:8:"), std::string::npos) << warning;
  }
  EXPECT_TRUE(warned);
}

TEST(InspectorImporter, BadInputIsOneLineNamingFileAndPosition) {
  const std::string line =
      ReadFile(DataPath("inspector_older_nonverbose_gpu-b07-pid4711.log")).substr(0, 400);
  // Only line, cut: nothing to import.
  Result<ImportResult> result = ImportText("only.log", line.substr(0, 150), "inspector");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("only.log:1:151 (byte 150): malformed JSON"), std::string::npos)
      << result.error();

  // A wrong type names the place.
  std::string text = ReadFile(DataPath("inspector_older_nonverbose_gpu-b07-pid4711.log"));
  std::string damaged = text;
  damaged.replace(damaged.find("\"coll_sn\":3"), 11, "\"coll_sn\":\"x\"");
  result = ImportText("type.log", damaged, "inspector");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->trace.runs.size(), 4u);
  EXPECT_NE(result->warnings[0].find("type.log:2:"), std::string::npos) << result->warnings[0];
  EXPECT_NE(result->warnings[0].find("coll_sn should be an integer"), std::string::npos)
      << result->warnings[0];
  EXPECT_NE(result->warnings[0].find("(1 line(s) that are not Inspector records skipped)"),
            std::string::npos)
      << result->warnings[0];

  // Every line bad: the first one's error, just after the value.
  result = ImportText("all_bad.log", "{\"header\":{\"rank\":-1}}\nnot json\n", "inspector");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("all_bad.log:1:21 (byte 20): rank must not be negative"),
            std::string::npos)
      << result.error();

  result = ImportText("empty.log", "", "inspector");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("empty.log:1: empty file"), std::string::npos) << result.error();

  result = ImportText("binary.log", std::string("{\"header\":\0\x03", 12), "inspector");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("binary.log:1:11 (byte 10): binary data"), std::string::npos)
      << result.error();

  // Another JSON format given as Inspector output.
  result = ImportFiles({DataPath("kineto_rank0.json")}, "inspector");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("kineto_rank0.json:1:1: not Inspector output"), std::string::npos)
      << result.error();
  EXPECT_EQ(result.error().find('\n'), std::string::npos);
}

TEST(InspectorImporter, SnifferTakesItsFilesAndLeavesOtherJsonAlone) {
  for (const std::string& name :
       {std::string("inspector_older_nonverbose_gpu-b07-pid4711.log"),
        std::string("inspector_p2p/gpu-c01-pid7001.log"), EightRankFiles().front()}) {
    Result<SourceFile> file = LoadSource(DataPath(name));
    ASSERT_TRUE(file.ok());
    Result<const Importer*> detected = DetectFormat(*file);
    ASSERT_TRUE(detected.ok()) << detected.error();
    EXPECT_EQ((*detected)->name, "inspector") << name;
  }
  const Importer* importer = FindImporter("inspector");
  ASSERT_NE(importer, nullptr);
  for (const char* name :
       {"kineto_rank0.json", "small_ring_allreduce.json",
        "nccl_tests_json_v3_allreduce_8ranks.json", "nccl_log_2_21_single_node.log"}) {
    const std::string head = ReadFile(DataPath(name)).substr(0, kSniffBytes);
    EXPECT_EQ(importer->sniff(name, head), 0) << name;
  }
}

TEST(InspectorImporter, DamagedFilesGiveATraceOrOneErrorLine) {
  const std::string full = ReadFile(DataPath(EightRankFiles().front()));
  auto check = [](const std::string& bytes) {
    Result<SourceFile> file = SourceFromBytes("damaged", bytes);
    if (!file.ok()) return;
    std::vector<SourceFile> files;
    files.push_back(std::move(*file));
    Result<ImportResult> result = FindImporter("inspector")->import(files);
    if (!result.ok()) {
      EXPECT_EQ(result.error().find('\n'), std::string::npos) << result.error();
      EXPECT_EQ(result.error().rfind("damaged", 0), 0u) << result.error();
    } else {
      for (const std::string& warning : result->warnings) {
        EXPECT_EQ(warning.find('\n'), std::string::npos) << warning;
      }
    }
  };
  const char kNasty[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\n', '-', '9', 'e', '0'};
  ForEachDamagedCopy(
      full, {.cuts = 80, .rounds = 120, .seed = 1958, .nasty = {kNasty, sizeof kNasty}}, check);
}

TEST(InspectorImporter, CliImportsAndStatsReadsTheResult) {
  std::string inputs;
  for (const std::string& name : EightRankFiles()) inputs += " " + DataPath(name);
  const std::string out = TempPath("inspector.json");
  auto run = RunCollscope("import" + inputs + " -o " + out);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("inspector, 8 ranks, 62 runs, 216 step events"), std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("nccl#1945"), std::string::npos) << run.err;
  auto stats = RunCollscope("stats " + out);
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("allgather"), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find("67108864"), std::string::npos) << stats.out;
}

}  // namespace
}  // namespace collscope::trace
