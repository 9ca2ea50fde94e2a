#pragma once

// What every panel shares: the frame's context (state, palette, fonts), the
// record of what was drawn and the requests to the main loop. Each panel's
// own UI struct and Draw function are in its header (controls.h, ...).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.h"
#include "app/layout.h"
#include "app/render/fonts.h"
#include "app/render/text_layout.h"
#include "app/render/theme.h"
#include "imgui.h"

namespace collscope::gui {

// One cell of the buffer table as drawn this frame (for --dump-state and the
// pixel tests): its screen rectangle and a point inside it that shows only
// its fill colour.
struct DrawnCell {
  int rank = 0;
  int slot = 0;
  ImVec2 min;
  ImVec2 max;
  ImVec2 probe;
  bool highlighted = false;
  bool complete = false;
  std::string label;
  std::string_view prediction;  // "marked", "right", "wrong", "missed" or ""
};

// The lesson panel's controls as drawn this frame (issue 15: reachable
// without scrolling): how many were drawn, and how many lie whole inside the
// panel's visible part and the window.
struct LessonPanelRecord {
  bool drawn = false;
  int scene_buttons = 0;
  int scene_buttons_visible = 0;
  int questions = 0;
  int questions_visible = 0;
  bool check_button = false;
  bool check_button_visible = false;
};

// What the panels drew this frame.
struct FrameRecord {
  std::vector<DrawnCell> cells;
  std::string table_mode;  // "labels", "overview" or "off"
  // The labelled table's cells scroll sideways / up and down (a column or
  // row scrolled out of view loses its text, so the layout counters do not
  // see it: these do).
  bool table_scrolls_x = false;
  bool table_scrolls_y = false;
  std::string centre_view;  // "ring", "tree" or "hidden"
  // The ring view's circle (screen pixels; radius 0: no ring drawn).
  ImVec2 ring_centre{0, 0};
  float ring_radius = 0;
  std::size_t arrows_drawn = 0;
  std::size_t timeline_slices_drawn = 0;
  std::size_t arrow_labels_drawn = 0;
  std::size_t tree_rank_numbers_drawn = 0;  // the tree view's numbers on its nodes
  // A trace's own picture (centre_view "busbw-plot", "nccl-rings",
  // "nccl-trees"): measured and model points, ranks and links drawn.
  std::size_t plot_points_drawn = 0;
  std::size_t model_points_drawn = 0;
  std::size_t topology_ranks_drawn = 0;
  std::size_t topology_links_drawn = 0;
  int topology_channel = -1;
  // The kernel timeline of a per-rank trace: lanes, and kernels marked as
  // the last to arrive at their call.
  std::size_t kernel_lanes_drawn = 0;
  std::size_t stragglers_marked = 0;
  // Why this algorithm: pair curves drawn, TUNING choices placed and those
  // where the model disagrees; NCCL's choices: its table's rows.
  std::size_t nccl_pairs_drawn = 0;
  std::size_t nccl_choices_drawn = 0;
  std::size_t nccl_disagreements = 0;
  // The sizes where the model's pick changes, and the names placed at them.
  std::size_t nccl_crossovers = 0;
  std::size_t nccl_crossover_names_drawn = 0;
  std::size_t tuning_rows = 0;
  std::string measurement_kind;  // the busbw plot's "nccl-tests", "MPI library run …"
  // The trace banner: the error line shown, and whether an import's
  // progress bar was.
  std::string trace_banner;
  bool trace_loading = false;
  // File > Open: the lines listed (-1: closed) and the folder's error.
  int file_browser_entries = -1;
  std::string file_browser_error;
  LessonPanelRecord lesson_panel;
  // A panel is still computing over several frames (the cost plot); a
  // screenshot waits for it.
  bool pending_work = false;
  // Read back from ImGui's draw lists when a state dump is taken.
  TextLayoutCounts layout;
  void Clear() { *this = FrameRecord{}; }
};

// What a panel asks the main loop to do after the frame.
struct Requests {
  bool quit = false;
  std::optional<std::string> screenshot;
  bool show_file_browser = false;
  // Files to import together into one trace (File > Open, a drop).
  std::vector<std::string> open_trace;
  bool reload_lessons = false;  // Lessons > Reload lesson files
};

// Everything a panel may use while drawing one frame.
struct FrameContext {
  AppState& state;
  const Palette& palette;
  const Fonts& fonts;
  FrameRecord& record;
  Requests& requests;
};

// Window flags of a panel placed by the layout.
int FixedPanelFlags();
// Places the next window at `rect` (every frame: the layout owns placement).
void PlacePanel(const Rect& rect);

}  // namespace collscope::gui
