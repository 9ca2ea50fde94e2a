#include "app/gui/panel_set.h"

#include <algorithm>

#include "app/layout.h"
#include "app/panels/help_window.h"
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
  LayoutWants wants;
  wants.body_px = fonts.body_px;
  wants.table_rows = trace_shown ? 1 : std::min(state.config().ranks, 16);
  const BufferTableWidths table_widths = BufferTableWidth(state, fonts);
  wants.table_width = table_widths.whole;
  wants.table_compact_width = table_widths.compact;
  wants.table_tight_width = table_widths.tight;
  if (!trace_shown) wants.table_height = table.wanted_height;
  wants.lesson_height = lesson.WantedHeight();
  // docs/gui.md: with a trace loaded, its timeline runs along the bottom of
  // the centre, a row per rank; a per-rank profile has a lane per rank and
  // stream of its NCCL kernels instead.
  const bool timeline_on = state.view.panels.timeline;
  const bool has_run = state.loaded_trace() && state.trace_run() >= 0;
  const bool trace_timeline = timeline_on && has_run;
  const bool kernel_lanes = timeline_on && !has_run && HasKernelTimeline(state);
  if (trace_timeline) {
    wants.timeline_rows = static_cast<int>(state.loaded_trace()->RankCount());
  } else if (kernel_lanes) {
    IndexKernelLanes(*state.loaded_trace(), kernel_timeline);
    wants.timeline_rows =
        static_cast<int>(std::max<std::size_t>(kernel_timeline.lanes.lanes().size(), 1));
    wants.timeline_share = 0.45f;
  }
  ViewSettings shown = state.view;
  if (ShowsLessonFigure(state)) HidePanelsBesideFigure(*state.lesson()->file, shown.panels);
  const Layout layout = ComputeLayout(work, shown, show_bar, wants);
  if (!layout.lesson.Empty()) DrawLessonPanel(frame, layout.lesson, lesson);
  if (!layout.controls.Empty()) DrawControls(frame, layout.controls, controls);
  if (!layout.timeline.Empty()) {
    if (trace_timeline) DrawTimeline(frame, layout.timeline, timeline);
    if (kernel_lanes) DrawKernelTimeline(frame, layout.timeline, kernel_timeline);
  }
  const Rect& centre = layout.centre;
  if (!centre.Empty()) DrawCentreView(frame, centre, tree, figure, trace_picture);
  if (!layout.table.Empty()) DrawBufferTable(frame, layout.table, table);
  if (!layout.cost.Empty()) DrawCostOverlay(frame, layout.cost, cost);
  if (!layout.presenter_bar.Empty()) DrawPresenterBar(frame, layout.presenter_bar);
  DrawHelpWindow(frame);
  DrawFileBrowser(frame, file_browser);
}

}  // namespace collscope::gui
