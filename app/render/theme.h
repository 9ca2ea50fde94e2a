#pragma once

#include <string_view>

#include "app/app_state.h"
#include "engine/algorithm.h"
#include "engine/nccl_tuning.h"
#include "imgui.h"

namespace collscope::gui {

// One colour per algorithm, so that an algorithm keeps its colour in every
// view (cost overlay curves, NCCL model plot). Algorithms that can be
// compared for one collective, and NCCL's seven, differ; ones that never meet
// may share a hue (tests/app/palette_test.cpp checks which meet).
struct AlgorithmColors {
  // The engine's algorithms (engine/algorithms/).
  ImU32 ring;
  ImU32 tree;
  ImU32 double_binary_tree;
  ImU32 binomial;
  ImU32 recursive_doubling;
  ImU32 recursive_halving;
  ImU32 rabenseifner;
  ImU32 pairwise;
  ImU32 reducescatter_gather;
  ImU32 scatter_allgather;
  // NCCL's algorithms the engine does not build (NCCL's Ring and Tree are
  // the engine's ring and double binary tree).
  ImU32 collnet_direct;
  ImU32 collnet_chain;
  ImU32 nvls;
  ImU32 nvls_tree;
  ImU32 pat;
  // The seven hues in Okabe & Ito's order: an engine algorithm without a
  // named colour above takes the first one no algorithm it meets (one that
  // shares a collective with it) has, so a new algorithm file needs no
  // line here.
  ImU32 hues[7];
};

// Check your understanding on the buffer table: the student's marks and,
// once checked, the right, wrong and missed cells. Shapes tell them apart
// too (app/panels/buffer_table_marks.cpp, docs/gui.md).
struct PredictionInks {
  ImU32 marked;  // the student expects the next step to write the cell
  ImU32 right;   // marked and written
  ImU32 wrong;   // marked, not written
  ImU32 missed;  // written, not marked
};

// Colours the panels draw with, for one theme. Every hue is one of Okabe &
// Ito's colour-blind-safe set, made lighter or darker where a theme needs it
// to stand 3:1 against its background; the light theme is for projectors
// (dark text on white, strong fills). docs/gui.md lists which is which.
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
  AlgorithmColors algorithm;
  // One set of prediction inks for a written cell's yellow and one for the
  // other cells' fills: in the dark theme no ink stands 3:1 against both.
  PredictionInks prediction;
  PredictionInks prediction_on_written;

  const PredictionInks& PredictionInksOn(bool written) const {
    return written ? prediction_on_written : prediction;
  }
  // The ✓ of a complete sum on its cell: dark on a written cell's yellow,
  // where the theme's green would vanish.
  ImU32 CompleteMarkOn(bool written) const { return written ? highlight_text : complete_mark; }

  // --- Status text (issue 15): the words of the error banner and the file
  // browser. Text, not marks, so WCAG 2.1 AA's 4.5:1 against the background
  // (SC 1.4.3), not the 3:1 of the hues above.
  ImU32 error;    // could not open, skipped
  ImU32 warning;  // opened, with a warning
  // A node's rank number on its fill, text at 4.5:1 too: a rank waiting for
  // a peer is greyed out but keeps a readable number.
  ImU32 node_waiting_fill;
  ImU32 node_waiting_text;
  // --- end of status text

  // The colour of a step's arrows.
  ImU32 PhaseColor(std::string_view phase) const;
  // An engine algorithm's colour by its registered name (text for a name
  // the engine does not know).
  ImU32 AlgorithmColor(std::string_view name) const;
  ImU32 AlgorithmColor(const engine::AlgorithmInfo& algorithm) const;
  ImU32 AlgorithmColor(engine::NcclAlgorithm algorithm) const;
};

Palette MakePalette(Theme theme);

// Sets ImGui's style colours and sizes for the theme at a text size.
void ApplyTheme(Theme theme, float body_px);

}  // namespace collscope::gui
