#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/lessons/lesson.h"
#include "app/trace_replay.h"
#include "engine/buffer_state.h"
#include "engine/collective.h"
#include "engine/cost_model.h"
#include "engine/schedule.h"
#include "engine/transfer.h"
#include "trace/model.h"

namespace collscope::gui {

// What is loaded: one collective run by one algorithm on p ranks.
struct Config {
  engine::Collective collective = engine::Collective::kAllReduce;
  std::string algorithm = "ring";
  int ranks = 5;
  int root = 0;
  double bytes = 64e6;  // the lecture's n: 64 MB (slide 9's message size)
  std::string preset;   // a CostPresets() name; empty = the first preset
};

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

// "Check your understanding": before a step the student marks the cells they
// expect it to write; checking steps forward and scores the guess.
struct PredictionScore {
  std::int64_t step = 0;
  int right = 0;   // marked and written
  int wrong = 0;   // marked, not written
  int missed = 0;  // written, not marked
};

enum class Theme { kLight, kDark };
enum class CentreView { kAuto, kRing, kTree };

// Which panels are open (each closable from its title bar, reopened from View).
struct PanelVisibility {
  bool lesson = true;
  bool controls = true;
  bool centre = true;
  bool table = true;
  bool cost = true;
  bool help = false;
};

// The view preferences that are not part of what is loaded.
struct ViewSettings {
  Theme theme = Theme::kLight;
  CentreView view = CentreView::kAuto;
  bool presenter = false;
  bool fullscreen = false;
  bool animate = true;
  bool show_figure = true;  // a lesson's own figure instead of the schedule
  // A trace without per-step events: its own picture (busbw plot, NCCL's
  // rings and trees) instead of the schedule's ring or tree view.
  bool show_trace_picture = true;
  float font_px = 20.0f;  // body text size before HiDPI scaling
  PanelVisibility panels;
};

// One transfer of the current step with the chunk it carries, as the sender
// held it before the step ("a0", "b2+b1").
struct ShownTransfer {
  engine::Transfer transfer;
  std::string label;
};

// Owns what is loaded and which step is shown. Panels read it and call its
// actions; nothing else holds engine objects.
class AppState {
 public:
  // Views draw every transfer up to this many; above it they aggregate and
  // labels are not computed.
  static constexpr std::size_t kMaxLabelledTransfers = 512;
  // The buffer simulation is refused above this (docs/engine.md: within 2 GiB).
  static constexpr std::int64_t kMaxBufferBytes = std::int64_t{2} << 30;
  // The largest p the GUI opens (-p, the p field); the command line prices
  // schedules up to engine::kMaxRanks.
  static constexpr int kMaxGuiRanks = 16384;

  AppState();

  // Builds the schedule, the buffer simulation and the prices. On error the
  // previous state stays loaded and the error is returned. `lesson_index`
  // says which lesson this is (-1: the user's own setup).
  std::optional<std::string> Load(const Config& config, int lesson_index = -1);
  std::optional<std::string> OpenLesson(std::string_view id);
  void OpenLessonIndex(int index);

  const Config& config() const { return config_; }
  const engine::Schedule& schedule() const { return *schedule_; }
  // Null when p is too large for the symbolic buffers (see buffers_note()).
  const engine::BufferState* buffers() const { return buffers_.get(); }
  const std::string& buffers_note() const { return buffers_note_; }
  // The last error of an action (a bad p, a schedule error), shown in the UI.
  const std::string& message() const { return message_; }
  void set_message(std::string message) { message_ = std::move(message); }

