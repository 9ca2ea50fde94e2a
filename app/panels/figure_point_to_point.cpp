// Slide 5: point-to-point, one sender and one receiver. One message of n
// bytes from GPU 0 to GPU 1 and its price in the alpha-beta model, α + nβ,
// with the lesson's preset; the table answers the slide's question of
// which term dominates at which size.
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/draw.h"
#include "app/render/format.h"
#include "app/render/wrapped_text.h"
#include "engine/cost_model.h"

namespace collscope::gui {

void DrawPointToPointFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                            ImVec2 max) {
  (void)lesson;
  const AppState& state = frame.state;
  const engine::CostModel& m = state.cost_model();
  const double n = state.config().bytes;
  const Palette& palette = frame.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float px = frame.fonts.body_px;
  const float width = max.x - min.x;
  // The two GPUs and the one message between them.
  const float r = std::min(px * 2.2f, width * 0.08f);
  const float y = min.y + px * 1.5f + r;
  const ImVec2 sender(min.x + width * 0.22f, y);
  const ImVec2 receiver(min.x + width * 0.78f, y);
  DrawArrow(draw, MakeCurve(ImVec2(sender.x + r, y), ImVec2(receiver.x - r - 2, y), 0),
            palette.phase_reduce_scatter, 4, px * 0.8f, 2);
  DrawLabel(draw, frame.fonts.body, px, ImVec2((sender.x + receiver.x) / 2, y - px * 1.2f),
            "one message, n = " + FormatBytes(n), palette.text, palette.label_fill,
            palette.cell_border);
  const std::pair<ImVec2, const char*> gpus[] = {{sender, "GPU 0"}, {receiver, "GPU 1"}};
  for (const auto& [at, name] : gpus) {
    draw->AddCircleFilled(at, r, palette.node_fill);
    draw->AddCircle(at, r, palette.node_border, 0, 2);
    DrawCentredText(draw, frame.fonts.body, px, at, name, palette.node_text);
  }
  DrawCentredText(draw, frame.fonts.body, px, ImVec2(sender.x, y + r + px), "send(t, to GPU 1)",
                  palette.text);
  DrawCentredText(draw, frame.fonts.body, px, ImVec2(receiver.x, y + r + px), "recv(t, from GPU 0)",
                  palette.text);

  // Its price, the numbers substituted.
  ImGui::SetCursorScreenPos(ImVec2(min.x + px, y + r + px * 2.4f));
  ImGui::BeginChild("point-to-point", ImVec2(width - 2 * px, max.y - (y + r + px * 2.4f) - px));
  ImGui::PushFont(frame.fonts.big);
  ImGui::TextUnformatted("time = α + n β");
  ImGui::PopFont();
  const double bandwidth_s = n * m.beta_s_per_byte;
  TextWrappedWhole("= " + FormatSeconds(m.alpha_s) + " + " + FormatBytes(n) + " × " +
                   FormatSecondsPerByte(m.beta_s_per_byte) + " = " + FormatSeconds(m.alpha_s) +
                   " + " + FormatSeconds(bandwidth_s) + " = " +
                   FormatSeconds(m.alpha_s + bandwidth_s) + " (preset " +
                   std::string(state.preset_name()) + ")");
  if (m.beta_s_per_byte > 0) {
    TextWrappedWhole(
        "α and n β are equal at n = α / β = " + FormatBytes(m.alpha_s / m.beta_s_per_byte) +
        ": below it the latency dominates, above it the bandwidth.");
  }
  if (ImGui::BeginTable("sizes", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("n");
    ImGui::TableSetupColumn("α");
    ImGui::TableSetupColumn("n β");
    ImGui::TableSetupColumn("dominates");
    ImGui::TableHeadersRow();
    for (double bytes : {1e3, 64e3, 1e6, 64e6, 1e9}) {
      const double b = bytes * m.beta_s_per_byte;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatBytes(bytes).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatSeconds(m.alpha_s).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatSeconds(b).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m.alpha_s > b ? "α (latency)" : "n β (bandwidth)");
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace collscope::gui
