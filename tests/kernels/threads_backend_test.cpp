#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <thread>

#include "engine/algorithm.h"
#include "engine/collective.h"
#include "kernels/backend.h"
#include "kernels/recording.h"
#include "tests/kernels/threads_options.h"
#include "trace/reader.h"

namespace collscope::kernels {
namespace {

RecordOptions Options(engine::Collective collective, std::string algorithm, int ranks,
                      std::int64_t bytes) {
  return testing::ThreadsOptions(collective, std::move(algorithm), ranks, bytes, /*iters=*/2);
}

bool IsPowerOfTwo(int p) { return (p & (p - 1)) == 0; }

// Steps ordered: a receive never ends before its sender's step starts, and
// events are sorted by step then rank.
void ExpectWellOrdered(const trace::Run& run) {
  std::map<std::pair<int, int>, const trace::StepEvent*> by_step_rank;
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    const trace::StepEvent& e = run.steps[i];
    EXPECT_LE(e.t_start_ns, e.t_end_ns);
    EXPECT_GE(e.t_start_ns, run.t_start_ns);
    EXPECT_LE(e.t_end_ns, run.t_end_ns);
    if (i > 0) {
      const trace::StepEvent& prev = run.steps[i - 1];
      EXPECT_TRUE(prev.step < e.step || (prev.step == e.step && prev.rank < e.rank));
    }
    by_step_rank[{e.step, e.rank}] = &e;
  }
  for (const trace::StepEvent& e : run.steps) {
    if (e.recv_from < 0) continue;
    const auto sender = by_step_rank.find({e.step, e.recv_from});
    ASSERT_NE(sender, by_step_rank.end()) << "step " << e.step << " rank " << e.rank;
    EXPECT_EQ(sender->second->step, e.step);
    EXPECT_LE(sender->second->t_start_ns, e.t_end_ns);
  }
}

// Every collective x algorithm the engine lists, on a few p: the recorded
// run's numbers are checked inside the recorder (exit 0 means correct).
TEST(ThreadsBackend, EveryCollectiveAndAlgorithmComputesTheRightResult) {
  int runs = 0;
  for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
    for (engine::Collective collective : info.collectives) {
      for (int ranks : {1, 2, 3, 4, 5, 8}) {
        if (info.needs_power_of_two && !IsPowerOfTwo(ranks)) continue;
        SCOPED_TRACE(std::string(info.name) + " " +
                     std::string(engine::CollectiveName(collective)) +
                     " p=" + std::to_string(ranks));
        RecordOptions options = Options(collective, std::string(info.name), ranks, ranks * 4 * 24);
        if (engine::HasRoot(collective)) options.root = ranks - 1;
        const RecordResult result = RecordThreads(options);
        ASSERT_EQ(result.exit_code, 0) << result.message;
        ASSERT_TRUE(result.write_trace);
        EXPECT_TRUE(result.trace.complete);
        ASSERT_EQ(result.trace.runs.size(), 2u);
        auto schedule = engine::BuildSchedule(collective, info.name, ranks, options.root).schedule;
        ASSERT_TRUE(schedule);
        for (const trace::Run& run : result.trace.runs) {
          EXPECT_EQ(run.collective, engine::CollectiveName(collective));
          EXPECT_EQ(run.algorithm, info.name);
          EXPECT_EQ(run.bytes, options.bytes);
          if (schedule->StepCount() > 0) {
            EXPECT_FALSE(run.steps.empty());
          }
          ExpectWellOrdered(run);
        }
        ++runs;
      }
    }
  }
  EXPECT_GT(runs, 40);
}

TEST(ThreadsBackend, ExactSumsInEveryDtype) {
  for (Dtype dtype : AllDtypes()) {
    RecordOptions options = Options(engine::Collective::kAllReduce, "ring", 5, 5 * 8 * 40);
    options.dtype = dtype;
    const RecordResult result = RecordThreads(options);
    EXPECT_EQ(result.exit_code, 0) << DtypeName(dtype) << ": " << result.message;
    EXPECT_EQ(result.trace.runs.at(0).dtype, DtypeName(dtype));
  }
}

