// The GUI's background trace import (TraceLoader), what AppState does with
// its result (AdoptTrace), and File > Open's folder listing, without a
// display.
#include "app/trace_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app_state.h"
#include "app/folder_listing.h"

namespace collscope::gui {
namespace {

namespace fs = std::filesystem;

std::string Source(const std::string& relative) {
  return std::string(COLLSCOPE_SOURCE_DIR) + "/" + relative;
}

// Polls the loader the way the GUI's frames do, collecting what a progress
// bar would have shown, until the result is in.
struct Polled {
  TraceLoadResult result;
  std::vector<double> fractions;
  bool saw_parsing = false;
  bool done = false;
};

Polled PollUntilDone(TraceLoader& loader) {
  Polled polled;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto result = loader.TakeResult()) {
      polled.result = std::move(*result);
      polled.done = true;
      break;
    }
    const TraceLoadProgress progress = loader.Progress();
    EXPECT_TRUE(progress.running);
    if (progress.fraction) {
      polled.fractions.push_back(*progress.fraction);
    } else {
      polled.saw_parsing = true;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return polled;
}

TraceLoadResult Load(TraceLoader& loader, std::vector<std::string> paths) {
  EXPECT_TRUE(loader.Start(std::move(paths)));
  Polled polled = PollUntilDone(loader);
  EXPECT_TRUE(polled.done) << "the import never finished";
  return polled.result;
}

TEST(TraceLoader, ImportsNcclTestsOutputAndReachesDone) {
  TraceLoader loader;
  EXPECT_FALSE(loader.Busy());
  const TraceLoadResult result =
      Load(loader, {Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt")});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.trace->measurements.size(), 16u);
  EXPECT_FALSE(loader.Busy());
  EXPECT_FALSE(loader.Progress().running);
  EXPECT_FALSE(loader.TakeResult()) << "a result is handed over once";
}

TEST(TraceLoader, ProgressIsTheShareOfBytesReadAndOnlyRises) {
  // 48 MiB: trace/source.cpp reports every 16 MiB read, then the parse.
  const fs::path path = fs::path(testing::TempDir()) / "collscope-loader-big.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << R"({"format":"collscope-trace","version":1,"meta":{"source":"threads","note":")";
    const std::string padding(1 << 20, 'x');
    for (int i = 0; i < 48; ++i) out << padding;
    out << R"("},"ranks":[{"rank":0}],"runs":[]})";
  }
  TraceLoader loader;
  ASSERT_TRUE(loader.Start({path.string()}));
  const Polled polled = PollUntilDone(loader);
  ASSERT_TRUE(polled.done);
  ASSERT_TRUE(polled.result.ok()) << polled.result.error;
  for (std::size_t i = 0; i < polled.fractions.size(); ++i) {
    EXPECT_GE(polled.fractions[i], 0.0);
    EXPECT_LE(polled.fractions[i], 1.0);
    if (i > 0) {
      EXPECT_GE(polled.fractions[i], polled.fractions[i - 1]);
    }
  }
  fs::remove(path);
}

TEST(TraceLoader, SeveralKinetoRankFilesMergeIntoOneTrace) {
  TraceLoader loader;
  const TraceLoadResult result = Load(loader, {Source("tests/data/trace/kineto_rank0.json"),
                                               Source("tests/data/trace/kineto_rank1.json")});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.trace->RankCount(), 2);
  EXPECT_EQ(result.paths.size(), 2u);
}

TEST(TraceLoader, ASecondStartWhileBusyIsRefused) {
  TraceLoader loader;
  ASSERT_TRUE(loader.Start({Source("tests/data/trace/nccl_log_2_18_two_nodes.log")}));
  EXPECT_FALSE(loader.Start({Source("tests/data/trace/nccl_tests_truncated.txt")}));
  const Polled polled = PollUntilDone(loader);
  ASSERT_TRUE(polled.result.ok()) << polled.result.error;
  EXPECT_EQ(polled.result.paths.front(), Source("tests/data/trace/nccl_log_2_18_two_nodes.log"));
}

TEST(TraceLoader, DestroyingItWhileItReadsJoinsTheThread) {
  // The destructor cancels between reads and joins: no crash, no leak, no
  // race for the sanitizers to find.
  for (int i = 0; i < 3; ++i) {
    TraceLoader loader;
    ASSERT_TRUE(loader.Start({Source("tests/data/bad/gzip_bomb.json.gz")}));
  }
}

// Every file of the bad corpus fails with one line naming the file, and a
// state holding a good trace keeps it.
TEST(TraceLoader, EveryBadFileIsAnErrorAndThePreviousTraceStays) {
  AppState state;
  TraceLoader loader;
  const std::string good = Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt");
  TraceLoadResult first = Load(loader, {good});
  ASSERT_TRUE(first.ok()) << first.error;
  ASSERT_FALSE(state.AdoptTrace(first.trace, good));
  const trace::Trace* before = state.loaded_trace();
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(Source("tests/data/bad"))) {
    if (entry.path().extension() == ".py") continue;
    const std::string name = entry.path().filename().string();
    const TraceLoadResult result = Load(loader, {entry.path().string()});
    EXPECT_FALSE(result.ok()) << name << " loaded";
    EXPECT_NE(result.error.find(name), std::string::npos) << result.error;
    EXPECT_EQ(result.error.find('\n'), std::string::npos) << result.error;
    ++checked;
  }
  EXPECT_GE(checked, 20);
  EXPECT_EQ(state.loaded_trace(), before);
  EXPECT_EQ(state.trace_path(), good);
  EXPECT_EQ(state.config().ranks, 8);
}

TEST(TraceLoader, AMissingFileSaysSo) {
  TraceLoader loader;
  const TraceLoadResult result = Load(loader, {"/no/such/trace.json"});
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("/no/such/trace.json: cannot open"), std::string::npos)
      << result.error;
}

