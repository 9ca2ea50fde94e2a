// `collscope record` as a user runs it: real processes, real files, real
// signals, mpirun for the MPI backend, the CUDA executable's no-GPU path.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "trace/importers/partial/format.h"
#include "trace/reader.h"

extern char** environ;

namespace collscope::kernels {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RecordProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("collscope_record_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Starts argv with stdout/stderr in files; returns the pid.
  pid_t Start(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, (dir_ / "stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, (dir_ / "stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) environment.emplace_back(*e);
    for (const std::string& extra : env) environment.push_back(extra);
    std::vector<char*> raw_env;
    for (std::string& e : environment) raw_env.push_back(e.data());
    raw_env.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> raw;
    for (std::string& a : args) raw.push_back(a.data());
    raw.push_back(nullptr);
    pid_t pid = -1;
    const int error = posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), raw_env.data());
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(error, 0) << "cannot start " << argv[0];
    return pid;
  }

  Outcome Wait(pid_t pid) {
    Outcome outcome;
    int status = 0;
    waitpid(pid, &status, 0);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    outcome.out = Slurp(dir_ / "stdout");
    outcome.err = Slurp(dir_ / "stderr");
    return outcome;
  }

  Outcome Run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    return Wait(Start(argv, env));
  }

  static std::string Binary() { return COLLSCOPE_TEST_BINARY; }
  // OpenMPI keeps allocations until exit, from plugins it has unloaded by
  // then (so no suppression can name them): under the sanitizer build the
  // MPI ranks skip leak checking; the threads tests keep it.
  static std::vector<std::string> Mpirun(int ranks) {
    return {COLLSCOPE_TEST_MPIRUN,
            "--allow-run-as-root",
            "--oversubscribe",
            "-x",
            "ASAN_OPTIONS=detect_leaks=0",
            "-np",
            std::to_string(ranks)};
  }

  std::string Out(const std::string& name) const { return (dir_ / name).string(); }

  // The ranks' own files of output NAME left in the test's folder.
  std::vector<std::string> RankFiles(const std::string& name) const {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().starts_with(name + ".rank")) {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  // The trace a stopped recording left in NAME: it must read, and say it is
  // incomplete. nullopt, after a test failure, when it does not read.
  std::optional<trace::Trace> ReadIncompleteTrace(const std::string& name) const {
    auto trace = trace::ReadTrace(Out(name));
    if (!trace.ok()) {
      ADD_FAILURE() << name << ": " << trace.error();
      return std::nullopt;
    }
    EXPECT_FALSE(trace->complete) << name;
    return std::move(*trace);
  }

  // A recording that stopped itself: EXIT_CODE, MESSAGE on stderr, and an
  // incomplete trace in NAME that holds what the ranks held (no ranks'
  // files left beside it).
  void ExpectStoppedWithOneTrace(const Outcome& run, int exit_code, const std::string& message,
                                 const std::string& name) const {
    EXPECT_EQ(run.exit_code, exit_code) << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    auto trace = ReadIncompleteTrace(name);
    ASSERT_TRUE(trace);
    EXPECT_TRUE(RankFiles(name).empty());
  }

  // `collscope import` of the ranks' files of NAME into NAME.merged.json.
  Outcome MergeRankFiles(const std::string& name) {
    std::vector<std::string> argv = {Binary(), "import"};
    for (const std::string& file : RankFiles(name)) argv.push_back(file);
    argv.push_back("-o");
    argv.push_back(Out(name + ".merged.json"));
    return Run(argv);
  }

  // The ranks' files of NAME merged by `collscope import`: the merged trace,
  // read as ReadIncompleteTrace reads it; nullopt, after a test failure,
  // when the import fails.
  std::optional<trace::Trace> MergedIncompleteTrace(const std::string& name) {
    const Outcome merged = MergeRankFiles(name);
    if (merged.exit_code != 0) {
      ADD_FAILURE() << "import of " << name << "'s ranks' files exited " << merged.exit_code << ": "
                    << merged.err;
      return std::nullopt;
    }
    return ReadIncompleteTrace(name + ".merged.json");
  }

  // The mpirun command line for `collscope record ARGS`, with an optional
  // fault for every rank.
  static std::vector<std::string> MpiRecord(int ranks, const std::vector<std::string>& args,
                                            const std::string& fault = "") {
    std::vector<std::string> argv = Mpirun(ranks);
    if (!fault.empty()) argv.insert(argv.begin() + 1, {"-x", "COLLSCOPE_RECORD_FAULT=" + fault});
    argv.push_back(Binary());
    argv.push_back("record");
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  // The command line for `collscope record` of a ring allreduce of BYTES
  // on RANKS threads, then FLAGS.
  static std::vector<std::string> ThreadsAllreduce(const std::string& bytes, int ranks,
                                                   const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {
        Binary(),    "record", "--backend", "threads", "-c",
        "allreduce", "-n",     bytes,       "--ranks", std::to_string(ranks)};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return argv;
  }

  // The environment that makes the recorder inject FAULT (kind:rank:step).
  static std::vector<std::string> Fault(const std::string& fault) {
    return {"COLLSCOPE_RECORD_FAULT=" + fault};
  }

  fs::path dir_;
};

#define REQUIRE_BINARY() \
  if (Binary().empty()) GTEST_SKIP() << "the collscope binary is not built"

TEST_F(RecordProcess, ThreadsRecordWritesAReadableTrace) {
  REQUIRE_BINARY();
  const Outcome run = Run(ThreadsAllreduce("64KiB", 4, {"--iters", "3", "-o", Out("t.json")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("recorded 3 iterations of ring allreduce"), std::string::npos) << run.out;
  auto trace = trace::ReadTrace(Out("t.json"));
  ASSERT_TRUE(trace.ok()) << trace.error();
  EXPECT_EQ(trace->meta.source, "threads");
  EXPECT_NE(trace->meta.command.find("collscope record --backend threads"), std::string::npos);
  EXPECT_EQ(trace->runs.size(), 3u);
  EXPECT_EQ(trace->runs[0].steps.size(), 4u * 6u);
}

TEST_F(RecordProcess, BadFlagsAreOneLineAndExitTwo) {
  REQUIRE_BINARY();
  const std::vector<std::vector<std::string>> cases = {
      {"--backend", "threads", "-c", "allreduce", "-n", "1002", "--ranks", "3", "-o", Out("x")},
      {"--backend", "gpu", "-c", "allreduce", "-n", "1KiB", "-o", Out("x")},
      {"--backend", "threads", "-c", "allsum", "-n", "1KiB", "-o", Out("x")},
      {"--backend", "threads", "-c", "allreduce", "-n", "1KiB", "--frobnicate", "-o", Out("x")},
      {"--backend", "threads", "-c", "allreduce", "-n", "1KiB"},
      {"--backend", "threads", "-c", "allreduce", "-n", "1KiB", "--dtype", "float8", "-o",
       Out("x")},
      {"--backend", "threads", "-c", "allreduce", "-n", "1KiB", "--ranks", "999", "-o", Out("x")},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv = {Binary(), "record"};
    argv.insert(argv.end(), args.begin(), args.end());
    const Outcome run = Run(argv);
    EXPECT_EQ(run.exit_code, 2) << args[1] << " " << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_FALSE(fs::exists(Out("x")));
  }
}

TEST_F(RecordProcess, SigintMidRunWritesAnIncompleteTraceAtomically) {
  REQUIRE_BINARY();
  const pid_t pid =
      Start(ThreadsAllreduce("256KiB", 2, {"--iters", "1000000", "-o", Out("i.json")}));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_FALSE(fs::exists(Out("i.json")));  // nothing appears before the end
  kill(pid, SIGINT);
  const Outcome run = Wait(pid);
  EXPECT_EQ(run.exit_code, 130) << run.err;
  EXPECT_NE(run.err.find("interrupted by signal 2"), std::string::npos) << run.err;
  auto trace = ReadIncompleteTrace("i.json");
  ASSERT_TRUE(trace);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "i.json" || name == "stdout" || name == "stderr") << name;
  }
}

TEST_F(RecordProcess, MpiBackendUnderMpirun) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) {
    GTEST_SKIP() << "the mpi backend is not built or mpirun is not installed";
  }
  for (const std::string mode : {"schedule", "library"}) {
    std::vector<std::string> argv =
        MpiRecord(4, {"--backend", "mpi", "-c", "allreduce", "-n", "64KiB", "--iters", "3", "-o",
                      Out(mode + ".json")});
    if (mode == "library") argv.push_back("--library");
    const Outcome run = Run(argv);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto trace = trace::ReadTrace(Out(mode + ".json"));
    ASSERT_TRUE(trace.ok()) << trace.error();
    EXPECT_EQ(trace->meta.source, "mpi");
    EXPECT_EQ(trace->ranks.size(), 4u);
    ASSERT_EQ(trace->runs.size(), 3u);
    EXPECT_EQ(trace->runs[0].steps.size(), mode == "library" ? 0u : 4u * 6u);
    EXPECT_EQ(trace->runs[0].algorithm, mode == "library" ? "library" : "ring");
    // Every receive ends after its sender started.
    for (const auto& e : trace->runs[0].steps) {
      for (const auto& s : trace->runs[0].steps) {
        if (s.step == e.step && s.rank == e.recv_from) {
          EXPECT_LE(s.t_start_ns, e.t_end_ns);
        }
      }
    }
  }
}

