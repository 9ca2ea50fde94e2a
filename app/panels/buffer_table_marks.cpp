#include "app/panels/buffer_table_marks.h"

#include <algorithm>
#include <cmath>

#include "app/render/draw.h"

namespace collscope::gui {

namespace {

// Inside the cell's border, clear of a written cell's 3 px outline.
constexpr float kInset = 3.0f;
constexpr float kOutline = 3.0f;
constexpr float kMarkedOutline = 4.0f;

void DashedRect(ImDrawList* draw, ImVec2 min, ImVec2 max, ImU32 color, float dash,
                float thickness) {
  auto dashes = [&](ImVec2 from, ImVec2 to) {
    const float length = std::hypot(to.x - from.x, to.y - from.y);
    if (length <= 0) return;
    const ImVec2 unit((to.x - from.x) / length, (to.y - from.y) / length);
    for (float t = 0; t < length; t += 2 * dash) {
      const float end = std::min(length, t + dash);
      draw->AddLine(ImVec2(from.x + unit.x * t, from.y + unit.y * t),
                    ImVec2(from.x + unit.x * end, from.y + unit.y * end), color, thickness);
    }
  };
  dashes(min, ImVec2(max.x, min.y));
  dashes(ImVec2(max.x, min.y), max);
  dashes(max, ImVec2(min.x, max.y));
  dashes(ImVec2(min.x, max.y), min);
}

}  // namespace

CellPrediction PredictionOf(const AppState& state, int rank, int slot) {
  CellPrediction prediction;
  prediction.marked = state.Prediction().count({rank, slot}) != 0;
  // The outcome belongs to the step just checked, which is the shown one
  // until the step moves (any move clears it).
  const auto& score = state.Score();
  if (!score || score->step != state.step() || !state.buffers()) return prediction;
  const bool checked = state.CheckedPrediction().count({rank, slot}) != 0;
  const bool written = state.buffers()->ChangedInCurrentStep(rank, slot);
  prediction.outcome = checked && written ? PredictionOutcome::kRight
                       : checked          ? PredictionOutcome::kWrong
                       : written          ? PredictionOutcome::kMissed
                                          : PredictionOutcome::kNone;
  return prediction;
}

std::string_view PredictionName(const CellPrediction& prediction) {
  switch (prediction.outcome) {
    case PredictionOutcome::kRight:
      return "right";
    case PredictionOutcome::kWrong:
      return "wrong";
    case PredictionOutcome::kMissed:
      return "missed";
    case PredictionOutcome::kNone:
      break;
  }
  return prediction.marked ? "marked" : "";
}

void TogglePredictionOnClick(AppState& state, int rank, int slot, ImVec2 min, ImVec2 max) {
  if (state.predicting() && ImGui::IsWindowHovered() && ImGui::IsMouseClicked(0) &&
      ImGui::IsMouseHoveringRect(min, max)) {
    state.TogglePrediction(rank, slot);
  }
}

void DrawPrediction(ImDrawList* draw, const Palette& palette, const CellPrediction& prediction,
                    bool written, ImVec2 min, ImVec2 max, ImVec2 glyph_at, float glyph) {
  const PredictionInks& ink = palette.PredictionInksOn(written);
  const ImVec2 inner(min.x + kInset, min.y + kInset);
  const ImVec2 inner_max(max.x - kInset, max.y - kInset);
  const ImVec2 glyph_max(glyph_at.x + glyph, glyph_at.y + glyph);
  const float stroke = std::max(2.0f, glyph * 0.22f);
  switch (prediction.outcome) {
    case PredictionOutcome::kRight:
      draw->AddRect(inner, inner_max, ink.right, 0, 0, kOutline);
      draw->AddCircleFilled(ImVec2(glyph_at.x + glyph * 0.5f, glyph_at.y + glyph * 0.5f),
                            glyph * 0.5f, ink.right);
      break;
    case PredictionOutcome::kWrong:
      // Lines, not a font's ✗: the glyph may be missing from the font.
      draw->AddRect(inner, inner_max, ink.wrong, 0, 0, kOutline);
      draw->AddLine(glyph_at, glyph_max, ink.wrong, stroke);
      draw->AddLine(ImVec2(glyph_max.x, glyph_at.y), ImVec2(glyph_at.x, glyph_max.y), ink.wrong,
                    stroke);
      break;
    case PredictionOutcome::kMissed:
      DashedRect(draw, inner, inner_max, ink.missed, std::max(4.0f, glyph * 0.6f), kOutline);
      draw->AddTriangleFilled(ImVec2(glyph_at.x + glyph * 0.5f, glyph_at.y), glyph_max,
                              ImVec2(glyph_at.x, glyph_max.y), ink.missed);
      break;
    case PredictionOutcome::kNone:
      break;
  }
  if (prediction.marked) {
    // Inside an outcome's outline when the cell has both.
    const float inset = prediction.outcome == PredictionOutcome::kNone ? 0.0f : kOutline + 1;
    draw->AddRect(ImVec2(inner.x + inset, inner.y + inset),
                  ImVec2(inner_max.x - inset, inner_max.y - inset), ink.marked, 0, 0,
                  kMarkedOutline);
  }
}

void DrawPredictionLegend(const Palette& palette, float px) {
  struct Item {
    CellPrediction prediction;
    bool written;
    const char* text;
  };
  const Item items[] = {
      {{true, PredictionOutcome::kNone}, false, "your mark"},
      {{false, PredictionOutcome::kRight}, true, "right"},
      {{false, PredictionOutcome::kWrong}, false, "wrong: not written"},
      {{false, PredictionOutcome::kMissed}, true, "missed: not marked"},
  };
  // As tall as the text, so the legend's lines keep their height.
  const ImVec2 sample(std::round(px * 2.0f), std::round(px));
  const float glyph = std::round(px * 0.5f);
  const float gap = px * 1.5f;
  for (const Item& item : items) {
    // As the table's own legend: on the line before when it fits.
    const float width =
        sample.x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(item.text).x;
    ImGui::SameLine(0, gap);
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 max(at.x + sample.x, at.y + sample.y);
    draw->AddRectFilled(at, max, item.written ? palette.highlight_fill : palette.cell_fill);
    draw->AddRect(at, max, item.written ? palette.highlight_border : palette.cell_border, 0, 0,
                  item.written ? 3.0f : 1.0f);
    DrawPrediction(draw, palette, item.prediction, item.written, at, max,
                   ImVec2(at.x + std::max(4.0f, px * 0.35f), at.y + (sample.y - glyph) / 2), glyph);
    ImGui::Dummy(sample);
    ImGui::SameLine();
    ImGui::TextUnformatted(item.text);
  }
}

void DrawPredictionScore(const AppState& state, const Palette& palette) {
  const auto& score = state.Score();
  if (!score) return;
  const bool perfect = score->wrong == 0 && score->missed == 0;
  ImGui::PushStyleColor(ImGuiCol_Text,
                        ImGui::ColorConvertU32ToFloat4(perfect ? palette.complete_mark
                                                               : palette.phase_reduce_scatter));
  ImGui::TextWrapped("Step %lld: %d right, %d wrong, %d missed%s",
                     static_cast<long long>(score->step), score->right, score->wrong, score->missed,
                     perfect ? " - all correct!" : "");
  ImGui::PopStyleColor();
}

void DrawCellMark(ImDrawList* draw, ImFont* font, const Palette& palette,
                  const TableGeometry& geometry, bool pending, bool complete, bool written,
                  ImVec2 min, ImVec2 max) {
  const float mark_px = MarkPx(geometry.px);
  const ImVec2 at(max.x - geometry.mark_w + geometry.pad * 0.25f,
                  min.y + (geometry.row_h - 2 - mark_px) / 2);
  if (pending) {
    draw->AddText(font, mark_px, at, palette.highlight_border, "←");
  } else if (complete) {
    draw->AddText(font, mark_px, at, palette.CompleteMarkOn(written), "✓");
  }
}

}  // namespace collscope::gui
