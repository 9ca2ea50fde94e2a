// Issue 15: every lesson true to its slide. The scenes of lesson 6 end as
// the slide defines each collective (written out here from the slide, not
// from the engine), the cells a scene's text quotes are cells of its table,
// lesson 5 is one send and one receive priced α + nβ, and lesson texts use
// the slide's symbols.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/lessons/lesson.h"
#include "engine/algorithm.h"
#include "engine/buffer_state.h"
#include "engine/cost_model.h"

namespace collscope::lessons {
namespace {

const std::filesystem::path kLessons = std::filesystem::path(COLLSCOPE_SOURCE_DIR) / "lessons";

const Lesson& Find(const LoadedLessons& loaded, const std::string& id) {
  for (const Lesson& lesson : loaded.lessons) {
    if (lesson.id == id) return lesson;
  }
  ADD_FAILURE() << "no lesson " << id;
  return loaded.lessons.front();
}

// A label as the scene's table shows it (its input_name, if any).
std::string Shown(const Scene& scene, const std::string& label) {
  return scene.input_name.empty() ? label : NameInputBlocks(label, scene.input_name);
}

// Every label the scene's table shows at any step of its walk.
std::set<std::string> LabelsOf(const Scene& scene) {
  auto built = engine::BuildSchedule(scene.collective, scene.algorithm, scene.ranks, scene.root);
  EXPECT_TRUE(built.schedule) << built.error;
  std::set<std::string> labels;
  if (!built.schedule) return labels;
  engine::BufferState state(*built.schedule, scene.collective, scene.root);
  for (std::int64_t step = 0; step <= state.StepCount(); ++step) {
    EXPECT_TRUE(state.SeekStep(step));
    for (int r = 0; r < state.Ranks(); ++r) {
      for (int s = 0; s < state.Slots(); ++s) labels.insert(Shown(scene, state.Label(r, s)));
    }
  }
  return labels;
}

// What rank r holds in column c at the end, by the slide's definition
// (slide 6, 4 ranks; reduce-scatter and all-gather as NCCL defines them),
// "" where the slide leaves it open. Written as the table spells it: block
// c of rank r's data is letter(c) r; a gather or all-gather input is one
// block, rank i's whole contribution, which the slide names ti.
std::string SlideSays(engine::Collective collective, int r, int c) {
  const std::string letter(1, static_cast<char>('a' + c % 4));
  const std::string sum = letter + "0+" + letter + "1+" + letter + "2+" + letter + "3";
  using C = engine::Collective;
  switch (collective) {
    case C::kScatter:  // rank i receives ti, block i of rank 0
      return c == r ? letter + "0" : (r == 0 ? letter + "0" : "");
    case C::kGather:  // rank 0 ends with [t0, t1, t2, t3]
      return r == 0 ? "t" + std::to_string(c) : "";
    case C::kReduce:  // rank 0 ends with T = t0+t1+t2+t3
      return r == 0 ? sum : "";
    case C::kBroadcast:  // rank 0's t0 on every rank
      return letter + "0";
    case C::kAllReduce:  // every rank ends with T
      return sum;
    case C::kAllGather:  // every rank ends with [t0, t1, t2, t3]
      return "t" + std::to_string(c);
    case C::kReduceScatter:  // rank Y ends with the sum of block Y
      return c == r ? sum : "";
    case C::kAllToAll:  // rank i's block j is rank j's block i ("out" columns)
      return c >= 4 ? std::string(1, static_cast<char>('a' + r)) + std::to_string(c - 4) : "";
  }
  return "";
}

TEST(LessonScenes, TheEightCollectivesEndAsTheSlideDefinesThem) {
  const LoadedLessons loaded = LoadLessons(kLessons);
  const Lesson& lesson = Find(loaded, "eight-collectives");
  std::set<engine::Collective> seen;
  for (const Scene& scene : lesson.scenes) {
    ASSERT_EQ(scene.ranks, 4) << scene.title;  // the slide's 4 ranks
    seen.insert(scene.collective);
    auto built = engine::BuildSchedule(scene.collective, scene.algorithm, 4, scene.root);
    ASSERT_TRUE(built.schedule) << built.error;
    engine::BufferState state(*built.schedule, scene.collective, scene.root);
    ASSERT_TRUE(state.RunToEnd()) << scene.title;
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < state.Slots(); ++c) {
        const std::string want = SlideSays(scene.collective, r, c);
        if (want.empty()) continue;
        EXPECT_EQ(Shown(scene, state.Label(r, c)), want)
            << scene.title << ": GPU " << r << " column " << c;
      }
    }
  }
  EXPECT_EQ(seen.size(), 8u);
}

// A cell name a scene's text quotes ("b0", "a0+a1+a2+a3") is one the table
// of that scene shows at some step.
TEST(LessonScenes, TheCellsEverySceneQuotesAreInItsTable) {
  const std::regex cell("\\b[a-h][0-9](\\+[a-h][0-9])*\\b");
  for (const Lesson& lesson : LoadLessons(kLessons).lessons) {
    if (lesson.kind != "schedule") continue;
    for (const Scene& scene : lesson.scenes) {
      const std::set<std::string> labels = LabelsOf(scene);
      for (std::sregex_iterator it(scene.text.begin(), scene.text.end(), cell), end; it != end;
           ++it) {
        EXPECT_TRUE(labels.count(it->str())) << lesson.id << " / " << scene.title << " quotes "
                                             << it->str() << ", which its table never shows";
      }
    }
  }
}

