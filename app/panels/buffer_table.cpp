// The lecture's rank x chunk table (slide 8): rows are GPUs, columns chunks
// a, b, c ...; cells written in this step are highlighted, complete chunks
// (the sum over all p ranks) marked. Rows are virtualised with
// ImGuiListClipper and columns clipped by hand, so p = 1024 stays usable;
// above 64 ranks the table starts as an overview heat map. During a trace
// replay each row follows its own rank's step at the playhead (up to 64
// ranks), so a straggler's row lags behind the others.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "app/chunk_labels.h"
#include "app/panels/buffer_table.h"
#include "app/panels/buffer_table_layout.h"
#include "app/panels/buffer_table_marks.h"
#include "app/panels/buffer_table_overview.h"
#include "app/panels/transfer_arrows.h"
#include "app/render/draw.h"
#include "engine/cell.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr int kLabelledRanks = ScheduleWalk::kMostLabelledRanks;

void DrawLabelledTable(FrameContext& frame, BufferTableUi& ui, const TableGeometry& geometry) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const engine::BufferState& buffers = *state.buffers();
  ImFont* font = frame.fonts.body;
  const int p = buffers.Ranks();
  const int slots = buffers.Slots();
  const float px = geometry.px;
  const float pad = geometry.pad;
  const float row_h = geometry.row_h;
  const float header_h = row_h;
  const float name_w = geometry.name_w;
  const float col_w = geometry.col_w;
  const float total_w = geometry.Width(slots);
  // The Σ form spells out each sum that fits its cell.
  const int terms = geometry.form == LabelForm::kEnds ? 2 : LabelTerms(p);
  const bool reduces = engine::Reduces(state.config().collective);
  const ReplaySnapshot& replay_at = state.replay().snapshot();
  if (!state.replay().Active()) ui.replay_error = false;
  const bool replaying = Replaying(state) && !ui.replay_error;
  // Rows at their own steps: the ranks' steps during a replay; while this
  // step's chunks still travel (animation on), the step before with the
  // cells it writes marked as arriving.
  const std::vector<ReplayRow>* replay_rows = nullptr;
  const bool travelling = !replaying && state.step() > 0 && StepProgress(state) < 1.0f &&
                          p <= ReplayBuffers::kMaxRanksAtOwnStep;
  if (replaying) {
    if (auto error =
            ui.replay.Update(state.schedule(), state.config().algorithm, state.config().collective,
                             state.config().root, replay_at.ranks, terms)) {
      // Shown once; the table keeps the shown step for the rest of the replay.
      frame.state.set_message("replay: " + *error);
      ui.replay_error = true;
    } else {
      replay_rows = &ui.replay.rows();
    }
  } else if (travelling) {
    RankAtTime arriving;
    arriving.step = static_cast<std::int32_t>(state.step());
    arriving.in_step = true;
    const std::vector<RankAtTime> ranks(static_cast<std::size_t>(p), arriving);
    if (!ui.travelling.Update(state.schedule(), state.config().algorithm, state.config().collective,
                              state.config().root, ranks, terms)) {
      replay_rows = &ui.travelling.rows();
    }
  }
  const bool replay_tags = replaying && replay_rows != nullptr;
  // Tooltips wait for the mouse to move: a pointer resting where the window
  // opened (a scripted run, a projector's idle cursor) asks for nothing.
  const ImVec2 delta = ImGui::GetIO().MouseDelta;
  ui.mouse_moved = ui.mouse_moved || delta.x != 0 || delta.y != 0;

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGui::BeginChild("cells", ImVec2(0, 0), false,
                    ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoBackground);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 window_pos = ImGui::GetWindowPos();
  const float window_w = ImGui::GetWindowWidth();
  // After a step, bring the first cell it wrote into view (a tree step at
  // p = 64 writes rows far down the table).
  const std::pair<const void*, std::int64_t> shown{&buffers, state.step()};
  if (ui.scrolled != shown) {
    ui.scrolled = shown;
    const auto changed =
        state.step() > 0 ? buffers.ChangedInStep(state.step()) : std::vector<engine::CellRef>{};
    if (!changed.empty()) {
      const auto first = *std::min_element(
          changed.begin(), changed.end(), [](const engine::CellRef& a, const engine::CellRef& b) {
            return a.rank != b.rank ? a.rank < b.rank : a.slot < b.slot;
          });
      const float y = row_h * static_cast<float>(first.rank);
      const float view_h = ImGui::GetWindowHeight() - header_h - row_h;
      if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + view_h) ImGui::SetScrollY(y);
      const float x = col_w * static_cast<float>(first.slot);
      const float view_w = ImGui::GetWindowWidth() - name_w - col_w;
      if (x < ImGui::GetScrollX() || x > ImGui::GetScrollX() + view_w) ImGui::SetScrollX(x);
    }
  }
  const float scroll_x = ImGui::GetScrollX();
  const int first_col = std::max(0, static_cast<int>((scroll_x) / col_w) - 1);
  const int last_col =
      std::min(slots, static_cast<int>((scroll_x + window_w - name_w) / col_w) + 2);

  struct RowAt {
    int rank;
    float y;
  };
  std::vector<RowAt> rows;
  const float cells_top = window_pos.y + header_h;
  const float cells_bottom = window_pos.y + ImGui::GetWindowHeight() -
                             (ImGui::GetScrollMaxX() > 0 ? ImGui::GetStyle().ScrollbarSize : 0.0f) +
                             1.0f;
  frame.record.table_scrolls_x = ImGui::GetScrollMaxX() > 0;
  frame.record.table_scrolls_y = ImGui::GetScrollMaxY() > 0;
  const float cells_right = window_pos.x + window_w -
                            (ImGui::GetScrollMaxY() > 0 ? ImGui::GetStyle().ScrollbarSize : 0.0f) +
                            1.0f;
  ImGui::SetCursorPosY(header_h);
  // Every cell starts plain; the loop below draws the others over it.
  const ImVec2 grid = ImGui::GetCursorScreenPos();
  ui.plain_cells.Draw(draw, ImVec2(grid.x + name_w, grid.y), col_w, row_h, p, slots, window_pos,
                      ImVec2(window_pos.x + window_w, window_pos.y + ImGui::GetWindowHeight()),
                      palette.cell_fill, palette.cell_border,
                      ImGui::GetColorU32(ImGuiCol_WindowBg));
  ImGuiListClipper clipper;
  clipper.Begin(p, row_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const ImVec2 origin = ImGui::GetCursorScreenPos();
      rows.push_back({r, origin.y});
      for (int s = first_col; s < last_col; ++s) {
        const ImVec2 min(origin.x + name_w + col_w * static_cast<float>(s) + 1, origin.y + 1);
        const ImVec2 max(min.x + col_w - 2, min.y + row_h - 2);
        const ReplayRow* row = replay_rows ? &(*replay_rows)[static_cast<std::size_t>(r)] : nullptr;
        const auto i = static_cast<std::size_t>(s);
        const bool changed = row ? row->written[i] != 0 : buffers.ChangedInCurrentStep(r, s);
        const bool complete = row ? row->complete[i] != 0 : state.IsComplete(r, s);
        if (changed) {
          draw->AddRectFilled(min, max, palette.highlight_fill);
          draw->AddRect(min, max, palette.highlight_border, 0, 0, 3.0f);
        } else if (complete) {
          draw->AddRectFilled(min, max, palette.complete_fill);
          draw->AddRect(min, max, palette.cell_border);
        }
        const bool pending = row && row->pending[i];
        if (pending) {
          // The step in progress writes this cell: its data is on the way.
          draw->AddRect(min, max, palette.highlight_border, 0, 0, 2.0f);
        }
        TogglePredictionOnClick(frame.state, r, s, min, max);
        const CellPrediction prediction = PredictionOf(state, r, s);
        DrawPrediction(draw, palette, prediction, changed, min, max,
                       ImVec2(min.x + pad, (min.y + max.y - geometry.glyph) / 2), geometry.glyph);
        std::string label;
        const bool tight = geometry.form == LabelForm::kTight;
        if (!CountsSums(geometry.form)) {
          label = row ? row->labels[i] : CellLabel(buffers, r, s, p, geometry.form);
        } else {
          // The Σ form spells out each sum that fits its cell.
          label = row ? row->labels[i] : CellLabel(buffers, r, s, p, LabelForm::kFull);
          const engine::Cell& cell = buffers.At(r, s);
          const std::int64_t count =
              row ? row->terms[i] : (cell.Empty() ? 0 : buffers.Pool().TermCount(cell));
          if (count > 1 && TextSize(font, px, label).x > geometry.LabelRoom()) {
            label = "\u03A3" + std::to_string(count);
          }
        }
        label = ShownLabel(state.config(), std::move(label));
        // The tight form's marks are the label (the tooltip spells it out).
        const bool marked = tight && (pending || (complete && reduces));
        if (marked) label = pending ? "←" : "✓";
        const bool empty = label.empty();
        if (empty) label = "·";
        frame.record.cells.push_back({r, s, min, max, ImVec2(min.x + 5, (min.y + max.y) / 2),
                                      changed, complete, empty ? std::string() : label,
                                      PredictionName(prediction)});
        // A row cut by the bottom edge or under the header keeps its colours
        // and loses its text, which would show cut.
        // So does a column scrolled under the GPU names or cut by the right
        // edge.
        if (min.y < cells_top || max.y > cells_bottom || min.x < window_pos.x + name_w ||
            max.x > cells_right) {
          continue;
        }
        const float text_y = min.y + (row_h - 2 - px) / 2;
        const ImU32 ink =
            marked    ? (pending ? palette.highlight_border : palette.CompleteMarkOn(changed))
            : empty   ? palette.empty_text
            : changed ? palette.highlight_text
                      : palette.text;
        draw->AddText(font, px, ImVec2(geometry.TextX(min.x), text_y), ink, label.c_str());
        if (!tight)
          DrawCellMark(draw, font, palette, geometry, pending, complete, changed, min, max);
        if (!empty && ui.mouse_moved && ImGui::IsWindowHovered() &&
            ImGui::IsMouseHoveringRect(min, max)) {
          const std::string whole = ShownLabel(state.config(), buffers.Label(r, s, LabelTerms(p)));
          if (label != whole) ImGui::SetTooltip("%s", whole.c_str());
        }
      }
      ImGui::Dummy(ImVec2(total_w, row_h));
    }
  }
  clipper.End();

  // Sticky header row (chunk letters) and first column (GPU names).
  const ImU32 background = ImGui::GetColorU32(ImGuiCol_ChildBg);
  const ImU32 header_bg = ImGui::GetColorU32(ImGuiCol_TitleBg);
  const float left = window_pos.x;
  for (const RowAt& row : rows) {
    const bool waiting = replay_tags && replay_at.ranks[static_cast<std::size_t>(row.rank)].waiting;
    draw->AddRectFilled(ImVec2(left, row.y), ImVec2(left + name_w, row.y + row_h),
                        waiting ? palette.grid : header_bg);
    // A row cut by the bottom edge or under the header loses its name too.
    if (row.y + 1 < cells_top || row.y + row_h - 1 > cells_bottom) continue;
    const std::string name = "GPU " + std::to_string(row.rank);
    draw->AddText(frame.fonts.body, px, ImVec2(left + pad * 0.6f, row.y + (row_h - px) / 2),
                  palette.text, name.c_str());
    if (!replay_tags) continue;
    const std::string tag =
        RowTag(replay_at.ranks[static_cast<std::size_t>(row.rank)].step, state.step(), waiting);
    draw->AddText(frame.fonts.body, px,
                  ImVec2(left + pad * 1.2f + TextSize(frame.fonts.body, px, name).x,
                         row.y + (row_h - px) / 2),
                  waiting ? palette.text : palette.highlight_text, tag.c_str());
  }
  const float top = window_pos.y;
  draw->AddRectFilled(ImVec2(left, top), ImVec2(left + window_w, top + header_h), background);
  for (int s = first_col; s < last_col; ++s) {
    const float x = left + name_w + col_w * static_cast<float>(s) - scroll_x;
    if (x + col_w < left + name_w) continue;
    draw->AddRectFilled(ImVec2(x + 1, top), ImVec2(x + col_w - 1, top + header_h - 1), header_bg);
    // A letter cut by the right edge would read as another column's.
    if (x + col_w - 1 > cells_right) continue;
    DrawCentredText(draw, frame.fonts.big, px * 1.05f, ImVec2(x + col_w / 2, top + header_h / 2),
                    ColumnName(state.config(), s), palette.text);
    if (ImGui::IsMouseHoveringRect(ImVec2(x, top), ImVec2(x + col_w, top + header_h))) {
      const Config& config = state.config();  // p does not divide n: the column's real length
      const std::string length =
          cli::ChunkSizeNote(config.collective, config.ranks, config.bytes, s);
      if (!length.empty()) ImGui::SetTooltip("%s", length.c_str());
    }
  }
  draw->AddRectFilled(ImVec2(left, top), ImVec2(left + name_w, top + header_h), background);
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

}  // namespace

