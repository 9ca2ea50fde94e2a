#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "app/layout.h"
#include "app/panels/panels.h"
#include "engine/cost_model.h"

namespace collscope::gui {

struct CostOverlayUi {
  int whatif_ranks = 0;      // 0: follow the loaded p
  double whatif_bytes = -1;  // < 0: follow the loaded n
  // The setup the sliders were last set from: loading another (a lesson,
  // a scene, a trace) sets them to its p and n again.
  std::string whatif_setup;
  bool plot_against_bytes = false;
  std::string compare_algorithm;  // second curve; "" = pick one
  // Cached plot: key and points (x, total seconds) per algorithm.
  std::string plot_key;
  std::vector<double> plot_x;
  std::vector<std::vector<double>> plot_y;  // [algorithm][point], NaN where refused
  std::vector<std::string> plot_algorithms;
  std::size_t plot_next = 0;  // next point to price
  std::string whatif_key;
  std::vector<std::pair<std::string, engine::CostBreakdown>> whatif;
  std::vector<std::string> whatif_errors;
};

void DrawCostOverlay(FrameContext& frame, const Rect& rect, CostOverlayUi& ui);

}  // namespace collscope::gui
