#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "engine/buffer_state.h"

namespace collscope::gui {

// "Check your understanding": before a step the student marks the cells they
// expect it to write; checking steps forward and scores the guess.
struct PredictionScore {
  std::int64_t step = 0;
  int right = 0;   // marked and written
  int wrong = 0;   // marked, not written
  int missed = 0;  // written, not marked
};

// The prediction exercise: whether it is on, the cells marked for the next
// step, and the score of the step last checked.
class PredictionQuiz {
 public:
  using CellSet = std::set<std::pair<int, int>>;  // (rank, slot)

  bool on() const { return on_; }
  void SetOn(bool on) { on_ = on; }
  const CellSet& Prediction() const { return prediction_; }
  void Toggle(int rank, int slot);
  // The step is about to be checked: the marks become the checked ones.
  CellSet TakePrediction() { return std::move(prediction_); }
  // Scores `marked` against the cells `step` wrote.
  void Score(CellSet marked, std::int64_t step, const std::vector<engine::CellRef>& written);
  const std::optional<PredictionScore>& score() const { return score_; }
  // Cells marked before the step that was just checked (for the table).
  const CellSet& Checked() const { return checked_; }
  // Marks are a guess about the next step; any move of the step ends them.
  void Clear();

 private:
  bool on_ = false;
  CellSet prediction_;
  CellSet checked_;
  std::optional<PredictionScore> score_;
};

}  // namespace collscope::gui
