#include "app/render/draw.h"

#include <cmath>

namespace collscope::gui {

namespace {

ImVec2 Add(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
ImVec2 Sub(ImVec2 a, ImVec2 b) { return ImVec2(a.x - b.x, a.y - b.y); }
ImVec2 Mul(ImVec2 a, float k) { return ImVec2(a.x * k, a.y * k); }

}  // namespace

ImVec2 Curve::At(float t) const {
  const float u = 1 - t;
  return Add(Add(Mul(from, u * u), Mul(control, 2 * u * t)), Mul(to, t * t));
}

ImVec2 Curve::TangentAt(float t) const {
  return Add(Mul(Sub(control, from), 2 * (1 - t)), Mul(Sub(to, control), 2 * t));
}

Curve MakeCurve(ImVec2 from, ImVec2 to, float bend) {
  const ImVec2 d = Sub(to, from);
  const float length = std::sqrt(d.x * d.x + d.y * d.y);
  const ImVec2 mid = Mul(Add(from, to), 0.5f);
  if (length < 1e-3f) return Curve{from, mid, to};
  // Left normal of the direction in screen coordinates (y down).
  const ImVec2 normal(d.y / length, -d.x / length);
  return Curve{from, Add(mid, Mul(normal, bend * 2)), to};
}

void DrawArrow(ImDrawList* draw, const Curve& curve, ImU32 color, float thickness, float head,
               int segments) {
  ImVec2 tangent = curve.TangentAt(1.0f);
  const float length = std::sqrt(tangent.x * tangent.x + tangent.y * tangent.y);
  if (length < 1e-3f) return;
  tangent = Mul(tangent, 1.0f / length);
  // Stop the shaft where the head starts so the tip stays sharp.
  const ImVec2 base = Sub(curve.to, Mul(tangent, head));
  if (segments <= 1) {
    draw->AddLine(curve.from, base, color, thickness);
  } else {
    draw->PathClear();
    for (int i = 0; i <= segments; ++i) {
      const float t = static_cast<float>(i) / segments;
      draw->PathLineTo(i == segments ? base : curve.At(t));
    }
    draw->PathStroke(color, 0, thickness);
  }
  const ImVec2 normal(-tangent.y, tangent.x);
  draw->AddTriangleFilled(curve.to, Add(base, Mul(normal, head * 0.55f)),
                          Sub(base, Mul(normal, head * 0.55f)), color);
}

ImVec2 TextSize(ImFont* font, float size, std::string_view text) {
  return font->CalcTextSizeA(size, 1e9f, 0, text.data(), text.data() + text.size());
}

void DrawCentredText(ImDrawList* draw, ImFont* font, float size, ImVec2 centre,
                     std::string_view text, ImU32 color) {
  const ImVec2 extent = TextSize(font, size, text);
  draw->AddText(font, size, ImVec2(centre.x - extent.x / 2, centre.y - extent.y / 2), color,
                text.data(), text.data() + text.size());
}

std::pair<ImVec2, ImVec2> LabelBox(ImFont* font, float size, ImVec2 centre, std::string_view text) {
  const ImVec2 extent = TextSize(font, size, text);
  const ImVec2 pad(size * 0.3f, size * 0.12f);
  return {ImVec2(centre.x - extent.x / 2 - pad.x, centre.y - extent.y / 2 - pad.y),
          ImVec2(centre.x + extent.x / 2 + pad.x, centre.y + extent.y / 2 + pad.y)};
}

void DrawLabel(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, std::string_view text,
               ImU32 text_color, ImU32 fill, ImU32 border) {
  const ImVec2 extent = TextSize(font, size, text);
  const auto [min, max] = LabelBox(font, size, centre, text);
  draw->AddRectFilled(min, max, fill, size * 0.25f);
  draw->AddRect(min, max, border, size * 0.25f, 0, 2.0f);
  draw->AddText(font, size, ImVec2(centre.x - extent.x / 2, centre.y - extent.y / 2), text_color,
                text.data(), text.data() + text.size());
}

}  // namespace collscope::gui
