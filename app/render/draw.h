#pragma once

#include <string_view>
#include <utility>

#include "imgui.h"

namespace collscope::gui {

// A curved arrow from `from` to `to`, bulging `bend` pixels to its left
// (negative: to its right). The geometry is a quadratic Bezier.
struct Curve {
  ImVec2 from;
  ImVec2 control;
  ImVec2 to;

  ImVec2 At(float t) const;
  ImVec2 TangentAt(float t) const;
};

Curve MakeCurve(ImVec2 from, ImVec2 to, float bend);

// Draws the curve with an arrow head at its end.
void DrawArrow(ImDrawList* draw, const Curve& curve, ImU32 color, float thickness, float head,
               int segments);

// The box DrawLabel draws around `text` centred at `centre` (min, max).
std::pair<ImVec2, ImVec2> LabelBox(ImFont* font, float size, ImVec2 centre, std::string_view text);

// A text label in a rounded box centred on `centre`.
void DrawLabel(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, std::string_view text,
               ImU32 text_color, ImU32 fill, ImU32 border);

// Text centred on a point.
void DrawCentredText(ImDrawList* draw, ImFont* font, float size, ImVec2 centre,
                     std::string_view text, ImU32 color);

ImVec2 TextSize(ImFont* font, float size, std::string_view text);

}  // namespace collscope::gui
