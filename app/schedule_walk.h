#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/buffer_state.h"
#include "engine/collective.h"
#include "engine/cost_model.h"
#include "engine/schedule.h"
#include "engine/transfer.h"

namespace collscope::gui {

// What is loaded: one collective run by one algorithm on p ranks.
struct Config {
  engine::Collective collective = engine::Collective::kAllReduce;
  std::string algorithm = "ring";
  int ranks = 5;
  int root = 0;
  double bytes = 64e6;  // the lecture's n: 64 MB (slide 9's message size)
  std::string preset;   // a CostPresets() name; empty = the default preset
  // A lesson scene's name for a rank's one input block (lessons::Scene).
  std::string input_name;
};

// A label as the views show it: the engine's ("a2", "b2+b1"), with a
// rank's one input block named by the scene's input_name where it has one
// and the collective one block per rank ("t2").
std::string ShownLabel(const Config& config, std::string label);
// The buffer table's heading of column `slot`: its chunk letter, or where
// the lesson names the ranks' input blocks (t0..t3), the block that slot
// holds (slot i holds rank i's block in every such collective).
std::string ColumnName(const Config& config, int slot);

inline constexpr std::string_view kDefaultPreset = "delta-a100x4";

// One transfer of the current step with the chunk it carries, as the sender
// held it before the step ("a0", "b2+b1").
struct ShownTransfer {
  engine::Transfer transfer;
  std::string label;
};

// How many terms a label spells out before it is abbreviated: the whole sum
// for the lecture's small examples, "a0+…+a63 (64)" above.
int LabelTerms(int ranks);

// Stepping and cost: the schedule of one configuration walked a step at a
// time (or played), its symbolic buffers at the shown step, the shown step's
// transfers with the chunks they carry, and the prices under the chosen
// preset.
class ScheduleWalk {
 public:
  // Views draw every transfer up to this many; above it they aggregate and
  // labels are not computed.
  static constexpr std::size_t kMaxLabelledTransfers = 512;
  // The buffer simulation is refused above this (docs/engine.md: within 2 GiB).
  static constexpr std::int64_t kMaxBufferBytes = std::int64_t{2} << 30;
  // The largest p the GUI opens (-p, the p field); the command line prices
  // schedules up to engine::kMaxRanks.
  static constexpr int kMaxGuiRanks = 16384;
  // Up to this p the buffer table labels its cells (a heat map above).
  static constexpr int kMostLabelledRanks = 64;

  // Builds the schedule, the buffer simulation and the prices, and shows
  // step 0. On error what was loaded stays and the error is returned.
  std::optional<std::string> Load(const Config& config);

  const Config& config() const { return config_; }
  const engine::Schedule& schedule() const { return *schedule_; }
  // Null when p is too large for the symbolic buffers (see buffers_note()).
  const engine::BufferState* buffers() const { return buffers_.get(); }
  const std::string& buffers_note() const { return buffers_note_; }

  // Steps: 0 = the initial state, 1..step_count() the algorithm's steps.
  std::int64_t step() const { return step_; }
  std::int64_t step_count() const { return schedule_->StepCount(); }
  bool AtEnd() const { return step_ == step_count(); }
  // Shows `step` (clamped). A step the simulation refuses stops the walk
  // (and the playing) where the simulation stopped; its error is returned.
  std::optional<std::string> SeekStep(std::int64_t step);
  // The phase of a step ("initial" at step 0).
  std::string_view PhaseOf(std::int64_t step) const;
  struct PhaseStart {
    std::int64_t step;
    std::string name;
  };
  // First step of every phase, in order, with its name.
  const std::vector<PhaseStart>& PhaseStarts() const { return phase_starts_; }

  // The shown step's transfers; labels are empty when there are more than
  // kMaxLabelledTransfers of them.
  const std::vector<ShownTransfer>& Transfers() const { return transfers_; }
  std::size_t TransferCount() const { return transfer_count_; }
  // The label of the shown step's transfer from src to dst, for a replay's
  // in-flight arrow in step `step`; null unless that step is the shown one.
  const std::string* LabelOf(std::int64_t step, int src, int dst) const;
  // Reductions mark a cell complete when it holds the sum over all p ranks.
  bool IsComplete(int rank, int slot) const;
  // Every shape a cell's label takes at any step of the walk, spelt with
  // `max_terms` in {LabelTerms(p), 2}, its chunk letters written as
  // kLetters and each digit as '0' (so a few dozen shapes stand for
  // thousands of labels). The table sizes its columns once for all steps
  // from the widest: a ring's partial sum "e0+e7+e6+e5+e4" is wider than its
  // complete "e0+…+e7 (8)". Empty above kMostLabelledRanks or without buffers.
  static constexpr char kLetters = '@';
  const std::vector<std::string>& LabelShapes(int max_terms) const {
    return max_terms == 2 ? shapes_ends_ : shapes_full_;
  }

  // Playback: Play advances steps_per_second() steps a second while
  // playing and stops at the last step; it returns the error of a refused
  // step.
  bool playing() const { return playing_; }
  void SetPlaying(bool playing);
  double steps_per_second() const { return steps_per_second_; }
  void SetStepsPerSecond(double steps) { steps_per_second_ = steps; }
  std::optional<std::string> Play(double dt_s);
  // Counts every time the shown step was (re)computed: a load, a seek, a
  // step of playback, so the owner can tell that the shown step changed.
  std::uint64_t shown() const { return shown_; }
  // Seconds since the shown step changed, for the chunk animation.
  double StepAge() const { return step_age_s_; }
  void Age(double dt_s) { step_age_s_ += dt_s; }

  // Prices under the chosen preset.
  const engine::CostModel& cost_model() const { return cost_model_; }
  std::string_view preset_name() const { return preset_name_; }
  const std::vector<engine::StepCost>& StepCosts() const { return step_costs_; }
  const engine::CostBreakdown& TotalCost() const { return total_cost_; }
  // The sum of the step costs of steps 1..step().
  engine::CostBreakdown RunningCost() const;

 private:
  void RefreshTransfers();
  void ComputePhaseStarts();
  void ComputeLabelShapes();

  Config config_;
  std::unique_ptr<engine::Schedule> schedule_;
  std::unique_ptr<engine::BufferState> buffers_;
  std::string buffers_note_;
  std::int64_t step_ = 0;
  std::vector<PhaseStart> phase_starts_;
  std::vector<std::string> shapes_full_;
  std::vector<std::string> shapes_ends_;
  std::vector<ShownTransfer> transfers_;
  std::size_t transfer_count_ = 0;
  std::vector<engine::Transfer> scratch_;
  bool playing_ = false;
  double steps_per_second_ = 1.0;
  double play_accumulator_ = 0;
  double step_age_s_ = 1e9;
  std::uint64_t shown_ = 0;
  engine::CostModel cost_model_;
  std::string preset_name_;
  std::vector<engine::StepCost> step_costs_;
  engine::CostBreakdown total_cost_;
};

}  // namespace collscope::gui
