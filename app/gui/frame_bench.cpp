#include "app/gui/frame_bench.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "engine/collective.h"

namespace collscope::gui {

namespace {

constexpr int kSettleFrames = 2;  // frames drawn before the timing starts
constexpr int kFramesPerStep = 30;

double Mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double Milliseconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

FrameTimes SummarizeFrameTimes(std::vector<double> ms) {
  FrameTimes times;
  if (ms.empty()) return times;
  std::sort(ms.begin(), ms.end());
  times.frames = ms.size();
  times.mean_ms = Mean(ms);
  // The nearest-rank percentile: the smallest value at or above 99 % of them.
  const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(ms.size())));
  times.p99_ms = ms[std::min(ms.size() - 1, rank - 1)];
  times.max_ms = ms.back();
  return times;
}

FrameBench::FrameBench(int frames) : frames_(frames), frame_(-kSettleFrames) {
  frame_ms_.reserve(static_cast<std::size_t>(frames));
}

void FrameBench::Built() { built_ = Clock::now(); }

void FrameBench::Drawn(std::size_t vertices) {
  const auto drawn = Clock::now();
  vertices_ += vertices;
  build_ms_.push_back(Milliseconds(built_ - start_));
  draw_ms_.push_back(Milliseconds(drawn - built_));
}

bool FrameBench::FrameDone(AppState& state, TimelineUi& timeline) {
  const auto end = Clock::now();
  if (frame_ >= 0) frame_ms_.push_back(Milliseconds(end - start_));
  start_ = end;
  ++frame_;
  // A trace's timeline pans and zooms (and its replay plays) as a user would.
  if (state.loaded_trace()) BenchTimeline(state, timeline, frame_);
  // Step every 30 frames so the chunk animation and the caches keep working.
  if (frame_ > 0 && frame_ % kFramesPerStep == 0) {
    if (state.AtEnd()) {
      state.SeekStep(0);
    } else {
      state.StepForward();
    }
  }
  return frame_ < frames_;
}

std::string FrameBench::Report(const AppState& state, int width, int height,
                               const std::string& renderer) const {
  const FrameTimes times = SummarizeFrameTimes(frame_ms_);
  if (times.frames == 0) return "";
  const Config& config = state.config();
  const std::string setup = std::string(engine::CollectiveName(config.collective)) + " " +
                            config.algorithm + " p=" + std::to_string(config.ranks);
  const char* format =
      "bench-frames: %zu frames, %dx%d, %s: mean %.2f ms, p99 %.2f ms, max %.2f ms (%.1f fps) "
      "[%s]; of which UI %.2f ms, GL %.2f ms; %zu vertices a frame\n";
  auto print = [&](char* out, std::size_t size) {
    return std::snprintf(out, size, format, times.frames, width, height, setup.c_str(),
                         times.mean_ms, times.p99_ms, times.max_ms, 1000.0 / times.mean_ms,
                         renderer.c_str(), Mean(build_ms_), Mean(draw_ms_),
                         vertices_ / std::max<std::size_t>(1, draw_ms_.size()));
  };
  std::string line(static_cast<std::size_t>(std::max(0, print(nullptr, 0))), '\0');
  print(line.data(), line.size() + 1);
  return line;
}

}  // namespace collscope::gui
