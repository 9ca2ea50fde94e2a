#pragma once

#include <string_view>

#include "app/app_state.h"
#include "imgui.h"

namespace collscope::gui {

// Colours the panels draw with, for one theme. The phase and tree colours are
// Okabe-Ito's colour-blind-safe set; the light theme is for projectors (dark
// text on white, strong fills).
struct Palette {
  ImU32 text;
  ImU32 text_dim;
  ImU32 background;
  ImU32 grid;
  ImU32 node_fill;
  ImU32 node_border;
  ImU32 node_text;
  ImU32 cell_fill;
  ImU32 cell_border;
  ImU32 empty_text;
  ImU32 highlight_fill;
  ImU32 highlight_border;
  ImU32 highlight_text;
  ImU32 complete_fill;
  ImU32 complete_mark;
  ImU32 label_fill;  // behind an arrow's chunk label
  ImU32 edge;        // an idle tree edge
  ImU32 tree[2];     // NCCL's two trees
  ImU32 alpha;       // latency part of a cost
  ImU32 beta;        // bandwidth part
  ImU32 gamma;       // reduction part
  ImU32 current;     // the shown step in plots
  ImU32 phase_reduce_scatter;
  ImU32 phase_all_gather;
  ImU32 phase_other[4];

  // The colour of a step's arrows.
  ImU32 PhaseColor(std::string_view phase) const;
};

Palette MakePalette(Theme theme);

// Sets ImGui's style colours and sizes for the theme at a text size.
void ApplyTheme(Theme theme, float body_px);

}  // namespace collscope::gui
