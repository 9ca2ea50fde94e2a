#include "app/render/format.h"

#include <cmath>
#include <cstdio>

namespace collscope::gui {

namespace {

std::string Printf(const char* format, double value, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, format, value, unit);
  return text;
}

// Three significant digits.
std::string Scaled(double value, const char* unit) {
  const double a = std::fabs(value);
  if (a >= 100) return Printf("%.0f %s", value, unit);
  if (a >= 10) return Printf("%.1f %s", value, unit);
  return Printf("%.2f %s", value, unit);
}

}  // namespace

std::string FormatSeconds(double s) {
  const double a = std::fabs(s);
  if (a == 0) return "0 s";
  if (a < 1e-6) return Scaled(s * 1e9, "ns");
  if (a < 1e-3) return Scaled(s * 1e6, "µs");
  if (a < 1) return Scaled(s * 1e3, "ms");
  return Scaled(s, "s");
}

std::string FormatBytes(double b) {
  if (b < 1e3) return Printf("%.0f %s", b, "B");
  if (b < 1e6) return Scaled(b / 1e3, "KB");
  if (b < 1e9) return Scaled(b / 1e6, "MB");
  return Scaled(b / 1e9, "GB");
}

std::string FormatFactor(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

}  // namespace collscope::gui
