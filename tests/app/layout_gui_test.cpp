// The GUI's layout at lecture sizes (issue 15): the counters of text cut by
// its clip rectangle and of text over text, read from ImGui's own draw lists
// (`layout` in --dump-state), at projector resolutions, in both layouts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/app/gui_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace collscope::gui_test;

// The counters are not blind: the same screen squeezed into a small window
// cuts and stacks its text, and the counts rise. The text size is fixed
// (it would otherwise follow the window down).
TEST(GuiLayout, SqueezingTheWindowRaisesBothCounters) {
  REQUIRE_XVFB();
  const fs::path roomy = Dir() / "layout-roomy.json";
  const fs::path squeezed = Dir() / "layout-squeezed.json";
  const Result run =
      RunCollscope("gui --font-px 20 --script 'resize 1920 1080;right;dump " + roomy.string() +
                   ";resize 1000 460;dump " + squeezed.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  const json before = ReadJson(roomy)["layout"];
  const json after = ReadJson(squeezed)["layout"];
  EXPECT_GT(before["text_items"].get<int>(), 50);
  EXPECT_GT(after["clipped_text"].get<int>(), before["clipped_text"].get<int>());
  EXPECT_GT(after["overlapping_text"].get<int>(), before["overlapping_text"].get<int>());
}

}  // namespace

