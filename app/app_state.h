#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/lesson_book.h"
#include "app/loaded_trace.h"
#include "app/prediction_quiz.h"
#include "app/schedule_walk.h"
#include "app/trace_replay.h"
#include "app/view_settings.h"
#include "trace/model.h"

namespace collscope::gui {

// Owns what is loaded and which step is shown, in five parts that each own
// their state: the schedule walked a step at a time with its prices
// (ScheduleWalk), the lessons and their scenes (LessonBook), the prediction
// exercise (PredictionQuiz), the trace and its replay (LoadedTrace) and the
// view preferences (ViewSettings). AppState carries out the actions that
// touch several of them (opening a lesson loads its scene's schedule and
// panels; every move of the step ends the prediction and may finish the
// lesson; a replay moves the step); panels read it and call its actions.
class AppState {
 public:
  static constexpr std::size_t kMaxLabelledTransfers = ScheduleWalk::kMaxLabelledTransfers;
  static constexpr std::int64_t kMaxBufferBytes = ScheduleWalk::kMaxBufferBytes;
  static constexpr int kMaxGuiRanks = ScheduleWalk::kMaxGuiRanks;

  AppState();

  // The parts, for what reads one of them.
  const ScheduleWalk& walk() const { return walk_; }
  const LessonBook& book() const { return book_; }
  const PredictionQuiz& quiz() const { return quiz_; }
  const LoadedTrace& loaded() const { return trace_; }

  // Builds the schedule, the buffer simulation and the prices. On error the
  // previous state stays loaded and the error is returned. `lesson_index`
  // says which lesson this is (-1: the user's own setup).
  std::optional<std::string> Load(const Config& config, int lesson_index = -1);
  std::optional<std::string> OpenLesson(std::string_view id);
  void OpenLessonIndex(int index);

  const Config& config() const { return walk_.config(); }
  const engine::Schedule& schedule() const { return walk_.schedule(); }
  const engine::BufferState* buffers() const { return walk_.buffers(); }
  const std::string& buffers_note() const { return walk_.buffers_note(); }
  // The last error of an action (a bad p, a schedule error), shown in the UI.
  const std::string& message() const { return message_; }
  void set_message(std::string message) { message_ = std::move(message); }

  // Steps: 0 = the initial state, 1..step_count() the algorithm's steps.
  std::int64_t step() const { return walk_.step(); }
  std::int64_t step_count() const { return walk_.step_count(); }
  bool AtEnd() const { return walk_.AtEnd(); }
  bool SeekStep(std::int64_t step);
  void StepForward() { SeekStep(step() + 1); }
  void StepBack() { SeekStep(step() - 1); }
  std::string_view Phase() const { return walk_.PhaseOf(step()); }
  std::string_view PhaseOf(std::int64_t step) const { return walk_.PhaseOf(step); }
  using PhaseStart = ScheduleWalk::PhaseStart;
  const std::vector<PhaseStart>& PhaseStarts() const { return walk_.PhaseStarts(); }
  const std::vector<ShownTransfer>& Transfers() const { return walk_.Transfers(); }
  std::size_t TransferCount() const { return walk_.TransferCount(); }
  const std::string* LabelOf(std::int64_t step, int src, int dst) const {
    return walk_.LabelOf(step, src, dst);
  }
  bool IsComplete(int rank, int slot) const { return walk_.IsComplete(rank, slot); }

  // Playback of the schedule, and of a trace's replay: while the replay is
  // active, Tick shows the step most ranks are in at the playhead.
  bool playing() const { return walk_.playing(); }
  void SetPlaying(bool playing);
  void TogglePlaying() { SetPlaying(!playing()); }
  double steps_per_second() const { return walk_.steps_per_second(); }
  void SetStepsPerSecond(double steps) { walk_.SetStepsPerSecond(steps); }
  void Tick(double dt_s);
  double StepAge() const { return walk_.StepAge(); }

