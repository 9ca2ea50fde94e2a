#include "app/app_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "engine/algorithm.h"
#include "engine/topology.h"
#include "engine/verify.h"

namespace collscope::gui {
namespace {

using Highlight = std::tuple<int, int, std::string>;

std::set<Highlight> Highlighted(const AppState& state) {
  std::set<Highlight> out;
  for (const auto& cell : state.buffers()->ChangedInStep(state.step())) {
    out.insert({cell.rank, cell.slot, state.buffers()->Label(cell.rank, cell.slot)});
  }
  return out;
}

TEST(AppState, DefaultLessonIsTheLecturesFiveGpuRingAtStepZero) {
  AppState state;
  ASSERT_NE(state.lesson(), nullptr);
  EXPECT_EQ(state.lesson()->id, "ring-allreduce");
  EXPECT_EQ(state.config().collective, engine::Collective::kAllReduce);
  EXPECT_EQ(state.config().algorithm, "ring");
  EXPECT_EQ(state.config().ranks, 5);
  EXPECT_EQ(state.step(), 0);
  EXPECT_EQ(state.step_count(), 8);
  ASSERT_NE(state.buffers(), nullptr);
  EXPECT_EQ(state.buffers()->Label(1, 0), "a1");
  EXPECT_EQ(state.EffectiveView(), CentreView::kRing);
}

TEST(AppState, StepOneHighlightsExactlyTheLecturesIntermediateSums) {
  AppState state;
  state.StepForward();
  const std::set<Highlight> expected = {
      {1, 0, "a1+a0"}, {2, 1, "b2+b1"}, {3, 2, "c3+c2"}, {4, 3, "d4+d3"}, {0, 4, "e0+e4"}};
  EXPECT_EQ(Highlighted(state), expected);
  EXPECT_EQ(state.Phase(), "reduce-scatter");
}

TEST(AppState, TransferLabelsShowWhatTheSenderHeldBeforeTheStep) {
  AppState state;
  state.SeekStep(1);
  std::set<std::tuple<int, int, std::string>> step1;
  for (const auto& t : state.Transfers()) step1.insert({t.transfer.src, t.transfer.dst, t.label});
  EXPECT_EQ(step1, (std::set<std::tuple<int, int, std::string>>{
                       {0, 1, "a0"}, {1, 2, "b1"}, {2, 3, "c2"}, {3, 4, "d3"}, {4, 0, "e4"}}));
  state.StepForward();
  bool found = false;
  for (const auto& t : state.Transfers()) {
    if (t.transfer.src == 1) {
      EXPECT_EQ(t.label, "a1+a0");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  state.StepBack();  // stepping back restores the labels of step 1
  EXPECT_EQ(state.Transfers().front().label.size(), 2u);
}

TEST(AppState, EightStepsForwardReachTheFinalState) {
  AppState state;
  for (int i = 0; i < 8; ++i) state.StepForward();
  EXPECT_TRUE(state.AtEnd());
  EXPECT_EQ(state.Phase(), "all-gather");
  for (int r = 0; r < 5; ++r) {
    for (int s = 0; s < 5; ++s) {
      EXPECT_TRUE(state.IsComplete(r, s)) << r << "," << s;
    }
  }
  EXPECT_EQ(state.buffers()->Label(0, 1), "b0+b1+b2+b3+b4");
  state.StepForward();  // past the end stays at the end
  EXPECT_EQ(state.step(), 8);
}

TEST(AppState, AfterReduceScatterEachGpuHoldsOneCompleteChunk) {
  AppState state;
  state.SeekStep(4);
  for (int r = 0; r < 5; ++r) EXPECT_TRUE(state.IsComplete(r, (r + 1) % 5)) << r;
  // Partial sums from iteration 1 stay visible (lecture slide 8).
  EXPECT_EQ(state.buffers()->Label(0, 4), "e0+e4");
}

TEST(AppState, PhaseStartsAreTheTwoPhasesOfTheRing) {
  AppState state;
  ASSERT_EQ(state.PhaseStarts().size(), 2u);
  EXPECT_EQ(state.PhaseStarts()[0].step, 1);
  EXPECT_EQ(state.PhaseStarts()[0].name, "reduce-scatter");
  EXPECT_EQ(state.PhaseStarts()[1].step, 5);
  EXPECT_EQ(state.PhaseStarts()[1].name, "all-gather");
}

TEST(AppState, PlayingAdvancesAndStopsAtTheEnd) {
  AppState state;
  state.SetStepsPerSecond(4);
  state.SetPlaying(true);
  state.Tick(0.5);
  EXPECT_EQ(state.step(), 2);
  state.Tick(10);
  EXPECT_TRUE(state.AtEnd());
  EXPECT_FALSE(state.playing());
  state.SetPlaying(true);  // play at the end starts over
  EXPECT_EQ(state.step(), 0);
}

TEST(AppState, ClickerAtTheLastStepOpensTheNextLesson) {
  AppState state;
  const int index = state.lesson_index();
  state.SeekStep(state.step_count());
  state.ClickerNext();
  EXPECT_EQ(state.lesson_index(), index + 1);
  EXPECT_EQ(state.step(), 0);
  state.ClickerPrevious();  // at step 0: back to the previous lesson's end
  EXPECT_EQ(state.lesson_index(), index);
  EXPECT_TRUE(state.AtEnd());
}

TEST(AppState, LessonsComeFromTheLessonFilesInLectureOrder) {
  AppState state;
  EXPECT_TRUE(state.lesson_errors().empty());
  ASSERT_EQ(state.lessons().size(), 13u);
  for (std::size_t i = 0; i < state.lessons().size(); ++i) {
    EXPECT_EQ(state.lessons()[i].slide, static_cast<int>(i) + 1);
    EXPECT_TRUE(state.lessons()[i].file) << state.lessons()[i].id;
  }
  ASSERT_TRUE(state.lesson());
  EXPECT_EQ(state.lesson()->id, "ring-allreduce");
}

TEST(AppState, ClickerWalksTheScenesOfALessonBeforeTheNextLesson) {
  AppState state;
  ASSERT_FALSE(state.OpenLesson("eight-collectives"));
  ASSERT_EQ(state.SceneCount(), 8);
  EXPECT_EQ(state.config().collective, engine::Collective::kScatter);
  state.SeekStep(state.step_count());
  state.ClickerNext();  // past the scatter's last step: the gather scene
  EXPECT_EQ(state.scene_index(), 1);
  EXPECT_EQ(state.config().collective, engine::Collective::kGather);
  EXPECT_EQ(state.step(), 0);
  state.ClickerPrevious();  // back to the scatter, at its end
  EXPECT_EQ(state.scene_index(), 0);
  EXPECT_TRUE(state.AtEnd());
  state.OpenScene(7);
  state.SeekStep(state.step_count());
  state.ClickerNext();  // past the last scene: the next lesson
  EXPECT_EQ(state.lesson()->id, "tree-vs-ring");
}

TEST(AppState, ALessonIsDoneOnceItsLastSceneIsWalkedToTheEnd) {
  AppState state;
  EXPECT_EQ(state.LessonsDone(), 0);
  ASSERT_FALSE(state.OpenLesson("tree-vs-ring"));
  state.SeekStep(state.step_count());  // scene 0 of 2: not done yet
  EXPECT_FALSE(state.LessonDone("tree-vs-ring"));
  state.OpenScene(1);
  state.SeekStep(state.step_count());
  EXPECT_TRUE(state.LessonDone("tree-vs-ring"));
  EXPECT_EQ(state.LessonsDone(), 1);
}

TEST(AppState, ResetBringsBackTheScenesSetupAfterTryingSomethingElse) {
  AppState state;
  ASSERT_FALSE(state.OpenLesson("tree-vs-ring"));
  state.OpenScene(1);
  Config mine = state.config();
  mine.ranks = 12;
  ASSERT_FALSE(state.Load(mine, state.lesson_index()));
  EXPECT_EQ(state.config().ranks, 12);
  state.ResetScene();
  EXPECT_EQ(state.config().ranks, 8);
  EXPECT_EQ(state.config().algorithm, "ring");
}

TEST(AppState, PredictionScoresMarkedCellsAgainstTheCellsTheStepWrites) {
  AppState state;  // the lecture's 5-GPU ring at step 0
  state.SetPredicting(true);
  state.TogglePrediction(1, 0);  // a1+a0: right
  state.TogglePrediction(2, 1);  // b2+b1: right
  state.TogglePrediction(0, 0);  // not written in step 1: wrong
  state.TogglePrediction(3, 3);
  state.TogglePrediction(3, 3);  // a second click takes the mark back
  state.CheckPrediction();
  EXPECT_EQ(state.step(), 1);
  ASSERT_TRUE(state.Score());
  EXPECT_EQ(state.Score()->right, 2);
  EXPECT_EQ(state.Score()->wrong, 1);
  EXPECT_EQ(state.Score()->missed, 3);  // c3+c2, d4+d3, e0+e4
  EXPECT_EQ(state.CheckedPrediction().size(), 3u);
  state.StepForward();  // moving on clears the marks and the score
  EXPECT_FALSE(state.Score());
  EXPECT_TRUE(state.Prediction().empty());
}

TEST(AppState, ASceneSetsItsPanelsAndEndsItsWalkAtItsLastStep) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "collscope_scene_lessons";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "08-ring-allreduce.json")
      << R"({"id": "ring-allreduce", "title": "R", "slide": 8, "text": "t",
             "scenes": [{"collective": "allreduce", "ranks": 5, "first_step": 1, "last_step": 4,
                         "panels": ["centre", "table"]},
                        {"collective": "allgather", "ranks": 4}]})";
  setenv("COLLSCOPE_LESSONS", dir.c_str(), 1);
  AppState state;
  unsetenv("COLLSCOPE_LESSONS");
  ASSERT_EQ(state.lessons().size(), 1u);
  EXPECT_EQ(state.step(), 1);  // first_step
  EXPECT_FALSE(state.view.panels.lesson);
  EXPECT_FALSE(state.view.panels.cost);
  EXPECT_TRUE(state.view.panels.table);
  state.SeekStep(4);  // last_step: the end of this scene's walk (reduce-scatter only)
  state.ClickerNext();
  EXPECT_EQ(state.scene_index(), 1);
  EXPECT_EQ(state.config().collective, engine::Collective::kAllGather);
}