TEST(AdoptTrace, NcclTestsMeasurementsLoadTheirCollectiveAndRankCount) {
  AppState state;
  ASSERT_FALSE(state.LoadTrace(Source("tests/data/trace/nccl_tests_multinode_allreduce.txt")));
  ASSERT_TRUE(state.loaded_trace());
  EXPECT_EQ(state.trace_run(), -1);
  EXPECT_FALSE(state.loaded_trace()->measurements.empty());
  EXPECT_EQ(state.config().collective, engine::Collective::kAllReduce);
  EXPECT_EQ(state.config().algorithm, "ring");
  EXPECT_EQ(state.config().ranks, 8);
  EXPECT_TRUE(state.view.show_trace_picture);
}

TEST(AdoptTrace, ANcclLogWithFortyEightRanksLoadsItsRings) {
  AppState state;
  ASSERT_FALSE(
      state.LoadTrace(Source("tests/data/trace/nccl_log_2_28_48ranks_truncated_ring.log")));
  ASSERT_TRUE(state.loaded_trace());
  EXPECT_FALSE(state.loaded_trace()->topology.rings.empty());
  EXPECT_EQ(state.config().ranks, 48);
  EXPECT_EQ(state.config().bytes, Config{}.bytes) << "a log without calls names no size";
}

TEST(AdoptTrace, ATraceWithNothingToShowIsRefusedAndTheOldOneStays) {
  AppState state;
  ASSERT_FALSE(state.LoadTrace(Source("tests/data/trace/nccl_tests_new_allreduce_8gpu.txt")));
  const trace::Trace* before = state.loaded_trace();
  auto empty = std::make_shared<trace::Trace>();
  empty->ranks.push_back({});
  auto error = state.AdoptTrace(empty, "empty.json");
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("empty.json: nothing to show"), std::string::npos) << *error;
  EXPECT_EQ(state.loaded_trace(), before);
}

TEST(FolderListing, ListsFoldersThenTraceFilesAndHidesTheRest) {
  const fs::path dir = fs::path(testing::TempDir()) / "collscope-listing";
  fs::remove_all(dir);
  fs::create_directories(dir / "ranks");
  for (const char* name : {"b.json", "a.json.gz", "run.log", "perf.TXT", "notes.md", "x.bin"}) {
    std::ofstream(dir / name) << "12345";
  }
  const FolderListing listing = ListFolder(dir.string() + "/", /*all_files=*/false);
  EXPECT_TRUE(listing.error.empty()) << listing.error;
  EXPECT_EQ(listing.folder, dir.lexically_normal().string());
  std::vector<std::string> names;
  for (const FolderEntry& entry : listing.entries) names.push_back(entry.name);
  const std::vector<std::string> expected = {"..",     "ranks",    "a.json.gz",
                                             "b.json", "perf.TXT", "run.log"};
  EXPECT_EQ(names, expected);
  EXPECT_TRUE(listing.entries[1].folder);
  EXPECT_EQ(listing.entries[3].bytes, 5);
  const FolderListing all = ListFolder(dir.string(), /*all_files=*/true);
  EXPECT_EQ(all.entries.size(), 8u);
  fs::remove_all(dir);
}

TEST(FolderListing, AFolderThatCannotBeReadIsAMessage) {
  const FolderListing listing = ListFolder("/no/such/folder", false);
  EXPECT_TRUE(listing.entries.empty());
  EXPECT_NE(listing.error.find("/no/such/folder: cannot open folder"), std::string::npos)
      << listing.error;
  EXPECT_EQ(ListFolder("/", false).entries.front().name == "..", false) << "the root has no ..";
}

}  // namespace
}  // namespace collscope::gui
