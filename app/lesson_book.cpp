#include "app/lesson_book.h"

#include <algorithm>
#include <utility>

namespace collscope::gui {

Config SceneConfig(const lessons::Scene& scene) {
  Config config;
  config.collective = scene.collective;
  config.algorithm = scene.algorithm;
  config.ranks = scene.ranks;
  config.root = scene.root;
  config.bytes = scene.bytes;
  config.preset = scene.preset;
  config.input_name = scene.input_name;
  return config;
}

namespace {

std::vector<Lesson> LessonsOf(lessons::LoadedLessons loaded, std::vector<std::string>& errors) {
  std::vector<Lesson> list;
  errors = loaded.errors;
  for (lessons::Lesson& file : loaded.lessons) {
    Lesson lesson;
    lesson.id = file.id;
    lesson.title = file.title;
    lesson.slide = file.slide;
    for (const std::string& paragraph : file.paragraphs) {
      lesson.text += (lesson.text.empty() ? "" : "\n\n") + paragraph;
    }
    lesson.config = SceneConfig(file.scenes.front());
    lesson.file = std::make_shared<const lessons::Lesson>(std::move(file));
    list.push_back(std::move(lesson));
  }
  return list;
}

}  // namespace

std::vector<Lesson> LessonsFromFiles(const std::string& folder, std::vector<std::string>& errors) {
  if (folder.empty()) {
    // A binary away from its source tree still teaches the lecture.
    errors = {"no lessons folder found (set COLLSCOPE_LESSONS); showing the built-in lessons"};
    std::vector<std::string> embedded_errors;
    std::vector<Lesson> list = LessonsOf(lessons::LoadEmbeddedLessons(), embedded_errors);
    errors.insert(errors.end(), embedded_errors.begin(), embedded_errors.end());
    return list;
  }
  return LessonsOf(lessons::LoadLessons(folder), errors);
}

LessonBook::LessonBook() {
  lessons_ = LessonsFromFiles(lessons::FindLessonsDirectory().string(), lesson_errors_);
}

void LessonBook::Reload() {
  std::vector<std::string> errors;
  std::vector<Lesson> fresh = LessonsFromFiles(lessons::FindLessonsDirectory().string(), errors);
  lesson_errors_ = std::move(errors);
  if (fresh.empty()) return;
  const std::string open_id = lesson() ? lesson()->id : std::string();
  lessons_ = std::move(fresh);
  lesson_index_ = -1;
  for (std::size_t i = 0; i < lessons_.size(); ++i) {
    if (!open_id.empty() && lessons_[i].id == open_id) lesson_index_ = static_cast<int>(i);
  }
  if (lesson_index_ < 0) {
    scene_index_ = -1;
  } else {
    scene_index_ = std::min(scene_index_, SceneCount() - 1);
  }
}

std::optional<int> LessonBook::Find(std::string_view id, std::string& error) const {
  for (std::size_t i = 0; i < lessons_.size(); ++i) {
    if (lessons_[i].id == id) return static_cast<int>(i);
  }
  std::string known;
  for (const Lesson& lesson : lessons_) known += (known.empty() ? "" : ", ") + lesson.id;
  error = "unknown lesson '" + std::string(id) + "' (known: " + known + ")";
  return std::nullopt;
}

const Lesson* LessonBook::lesson() const {
  return lesson_index_ >= 0 ? &lessons_[static_cast<std::size_t>(lesson_index_)] : nullptr;
}

int LessonBook::SceneCount() const {
  const Lesson* open = lesson();
  return open && open->file ? static_cast<int>(open->file->scenes.size()) : 1;
}

const lessons::Scene* LessonBook::Scene(int index) const {
  const Lesson* open = lesson();
  if (!open || !open->file || index < 0 || index >= SceneCount()) return nullptr;
  return &open->file->scenes[static_cast<std::size_t>(index)];
}

int LessonBook::SceneLastStep(std::int64_t step_count) const {
  if (const lessons::Scene* scene = Scene(scene_index_)) {
    const int last = scene->last_step;
    if (last >= 0 && last < step_count) return last;
  }
  return static_cast<int>(step_count);
}

void LessonBook::NoteStep(std::int64_t step, std::int64_t step_count) {
  if (lesson_index_ >= 0 && scene_index_ + 1 >= SceneCount() && step >= SceneLastStep(step_count)) {
    done_.insert(lessons_[static_cast<std::size_t>(lesson_index_)].id);
  }
}

}  // namespace collscope::gui
