#include "app/gui/walk_all.h"

#include <cstdio>

#include "engine/algorithm.h"
#include "engine/topology.h"

namespace collscope::gui {

void WalkAll::Start(int ranks) {
  ranks_ = ranks;
  pairs_.clear();
  for (const auto& algorithm : engine::Algorithms()) {
    for (engine::Collective c : algorithm.collectives) {
      pairs_.push_back({c, std::string(algorithm.name)});
    }
  }
  next_ = 0;
  walked_ = refused_ = 0;
  active_ = true;
}

bool WalkAll::LoadNext(AppState& state, const std::function<void(const std::string&)>& fail) {
  while (next_ < pairs_.size()) {
    const auto& [collective, algorithm] = pairs_[next_++];
    Config config;
    config.collective = collective;
    config.algorithm = algorithm;
    config.ranks = ranks_;
    config.bytes = state.config().bytes;
    if (auto error = state.Load(config)) {
      const auto* info = engine::FindAlgorithm(algorithm);
      if (info && info->needs_power_of_two && !engine::IsPowerOfTwo(ranks_)) {
        ++refused_;
        continue;
      }
      fail(std::string(engine::CollectiveName(collective)) + " " + algorithm +
           " p=" + std::to_string(ranks_) + ": " + *error);
      continue;
    }
    ++walked_;
    return true;
  }
  active_ = false;
  std::printf("walk-all p=%d: %d pairs walked to the end, %d refused (need a power of two)\n",
              ranks_, walked_, refused_);
  return false;
}

}  // namespace collscope::gui
