#pragma once

// What the buffer table draws on a cell besides its fill and text: the
// prediction exercise's marks, and the ✓ of a complete sum or the ← of data
// on the way, in room the column keeps right of the label.
#include <string_view>

#include "app/panels/buffer_table_layout.h"
#include "app/render/theme.h"
#include "imgui.h"

namespace collscope::gui {

// A cell in "Check your understanding": marked for the next step, and, at
// the step just checked, its outcome.
enum class PredictionOutcome { kNone, kRight, kWrong, kMissed };
struct CellPrediction {
  bool marked = false;
  PredictionOutcome outcome = PredictionOutcome::kNone;
};

CellPrediction PredictionOf(const AppState& state, int rank, int slot);
// "marked", "right", "wrong", "missed" (--dump-state); the outcome when a
// cell has both, "" for none.
std::string_view PredictionName(const CellPrediction& prediction);

// A click on the cell while predicting marks it or takes the mark back.
void TogglePredictionOnClick(AppState& state, int rank, int slot, ImVec2 min, ImVec2 max);

// The marks behind a cell's text: an outcome's outline and its shape in
// the square at `glyph_at` (the room TableGeometry keeps left of the label)
// (right: a solid outline and a dot, wrong: a solid outline and a cross,
// missed: a dashed outline and a triangle), then the student's mark (a thick
// blue outline, inside an outcome's). `written`: the cell has a written
// cell's fill, which takes the darker inks.
void DrawPrediction(ImDrawList* draw, const Palette& palette, const CellPrediction& prediction,
                    bool written, ImVec2 min, ImVec2 max, ImVec2 glyph_at, float glyph);

// The legend of the marks: samples drawn as the table draws them, after the
// table's own legend entries, each on the line before when it fits.
void DrawPredictionLegend(const Palette& palette, float px);

// "Step 3: 4 right, 1 wrong, 0 missed" for the step last checked, in the
// outcome's colour (green when all correct); nothing before a check.
void DrawPredictionScore(const AppState& state, const Palette& palette);

// Right of the label: "←" for data on the way, else the ✓ of a complete sum.
void DrawCellMark(ImDrawList* draw, ImFont* font, const Palette& palette,
                  const TableGeometry& geometry, bool pending, bool complete, bool written,
                  ImVec2 min, ImVec2 max);

}  // namespace collscope::gui
