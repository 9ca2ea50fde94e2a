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
#include <vector>

#include "app/chunk_labels.h"
#include "app/panels/buffer_table.h"
#include "app/panels/transfer_arrows.h"
#include "app/render/draw.h"
#include "engine/cell.h"
#include "imgui.h"

namespace collscope::gui {

namespace {

constexpr int kLabelledRanks = ScheduleWalk::kMostLabelledRanks;
constexpr float kTagScale = 0.9f;  // a row's step tag, a little smaller than its name

ImU32 Mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a);
  const ImVec4 y = ImGui::ColorConvertU32ToFloat4(b);
  return ImGui::ColorConvertFloat4ToU32(
      ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, 1.0f));
}

// How a cell spells its contents, longest first: the table takes the
// first form that fits its width at a readable size.
enum class LabelForm {
  kFull,  // "e0+e1+e2+e3+e4" (up to LabelTerms(p) terms, then the ends)
  kEnds,  // "e0+…+e4 (5)"
  kSum,   // "Σ5": a sum of 5 GPUs' chunks (the tooltip spells it out)
};

std::string CellLabel(const engine::BufferState& buffers, int rank, int slot, int p,
                      LabelForm form) {
  switch (form) {
    case LabelForm::kFull:
      return buffers.Label(rank, slot, LabelTerms(p));
    case LabelForm::kEnds:
      return buffers.Label(rank, slot, 2);
    case LabelForm::kSum: {
      const engine::Cell& cell = buffers.At(rank, slot);
      const std::int64_t terms = cell.Empty() ? 0 : buffers.Pool().TermCount(cell);
      return terms <= 1 ? buffers.Label(rank, slot) : "\u03A3" + std::to_string(terms);
    }
  }
  return {};
}

// Sizes of the labelled table at a text size.
struct TableGeometry {
  float px;
  LabelForm form;
  float pad;
  float row_h;
  float name_w;
  float col_w;
  float mark_w;  // the ✓ of a complete sum, right of the label
  float Width(int slots) const { return name_w + col_w * static_cast<float>(slots); }
  float Height(int ranks) const { return row_h * static_cast<float>(ranks + 1); }
  // The room a cell's label has: the column less its padding and mark.
  float LabelRoom() const { return col_w - 2 * pad - mark_w; }
};

// Rows follow the ranks' own steps during a trace replay (see ReplayRows).
bool Replaying(const AppState& state) {
  const TraceReplay& replay = state.replay();
  return replay.Active() && state.config().ranks <= ReplayBuffers::kMaxRanksAtOwnStep &&
         replay.snapshot().ranks.size() == static_cast<std::size_t>(state.config().ranks);
}

// The tag at a row's name during a replay: the row's step where it is not
// the shown one, and "waiting" for a rank waiting for a peer.
std::string RowTag(std::int64_t row_step, std::int64_t shown_step, bool waiting) {
  std::string tag = row_step != shown_step ? "step " + std::to_string(row_step) : "";
  if (waiting) tag += tag.empty() ? "waiting" : " · waiting";
  return tag;
}

float MarkPx(float px) { return px * 0.8f; }

TableGeometry Geometry(const AppState& state, ImFont* font, float px, LabelForm form) {
  const engine::BufferState& buffers = *state.buffers();
  const int p = state.config().ranks;
  TableGeometry g;
  g.px = px;
  g.form = form;
  g.pad = std::max(4.0f, px * 0.35f);
  g.row_h = std::round(px * 1.5f);
  g.name_w = TextSize(font, px, "GPU " + std::to_string(p - 1)).x + 2 * g.pad;
  if (Replaying(state)) {
    // Room for the longest tag: recorded runs may number steps past the
    // schedule's (pipelined chunks).
    std::int64_t widest = state.step_count();
    for (const RankAtTime& rank : state.replay().snapshot().ranks) {
      widest = std::max<std::int64_t>(widest, rank.step);
    }
    g.name_w += TextSize(font, px * kTagScale, RowTag(widest, -1, true)).x + g.pad;
  }
  // The widest label any column shows at any step: the walk's label shapes
  // with the widest column's letters (a ring's partial sums are wider than
  // its complete ones). The Σ form shows "Σp" or a single term.
  const bool reduces = engine::Reduces(state.config().collective);
  std::string letters;
  float letters_w = -1;
  for (int s = 0; s < buffers.Slots(); ++s) {
    const std::string candidate = engine::ChunkLetters(s);
    const float w = TextSize(font, px, candidate).x;
    if (w > letters_w) {
      letters_w = w;
      letters = candidate;
    }
  }
  float label_w = TextSize(font, px, letters + std::to_string(p - 1)).x;
  if (form == LabelForm::kSum) {
    if (reduces) label_w = std::max(label_w, TextSize(font, px, "\u03A3" + std::to_string(p)).x);
  } else {
    for (const std::string& shape :
         state.walk().LabelShapes(form == LabelForm::kFull ? LabelTerms(p) : 2)) {
      std::string label;
      for (char c : shape) {
        if (c == ScheduleWalk::kLetters) {
          label += letters;
        } else {
          label += c;
        }
      }
      label_w = std::max(label_w, TextSize(font, px, label).x);
    }
  }
  // Room right of the label for the ✓ of a complete sum or the "←" of data
  // on the way, clear of the label.
  g.mark_w =
      std::max(TextSize(font, MarkPx(px), "✓").x, TextSize(font, MarkPx(px), "←").x) + g.pad * 0.5f;
  g.col_w = std::round(std::max(label_w, px * 1.5f) + 2 * g.pad + g.mark_w);
  return g;
}

