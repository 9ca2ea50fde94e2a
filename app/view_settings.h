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
  bool timeline = true;  // a loaded trace's timeline or kernel lanes
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
  // The body text size in use before HiDPI scaling, set each frame from the
  // two below (app/gui/display.cpp): a window moved to a projector, or made
  // fullscreen on one, gets text for that projector's height.
  float font_px = 20.0f;
  float font_base_px = 0;    // 0: follows the window's height; else --font-px
  float font_adjust_px = 0;  // what the +/- keys and menu items added
  PanelVisibility panels;
};

}  // namespace collscope::gui
