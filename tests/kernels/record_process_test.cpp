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
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

  fs::path dir_;
};

#define REQUIRE_BINARY() \
  if (Binary().empty()) GTEST_SKIP() << "the collscope binary is not built"

TEST_F(RecordProcess, ThreadsRecordWritesAReadableTrace) {
  REQUIRE_BINARY();
  const Outcome run = Run({Binary(), "record", "--backend", "threads", "-c", "allreduce", "-n",
                           "64KiB", "--ranks", "4", "--iters", "3", "-o", Out("t.json")});
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
  const pid_t pid = Start({Binary(), "record", "--backend", "threads", "-c", "allreduce", "-n",
                           "256KiB", "--ranks", "2", "--iters", "1000000", "-o", Out("i.json")});
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_FALSE(fs::exists(Out("i.json")));  // nothing appears before the end
  kill(pid, SIGINT);
  const Outcome run = Wait(pid);
  EXPECT_EQ(run.exit_code, 130) << run.err;
  EXPECT_NE(run.err.find("interrupted by signal 2"), std::string::npos) << run.err;
  auto trace = trace::ReadTrace(Out("i.json"));
  ASSERT_TRUE(trace.ok()) << trace.error();
  EXPECT_FALSE(trace->complete);
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
    std::vector<std::string> argv = Mpirun(4);
    for (const std::string& a :
         {Binary(), std::string("record"), std::string("--backend"), std::string("mpi"),
          std::string("-c"), std::string("allreduce"), std::string("-n"), std::string("64KiB"),
          std::string("--iters"), std::string("3"), std::string("-o"), Out(mode + ".json")}) {
      argv.push_back(a);
    }
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
    std::vector<std::string> argv = Mpirun(3);
    for (const std::string& a :
         {Binary(), std::string("record"), std::string("--backend"), std::string("mpi"),
          std::string("-n"), std::string("6KiB"), std::string("-o"), Out("m.json")}) {
      argv.push_back(a);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    const Outcome run = Run(argv);
    EXPECT_EQ(run.exit_code, 0) << extra[1] << ": " << run.err;
  }
}

TEST_F(RecordProcess, MpiHungOrDeadPeerAbortsWithAMessage) {
  REQUIRE_BINARY();
  if (std::string(COLLSCOPE_TEST_MPIRUN).empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  for (const std::string fault : {"hang:2:3", "die:2:3"}) {
    std::vector<std::string> argv = Mpirun(3);
    for (const std::string& a :
         {Binary(), std::string("record"), std::string("--backend"), std::string("mpi"),
          std::string("-c"), std::string("allreduce"), std::string("-n"), std::string("3KiB"),
          std::string("--step-timeout"), std::string("1"), std::string("-o"), Out("h.json")}) {
      argv.push_back(a);
    }
    argv.insert(argv.begin() + 1, {"-x", "COLLSCOPE_RECORD_FAULT=" + fault});
    const Outcome run = Run(argv);
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
  std::vector<std::string> argv = Mpirun(2);
  for (const std::string& a :
       {Binary(), std::string("record"), std::string("--backend"), std::string("mpi"),
        std::string("-c"), std::string("allreduce"), std::string("-n"), std::string("256KiB"),
        std::string("--iters"), std::string("1000000"), std::string("-o"), Out("s.json")}) {
    argv.push_back(a);
  }
  const pid_t pid = Start(argv);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  kill(pid, SIGTERM);
  const Outcome run = Wait(pid);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("interrupted by signal 15"), std::string::npos) << run.err;
  auto trace = trace::ReadTrace(Out("s.json"));
  ASSERT_TRUE(trace.ok()) << trace.error();
  EXPECT_FALSE(trace->complete);
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
