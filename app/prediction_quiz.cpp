#include "app/prediction_quiz.h"

namespace collscope::gui {

void PredictionQuiz::Toggle(int rank, int slot) {
  auto cell = std::make_pair(rank, slot);
  if (!prediction_.erase(cell)) prediction_.insert(cell);
}

void PredictionQuiz::Score(CellSet marked, std::int64_t step,
                           const std::vector<engine::CellRef>& written) {
  PredictionScore score;
  score.step = step;
  for (const engine::CellRef& cell : written) {
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

void PredictionQuiz::Clear() {
  prediction_.clear();
  checked_.clear();
  score_.reset();
}

}  // namespace collscope::gui
