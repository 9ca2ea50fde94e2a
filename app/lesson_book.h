#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/lessons/lesson.h"
#include "app/schedule_walk.h"

namespace collscope::gui {

// A lesson the GUI can open: the lecture slide it teaches and what it shows.
// Lessons come from the files in lessons/ (`file` holds the parsed file:
// scenes, questions, the figure of its kind); the copies compiled into the
// binary stand in when no lessons folder is found.
struct Lesson {
  std::string id;
  std::string title;
  int slide = 0;
  std::string text;
  Config config;  // the first scene's
  std::shared_ptr<const lessons::Lesson> file;
};

// The lessons of the files in `folder`, in lecture order; errors gets one
// line per file that was skipped. An empty folder name means none was found:
// the lessons compiled into the binary stand in.
std::vector<Lesson> LessonsFromFiles(const std::string& folder, std::vector<std::string>& errors);
// A scene of a lesson file as a configuration to load.
Config SceneConfig(const lessons::Scene& scene);
inline constexpr std::string_view kDefaultLessonId = "ring-allreduce";

// Lessons, scenes and progress: which lesson and scene are open, and which
// lessons were walked to their end.
class LessonBook {
 public:
  // Reads the lessons folder (or the compiled-in copies without one).
  LessonBook();

  const std::vector<Lesson>& lessons() const { return lessons_; }
  // Files that failed to load, one line each; they are skipped.
  const std::vector<std::string>& lesson_errors() const { return lesson_errors_; }
  // Reads the lessons folder again. Files that fail are skipped and listed
  // in lesson_errors(); when none loads, the lessons already loaded stay.
  // The open lesson stays open when it is still there.
  void Reload();
  // The index of lesson `id`, or the error line naming the known ones.
  std::optional<int> Find(std::string_view id, std::string& error) const;

  int lesson_index() const { return lesson_index_; }  // -1: a custom setup
  const Lesson* lesson() const;
  int scene_index() const { return scene_index_; }  // -1: none opened yet
  // Scenes of the open lesson (the eight collectives, ring and tree ...).
  int SceneCount() const;
  // The scene's file entry, null for a lesson without a file.
  const lessons::Scene* Scene(int index) const;
  void Open(int lesson_index, int scene_index) {
    lesson_index_ = lesson_index;
    scene_index_ = scene_index;
  }
  void SetScene(int scene_index) { scene_index_ = scene_index; }
  // The step where the open scene's walk ends (its last_step, else the last
  // of `step_count`).
  int SceneLastStep(std::int64_t step_count) const;

  // Progress: a lesson is done once its last scene was walked to its end.
  void NoteStep(std::int64_t step, std::int64_t step_count);
  bool LessonDone(const std::string& id) const { return done_.count(id) != 0; }
  int LessonsDone() const { return static_cast<int>(done_.size()); }

 private:
  std::vector<Lesson> lessons_;
  std::vector<std::string> lesson_errors_;
  int lesson_index_ = -1;
  int scene_index_ = -1;
  std::set<std::string> done_;
};

}  // namespace collscope::gui
