#pragma once

#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "app/layout.h"
#include "app/panels/buffer_table_pattern.h"
#include "app/panels/panels.h"
#include "app/render/texture.h"

namespace collscope::gui {

struct BufferTableUi {
  bool force_labels = false;  // the user asked for labels at large p
  // The window height at which the labelled table's rows (16 at most) fit
  // at the body size: its title, legend and padding as drawn last frame,
  // plus the rows. 0 before it was drawn, or in the overview.
  float wanted_height = 0;
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
  // The labelled table's plain cells, one image.
  CellPattern plain_cells;
  // During a trace replay: the rows at each rank's own step.
  ReplayBuffers replay;
  // While the shown step's chunks travel: the rows of the step before.
  ReplayBuffers travelling;
  bool mouse_moved = false;   // since the table opened: tooltips may show
  bool replay_error = false;  // the simulation refused a step: keep the shown one
};

void DrawBufferTable(FrameContext& frame, const Rect& rect, BufferTableUi& ui);
// The width the labelled table needs at the floor text size (0 when it
// shows no labels): with whole labels, in its compact form ("Σ5"), and in
// its tight form (a complete sum "✓").
struct BufferTableWidths {
  float whole = 0;
  float compact = 0;
  float tight = 0;  // the compact form with its marks as labels
};
BufferTableWidths BufferTableWidth(const AppState& state, const Fonts& fonts);

}  // namespace collscope::gui
