#include "app/panels/time_axis.h"

#include <cmath>
#include <cstdio>

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

}  // namespace collscope::gui
