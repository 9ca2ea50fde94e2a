#include "app/panels/time_axis.h"

#include <cmath>
#include <cstdio>

#include "app/render/draw.h"

namespace collscope::gui {

double TickStep(double span_ns, int ticks) {
  const double raw = span_ns / std::max(ticks, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

std::string TickLabel(double ns, double step_ns, double largest_ns) {
  struct Unit {
    double ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{1, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}};
  Unit unit = kUnits[0];
  for (const Unit& u : kUnits) {
    if (std::fabs(largest_ns) >= u.ns) unit = u;
  }
  const int decimals =
      std::clamp(static_cast<int>(std::ceil(-std::log10(step_ns / unit.ns) - 1e-9)), 0, 9);
  char text[48];
  std::snprintf(text, sizeof text, "%.*f %s", decimals, ns / unit.ns, unit.name);
  return text;
}

void ZoomAndPan(double& start_ns, double& end_ns, float x0, float width, float mouse_x, float wheel,
                float drag_dx) {
  const double span = end_ns - start_ns;
  if (wheel != 0) {
    const double at = start_ns + static_cast<double>(mouse_x - x0) / width * span;
    const double factor = wheel > 0 ? 0.8 : 1.25;
    start_ns = at - (at - start_ns) * factor;
    end_ns = at + (end_ns - at) * factor;
  }
  if (drag_dx != 0) {
    const double shift = -static_cast<double>(drag_dx) / width * span;
    start_ns += shift;
    end_ns += shift;
  }
}

void DrawTicks(ImDrawList* draw, const TickStyle& style, const TimeAxis& axis, double from_ns,
               float top_y, float axis_y, float axis_h) {
  const double step = TickStep(axis.span_ns, static_cast<int>(axis.width / (style.px * 7)));
  const double view_end = axis.start_ns + axis.span_ns;
  const double largest =
      std::max(std::fabs(axis.start_ns - from_ns), std::fabs(view_end - from_ns));
  for (double rel = std::ceil((axis.start_ns - from_ns) / step) * step; rel <= view_end - from_ns;
       rel += step) {
    const float x = axis.X(rel + from_ns);
    draw->AddLine(ImVec2(x, top_y), ImVec2(x, axis_y + axis_h * 0.3f), style.grid);
    const std::string text = TickLabel(rel, step, largest);
    if (x + TextSize(style.font, style.px, text).x > axis.x0 + axis.width) break;
    draw->AddText(style.font, style.px, ImVec2(x + 3, axis_y + (axis_h - style.px) / 2), style.text,
                  text.c_str());
  }
}

}  // namespace collscope::gui