TEST(AppState, ABadTraceKeepsWhatWasLoaded) {
  AppState state;
  const std::string good =
      std::string(COLLSCOPE_SOURCE_DIR) + "/assets/traces/threads-ring-allreduce-p4-4MiB.json";
  ASSERT_FALSE(state.LoadTrace(good));
  ASSERT_TRUE(state.loaded_trace());
  const trace::Trace* before = state.loaded_trace();
  auto error = state.LoadTrace(std::string(COLLSCOPE_SOURCE_DIR) + "/tests/data/bad/empty.json");
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("empty.json:1: empty file"), std::string::npos) << *error;
  EXPECT_EQ(state.loaded_trace(), before);
  EXPECT_EQ(state.config().ranks, 4);
}

TEST(AppState, BadSetupKeepsThePreviousStateAndSaysWhy) {
  AppState state;
  Config config = state.config();
  config.ranks = 0;
  auto error = state.Load(config);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("p must be"), std::string::npos);
  EXPECT_EQ(state.config().ranks, 5);
  config.ranks = 6;
  config.algorithm = "recursive-doubling";
  const auto* info = engine::FindAlgorithm("recursive-doubling");
  if (info && info->needs_power_of_two) {
    EXPECT_TRUE(state.Load(config));
  }
}

TEST(AppState, LargePRefusesTheBufferTableButStillPrices) {
  AppState state;
  Config config;
  config.ranks = AppState::kMaxGuiRanks;
  ASSERT_FALSE(state.Load(config));
  EXPECT_EQ(state.buffers(), nullptr);
  EXPECT_NE(state.buffers_note().find("GiB"), std::string::npos);
  EXPECT_GT(state.TotalCost().Total(), 0);
  state.SeekStep(3);
  EXPECT_EQ(state.TransferCount(), static_cast<std::size_t>(AppState::kMaxGuiRanks));
}

