// The lesson panel: which lesson is open, its text, its scenes, the
// questions the lecture asks, "check your understanding", previous / next.
// The title and the scene buttons stay at the top and the questions, the
// prediction and the buttons at the bottom; the text between them scrolls
// (issue 15: all of them reachable without scrolling at 1280x720).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels/buffer_table_marks.h"
#include "app/panels/lesson_panel.h"
#include "app/render/format.h"
#include "engine/collective.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

// Whether the last item lies whole inside what its window shows (its clip
// rectangle: the part not scrolled away, not under the title bar) and
// inside the screen.
bool LastItemWhole() {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = draw->GetClipRectMin();
  const ImVec2 clip_max = draw->GetClipRectMax();
  const ImGuiViewport* screen = ImGui::GetMainViewport();
  // Half a pixel of slack: item rectangles are fractional.
  const float e = 0.5f;
  return min.x >= clip_min.x - e && min.y >= clip_min.y - e && max.x <= clip_max.x + e &&
         max.y <= clip_max.y + e && min.x >= screen->Pos.x - e && min.y >= screen->Pos.y - e &&
         max.x <= screen->Pos.x + screen->Size.x + e && max.y <= screen->Pos.y + screen->Size.y + e;
}

void BulletList(const char* heading, const std::vector<std::string>& items, ImU32 color,
                int* whole = nullptr) {
  if (items.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s", heading);
  for (const std::string& item : items) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", item.c_str());
    if (whole != nullptr && LastItemWhole()) ++*whole;
  }
}

// Places the next item on the current line when `width` more fits there.
void SameLineIfFits(float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
}

// The scene buttons, several to a line where their names fit; a long name
// wraps beside its button instead of running off the narrow panel.
void DrawSceneButtons(AppState& state, const lessons::Lesson& file, LessonPanelRecord& record) {
  if (file.scenes.size() < 2) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::Spacing();
  for (int i = 0; i < static_cast<int>(file.scenes.size()); ++i) {
    const lessons::Scene& scene = file.scenes[static_cast<std::size_t>(i)];
    const std::string name = scene.title.empty() ? "Part " + std::to_string(i + 1) : scene.title;
    if (i > 0) {
      SameLineIfFits(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                     ImGui::CalcTextSize(name.c_str()).x);
    }
    ImGui::PushID(i);
    const bool open = state.scene_index() == i;
    bool clicked = ImGui::RadioButton("##scene", open);
    bool whole = LastItemWhole();
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopTextWrapPos();
    clicked = clicked || ImGui::IsItemClicked();
    whole = whole && LastItemWhole();
    ImGui::PopID();
    ++record.scene_buttons;
    if (whole) ++record.scene_buttons_visible;
    if (clicked && !open) state.OpenScene(i);
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
    frame.record.lesson_panel.check_button = true;
    frame.record.lesson_panel.check_button_visible = LastItemWhole();
  }
  DrawPredictionScore(state, frame.palette);
}

void DrawLessonButtons(AppState& state) {
  const int count = static_cast<int>(state.lessons().size());
  const int index = state.lesson_index();
  ImGui::BeginDisabled(index <= 0);
  if (ImGui::Button("< Previous lesson")) state.OpenLessonIndex(index - 1);
  ImGui::EndDisabled();
  const char* next = "Next lesson >";
  SameLineIfFits(ImGui::CalcTextSize(next).x + ImGui::GetStyle().FramePadding.x * 2);
  ImGui::BeginDisabled(index + 1 >= count);
  if (ImGui::Button(next)) state.OpenLessonIndex(index < 0 ? 0 : index + 1);
  ImGui::EndDisabled();
}

}  // namespace

