#include "app/panels/buffer_table_layout.h"

#include <algorithm>
#include <cmath>

#include "app/render/draw.h"
#include "engine/cell.h"

namespace collscope::gui {

std::string CellLabel(const engine::BufferState& buffers, int rank, int slot, int p,
                      LabelForm form) {
  switch (form) {
    case LabelForm::kFull:
      return buffers.Label(rank, slot, LabelTerms(p));
    case LabelForm::kEnds:
      return buffers.Label(rank, slot, 2);
    case LabelForm::kSum:
    case LabelForm::kTight: {
      const engine::Cell& cell = buffers.At(rank, slot);
      const std::int64_t terms = cell.Empty() ? 0 : buffers.Pool().TermCount(cell);
      return terms <= 1 ? buffers.Label(rank, slot) : "\u03A3" + std::to_string(terms);
    }
  }
  return {};
}

bool Replaying(const AppState& state) {
  const TraceReplay& replay = state.replay();
  return replay.Active() && state.config().ranks <= ReplayBuffers::kMaxRanksAtOwnStep &&
         replay.snapshot().ranks.size() == static_cast<std::size_t>(state.config().ranks);
}

std::string RowTag(std::int64_t row_step, std::int64_t shown_step, bool waiting) {
  std::string tag = row_step != shown_step ? "step " + std::to_string(row_step) : "";
  if (waiting) tag += tag.empty() ? "waiting" : " · waiting";
  return tag;
}

TableGeometry Geometry(const AppState& state, ImFont* font, float px, LabelForm form) {
  const engine::BufferState& buffers = *state.buffers();
  const int p = state.config().ranks;
  TableGeometry g;
  g.px = px;
  g.form = form;
  g.pad = std::max(4.0f, px * 0.35f);
  g.row_h = RowHeight(px);
  g.name_w = TextSize(font, px, "GPU " + std::to_string(p - 1)).x + 2 * g.pad;
  if (Replaying(state)) {
    // Room for the longest tag: recorded runs may number steps past the
    // schedule's (pipelined chunks).
    std::int64_t widest = state.step_count();
    for (const RankAtTime& rank : state.replay().snapshot().ranks) {
      widest = std::max<std::int64_t>(widest, rank.step);
    }
    // The tag at the name's size: a smaller one fell under the floor size
    // (issue 15: replay tags ~13 px at 1080p).
    g.name_w += TextSize(font, px, RowTag(widest, -1, true)).x + g.pad;
  }
  // Whole pixels, as the columns are: every cell's one-pixel outline then
  // falls on one pixel column, not blurred across two.
  g.name_w = std::ceil(g.name_w);
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
  if (CountsSums(form)) {
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
  const float marks_w =
      std::max(TextSize(font, MarkPx(px), "✓").x, TextSize(font, MarkPx(px), "←").x);
  g.mark_w = form == LabelForm::kTight ? 0.0f : marks_w + g.pad * 0.5f;
  // The tight form writes the marks as labels, at the label's size.
  if (form == LabelForm::kTight) {
    label_w = std::max({label_w, TextSize(font, px, "✓").x, TextSize(font, px, "←").x});
  }
  // While predicting, room left of the label for the shape of a checked
  // cell's outcome (buffer_table_marks.h): the label keeps clear of it.
  g.glyph = std::max(7.0f, std::round(px * 0.55f));
  g.lead_w = state.predicting() ? g.glyph + g.pad * 0.5f : 0.0f;
  g.col_w = std::round(std::max(label_w, px * 1.5f) + 2 * g.pad + g.mark_w + g.lead_w);
  return g;
}

TableGeometry FitTable(const AppState& state, ImFont* font, ImVec2 avail, float floor_px,
                       float scrollbar) {
  const int p = state.config().ranks;
  const int slots = state.buffers()->Slots();
  const float body = font->FontSize;
  floor_px = std::min(floor_px, body);
  TableGeometry g{};
  TableGeometry sum{};
  for (LabelForm form : {LabelForm::kFull, LabelForm::kEnds, LabelForm::kSum, LabelForm::kTight}) {
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
      sum = g;
    }
    if (g.Width(slots) <= width) return g;
  }
  // Nothing fits: the table scrolls, with the Σ form's marks.
  return sum;
}

}  // namespace collscope::gui
