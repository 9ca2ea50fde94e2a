// Help: keys and the notation.
#include "app/panels/help_window.h"
#include "imgui.h"

namespace collscope::gui {

void DrawHelpWindow(FrameContext& frame) {
  AppState& state = frame.state;
  if (!state.view.panels.help) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Help", &state.view.panels.help,
                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::TextUnformatted("Keys");
  ImGui::Separator();
  const char* keys[][2] = {
      {"Right / PageDown", "next step (at the last step: next lesson)"},
      {"Left / PageUp", "previous step (at step 0: previous lesson)"},
      {"Home / End", "first / last step"},
      {"Space", "play / pause (a trace's replay while one is on)"},
      {"F11 or F", "fullscreen"},
      {"+ / -", "larger / smaller text"},
      {"P", "presenter mode on / off"},
      {"Ctrl+O", "open a trace (or drop files on the window)"},
      {"Ctrl+S / Ctrl+Q", "save a screenshot / quit"},
  };
  for (const auto& key : keys) {
    ImGui::TextUnformatted(key[0]);
    ImGui::SameLine(ImGui::GetFontSize() * 11);
    ImGui::TextUnformatted(key[1]);
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Notation (lecture slide 8)");
  ImGui::Separator();
  ImGui::TextUnformatted(
      "Each GPU's array is split into chunks a, b, c, ...; a1 is chunk a of GPU 1.\n"
      "a1+a0 is the partial sum of chunk a over GPUs 1 and 0; a0+…+a63 (64) sums 64 GPUs.\n"
      "Highlighted cells were written in the shown step; ✓ marks a complete sum.");
  ImGui::End();
}

}  // namespace collscope::gui
