// Any whole number of elements on any number of ranks: n splits as NCCL
// splits it (engine/chunk_split.h), and every backend moves, reduces and
// checks the chunks at their real lengths.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/algorithm.h"
#include "engine/collective.h"
#include "kernels/backend.h"
#include "kernels/plan.h"
#include "kernels/recording.h"
#include "tests/kernels/threads_options.h"
#include "trace/model.h"

namespace collscope::kernels {
namespace {

RecordOptions Uneven(engine::Collective collective, std::string algorithm, int ranks,
                     std::int64_t bytes) {
  RecordOptions options =
      testing::ThreadsOptions(collective, std::move(algorithm), ranks, bytes, /*iters=*/1);
  if (engine::HasRoot(collective)) options.root = ranks / 2;
  return options;
}

// Sizes that p does not divide: a remainder of 5 elements, and fewer
// elements than ranks (empty chunks).
std::vector<std::int64_t> UnevenElementCounts(int ranks) { return {ranks * 37 + 5, 2}; }

// The recorder checks every element of every rank's result after each
// iteration (exit 0 means right), at the chunks' real lengths.
TEST(UnevenChunks, ThreadsRecordEveryCollectiveAndAlgorithmOn3567Ranks) {
  int recorded = 0;
  for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
    for (engine::Collective collective : info.collectives) {
      for (int ranks : {3, 5, 6, 7}) {
        if (!engine::BuildSchedule(collective, info.name, ranks).schedule) continue;
        for (std::int64_t elements : UnevenElementCounts(ranks)) {
          for (Dtype dtype : {Dtype::kFloat32, Dtype::kFloat64, Dtype::kBFloat16}) {
            RecordOptions options =
                Uneven(collective, std::string(info.name), ranks, elements * DtypeBytes(dtype));
            options.dtype = dtype;
            SCOPED_TRACE(std::string(engine::CollectiveName(collective)) + " by " +
                         std::string(info.name) + " p=" + std::to_string(ranks) + " n=" +
                         std::to_string(options.bytes) + " " + std::string(DtypeName(dtype)));
            const RecordResult result = RecordThreads(options);
            ASSERT_EQ(result.exit_code, 0) << result.message;
            ASSERT_EQ(result.trace.runs.size(), 1u);
            ++recorded;
          }
        }
      }
    }
  }
  EXPECT_GE(recorded, 8 * 4 * 2 * 3);  // at least one algorithm per collective
}

TEST(UnevenChunks, StepEventsCountTheRealChunkLengths) {
  // 13 float32 over 5 ranks: chunks a..e of 3, 3, 3, 3 and 1 elements. The
  // binomial scatter from rank 0 sends e (1 element) to rank 4 in step 1,
  // c and d (6) to rank 2 in step 2.
  RecordOptions options = Uneven(engine::Collective::kScatter, "binomial", 5, 13 * 4);
  options.root = 0;
  const RecordResult result = RecordThreads(options);
  ASSERT_EQ(result.exit_code, 0) << result.message;
  std::map<std::pair<int, int>, std::int64_t> bytes;  // (step, rank)
  for (const trace::StepEvent& e : result.trace.runs.at(0).steps) bytes[{e.step, e.rank}] = e.bytes;
  EXPECT_EQ(bytes[std::make_pair(1, 4)], 1 * 4);
  EXPECT_EQ(bytes[std::make_pair(1, 0)], 1 * 4);
  EXPECT_EQ(bytes[std::make_pair(2, 2)], 6 * 4);
}

TEST(UnevenChunks, OnlyAPartElementIsRefused) {
  // 1 MiB over 5 ranks splits; 1 MiB + 2 bytes is half a float32 too many.
  RecordOptions whole = Uneven(engine::Collective::kAllReduce, "double-binary-tree", 5, 1 << 20);
  EXPECT_EQ(RecordThreads(whole).exit_code, 0);
  RecordOptions part = whole;
  part.bytes += 2;
  const RecordResult refused = RecordThreads(part);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.message.find('\n'), std::string::npos);
  EXPECT_NE(refused.message.find("-n 1048578 bytes is not a whole number of float32 elements"),
            std::string::npos)
      << refused.message;
  part.dtype = Dtype::kFloat16;  // 524289 float16 elements
  EXPECT_EQ(RecordThreads(part).exit_code, 0);
}