TEST_F(RecordProcess, MpiBackendOtherCollectivesAndBFloat16) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const std::vector<std::vector<std::string>> cases = {
      {"-c", "alltoall", "-a", "pairwise"},
      {"-c", "broadcast", "--root", "2"},
      {"-c", "gather", "--library", "--root", "1"},
      {"-c", "reducescatter", "--library", "--dtype", "bfloat16"},
      {"-c", "allreduce", "-a", "tree", "--dtype", "bfloat16"},
  };
  for (const auto& extra : cases) {
    std::vector<std::string> argv =
        MpiRecord(3, {"--backend", "mpi", "-n", "6KiB", "-o", Out("m.json")});
    argv.insert(argv.end(), extra.begin(), extra.end());
    const Outcome run = Run(argv);
    EXPECT_EQ(run.exit_code, 0) << extra[1] << ": " << run.err;
  }
}

TEST_F(RecordProcess, MpiHungOrDeadPeerAbortsWithAMessage) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  for (const std::string fault : {"hang:2:3", "die:2:3"}) {
    const Outcome run = Run(MpiRecord(3,
                                      {"--backend", "mpi", "-c", "allreduce", "-n", "3KiB",
                                       "--step-timeout", "1", "-o", Out("h.json")},
                                      fault));
    EXPECT_NE(run.exit_code, 0) << fault;
    EXPECT_NE(run.err.find("no answer from rank 2"), std::string::npos) << fault << run.err;
    // Rank 0 leaves what it recorded, marked incomplete.
    auto trace = trace::ReadTrace(Out("h.json"));
    ASSERT_TRUE(trace.ok()) << fault << trace.error();
    EXPECT_FALSE(trace->complete);
    fs::remove(Out("h.json"));
  }
}

