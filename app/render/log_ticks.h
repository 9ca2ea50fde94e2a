#pragma once

// The ticks of a logarithmic axis over [lo, hi] (lo > 0): every power of
// ten in it, or, where that gives fewer than two (a range within one
// decade, such as scatter's 240 to 607 us), 1, 2 and 5 times each: one
// label is no scale.
#include <cmath>
#include <vector>

namespace collscope::gui {

inline std::vector<double> LogTicks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi >= lo) || !std::isfinite(hi)) return ticks;
  for (const std::vector<double>& steps : {std::vector<double>{1}, std::vector<double>{1, 2, 5}}) {
    ticks.clear();
    // Each power of ten from its exponent (repeated * 10 drifts).
    for (int k = static_cast<int>(std::floor(std::log10(lo))); std::pow(10.0, k) <= hi * 1.0001;
         ++k) {
      const double decade = std::pow(10.0, k);
      for (double step : steps) {
        const double y = decade * step;
        if (y >= lo * 0.9999 && y <= hi * 1.0001) ticks.push_back(y);
      }
    }
    if (ticks.size() >= 2) break;
  }
  return ticks;
}

}  // namespace collscope::gui
