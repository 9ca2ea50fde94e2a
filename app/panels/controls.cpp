// Controls: step through the schedule, play it, and choose what is loaded.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/panels/controls.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/byte_size.h"
#include "engine/collective.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

void Reload(AppState& state, const Config& config) {
  if (auto error = state.Load(config)) state.set_message(*error);
}

// Back, play/pause, forward and the scrub slider: shared by the panel and
// the presenter's strip.
void StepButtons(AppState& state, float button_w) {
  const ImVec2 size(button_w, 0);
  if (ImGui::Button("|<", size)) state.SeekStep(0);
  ImGui::SameLine();
  if (ImGui::Button("<", size)) state.StepBack();
  ImGui::SameLine();
  if (ImGui::Button(state.playing() ? "Pause" : "Play", ImVec2(button_w * 1.6f, 0))) {
    state.TogglePlaying();
  }
  ImGui::SameLine();
  if (ImGui::Button(">", size)) state.StepForward();
  ImGui::SameLine();
  if (ImGui::Button(">|", size)) state.SeekStep(state.step_count());
}

void ScrubSlider(AppState& state) {
  std::int64_t step = state.step();
  const std::int64_t lo = 0;
  const std::int64_t hi = std::max<std::int64_t>(state.step_count(), 1);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderScalar("##step", ImGuiDataType_S64, &step, &lo, &hi, "step %lld")) {
    state.SeekStep(step);
  }
}

void PhaseButtons(AppState& state) {
  int shown = 0;
  for (const AppState::PhaseStart& start : state.PhaseStarts()) {
    if (shown++ == 8) break;
    const std::string label = start.name + " (" + std::to_string(start.step) + ")";
    // Beside the button before when it fits right of it, else on a new line
    // (recursive doubling's three phases at 720p).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::CalcTextSize(label.c_str()).x + 2 * style.FramePadding.x;
    if (shown > 1 && ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_w <=
                         ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
      ImGui::SameLine();
    }
    if (ImGui::Button(label.c_str())) state.SeekStep(start.step);
  }
}

}  // namespace

