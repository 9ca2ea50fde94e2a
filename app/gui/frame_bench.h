#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/panels/timeline.h"

namespace collscope::gui {

// Mean, 99th percentile and worst of a run's frame times.
struct FrameTimes {
  std::size_t frames = 0;
  double mean_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};
FrameTimes SummarizeFrameTimes(std::vector<double> ms);

// --bench-frames N: times N frames after a couple to settle, split into
// building the frame (events, panels, ImGui::Render) and drawing it
// (OpenGL; llvmpipe rasterises here), while the view keeps changing as a
// user's would.
class FrameBench {
 public:
  explicit FrameBench(int frames);
  void Built();                      // after ImGui::Render
  void Drawn(std::size_t vertices);  // after glFinish
  // After the swap: steps the schedule every 30 frames (and pans the
  // timeline of a trace). False once N frames are timed.
  bool FrameDone(AppState& state, TimelineUi& timeline);
  // One line: frame times, window size, setup, renderer, split, vertices.
  std::string Report(const AppState& state, int width, int height,
                     const std::string& renderer) const;

 private:
  using Clock = std::chrono::steady_clock;
  int frames_;
  int frame_;  // negative while settling
  Clock::time_point start_ = Clock::now();
  Clock::time_point built_ = start_;
  std::vector<double> frame_ms_;
  std::vector<double> build_ms_;
  std::vector<double> draw_ms_;
  std::size_t vertices_ = 0;  // ImGui vertices over all frames
};

}  // namespace collscope::gui
