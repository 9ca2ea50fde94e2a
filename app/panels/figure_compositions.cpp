// Slide 10: each composition's cost is the sum of its parts' costs, shown
// with the numbers of the lesson (p, n, preset) beside the lecture's table.
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/format.h"
#include "engine/algorithm.h"
#include "engine/cost_model.h"
#include "engine/scaling.h"

namespace collscope::gui {

namespace {

double PriceOf(engine::Collective collective, std::string_view algorithm, int ranks, double bytes,
               const engine::CostModel& model) {
  const auto point = engine::ModelPoint(collective, algorithm, ranks, bytes, model);
  return point ? point->time_s : 0;
}

}  // namespace

void DrawCompositionsFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                            ImVec2 max) {
  const AppState& state = frame.state;
  int ranks = state.config().ranks;
  double bytes = state.config().bytes;
  const engine::CostModel& model = state.cost_model();
  float pad = frame.fonts.body_px;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad));
  ImGui::BeginChild("compositions", ImVec2(max.x - min.x - 2 * pad, max.y - min.y - 2 * pad));
  ImGui::PushFont(frame.fonts.big);
  ImGui::Text("p = %d, n = %s, preset %s", ranks, FormatBytes(bytes).c_str(),
              std::string(state.preset_name()).c_str());
  ImGui::PopFont();
  if (!lesson.extras.contains("compositions")) {
    ImGui::EndChild();
    return;
  }
  if (ImGui::BeginTable("parts", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("collective");
    ImGui::TableSetupColumn("= parts (default algorithms)");
    ImGui::TableSetupColumn("sum of the parts");
    ImGui::TableSetupColumn("lecture's table");
    ImGui::TableHeadersRow();
    for (const auto& row : lesson.extras["compositions"]) {
      auto whole = engine::ParseCollective(row.value("whole", std::string()));
      if (!whole) continue;
      std::string parts_text;
      double sum = 0;
      for (const auto& part_name : row.value("parts", std::vector<std::string>{})) {
        auto part = engine::ParseCollective(part_name);
        if (!part) continue;
        double cost = PriceOf(*part, engine::DefaultAlgorithm(*part), ranks, bytes, model);
        sum += cost;
        parts_text += (parts_text.empty() ? "" : " + ") + part_name + " " + FormatSeconds(cost);
      }
      engine::ClosedForm form = engine::LectureClosedForm(*whole, ranks);
      double closed =
          model.alpha_s * form.alpha_factor + bytes * (model.beta_s_per_byte * form.beta_factor +
                                                       model.gamma_s_per_byte * form.gamma_factor);
      bool current = *whole == state.config().collective;
      ImGui::TableNextRow();
      if (current) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, frame.palette.highlight_fill);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(engine::CollectiveName(*whole)).c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", parts_text.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatSeconds(sum).c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s = %s", form.formula.c_str(), FormatSeconds(closed).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::TextWrapped(
      "The running total in the cost panel adds the steps of the scene you are stepping "
      "through; at the last step it equals the sum of its parts.");
  ImGui::EndChild();
}

}  // namespace collscope::gui