// The largest text size (from the body size down to the floor) and the
// longest label form at which the table fits `avail` at every step: its
// width always, its height too when it has at most 16 rows. When only the
// Σ form fits, the columns widen into the free width and each cell that
// has room spells its sum out (step 1's "a1+a0" stays readable).
TableGeometry FitTable(const AppState& state, ImFont* font, ImVec2 avail, float floor_px,
                       float scrollbar) {
  const int p = state.config().ranks;
  const int slots = state.buffers()->Slots();
  const float body = font->FontSize;
  floor_px = std::min(floor_px, body);
  TableGeometry g{};
  for (LabelForm form : {LabelForm::kFull, LabelForm::kEnds, LabelForm::kSum}) {
    const TableGeometry natural = Geometry(state, font, body, form);
    float scale = avail.x / natural.Width(slots);
    if (p <= 16) scale = std::min(scale, avail.y / natural.Height(p));
    const float px = std::clamp(std::floor(body * std::min(1.0f, scale)), floor_px, body);
    g = Geometry(state, font, px, form);
    // Rows past the height bring a vertical scroll bar.
    const float width = avail.x - (g.Height(p) > avail.y ? scrollbar : 0.0f);
    if (form == LabelForm::kSum) {
      const float widest = Geometry(state, font, px, LabelForm::kFull).col_w;
      const float share = std::floor((width - g.name_w) / static_cast<float>(slots));
      g.col_w = std::max(g.col_w, std::min(widest, share));
    }
    if (g.Width(slots) <= width) return g;
  }
  return g;
}

// Check your understanding: a click marks a cell the student expects the
// next step to write (blue); after checking, a mark turns green where the
// step did write the cell and red where it did not.
void DrawPredictionMarks(FrameContext& frame, int rank, int slot, bool changed, ImVec2 min,
                         ImVec2 max) {
  AppState& state = frame.state;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (state.predicting() && ImGui::IsWindowHovered() && ImGui::IsMouseClicked(0) &&
      ImGui::IsMouseHoveringRect(min, max)) {
    state.TogglePrediction(rank, slot);
  }
  const ImVec2 inner(min.x + 3, min.y + 3), inner_max(max.x - 3, max.y - 3);
  if (state.Prediction().count({rank, slot})) {
    draw->AddRect(inner, inner_max, frame.palette.tree[0], 0, 0, 4.0f);
  }
  if (state.CheckedPrediction().count({rank, slot})) {
    draw->AddRect(inner, inner_max,
                  changed ? frame.palette.complete_mark : frame.palette.phase_reduce_scatter, 0, 0,
                  4.0f);
  }
}