TEST(ThreadsBackend, RingAllreduceTraceFollowsTheLectureAndReadsBack) {
  RecordOptions options = Options(engine::Collective::kAllReduce, "ring", 5, 5 * 4 * 1000);
  options.command_line = "test";
  const RecordResult result = RecordThreads(options);
  ASSERT_EQ(result.exit_code, 0) << result.message;
  const trace::Run& run = result.trace.runs.at(0);
  ASSERT_EQ(run.steps.size(), 5u * 8u);  // 2(p-1) steps, every rank busy in each
  // Lecture convention: in step 1 rank i sends chunk i to rank i+1.
  for (const trace::StepEvent& e : run.steps) {
    if (e.step != 1) continue;
    EXPECT_EQ(e.send_to, (e.rank + 1) % 5);
    EXPECT_EQ(e.recv_from, (e.rank + 4) % 5);
    EXPECT_EQ(e.slot, e.rank);
    EXPECT_EQ(e.bytes, 4000);
    EXPECT_EQ(result.trace.PhaseName(e.phase), "reduce-scatter");
  }
  EXPECT_EQ(result.trace.meta.source, "threads");
  EXPECT_TRUE(result.trace.meta.cluster.empty() || std::getenv("SLURM_CLUSTER_NAME"));
  ASSERT_EQ(result.trace.measurements.size(), 1u);
  EXPECT_GT(result.trace.measurements[0].busbw_gbps, 0);

  const auto path = std::filesystem::temp_directory_path() / "collscope_kernels_ring.json";
  ASSERT_EQ(WriteTraceAtomically(result.trace, path.string()), "");
  auto read = trace::ReadTrace(path.string());
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_TRUE(read->complete);
  ASSERT_EQ(read->runs.size(), 2u);
  EXPECT_EQ(read->runs[0].steps.size(), run.steps.size());
  EXPECT_EQ(read->runs[0].steps[7].t_end_ns, run.steps[7].t_end_ns);
  EXPECT_EQ(read->ranks.size(), 5u);
  std::filesystem::remove(path);
}

TEST(ThreadsBackend, NoStepTimingKeepsRunTimesOnly) {
  RecordOptions options = Options(engine::Collective::kAllReduce, "ring", 3, 3 * 4 * 64);
  options.step_timing = false;
  const RecordResult result = RecordThreads(options);
  ASSERT_EQ(result.exit_code, 0) << result.message;
  for (const trace::Run& run : result.trace.runs) {
    EXPECT_TRUE(run.steps.empty());
    EXPECT_GT(run.t_end_ns, run.t_start_ns);
  }
}

TEST(ThreadsBackend, BadInputIsExitTwoWithOneLine) {
  struct Case {
    RecordOptions options;
    std::string expect;
  };
  std::vector<Case> cases;
  // 1002 bytes are 250.5 float32 elements (1000 over 3 ranks splits: 84, 84, 82).
  cases.push_back(
      {Options(engine::Collective::kAllReduce, "ring", 3, 1002), "not a whole number of float32"});
  cases.push_back({Options(engine::Collective::kAllReduce, "ring", 300, 300 * 4), "more than"});
  cases.push_back({Options(engine::Collective::kAllReduce, "no-such", 4, 64), "unknown algorithm"});
  cases.push_back({Options(engine::Collective::kAllToAll, "ring", 4, 64), "does not implement"});
  cases.push_back({Options(engine::Collective::kAllReduce, "ring", 2, 0), "at least one element"});
  RecordOptions library = Options(engine::Collective::kAllReduce, "ring", 2, 64);
  library.library = true;
  cases.push_back({library, "--library"});
  RecordOptions root = Options(engine::Collective::kBroadcast, "binomial", 2, 64);
  root.root = 2;
  cases.push_back({root, "--root"});
  RecordOptions bf16 = Options(engine::Collective::kAllReduce, "ring", 256, 256 * 2);
  bf16.dtype = Dtype::kBFloat16;
  bf16.iters = 1;
  cases.push_back({bf16, ""});  // 256 ranks of bfloat16 still sum exactly
  for (const Case& c : cases) {
    const RecordResult result = RecordThreads(c.options);
    if (c.expect.empty() && c.options.dtype == Dtype::kBFloat16) {
      EXPECT_EQ(result.exit_code, 0) << result.message;
      continue;
    }
    EXPECT_EQ(result.exit_code, 2) << c.expect;
    EXPECT_FALSE(result.write_trace);
    EXPECT_EQ(result.message.find('\n'), std::string::npos);
    EXPECT_NE(result.message.find(c.expect), std::string::npos) << result.message;
  }
}