  // Steps: 0 = the initial state, 1..StepCount() the algorithm's steps.
  std::int64_t step() const { return step_; }
  std::int64_t step_count() const { return schedule_->StepCount(); }
  bool AtEnd() const { return step_ == step_count(); }
  bool SeekStep(std::int64_t step);
  void StepForward() { SeekStep(step_ + 1); }
  void StepBack() { SeekStep(step_ - 1); }
  // The phase of the shown step ("initial" at step 0).
  std::string_view Phase() const;
  std::string_view PhaseOf(std::int64_t step) const;
  // First step of every phase, in order, with its name.
  struct PhaseStart {
    std::int64_t step;
    std::string name;
  };
  const std::vector<PhaseStart>& PhaseStarts() const { return phase_starts_; }

  // This step's transfers; labels are empty when there are more than
  // kMaxLabelledTransfers of them.
  const std::vector<ShownTransfer>& Transfers() const { return transfers_; }
  std::size_t TransferCount() const { return transfer_count_; }
  // The label of the shown step's transfer from src to dst, for a replay's
  // in-flight arrow in step `step`; null unless that step is the shown one.
  const std::string* LabelOf(std::int64_t step, int src, int dst) const;

  // Reductions (allreduce, reduce-scatter, reduce) mark a cell complete when
  // it holds the sum over all p ranks.
  bool IsReduction() const;
  bool IsComplete(int rank, int slot) const;

  // Playback: Tick advances `steps_per_second` steps a second while playing
  // and stops at the last step.
  bool playing() const { return playing_; }
  void SetPlaying(bool playing);
  void TogglePlaying() { SetPlaying(!playing_); }
  double steps_per_second = 1.0;
  void Tick(double dt_s);
  // Seconds since the shown step changed, for the chunk animation.
  double StepAge() const { return step_age_s_; }

  // Prices under the chosen preset.
  const engine::CostModel& cost_model() const { return cost_model_; }
  std::string_view preset_name() const { return preset_name_; }
  const std::vector<engine::StepCost>& StepCosts() const { return step_costs_; }
  const engine::CostBreakdown& TotalCost() const { return total_cost_; }
  // The sum of the step costs of steps 1..step().
  engine::CostBreakdown RunningCost() const;

  // Lessons: the files in lessons/, or the compiled-in copies without one.
  // Files that failed to load are listed in lesson_errors() and skipped.
  const std::vector<Lesson>& lessons() const { return lessons_; }
  const std::vector<std::string>& lesson_errors() const { return lesson_errors_; }
  // Lessons > Reload lesson files: reads the lessons folder again. Files that
  // fail are skipped and listed in lesson_errors(); when none loads, the
  // lessons already loaded stay. What is shown (setup, step) stays as it is.
  void ReloadLessons();
  // Scenes of the open lesson (the eight collectives, ring and tree ...).
  int scene_index() const { return scene_index_; }
  int SceneCount() const;
  void OpenScene(int index);
  // "Try it yourself": back to the scene as the lesson set it up.
  void ResetScene() { OpenScene(scene_index_ < 0 ? 0 : scene_index_); }
  // The step where the scene's walk ends (its last_step, else the last).
  int SceneLastStep() const;
  // Progress: a lesson is done once its last scene was walked to its end.
  bool LessonDone(const std::string& id) const { return done_.count(id) != 0; }
  int LessonsDone() const { return static_cast<int>(done_.size()); }

  // Check your understanding (see PredictionScore).
  bool predicting = false;
  const std::set<std::pair<int, int>>& Prediction() const { return prediction_; }
  void TogglePrediction(int rank, int slot);
  // Steps forward and scores the marked cells against the cells written.
  void CheckPrediction();
  const std::optional<PredictionScore>& Score() const { return score_; }
  // Cells marked before the step that was just checked (for the table).
  const std::set<std::pair<int, int>>& CheckedPrediction() const { return checked_; }
  int lesson_index() const { return lesson_index_; }  // -1: a custom setup
  const Lesson* lesson() const;
  // PageDown / PageUp of a presentation clicker: step, and past the ends of a
  // lesson move to the next (previous) lesson.
  void ClickerNext();
  void ClickerPrevious();

