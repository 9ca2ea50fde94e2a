#pragma once

#include "app/app_state.h"
#include "app/gui_options.h"

namespace collscope::gui {

// Sets up `state` as the command line asks (lesson or setup, bytes, preset,
// trace, step, and the view settings). Everything is checked before a window
// opens, so bad flags fail the same way with and without a display: throws
// cli::UsageError with one line naming the flag.
void ApplyCommandLine(const GuiOptions& options, AppState& state);

}  // namespace collscope::gui
