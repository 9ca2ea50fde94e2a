// NCCL's own choices in the centre: each NCCL_DEBUG_SUBSYS=TUNING per-call
// line as a row (collective, size, the algorithm, protocol and channels
// NCCL chose), grouped where consecutive calls agree, beside what NCCL's
// model picks at that size (a mismatch is marked in words and colour); then
// the latency/bandwidth table NCCL printed at init.
#include <algorithm>
#include <string>
#include <vector>

#include "app/panels/tuning_table.h"
#include "app/render/format.h"
#include "engine/collective.h"
#include "engine/nccl_model.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

struct ChoiceRow {
  const trace::TuningChoice* choice = nullptr;
  std::size_t calls = 0;  // consecutive calls with the same size and choice
  std::string model;      // the model's pick, "" when it has none
};

std::string PairOf(const trace::TuningChoice& choice) {
  return choice.algorithm + "/" + choice.protocol;
}

}  // namespace

void DrawTuningTable(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui) {
  const trace::Trace& trace = *frame.state.loaded_trace();
  const Palette& palette = frame.palette;
  if (!ui.nccl_ready) {
    ui.nccl = trace::NcclModelFor(trace);
    ui.nccl_ready = true;
  }
  std::vector<ChoiceRow> rows;
  for (const trace::TuningChoice& choice : trace.tuning_choices) {
    if (!rows.empty()) {
      const trace::TuningChoice& last = *rows.back().choice;
      if (last.collective == choice.collective && last.bytes == choice.bytes &&
          PairOf(last) == PairOf(choice) && last.channel_hi == choice.channel_hi) {
        ++rows.back().calls;
        continue;
      }
    }
    ChoiceRow row{&choice, 1, ""};
    const auto collective = engine::ParseCollective(choice.collective);
    if (ui.nccl.model && collective && engine::NcclModel::Tuned(*collective)) {
      if (auto pick = ui.nccl.model->Pick(*collective, static_cast<double>(choice.bytes))) {
        row.model = trace::CanonicalNcclAlgorithm(engine::NcclAlgorithmName(pick->algorithm)) +
                    "/" + trace::CanonicalNcclProtocol(engine::NcclProtocolName(pick->protocol));
      }
    }
    rows.push_back(std::move(row));
  }
  frame.record.tuning_rows = rows.size();
  std::size_t agree = 0;
  std::size_t compared = 0;
  for (const ChoiceRow& row : rows) {
    if (row.model.empty()) continue;
    compared += row.calls;
    agree += row.model == PairOf(*row.choice) ? row.calls : 0;
  }
  ImGui::SetCursorScreenPos(min);
  ImGui::BeginChild("tuning", ImVec2(max.x - min.x, max.y - min.y));
  ImGui::PushFont(frame.fonts.big);
  ImGui::TextUnformatted("NCCL's choices (NCCL_DEBUG_SUBSYS=TUNING)");
  ImGui::PopFont();
  ImGui::TextWrapped(
      "%zu calls in %zu rows. The model for %s picks the same algorithm and "
      "protocol for %zu of the %zu calls it prices.",
      trace.tuning_choices.size(), rows.size(),
      ui.nccl.machine.empty() ? "this machine" : ui.nccl.machine.c_str(), agree, compared);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  const float table_h = trace.tuning_table.empty() ? 0.0f : (max.y - min.y) * 0.55f;
  if (!rows.empty() && ImGui::BeginTable("choices", 6, flags, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* name :
         {"collective", "size", "calls", "NCCL chose", "channels", "model picks"}) {
      ImGui::TableSetupColumn(name);
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const ChoiceRow& row = rows[static_cast<std::size_t>(i)];
        const trace::TuningChoice& c = *row.choice;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.collective.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatBytes(static_cast<double>(c.bytes)).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%zu", row.calls);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(PairOf(c).c_str());
        ImGui::TableNextColumn();
        if (c.channel_lo >= 0) {
          ImGui::Text("%d..%d (%d)", c.channel_lo, c.channel_hi, c.channel_hi - c.channel_lo + 1);
        } else {
          ImGui::TextDisabled("-");
        }
        ImGui::TableNextColumn();
        if (row.model.empty()) {
          ImGui::TextDisabled("(no model)");
        } else if (row.model == PairOf(c)) {
          ImGui::Text("= %s", row.model.c_str());
        } else {
          ImGui::PushStyleColor(ImGuiCol_Text, palette.phase_other[1]);
          ImGui::Text("differs: %s", row.model.c_str());
          ImGui::PopStyleColor();
        }
      }
    }
    ImGui::EndTable();
  }
  if (!trace.tuning_table.empty()) {
    ImGui::TextUnformatted("NCCL's init table: latency (µs) / bus bandwidth (GB/s)");
    if (ImGui::BeginTable("init", 5, flags)) {
      ImGui::TableSetupScrollFreeze(0, 1);
      for (const char* name : {"collective", "algorithm", "protocol", "latency", "bandwidth"}) {
        ImGui::TableSetupColumn(name);
      }
      ImGui::TableHeadersRow();
      for (const trace::TuningTableEntry& e : trace.tuning_table) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.collective.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.algorithm.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.protocol.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.1f µs", e.latency_us);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f GB/s", e.bandwidth_gbps);
      }
      ImGui::EndTable();
    }
  }
  ImGui::EndChild();
}

}  // namespace collscope::gui
