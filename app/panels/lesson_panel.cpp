// The lesson panel: which lesson is open, its text, its scenes, the
// questions the lecture asks, "check your understanding", previous / next.
#include <string>

#include "app/panels/lesson_panel.h"
#include "app/render/format.h"
#include "engine/collective.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

void BulletList(const char* heading, const std::vector<std::string>& items, ImU32 color) {
  if (items.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s", heading);
  for (const std::string& item : items) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", item.c_str());
  }
}

void DrawScenes(AppState& state, const lessons::Lesson& file) {
  if (file.scenes.size() < 2) return;
  ImGui::Spacing();
  for (int i = 0; i < static_cast<int>(file.scenes.size()); ++i) {
    const lessons::Scene& scene = file.scenes[static_cast<std::size_t>(i)];
    std::string name = scene.title.empty() ? "Part " + std::to_string(i + 1) : scene.title;
    if (ImGui::RadioButton(name.c_str(), state.scene_index() == i)) state.OpenScene(i);
  }
  const int open = state.scene_index();
  if (open >= 0 && !file.scenes[static_cast<std::size_t>(open)].text.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", file.scenes[static_cast<std::size_t>(open)].text.c_str());
  }
}

// Check your understanding: mark the cells the next step will write.
void DrawPrediction(FrameContext& frame) {
  AppState& state = frame.state;
  if (!state.buffers()) return;
  ImGui::Spacing();
  bool predicting = state.predicting();
  if (ImGui::Checkbox("Predict before each step", &predicting)) state.SetPredicting(predicting);
  if (!predicting) return;
  if (state.AtEnd()) {
    ImGui::TextWrapped("This was the last step.");
  } else {
    ImGui::TextWrapped("Click the cells of the table that step %lld will write (%zu marked).",
                       static_cast<long long>(state.step() + 1), state.Prediction().size());
    if (ImGui::Button("Check my prediction")) state.CheckPrediction();
  }
  if (const auto& score = state.Score()) {
    const bool perfect = score->wrong == 0 && score->missed == 0;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(perfect ? frame.palette.complete_mark
                                                              : frame.palette.phase_reduce_scatter),
                       "Step %lld: %d right, %d wrong, %d missed%s",
                       static_cast<long long>(score->step), score->right, score->wrong,
                       score->missed, perfect ? " - all correct!" : "");
  }
}

}  // namespace

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
    // Wrapped: the panel is narrow and this line must not be cut off.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(frame.palette.text_dim));
    ImGui::TextWrapped("Lecture slide %d · lesson %d of %d · %d done", lesson->slide,
                       state.lesson_index() + 1, count, state.LessonsDone());
    ImGui::PopStyleColor();
    ImGui::Separator();
    ImGui::TextWrapped("%s", lesson->text.c_str());
    if (lesson->file) {
      DrawScenes(state, *lesson->file);
      BulletList("Questions", lesson->file->questions, frame.palette.text);
      BulletList("Notice", lesson->file->notice, frame.palette.text_dim);
      if (ImGui::Button("Reset: back to the lesson's setup")) state.ResetScene();
      if (lesson->file->predict) DrawPrediction(frame);
    }
  } else {
    const Config& config = state.config();
    ImGui::PushFont(frame.fonts.big);
    ImGui::TextWrapped("Your own setup");
    ImGui::PopFont();
    ImGui::TextWrapped("%s by %s on %s. Pick a lesson from the Lessons menu to go back.",
                       std::string(engine::CollectiveName(config.collective)).c_str(),
                       config.algorithm.c_str(), CountOf(config.ranks, "rank").c_str());
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
