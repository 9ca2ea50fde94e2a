#pragma once

#include "app/panels/buffer_table.h"
#include "app/panels/centre_view.h"
#include "app/panels/controls.h"
#include "app/panels/cost_overlay.h"
#include "app/panels/file_browser.h"
#include "app/panels/kernel_timeline.h"
#include "app/panels/lesson_figures.h"
#include "app/panels/lesson_panel.h"
#include "app/panels/panels.h"
#include "app/panels/timeline.h"
#include "app/panels/trace_banner.h"
#include "app/panels/tree_view.h"
#include "app/trace_loader.h"
#include "imgui.h"

namespace collscope::gui {

// Every panel's own UI struct, kept between frames, and the frame's
// arrangement of the panels in the layout.
class PanelSet {
 public:
  // In presenter mode the bar (and the menu bar) shows this long after the
  // mouse last moved.
  static constexpr double kPresenterBarSeconds = 2.5;

  // Draws the panels for this frame; `now` in seconds (glfwGetTime).
  void Draw(FrameContext& frame, const TraceLoadProgress& progress, double now);
  // Whether the mouse moved within the last `seconds`.
  bool MouseMovedWithin(double now, double seconds) const {
    return now - last_mouse_move_ < seconds;
  }

  ControlsUi controls;
  TreeViewUi tree;
  LessonFigureUi figure;
  LessonPanelUi lesson;
  TimelineUi timeline;
  KernelTimelineUi kernel_timeline;
  TracePictureUi trace_picture;
  FileBrowserUi file_browser;
  TraceBannerUi banner;
  BufferTableUi table;
  CostOverlayUi cost;

 private:
  double last_mouse_move_ = -1e9;
  ImVec2 last_mouse_{-1, -1};
};

}  // namespace collscope::gui