TEST(AppState, P1024RingKeepsTheBufferTableAndAbbreviatesLabels) {
  AppState state;
  Config config;
  config.ranks = 1024;
  ASSERT_FALSE(state.Load(config));
  ASSERT_NE(state.buffers(), nullptr);
  state.SeekStep(1023);
  EXPECT_TRUE(state.IsComplete(0, 1));
  EXPECT_EQ(state.buffers()->Label(0, 1, LabelTerms(1024)).find("(1024)") != std::string::npos,
            true);
}

// Every collective x algorithm opens and steps to the end at p = 5 and 64,
// and the end state is the collective's result.
TEST(AppState, EveryCollectiveAndAlgorithmStepsToTheEndAtP5AndP64) {
  AppState state;
  int walked = 0;
  for (int p : {5, 64}) {
    for (const auto& algorithm : engine::Algorithms()) {
      for (engine::Collective collective : algorithm.collectives) {
        Config config;
        config.collective = collective;
        config.algorithm = std::string(algorithm.name);
        config.ranks = p;
        const auto error = state.Load(config);
        if (error) {
          EXPECT_TRUE(algorithm.needs_power_of_two && !engine::IsPowerOfTwo(p))
              << config.algorithm << " p=" << p << ": " << *error;
          continue;
        }
        while (!state.AtEnd()) {
          state.StepForward();
          ASSERT_TRUE(state.message().empty()) << config.algorithm << ": " << state.message();
        }
        ASSERT_NE(state.buffers(), nullptr);
        const auto verdict = engine::VerifyFinalState(*state.buffers(), collective, 0);
        EXPECT_TRUE(verdict.ok) << config.algorithm << " p=" << p << ": " << verdict.message;
        ++walked;
      }
    }
  }
  EXPECT_GT(walked, 20);
}

}  // namespace
}  // namespace collscope::gui