void DrawLabelledTable(FrameContext& frame, BufferTableUi& ui) {
  const AppState& state = frame.state;
  const Palette& palette = frame.palette;
  const engine::BufferState& buffers = *state.buffers();
  ImFont* font = frame.fonts.body;
  const int p = buffers.Ranks();
  const int slots = buffers.Slots();
  const TableGeometry geometry =
      FitTable(state, font, ImGui::GetContentRegionAvail(),
               FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter),
               ImGui::GetStyle().ScrollbarSize);
  const float px = geometry.px;
  const float pad = geometry.pad;
  const float row_h = geometry.row_h;
  const float header_h = row_h;
  const float name_w = geometry.name_w;
  const float col_w = geometry.col_w;
  const float total_w = geometry.Width(slots);
  // The Σ form spells out each sum that fits its cell.
  const int terms = geometry.form == LabelForm::kEnds ? 2 : LabelTerms(p);
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
  ImGui::SetCursorPosY(header_h);
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
        const ImU32 fill = changed    ? palette.highlight_fill
                           : complete ? palette.complete_fill
                                      : palette.cell_fill;
        draw->AddRectFilled(min, max, fill);
        if (changed) {
          draw->AddRect(min, max, palette.highlight_border, 0, 0, 3.0f);
        } else {
          draw->AddRect(min, max, palette.cell_border);
        }
        const bool pending = row && row->pending[i];
        if (pending) {
          // The step in progress writes this cell: its data is on the way.
          draw->AddRect(min, max, palette.highlight_border, 0, 0, 2.0f);
        }
        DrawPredictionMarks(frame, r, s, changed, min, max);
        std::string label;
        if (geometry.form != LabelForm::kSum) {
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
        const bool empty = label.empty();
        if (empty) label = "·";
        frame.record.cells.push_back({r, s, min, max, ImVec2(min.x + 5, (min.y + max.y) / 2),
                                      changed, complete, empty ? std::string() : label});
        // A row cut by the bottom edge or under the header keeps its colours
        // and loses its text, which would show cut.
        // So does a column scrolled under the GPU names.
        if (min.y < cells_top || max.y > cells_bottom || min.x < window_pos.x + name_w) continue;
        const float text_y = min.y + (row_h - 2 - px) / 2;
        draw->AddText(font, px, ImVec2(min.x + pad, text_y),
                      empty     ? palette.empty_text
                      : changed ? palette.highlight_text
                                : palette.text,
                      label.c_str());
        // Right of the label, in the room the column keeps for it: "←" for
        // data on the way, else the ✓ of a complete sum (dark on a written
        // cell's yellow, where the theme's green would vanish).
        const float mark_px = MarkPx(px);
        const ImVec2 mark_at(max.x - geometry.mark_w + pad * 0.25f,
                             min.y + (row_h - 2 - mark_px) / 2);
        if (pending) {
          draw->AddText(font, mark_px, mark_at, palette.highlight_border, "←");
        } else if (complete) {
          draw->AddText(font, mark_px, mark_at,
                        changed ? palette.highlight_text : palette.complete_mark, "✓");
        }
        if (!empty && ui.mouse_moved && ImGui::IsWindowHovered() &&
            ImGui::IsMouseHoveringRect(min, max) && label != buffers.Label(r, s, LabelTerms(p))) {
          ImGui::SetTooltip("%s", buffers.Label(r, s, LabelTerms(p)).c_str());
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
    const std::string name = "GPU " + std::to_string(row.rank);
    draw->AddText(frame.fonts.body, px, ImVec2(left + pad * 0.6f, row.y + (row_h - px) / 2),
                  palette.text, name.c_str());
    if (!replay_tags) continue;
    const std::string tag =
        RowTag(replay_at.ranks[static_cast<std::size_t>(row.rank)].step, state.step(), waiting);
    const float tag_px = px * kTagScale;
    draw->AddText(frame.fonts.body, tag_px,
                  ImVec2(left + pad * 1.2f + TextSize(frame.fonts.body, px, name).x,
                         row.y + (row_h - tag_px) / 2),
                  waiting ? palette.text : palette.highlight_text, tag.c_str());
  }
  const float top = window_pos.y;
  draw->AddRectFilled(ImVec2(left, top), ImVec2(left + window_w, top + header_h), background);
  for (int s = first_col; s < last_col; ++s) {
    const float x = left + name_w + col_w * static_cast<float>(s) - scroll_x;
    if (x + col_w < left + name_w) continue;
    draw->AddRectFilled(ImVec2(x + 1, top), ImVec2(x + col_w - 1, top + header_h - 1), header_bg);
    DrawCentredText(draw, frame.fonts.big, px * 1.05f, ImVec2(x + col_w / 2, top + header_h / 2),
                    engine::ChunkLetters(s), palette.text);
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

// Above 64 ranks: a heat map, one texel per block of cells (at most one
// block per pixel), uploaded when the step changes and drawn as one image.
// Darker green = more of the sum reduced; written cells in orange.
void DrawOverview(FrameContext& frame, BufferTableUi& ui) {
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
    const std::string label = buffers.Label(r, s, 3);
    ImGui::SetTooltip("GPU %d, chunk %s: %s", r, engine::ChunkLetters(s).c_str(),
                      label.empty() ? "(empty)" : label.c_str());
  }
}

}  // namespace

float BufferTableWidth(const AppState& state, const Fonts& fonts) {
  if (!state.buffers() || state.config().ranks > kLabelledRanks) return 0;
  // Whole labels at the smallest readable size.
  const float floor_px = std::min(
      fonts.body->FontSize, FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter));
  return Geometry(state, fonts.body, floor_px, LabelForm::kFull).Width(state.buffers()->Slots()) +
         ImGui::GetStyle().WindowPadding.x * 2;
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
  // Whether the table will shorten sums to "Σk", with the room it will have
  // under the legend (two lines at most).
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool sums = p <= kLabelledRanks && engine::Reduces(state.config().collective) &&
                    FitTable(state, frame.fonts.body,
                             ImVec2(avail.x, avail.y - 2 * ImGui::GetTextLineHeightWithSpacing()),
                             FloorTextPx(ImGui::GetMainViewport()->Size.y, state.view.presenter),
                             ImGui::GetStyle().ScrollbarSize)
                            .form == LabelForm::kSum;
  swatch(palette.highlight_fill, palette.highlight_border, "written in this step");
  if (engine::Reduces(state.config().collective)) {
    swatch(palette.complete_fill, palette.cell_border, "✓ complete: sum over all GPUs");
  }
  if (sums) swatch(palette.cell_fill, palette.cell_border, "Σk: a sum of k GPUs' chunks");
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
  frame.record.table_mode = labels ? "labels" : "overview";
  if (labels) {
    DrawLabelledTable(frame, ui);
  } else {
    DrawOverview(frame, ui);
  }
  ImGui::End();
}

}  // namespace collscope::gui
