#pragma once

// What the ring and the tree view draw alike: the arrows of the shown step
// (or, during a trace replay, the transfers in flight at the playhead), how
// far a chunk has travelled along its arrow, and which ranks wait for a peer.
// The buffer table reads the same progress so that a cell shows its new
// value only when the chunk has arrived.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.h"

namespace collscope::gui {

// One arrow: a transfer of the shown step, or one in flight at a trace
// replay's playhead.
struct ViewArrow {
  engine::Transfer transfer;
  std::string_view phase;              // its step's phase (colours the arrow)
  const std::string* label = nullptr;  // the chunk it carries; null: unknown
  float progress = -1.0f;  // replay: how far along in time, 0..1; < 0: the step animation
};

// The arrows to draw, at most `max_arrows`: during a replay the transfers in
// flight, otherwise every `*stride`-th of the step's transfers (local copies
// left out).
std::vector<ViewArrow> ArrowsToDraw(const AppState& state, std::size_t max_arrows,
                                    std::size_t* stride);

// Whether the views show a trace replay (one snapshot entry per rank).
bool ShowsReplay(const AppState& state);
// Whether rank r waits for a peer at the replay's playhead.
bool RankWaiting(const AppState& state, int rank);

// How far the shown step's chunks have travelled, eased: 0 when the step
// starts, 1 once they have arrived (and always 1 with animation off). A
// step lasts at most 0.7 s, less when playback runs faster.
float StepProgress(const AppState& state);
// Where along its arrow the chunk's label sits: its replay progress, the
// step's progress while travelling, then mid-way.
float LabelPosition(const ViewArrow& arrow, float step_progress);

}  // namespace collscope::gui
