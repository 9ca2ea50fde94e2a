#include "app/panels/transfer_arrows.h"

#include <algorithm>

namespace collscope::gui {

namespace {

constexpr double kAnimationSeconds = 0.7;

float Smooth(float t) { return t * t * (3 - 2 * t); }

}  // namespace

bool ShowsReplay(const AppState& state) {
  const TraceReplay& replay = state.replay();
  return replay.Active() &&
         replay.snapshot().ranks.size() == static_cast<std::size_t>(state.config().ranks);
}

bool RankWaiting(const AppState& state, int rank) {
  return ShowsReplay(state) && rank >= 0 && rank < state.config().ranks &&
         state.replay().snapshot().ranks[static_cast<std::size_t>(rank)].waiting;
}

std::vector<ViewArrow> ArrowsToDraw(const AppState& state, std::size_t max_arrows,
                                    std::size_t* stride) {
  std::vector<ViewArrow> arrows;
  const int p = state.config().ranks;
  *stride = 1;
  if (ShowsReplay(state)) {
    const TraceReplay& replay = state.replay();
    const trace::Run& run = *replay.run();
    const trace::Trace& trace = *state.loaded_trace();
    const std::int64_t t_ns = replay.snapshot().t_ns;
    for (const std::uint32_t i : replay.snapshot().in_flight) {
      const trace::StepEvent& e = run.steps[i];
      if (e.send_to == e.rank || e.send_to < 0 || e.send_to >= p || e.rank < 0 || e.rank >= p) {
        continue;
      }
      if (arrows.size() >= max_arrows) break;
      ViewArrow arrow;
      arrow.transfer.src = e.rank;
      arrow.transfer.dst = e.send_to;
      arrow.transfer.channel = static_cast<std::uint8_t>(e.channel);
      arrow.phase = trace.PhaseName(e.phase);
      // The chunk's name is known for the step the views show.
      arrow.label = state.LabelOf(e.step, e.rank, e.send_to);
      arrow.progress = ProgressAt(e, t_ns);
      arrows.push_back(arrow);
    }
    return arrows;
  }
  const auto& transfers = state.Transfers();
  *stride = transfers.size() > max_arrows ? transfers.size() / max_arrows + 1 : 1;
  for (std::size_t i = 0; i < transfers.size(); i += *stride) {
    const engine::Transfer& t = transfers[i].transfer;
    if (t.IsLocal() || t.src < 0 || t.dst < 0 || t.src >= p || t.dst >= p) continue;
    arrows.push_back({t, state.Phase(), &transfers[i].label, -1.0f});
  }
  return arrows;
}

float StepProgress(const AppState& state) {
  const double age = state.StepAge();
  // Faster playback shortens the flight so a chunk lands before the next step.
  const double flight = std::min(kAnimationSeconds, 0.9 / std::max(0.1, state.steps_per_second()));
  if (!state.view.animate || age >= flight) return 1.0f;
  return Smooth(static_cast<float>(age / flight));
}

float LabelPosition(const ViewArrow& arrow, float step_progress) {
  if (arrow.progress >= 0) return arrow.progress;
  return step_progress < 1.0f ? step_progress : 0.5f;
}

}  // namespace collscope::gui
