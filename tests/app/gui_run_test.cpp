// Runs the `collscope gui` binary under Xvfb (Mesa software rendering) the
// way a user or a slide build would, and checks what it shows from its own
// state dump and from the pixels of its screenshots.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/lessons/lesson.h"
#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace collscope::gui_test;

// The light theme's "written in this step" fill (render/theme.cpp: 0xFFD21F).
bool IsHighlight(std::tuple<int, int, int> rgb) {
  auto [r, g, b] = rgb;
  return std::abs(r - 0xFF) <= 6 && std::abs(g - 0xD2) <= 6 && std::abs(b - 0x1F) <= 6;
}

TEST(GuiRun, DefaultLessonRendersTheFiveGpuRingAtStepZero) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf("", "default");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& j = shot.state;
  EXPECT_EQ(j["lesson"], "ring-allreduce");
  EXPECT_EQ(j["ranks"], 5);
  EXPECT_EQ(j["step"], 0);
  EXPECT_EQ(j["steps"], 8);
  EXPECT_EQ(j["centre_view"], "ring");
  EXPECT_EQ(j["table_mode"], "labels");
  EXPECT_EQ(j["drawn_cells"].size(), 25u);
  EXPECT_EQ(j["table"][1][0], "a1");
  const Image& image = shot.image;
  ASSERT_EQ(image.width, 1920);
  ASSERT_EQ(image.height, 1080);
  EXPECT_GT(image.SampledColours(), 20u) << "the screenshot looks blank";
}

// Lecture slide 8, "Intermediate sums after the first iteration".
void ExpectLectureStepOne(const json& j, const Image& image) {
  std::set<std::tuple<int, int, std::string>> highlighted;
  for (const auto& cell : j["highlighted"]) {
    highlighted.insert(std::make_tuple(cell["rank"].get<int>(), cell["slot"].get<int>(),
                                       cell["label"].get<std::string>()));
  }
  const std::set<std::tuple<int, int, std::string>> lecture = {
      {1, 0, "a1+a0"}, {2, 1, "b2+b1"}, {3, 2, "c3+c2"}, {4, 3, "d4+d3"}, {0, 4, "e0+e4"}};
  EXPECT_EQ(highlighted, lecture);
  // The pixels agree: exactly these cells carry the highlight colour.
  ASSERT_EQ(j["drawn_cells"].size(), 25u);
  int lit = 0;
  for (const auto& cell : j["drawn_cells"]) {
    const bool expected =
        lecture.count(std::make_tuple(cell["rank"].get<int>(), cell["slot"].get<int>(),
                                      cell["label"].get<std::string>())) > 0;
    EXPECT_EQ(cell["highlighted"], expected) << cell.dump();
    const auto colour = image.At(cell["probe"][0].get<double>(), cell["probe"][1].get<double>());
    EXPECT_EQ(IsHighlight(colour), expected)
        << "rank " << cell["rank"] << " slot " << cell["slot"] << " colour " << std::get<0>(colour)
        << "," << std::get<1>(colour) << "," << std::get<2>(colour);
    lit += IsHighlight(colour) ? 1 : 0;
  }
  EXPECT_EQ(lit, 5);
}

TEST(GuiRun, StepOneHighlightsExactlyTheLecturesCellsInStateAndPixels) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf("--lesson ring-allreduce --step 1", "step1");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& j = shot.state;
  EXPECT_EQ(j["step"], 1);
  EXPECT_EQ(j["phase"], "reduce-scatter");
  EXPECT_EQ(j["arrow_labels_drawn"], 5);
  ExpectLectureStepOne(j, shot.image);
}