void DrawControls(FrameContext& frame, const Rect& rect, ControlsUi& ui) {
  AppState& state = frame.state;
  PlacePanel(rect);
  if (!ImGui::Begin("Controls###controls", &state.view.panels.controls, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  const float px = frame.fonts.body->FontSize;
  ImGui::Text("Step %lld of %lld · %s", static_cast<long long>(state.step()),
              static_cast<long long>(state.step_count()), std::string(state.Phase()).c_str());
  StepButtons(state, px * 2.2f);
  ScrubSlider(state);
  float speed = static_cast<float>(state.steps_per_second());
  ImGui::SetNextItemWidth(-px * 6);
  if (ImGui::SliderFloat("steps/s", &speed, 0.25f, 30.0f, "%.2f", ImGuiSliderFlags_Logarithmic)) {
    state.SetStepsPerSecond(speed);
  }
  ImGui::Checkbox("animate chunks", &state.view.animate);
  ImGui::TextDisabled("Jump to a phase:");
  PhaseButtons(state);

  ImGui::Separator();
  Config config = state.config();
  const float label_w = px * 5.5f;
  ImGui::SetNextItemWidth(-label_w);
  if (ImGui::BeginCombo("collective",
                        std::string(engine::CollectiveName(config.collective)).c_str())) {
    for (engine::Collective c : engine::AllCollectives()) {
      if (ImGui::Selectable(std::string(engine::CollectiveName(c)).c_str(),
                            c == config.collective)) {
        config.collective = c;
        const auto* algorithm = engine::FindAlgorithm(config.algorithm);
        if (!algorithm || !engine::Supports(*algorithm, c)) {
          config.algorithm = std::string(engine::DefaultAlgorithm(c));
        }
        config.root = 0;
        Reload(state, config);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-label_w);
  if (ImGui::BeginCombo("algorithm", config.algorithm.c_str())) {
    for (const engine::AlgorithmInfo& algorithm : engine::Algorithms()) {
      if (!engine::Supports(algorithm, config.collective)) continue;
      const std::string name(algorithm.name);
      if (ImGui::Selectable(name.c_str(), name == config.algorithm)) {
        config.algorithm = name;
        Reload(state, config);
      }
      if (ImGui::IsItemHovered() && !algorithm.description.empty()) {
        ImGui::SetTooltip("%s", std::string(algorithm.description).c_str());
      }
    }
    ImGui::EndCombo();
  }
  if (ui.ranks_input == 0) ui.ranks_input = config.ranks;
  ImGui::SetNextItemWidth(-label_w);
  bool apply_ranks =
      ImGui::InputInt("p (ranks)", &ui.ranks_input, 1, 8, ImGuiInputTextFlags_EnterReturnsTrue);
  apply_ranks |= ImGui::IsItemDeactivatedAfterEdit();
  const bool editing_ranks = ImGui::IsItemActive();
  if (apply_ranks) {
    ui.ranks_input = std::clamp(ui.ranks_input, 1, AppState::kMaxGuiRanks);
    config.ranks = ui.ranks_input;
    config.root = std::min(config.root, config.ranks - 1);
    Reload(state, config);
  }
  if (!editing_ranks) ui.ranks_input = state.config().ranks;
  for (int preset : {4, 5, 8, 32, 64, 1024}) {
    if (preset != 4) ImGui::SameLine();
    if (ImGui::SmallButton(std::to_string(preset).c_str())) {
      config.ranks = preset;
      config.root = std::min(config.root, preset - 1);
      Reload(state, config);
    }
  }
  if (engine::HasRoot(config.collective)) {
    int root = config.root;
    ImGui::SetNextItemWidth(-label_w);
    if (ImGui::InputInt("root", &root)) {
      config.root = std::clamp(root, 0, config.ranks - 1);
      Reload(state, config);
    }
  }
  if (ui.shown_bytes != config.bytes) {
    ui.shown_bytes = config.bytes;
    std::snprintf(ui.bytes_text, sizeof ui.bytes_text, "%s", FormatBytes(config.bytes).c_str());
  }
  ImGui::SetNextItemWidth(-label_w);
  if (ImGui::InputText("n (bytes)", ui.bytes_text, sizeof ui.bytes_text,
                       ImGuiInputTextFlags_EnterReturnsTrue)) {
    std::string text = ui.bytes_text;
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    if (auto bytes = engine::ParseByteSize(text)) {
      config.bytes = *bytes;
      Reload(state, config);
    } else {
      state.set_message("n: '" + std::string(ui.bytes_text) + "' is not a size (64M, 1GiB, 4096)");
    }
    ui.shown_bytes = -1;
  }
  ImGui::SetNextItemWidth(-label_w);
  if (ImGui::BeginCombo("preset", config.preset.c_str())) {
    for (const engine::CostPreset& preset : engine::CostPresets()) {
      if (ImGui::Selectable(std::string(preset.name).c_str(), preset.name == config.preset)) {
        config.preset = std::string(preset.name);
        Reload(state, config);
      }
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s\n%s", std::string(preset.description).c_str(),
                          std::string(preset.source).c_str());
      }
    }
    ImGui::EndCombo();
  }
  ImGui::Separator();
  ImGui::TextUnformatted("View:");
  ImGui::SameLine();
  int view = static_cast<int>(state.view.view);
  ImGui::RadioButton("auto", &view, static_cast<int>(CentreView::kAuto));
  ImGui::SameLine();
  ImGui::RadioButton("ring", &view, static_cast<int>(CentreView::kRing));
  ImGui::SameLine();
  ImGui::RadioButton("tree", &view, static_cast<int>(CentreView::kTree));
  state.view.view = static_cast<CentreView>(view);
  if (!state.message().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.05f, 0.05f, 1));
    ImGui::TextWrapped("%s", state.message().c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

void DrawPresenterBar(FrameContext& frame, const Rect& rect) {
  AppState& state = frame.state;
  PlacePanel(rect);
  // The strip overlays the views, so it keeps its background.
  ImGui::Begin("##presenter-bar", nullptr,
               (FixedPanelFlags() & ~ImGuiWindowFlags_NoBackground) | ImGuiWindowFlags_NoTitleBar);
  const float px = frame.fonts.body->FontSize;
  StepButtons(state, px * 2.5f);
  ImGui::SameLine();
  PhaseButtons(state);
  ImGui::SameLine();
  if (ImGui::Button("Leave presenter mode")) state.view.presenter = false;
  ScrubSlider(state);
  ImGui::End();
}

}  // namespace collscope::gui
