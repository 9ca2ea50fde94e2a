#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app/app_state.h"
#include "app/layout.h"
#include "app/render/fonts.h"
#include "app/render/texture.h"
#include "app/render/theme.h"
#include "engine/cost_model.h"
#include "engine/topology.h"

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
};

// What the panels drew this frame.
struct FrameRecord {
  std::vector<DrawnCell> cells;
  std::string table_mode;   // "labels", "overview" or "off"
  std::string centre_view;  // "ring", "tree" or "hidden"
  std::size_t arrows_drawn = 0;
  std::size_t timeline_slices_drawn = 0;
  std::size_t arrow_labels_drawn = 0;
  // A panel is still computing over several frames (the cost plot); a
  // screenshot waits for it.
  bool pending_work = false;
  void Clear() { *this = FrameRecord{}; }
};

// What a panel asks the main loop to do after the frame.
struct Requests {
  bool quit = false;
  std::optional<std::string> screenshot;
};

// Everything a panel may use while drawing one frame.
struct FrameContext {
  AppState& state;
  const Palette& palette;
  const Fonts& fonts;
  FrameRecord& record;
  Requests& requests;
};

// The panels' own small UI state, kept between frames.
struct ControlsUi {
  char bytes_text[32] = "";
  double shown_bytes = -1;
  int ranks_input = 0;
};

struct TreeViewUi {
  // The trees last drawn and what they were built for.
  std::tuple<std::string, int, int> key{"", -1, -1};
  std::vector<engine::Tree> trees;
  std::vector<std::vector<float>> x;  // x of each rank in [0, 1], per tree
  std::vector<int> depth;             // levels per tree
};

struct BufferTableUi {
  bool force_labels = false;  // the user asked for labels at large p
  // The step the labelled table last scrolled to show.
  std::pair<const void*, std::int64_t> scrolled{nullptr, -1};
  // Overview (heat map) cache: one entry per block of cells.
  std::tuple<const void*, std::int64_t, int, int> key{nullptr, -1, 0, 0};
  int block_rows = 0;
  int block_cols = 0;
  int rows_per_block = 1;
  int cols_per_block = 1;
  std::vector<std::uint32_t> pixels;  // one RGBA texel per block
  Texture texture;
};

// The timeline's zoom and pan, and its per-rank index of the trace's events.
struct TimelineUi {
  const void* indexed = nullptr;  // the trace the index was built for
  std::vector<std::vector<std::uint32_t>> rows;
  std::int64_t first_ns = 0;
  std::int64_t last_ns = 0;
  double view_start_ns = 0;
  double view_end_ns = 1;
};

struct CostOverlayUi {
  int whatif_ranks = 0;      // 0: follow the loaded p
  double whatif_bytes = -1;  // < 0: follow the loaded n
  bool plot_against_bytes = false;
  std::string compare_algorithm;  // second curve; "" = pick one
  // Cached plot: key and points (x, total seconds) per algorithm.
  std::string plot_key;
  std::vector<double> plot_x;
  std::vector<std::vector<double>> plot_y;  // [algorithm][point], NaN where refused
  std::vector<std::string> plot_algorithms;
  std::size_t plot_next = 0;  // next point to price
  std::string whatif_key;
  std::vector<std::pair<std::string, engine::CostBreakdown>> whatif;
  std::vector<std::string> whatif_errors;
};

void DrawMenuBar(FrameContext& frame);
void DrawLessonPanel(FrameContext& frame, const Rect& rect);
void DrawControls(FrameContext& frame, const Rect& rect, ControlsUi& ui);
void DrawPresenterBar(FrameContext& frame, const Rect& rect);
// The centre: ring or tree view, with the step heading.
struct LessonFigureUi;
void DrawCentreView(FrameContext& frame, const Rect& rect, TreeViewUi& tree_ui,
                    LessonFigureUi& figure_ui);
// `heading` is the bottom right corner of the heading in the top left
// corner of [min, max], which the ring avoids.
void DrawRingView(FrameContext& frame, ImVec2 min, ImVec2 max, ImVec2 heading);
void DrawTreeView(FrameContext& frame, ImVec2 min, ImVec2 max, TreeViewUi& ui);
void DrawBufferTable(FrameContext& frame, const Rect& rect, BufferTableUi& ui);
// The width the labelled table needs (0 when it shows no labels).
float BufferTableWidth(const AppState& state, const Fonts& fonts);
void DrawCostOverlay(FrameContext& frame, const Rect& rect, CostOverlayUi& ui);
void DrawHelpWindow(FrameContext& frame);
void DrawTimeline(FrameContext& frame, const Rect& rect, TimelineUi& ui);

// Window flags of a panel placed by the layout.
int FixedPanelFlags();
// Places the next window at `rect` (every frame: the layout owns placement).
void PlacePanel(const Rect& rect);

}  // namespace collscope::gui
