#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/app_state.h"
#include "engine/collective.h"

namespace collscope::gui {

// The script's `walk-all P`: every collective x algorithm the registry
// lists, loaded one after the other at P ranks (each then walked to its end
// by the runner). A pair that needs a power of two at another P is counted
// as refused; any other refusal is a failure.
class WalkAll {
 public:
  void Start(int ranks);
  // Loads the next pair that loads: true, or false when none is left (and
  // prints the summary line). `fail` hears each pair that would not load.
  bool LoadNext(AppState& state, const std::function<void(const std::string&)>& fail);
  bool active() const { return active_; }
  int walked() const { return walked_; }
  int refused() const { return refused_; }

 private:
  std::vector<std::pair<engine::Collective, std::string>> pairs_;
  std::size_t next_ = 0;
  int ranks_ = 0;
  int walked_ = 0;
  int refused_ = 0;
  bool active_ = false;
};

}  // namespace collscope::gui
