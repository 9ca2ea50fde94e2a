#pragma once

#include <memory>
#include <vector>

#include "engine/topology.h"

namespace collscope::engine::algorithms {

// A tree's ranks grouped by depth, shared by the steps that walk it level by
// level: a reduction climbs from the deepest level, a broadcast descends.
struct TreeLevels {
  Tree tree;
  std::vector<std::vector<int>> by_depth;  // by_depth[d]: ranks at depth d

  int Depth() const { return static_cast<int>(by_depth.size()) - 1; }
};

std::shared_ptr<const TreeLevels> LevelsOf(Tree tree);

}  // namespace collscope::engine::algorithms