TEST(ThreadsBackend, HungPeerTimesOutAndLeavesAnIncompleteTrace) {
  for (Fault::Kind kind : {Fault::Kind::kHang, Fault::Kind::kDie}) {
    RecordOptions options = Options(engine::Collective::kAllReduce, "ring", 4, 4 * 4 * 256);
    options.warmup = 0;
    options.iters = 3;
    options.step_timeout_s = 0.3;
    options.fault = Fault{kind, 2, 9};  // iteration 1, step 3 (ring p=4 has 6 steps)
    const auto start = std::chrono::steady_clock::now();
    const RecordResult result = RecordThreads(options);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.message.find("rank 2 did not finish step 3 of iteration 1"), std::string::npos)
        << result.message;
    ASSERT_TRUE(result.write_trace);
    EXPECT_FALSE(result.trace.complete);
    ASSERT_NE(result.trace.meta.ExtraJson("incomplete_reason"), nullptr);
    ASSERT_GE(result.trace.runs.size(), 1u);
    EXPECT_EQ(result.trace.runs[0].steps.size(), 4u * 6u);  // iteration 0 is whole
  }
}

TEST(ThreadsBackend, InterruptStopsTheRunAndMarksTheTraceIncomplete) {
  RecordOptions options = Options(engine::Collective::kAllReduce, "ring", 2, 2 * 4 * 1024);
  options.iters = kMaxIters;
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    InterruptSignal().store(SIGINT);
  });
  const RecordResult result = RecordThreads(options);
  interrupter.join();
  InterruptSignal().store(0);
  EXPECT_EQ(result.exit_code, 128 + SIGINT);
  EXPECT_NE(result.message.find("interrupted by signal 2"), std::string::npos) << result.message;
  ASSERT_TRUE(result.write_trace);
  EXPECT_FALSE(result.trace.complete);
  EXPECT_LT(result.iterations_done, kMaxIters);
}

TEST(RecordOptions, RoundTripThroughArgv) {
  RecordOptions options = Options(engine::Collective::kBroadcast, "binomial", 4, 4096);
  options.backend = BackendKind::kNccl;
  options.root = 3;
  options.dtype = Dtype::kBFloat16;
  options.library = true;
  options.step_timing = false;
  options.step_timeout_s = 2.5;
  options.output = "out file.json";
  options.command_line = "collscope record --backend nccl";
  RecordOptions back;
  ASSERT_EQ(OptionsFromArgv(OptionsToArgv(options), back), "");
  EXPECT_EQ(back.collective, options.collective);
  EXPECT_EQ(back.algorithm, options.algorithm);
  EXPECT_EQ(back.root, 3);
  EXPECT_EQ(back.bytes, 4096);
  EXPECT_EQ(back.ranks, 4);
  EXPECT_EQ(back.dtype, Dtype::kBFloat16);
  EXPECT_TRUE(back.library);
  EXPECT_FALSE(back.step_timing);
  EXPECT_DOUBLE_EQ(back.step_timeout_s, 2.5);
  EXPECT_EQ(back.output, options.output);
  EXPECT_EQ(back.command_line, options.command_line);
  EXPECT_NE(OptionsFromArgv({"--bytes", "x"}, back), "");
  EXPECT_NE(OptionsFromArgv({"--what", "1"}, back), "");
}

TEST(Fault, ParsesOnlyWellFormedSpecs) {
  EXPECT_EQ(ParseFault("")->kind, Fault::Kind::kNone);
  const auto hang = ParseFault("hang:1:5");
  ASSERT_TRUE(hang);
  EXPECT_EQ(hang->kind, Fault::Kind::kHang);
  EXPECT_EQ(hang->rank, 1);
  EXPECT_EQ(hang->step, 5);
  EXPECT_FALSE(ParseFault("hang:1"));
  EXPECT_FALSE(ParseFault("explode:1:1"));
  EXPECT_FALSE(ParseFault("die:1:0"));
}

}  // namespace
}  // namespace collscope::kernels