TEST(GuiRun, PresenterModeAt1280x720ShowsTheSameHighlights) {
  REQUIRE_XVFB();
  const fs::path png = Dir() / "presenter.png";
  const fs::path state = Dir() / "presenter.json";
  const Result run = RunCollscope(
      "gui -c allreduce -a ring -p 5 --presenter --size 1280x720 --script "
      "'right;screenshot " +
      png.string() + ";dump " + state.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json j = ReadJson(state);
  EXPECT_EQ(j["presenter"], true);
  EXPECT_EQ(j["framebuffer"]["width"], 1280);
  const Image image = LoadImage(png);
  EXPECT_EQ(image.height, 720);
  ExpectLectureStepOne(j, image);
}

// The table's plain cells are one repeating image under the cells drawn
// one by one (panels/buffer_table_pattern.h): each cell, either way, is a
// one-pixel gap of the background, a one-pixel border and its fill, at the
// pixel rectangle the state dump gives for it. Step 5 of the 5-GPU ring has
// plain, complete and written cells side by side.
TEST(GuiRun, PlainCellsHaveTheGapBorderAndFillOfTheCellsDrawnOneByOne) {
  REQUIRE_XVFB();
  using Rgb = std::tuple<int, int, int>;
  auto rgb = [](unsigned hex) -> Rgb {
    return {static_cast<int>(hex >> 16), static_cast<int>((hex >> 8) & 0xFF),
            static_cast<int>(hex & 0xFF)};
  };
  auto near = [](Rgb a, Rgb b) {
    return std::abs(std::get<0>(a) - std::get<0>(b)) <= 8 &&
           std::abs(std::get<1>(a) - std::get<1>(b)) <= 8 &&
           std::abs(std::get<2>(a) - std::get<2>(b)) <= 8;
  };
  struct Colours {
    const char* theme;
    unsigned background, cell_fill, cell_border, complete_fill;  // render/theme.cpp
  };
  for (const Colours& c : {Colours{"light", 0xFFFFFF, 0xF2F2F2, 0x9A9A9A, 0xB8E6C9},
                           Colours{"dark", 0x1B1D22, 0x2A2E36, 0x4A505C, 0x1F5E3F}}) {
    SCOPED_TRACE(c.theme);
    const Shot shot =
        ShotOf("--step 5 --theme " + std::string(c.theme), std::string("plain_cells_") + c.theme);
    ASSERT_EQ(shot.code, 0) << shot.err;
    ASSERT_EQ(shot.state["drawn_cells"].size(), 25u);
    std::set<std::pair<int, int>> written;
    for (const json& cell : shot.state["highlighted"]) {
      written.insert({cell["rank"].get<int>(), cell["slot"].get<int>()});
    }
    int plain = 0, complete = 0;
    for (const json& cell : shot.state["drawn_cells"]) {
      if (cell["highlighted"].get<bool>()) continue;
      const bool whole = cell["complete"].get<bool>();
      (whole ? complete : plain) += 1;
      // The first pixel whose centre lies in the cell's rectangle, and the
      // last.
      const double left = std::floor(cell["x"].get<double>() + 0.5);
      const double top = std::floor(cell["y"].get<double>() + 0.5);
      const double right = std::floor(cell["x"].get<double>() + cell["w"].get<double>() - 0.5);
      const double middle = top + std::floor(cell["h"].get<double>() / 2);
      const std::string where = "rank " + cell["rank"].dump() + " slot " + cell["slot"].dump();
      EXPECT_TRUE(near(shot.image.At(left, middle), rgb(c.cell_border))) << where << " left border";
      EXPECT_TRUE(near(shot.image.At(right, middle), rgb(c.cell_border)))
          << where << " right border";
      // A written neighbour's three-pixel outline covers the gap.
      if (!written.count({cell["rank"].get<int>(), cell["slot"].get<int>() + 1})) {
        EXPECT_TRUE(near(shot.image.At(right + 1, middle), rgb(c.background))) << where << " gap";
      }
      EXPECT_TRUE(
          near(shot.image.At(left + 2, top + 2), rgb(whole ? c.complete_fill : c.cell_fill)))
          << where << " fill";
    }
    EXPECT_GT(plain, 0);
    EXPECT_GT(complete, 0);
  }
}

TEST(GuiRun, EightKeyPressesReachTheFinalState) {
  REQUIRE_XVFB();
  const fs::path state = Dir() / "final.json";
  const fs::path middle = Dir() / "middle.json";
  // Right arrows and a clicker's PageDown both step.
  const Result run =
      RunCollscope("gui --script 'right;right;right;right;dump " + middle.string() +
                   ";pagedown;pagedown;right;right;dump " + state.string() + ";expect-final'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json m = ReadJson(middle);
  EXPECT_EQ(m["step"], 4);
  EXPECT_EQ(m["complete_cells"], 5);  // one complete chunk per GPU after reduce-scatter
  const json j = ReadJson(state);
  EXPECT_EQ(j["step"], 8);
  EXPECT_EQ(j["at_end"], true);
  EXPECT_EQ(j["complete_cells"], 25);
  EXPECT_EQ(j["table"][0][1], "b0+b1+b2+b3+b4");
  EXPECT_EQ(j["lesson"], "ring-allreduce");
}

// The text follows the window's height, as when a lecturer's laptop window
// goes fullscreen on a 720p projector, and keeps the +/- added to it.
TEST(GuiRun, TextSizeFollowsTheWindowsHeight) {
  REQUIRE_XVFB();
  const fs::path small = Dir() / "font-720.json";
  const fs::path large = Dir() / "font-1080.json";
  const Result run =
      RunCollscope("gui --size 1920x1080 --script 'resize 1280 720;dump " + small.string() +
                   ";plus;resize 1920 1080;dump " + large.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(ReadJson(small)["font_px"], 14);
  EXPECT_EQ(ReadJson(large)["font_px"], 22);
  const fs::path fixed = Dir() / "font-fixed.json";
  const Result pinned =
      RunCollscope("gui --font-px 30 --script 'resize 1280 720;dump " + fixed.string() + "'");
  ASSERT_EQ(pinned.code, 0) << pinned.err;
  EXPECT_EQ(ReadJson(fixed)["font_px"], 30);
}

TEST(GuiRun, TextSizeKeysAndViewSwitchesTakeEffect) {
  REQUIRE_XVFB();
  const fs::path state = Dir() / "view.json";
  const fs::path reopened = Dir() / "reopened.json";
  const Result run = RunCollscope("gui --script 'plus;plus;panel table off;panel centre off;dump " +
                                  state.string() + ";minus;panel table on;panel centre on;p;dump " +
                                  reopened.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json j = ReadJson(state);
  EXPECT_EQ(j["font_px"], 24);
  EXPECT_EQ(j["table_mode"], "hidden");
  EXPECT_EQ(j["centre_view"], "hidden");
  const json k = ReadJson(reopened);
  EXPECT_EQ(k["font_px"], 22);
  EXPECT_EQ(k["table_mode"], "labels");
  EXPECT_EQ(k["centre_view"], "ring");
  EXPECT_EQ(k["presenter"], true);
}

TEST(GuiRun, EveryCollectiveAndAlgorithmOpensAndStepsToTheEndAtP5AndP64) {
  REQUIRE_XVFB();
  const Result run = RunCollscope("gui --script 'walk-all 5;walk-all 64'");
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("walk-all p=5:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("walk-all p=64:"), std::string::npos) << run.out;
  EXPECT_TRUE(run.err.empty()) << run.err;
}

TEST(GuiRun, TheLecturesThirtyTwoRankBinaryTreeDraws) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf("-c allreduce -a tree -p 32 --step 1", "tree32");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& j = shot.state;
  EXPECT_EQ(j["centre_view"], "tree");
  EXPECT_EQ(j["ranks"], 32);
  EXPECT_GT(j["arrows_drawn"], 0);
}

TEST(GuiRun, DoubleBinaryTreeDrawsBothTrees) {
  REQUIRE_XVFB();
  // The NCCL lesson (slide 12) shows the double binary tree on 8 ranks.
  // Its figure (the sample log) comes first; "figure off" shows the trees.
  const Shot shot = ShotOf("--lesson nccl --step 2 --theme dark --script 'figure off'", "dbt");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["centre_view"], "tree");
  EXPECT_EQ(shot.state["theme"], "dark");
  // Step 2 reduces up both trees at once: two transfers on each.
  EXPECT_EQ(shot.state["arrows_drawn"], shot.state["transfer_count"]);
  EXPECT_GE(shot.state["transfer_count"].get<int>(), 2);
}

TEST(GuiRun, LargePShowsTheOverviewTable) {
  REQUIRE_XVFB();
  const Shot shot = ShotOf("-c allreduce -a ring -p 1024 --step 3", "p1024");
  ASSERT_EQ(shot.code, 0) << shot.err;
  const json& j = shot.state;
  EXPECT_EQ(j["table_mode"], "overview");
  EXPECT_EQ(j["highlighted"].size(), 1024u);
  EXPECT_EQ(j["arrows_drawn"], 1024);
}

TEST(GuiRun, BenchFramesPrintsMeanAndP99) {
  REQUIRE_XVFB();
  const Result run = RunCollscope("gui -c allreduce -a ring -p 64 --bench-frames 30");
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("mean"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("p99"), std::string::npos) << run.out;
}

TEST(GuiRun, NoDisplayPrintsOneLineAndExitsTwo) {
  const Result run = RunCollscope("gui --step 1", /*display=*/false);
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("no display"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("show, cost, verify, list"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(GuiRun, BadFlagsPrintOneLineNamingThemAndExitTwo) {
  for (const auto& [args, word] :
       std::vector<std::pair<std::string, std::string>>{{"gui --bogus", "--bogus"},
                                                        {"gui --theme purple", "purple"},
                                                        {"gui --lesson nope", "nope"},
                                                        {"gui --step 99", "99"},
                                                        {"gui --script 'jump'", "jump"}}) {
    const Result run = RunCollscope(args, /*display=*/false);
    EXPECT_EQ(run.code, 2) << args;
    EXPECT_NE(run.err.find(word), std::string::npos) << args << ": " << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << args << ": " << run.err;
  }
}

// Issue 7: every lesson opens, shows its figure or views, and walks every
// step of every scene to the collective's final state.
class LessonWalk : public ::testing::TestWithParam<std::string> {};

TEST_P(LessonWalk, OpensAndWalksEverySceneToTheEnd) {
  REQUIRE_XVFB();
  const std::string id = GetParam();
  collscope::lessons::LoadedLessons loaded =
      collscope::lessons::LoadLessons(fs::path(COLLSCOPE_SOURCE_DIR) / "lessons");
  auto lesson = std::find_if(loaded.lessons.begin(), loaded.lessons.end(),
                             [&](const auto& l) { return l.id == id; });
  ASSERT_NE(lesson, loaded.lessons.end());
  const fs::path first = Dir() / ("lesson-" + id + ".png");
  std::string script = "screenshot " + first.string() + ";figure off";
  for (std::size_t scene = 0; scene < lesson->scenes.size(); ++scene) {
    script += ";scene " + std::to_string(scene) + ";walk;expect-final";
  }
  const fs::path last = Dir() / ("lesson-" + id + "-end.png");
  script += ";screenshot " + last.string();
  const Result run = RunCollscope("gui --lesson " + id + " --script '" + script + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  for (const fs::path& png : {first, last}) {
    const Image image = LoadImage(png);
    ASSERT_GT(image.width, 0) << png;
    EXPECT_GT(image.SampledColours(), 8u) << png << " looks blank";
  }
}

std::vector<std::string> LessonIds() {
  std::vector<std::string> ids;
  for (const auto& lesson :
       collscope::lessons::LoadLessons(fs::path(COLLSCOPE_SOURCE_DIR) / "lessons").lessons) {
    ids.push_back(lesson.id);
  }
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Lessons, LessonWalk, ::testing::ValuesIn(LessonIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (char c : info.param) {
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

// Issue 5: a trace opens with --trace; its timeline draws a slice per step
// per rank, and the run's schedule is loaded beside it.
TEST(GuiRun, TraceOpensWithItsTimelineAndSchedule) {
  REQUIRE_XVFB();
  const std::string trace =
      std::string(COLLSCOPE_SOURCE_DIR) + "/assets/traces/threads-ring-allreduce-p4-4MiB.json";
  const Shot shot = ShotOf("--trace " + trace + " --step 3", "trace");
  ASSERT_EQ(shot.code, 0) << shot.err;
  EXPECT_EQ(shot.state["ranks"], 4);
  EXPECT_EQ(shot.state["step"], 3);
  // 2(p-1) = 6 steps on each of 4 ranks, all wide enough to draw on their own.
  EXPECT_EQ(shot.state["timeline_slices_drawn"], 24);
}

TEST(GuiRun, ABadTraceIsOneLineAndExitTwo) {
  REQUIRE_XVFB();
  const std::string bad =
      std::string(COLLSCOPE_SOURCE_DIR) + "/tests/data/bad/truncated_in_steps.json";
  const Result run =
      RunCollscope("gui --trace " + bad + " --screenshot " + (Dir() / "bad.png").string());
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find("truncated_in_steps.json:"), std::string::npos) << run.err;
}

// Issue 8: a window squeezed to one pixel or stretched past the screen, p
// changed while playing, and a key a frame for hundreds of frames: no crash,
// and the app still steps a collective to its verified end afterwards.
TEST(GuiRun, ResizingChangingPWhilePlayingAndKeyMashingDoNotBreakIt) {
  REQUIRE_XVFB();
  const fs::path tiny = Dir() / "tiny.json";
  const fs::path huge = Dir() / "huge.png";
  const fs::path after = Dir() / "after-stress.json";
  const Result run = RunCollscope(
      "gui --script 'resize 1 1;right;dump " + tiny.string() +
      ";resize 40 30;play;resize 6000 4000;screenshot " + huge.string() +
      ";resize 1280 720;play;wait 2;load allreduce ring 64;play;wait 2;load allreduce ring 1024;"
      "play;wait 2;load broadcast binomial 1;play;load allreduce double-binary-tree 33;play;mash "
      "400;"
      "resize 2 2;mash 60;resize 1920 1080;presenter off;lesson ring-allreduce;walk;dump " +
      after.string() + ";expect-final'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json t = ReadJson(tiny);
  EXPECT_EQ(t["framebuffer"]["width"], 1);
  EXPECT_EQ(t["step"], 1);
  const Image image = LoadImage(huge);
  EXPECT_EQ(image.width, 6000);
  EXPECT_GT(image.SampledColours(), 8u) << "the 6000 x 4000 picture looks blank";
  const json a = ReadJson(after);
  EXPECT_EQ(a["framebuffer"]["width"], 1920);
  EXPECT_EQ(a["ranks"], 5);
  EXPECT_EQ(a["at_end"], true);
}

// Issue 8: a bad lesson file is named in the banner and skipped; the other
// lessons open. Reloading the folder keeps the lesson and step on screen.
TEST(GuiRun, ABadLessonFileIsBannedAndReloadKeepsWhatIsShown) {
  REQUIRE_XVFB();
  const fs::path folder = Dir() / "lessons-with-a-bad-one";
  fs::remove_all(folder);
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(fs::path(COLLSCOPE_SOURCE_DIR) / "lessons")) {
    fs::copy_file(entry.path(), folder / entry.path().filename());
  }
  std::ofstream(folder / "99-broken.json") << "{\"id\": \"broken\", \"title\": ";
  const fs::path start = Dir() / "bad-lesson-start.json";
  const fs::path reloaded = Dir() / "bad-lesson-reloaded.json";
  const fs::path png = Dir() / "bad-lesson.png";
  setenv("COLLSCOPE_LESSONS", folder.c_str(), 1);
  const Result run = RunCollscope("gui --script 'dump " + start.string() +
                                  ";lesson tree-vs-ring;step 2;wait 1;reload-lessons;dump " +
                                  reloaded.string() + ";screenshot " + png.string() + "'");
  unsetenv("COLLSCOPE_LESSONS");
  ASSERT_EQ(run.code, 0) << run.err;
  const json a = ReadJson(start);
  EXPECT_EQ(a["lesson"], "ring-allreduce");
  EXPECT_EQ(a["lessons_loaded"], 13);
  EXPECT_EQ(a["lesson_errors"], 1);
  EXPECT_NE(a["trace_banner"].get<std::string>().find("99-broken.json:1"), std::string::npos)
      << a["trace_banner"];
  const json b = ReadJson(reloaded);
  EXPECT_EQ(b["lesson"], "tree-vs-ring");
  EXPECT_EQ(b["step"], 2);
  EXPECT_EQ(b["lessons_loaded"], 13);
  EXPECT_GT(LoadImage(png).SampledColours(), 8u);
}

}  // namespace