  // Prices under the chosen preset.
  const engine::CostModel& cost_model() const { return walk_.cost_model(); }
  std::string_view preset_name() const { return walk_.preset_name(); }
  const std::vector<engine::StepCost>& StepCosts() const { return walk_.StepCosts(); }
  const engine::CostBreakdown& TotalCost() const { return walk_.TotalCost(); }
  engine::CostBreakdown RunningCost() const { return walk_.RunningCost(); }

  // Lessons (LessonBook), and the actions that open them.
  const std::vector<Lesson>& lessons() const { return book_.lessons(); }
  const std::vector<std::string>& lesson_errors() const { return book_.lesson_errors(); }
  // Lessons > Reload lesson files; what is shown (setup, step) stays.
  void ReloadLessons() { book_.Reload(); }
  int lesson_index() const { return book_.lesson_index(); }
  const Lesson* lesson() const { return book_.lesson(); }
  int scene_index() const { return book_.scene_index(); }
  int SceneCount() const { return book_.SceneCount(); }
  void OpenScene(int index);
  // "Try it yourself": back to the scene as the lesson set it up.
  void ResetScene() { OpenScene(scene_index() < 0 ? 0 : scene_index()); }
  int SceneLastStep() const { return book_.SceneLastStep(step_count()); }
  bool LessonDone(const std::string& id) const { return book_.LessonDone(id); }
  int LessonsDone() const { return book_.LessonsDone(); }
  // PageDown / PageUp of a presentation clicker: step, and past the ends of a
  // lesson move to the next (previous) scene or lesson.
  void ClickerNext();
  void ClickerPrevious();

  // Check your understanding (PredictionQuiz).
  bool predicting() const { return quiz_.on(); }
  void SetPredicting(bool on) { quiz_.SetOn(on); }
  const std::set<std::pair<int, int>>& Prediction() const { return quiz_.Prediction(); }
  void TogglePrediction(int rank, int slot) { quiz_.Toggle(rank, slot); }
  // Steps forward and scores the marked cells against the cells written.
  void CheckPrediction();
  const std::optional<PredictionScore>& Score() const { return quiz_.score(); }
  const std::set<std::pair<int, int>>& CheckedPrediction() const { return quiz_.Checked(); }

  // A trace opened with --trace or File > Open: its timeline is shown under
  // the views, and the schedule of ConfigForTrace is loaded beside it. A
  // trace that fails to load leaves everything as it was and returns the
  // error line. LoadTrace imports on the calling thread; the GUI imports on
  // a thread of its own (TraceLoader) and hands the result to AdoptTrace.
  std::optional<std::string> LoadTrace(const std::string& path);
  // Shows an imported trace, with or without per-step events (nccl-tests
  // measurements, NCCL log topology, Kineto runs). `path` names the file(s).
  std::optional<std::string> AdoptTrace(std::shared_ptr<trace::Trace> loaded, std::string path);
  const trace::Trace* loaded_trace() const { return trace_.trace(); }
  const std::string& trace_path() const { return trace_.path(); }
  int trace_run() const { return trace_.run(); }
  // A recording's iterations (the runs with per-step events), one at a time
  // or all end to end on the timeline.
  std::vector<int> TimedTraceRuns() const { return trace_.TimedRuns(); }
  void ShowTraceRun(int run) { trace_.ShowRun(run); }
  void ShowAllTraceRuns() { trace_.ShowAllRuns(); }
  bool showing_all_trace_runs() const { return trace_.showing_all_runs(); }
  TraceReplay& replay() { return trace_.replay(); }
  const TraceReplay& replay() const { return trace_.replay(); }

  // The view preferences: plain settings that menus, keys and lessons
  // switch (ImGui's checkboxes write them).
  ViewSettings view;
  // The centre view actually drawn (kAuto resolved from the algorithm).
  CentreView EffectiveView() const;

 private:
  std::optional<std::string> LoadScene(int index);
  // After the shown step was recomputed: the prediction ends, and the
  // lesson may be done.
  void Shown(std::uint64_t before);

  ScheduleWalk walk_;
  LessonBook book_;
  PredictionQuiz quiz_;
  LoadedTrace trace_;
  std::string message_;
};

}  // namespace collscope::gui
