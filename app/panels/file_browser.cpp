// File > Open: a modal list of one folder's trace files. Double-click, Enter
// or Open opens the chosen file(s); Ctrl+click chooses several (Kineto
// writes one file per rank, imported together). Keys: Up/Down move,
// Enter opens, Backspace goes up a folder, Escape closes.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/panels/file_browser.h"
#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr const char* kPopup = "Open trace";

void GoTo(FileBrowserUi& ui, std::string folder) {
  ui.folder = std::move(folder);
  ui.listed.clear();  // list again on the next frame
}

void Relist(FileBrowserUi& ui) {
  ui.listing = ListFolder(ui.folder, ui.all_files);
  ui.folder = ui.listing.folder;
  ui.listed = ui.folder;
  ui.listed_all = ui.all_files;
  ui.chosen.clear();
  ui.cursor = 0;
  ui.scroll_to_cursor = true;
  std::snprintf(ui.path_text, sizeof ui.path_text, "%s", ui.folder.c_str());
}

std::string Child(const FileBrowserUi& ui, const FolderEntry& entry) {
  if (entry.name == "..") return std::filesystem::path(ui.folder).parent_path().string();
  return (std::filesystem::path(ui.folder) / entry.name).string();
}

// Opens one entry: a folder is entered; a file is imported, together with
// the other files chosen when it is one of them.
void Activate(FrameContext& frame, FileBrowserUi& ui, std::size_t index) {
  if (index >= ui.listing.entries.size()) return;
  const FolderEntry& entry = ui.listing.entries[index];
  if (entry.folder) {
    GoTo(ui, Child(ui, entry));
    return;
  }
  std::vector<std::size_t> chosen = ui.chosen;
  if (std::find(chosen.begin(), chosen.end(), index) == chosen.end()) chosen = {index};
  std::sort(chosen.begin(), chosen.end());
  for (std::size_t i : chosen) {
    frame.requests.open_trace.push_back(Child(ui, ui.listing.entries[i]));
  }
  ui.open = false;
  ImGui::CloseCurrentPopup();
}

void HandleKeys(FrameContext& frame, FileBrowserUi& ui) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // the path field has the keys
  const int count = static_cast<int>(ui.listing.entries.size());
  auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); };
  if (pressed(ImGuiKey_DownArrow) && ui.cursor + 1 < count) {
    ++ui.cursor;
    ui.scroll_to_cursor = true;
  }
  if (pressed(ImGuiKey_UpArrow) && ui.cursor > 0) {
    --ui.cursor;
    ui.scroll_to_cursor = true;
  }
  if (pressed(ImGuiKey_Home)) {
    ui.cursor = 0;
    ui.scroll_to_cursor = true;
  }
  if (pressed(ImGuiKey_End) && count > 0) {
    ui.cursor = count - 1;
    ui.scroll_to_cursor = true;
  }
  if (pressed(ImGuiKey_Backspace)) {
    GoTo(ui, std::filesystem::path(ui.folder).parent_path().string());
    return;
  }
  if (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter)) {
    Activate(frame, ui, static_cast<std::size_t>(ui.cursor));
  }
}

}  // namespace

