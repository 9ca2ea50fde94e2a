#pragma once

// What the trace timelines share (the step timeline of a recorded run and
// the kernel timeline of a per-rank profile): the visible time range mapped
// to pixels, folding of spans too narrow to see (Tracy's timeline), and the
// ticks of the time axis.
#include <algorithm>
#include <cstddef>
#include <ranges>
#include <string>

#include "imgui.h"

namespace collscope::gui {

// Spans narrower than this fold into one bar.
inline constexpr float kFoldPx = 3.0f;

struct TimeAxis {
  double start_ns;
  double span_ns;
  float x0;
  float width;
  float X(double ns) const {
    return x0 + static_cast<float>((ns - start_ns) / span_ns * static_cast<double>(width));
  }
  double Ns(float x) const {
    return start_ns + static_cast<double>(x - x0) / static_cast<double>(width) * span_ns;
  }
};

// Calls draw(first, last, a, b) for each bar of spans [begin, end) of a
// list sorted by start: one span wide enough to see on its own (last =
// first + 1), or the run of narrower spans starting within kFoldPx of the
// first, folded into one bar. Each fold moves at least kFoldPx along, so a
// row costs at most width / kFoldPx bars however many spans it has.
template <typename Start, typename End, typename Draw>
void DrawFolded(std::size_t begin, std::size_t end, Start start_ns, End end_ns,
                const TimeAxis& axis, Draw draw) {
  const float left = axis.x0;
  const float right = axis.x0 + axis.width;
  auto wide = [&](std::size_t i) { return axis.X(end_ns(i)) - axis.X(start_ns(i)) >= kFoldPx; };
  for (std::size_t i = begin; i < end;) {
    const float a = std::clamp(axis.X(start_ns(i)), left, right);
    const float b = std::clamp(axis.X(end_ns(i)), left, right);
    if (b - a >= kFoldPx || wide(i)) {
      draw(i, i + 1, a, std::max(b, a + 1));
      ++i;
      continue;
    }
    const double limit = axis.Ns(a + kFoldPx);
    const auto rest = std::views::iota(i + 1, end);
    std::size_t k =
        i + 1 +
        static_cast<std::size_t>(
            std::ranges::partition_point(rest, [&](std::size_t j) { return start_ns(j) < limit; }) -
            rest.begin());
    // A wide span right after narrow ones is drawn on its own.
    if (k > i + 1 && wide(k - 1)) --k;
    const float folded_end = std::clamp(axis.X(end_ns(k - 1)), left, right);
    draw(i, k, a, std::max({b, folded_end, a + 1}));
    i = k;
  }
}

// The mouse's zoom and pan of a visible range [start_ns, end_ns) drawn
// from x0 over width pixels: the wheel zooms around the time under the
// mouse (0.8x in, 1.25x out per notch), a drag shifts the range by the
// mouse's move. Both timelines share it so that they feel the same.
void ZoomAndPan(double& start_ns, double& end_ns, float x0, float width, float mouse_x, float wheel,
                float drag_dx);

// A tick every 1, 2 or 5 x 10^k ns, about `ticks` across the view.
double TickStep(double span_ns, int ticks);

// "3.50002 ms": the unit of the largest time on the axis, with as many
// decimals as the tick step needs, so that neighbouring ticks never print
// the same text when zoomed far in.
std::string TickLabel(double ns, double step_ns, double largest_ns);

// The ticks of an axis band [axis_y, axis_y + axis_h) under rows starting at
// top_y: a grid line each, and the time since from_ns as its label while it
// fits in the axis.
struct TickStyle {
  ImFont* font;
  float px;
  ImU32 grid;
  ImU32 text;
};
void DrawTicks(ImDrawList* draw, const TickStyle& style, const TimeAxis& axis, double from_ns,
               float top_y, float axis_y, float axis_h);

}  // namespace collscope::gui
