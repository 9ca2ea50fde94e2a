#pragma once

#include "app/app_state.h"
#include "imgui.h"

namespace collscope::gui {

struct Rect {
  ImVec2 pos;
  ImVec2 size;
  bool Empty() const { return size.x <= 1 || size.y <= 1; }
};

// Where each panel goes this frame. The default layout (docs/gui.md): lesson
// and controls on the left, the ring or tree view large in the centre with
// a trace's timeline and the buffer table under it, the cost overlay on the
// right. Presenter mode keeps the centre, the timeline and the table and
// shows a control strip only while the mouse moves.
struct Layout {
  Rect lesson;
  Rect controls;
  Rect centre;
  Rect timeline;  // empty unless a trace's timeline is shown
  Rect table;
  Rect cost;
  Rect presenter_bar;  // empty unless shown
};

// What the panels would like this frame, in pixels of the window.
struct LayoutWants {
  float body_px = 20;
  // Rows the buffer table would like to show (the centre view gets the
  // rest), and the width it would like (presenter mode puts a narrow table
  // beside the view instead of under it).
  int table_rows = 0;
  float table_width = 0;
  float table_compact_width = 0;  // the same in its "Σ5" form
  float table_tight_width = 0;    // and with its marks as labels ("✓")
  // The height at which its rows fit at the body size (measured by the
  // table last frame); 0: from `table_rows` alone.
  float table_height = 0;
  // Rows (ranks or kernel lanes) of a timeline along the bottom of the
  // centre; 0: none. `timeline_share` is the most of the centre's height it
  // may take.
  int timeline_rows = 0;
  float timeline_share = 0.4f;
  // The height the lesson panel needs to show its text, scenes, questions
  // and buttons whole (lesson_panel.cpp measures them); 0: unknown.
  float lesson_height = 0;
};

// `work` is the area under the menu bar; `show_bar` shows the presenter's
// control strip.
Layout ComputeLayout(const Rect& work, const ViewSettings& view, bool show_bar,
                     const LayoutWants& wants);

}  // namespace collscope::gui