TEST_F(RecordProcess, MpirunSigtermWritesAnIncompleteTrace) {
  // Slurm's time limit reaches mpirun (or srun) as SIGTERM; the ranks stop at
  // the next iteration and rank 0 writes what was recorded.
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const pid_t pid = Start(MpiRecord(2, {"--backend", "mpi", "-c", "allreduce", "-n", "256KiB",
                                        "--iters", "1000000", "-o", Out("s.json")}));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  kill(pid, SIGTERM);
  const Outcome run = Wait(pid);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("interrupted by signal 15"), std::string::npos) << run.err;
  auto trace = ReadIncompleteTrace("s.json");
  ASSERT_TRUE(trace);
  EXPECT_EQ(trace->ranks.size(), 2u);
}

TEST_F(RecordProcess, MpiWithoutALauncherSaysHowToLaunch) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const Outcome run = Run({Binary(), "record", "--backend", "mpi", "-c", "allreduce", "-n", "4KiB",
                           "--ranks", "4", "-o", Out("n.json")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("needs an MPI launcher: mpirun -np 4"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(Out("n.json")));
}

std::string IncompleteReason(const trace::Trace& trace) {
  const std::string* reason = trace.meta.ExtraJson("incomplete_reason");
  return reason != nullptr ? *reason : "";
}

// --- Faults: a per-step timeout, a signal and a killed rank on every backend.

TEST_F(RecordProcess, ThreadsHungRankTimesOutAndLeavesNoRankFiles) {
  REQUIRE_BINARY();
  const Outcome run =
      Run(ThreadsAllreduce("12KiB", 3, {"--step-timeout", "0.5", "-o", Out("h.json")}),
          Fault("hang:1:3"));
  ExpectStoppedWithOneTrace(run, 1, "rank 1 did not finish step 3 of iteration 0", "h.json");
}

TEST_F(RecordProcess, ThreadsTermStopsAtTheNextStepWithAnIncompleteTrace) {
  REQUIRE_BINARY();
  // Global step 6 of ring allreduce on 2 ranks (2 steps an iteration): the
  // first measured iteration's second step.
  const Outcome run =
      Run(ThreadsAllreduce("8KiB", 2, {"--iters", "5", "--warmup", "2", "-o", Out("t.json")}),
          Fault("term:0:6"));
  ExpectStoppedWithOneTrace(run, 128 + SIGTERM, "interrupted by signal 15 after 0 of 5 iterations",
                            "t.json");
}

TEST_F(RecordProcess, ThreadsKilledProcessLeavesEachRanksFileAndImportMergesThem) {
  REQUIRE_BINARY();
  // Ring allreduce on 3 ranks: 4 steps an iteration. Global step 11 is step
  // 3 of iteration 2, the second measured one (one warm-up): rank 1 stalls
  // there and the process is killed, so only measured iteration 0 is whole.
  const Outcome run =
      Run(ThreadsAllreduce("12KiB", 3, {"--iters", "5", "--warmup", "1", "-o", Out("k.json")}),
          Fault("kill:1:11"));
  EXPECT_EQ(run.exit_code, 128 + SIGKILL) << run.err;
  EXPECT_FALSE(fs::exists(Out("k.json")));
  const std::vector<std::string> files = RankFiles("k.json");
  ASSERT_EQ(files.size(), 3u);
  for (int rank = 0; rank < 3; ++rank) {
    EXPECT_EQ(files[static_cast<std::size_t>(rank)],
              trace::partial::PartialPath(Out("k.json"), rank));
  }
  const Outcome merged = MergeRankFiles("k.json");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("(incomplete)"), std::string::npos) << merged.out;
  auto trace = ReadIncompleteTrace("k.json.merged.json");
  ASSERT_TRUE(trace);
  EXPECT_EQ(IncompleteReason(*trace),
            "\"rank 1 stopped first, after step 2 of measured iteration 1\"");
  EXPECT_EQ(trace->meta.source, "threads");
  ASSERT_TRUE(trace->meta.machine.has_value());
  EXPECT_GT(trace->meta.machine->memcpy_gbps, 0);
  EXPECT_EQ(trace->ranks.size(), 3u);
  ASSERT_EQ(trace->runs.size(), 1u);
  EXPECT_EQ(trace->runs[0].steps.size(), 3u * 4u);
  EXPECT_EQ(trace->runs[0].algorithm, "ring");
}

