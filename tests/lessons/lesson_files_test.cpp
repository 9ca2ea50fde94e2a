// Every lesson file loads, validates and covers the lecture in order; a
// malformed file is reported with its name and line and skipped.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "app/lessons/lesson.h"
#include "engine/algorithm.h"
#include "engine/verify.h"

namespace collscope::lessons {
namespace {

const std::filesystem::path kLessons = std::filesystem::path(COLLSCOPE_SOURCE_DIR) / "lessons";

TEST(LessonFiles, EveryFileLoadsWithoutErrors) {
  LoadedLessons loaded = LoadLessons(kLessons);
  for (const std::string& error : loaded.errors) ADD_FAILURE() << error;
  EXPECT_GE(loaded.lessons.size(), 13u);
}

TEST(LessonFiles, CoverTheThirteenTopicsInLectureOrder) {
  LoadedLessons loaded = LoadLessons(kLessons);
  std::vector<int> slides;
  for (const Lesson& lesson : loaded.lessons) slides.push_back(lesson.slide);
  EXPECT_TRUE(std::is_sorted(slides.begin(), slides.end()));
  for (int slide = 1; slide <= 13; ++slide) {
    EXPECT_NE(std::find(slides.begin(), slides.end(), slide), slides.end()) << "slide " << slide;
  }
}

// The copies compiled into the binary are the files, not a second list kept
// by hand: same lessons, same order, same scenes.
TEST(LessonFiles, TheCompiledInCopiesAreTheFiles) {
  const LoadedLessons files = LoadLessons(kLessons);
  const LoadedLessons embedded = LoadEmbeddedLessons();
  EXPECT_TRUE(embedded.errors.empty()) << embedded.errors.front();
  ASSERT_EQ(embedded.lessons.size(), files.lessons.size());
  for (std::size_t i = 0; i < files.lessons.size(); ++i) {
    EXPECT_EQ(embedded.lessons[i].id, files.lessons[i].id);
    EXPECT_EQ(embedded.lessons[i].title, files.lessons[i].title);
    EXPECT_EQ(embedded.lessons[i].scenes.size(), files.lessons[i].scenes.size());
  }
}

TEST(LessonFiles, EverySceneBuildsAndVerifies) {
  for (const Lesson& lesson : LoadLessons(kLessons).lessons) {
    ASSERT_FALSE(lesson.scenes.empty()) << lesson.id;
    for (const Scene& scene : lesson.scenes) {
      auto built =
          engine::BuildSchedule(scene.collective, scene.algorithm, scene.ranks, scene.root);
      ASSERT_TRUE(built.schedule) << lesson.id << ": " << built.error;
      auto result = engine::VerifySchedule(*built.schedule, scene.collective, scene.root);
      EXPECT_TRUE(result.ok) << lesson.id << ": " << result.message;
      EXPECT_LE(scene.last_step, built.schedule->StepCount()) << lesson.id;
    }
  }
}

TEST(LessonFiles, TheDefaultLessonIsTheLecturesFiveGpuRing) {
  LoadedLessons loaded = LoadLessons(kLessons);
  auto it = std::find_if(loaded.lessons.begin(), loaded.lessons.end(),
                         [](const Lesson& l) { return l.id == kDefaultLessonId; });
  ASSERT_NE(it, loaded.lessons.end());
  EXPECT_EQ(it->slide, 8);
  EXPECT_EQ(it->scenes[0].collective, engine::Collective::kAllReduce);
  EXPECT_EQ(it->scenes[0].algorithm, "ring");
  EXPECT_EQ(it->scenes[0].ranks, 5);
  EXPECT_TRUE(it->predict);
}

TEST(LessonFiles, SpecialKindsCarryTheirData) {
  const std::map<std::string, std::string> needs = {{"code", "changed_lines"},
                                                    {"overlap", "layer_bytes"},
                                                    {"scaling", "max_gpus"},
                                                    {"delta", "partitions"},
                                                    {"nccl", "sample_log"}};
  for (const Lesson& lesson : LoadLessons(kLessons).lessons) {
    auto need = needs.find(lesson.kind);
    if (need == needs.end()) continue;
    EXPECT_TRUE(lesson.extras.contains(need->second)) << lesson.id;
    if (lesson.kind == "nccl") {
      // The sample log it reads must be in the repository.
      EXPECT_TRUE(std::filesystem::exists(kLessons.parent_path() /
                                          lesson.extras["sample_log"].get<std::string>()))
          << lesson.extras["sample_log"];
    }
  }
}

class LessonFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: CTest runs the tests of this fixture in parallel
    // processes, and a shared folder let one test's SetUp delete another's
    // files.
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("collscope_lessons_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(LessonFolder, MalformedFilesAreReportedWithLineAndSkipped) {
  Write("01-good.json", R"({"id": "good", "title": "Good", "slide": 1, "text": "ok"})");
  Write("02-truncated.json", "{\n  \"id\": \"bad\",\n  \"title\": \"Bad\",\n  \"slide\": ");
  Write("03-wrong-field.json",
        "{\n  \"id\": \"wrong\",\n  \"title\": \"W\",\n  \"slide\": 2,\n  \"text\": \"t\",\n"
        "  \"show\": {\"collective\": \"allsorts\"}\n}\n");
  Write("04-duplicate.json", R"({"id": "good", "title": "Again", "slide": 3, "text": "t"})");
  Write("05-not-an-object.json", "[1, 2]");
  Write("06-empty.json", "");
  Write(
      "07-bad-algorithm.json",
      R"({"id": "x", "title": "X", "slide": 4, "text": "t", "show": {"collective": "scatter", "algorithm": "ring"}})");
  LoadedLessons loaded = LoadLessons(dir_);
  ASSERT_EQ(loaded.lessons.size(), 1u);
  EXPECT_EQ(loaded.lessons[0].id, "good");
  ASSERT_EQ(loaded.errors.size(), 6u);
  auto has = [&](const std::string& needle) {
    for (const std::string& e : loaded.errors) {
      if (e.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("02-truncated.json:4: not valid JSON"));
  EXPECT_TRUE(has("03-wrong-field.json:6: unknown collective 'allsorts'"));
  EXPECT_TRUE(has("04-duplicate.json:1: lesson id 'good' is used by another file too"));
  EXPECT_TRUE(has("05-not-an-object.json:1: a lesson file holds one JSON object"));
  EXPECT_TRUE(has("06-empty.json:1: not valid JSON"));
  EXPECT_TRUE(has("07-bad-algorithm.json:1: algorithm 'ring' does not implement scatter"));
}

// Found by fuzz_lesson_file: nlohmann reports 1e999 as out_of_range, which
// is not a parse_error and used to escape as an exception.
TEST_F(LessonFolder, ANumberTooLargeForADoubleIsAnErrorLine) {
  Write("01-huge.json", R"({"id": "h", "title": "H", "slide": 1e999, "text": "t"})");
  LoadedLessons loaded = LoadLessons(dir_);
  EXPECT_TRUE(loaded.lessons.empty());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("01-huge.json:1: not valid JSON"), std::string::npos)
      << loaded.errors[0];
}

// Found by fuzz_lesson_file (tests/fuzz/regressions/lesson_kind_with_newlines.json):
// an error that quotes the file's own string kept its "\n" escapes as line
// breaks, so the error was more than one line.
TEST_F(LessonFolder, AnErrorQuotingAStringWithNewlinesIsOneLine) {
  Write("01-kind.json", R"({"id": "k", "title": "K", "slide": 1, "kind": "a\nb\rc", "text": "t"})");
  LoadedLessons loaded = LoadLessons(dir_);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].find('\n'), std::string::npos) << loaded.errors[0];
  EXPECT_EQ(loaded.errors[0].find('\r'), std::string::npos) << loaded.errors[0];
  EXPECT_NE(loaded.errors[0].find("01-kind.json:1: unknown kind"), std::string::npos)
      << loaded.errors[0];
}

TEST_F(LessonFolder, ScenesNameThePanelsTheyShowAndTheStepsToWalk) {
  Write("01-panels.json",
        R"({"id": "p", "title": "P", "slide": 1, "text": "t",
            "show": {"collective": "allgather", "ranks": 4, "first_step": 1, "last_step": 2,
                     "panels": ["centre", "table"]}})");
  Write("02-bad-panel.json",
        "{\"id\": \"q\", \"title\": \"Q\", \"slide\": 2, \"text\": \"t\",\n"
        " \"show\": {\"panels\": [\"timeline-of-doom\"]}}");
  LoadedLessons loaded = LoadLessons(dir_);
  ASSERT_EQ(loaded.lessons.size(), 1u);
  const Scene& scene = loaded.lessons[0].scenes[0];
  EXPECT_EQ(scene.first_step, 1);
  EXPECT_EQ(scene.last_step, 2);
  EXPECT_EQ(scene.panels, (std::vector<std::string>{"centre", "table"}));
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("02-bad-panel.json:2: unknown panel 'timeline-of-doom'"),
            std::string::npos)
      << loaded.errors[0];
}