void DrawFileBrowser(FrameContext& frame, FileBrowserUi& ui) {
  if (ui.open && !ImGui::IsPopupOpen(kPopup)) {
    ImGui::OpenPopup(kPopup);
    ui.listed.clear();
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.6f, viewport->WorkSize.y * 0.7f),
                           ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kPopup, &ui.open, ImGuiWindowFlags_NoSavedSettings)) return;
  if (ui.listed.empty() || ui.listed != ui.folder || ui.listed_all != ui.all_files) Relist(ui);
  frame.record.file_browser_entries = static_cast<int>(ui.listing.entries.size());
  frame.record.file_browser_error = ui.listing.error;

  // The folder: typed (Enter goes there) or walked with Up and the list.
  if (ImGui::Button("Up")) GoTo(ui, std::filesystem::path(ui.folder).parent_path().string());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9);
  if (ImGui::InputText("##folder", ui.path_text, sizeof ui.path_text,
                       ImGuiInputTextFlags_EnterReturnsTrue)) {
    std::error_code error;
    if (std::filesystem::is_regular_file(ui.path_text, error)) {
      // A file's path typed in full opens it.
      frame.requests.open_trace.push_back(ui.path_text);
      ui.open = false;
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
      return;
    }
    GoTo(ui, ui.path_text);
  }
  ImGui::SameLine();
  ImGui::Checkbox("All files", &ui.all_files);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Off: only .json, .json.gz, .log and .txt (what collscope imports)");
  }

  const float footer = ImGui::GetFrameHeightWithSpacing() * 2.2f;
  if (!ui.listing.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(frame.palette.error));
    ImGui::TextWrapped("%s", ui.listing.error.c_str());
    ImGui::PopStyleColor();
  }
  HandleKeys(frame, ui);
  if (!ui.open) {  // a file was opened: the popup closes at EndPopup
    ImGui::EndPopup();
    return;
  }
  if (ImGui::BeginTable(
          "##entries", 2,
          ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter,
          ImVec2(0, -footer))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
    ImGui::TableHeadersRow();
    const int count = static_cast<int>(ui.listing.entries.size());
    if (ui.scroll_to_cursor && count > 0) {
      // The clipper skips rows it does not draw; scroll so it draws the cursor.
      const float row_h = ImGui::GetTextLineHeightWithSpacing();
      const float y = row_h * static_cast<float>(ui.cursor);
      if (y < ImGui::GetScrollY() ||
          y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - row_h * 3) {
        ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() * 0.4f));
      }
      ui.scroll_to_cursor = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(count);
    std::optional<std::size_t> activate;
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const std::size_t i = static_cast<std::size_t>(row);
        const FolderEntry& entry = ui.listing.entries[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool chosen =
            std::find(ui.chosen.begin(), ui.chosen.end(), i) != ui.chosen.end() || row == ui.cursor;
        const std::string name = entry.folder ? entry.name + "/" : entry.name;
        ImGui::PushID(row);
        if (ImGui::Selectable(
                name.c_str(), chosen,
                ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
          ui.cursor = row;
          if (ImGui::GetIO().KeyCtrl && !entry.folder) {
            // Ctrl+click adds or removes one file of several to open together.
            auto at = std::find(ui.chosen.begin(), ui.chosen.end(), i);
            if (at == ui.chosen.end()) {
              ui.chosen.push_back(i);
            } else {
              ui.chosen.erase(at);
            }
          } else {
            ui.chosen.clear();
            if (!entry.folder) ui.chosen.push_back(i);
          }
          if (ImGui::IsMouseDoubleClicked(0)) activate = i;
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        if (entry.bytes >= 0) {
          ImGui::TextUnformatted(FormatBytes(static_cast<double>(entry.bytes)).c_str());
        }
      }
    }
    ImGui::EndTable();
    if (activate) Activate(frame, ui, *activate);
  }
  if (!ui.open) {  // a file was opened: the popup closes at EndPopup
    ImGui::EndPopup();
    return;
  }

  // What Open will open.
  std::size_t files = ui.chosen.size();
  const bool cursor_file = ui.cursor >= 0 &&
                           static_cast<std::size_t>(ui.cursor) < ui.listing.entries.size() &&
                           !ui.listing.entries[static_cast<std::size_t>(ui.cursor)].folder;
  if (files == 0 && cursor_file) files = 1;
  const std::string what = files == 0 ? "choose a file (Ctrl+click for several rank files)"
                           : files == 1
                               ? "1 file chosen"
                               : std::to_string(files) + " files chosen: opened as one trace";
  ImGui::TextDisabled("%s", what.c_str());
  ImGui::BeginDisabled(files == 0);
  if (ImGui::Button("Open", ImVec2(ImGui::GetFontSize() * 6, 0))) {
    Activate(frame, ui,
             ui.chosen.empty() ? static_cast<std::size_t>(ui.cursor) : ui.chosen.front());
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ui.open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace collscope::gui
