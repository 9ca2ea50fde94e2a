#include "app/app_state.h"

#include <algorithm>
#include <utility>

#include "engine/algorithm.h"
#include "trace/importers/importer.h"

namespace collscope::gui {

AppState::AppState() {
  if (auto error = OpenLesson(kDefaultLessonId)) {
    // The built-in default always builds once the engine does; fall back to
    // the plain configuration so the window still opens.
    message_ = *error;
    Load(Config{});
  }
  // A lesson file that did not load is reported, never fatal.
  if (!lesson_errors().empty() && message_.empty()) {
    message_ = "skipped " + std::to_string(lesson_errors().size()) +
               " lesson file(s): " + lesson_errors().front();
  }
}

void AppState::Shown(std::uint64_t before) {
  if (walk_.shown() == before) return;
  book_.NoteStep(step(), step_count());
  // Marks are a guess about the next step; any move of the step ends them.
  quiz_.Clear();
}

std::optional<std::string> AppState::Load(const Config& config, int lesson_index) {
  const std::uint64_t before = walk_.shown();
  if (auto error = walk_.Load(config)) return error;
  book_.Open(lesson_index, lesson_index < 0 ? -1 : book_.scene_index());
  message_.clear();
  Shown(before);
  return std::nullopt;
}

std::optional<std::string> AppState::OpenLesson(std::string_view id) {
  std::string error;
  const std::optional<int> index = book_.Find(id, error);
  if (!index) return error;
  book_.Open(*index, -1);
  view.show_figure = true;
  const Lesson* open = book_.lesson();
  quiz_.SetOn(open->file && open->file->predict && quiz_.on());
  return LoadScene(0);
}

void AppState::OpenLessonIndex(int index) {
  if (index < 0 || index >= static_cast<int>(lessons().size())) return;
  if (auto error = OpenLesson(lessons()[static_cast<std::size_t>(index)].id)) message_ = *error;
}

std::optional<std::string> AppState::LoadScene(int index) {
  Config config = book_.lesson()->config;
  int first_step = 0;
  if (const lessons::Scene* scene = book_.Scene(index)) {
    config = SceneConfig(*scene);
    first_step = scene->first_step;
    if (!scene->panels.empty()) {
      auto shows = [&](const char* name) {
        return std::find(scene->panels.begin(), scene->panels.end(), name) != scene->panels.end();
      };
      view.panels.lesson = shows("lesson");
      view.panels.controls = shows("controls");
      view.panels.centre = shows("centre");
      view.panels.table = shows("table");
      view.panels.cost = shows("cost");
    }
    // The algorithm decides between ring and tree view (a tree scene uses a
    // tree algorithm), so no choice sticks to the setups a student tries next.
    view.view = CentreView::kAuto;
  }
  if (auto error = Load(config, lesson_index())) return error;
  book_.SetScene(index);
  if (first_step > 0) SeekStep(first_step);
  return std::nullopt;
}

void AppState::OpenScene(int index) {
  if (lesson_index() < 0 || index < 0 || index >= SceneCount()) return;
  if (auto error = LoadScene(index)) message_ = *error;
}

bool AppState::SeekStep(std::int64_t step) {
  const std::int64_t before_step = walk_.step();
  const std::uint64_t before = walk_.shown();
  if (auto error = walk_.SeekStep(step)) message_ = *error;
  Shown(before);
  // True when the step moved, or was already the one asked for.
  return walk_.shown() == before || walk_.step() != before_step;
}

void AppState::SetPlaying(bool playing) {
  if (playing && AtEnd()) SeekStep(0);
  walk_.SetPlaying(playing);
}

void AppState::Tick(double dt_s) {
  walk_.Age(dt_s);
  TraceReplay& replay = trace_.replay();
  if (replay.Tick(dt_s) && replay.Active()) {
    SeekStep(std::min<std::int64_t>(replay.snapshot().shown_step, step_count()));
  }
  const std::uint64_t before = walk_.shown();
  if (auto error = walk_.Play(dt_s)) message_ = *error;
  Shown(before);
}

void AppState::CheckPrediction() {
  if (AtEnd() || !buffers()) return;
  PredictionQuiz::CellSet marked = quiz_.TakePrediction();
  StepForward();
  quiz_.Score(std::move(marked), step(), buffers()->ChangedInStep(step()));
}

void AppState::ClickerNext() {
  if (step() < SceneLastStep()) {
    StepForward();
  } else if (lesson_index() >= 0 && scene_index() + 1 < SceneCount()) {
    OpenScene(scene_index() + 1);
  } else if (lesson_index() >= 0 && lesson_index() + 1 < static_cast<int>(lessons().size())) {
    OpenLessonIndex(lesson_index() + 1);
  }
}

void AppState::ClickerPrevious() {
  if (step() > 0) {
    StepBack();
  } else if (lesson_index() >= 0 && scene_index() > 0) {
    OpenScene(scene_index() - 1);
    SeekStep(step_count());
  } else if (lesson_index() > 0) {
    OpenLessonIndex(lesson_index() - 1);
    OpenScene(SceneCount() - 1);
    SeekStep(step_count());
  }
}

std::optional<std::string> AppState::LoadTrace(const std::string& path) {
  auto imported = trace::ImportFiles({path}, "auto");
  if (!imported.ok()) return imported.error();
  return AdoptTrace(std::make_shared<trace::Trace>(std::move(imported.value().trace)), path);
}

std::optional<std::string> AppState::AdoptTrace(std::shared_ptr<trace::Trace> loaded,
                                                std::string path) {
  if (!loaded) return path + ": no trace";
  if (LoadedTrace::TimelineRun(*loaded) < 0 && loaded->runs.empty() &&
      loaded->measurements.empty() && loaded->topology.Empty() && loaded->tuning_choices.empty() &&
      loaded->tuning_table.empty()) {
    return path + ": nothing to show (no runs, measurements, topology or TUNING lines)";
  }
  if (const std::optional<Config> config = ConfigForTrace(*loaded)) {
    if (auto error = Load(*config)) message_ = "trace loaded, but its schedule: " + *error;
  }
  trace_.Adopt(std::move(loaded), std::move(path));
  view.show_trace_picture = true;
  return std::nullopt;
}

CentreView AppState::EffectiveView() const {
  if (view.view != CentreView::kAuto) return view.view;
  // An algorithm that runs on a tree is shown on it.
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(config().algorithm);
  return info && info->tree_shape != engine::TreeShape::kNone ? CentreView::kTree
                                                              : CentreView::kRing;
}

}  // namespace collscope::gui