// A figure takes the table's and cost panel's room unless the lesson keeps
// them beside it; only those two may be kept.
TEST_F(LessonFolder, ALessonNamesTheSchedulePanelsItKeepsBesideItsFigure) {
  Write("01-keeps.json", R"({"id": "k", "title": "K", "slide": 1, "kind": "code", "text": "t",
                             "beside_figure": ["cost"]})");
  Write("02-keeps-lesson.json",
        "{\"id\": \"l\", \"title\": \"L\", \"slide\": 2, \"text\": \"t\",\n"
        " \"beside_figure\": [\"lesson\"]}");
  LoadedLessons loaded = LoadLessons(dir_);
  ASSERT_EQ(loaded.lessons.size(), 1u);
  EXPECT_EQ(loaded.lessons[0].beside_figure, (std::vector<std::string>{"cost"}));
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("02-keeps-lesson.json:2: \"beside_figure\" lists table or cost"),
            std::string::npos)
      << loaded.errors[0];
}

TEST_F(LessonFolder, AnInputNameIsLowerCaseLettersOnAOneBlockPerRankCollective) {
  Write("01-gather.json", R"({"id": "g", "title": "G", "slide": 1, "text": "t",
            "show": {"collective": "gather", "ranks": 4, "input_name": "t"}})");
  Write("02-reduce.json",
        "{\"id\": \"r\", \"title\": \"R\", \"slide\": 2, \"text\": \"t\",\n"
        " \"show\": {\"collective\": \"reduce\", \"input_name\": \"t\"}}");
  Write("03-digits.json",
        "{\"id\": \"d\", \"title\": \"D\", \"slide\": 3, \"text\": \"t\",\n"
        " \"show\": {\"collective\": \"allgather\", \"input_name\": \"T1\"}}");
  LoadedLessons loaded = LoadLessons(dir_);
  ASSERT_EQ(loaded.lessons.size(), 1u);
  EXPECT_EQ(loaded.lessons[0].scenes[0].input_name, "t");
  ASSERT_EQ(loaded.errors.size(), 2u);
  EXPECT_NE(loaded.errors[0].find("02-reduce.json:2: \"input_name\" needs gather or all-gather"),
            std::string::npos)
      << loaded.errors[0];
  EXPECT_NE(loaded.errors[1].find("03-digits.json:2: \"input_name\" must be 1 to 3 lower-case"),
            std::string::npos)
      << loaded.errors[1];
}

