// Issue 15, "Lecture-ready on any projector": the NCCL model plot's
// crossover names, the tree view's rank numbers and the scaling figure's
// colours in the running GUI, at the lecture's window sizes and layouts.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/render/theme.h"
#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace collscope::gui_test;

// Xvfb's pointer sits at its screen's centre; on this screen that is outside
// every window tried here, so no hover tooltip lies over the text counted.
constexpr const char* kPointerOutside = "4000x2400";

struct Layout {
  std::string size;  // "WxH"
  bool presenter;
  std::string Name() const { return size + (presenter ? "-presenter" : "-normal"); }
  std::string Flags() const { return "--size " + size + (presenter ? " --presenter" : ""); }
};

const std::vector<Layout>& LectureLayouts() {
  static const std::vector<Layout> layouts = {
      {"1280x720", false}, {"1280x720", true}, {"1920x1080", false}, {"1920x1080", true}};
  return layouts;
}

// `collscope gui ARGS` started at the layout's size (the body text is chosen
// from the window's height at start), its state once the first frames are
// drawn; null when it failed.
json StateOf(const std::string& args, const std::string& name) {
  const fs::path state = Dir() / (name + ".json");
  fs::remove(state);
  const Result run =
      RunCollscope("gui " + args + " --dump-state " + state.string(), true, kPointerOutside);
  EXPECT_EQ(run.code, 0) << name << ": " << run.err;
  return run.code == 0 ? ReadJson(state) : json();
}

// An 8-GPU all_reduce_perf run: NCCL's model switches ring/LL to ring/LL128
// and then to ring/SIMPLE within a factor of eight in size, so the two names
// are drawn side by side (they overlapped before they were placed).
TEST(NcclModelPlotGui, CrossoverNamesNeverOverlapAtTheLecturesSizes) {
  REQUIRE_XVFB();
  const std::string trace =
      std::string(COLLSCOPE_SOURCE_DIR) + "/tests/data/trace/nccl_tests_new_allreduce_8gpu.txt";
  for (const Layout& layout : LectureLayouts()) {
    json state = StateOf("--trace " + trace + " " + layout.Flags() + " --script 'picture model'",
                         "nccl-model-" + layout.Name());
    ASSERT_EQ(state["centre_view"], "nccl-model") << layout.Name();
    EXPECT_GE(state["nccl_crossovers"].get<int>(), 2) << layout.Name();
    // Every name placed, none dropped to avoid the overlap.
    EXPECT_EQ(state["nccl_crossover_names_drawn"], state["nccl_crossovers"]) << layout.Name();
    EXPECT_EQ(state["layout"]["overlapping_text"], 0)
        << layout.Name() << ": " << state["layout"]["overlapping_boxes"].dump();
  }
}

// Both trees of a double binary tree on 8 GPUs keep a number on every node
// in both layouts and themes (at 720p in presenter mode the two bands once
// left nodes too small for any number).
TEST(TreeViewGui, DoubleBinaryTreeKeepsEveryRankNumber) {
  REQUIRE_XVFB();
  for (const Layout& layout : LectureLayouts()) {
    for (const std::string theme : {"light", "dark"}) {
      const std::string name = "dbt-" + layout.Name() + "-" + theme;
      json state = StateOf("-c allreduce -a double-binary-tree -p 8 --step 1 --theme " + theme +
                               " " + layout.Flags(),
                           name);
      ASSERT_EQ(state["centre_view"], "tree") << name;
      EXPECT_EQ(state["tree_rank_numbers_drawn"], 2 * 8) << name;
    }
  }
}