  // A trace opened with --trace or File > Open: its timeline is shown under
  // the views, and the schedule of its run is loaded beside it. A trace that
  // fails to load leaves everything as it was and returns the error line.
  // LoadTrace imports on the calling thread; the GUI imports on a thread of
  // its own (TraceLoader) and hands the result to AdoptTrace.
  std::optional<std::string> LoadTrace(const std::string& path);
  // Shows an imported trace. Traces without per-step events are taken too:
  // nccl-tests measurements (busbw plot), NCCL log topology (rings and
  // trees), Kineto runs; the schedule loaded beside them is their
  // collective at their rank count. `path` names the file(s) for the UI.
  std::optional<std::string> AdoptTrace(std::shared_ptr<trace::Trace> loaded, std::string path);
  const trace::Trace* loaded_trace() const { return trace_.get(); }
  const std::string& trace_path() const { return trace_path_; }
  // The run the timeline shows: the first with per-step events, or the one
  // chosen with ShowTraceRun (-1: none).
  int trace_run() const { return trace_run_; }
  // The runs with per-step events: a recording's iterations.
  std::vector<int> TimedTraceRuns() const;
  // Shows run `run` (one of TimedTraceRuns) on the timeline and in the replay.
  void ShowTraceRun(int run);
  // Shows every timed run end to end, as one stretch of the timeline.
  void ShowAllTraceRuns();
  bool showing_all_trace_runs() const { return all_runs_ != nullptr; }
  // Replay of that run in scaled time: while it is active, Tick shows the
  // step most ranks are in at the playhead.
  TraceReplay& replay() { return replay_; }
  const TraceReplay& replay() const { return replay_; }

  ViewSettings view;
  // The centre view actually drawn (kAuto resolved from the algorithm).
  CentreView EffectiveView() const;

 private:
  void RefreshStep();
  std::optional<std::string> LoadScene(int index);
  void ComputePhaseStarts();

  Config config_;
  std::unique_ptr<engine::Schedule> schedule_;
  std::unique_ptr<engine::BufferState> buffers_;
  std::string buffers_note_;
  std::string message_;
  std::int64_t step_ = 0;
  std::vector<PhaseStart> phase_starts_;
  std::vector<ShownTransfer> transfers_;
  std::size_t transfer_count_ = 0;
  std::vector<engine::Transfer> scratch_;
  bool playing_ = false;
  double play_accumulator_ = 0;
  double step_age_s_ = 1e9;
  engine::CostModel cost_model_;
  std::string preset_name_;
  std::vector<engine::StepCost> step_costs_;
  engine::CostBreakdown total_cost_;
  std::vector<Lesson> lessons_;
  std::vector<std::string> lesson_errors_;
  int lesson_index_ = -1;
  int scene_index_ = -1;
  std::set<std::pair<int, int>> prediction_;
  std::set<std::pair<int, int>> checked_;
  std::set<std::string> done_;
  std::optional<PredictionScore> score_;
  std::shared_ptr<const trace::Trace> trace_;
  std::string trace_path_;
  int trace_run_ = -1;
  // "All end to end": a copy of the trace whose one run holds the steps of
  // every timed run (null while one run is shown).
  std::shared_ptr<const trace::Trace> all_runs_;
  TraceReplay replay_;
};

// The lessons of the files in `folder`, in lecture order; errors gets one
// line per file that was skipped. An empty folder name means none was found:
// the lessons compiled into the binary stand in.
std::vector<Lesson> LessonsFromFiles(const std::string& folder, std::vector<std::string>& errors);
// A scene of a lesson file as a configuration to load.
Config SceneConfig(const lessons::Scene& scene);
inline constexpr std::string_view kDefaultLessonId = "ring-allreduce";
inline constexpr std::string_view kDefaultPreset = "delta-a100x4";

// How many terms a label spells out before it is abbreviated: the whole sum
// for the lecture's small examples, "a0+…+a63 (64)" above.
int LabelTerms(int ranks);

}  // namespace collscope::gui