namespace {

// Every view x resolution x layout x p x theme in one GUI process (a dump
// each). Presenter mode (the view and the table only) fits every text for
// every p. The normal window stacks no text on text, and the only text it
// cuts is in a panel that scrolls (the cost panel's last lines): scrolled
// out of view, not lost. docs/gui.md, "Layout".
TEST(GuiLayout, EveryViewFitsOrScrollsItsTextAtProjectorSizes) {
  REQUIRE_XVFB();
  struct Case {
    std::string name;
    bool presenter;
    int p;
  };
  std::vector<Case> cases;
  std::string script;
  for (const std::string view : {"ring", "tree"}) {
    for (const std::string mode : {"on", "off"}) {
      for (const std::string size : {"1280 720", "1920 1080"}) {
        for (const int p : {2, 5, 8, 16, 32, 64}) {
          for (const std::string theme : {"light", "dark"}) {
            const std::string name = "matrix-" + view + "-" + mode + "-" +
                                     size.substr(0, size.find(' ')) + "-" + std::to_string(p) +
                                     "-" + theme;
            cases.push_back({name, mode == "on", p});
            script += "resize " + size + ";presenter " + mode + ";theme " + theme + ";view " +
                      view + ";load allreduce " + (view == "tree" ? "double-binary-tree" : "ring") +
                      " " + std::to_string(p) + ";step 1;dump " +
                      (Dir() / (name + ".json")).string() + ";";
          }
        }
      }
    }
  }
  const Result run = RunCollscope("gui --script '" + script + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  int presenter = 0, scrolled = 0;
  for (const Case& c : cases) {
    const json state = ReadJson(Dir() / (c.name + ".json"));
    const json& layout = state["layout"];
    ASSERT_GT(layout["text_items"].get<int>(), 10) << c.name;
    EXPECT_EQ(layout["overlapping_text"], 0)
        << c.name << ": " << layout["overlapping_boxes"].dump();
    if (c.presenter) {
      ++presenter;
      EXPECT_EQ(layout["clipped_text"], 0) << c.name << ": " << layout["clipped_boxes"].dump();
      EXPECT_EQ(layout["truncated_titles"], 0) << c.name;
      // The table whole: no columns scrolled out of view sideways.
      if (c.p <= 16) {
        EXPECT_FALSE(state["table_scrolls_x"].get<bool>()) << c.name;
      }
      continue;
    }
    for (const auto& [window, counts] : layout["windows"].items()) {
      if (counts["clipped_text"].get<int>() == 0) continue;
      ++scrolled;
      EXPECT_TRUE(counts["scrolls"].get<bool>())
          << c.name << ": " << window << " cuts text and does not scroll";
    }
  }
  EXPECT_EQ(presenter, 2 * 2 * 6 * 2);
  // The normal window's cost panel does scroll at these sizes: the check
  // above has something to check.
  EXPECT_GT(scrolled, 0);
}

}  // namespace

namespace {

// The buffer table fits its space at every step, not only at the first
// (and the view's labels stay apart):
// a ring's partial sums ("e0+e7+e6+e5+e4" at p = 8) are wider than its
// complete ones. No text of the table window is cut or stacked, and the
// table does not scroll sideways, for the lecture's p up to 16 in the
// normal window and in presenter mode (p = 16 beside the ring in the tight
// form, "✓" for a complete sum), at both projector sizes.
TEST(GuiLayout, TheBufferTableAndTheViewsLabelsFitAtEveryStep) {
  REQUIRE_XVFB();
  struct Case {
    std::string name;
    int steps;
  };
  const std::vector<std::pair<std::string, std::vector<std::pair<int, int>>>> algorithms = {
      // {algorithm, {{p, steps}}}: 2 (p - 1) ring steps; the double binary
      // tree's steps are read back from the dump.
      {"ring", {{5, 8}, {8, 14}, {16, 30}}},
      {"double-binary-tree", {{5, 0}, {8, 0}, {16, 0}}},
  };
  std::vector<Case> cases;
  // One GUI process per size, opened at that size (text sizes follow the
  // window it opens with), every layout and step in it.
  for (const std::string size : {"1280x720", "1920x1080"}) {
    std::string script;
    for (const auto& [algorithm, sizes] : algorithms) {
      for (const auto& [p, ring_steps] : sizes) {
        for (const std::string mode : {"off", "on"}) {
          const std::string name =
              "table-" + algorithm + "-" + std::to_string(p) + "-" + mode + "-" + size;
          // Steps past the last are clamped: 30 covers every schedule here.
          const int steps = ring_steps > 0 ? ring_steps : 30;
          cases.push_back({name, steps});
          script +=
              "presenter " + mode + ";load allreduce " + algorithm + " " + std::to_string(p) + ";";
          for (int k = 0; k <= steps; ++k) {
            script += "step " + std::to_string(k) + ";dump " +
                      (Dir() / (name + "-" + std::to_string(k) + ".json")).string() + ";";
          }
        }
      }
    }
    const Result run = RunCollscope("gui --size " + size + " --script '" + script + "'");
    ASSERT_EQ(run.code, 0) << run.err;
  }
  int dumps = 0;
  for (const Case& c : cases) {
    for (int k = 0; k <= c.steps; ++k) {
      const json state = ReadJson(Dir() / (c.name + "-" + std::to_string(k) + ".json"));
      if (state["step"].get<int>() != k) break;  // past the schedule's last step
      ++dumps;
      ASSERT_EQ(state["table_mode"], "labels") << c.name;
      const json windows = state["layout"]["windows"];
      // A column scrolled out of view loses its text, so the counters
      // cannot see sideways scrolling: the dump says it.
      EXPECT_FALSE(state["table_scrolls_x"].get<bool>()) << c.name << " step " << k;
      // The ring's chunk labels never stack on each other or on a rank: at
      // the floor size they slide along their arrows, then shorten to
      // "g: Σ7" (p = 8, step 7, 720p presenter stacked two on GPU 4).
      if (windows.contains("centre")) {
        EXPECT_EQ(windows["centre"]["overlapping_text"], 0)
            << c.name << " step " << k << ": " << state["layout"]["overlapping_boxes"].dump();
      }
      if (!windows.contains("table")) continue;
      EXPECT_EQ(windows["table"]["clipped_text"], 0) << c.name << " step " << k;
      EXPECT_EQ(windows["table"]["overlapping_text"], 0) << c.name << " step " << k;
    }
  }
  // Every ring step: three p in the normal window and in presenter mode, at
  // two sizes each; and the trees'.
  EXPECT_GT(dumps, 2 * 2 * (9 + 15 + 31));
}

struct LessonFile {
  std::string id;
  int scenes = 1;
  int questions = 0;
  bool predict = false;
};

// The lessons as their files list them (the GUI opens the same files).
std::vector<LessonFile> LessonFiles() {
  std::vector<LessonFile> lessons;
  for (const auto& entry : fs::directory_iterator(fs::path(COLLSCOPE_SOURCE_DIR) / "lessons")) {
    if (entry.path().extension() != ".json") continue;
    const json doc = json::parse(Slurp(entry.path()), nullptr, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/true);
    LessonFile lesson;
    lesson.id = doc["id"].get<std::string>();
    if (doc.contains("scenes")) lesson.scenes = static_cast<int>(doc["scenes"].size());
    if (doc.contains("questions")) lesson.questions = static_cast<int>(doc["questions"].size());
    lesson.predict = doc.value("predict", false);
    lessons.push_back(lesson);
  }
  return lessons;
}

// Issue 15: on a 1280x720 projector every scene of every lesson shows its
// scene buttons, its questions and "Check my prediction" whole in the lesson
// panel, without scrolling (the lesson text between them scrolls), and at
// 1920x1080 too. In a 1280x400 window they cannot all fit, and the counters
// say so.
TEST(GuiLayout, EveryLessonShowsItsScenesQuestionsAndCheckButtonWithoutScrolling) {
  REQUIRE_XVFB();
  const std::vector<LessonFile> lessons = LessonFiles();
  ASSERT_GE(lessons.size(), 13u);
  struct Case {
    std::string name;
    const LessonFile* lesson;
  };
  std::vector<Case> cases;
  // A GUI process per size, opened at that size as on the projector (the
  // text size follows the window's height at start).
  for (const std::string size : {"1280x720", "1920x1080"}) {
    std::string script;
    for (const LessonFile& lesson : lessons) {
      script += "lesson " + lesson.id + ";predict on;";
      for (int scene = 0; scene < lesson.scenes; ++scene) {
        const std::string name =
            "lesson-panel-" + size + "-" + lesson.id + "-" + std::to_string(scene);
        cases.push_back({name, &lesson});
        script +=
            "scene " + std::to_string(scene) + ";dump " + (Dir() / (name + ".json")).string() + ";";
      }
    }
    const Result run = RunCollscope("gui --size " + size + " --script '" + script + "'");
    ASSERT_EQ(run.code, 0) << run.err;
  }
  const fs::path squeezed = Dir() / "lesson-panel-squeezed.json";
  const Result run =
      RunCollscope("gui --size 1280x400 --script 'predict on;dump " + squeezed.string() + "'");
  ASSERT_EQ(run.code, 0) << run.err;
  for (const Case& c : cases) {
    const json panel = ReadJson(Dir() / (c.name + ".json"))["lesson_panel"];
    ASSERT_TRUE(panel["drawn"].get<bool>()) << c.name;
    const int scene_buttons = c.lesson->scenes >= 2 ? c.lesson->scenes : 0;
    EXPECT_EQ(panel["scene_buttons"], scene_buttons) << c.name;
    EXPECT_EQ(panel["scene_buttons_visible"], scene_buttons) << c.name;
    EXPECT_EQ(panel["questions"], c.lesson->questions) << c.name;
    EXPECT_EQ(panel["questions_visible"], c.lesson->questions) << c.name;
    EXPECT_EQ(panel["check_button"].get<bool>(), c.lesson->predict) << c.name;
    EXPECT_EQ(panel["check_button_visible"].get<bool>(), c.lesson->predict) << c.name;
  }
  const json small = ReadJson(squeezed)["lesson_panel"];
  EXPECT_TRUE(small["check_button"].get<bool>());
  EXPECT_FALSE(small["check_button_visible"].get<bool>() &&
               small["questions_visible"] == small["questions"]);
}

// Presenter mode shows a lesson's figure (or its schedule) alone: in no
// scene of any lesson, at either projector size, does the centre view draw
// text over text (lesson 2's chain labels sat on its heading) or cut it
// (lesson 12's transports ran past the bottom of the screen).
TEST(GuiLayout, NoLessonSceneStacksOrCutsTextInPresenterMode) {
  REQUIRE_XVFB();
  const std::vector<LessonFile> lessons = LessonFiles();
  ASSERT_GE(lessons.size(), 13u);
  int dumps = 0;
  for (const std::string size : {"1280x720", "1920x1080"}) {
    std::string script = "presenter on;";
    std::vector<std::string> names;
    for (const LessonFile& lesson : lessons) {
      for (int k = 0; k < lesson.scenes; ++k) {
        const std::string name = "presenter-" + lesson.id + "-" + std::to_string(k) + "-" + size;
        names.push_back(name);
        script += "lesson " + lesson.id + ";scene " + std::to_string(k) + ";wait 2;dump " +
                  (Dir() / (name + ".json")).string() + ";";
      }
    }
    const Result run = RunCollscope("gui --size " + size + " --script '" + script + "'");
    ASSERT_EQ(run.code, 0) << run.err;
    for (const std::string& name : names) {
      const json layout = ReadJson(Dir() / (name + ".json"))["layout"];
      ++dumps;
      if (!layout["windows"].contains("centre")) continue;
      EXPECT_EQ(layout["windows"]["centre"]["overlapping_text"], 0)
          << name << ": " << layout["overlapping_boxes"].dump();
      EXPECT_EQ(layout["windows"]["centre"]["clipped_text"], 0)
          << name << ": " << layout["clipped_boxes"].dump();
    }
  }
  EXPECT_GE(dumps, 2 * 13);
}

}  // namespace