namespace collscope::gui {
namespace {

// The table is sized from every label a walk shows, not only the complete
// sums: at p = 8 a ring's reduce-scatter spells "e0+e7+e6+e5+e4" (two runs
// too short to abbreviate), wider than the complete "e0+…+e7 (8)".
TEST(ScheduleWalkLabelShapes, HoldTheRingsWidePartialSumsWithLettersAndDigitsFolded) {
  ScheduleWalk walk;
  Config config;
  config.ranks = 8;
  ASSERT_FALSE(walk.Load(config).has_value());
  const auto& shapes = walk.LabelShapes(LabelTerms(8));
  const std::set<std::string> set(shapes.begin(), shapes.end());
  EXPECT_TRUE(set.count("@0"));              // step 0: "a0"
  EXPECT_TRUE(set.count("@0+@0+@0+@0+@0"));  // "e0+e7+e6+e5+e4" at step 4
  EXPECT_TRUE(set.count("@0+…+@0 (0)"));     // the complete "a0+…+a7 (8)"
  // Every shape comes from a real label: none is longer than the longest
  // sum a cell can hold spelt out (p terms), and the walk is back at step 0.
  for (const std::string& shape : shapes) EXPECT_LE(shape.size(), 8u * 3);
  EXPECT_EQ(walk.step(), 0);
  EXPECT_EQ(walk.buffers()->CurrentStep(), 0);
  EXPECT_EQ(walk.buffers()->Label(1, 0, 8), "a1");
}

TEST(ScheduleWalkLabelShapes, AreLeftOutAboveTheLabelledTable) {
  ScheduleWalk walk;
  Config config;
  config.ranks = ScheduleWalk::kMostLabelledRanks + 1;
  ASSERT_FALSE(walk.Load(config).has_value());
  EXPECT_TRUE(walk.LabelShapes(LabelTerms(config.ranks)).empty());
  EXPECT_TRUE(walk.LabelShapes(2).empty());
}

// At p = 64 thousands of labels fold into a few shapes, so the table can
// measure them all every frame.
TEST(ScheduleWalkLabelShapes, FoldARing64sLabelsIntoFewShapes) {
  ScheduleWalk walk;
  Config config;
  config.ranks = 64;
  ASSERT_FALSE(walk.Load(config).has_value());
  EXPECT_LT(walk.LabelShapes(LabelTerms(64)).size(), 256u);  // of 4096 cells x 127 steps
  EXPECT_GT(walk.LabelShapes(LabelTerms(64)).size(), 3u);
}

}  // namespace
}  // namespace collscope::gui
