#include "app/gui/panel_set.h"

#include <algorithm>

#include "app/layout.h"
#include "app/panels/help_window.h"
#include "app/panels/lesson_panel.h"
#include "app/panels/menu_bar.h"

namespace collscope::gui {

void PanelSet::Draw(FrameContext& frame, const TraceLoadProgress& progress, double now) {
  AppState& state = frame.state;
  const Fonts& fonts = frame.fonts;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MousePos.x != last_mouse_.x || io.MousePos.y != last_mouse_.y) {
    if (last_mouse_.x >= 0) last_mouse_move_ = now;
    last_mouse_ = io.MousePos;
  }
  const bool presenter = state.view.presenter;
  const bool show_bar = presenter && MouseMovedWithin(now, kPresenterBarSeconds);
  // In presenter mode the menu bar too waits for the mouse.
  if (!presenter || show_bar) DrawMenuBar(frame);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  Rect work{viewport->WorkPos, viewport->WorkSize};
  // An import's progress or error takes a strip at the top, covering nothing.
  const float banner_px = TraceBannerHeight(fonts, progress, banner);
  if (banner_px > 0 && work.size.y > banner_px * 4) {
    DrawTraceBanner(frame, Rect{work.pos, ImVec2(work.size.x, banner_px)}, progress, banner);
    work.pos.y += banner_px;
    work.size.y -= banner_px;
  }
  // A trace's own picture in the centre has the room; the buffer table of
  // the schedule beside it keeps its smallest size.
  const bool trace_shown = HasTracePicture(state) && state.view.show_trace_picture;
  const int table_rows = trace_shown ? 1 : std::min(state.config().ranks, 16);
  const Layout layout = ComputeLayout(work, state.view, show_bar, fonts.body_px, table_rows,
                                      BufferTableWidth(state, fonts));
  if (!layout.lesson.Empty()) DrawLessonPanel(frame, layout.lesson);
  if (!layout.controls.Empty()) DrawControls(frame, layout.controls, controls);
  Rect centre = layout.centre;
  // A strip of `height` along the bottom of the centre.
  auto take_bottom = [&centre](float height) {
    centre.size.y -= height;
    return Rect{ImVec2(centre.pos.x, centre.pos.y + centre.size.y), ImVec2(centre.size.x, height)};
  };
  if (state.loaded_trace() && state.trace_run() >= 0 && !centre.Empty()) {
    // docs/gui.md: with a trace loaded, its timeline runs along the bottom of
    // the centre, a row per rank, above the buffer table.
    const float rows = static_cast<float>(std::min(state.loaded_trace()->RankCount(), 16));
    const float height = std::min(centre.size.y * 0.4f, (rows * 1.6f + 6.5f) * fonts.body_px);
    DrawTimeline(frame, take_bottom(height), timeline);
  } else if (HasKernelTimeline(state) && !centre.Empty()) {
    // A per-rank profile: a lane per rank and stream of its NCCL kernels.
    IndexKernelLanes(*state.loaded_trace(), kernel_timeline);
    const std::size_t lanes = kernel_timeline.lanes.lanes().size();
    const float rows = static_cast<float>(std::clamp<std::size_t>(lanes, 1, 16));
    const float height = std::min(centre.size.y * 0.45f, (rows * 1.6f + 6.5f) * fonts.body_px);
    DrawKernelTimeline(frame, take_bottom(height), kernel_timeline);
  }
  if (!centre.Empty()) DrawCentreView(frame, centre, tree, figure, trace_picture);
  if (!layout.table.Empty()) DrawBufferTable(frame, layout.table, table);
  if (!layout.cost.Empty()) DrawCostOverlay(frame, layout.cost, cost);
  if (!layout.presenter_bar.Empty()) DrawPresenterBar(frame, layout.presenter_bar);
  DrawHelpWindow(frame);
  DrawFileBrowser(frame, file_browser);
}

}  // namespace collscope::gui
