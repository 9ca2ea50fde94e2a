// Issue 5: replaying a trace in the GUI. Runs `collscope gui` under Xvfb on
// the hand-written straggler sample (rank 2 takes 2.5 us in step 3, every
// other step 1 us) and checks the replay from the app's own state dump and
// from the pixels of its screenshot.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/app/gui_runner.h"

namespace collscope::gui_test {
namespace {

using nlohmann::json;
using fs_path = std::filesystem::path;

std::string Straggler() {
  return std::string(COLLSCOPE_SOURCE_DIR) +
         "/assets/traces/ring_allreduce_4ranks_straggler.collscope.json";
}

// The light theme's grey of a waiting rank (render/theme.cpp: grid 0xB0B0B0).
std::size_t GreyPixels(const Image& image) {
  std::size_t grey = 0;
  for (std::size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    if (image.rgb[i] == 0xB0 && image.rgb[i + 1] == 0xB0 && image.rgb[i + 2] == 0xB0) ++grey;
  }
  return grey;
}

const json* Cell(const json& state, int rank, int slot) {
  for (const json& cell : state["drawn_cells"]) {
    if (cell["rank"] == rank && cell["slot"] == slot) return &cell;
  }
  return nullptr;
}

TEST(TraceReplayGui, AtThreePointFiveMicrosecondsTheStragglerWorksAndItsSuccessorWaits) {
  REQUIRE_XVFB();
  const Shot shot =
      ShotOf("--trace " + Straggler() + " --script 'replay-seek 3.5'", "replay-straggler");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& replay = shot.state["replay"];
  EXPECT_EQ(replay["active"], true);
  EXPECT_EQ(replay["playhead_ns"], 3500);
  EXPECT_EQ(replay["rank_steps"], json::parse("[3,3,3,3]"));
  EXPECT_EQ(replay["in_step"], json::parse("[2]"));
  // Rank 3 receives from rank 2 in the ring [0,1,2,3]: it waits, as do the
  // two others that finished step 3; the straggler itself does not.
  EXPECT_EQ(replay["waiting"], json::parse("[0,1,3]"));
  // Its step-3 send to rank 3 has landed (rank 3 finished step 3 and holds
  // chunk a whole, below): no arrow flies into it.
  EXPECT_EQ(replay["in_flight"], 0);
  EXPECT_EQ(shot.state["step"], 3);
  EXPECT_EQ(shot.state["arrows_drawn"], 0);
  // The table shows what each rank holds: rank 2 has not received step 3's
  // data, so its chunk d is still its own; rank 3 finished chunk a.
  const json* straggler_d = Cell(shot.state, 2, 3);
  ASSERT_NE(straggler_d, nullptr);
  EXPECT_EQ((*straggler_d)["label"], "d2");
  EXPECT_EQ((*straggler_d)["complete"], false);
  const json* successor_a = Cell(shot.state, 3, 0);
  ASSERT_NE(successor_a, nullptr);
  EXPECT_EQ((*successor_a)["complete"], true);
  EXPECT_GT(shot.image.SampledColours(), 20u) << "the screenshot looks blank";

  // Earlier in step 3 every rank is busy: nothing is greyed out.
  const Shot busy = ShotOf("--trace " + Straggler() + " --script 'replay-seek 2.5'", "replay-busy");
  ASSERT_EQ(busy.code, 0) << busy.err;
  EXPECT_EQ(busy.state["replay"]["waiting"], json::array());
  EXPECT_EQ(busy.state["replay"]["in_flight"], 4);
  EXPECT_GT(GreyPixels(shot.image), GreyPixels(busy.image) + 3000)
      << "three waiting ranks should be drawn grey";
}

// The timeline has its own switch (its close button used to close the
// buffer table), and presenter mode shows no close button on any panel.
TEST(TraceReplayGui, TheTimelineClosesItselfAndPresenterModeHasNoCloseButtons) {
  REQUIRE_XVFB();
  const fs_path dir = Dir();
  const std::string normal = (dir / "timeline-normal.json").string();
  const std::string closed = (dir / "timeline-closed.json").string();
  const std::string presenter = (dir / "timeline-presenter.json").string();
  const Result run =
      RunCollscope("gui --trace " + Straggler() + " --script 'replay-seek 3.5;dump " + normal +
                   ";panel timeline off;dump " + closed + ";panel timeline on;presenter on;dump " +
                   presenter + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  auto has = [](const json& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const json a = ReadJson(normal);
  EXPECT_GT(a["timeline_slices_drawn"].get<int>(), 0);
  EXPECT_TRUE(has(a["layout"]["close_buttons"], "timeline")) << a["layout"]["close_buttons"];
  EXPECT_TRUE(has(a["layout"]["close_buttons"], "table")) << a["layout"]["close_buttons"];
  const json b = ReadJson(closed);
  EXPECT_EQ(b["timeline_slices_drawn"], 0);
  EXPECT_EQ(b["table_mode"], "labels");
  EXPECT_FALSE(has(b["layout"]["close_buttons"], "timeline"));
  const json c = ReadJson(presenter);
  EXPECT_EQ(c["presenter"], true);
  EXPECT_GT(c["timeline_slices_drawn"].get<int>(), 0);
  EXPECT_EQ(c["layout"]["close_buttons"], json::array());
}

TEST(TraceReplayGui, PlayingRunsToTheEndOfTheRunAndStops) {
  REQUIRE_XVFB();
  // 7.5 us of trace at 1/1000 x real time is 7.5 ms: over within 30 frames.
  const Shot shot =
      ShotOf("--trace " + Straggler() + " --script 'replay-speed 1/1000;replay-play;wait 30'",
             "replay-play");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& replay = shot.state["replay"];
  EXPECT_EQ(replay["playhead_ns"], 7500);
  EXPECT_EQ(replay["playing"], false);
  EXPECT_DOUBLE_EQ(replay["speed"].get<double>(), 1e-3);
  EXPECT_EQ(replay["rank_steps"], json::parse("[6,6,6,6]"));
  EXPECT_EQ(shot.state["step"], 6);
}

TEST(TraceReplayGui, LeavingTheReplayGivesTheViewsBack) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf(
      "--trace " + Straggler() + " --script 'replay-seek 3.5;replay-stop;step 1'", "replay-stop");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["replay"]["active"], false);
  EXPECT_EQ(shot.state["step"], 1);
  EXPECT_EQ(shot.state["arrows_drawn"], 4);
}

TEST(TraceReplayGui, ReplayVerbsNeedATraceAndValidNumbers) {
  REQUIRE_XVFB();
  const Result no_trace =
      RunCollscope("gui --script 'replay-seek 1' --dump-state " + (Dir() / "nt.json").string());
  EXPECT_EQ(no_trace.code, 1);
  EXPECT_NE(no_trace.err.find("no trace"), std::string::npos) << no_trace.err;
  const Result too_fast = RunCollscope("gui --script 'replay-speed 2'");
  EXPECT_EQ(too_fast.code, 2);
  EXPECT_NE(too_fast.err.find("replay-speed 2"), std::string::npos) << too_fast.err;
  const Result negative = RunCollscope("gui --script 'replay-seek -3'");
  EXPECT_EQ(negative.code, 2);
}

// The tree view replays too: at 200 us into the recorded double binary tree
// (threads backend, 8 ranks) its arrows are the transfers in flight, one per
// sending rank, on the tree each belongs to.
TEST(TraceReplayGui, TheTreeViewDrawsTheTransfersInFlight) {
  REQUIRE_XVFB();
  const std::string trace = std::string(COLLSCOPE_SOURCE_DIR) +
                            "/assets/traces/threads-double-binary-tree-allreduce-p8-4MiB.json";
  const Shot shot = ShotOf("--trace " + trace + " --script 'replay-seek 200'", "replay-tree");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["centre_view"], "tree");
  const json& replay = shot.state["replay"];
  EXPECT_EQ(replay["rank_steps"], json::parse("[1,1,1,1,1,1,1,1]"));
  EXPECT_EQ(replay["in_flight"], 7);
  EXPECT_EQ(shot.state["arrows_drawn"], 7);
  EXPECT_EQ(replay["waiting"], json::parse("[3]"));
}

// Space plays the replay (not the step playback) while one is on.
TEST(TraceReplayGui, SpacePlaysAndPausesTheReplay) {
  REQUIRE_XVFB();
  const fs_path playing = Dir() / "space-playing.json";
  const fs_path paused = Dir() / "space-paused.json";
  const Result run = RunCollscope("gui --trace " + Straggler() +
                                  " --script 'replay-seek 1;replay-speed 1e-6;space;wait 20;dump " +
                                  playing.string() + ";space;dump " + paused.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json a = ReadJson(playing);
  EXPECT_EQ(a["replay"]["playing"], true);
  EXPECT_GT(a["replay"]["playhead_ns"].get<double>(), 1000);
  EXPECT_EQ(a["playing"], false);  // the step playback stays off
  const json b = ReadJson(paused);
  EXPECT_EQ(b["replay"]["playing"], false);
}

}  // namespace
}  // namespace collscope::gui_test