void DrawLessonPanel(FrameContext& frame, const Rect& rect, LessonPanelUi& ui) {
  AppState& state = frame.state;
  PlacePanel(rect);
  if (!ImGui::Begin("Lesson###lesson", &state.view.panels.lesson, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  LessonPanelRecord& record = frame.record.lesson_panel;
  record.drawn = true;
  const Lesson* lesson = state.lesson();
  if (lesson == nullptr) {
    const Config& config = state.config();
    ImGui::PushFont(frame.fonts.big);
    ImGui::TextWrapped("Your own setup");
    ImGui::PopFont();
    ImGui::TextWrapped("%s by %s on %s. Pick a lesson from the Lessons menu to go back.",
                       std::string(engine::CollectiveName(config.collective)).c_str(),
                       config.algorithm.c_str(), CountOf(config.ranks, "rank").c_str());
    ImGui::Spacing();
    DrawLessonButtons(state);
    ui = LessonPanelUi{};
    ImGui::End();
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float top_start = ImGui::GetCursorPosY();
  ImGui::PushFont(frame.fonts.big);
  ImGui::TextWrapped("%s", lesson->title.c_str());
  ImGui::PopFont();
  // Wrapped: the panel is narrow and this line must not be cut off.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(frame.palette.text_dim));
  ImGui::TextWrapped("Lecture slide %d · lesson %d of %d · %d done", lesson->slide,
                     state.lesson_index() + 1, static_cast<int>(state.lessons().size()),
                     state.LessonsDone());
  ImGui::PopStyleColor();
  if (lesson->file) DrawSceneButtons(state, *lesson->file, record);
  ImGui::Separator();
  const float top_h = ImGui::GetCursorPosY() - top_start;

  // The text takes what the pinned parts leave (their height from last
  // frame: it depends on the panel's width only), at least two lines; the
  // layout is asked for the whole text.
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  float text_want_h = line_h * 2;
  // Whole lines of the paragraphs (a wrapped paragraph's lines are a font
  // size apart): the text's bottom edge cuts no line in half.
  const float font_h = ImGui::GetTextLineHeight();
  const float room_h = ImGui::GetContentRegionAvail().y - ui.bottom_h - style.ItemSpacing.y;
  const float text_h = std::max(std::floor(room_h / font_h) * font_h, text_want_h);
  if (ImGui::BeginChild("##lesson-text", ImVec2(0, text_h), /*border=*/false,
                        ImGuiWindowFlags_NoBackground)) {
    ImGui::TextWrapped("%s", lesson->text.c_str());
    if (lesson->file) {
      const int open = state.scene_index();
      const auto& scenes = lesson->file->scenes;
      if (scenes.size() >= 2 && open >= 0 && !scenes[static_cast<std::size_t>(open)].text.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", scenes[static_cast<std::size_t>(open)].text.c_str());
      }
      BulletList("Notice", lesson->file->notice, frame.palette.text_dim);
    }
    text_want_h = std::max(text_want_h, ImGui::GetCursorPosY() - ImGui::GetScrollY());
  }
  ImGui::EndChild();

  const float bottom_start = ImGui::GetCursorPosY();
  if (lesson->file) {
    record.questions = static_cast<int>(lesson->file->questions.size());
    BulletList("Questions", lesson->file->questions, frame.palette.text, &record.questions_visible);
    if (lesson->file->predict) DrawPrediction(frame);
    ImGui::Spacing();
    if (ImGui::Button("Reset: back to the lesson's setup")) state.ResetScene();
  }
  DrawLessonButtons(state);
  const float bottom_h = ImGui::GetCursorPosY() - bottom_start;
  // A change of the measured heights moves the layout next frame: a
  // screenshot waits for it.
  frame.record.pending_work = frame.record.pending_work || std::abs(top_h - ui.top_h) > 0.5f ||
                              std::abs(bottom_h - ui.bottom_h) > 0.5f;
  ui.top_h = top_h;
  ui.bottom_h = bottom_h;
  ui.text_h = text_want_h;
  ui.chrome_h = ImGui::GetFrameHeight() + style.WindowPadding.y * 2 + style.ItemSpacing.y * 2;
  ImGui::End();
}

}  // namespace collscope::gui