BufferTableWidths BufferTableWidth(const AppState& state, const Fonts& fonts) {
  if (!state.buffers() || state.config().ranks > kLabelledRanks) return {};
  const float floor_px = std::min(
      fonts.body->FontSize, FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter));
  const int slots = state.buffers()->Slots();
  const float padding = ImGui::GetStyle().WindowPadding.x * 2;
  return {Geometry(state, fonts.body, floor_px, LabelForm::kFull).Width(slots) + padding,
          Geometry(state, fonts.body, floor_px, LabelForm::kSum).Width(slots) + padding,
          Geometry(state, fonts.body, floor_px, LabelForm::kTight).Width(slots) + padding};
}

void DrawBufferTable(FrameContext& frame, const Rect& rect, BufferTableUi& ui) {
  AppState& state = frame.state;
  PlacePanel(rect);
  // Presenter mode has no close buttons: nothing on the projector the
  // lecturer did not mean to show.
  if (!ImGui::Begin("Buffer table (rows = GPUs, columns = chunks)###table",
                    state.view.presenter ? nullptr : &state.view.panels.table, FixedPanelFlags())) {
    ImGui::End();
    return;
  }
  if (!state.buffers()) {
    frame.record.table_mode = "off";
    ImGui::TextWrapped("%s", state.buffers_note().c_str());
    ImGui::End();
    return;
  }
  const int p = state.config().ranks;
  const bool labels = p <= kLabelledRanks || ui.force_labels;
  // Legend: the same colours as the cells.
  const Palette& palette = frame.palette;
  const float px = frame.fonts.body->FontSize;
  // Each entry after the first on the line before it when it fits, else on
  // a line of its own (the table beside presenter mode's square view).
  bool first_entry = true;
  auto swatch = [&](ImU32 fill, ImU32 border, const char* text) {
    const float gap = px * 1.5f;
    const float entry_w = px * 1.4f + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(text).x;
    if (!first_entry) {
      ImGui::SameLine(0, gap);
      if (ImGui::GetCursorPosX() + entry_w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    }
    first_entry = false;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + px * 1.2f, at.y + px), fill);
    draw->AddRect(at, ImVec2(at.x + px * 1.2f, at.y + px), border, 0, 0, 2.0f);
    ImGui::Dummy(ImVec2(px * 1.4f, px));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
  };
  const bool reduces = engine::Reduces(state.config().collective);
  swatch(palette.highlight_fill, palette.highlight_border, "written in this step");
  if (reduces) {
    swatch(palette.complete_fill, palette.cell_border, "✓ complete: sum over all GPUs");
  }
  if (p > kLabelledRanks) {
    ImGui::SameLine(0, px * 1.5f);
    ImGui::Checkbox("labels", &ui.force_labels);
    if (state.replay().Active()) {
      ImGui::SameLine();
      ImGui::TextDisabled(
          "replay: every row shows step %lld (rows follow their GPU's step up "
          "to %d GPUs)",
          static_cast<long long>(state.step()), ReplayBuffers::kMaxRanksAtOwnStep);
    }
  } else if (Replaying(state)) {
    swatch(palette.cell_fill, palette.highlight_border, "← arriving: its step is in progress");
  }
  // Check your understanding: the marks the table draws (docs/gui.md).
  if (state.predicting() && labels) {
    DrawPredictionLegend(palette, px);
    // Presenter mode has no lesson panel: the class's score is told here,
    // and Right / PageDown check (gui/key_bindings.cpp).
    if (state.view.presenter) {
      DrawPredictionScore(state, palette);
      if (!state.AtEnd()) {
        ImGui::TextWrapped("Click the cells step %lld writes, then Right to check.",
                           static_cast<long long>(state.step() + 1));
      }
    }
  }
  frame.record.table_mode = labels ? "labels" : "overview";
  if (labels) {
    // Fitted once, to the room under the legend less a line for the "Σk"
    // entry, which the legend then gets when the cells do shorten sums: the
    // two cannot disagree. A collective that does not reduce never shortens
    // a sum, and keeps no such line.
    const float sum_entry = reduces ? ImGui::GetTextLineHeightWithSpacing() : 0;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const TableGeometry geometry =
        FitTable(state, frame.fonts.body, ImVec2(avail.x, avail.y - sum_entry),
                 FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter),
                 ImGui::GetStyle().ScrollbarSize);
    const float chrome = ImGui::GetWindowHeight() - avail.y + sum_entry;
    // The header and up to 16 rows at the body size (FitTable's own limit
    // for fitting the height).
    ui.wanted_height = chrome + RowHeight(px) * static_cast<float>(std::min(p, 16) + 1) + 1;
    if (CountsSums(geometry.form) && reduces) {
      swatch(palette.cell_fill, palette.cell_border, "Σk: a sum of k GPUs' chunks");
    }
    DrawLabelledTable(frame, ui, geometry);
  } else {
    ui.wanted_height = 0;
    DrawBufferOverview(frame, ui);
  }
  ImGui::End();
}

}  // namespace collscope::gui