// The same for a schedule lesson's own paragraphs and notes: each cell they
// quote is shown by one of its scenes.
TEST(LessonScenes, TheCellsEveryLessonTextQuotesAreInItsTables) {
  const std::regex cell("\\b[a-h][0-9](\\+[a-h][0-9])*\\b");
  for (const Lesson& lesson : LoadLessons(kLessons).lessons) {
    if (lesson.kind != "schedule") continue;
    std::set<std::string> labels;
    for (const Scene& scene : lesson.scenes) labels.merge(LabelsOf(scene));
    std::vector<std::string> texts = lesson.paragraphs;
    texts.insert(texts.end(), lesson.notice.begin(), lesson.notice.end());
    for (const std::string& text : texts) {
      for (std::sregex_iterator it(text.begin(), text.end(), cell), end; it != end; ++it) {
        EXPECT_TRUE(labels.count(it->str()))
            << lesson.id << " quotes " << it->str() << ", which none of its tables shows";
      }
    }
  }
}

TEST(LessonScenes, PointToPointIsOneSendAndOneReceivePricedAlphaPlusNBeta) {
  const LoadedLessons loaded = LoadLessons(kLessons);
  const Lesson& lesson = Find(loaded, "point-to-point");
  ASSERT_EQ(lesson.kind, "point-to-point");
  const Scene& scene = lesson.scenes.front();
  auto built = engine::BuildSchedule(scene.collective, scene.algorithm, scene.ranks, scene.root);
  ASSERT_TRUE(built.schedule) << built.error;
  ASSERT_EQ(built.schedule->StepCount(), 1);
  std::vector<engine::Transfer> transfers;
  built.schedule->AppendTransfers(1, transfers);
  ASSERT_EQ(transfers.size(), 1u);  // one sender, one receiver
  EXPECT_NE(transfers[0].src, transfers[0].dst);
  const auto preset = engine::FindCostPreset(scene.preset);
  ASSERT_TRUE(preset);
  const engine::CostModel& m = preset->model;
  const auto cost = engine::PriceSchedule(*built.schedule, scene.bytes, m);
  EXPECT_DOUBLE_EQ(cost.latency_s, m.alpha_s);
  EXPECT_DOUBLE_EQ(cost.bandwidth_s, scene.bytes * m.beta_s_per_byte);
  EXPECT_EQ(cost.compute_s, 0);
}

// The slides write α, β, γ and µs; "alpha", "beta", "gamma" and "us" in a
// lesson's words read as a typing shortcut.
TEST(LessonScenes, LessonsWriteTheSlidesSymbols) {
  const std::regex words("\\b(alpha|beta|gamma|us)\\b");
  for (const Lesson& lesson : LoadLessons(kLessons).lessons) {
    std::vector<std::string> texts = lesson.paragraphs;
    texts.insert(texts.end(), lesson.questions.begin(), lesson.questions.end());
    texts.insert(texts.end(), lesson.notice.begin(), lesson.notice.end());
    for (const Scene& scene : lesson.scenes) texts.push_back(scene.text);
    for (const std::string& text : texts) {
      EXPECT_FALSE(std::regex_search(text, words)) << lesson.id << ": " << text;
    }
  }
}

TEST(LessonScenes, DeltaShowsEveryNodeTypeOfTheSlideAndItsWholeSrunLine) {
  const LoadedLessons loaded = LoadLessons(kLessons);
  const Lesson& lesson = Find(loaded, "ncsa-delta");
  // Slide 13's four node types and their counts.
  const std::map<std::string, std::pair<int, int>> slide = {{"gpuA100x4", {100, 4}},
                                                            {"gpuA40x4", {100, 4}},
                                                            {"gpuA100x8", {5, 8}},
                                                            {"MI100 node", {1, 8}}};
  std::map<std::string, std::pair<int, int>> shown;
  for (const auto& entry : lesson.extras["partitions"]) {
    shown[entry.value("name", std::string())] = {entry.value("nodes", 0), entry.value("gpus", 0)};
  }
  EXPECT_EQ(shown, slide);
  EXPECT_EQ(lesson.extras.value("srun", std::string()),
            "srun -A ACCOUNT --time=00:30:00 --nodes=1 --ntasks-per-node=16 "
            "--partition=gpuA100x4,gpuA40x4 --gpus=1 --mem=32g --pty /bin/bash");
}

TEST(LessonScenes, TheCostTableBuildsTheSlidesThreeTransformations) {
  const LoadedLessons loaded = LoadLessons(kLessons);
  const Lesson& lesson = Find(loaded, "cost-table");
  // Slide 10: allreduce = reduce-scatter + allgather, reduce = reduce-scatter
  // + gather, broadcast = scatter + allgather, one scene (arrow) each.
  const std::vector<std::pair<std::string, std::vector<std::string>>> slide = {
      {"allreduce", {"reducescatter", "allgather"}},
      {"reduce", {"reducescatter", "gather"}},
      {"broadcast", {"scatter", "allgather"}}};
  const auto& compositions = lesson.extras["compositions"];
  ASSERT_EQ(compositions.size(), slide.size());
  ASSERT_EQ(lesson.scenes.size(), slide.size());
  for (std::size_t i = 0; i < slide.size(); ++i) {
    EXPECT_EQ(compositions[i]["whole"], slide[i].first);
    EXPECT_EQ(compositions[i]["parts"].get<std::vector<std::string>>(), slide[i].second);
    EXPECT_EQ(std::string(engine::CollectiveName(lesson.scenes[i].collective)), slide[i].first);
  }
}

}  // namespace
}  // namespace collscope::lessons
