#include "app/app_state.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/algorithm.h"
#include "trace/importers/importer.h"
#include "trace/stats.h"

namespace collscope::gui {

namespace {

std::string GiB(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
  return text;
}

// A trace without per-step events (nccl-tests, an NCCL log, Kineto) names a
// collective and a rank count but no schedule: show the one the lecture
// would price (the run's algorithm when the engine knows it), so the busbw
// plot's model curve and the ring/tree toggle agree with the cost panel.
std::optional<Config> ScheduleBesideTrace(const trace::Trace& loaded, Config config) {
  std::string collective_name = "allreduce";
  std::string algorithm;
  std::int64_t bytes = 0;
  int ranks = static_cast<int>(loaded.RankCount());
  if (!loaded.measurements.empty()) {
    const trace::Measurement& first = loaded.measurements.front();
    collective_name = first.collective;
    if (first.ranks > 0) ranks = first.ranks;
    for (const trace::Measurement& m : loaded.measurements) {
      if (m.collective == first.collective) bytes = std::max(bytes, m.bytes);
    }
  } else {
    for (const trace::Run& run : loaded.runs) {
      if (!engine::ParseCollective(run.collective)) continue;
      collective_name = run.collective;
      algorithm = run.algorithm;
      bytes = run.bytes;
      // A one-rank profile of an 8-rank job ran on 8 ranks.
      ranks = std::max(ranks, run.comm_ranks);
      break;
    }
  }
  const auto collective = engine::ParseCollective(collective_name);
  if (!collective || ranks < 1) return std::nullopt;
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(algorithm);
  config.collective = *collective;
  config.algorithm = info && engine::Supports(*info, *collective)
                         ? algorithm
                         : std::string(engine::DefaultAlgorithm(*collective));
  config.ranks = ranks;
  config.root = 0;
  // A log without calls names no size: the lecture's n then.
  config.bytes = bytes > 0 ? static_cast<double>(bytes) : Config{}.bytes;
  config.preset = trace::DefaultPresetFor(loaded);
  return config;
}

}  // namespace

int LabelTerms(int ranks) { return ranks <= 6 ? ranks : 3; }

Config SceneConfig(const lessons::Scene& scene) {
  Config config;
  config.collective = scene.collective;
  config.algorithm = scene.algorithm;
  config.ranks = scene.ranks;
  config.root = scene.root;
  config.bytes = scene.bytes;
  config.preset = scene.preset;
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

AppState::AppState() {
  lessons_ = LessonsFromFiles(lessons::FindLessonsDirectory().string(), lesson_errors_);
  if (auto error = OpenLesson(kDefaultLessonId)) {
    // The built-in default always builds once the engine does; fall back to
    // the plain configuration so the window still opens.
    message_ = *error;
    Load(Config{});
  }
  // A lesson file that did not load is reported, never fatal.
  if (!lesson_errors_.empty() && message_.empty()) {
    message_ = "skipped " + std::to_string(lesson_errors_.size()) +
               " lesson file(s): " + lesson_errors_.front();
  }
}

std::optional<std::string> AppState::Load(const Config& config, int lesson_index) {
  if (config.ranks < 1 || config.ranks > kMaxGuiRanks) {
    return "p must be between 1 and " + std::to_string(kMaxGuiRanks) + " (got " +
           std::to_string(config.ranks) + ")";
  }
  if (!(config.bytes >= 0) || !std::isfinite(config.bytes)) return "n must be a byte count >= 0";
  engine::BuildResult built =
      engine::BuildSchedule(config.collective, config.algorithm, config.ranks, config.root);
  if (!built.schedule) return built.error;

  engine::CostModel model;
  std::string preset_name;
  const auto& presets = engine::CostPresets();
  if (config.preset.empty()) {
    // Default: the lecture's hardware (slide 13), Delta's 4x A100 node.
    const auto preset = engine::FindCostPreset(kDefaultPreset);
    if (preset) {
      model = preset->model;
      preset_name = preset->name;
    } else if (!presets.empty()) {
      model = presets.front().model;
      preset_name = presets.front().name;
    }
  } else if (auto preset = engine::FindCostPreset(config.preset)) {
    model = preset->model;
    preset_name = preset->name;
  } else {
    return "unknown cost preset '" + config.preset + "'";
  }

  std::unique_ptr<engine::BufferState> buffers;
  std::string note;
  const std::int64_t estimate = engine::BufferState::EstimateBytes(*built.schedule);
  if (estimate > kMaxBufferBytes) {
    note = "The buffer table is off: simulating p = " + std::to_string(config.ranks) +
           " needs about " + GiB(estimate) + " (limit " + GiB(kMaxBufferBytes) +
           "). Pricing still works.";
  } else {
    buffers =
        std::make_unique<engine::BufferState>(*built.schedule, config.collective, config.root);
  }

  std::vector<engine::StepCost> costs;
  const engine::CostBreakdown total =
      engine::PriceSchedule(*built.schedule, config.bytes, model, &costs);

  buffers_ = std::move(buffers);
  schedule_ = std::move(built.schedule);
  buffers_note_ = std::move(note);
  config_ = config;
  config_.preset = preset_name;
  cost_model_ = model;
  preset_name_ = preset_name;
  step_costs_ = std::move(costs);
  total_cost_ = total;
  lesson_index_ = lesson_index;
  if (lesson_index < 0) scene_index_ = -1;
  playing_ = false;
  play_accumulator_ = 0;
  message_.clear();
  step_ = 0;
  step_age_s_ = 1e9;
  ComputePhaseStarts();
  RefreshStep();
  return std::nullopt;
}

std::optional<std::string> AppState::OpenLesson(std::string_view id) {
  for (std::size_t i = 0; i < lessons_.size(); ++i) {
    if (lessons_[i].id == id) {
      lesson_index_ = static_cast<int>(i);
      scene_index_ = -1;
      view.show_figure = true;
      predicting = lessons_[i].file && lessons_[i].file->predict && predicting;
      return LoadScene(0);
    }
  }
  std::string known;
  for (const Lesson& lesson : lessons_) known += (known.empty() ? "" : ", ") + lesson.id;
  return "unknown lesson '" + std::string(id) + "' (known: " + known + ")";
}

void AppState::OpenLessonIndex(int index) {
  if (index < 0 || index >= static_cast<int>(lessons_.size())) return;
  if (auto error = OpenLesson(lessons_[static_cast<std::size_t>(index)].id)) message_ = *error;
}

int AppState::SceneCount() const {
  const Lesson* open = lesson();
  return open && open->file ? static_cast<int>(open->file->scenes.size()) : 1;
}

std::optional<std::string> AppState::LoadScene(int index) {
  const Lesson& open = lessons_[static_cast<std::size_t>(lesson_index_)];
  Config config = open.config;
  int first_step = 0;
  if (open.file) {
    const lessons::Scene& scene = open.file->scenes[static_cast<std::size_t>(index)];
    config = SceneConfig(scene);
    first_step = scene.first_step;
    if (!scene.panels.empty()) {
      auto shows = [&](const char* name) {
        return std::find(scene.panels.begin(), scene.panels.end(), name) != scene.panels.end();
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
  if (auto error = Load(config, lesson_index_)) return error;
  scene_index_ = index;
  if (first_step > 0) SeekStep(first_step);
  return std::nullopt;
}

void AppState::OpenScene(int index) {
  if (lesson_index_ < 0 || index < 0 || index >= SceneCount()) return;
  if (auto error = LoadScene(index)) message_ = *error;
}

void AppState::TogglePrediction(int rank, int slot) {
  auto cell = std::make_pair(rank, slot);
  if (!prediction_.erase(cell)) prediction_.insert(cell);
}

void AppState::CheckPrediction() {
  if (AtEnd() || !buffers_) return;
  std::set<std::pair<int, int>> marked = std::move(prediction_);
  StepForward();
  PredictionScore score;
  score.step = step_;
  for (const engine::CellRef& cell : buffers_->ChangedInStep(step_)) {
    if (marked.count({cell.rank, cell.slot})) {
      ++score.right;
    } else {
      ++score.missed;
    }
  }
  score.wrong = static_cast<int>(marked.size()) - score.right;
  checked_ = std::move(marked);
  score_ = score;
}

std::vector<int> AppState::TimedTraceRuns() const {
  std::vector<int> runs;
  if (!trace_) return runs;
  for (std::size_t i = 0; i < trace_->runs.size(); ++i) {
    if (!trace_->runs[i].steps.empty()) runs.push_back(static_cast<int>(i));
  }
  return runs;
}

void AppState::ShowTraceRun(int run) {
  if (!trace_ || run < 0 || run >= static_cast<int>(trace_->runs.size()) ||
      trace_->runs[static_cast<std::size_t>(run)].steps.empty()) {
    return;
  }
  all_runs_.reset();
  trace_run_ = run;
  replay_.Attach(trace_, run);
}

void AppState::ShowAllTraceRuns() {
  const std::vector<int> runs = TimedTraceRuns();
  if (runs.empty()) return;
  auto all = std::make_shared<trace::Trace>();
  all->meta = trace_->meta;
  all->ranks = trace_->ranks;
  all->phases = trace_->phases;
  all->complete = trace_->complete;
  trace::Run joined = trace_->runs[static_cast<std::size_t>(runs.front())];
  joined.steps.clear();
  std::size_t events = 0;
  for (int run : runs) events += trace_->runs[static_cast<std::size_t>(run)].steps.size();
  joined.steps.reserve(events);
  for (int run : runs) {
    const trace::Run& r = trace_->runs[static_cast<std::size_t>(run)];
    joined.t_start_ns = std::min(joined.t_start_ns, r.t_start_ns);
    joined.t_end_ns = std::max(joined.t_end_ns, r.t_end_ns);
    joined.steps.insert(joined.steps.end(), r.steps.begin(), r.steps.end());
  }
  all->runs.push_back(std::move(joined));
  all_runs_ = all;
  trace_run_ = runs.front();
  replay_.Attach(all_runs_, 0);
}

std::optional<std::string> AppState::LoadTrace(const std::string& path) {
  auto imported = trace::ImportFiles({path}, "auto");
  if (!imported.ok()) return imported.error();
  return AdoptTrace(std::make_shared<trace::Trace>(std::move(imported.value().trace)), path);
}

std::optional<std::string> AppState::AdoptTrace(std::shared_ptr<trace::Trace> loaded,
                                                std::string path) {
  if (!loaded) return path + ": no trace";
  int run_index = -1;
  for (std::size_t i = 0; i < loaded->runs.size(); ++i) {
    if (!loaded->runs[i].steps.empty()) {
      run_index = static_cast<int>(i);
      break;
    }
  }
  if (run_index < 0 && loaded->runs.empty() && loaded->measurements.empty() &&
      loaded->topology.Empty() && loaded->tuning_choices.empty() && loaded->tuning_table.empty()) {
    return path + ": nothing to show (no runs, measurements, topology or TUNING lines)";
  }
  if (run_index >= 0) {
    const trace::Run& run = loaded->runs[static_cast<std::size_t>(run_index)];
    // Show the schedule the run followed beside its timeline, when the engine
    // knows it (a recorder trace names it; other sources may not).
    auto collective = engine::ParseCollective(run.collective);
    if (collective) {
      Config config = config_;
      config.collective = *collective;
      config.algorithm = run.algorithm.empty() ? std::string(engine::DefaultAlgorithm(*collective))
                                               : run.algorithm;
      config.ranks = static_cast<int>(loaded->RankCount());
      config.root = 0;
      config.bytes = static_cast<double>(run.bytes);
      config.preset = std::string(kDefaultPreset);
      if (auto error = Load(config)) message_ = "trace loaded, but its schedule: " + *error;
    }
  } else if (auto config = ScheduleBesideTrace(*loaded, config_)) {
    if (auto error = Load(*config)) message_ = "trace loaded, but its schedule: " + *error;
  }
  trace_ = std::move(loaded);
  trace_run_ = run_index;
  all_runs_.reset();
  replay_.Attach(trace_, run_index);
  trace_path_ = std::move(path);
  view.show_trace_picture = true;
  return std::nullopt;
}

void AppState::ReloadLessons() {
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

const std::string* AppState::LabelOf(std::int64_t step, int src, int dst) const {
  if (step != step_) return nullptr;
  for (const ShownTransfer& shown : transfers_) {
    if (shown.transfer.src == src && shown.transfer.dst == dst) return &shown.label;
  }
  return nullptr;
}

const Lesson* AppState::lesson() const {
  return lesson_index_ >= 0 ? &lessons_[static_cast<std::size_t>(lesson_index_)] : nullptr;
}

bool AppState::SeekStep(std::int64_t step) {
  step = std::clamp<std::int64_t>(step, 0, step_count());
  if (step == step_) return true;
  if (buffers_ && !buffers_->SeekStep(step)) {
    message_ = "step " + std::to_string(step) + ": " + buffers_->Error().value_or("invalid");
    step = buffers_->CurrentStep();
    playing_ = false;
  }
  const bool moved = step != step_;
  step_ = step;
  step_age_s_ = 0;
  RefreshStep();
  return moved;
}

std::string_view AppState::PhaseOf(std::int64_t step) const {
  if (step <= 0 || step > step_count()) return "initial";
  return schedule_->Phase(step);
}

std::string_view AppState::Phase() const { return PhaseOf(step_); }

void AppState::ComputePhaseStarts() {
  phase_starts_.clear();
  std::string_view previous;
  for (std::int64_t s = 1; s <= step_count(); ++s) {
    const std::string_view phase = schedule_->Phase(s);
    if (s == 1 || phase != previous) phase_starts_.push_back({s, std::string(phase)});
    previous = phase;
  }
}

void AppState::RefreshStep() {
  if (lesson_index_ >= 0 && scene_index_ + 1 >= SceneCount() && step_ >= SceneLastStep()) {
    done_.insert(lessons_[static_cast<std::size_t>(lesson_index_)].id);
  }
  // Marks are a guess about the next step; any move of the step ends them.
  prediction_.clear();
  checked_.clear();
  score_.reset();
  transfers_.clear();
  scratch_.clear();
  if (step_ > 0) schedule_->AppendTransfers(step_, scratch_);
  transfer_count_ = scratch_.size();
  const bool label = buffers_ && scratch_.size() <= kMaxLabelledTransfers;
  if (label) buffers_->SeekStep(step_ - 1);
  transfers_.reserve(scratch_.size());
  const int max_terms = LabelTerms(config_.ranks);
  for (const engine::Transfer& transfer : scratch_) {
    transfers_.push_back(
        {transfer, label ? engine::CarriedLabel(*buffers_, transfer, max_terms) : std::string()});
  }
  if (label) buffers_->SeekStep(step_);
}

bool AppState::IsReduction() const { return engine::Reduces(config_.collective); }

bool AppState::IsComplete(int rank, int slot) const {
  if (!buffers_ || !IsReduction()) return false;
  const engine::Cell& cell = buffers_->At(rank, slot);
  return !cell.Empty() && buffers_->Pool().TermCount(cell) == config_.ranks;
}

void AppState::SetPlaying(bool playing) {
  if (playing && AtEnd()) SeekStep(0);
  playing_ = playing && !AtEnd();
  play_accumulator_ = 0;
}

void AppState::Tick(double dt_s) {
  step_age_s_ += dt_s;
  if (replay_.Tick(dt_s) && replay_.Active()) {
    SeekStep(std::min<std::int64_t>(replay_.snapshot().shown_step, step_count()));
  }
  if (!playing_) return;
  play_accumulator_ += dt_s * steps_per_second;
  while (play_accumulator_ >= 1.0 && playing_) {
    play_accumulator_ -= 1.0;
    StepForward();
    if (AtEnd()) playing_ = false;
  }
}

engine::CostBreakdown AppState::RunningCost() const {
  engine::CostBreakdown sum;
  for (const engine::StepCost& cost : step_costs_) {
    if (cost.index > step_) break;
    sum.Add(cost);
  }
  return sum;
}

int AppState::SceneLastStep() const {
  const Lesson* open = lesson();
  if (open && open->file && scene_index_ >= 0) {
    const int last = open->file->scenes[static_cast<std::size_t>(scene_index_)].last_step;
    if (last >= 0 && last < step_count()) return last;
  }
  return static_cast<int>(step_count());
}

void AppState::ClickerNext() {
  if (step_ < SceneLastStep()) {
    StepForward();
  } else if (lesson_index_ >= 0 && scene_index_ + 1 < SceneCount()) {
    OpenScene(scene_index_ + 1);
  } else if (lesson_index_ >= 0 && lesson_index_ + 1 < static_cast<int>(lessons_.size())) {
    OpenLessonIndex(lesson_index_ + 1);
  }
}

void AppState::ClickerPrevious() {
  if (step_ > 0) {
    StepBack();
  } else if (lesson_index_ >= 0 && scene_index_ > 0) {
    OpenScene(scene_index_ - 1);
    SeekStep(step_count());
  } else if (lesson_index_ > 0) {
    OpenLessonIndex(lesson_index_ - 1);
    OpenScene(SceneCount() - 1);
    SeekStep(step_count());
  }
}

CentreView AppState::EffectiveView() const {
  if (view.view != CentreView::kAuto) return view.view;
  // An algorithm that runs on a tree is shown on it.
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(config_.algorithm);
  return info && info->tree_shape != engine::TreeShape::kNone ? CentreView::kTree
                                                              : CentreView::kRing;
}

}  // namespace collscope::gui