TEST_F(RecordProcess, MpiTermStopsEveryRankWithAnIncompleteTrace) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const Outcome run = Run(MpiRecord(3,
                                    {"--backend", "mpi", "-c", "allreduce", "-n", "3KiB", "--iters",
                                     "50", "--warmup", "1", "-o", Out("t.json")},
                                    "term:1:6"));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("interrupted by signal 15"), std::string::npos) << run.err;
  auto trace = ReadIncompleteTrace("t.json");
  ASSERT_TRUE(trace);
  EXPECT_LT(trace->runs.size(), 50u);
  EXPECT_TRUE(RankFiles("t.json").empty());
}

TEST_F(RecordProcess, MpiKilledRankLeavesEveryRanksFileAndImportNamesIt) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  // Ring allreduce on 3 ranks, 4 steps an iteration, one warm-up: global
  // step 10 is step 2 of iteration 2. Rank 2 gets SIGKILL there and mpirun
  // takes the job down; rank 0 never gathers.
  const Outcome run =
      Run(MpiRecord(3,
                    {"--backend", "mpi", "-c", "allreduce", "-n", "3KiB", "--iters", "50",
                     "--warmup", "1", "--step-timeout", "20", "-o", Out("k.json")},
                    "kill:2:10"));
  EXPECT_NE(run.exit_code, 0);
  const std::vector<std::string> files = RankFiles("k.json");
  ASSERT_EQ(files.size(), 3u) << run.err;
  auto trace = MergedIncompleteTrace("k.json");
  ASSERT_TRUE(trace);
  EXPECT_EQ(IncompleteReason(*trace),
            "\"rank 2 stopped first, after step 1 of measured iteration 1\"");
  EXPECT_EQ(trace->meta.source, "mpi");
  ASSERT_GE(trace->runs.size(), 1u);
  EXPECT_EQ(trace->runs[0].steps.size(), 3u * 4u);  // measured iteration 0, every rank
}

