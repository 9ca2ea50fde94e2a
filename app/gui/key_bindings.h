#pragma once

#include "app/app_state.h"
#include "app/panels/file_browser.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// The keys of the Help window (app/panels/help_window.cpp): stepping,
// playing, the clicker's PageDown / PageUp, fullscreen, text size,
// presenter mode, Help, and Ctrl+Q / Ctrl+O / Ctrl+S. Call between
// ImGui::NewFrame and the panels.
void HandleKeys(AppState& state, FileBrowserUi& file_browser, Requests& requests);

}  // namespace collscope::gui
