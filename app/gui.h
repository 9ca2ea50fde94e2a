#pragma once

#include <string>
#include <vector>

namespace collscope::gui {

// Runs the desktop GUI. `args` are the words after `collscope gui` (empty for
// a bare `collscope`). Returns the process exit code: 0 on a normal exit, 1
// when a scripted check failed, 2 for a bad flag or when no display is
// available.
int RunGui(const std::vector<std::string>& args);

}  // namespace collscope::gui
