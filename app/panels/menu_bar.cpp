// The menu bar: File, View, Lessons, Help.
#include <string>

#include "app/panels/menu_bar.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

std::string ScreenshotName(const AppState& state) {
  const Lesson* lesson = state.lesson();
  const std::string what = lesson ? lesson->id : state.config().algorithm;
  return "collscope-" + what + "-p" + std::to_string(state.config().ranks) + "-step" +
         std::to_string(state.step()) + ".png";
}

}  // namespace

void DrawMenuBar(FrameContext& frame) {
  AppState& state = frame.state;
  ViewSettings& view = state.view;
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    // Files can also be dropped on the window (several rank files at once).
    if (ImGui::MenuItem("Open trace…", "Ctrl+O")) frame.requests.show_file_browser = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Save screenshot (PNG)", "Ctrl+S")) {
      frame.requests.screenshot = ScreenshotName(state);
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) frame.requests.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Lesson", nullptr, &view.panels.lesson);
    ImGui::MenuItem("Controls", nullptr, &view.panels.controls);
    ImGui::MenuItem("Ring / tree view", nullptr, &view.panels.centre);
    ImGui::MenuItem("Buffer table", nullptr, &view.panels.table);
    ImGui::MenuItem("Cost overlay", nullptr, &view.panels.cost);
    ImGui::MenuItem("Timeline", nullptr, &view.panels.timeline);
    ImGui::Separator();
    if (ImGui::MenuItem("Centre: automatic", nullptr, view.view == CentreView::kAuto)) {
      view.view = CentreView::kAuto;
    }
    if (ImGui::MenuItem("Centre: ring", nullptr, view.view == CentreView::kRing)) {
      view.view = CentreView::kRing;
    }
    if (ImGui::MenuItem("Centre: tree", nullptr, view.view == CentreView::kTree)) {
      view.view = CentreView::kTree;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Light theme (projector)", nullptr, view.theme == Theme::kLight)) {
      view.theme = Theme::kLight;
    }
    if (ImGui::MenuItem("Dark theme", nullptr, view.theme == Theme::kDark)) {
      view.theme = Theme::kDark;
    }
    ImGui::MenuItem("Presenter mode", "P", &view.presenter);
    ImGui::MenuItem("Fullscreen", "F11", &view.fullscreen);
    ImGui::MenuItem("Animate chunks", nullptr, &view.animate);
    if (ImGui::MenuItem("Larger text", "+")) view.font_adjust_px += 2;
    if (ImGui::MenuItem("Smaller text", "-")) view.font_adjust_px -= 2;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Lessons")) {
    const auto& lessons = state.lessons();
    for (std::size_t i = 0; i < lessons.size(); ++i) {
      const std::string item =
          "Slide " + std::to_string(lessons[i].slide) + ": " + lessons[i].title;
      // The shortcut column marks the lessons walked to their end.
      const char* done = state.LessonDone(lessons[i].id) ? "done" : nullptr;
      if (ImGui::MenuItem(item.c_str(), done, state.lesson_index() == static_cast<int>(i))) {
        state.OpenLessonIndex(static_cast<int>(i));
      }
    }
    ImGui::Separator();
    // A lecturer who edits a lesson file sees it without restarting.
    if (ImGui::MenuItem("Reload lesson files")) frame.requests.reload_lessons = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keys and notation", "F1")) view.panels.help = true;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace collscope::gui
