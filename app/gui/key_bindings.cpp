#include "app/gui/key_bindings.h"

#include <GLFW/glfw3.h>

#include <string>

#include "imgui.h"

namespace collscope::gui {

void HandleKeys(AppState& state, FileBrowserUi& file_browser, Requests& requests) {
  const ImGuiIO& io = ImGui::GetIO();
  // The file browser takes the arrows, Enter and Escape while it is open.
  if (io.WantTextInput || file_browser.open) return;
  ViewSettings& view = state.view;
  // ImGui 1.86 indexes keys by the backend's codes, GLFW's here.
  auto pressed = [](int key, bool repeat) { return ImGui::IsKeyPressed(key, repeat); };
  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_Q, false)) requests.quit = true;
    if (pressed(GLFW_KEY_O, false)) file_browser.open = true;
    if (pressed(GLFW_KEY_S, false)) {
      requests.screenshot = "collscope-step" + std::to_string(state.step()) + ".png";
    }
    return;
  }
  if (pressed(GLFW_KEY_SPACE, false)) {
    // During a trace replay Space plays and pauses the replay itself.
    TraceReplay& replay = state.replay();
    if (replay.Active()) {
      replay.SetPlaying(!replay.playing());
    } else {
      state.TogglePlaying();
    }
  }
  // Presenter mode hides the lesson panel and its "Check my prediction":
  // there the step keys check the class's prediction (and step).
  const bool check = view.presenter && state.predicting() && !state.AtEnd();
  if (pressed(GLFW_KEY_RIGHT, true)) {
    if (check) {
      state.CheckPrediction();
    } else {
      state.StepForward();
    }
  }
  if (pressed(GLFW_KEY_LEFT, true)) state.StepBack();
  if (pressed(GLFW_KEY_HOME, false)) state.SeekStep(0);
  if (pressed(GLFW_KEY_END, false)) state.SeekStep(state.step_count());
  // Presentation clickers send PageDown / PageUp.
  if (pressed(GLFW_KEY_PAGE_DOWN, true)) {
    if (check && state.step() < state.SceneLastStep()) {
      state.CheckPrediction();
    } else {
      state.ClickerNext();
    }
  }
  if (pressed(GLFW_KEY_PAGE_UP, true)) state.ClickerPrevious();
  if (pressed(GLFW_KEY_F11, false) || pressed(GLFW_KEY_F, false))
    view.fullscreen = !view.fullscreen;
  if (pressed(GLFW_KEY_KP_ADD, true) || (pressed(GLFW_KEY_EQUAL, true))) view.font_adjust_px += 2;
  if (pressed(GLFW_KEY_KP_SUBTRACT, true) || pressed(GLFW_KEY_MINUS, true))
    view.font_adjust_px -= 2;
  if (pressed(GLFW_KEY_P, false)) view.presenter = !view.presenter;
  if (pressed(GLFW_KEY_F1, false)) view.panels.help = !view.panels.help;
  if (pressed(GLFW_KEY_ESCAPE, false)) {
    view.presenter = false;
    view.fullscreen = false;
  }
}

}  // namespace collscope::gui
