#pragma once

#include <cstdint>

#include "app/layout.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// The timeline's zoom and pan (the per-rank index of the trace's events is
// the replay's, AppState::replay().index()).
struct TimelineUi {
  const void* indexed = nullptr;  // the run the view was fitted to
  std::int64_t first_ns = 0;
  std::int64_t last_ns = 0;
  double view_start_ns = 0;
  double view_end_ns = 1;
  bool show_model = true;  // the engine's per-step times under the slices
  // The playhead last frame: the view pages on when a playing playhead
  // crosses its right edge (not when the user has panned elsewhere).
  double last_playhead_ns = -1;
};

void DrawTimeline(FrameContext& frame, const Rect& rect, TimelineUi& ui);
// --bench-frames with a trace: pans and zooms the timeline a little every
// frame (and plays the replay) so the frame time covers culling and folding.
void BenchTimeline(AppState& state, TimelineUi& ui, int frame);

}  // namespace collscope::gui
