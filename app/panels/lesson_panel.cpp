// The lesson panel: which lesson is open, its text, previous / next.
#include <string>

#include "app/panels/panels.h"
#include "engine/collective.h"
#include "imgui.h"

namespace collscope::gui {

void DrawLessonPanel(FrameContext& frame, const Rect& rect) {
  AppState& state = frame.state;
  PlacePanel(rect);
  if (!ImGui::Begin("Lesson###lesson", &state.view.panels.lesson, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const int count = static_cast<int>(state.lessons().size());
  if (const Lesson* lesson = state.lesson()) {
    ImGui::PushFont(frame.fonts.big);
    ImGui::TextWrapped("%s", lesson->title.c_str());
    ImGui::PopFont();
    ImGui::TextDisabled("Lecture slide %d · lesson %d of %d", lesson->slide,
                        state.lesson_index() + 1, count);
    ImGui::Separator();
    ImGui::TextWrapped("%s", lesson->text.c_str());
  } else {
    const Config& config = state.config();
    ImGui::PushFont(frame.fonts.big);
    ImGui::TextWrapped("Your own setup");
    ImGui::PopFont();
    ImGui::TextWrapped("%s by %s on %d ranks. Pick a lesson from the Lessons menu to go back.",
                       std::string(engine::CollectiveName(config.collective)).c_str(),
                       config.algorithm.c_str(), config.ranks);
  }
  ImGui::Spacing();
  const int index = state.lesson_index();
  ImGui::BeginDisabled(index <= 0);
  if (ImGui::Button("< Previous lesson")) state.OpenLessonIndex(index - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(index + 1 >= count);
  if (ImGui::Button("Next lesson >")) state.OpenLessonIndex(index < 0 ? 0 : index + 1);
  ImGui::EndDisabled();
  ImGui::End();
}

}  // namespace collscope::gui