TEST_F(RecordProcess, MpiSigkillOfOneRankFromOutsideLeavesWhatEveryRankRecorded) {
  // What the out-of-memory killer or a lost node does, mid-run.
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const pid_t mpirun =
      Start(MpiRecord(4, {"--backend", "mpi", "-c", "allreduce", "-n", "64KiB", "--iters",
                          "1000000", "--step-timeout", "20", "-o", Out("x.json")}));
  // Wait until every rank has finished an iteration, then kill rank 2.
  const std::string rank2 = trace::partial::PartialPath(Out("x.json"), 2);
  pid_t victim = 0;
  for (int tries = 0; tries < 300 && victim == 0; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (RankFiles("x.json").size() < 4) continue;
    bool all_timed = true;
    for (const std::string& file : RankFiles("x.json")) {
      all_timed = all_timed && Slurp(file).find("\ni 0 ") != std::string::npos;
    }
    if (!all_timed) continue;
    std::istringstream lines(Slurp(rank2));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("pid ", 0) == 0) victim = std::stoi(line.substr(4));
    }
  }
  ASSERT_GT(victim, 0) << "the ranks' files never showed a finished iteration";
  kill(victim, SIGKILL);
  const Outcome run = Wait(mpirun);
  EXPECT_NE(run.exit_code, 0);
  ASSERT_EQ(RankFiles("x.json").size(), 4u);
  auto trace = MergedIncompleteTrace("x.json");
  ASSERT_TRUE(trace);
  EXPECT_EQ(IncompleteReason(*trace).rfind("\"rank 2 stopped first, ", 0), 0u)
      << IncompleteReason(*trace);
  ASSERT_GE(trace->runs.size(), 1u);
  EXPECT_EQ(trace->runs[0].steps.size(), 4u * 6u);
}

