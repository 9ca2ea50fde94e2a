// Check your understanding on the buffer table (issue 15): after a scripted
// prediction the table marks each right, wrong and missed cell, with the
// inks of the theme's palette, and its legend fits the lecture's screens.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/render/theme.h"
#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace collscope::gui_test;
using collscope::gui::MakePalette;
using collscope::gui::Theme;

// Slide 8, iteration 1 of the 5-GPU ring: GPU i sends its chunk i to GPU
// i+1, so GPU 1 writes a (a1+a0), GPU 2 b, GPU 3 c, GPU 4 d, GPU 0 e. The
// student marks two of those and GPU 0's a, which the step leaves alone.
const std::string kPrediction =
    "lesson ring-allreduce;animate off;predict on;"
    "mark 1 0;mark 2 1;mark 0 0;check;wait 2";
const std::set<std::pair<int, int>> kRight = {{1, 0}, {2, 1}};
const std::set<std::pair<int, int>> kWrong = {{0, 0}};
const std::set<std::pair<int, int>> kMissed = {{3, 2}, {4, 3}, {0, 4}};

bool Near(std::tuple<int, int, int> got, ImU32 want) {
  const int r = static_cast<int>((want >> IM_COL32_R_SHIFT) & 0xFF);
  const int g = static_cast<int>((want >> IM_COL32_G_SHIFT) & 0xFF);
  const int b = static_cast<int>((want >> IM_COL32_B_SHIFT) & 0xFF);
  return std::abs(std::get<0>(got) - r) <= 24 && std::abs(std::get<1>(got) - g) <= 24 &&
         std::abs(std::get<2>(got) - b) <= 24;
}

std::string Hex(std::tuple<int, int, int> c) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X%02X%02X", std::get<0>(c), std::get<1>(c), std::get<2>(c));
  return text;
}

TEST(PredictionMarks, TheTableMarksEachRightWrongAndMissedCellOfTheCheckedStep) {
  REQUIRE_XVFB();
  for (const std::string theme : {"light", "dark"}) {
    const fs::path dump = Dir() / ("prediction-" + theme + ".json");
    const fs::path png = Dir() / ("prediction-" + theme + ".png");
    const Result run =
        RunCollscope("gui --size 1920x1080 --script 'theme " + theme + ";" + kPrediction +
                     ";dump " + dump.string() + ";screenshot " + png.string() + "'");
    ASSERT_EQ(run.code, 0) << run.err;
    const json state = ReadJson(dump);
    ASSERT_EQ(state["step"], 1);
    const json& prediction = state["prediction"];
    EXPECT_EQ(prediction["on"], true);
    EXPECT_EQ(prediction["score"]["right"], kRight.size());
    EXPECT_EQ(prediction["score"]["wrong"], kWrong.size());
    EXPECT_EQ(prediction["score"]["missed"], kMissed.size());
    // What the table drew agrees with the score, cell by cell.
    EXPECT_EQ(prediction["right"], kRight.size());
    EXPECT_EQ(prediction["wrong"], kWrong.size());
    EXPECT_EQ(prediction["missed"], kMissed.size());
    EXPECT_EQ(prediction["marked"], 0);
    const Image image = LoadImage(png);
    const collscope::gui::Palette palette =
        MakePalette(theme == "dark" ? Theme::kDark : Theme::kLight);
    int probed = 0;
    for (const json& cell : state["drawn_cells"]) {
      const std::pair<int, int> at{cell["rank"].get<int>(), cell["slot"].get<int>()};
      const std::string mark = cell["prediction"];
      const std::string where =
          theme + ": GPU " + std::to_string(at.first) + " slot " + std::to_string(at.second);
      if (kRight.count(at)) {
        EXPECT_EQ(mark, "right") << where;
      } else if (kWrong.count(at)) {
        EXPECT_EQ(mark, "wrong") << where;
      } else if (kMissed.count(at)) {
        EXPECT_EQ(mark, "missed") << where;
      } else {
        EXPECT_EQ(mark, "") << where;
      }
      if (mark.empty()) continue;
      // The outline of right and wrong runs 3 px inside the cell's left
      // edge; a missed cell's corner triangle starts there too. Each in the
      // ink for its cell's fill (written cells are yellow).
      const double x = cell["x"].get<double>();
      const double y = cell["y"].get<double>();
      const double h = cell["h"].get<double>();
      const bool written = cell["highlighted"].get<bool>();
      const auto& ink = palette.PredictionInksOn(written);
      const auto pixel =
          mark == "missed" ? image.At(x + 4.5, y + 4.5) : image.At(x + 3.5, y + h / 2);
      const ImU32 want = mark == "right" ? ink.right : mark == "wrong" ? ink.wrong : ink.missed;
      EXPECT_TRUE(Near(pixel, want)) << where << " " << mark << ": " << Hex(pixel);
      ++probed;
    }
    EXPECT_EQ(probed, static_cast<int>(kRight.size() + kWrong.size() + kMissed.size())) << theme;
  }
}