TEST(UnevenChunks, CheckCatchesAWrongElementInTheShortChunk) {
  // 10 float32 over 4 ranks: the last chunk holds 1 element, at element 9.
  const SlotSizes sizes{engine::Collective::kBroadcast, 4, engine::ChunkSplit(10, 4), 4};
  const Pattern pattern(Dtype::kFloat32, 4);
  std::vector<std::byte> root(4 * 3 * 4);
  FillRank(root.data(), pattern, sizes, /*root=*/0, /*rank=*/0);
  EXPECT_EQ(CheckRank(root.data(), pattern, sizes, 0, 0), "");  // the root holds its vector
  root[9 * 4] = std::byte{0x7f};
  const std::string error = CheckRank(root.data(), pattern, sizes, 0, 0);
  EXPECT_NE(error.find("slot 3 element 0"), std::string::npos) << error;
  // The spare tail past element 10 is no element of the vector.
  FillRank(root.data(), pattern, sizes, 0, 0);
  root[11 * 4] = std::byte{0x7f};
  EXPECT_EQ(CheckRank(root.data(), pattern, sizes, 0, 0), "");
}

TEST(UnevenChunks, NcclLibraryRefusesUnevenPerRankCollectives) {
  RecordOptions options = Uneven(engine::Collective::kReduceScatter, "ring", 3, 1000);
  options.backend = BackendKind::kNccl;
  options.library = true;
  const Prepared prepared = Prepare(options, 3);
  EXPECT_NE(prepared.error.find("NCCL's reducescatter takes one count for every rank"),
            std::string::npos)
      << prepared.error;
  options.collective = engine::Collective::kAllReduce;  // one count for the whole vector
  EXPECT_EQ(Prepare(options, 3).error, "");
}

// The MPI backend under mpirun, every collective x algorithm on 3, 5, 6
// and 7 ranks, schedule and library mode, at a size p does not divide.
std::string Quoted(const std::string& text) { return "'" + text + "'"; }

TEST(UnevenChunks, MpiRecordsEveryCollectiveAndAlgorithmOn3567Ranks) {
  const std::string binary = COLLSCOPE_TEST_BINARY;
  const std::string mpirun = COLLSCOPE_TEST_MPIRUN;
  if (binary.empty() || mpirun.empty()) GTEST_SKIP() << "no mpi backend or mpirun";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("collscope_uneven_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "u.json").string();
  const std::string log = (dir / "log").string();
  for (int ranks : {3, 5, 6, 7}) {
    const std::string bytes = std::to_string((ranks * 37 + 5) * 4);  // float32
    std::vector<std::pair<std::string, std::string>> cases;  // collective, algorithm or --library
    for (const engine::AlgorithmInfo& info : engine::Algorithms()) {
      for (engine::Collective collective : info.collectives) {
        if (!engine::BuildSchedule(collective, info.name, ranks).schedule) continue;
        cases.emplace_back(engine::CollectiveName(collective), "-a " + std::string(info.name));
      }
    }
    for (engine::Collective collective : engine::AllCollectives()) {
      cases.emplace_back(engine::CollectiveName(collective), "--library");
    }
    for (const auto& [collective, how] : cases) {
      const std::string root = engine::HasRoot(*engine::ParseCollective(collective))
                                   ? " --root " + std::to_string(ranks / 2)
                                   : "";
      const std::string command =
          Quoted(mpirun) + " --allow-run-as-root --oversubscribe -x ASAN_OPTIONS=detect_leaks=0" +
          " -np " + std::to_string(ranks) + " " + Quoted(binary) +
          " record --backend mpi --iters 1 --warmup 0 -c " + collective + " " + how + root +
          " -n " + bytes + " -o " + Quoted(out) + " > " + Quoted(log) + " 2>&1";
      const int status = std::system(command.c_str());
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << collective << " " << how << " p=" << ranks << ": " << command;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace collscope::kernels