// Slide 6's t0..t3 for the engine's a0..a3: every term of block a, and
// nothing else ("and", a term inside a longer name, other blocks).
TEST(InputNames, EveryTermOfBlockAIsNamedByItsRank) {
  EXPECT_EQ(NameInputBlocks("a2", "t"), "t2");
  EXPECT_EQ(NameInputBlocks("a0, a1, a12", "t"), "t0, t1, t12");
  EXPECT_EQ(NameInputBlocks("a2 and 3 more", "t"), "t2 and 3 more");
  EXPECT_EQ(NameInputBlocks("b2+ba3", "t"), "b2+ba3");
  EXPECT_EQ(NameInputBlocks("", "t"), "");
  EXPECT_TRUE(HasOneInputBlockPerRank(engine::Collective::kGather));
  EXPECT_TRUE(HasOneInputBlockPerRank(engine::Collective::kAllGather));
  EXPECT_FALSE(HasOneInputBlockPerRank(engine::Collective::kScatter));
  EXPECT_FALSE(HasOneInputBlockPerRank(engine::Collective::kAllReduce));
}

TEST_F(LessonFolder, AMissingFolderIsOneError) {
  LoadedLessons loaded = LoadLessons(dir_ / "nope");
  EXPECT_TRUE(loaded.lessons.empty());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("cannot read the lessons folder"), std::string::npos);
}

}  // namespace
}  // namespace collscope::lessons
