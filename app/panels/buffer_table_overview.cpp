// The buffer table above 64 ranks: a heat map uploaded as a texture.
#include "app/panels/buffer_table_overview.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "engine/cell.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

ImU32 Mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a);
  const ImVec4 y = ImGui::ColorConvertU32ToFloat4(b);
  return ImGui::ColorConvertFloat4ToU32(
      ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, 1.0f));
}

}  // namespace

// Above 64 ranks: a heat map, one texel per block of cells (at most one
// block per pixel), uploaded when the step changes and drawn as one image.
// Darker green = more of the sum reduced; written cells in orange.
void DrawBufferOverview(FrameContext& frame, BufferTableUi& ui) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const engine::BufferState& buffers = *state.buffers();
  const int p = buffers.Ranks();
  const int slots = buffers.Slots();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 8 || avail.y < 8) return;
  const int rows_per = std::max(1, static_cast<int>(std::ceil(p / avail.y)));
  const int cols_per = std::max(1, static_cast<int>(std::ceil(slots / avail.x)));
  const int block_rows = (p + rows_per - 1) / rows_per;
  const int block_cols = (slots + cols_per - 1) / cols_per;
  const auto key =
      std::make_tuple(static_cast<const void*>(&buffers), state.step(), block_rows, block_cols);
  if (ui.key != key || !ui.texture.Valid()) {
    ui.key = key;
    ui.block_rows = block_rows;
    ui.block_cols = block_cols;
    ui.rows_per_block = rows_per;
    ui.cols_per_block = cols_per;
    const std::size_t blocks = static_cast<std::size_t>(block_rows) * block_cols;
    std::vector<float> fraction(blocks, 0.0f);
    std::vector<int> cells(blocks, 0);
    std::vector<std::uint8_t> changed(blocks, 0);
    const bool reduction = engine::Reduces(state.config().collective);
    for (int r = 0; r < p; ++r) {
      const std::size_t row = static_cast<std::size_t>(r / rows_per) * block_cols;
      for (int s = 0; s < slots; ++s) {
        const std::size_t b = row + static_cast<std::size_t>(s / cols_per);
        const engine::Cell& cell = buffers.At(r, s);
        if (!cell.Empty()) {
          fraction[b] += reduction ? static_cast<float>(buffers.Pool().TermCount(cell)) / p : 1.0f;
        }
        ++cells[b];
        if (buffers.ChangedInCurrentStep(r, s)) changed[b] = 1;
      }
    }
    ui.pixels.assign(blocks, 0);
    for (std::size_t b = 0; b < blocks; ++b) {
      const float f = fraction[b] / static_cast<float>(std::max(1, cells[b]));
      ui.pixels[b] =
          f >= 1.0f ? palette.complete_mark : Mix(palette.cell_fill, palette.complete_fill, f);
    }
    // Written blocks, and the blocks above and below them, so that one
    // written cell per row still reads as a line at p = 1024.
    for (std::size_t b = 0; b < blocks; ++b) {
      if (!changed[b]) continue;
      ui.pixels[b] = palette.highlight_border;
      if (b >= static_cast<std::size_t>(block_cols))
        ui.pixels[b - block_cols] = palette.highlight_border;
      if (b + block_cols < blocks) ui.pixels[b + block_cols] = palette.highlight_border;
    }
    ui.texture.Update(block_cols, block_rows, ui.pixels);
  }
  ImGui::Image(ui.texture.Id(), avail);
  if (ImGui::IsItemHovered()) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int r = std::clamp(static_cast<int>((mouse.y - min.y) / avail.y * p), 0, p - 1);
    const int s = std::clamp(static_cast<int>((mouse.x - min.x) / avail.x * slots), 0, slots - 1);
    const std::string label = ShownLabel(state.config(), buffers.Label(r, s, 3));
    ImGui::SetTooltip("GPU %d, chunk %s: %s", r, engine::ChunkLetters(s).c_str(),
                      label.empty() ? "(empty)" : label.c_str());
  }
}

}  // namespace collscope::gui
