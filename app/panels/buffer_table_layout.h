#pragma once

// The buffer table's sizes and its cells' text: how a cell spells its
// contents (whole, shortened, "Σ5") and the text size and label form at
// which the labelled table fits its space.
#include <cmath>
#include <cstdint>
#include <string>

#include "app/panels/panels.h"
#include "engine/buffer_state.h"
#include "imgui.h"

namespace collscope::gui {

// How a cell spells its contents, longest first: the table takes the
// first form that fits its width at a readable size.
enum class LabelForm {
  kFull,  // "e0+e1+e2+e3+e4" (up to LabelTerms(p) terms, then the ends)
  kEnds,  // "e0+…+e4 (5)"
  kSum,   // "Σ5": a sum of 5 GPUs' chunks (the tooltip spells it out)
  // "Σ5" with no room kept beside the label: a complete sum is written
  // "✓" and data on the way "←" in the label's place (presenter mode's
  // p = 16 beside the ring, where the marks' room is what does not fit).
  kTight,
};
// The Σ forms: one-term cells keep their name, sums are counted.
inline bool CountsSums(LabelForm form) {
  return form == LabelForm::kSum || form == LabelForm::kTight;
}

std::string CellLabel(const engine::BufferState& buffers, int rank, int slot, int p,
                      LabelForm form);

// Sizes of the labelled table at a text size.
struct TableGeometry {
  float px;
  LabelForm form;
  float pad;
  float row_h;
  float name_w;
  float col_w;
  float mark_w;  // the ✓ of a complete sum, right of the label
  float lead_w;  // while predicting: the outcome's shape, left of the label
  float glyph;   // that shape's size
  // Where the label starts in a cell whose left edge is `x`.
  float TextX(float x) const { return x + pad + lead_w; }
  float Width(int slots) const { return name_w + col_w * static_cast<float>(slots); }
  // The room a cell's label has: the column less its padding and marks.
  float LabelRoom() const { return col_w - 2 * pad - mark_w - lead_w; }
  float Height(int ranks) const { return row_h * static_cast<float>(ranks + 1); }
};

// A row's height (the header's too) at text size `px`.
inline float RowHeight(float px) { return std::round(px * 1.5f); }

// The text size of a cell's mark (✓, ←) at the cell's text size.
inline float MarkPx(float px) { return px * 0.8f; }

// Rows follow the ranks' own steps during a trace replay (see ReplayRows).
bool Replaying(const AppState& state);

// The tag at a row's name during a replay: the row's step where it is not
// the shown one, and "waiting" for a rank waiting for a peer.
std::string RowTag(std::int64_t row_step, std::int64_t shown_step, bool waiting);

TableGeometry Geometry(const AppState& state, ImFont* font, float px, LabelForm form);

// The largest text size (from the body size down to the floor) and the
// longest label form at which the table fits `avail` at every step: its
// width always, its height too when it has at most 16 rows. When only the
// Σ form fits, the columns widen into the free width and each cell that
// has room spells its sum out (step 1's "a1+a0" stays readable). The tight
// form is taken only where it fits and the Σ form does not.
TableGeometry FitTable(const AppState& state, ImFont* font, ImVec2 avail, float floor_px,
                       float scrollbar);

}  // namespace collscope::gui
