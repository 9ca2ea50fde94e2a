#include "app/render/wrapped_text.h"

#include "app/render/format.h"
#include "imgui.h"

namespace collscope::gui {

void TextWrappedWhole(const std::string& text) {
  const float width = ImGui::GetContentRegionAvail().x;
  const auto measure = [](std::string_view line) {
    return ImGui::CalcTextSize(line.data(), line.data() + line.size()).x;
  };
  for (const std::string& line : WrapLines(text, width, measure)) {
    ImGui::TextUnformatted(line.c_str());
  }
}

}  // namespace collscope::gui
