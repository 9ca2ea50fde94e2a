// Slide 12: what an NCCL_DEBUG=INFO log shows, read from the lesson's
// sample log by the nccl-log importer: the rings of each channel, the trees,
// and the transport of each connection.
#include <algorithm>
#include <filesystem>
#include <string>

#include "app/panels/lesson_figures.h"
#include "app/render/format.h"
#include "trace/importers/importer.h"

namespace collscope::gui {

namespace {

// The sample log's path is relative to the folder above lessons/.
std::string SamplePath(const lessons::Lesson& lesson) {
  const std::string relative = lesson.extras.value("sample_log", std::string());
  if (relative.empty()) return "";
  return (lesson.file.parent_path().parent_path() / relative).string();
}

}  // namespace

void DrawNcclFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                    LessonFigureUi& ui) {
  const std::string path = SamplePath(lesson);
  if (ui.nccl_key != path) {
    ui.nccl_key = path;
    ui.nccl_error.clear();
    ui.nccl_log.reset();
    auto imported = trace::ImportFiles({path}, "nccl-log");
    if (imported.ok()) {
      ui.nccl_log = std::make_shared<trace::Trace>(std::move(imported.value().trace));
    } else {
      ui.nccl_error = imported.error();
    }
  }
  const float pad = frame.fonts.body_px;
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad * 0.5f));
  ImGui::BeginChild("nccl-log", ImVec2(max.x - min.x - 2 * pad, max.y - min.y - pad));
  if (!ui.nccl_log) {
    ImGui::TextWrapped("The sample log could not be read: %s", ui.nccl_error.c_str());
    ImGui::EndChild();
    return;
  }
  const trace::Trace& log = *ui.nccl_log;
  ImGui::PushFont(frame.fonts.big);
  ImGui::TextWrapped("What NCCL %s printed for %s (%s)",
                     log.meta.nccl_version.empty() ? "" : log.meta.nccl_version.c_str(),
                     CountOf(log.RankCount(), "rank").c_str(),
                     std::filesystem::path(path).filename().c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("A hand-written example in NCCL's format, read by 'collscope import'.");
  ImGui::Spacing();
  // The rings and trees beside the transports where the width allows: one
  // column ran past the bottom of a 720p projector.
  const bool side_by_side = ImGui::GetContentRegionAvail().x >= pad * 40;
  if (side_by_side) {
    ImGui::BeginTable("nccl-columns", 2);
    ImGui::TableNextColumn();
  }
  ImGui::Text("Rings, one per channel (each GPU sends to the next):");
  for (std::size_t c = 0; c < log.topology.rings.size() && c < 8; ++c) {
    std::string ring;
    for (std::int32_t rank : log.topology.rings[c])
      ring += (ring.empty() ? "" : " -> ") + std::to_string(rank);
    ImGui::BulletText("channel %zu:  %s", c, ring.c_str());
  }
  ImGui::Spacing();
  ImGui::Text("Trees (each rank's parent, -1 at the root):");
  for (std::size_t t = 0; t < log.topology.trees.size() && t < 4; ++t) {
    std::string nodes;
    for (const trace::TreeNode& node : log.topology.trees[t].nodes) {
      nodes += (nodes.empty() ? "" : ",  ") + std::to_string(node.rank) + " -> " +
               std::to_string(node.parent);
    }
    ImGui::BulletText("tree %d:  %s", log.topology.trees[t].channel, nodes.c_str());
  }
  if (side_by_side) {
    ImGui::TableNextColumn();
  } else {
    ImGui::Spacing();
  }
  ImGui::Text("Transports (how each connection moves the data):");
  if (ImGui::BeginTable("links", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("from");
    ImGui::TableSetupColumn("to");
    ImGui::TableSetupColumn("transport");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < log.topology.links.size() && i < 12; ++i) {
      const trace::Link& link = log.topology.links[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("GPU %d", link.src);
      ImGui::TableNextColumn();
      ImGui::Text("GPU %d", link.dst);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(link.transport.c_str());
    }
    ImGui::EndTable();
  }
  if (side_by_side) ImGui::EndTable();
  ImGui::EndChild();
}

}  // namespace collscope::gui