// The lecture's 32-rank binary tree (slide 9) keeps a number on every
// node in every layout: its nodes take the room of their level, where the
// in-order layout leaves every other column free (in presenter mode at 720p,
// beside the table, they had none).
TEST(TreeViewGui, TheThirtyTwoRankTreeKeepsEveryRankNumber) {
  REQUIRE_XVFB();
  for (const Layout& layout : LectureLayouts()) {
    const json state =
        StateOf("-c allreduce -a tree -p 32 --step 5 " + layout.Flags(), "tree32-" + layout.Name());
    ASSERT_EQ(state["centre_view"], "tree") << layout.Name();
    EXPECT_EQ(state["tree_rank_numbers_drawn"], 32) << layout.Name();
    EXPECT_EQ(state["layout"]["overlapping_text"], 0) << layout.Name();
  }
}

}  // namespace

namespace {

int Pixels(const Image& image, ImU32 color) {
  return image.CountColour((color >> IM_COL32_R_SHIFT) & 0xFF, (color >> IM_COL32_G_SHIFT) & 0xFF,
                           (color >> IM_COL32_B_SHIFT) & 0xFF);
}

// Lesson 9's figure: the ring and the double binary tree in the colours they
// have in every other view (the cost overlay's curves, the NCCL model plot),
// not the ring's phase and the first tree's. The cost and table panels are
// off so that only the figure draws curves.
TEST(ScalingFigureGui, CurvesTakeTheirAlgorithmsColours) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf(
      "--lesson ring-vs-tree-at-scale --size 1280x720 --script 'panel cost off;panel table off'",
      "scaling_figure");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const collscope::gui::Palette light = collscope::gui::MakePalette(collscope::gui::Theme::kLight);
  const ImU32 tree = light.AlgorithmColor("double-binary-tree");
  ASSERT_NE(tree, light.tree[0]);  // else the check below could not tell them apart
  EXPECT_GT(Pixels(shot.image, light.AlgorithmColor("ring")), 300);
  EXPECT_GT(Pixels(shot.image, tree), 300);
  EXPECT_LT(Pixels(shot.image, light.tree[0]), 30);
}

}  // namespace

namespace {

// The ring keeps clear of the widest heading of the run, not the shown
// one: stepping from "initial" to "reduce-scatter" moved the 5-GPU ring
// sideways (presenter mode, 720p).
TEST(RingViewGui, TheRingStaysPutAsTheLecturerSteps) {
  REQUIRE_XVFB();
  for (const Layout& layout : LectureLayouts()) {
    SCOPED_TRACE(layout.Name());
    std::string script;
    for (const int step : {0, 1, 4, 5, 8}) {
      script += "step " + std::to_string(step) + ";dump " +
                (Dir() / ("ring_put_" + layout.Name() + std::to_string(step) + ".json")).string() +
                ";";
    }
    const Result run =
        RunCollscope("gui --lesson ring-allreduce " + layout.Flags() + " --script '" + script + "'",
                     true, kPointerOutside);
    ASSERT_EQ(run.code, 0) << run.err;
    const json first = ReadJson(Dir() / ("ring_put_" + layout.Name() + "0.json"))["ring"];
    ASSERT_GT(first["radius"].get<double>(), 50);
    for (const int step : {1, 4, 5, 8}) {
      const json ring =
          ReadJson(Dir() / ("ring_put_" + layout.Name() + std::to_string(step) + ".json"))["ring"];
      EXPECT_EQ(ring, first) << "step " << step;
    }
  }
}

// Text on the highlight's yellow is dark in the dark theme too (its light
// text was 1.3:1 on the yellow): the code slide's changed line and the cost
// table's current collective. Black appears nowhere else on the dark theme.
TEST(FigureGui, HighlightedTextIsDarkInTheDarkTheme) {
  REQUIRE_XVFB();
  for (const std::string lesson : {"ddp-in-code", "cost-table"}) {
    const Shot shot = ShotOf("--lesson " + lesson + " --theme dark --size 1280x720 --presenter",
                             lesson + "_dark");
    ASSERT_EQ(shot.code, 0) << shot.err;
    EXPECT_GT(shot.image.CountColour(0, 0, 0), 10) << lesson;
  }
}

}  // namespace