// The NCCL backend needs a GPU per rank: two here. Without them the tests
// say so and skip.
class NcclFaults : public RecordProcess {
 protected:
  void SetUp() override {
    RecordProcess::SetUp();
    if (Binary().empty() || std::string(COLLSCOPE_TEST_NCCL_RECORDER).empty() ||
        std::string(COLLSCOPE_TEST_MPIRUN).empty()) {
      GTEST_SKIP() << "the nccl backend is not built (no nvcc, nccl.h or MPI)";
    }
    const Outcome probe = Run(MpiRecord(2, {"--backend", "nccl", "-c", "allreduce", "-n", "1MiB",
                                            "--iters", "1", "-o", Out("probe.json")}));
    if (probe.exit_code != 0) {
      GTEST_SKIP() << "no GPU for each of 2 ranks on this machine (the nccl fault tests need "
                      "two): "
                   << probe.err.substr(0, probe.err.find('\n'));
    }
  }
};

TEST_F(NcclFaults, HungRankTimesOut) {
  const Outcome run = Run(MpiRecord(2,
                                    {"--backend", "nccl", "-c", "allreduce", "-n", "1MiB",
                                     "--step-timeout", "1", "-o", Out("h.json")},
                                    "hang:1:3"));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("did not finish within"), std::string::npos) << run.err;
}

TEST_F(NcclFaults, TermStopsWithAnIncompleteTrace) {
  const Outcome run = Run(MpiRecord(
      2,
      {"--backend", "nccl", "-c", "allreduce", "-n", "1MiB", "--iters", "50", "-o", Out("t.json")},
      "term:0:3"));
  EXPECT_NE(run.exit_code, 0);
  auto trace = ReadIncompleteTrace("t.json");
  ASSERT_TRUE(trace);
  EXPECT_NE(IncompleteReason(*trace).find("interrupted by signal 15"), std::string::npos);
  EXPECT_TRUE(RankFiles("t.json").empty());
}

TEST_F(NcclFaults, KilledRankLeavesEveryRanksFileAndImportNamesIt) {
  // Ring allreduce on 2 ranks, 2 steps an iteration, one warm-up: global
  // step 6 is step 2 of iteration 2, the second measured one.
  const Outcome run = Run(MpiRecord(2,
                                    {"--backend", "nccl", "-c", "allreduce", "-n", "1MiB",
                                     "--iters", "50", "--step-timeout", "20", "-o", Out("k.json")},
                                    "kill:1:6"));
  EXPECT_NE(run.exit_code, 0);
  ASSERT_EQ(RankFiles("k.json").size(), 2u) << run.err;
  auto trace = MergedIncompleteTrace("k.json");
  ASSERT_TRUE(trace);
  EXPECT_EQ(IncompleteReason(*trace),
            "\"rank 1 stopped first, after step 1 of measured iteration 1\"");
  ASSERT_GE(trace->runs.size(), 1u);
}

TEST_F(RecordProcess, NcclBackendWithoutAGpuSaysSoInOneLine) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_NCCL_RECORDER).empty()) {
    GTEST_SKIP() << "the nccl backend is not built (no nvcc or nccl.h)";
  }
  const Outcome run = Run({Binary(), "record", "--backend", "nccl", "-c", "allreduce", "-n", "1MiB",
                           "-o", Out("g.json")});
  if (run.exit_code == 0) {
    // A machine with a GPU: then the trace must be real and readable.
    auto trace = trace::ReadTrace(Out("g.json"));
    ASSERT_TRUE(trace.ok()) << trace.error();
    EXPECT_EQ(trace->meta.source, "nccl");
    EXPECT_FALSE(trace->meta.gpu.empty());
    return;
  }
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.err.rfind("collscope record: no GPU", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_FALSE(fs::exists(Out("g.json")));
}

}  // namespace
}  // namespace collscope::kernels