// Before checking, a marked cell is "marked"; a second mark takes it back.
TEST(PredictionMarks, MarksBeforeTheCheckAreTheStudentsOwn) {
  REQUIRE_XVFB();
  const fs::path dump = Dir() / "prediction-marked.json";
  const Result run = RunCollscope(
      "gui --script 'lesson ring-allreduce;predict on;mark 1 0;mark 2 1;mark 2 1;dump " +
      dump.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json state = ReadJson(dump);
  EXPECT_EQ(state["prediction"]["marked"], 1);
  EXPECT_TRUE(state["prediction"]["score"].is_null());
  EXPECT_EQ(state["step"], 0);
}

// Presenter mode has no lesson panel, so no "Check my prediction": there
// Right (and a clicker's PageDown) checks the class's prediction. In the
// normal window Right only steps.
TEST(PredictionMarks, InPresenterModeTheStepKeysCheckThePrediction) {
  REQUIRE_XVFB();
  for (const std::string mode : {"on", "off"}) {
    for (const std::string key : {"right", "pagedown"}) {
      const fs::path dump = Dir() / ("prediction-keys-" + mode + "-" + key + ".json");
      const Result run =
          RunCollscope("gui --script 'lesson ring-allreduce;presenter " + mode +
                       ";predict on;mark 1 0;mark 2 1;" + key + ";dump " + dump.string() + "'");
      ASSERT_EQ(run.code, 0) << run.err;
      const json state = ReadJson(dump);
      EXPECT_EQ(state["step"], 1) << mode << " " << key;
      if (mode == "on") {
        // The lecture's step 1 writes five cells; two were marked.
        EXPECT_EQ(state["prediction"]["score"],
                  json::parse(R"({"step":1,"right":2,"wrong":0,"missed":3})"))
            << key;
      } else {
        EXPECT_TRUE(state["prediction"]["score"].is_null()) << key;
      }
    }
  }
}

TEST(PredictionMarks, AMarkOutsideTheTableFailsTheScript) {
  REQUIRE_XVFB();
  const Result run = RunCollscope("gui --script 'lesson ring-allreduce;predict on;mark 9 0'");
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("mark: no cell 9 0"), std::string::npos) << run.err;
}

// At the lecture's sizes, both layouts and themes, the table (its legend,
// the marks' legend, the cells) cuts and stacks no text; presenter mode,
// the view and the table alone, none at all (the layout test's rule).
TEST(PredictionMarks, TheLegendAndTheMarkedTableFitAtTheLecturesSizes) {
  REQUIRE_XVFB();
  std::string script = kPrediction + ";";
  std::vector<std::pair<std::string, bool>> names;
  for (const std::string size : {"1280 720", "1920 1080"}) {
    for (const std::string mode : {"on", "off"}) {
      for (const std::string theme : {"light", "dark"}) {
        const std::string name =
            "prediction-fit-" + size.substr(0, size.find(' ')) + "-" + mode + "-" + theme;
        names.push_back({name, mode == "on"});
        script += "resize " + size + ";presenter " + mode + ";theme " + theme + ";wait 2;dump " +
                  (Dir() / (name + ".json")).string() + ";";
      }
    }
  }
  const Result run = RunCollscope("gui --script '" + script + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  for (const auto& [name, presenter] : names) {
    const json state = ReadJson(Dir() / (name + ".json"));
    const json& layout = state["layout"];
    EXPECT_EQ(state["prediction"]["missed"], kMissed.size()) << name;
    EXPECT_GT(layout["text_items"].get<int>(), 10) << name;
    EXPECT_FALSE(layout["windows"].contains("table")) << name << ": " << layout["windows"].dump();
    if (!presenter) continue;
    EXPECT_EQ(layout["clipped_text"], 0) << name << ": " << layout["clipped_boxes"].dump();
    EXPECT_EQ(layout["overlapping_text"], 0) << name << ": " << layout["overlapping_boxes"].dump();
  }
}

// Lesson 6 shows the slide's t0..t3 where a gather or all-gather rank's one
// block is its whole contribution: in the table, on the arrows and in the
// dump (slide 6: gather ends with [t0, t1, t2, t3] on rank 0).
TEST(LessonSixNames, GatherAndAllGatherShowEachRanksBlockAsTi) {
  REQUIRE_XVFB();
  const fs::path gather = Dir() / "lesson6-gather.json";
  const fs::path allgather = Dir() / "lesson6-allgather.json";
  const fs::path reduce = Dir() / "lesson6-reduce.json";
  const Result run =
      RunCollscope("gui --script 'lesson eight-collectives;animate off;scene 1;step 99;dump " +
                   gather.string() + ";scene 5;step 1;dump " + allgather.string() +
                   ";scene 2;step 1;dump " + reduce.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json end = ReadJson(gather);
  ASSERT_EQ(end["collective"], "gather");
  EXPECT_EQ(end["table"][0], json::array({"t0", "t1", "t2", "t3"}));
  int drawn = 0;
  for (const json& cell : end["drawn_cells"]) {
    if (cell["rank"] != 0) continue;
    EXPECT_EQ(cell["label"], "t" + std::to_string(cell["slot"].get<int>()));
    ++drawn;
  }
  EXPECT_EQ(drawn, 4);
  // Ring all-gather, step 1: GPU i passes its own ti to GPU i+1.
  const json ag = ReadJson(allgather);
  ASSERT_EQ(ag["collective"], "allgather");
  ASSERT_EQ(ag["transfers"].size(), 4u);
  for (const json& t : ag["transfers"]) {
    EXPECT_EQ(t["label"], "t" + std::to_string(t["src"].get<int>())) << t.dump();
  }
  // A reduce splits each ti into blocks: the engine's names stay.
  const json r = ReadJson(reduce);
  ASSERT_EQ(r["collective"], "reduce");
  EXPECT_EQ(r["table"][1][0].get<std::string>().substr(0, 1), "a");
}

}  // namespace
