#include "app/panels/panels.h"

namespace collscope::gui {

int FixedPanelFlags() {
  // No background: the panels tile the window and their background is the
  // clear colour (theme.cpp), so drawing it again only costs fill rate, which
  // is what software rendering (Mesa llvmpipe) is short of.
  return ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
         ImGuiWindowFlags_NoBackground;
}

void PlacePanel(const Rect& rect) {
  ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
}

}  // namespace collscope::gui
