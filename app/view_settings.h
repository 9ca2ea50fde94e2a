#pragma once

namespace collscope::gui {

enum class Theme { kLight, kDark };
enum class CentreView { kAuto, kRing, kTree };

// Which panels are open (each closable from its title bar, reopened from View).
struct PanelVisibility {
  bool lesson = true;
  bool controls = true;
  bool centre = true;
  bool table = true;
  bool cost = true;
  bool help = false;
};

// The view preferences that are not part of what is loaded: plain settings
// the menus, keys and lessons switch, and the panels read.
struct ViewSettings {
  Theme theme = Theme::kLight;
  CentreView view = CentreView::kAuto;
  bool presenter = false;
  bool fullscreen = false;
  bool animate = true;
  bool show_figure = true;  // a lesson's own figure instead of the schedule
  // A trace without per-step events: its own picture (busbw plot, NCCL's
  // rings and trees) instead of the schedule's ring or tree view.
  bool show_trace_picture = true;
  float font_px = 20.0f;  // body text size before HiDPI scaling
  PanelVisibility panels;
};

}  // namespace collscope::gui
