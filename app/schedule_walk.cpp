#include "app/schedule_walk.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/lessons/lesson.h"
#include "engine/algorithm.h"

namespace collscope::gui {

namespace {

std::string GiB(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
  return text;
}

}  // namespace

int LabelTerms(int ranks) { return ranks <= 6 ? ranks : 3; }

std::string ShownLabel(const Config& config, std::string label) {
  if (config.input_name.empty() || !lessons::HasOneInputBlockPerRank(config.collective)) {
    return label;
  }
  return lessons::NameInputBlocks(label, config.input_name);
}

std::string ColumnName(const Config& config, int slot) {
  if (config.input_name.empty() || !lessons::HasOneInputBlockPerRank(config.collective)) {
    return engine::ChunkLetters(slot);
  }
  return config.input_name + std::to_string(slot);
}

std::optional<std::string> ScheduleWalk::Load(const Config& config) {
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
  playing_ = false;
  play_accumulator_ = 0;
  step_ = 0;
  step_age_s_ = 1e9;
  ComputePhaseStarts();
  ComputeLabelShapes();
  RefreshTransfers();
  return std::nullopt;
}

void ScheduleWalk::ComputeLabelShapes() {
  shapes_full_.clear();
  shapes_ends_.clear();
  if (!buffers_ || config_.ranks > kMostLabelledRanks) return;
  std::set<std::string> full;
  std::set<std::string> ends;
  auto shape = [](std::string label) {
    std::string out;
    for (std::size_t i = 0; i < label.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(label[i]);
      if (std::isdigit(c)) {
        out += '0';
      } else if (std::isalpha(c)) {
        // A run of chunk letters ("a", "ab") is one placeholder.
        if (i == 0 || !std::isalpha(static_cast<unsigned char>(label[i - 1]))) out += kLetters;
      } else {
        out += label[i];
      }
    }
    return out;
  };
  const int terms = LabelTerms(config_.ranks);
  auto add = [&](int rank, int slot) {
    full.insert(shape(buffers_->Label(rank, slot, terms)));
    ends.insert(shape(buffers_->Label(rank, slot, 2)));
  };
  // Step 0 whole, then the cells each step writes; a step the simulation
  // refuses ends the walk there (SeekStep reports it to whoever steps).
  buffers_->SeekStep(0);
  for (int r = 0; r < buffers_->Ranks(); ++r) {
    for (int s = 0; s < buffers_->Slots(); ++s) add(r, s);
  }
  for (std::int64_t step = 1; step <= step_count() && buffers_->SeekStep(step); ++step) {
    for (const engine::CellRef& cell : buffers_->ChangedInStep(step)) add(cell.rank, cell.slot);
  }
  buffers_->SeekStep(0);
  shapes_full_.assign(full.begin(), full.end());
  shapes_ends_.assign(ends.begin(), ends.end());
}

std::optional<std::string> ScheduleWalk::SeekStep(std::int64_t step) {
  step = std::clamp<std::int64_t>(step, 0, step_count());
  if (step == step_) return std::nullopt;
  std::optional<std::string> error;
  if (buffers_ && !buffers_->SeekStep(step)) {
    error = "step " + std::to_string(step) + ": " + buffers_->Error().value_or("invalid");
    step = buffers_->CurrentStep();
    playing_ = false;
  }
  step_ = step;
  step_age_s_ = 0;
  RefreshTransfers();
  return error;
}

std::string_view ScheduleWalk::PhaseOf(std::int64_t step) const {
  if (step <= 0 || step > step_count()) return "initial";
  return schedule_->Phase(step);
}

void ScheduleWalk::ComputePhaseStarts() {
  phase_starts_.clear();
  std::string_view previous;
  for (std::int64_t s = 1; s <= step_count(); ++s) {
    const std::string_view phase = schedule_->Phase(s);
    if (s == 1 || phase != previous) phase_starts_.push_back({s, std::string(phase)});
    previous = phase;
  }
}

void ScheduleWalk::RefreshTransfers() {
  ++shown_;
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
        {transfer, label ? ShownLabel(config_, engine::CarriedLabel(*buffers_, transfer, max_terms))
                         : std::string()});
  }
  if (label) buffers_->SeekStep(step_);
}

const std::string* ScheduleWalk::LabelOf(std::int64_t step, int src, int dst) const {
  if (step != step_) return nullptr;
  for (const ShownTransfer& shown : transfers_) {
    if (shown.transfer.src == src && shown.transfer.dst == dst) return &shown.label;
  }
  return nullptr;
}

bool ScheduleWalk::IsComplete(int rank, int slot) const {
  if (!buffers_ || !engine::Reduces(config_.collective)) return false;
  const engine::Cell& cell = buffers_->At(rank, slot);
  return !cell.Empty() && buffers_->Pool().TermCount(cell) == config_.ranks;
}

void ScheduleWalk::SetPlaying(bool playing) {
  playing_ = playing && !AtEnd();
  play_accumulator_ = 0;
}

std::optional<std::string> ScheduleWalk::Play(double dt_s) {
  if (!playing_) return std::nullopt;
  std::optional<std::string> error;
  play_accumulator_ += dt_s * steps_per_second_;
  while (play_accumulator_ >= 1.0 && playing_) {
    play_accumulator_ -= 1.0;
    if (auto refused = SeekStep(step_ + 1)) error = refused;
    if (AtEnd()) playing_ = false;
  }
  return error;
}

engine::CostBreakdown ScheduleWalk::RunningCost() const {
  engine::CostBreakdown sum;
  for (const engine::StepCost& cost : step_costs_) {
    if (cost.index > step_) break;
    sum.Add(cost);
  }
  return sum;
}

}  // namespace collscope::gui
