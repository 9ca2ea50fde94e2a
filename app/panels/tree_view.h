#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "app/panels/panels.h"
#include "engine/topology.h"

namespace collscope::gui {

struct TreeViewUi {
  // The trees last drawn and what they were built for.
  std::tuple<std::string, int, int> key{"", -1, -1};
  std::vector<engine::Tree> trees;
  std::vector<std::vector<float>> x;  // x of each rank in [0, 1], per tree
  std::vector<int> depth;             // levels per tree
  // The closest two ranks of one level, as a fraction of the width, per
  // tree (0: no level holds two, or p > 128, where it is not used).
  std::vector<float> closest;
};

void DrawTreeView(FrameContext& frame, ImVec2 min, ImVec2 max, TreeViewUi& ui);

}  // namespace collscope::gui
