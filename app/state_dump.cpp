#include "app/state_dump.h"

#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include "engine/collective.h"
#include "trace/json_text.h"

namespace collscope::gui {

namespace {

constexpr std::size_t kMaxListed = 4096;

// Strings as every JSON collscope writes them (trace/json_text.h): a
// lesson title or trace path with any bytes still gives a file that parses.
std::string Quote(std::string_view text) { return trace::JsonQuote(text); }

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

// [[x0, y0, x1, y1], ...] in framebuffer pixels.
// Per window, only the windows with an offender.
std::string Windows(const std::map<std::string, TextLayoutCounts::WindowCounts>& windows) {
  std::string out = "{";
  for (const auto& [name, counts] : windows) {
    if (out.size() > 1) out += ',';
    out += Quote(name) + ":{\"clipped_text\":" + std::to_string(counts.clipped_text) +
           ",\"overlapping_text\":" + std::to_string(counts.overlapping_text) +
           ",\"scrolls\":" + (counts.scrolls ? "true" : "false") + "}";
  }
  return out + "}";
}

std::string Names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& name : names) out += (out.size() > 1 ? "," : "") + Quote(name);
  return out + "]";
}

std::string Boxes(const std::vector<std::pair<ImVec2, ImVec2>>& boxes, float scale) {
  std::string out = "[";
  for (const auto& [min, max] : boxes) {
    out += (out.size() > 1 ? ",[" : "[") + Number(min.x * scale) + "," + Number(min.y * scale) +
           "," + Number(max.x * scale) + "," + Number(max.y * scale) + "]";
  }
  return out + "]";
}

std::string Bool(bool value) { return value ? "true" : "false"; }

}  // namespace

std::string StateJson(const AppState& state, const FrameRecord& record, int framebuffer_width,
                      int framebuffer_height, float scale) {
  const Config& config = state.config();
  std::string json = "{";
  auto field = [&](std::string_view name, const std::string& value) {
    if (json.size() > 1) json += ",\n ";
    json += Quote(name) + ":" + value;
  };
  // Counters of what the frame drew, each under its FrameRecord name.
  auto counters = [&](std::initializer_list<std::pair<std::string_view, std::size_t>> named) {
    for (const auto& [name, count] : named) field(name, std::to_string(count));
  };
  const Lesson* lesson = state.lesson();
  field("lesson", lesson ? Quote(lesson->id) : "null");
  field("lessons_loaded", std::to_string(state.lessons().size()));
  field("lesson_errors", std::to_string(state.lesson_errors().size()));
  field("collective", Quote(engine::CollectiveName(config.collective)));
  field("algorithm", Quote(config.algorithm));
  field("ranks", std::to_string(config.ranks));
  field("root", std::to_string(config.root));
  field("bytes", Number(config.bytes));
  field("preset", Quote(config.preset));
  field("step", std::to_string(state.step()));
  field("steps", std::to_string(state.step_count()));
  field("phase", Quote(state.Phase()));
  field("at_end", Bool(state.AtEnd()));
  field("playing", Bool(state.playing()));
  field("message", Quote(state.message()));
  field("theme", Quote(state.view.theme == Theme::kLight ? "light" : "dark"));
  field("presenter", Bool(state.view.presenter));
  field("font_px", Number(state.view.font_px));
  field("centre_view", Quote(record.centre_view.empty() ? "hidden" : record.centre_view));
  field("ring", "{\"x\":" + Number(record.ring_centre.x * scale) +
                    ",\"y\":" + Number(record.ring_centre.y * scale) +
                    ",\"radius\":" + Number(record.ring_radius * scale) + "}");
  field("table_mode", Quote(record.table_mode.empty() ? "hidden" : record.table_mode));
  field("table_scrolls_x", record.table_scrolls_x ? "true" : "false");
  field("table_scrolls_y", record.table_scrolls_y ? "true" : "false");
  counters({{"arrows_drawn", record.arrows_drawn},
            {"timeline_slices_drawn", record.timeline_slices_drawn},
            {"arrow_labels_drawn", record.arrow_labels_drawn},
            {"tree_rank_numbers_drawn", record.tree_rank_numbers_drawn}});
  // Text ImGui drew this frame (render/text_layout.h), in screen pixels.
  field("layout", "{\"text_items\":" + std::to_string(record.layout.text_items) +
                      ",\"clipped_text\":" + std::to_string(record.layout.clipped_text) +
                      ",\"overlapping_text\":" + std::to_string(record.layout.overlapping_text) +
                      ",\"truncated_titles\":" + std::to_string(record.layout.truncated_titles) +
                      ",\"clipped_boxes\":" + Boxes(record.layout.clipped_boxes, scale) +
                      ",\"overlapping_boxes\":" + Boxes(record.layout.overlapping_boxes, scale) +
                      ",\"windows\":" + Windows(record.layout.windows) +
                      ",\"close_buttons\":" + Names(record.layout.close_buttons) + "}");
  // The lesson panel's controls, and how many lie whole in view (issue 15).
  const LessonPanelRecord& lesson_panel = record.lesson_panel;
  field("lesson_panel",
        "{\"drawn\":" + Bool(lesson_panel.drawn) +
            ",\"scene_buttons\":" + std::to_string(lesson_panel.scene_buttons) +
            ",\"scene_buttons_visible\":" + std::to_string(lesson_panel.scene_buttons_visible) +
            ",\"questions\":" + std::to_string(lesson_panel.questions) +
            ",\"questions_visible\":" + std::to_string(lesson_panel.questions_visible) +
            ",\"check_button\":" + Bool(lesson_panel.check_button) +
            ",\"check_button_visible\":" + Bool(lesson_panel.check_button_visible) + "}");
  field("total_s", Number(state.TotalCost().Total()));
  // The loaded trace and its own picture (busbw plot, NCCL rings / trees).
  const trace::Trace* loaded = state.loaded_trace();
  field("trace_path", loaded ? Quote(state.trace_path()) : "null");
  field("trace_measurements", std::to_string(loaded ? loaded->measurements.size() : 0));
  field("trace_run", std::to_string(state.trace_run()));
  field("trace_all_runs", Bool(state.showing_all_trace_runs()));
  field("timeline_events",
        std::to_string(state.replay().Attached() ? state.replay().index().EventCount() : 0));
  field("trace_rings", std::to_string(loaded ? loaded->topology.rings.size() : 0));
  field("trace_trees", std::to_string(loaded ? loaded->topology.trees.size() : 0));
  counters({{"plot_points_drawn", record.plot_points_drawn},
            {"model_points_drawn", record.model_points_drawn},
            {"topology_ranks_drawn", record.topology_ranks_drawn},
            {"topology_links_drawn", record.topology_links_drawn}});
  field("topology_channel", std::to_string(record.topology_channel));
  counters({{"kernel_lanes_drawn", record.kernel_lanes_drawn},
            {"stragglers_marked", record.stragglers_marked},
            {"nccl_pairs_drawn", record.nccl_pairs_drawn},
            {"nccl_choices_drawn", record.nccl_choices_drawn},
            {"nccl_disagreements", record.nccl_disagreements},
            {"nccl_crossovers", record.nccl_crossovers},
            {"nccl_crossover_names_drawn", record.nccl_crossover_names_drawn},
            {"tuning_rows", record.tuning_rows}});
  field("measurement_kind", Quote(record.measurement_kind));
  field("trace_banner", Quote(record.trace_banner));
  field("trace_loading", Bool(record.trace_loading));
  field("file_browser_entries", std::to_string(record.file_browser_entries));
  field("file_browser_error", Quote(record.file_browser_error));

  // The trace replay: the playhead and what each rank does under it.
  const TraceReplay& replay = state.replay();
  std::string steps = "[";
  std::string waiting = "[";
  std::string in_step = "[";
  for (std::size_t r = 0; r < replay.snapshot().ranks.size() && r < kMaxListed; ++r) {
    const RankAtTime& rank = replay.snapshot().ranks[r];
    steps += (r ? "," : "") + std::to_string(rank.step);
    if (rank.waiting) waiting += (waiting.size() > 1 ? "," : "") + std::to_string(r);
    if (rank.in_step) in_step += (in_step.size() > 1 ? "," : "") + std::to_string(r);
  }
  field("replay",
        "{\"active\":" + Bool(replay.Active()) +
            ",\"playhead_ns\":" + std::to_string(replay.playhead_ns()) +
            ",\"speed\":" + Number(replay.speed()) + ",\"playing\":" + Bool(replay.playing()) +
            ",\"rank_steps\":" + steps + "],\"waiting\":" + waiting + "],\"in_step\":" + in_step +
            "],\"in_flight\":" + std::to_string(replay.snapshot().in_flight.size()) + "}");

  std::string transfers = "[";
  for (std::size_t i = 0; i < state.Transfers().size() && i < kMaxListed; ++i) {
    const ShownTransfer& t = state.Transfers()[i];
    if (i > 0) transfers += ",";
    transfers += "{\"src\":" + std::to_string(t.transfer.src) +
                 ",\"dst\":" + std::to_string(t.transfer.dst) + ",\"op\":" +
                 Quote(t.transfer.op == engine::TransferOp::kReduce ? "reduce" : "copy") +
                 ",\"label\":" + Quote(t.label) + "}";
  }
  field("transfer_count", std::to_string(state.TransferCount()));
  field("transfers", transfers + "]");

  const engine::BufferState* buffers = state.buffers();
  std::string highlighted = "[";
  std::size_t complete = 0;
  if (buffers && state.step() > 0) {
    const auto changed = buffers->ChangedInStep(state.step());
    for (std::size_t i = 0; i < changed.size() && i < kMaxListed; ++i) {
      if (i > 0) highlighted += ",";
      highlighted += "{\"rank\":" + std::to_string(changed[i].rank) +
                     ",\"slot\":" + std::to_string(changed[i].slot) + ",\"label\":" +
                     Quote(ShownLabel(config, buffers->Label(changed[i].rank, changed[i].slot,
                                                             LabelTerms(config.ranks)))) +
                     "}";
    }
  }
  if (buffers && static_cast<long long>(buffers->Ranks()) * buffers->Slots() <= (1 << 22)) {
    for (int r = 0; r < buffers->Ranks(); ++r) {
      for (int s = 0; s < buffers->Slots(); ++s) complete += state.IsComplete(r, s) ? 1 : 0;
    }
  }
  field("highlighted", highlighted + "]");
  field("complete_cells", std::to_string(complete));
  // Each row of the table as labels, for small p (what a student reads).
  std::string table = "[";
  if (buffers && buffers->Ranks() <= 64) {
    for (int r = 0; r < buffers->Ranks(); ++r) {
      table += r ? ",[" : "[";
      for (int s = 0; s < buffers->Slots(); ++s) {
        if (s) table += ",";
        table += Quote(ShownLabel(config, buffers->Label(r, s, LabelTerms(config.ranks))));
      }
      table += "]";
    }
  }
  field("table", table + "]");

  std::string cells = "[";
  for (std::size_t i = 0; i < record.cells.size() && i < kMaxListed; ++i) {
    const DrawnCell& c = record.cells[i];
    if (i > 0) cells += ",\n  ";
    cells += "{\"rank\":" + std::to_string(c.rank) + ",\"slot\":" + std::to_string(c.slot) +
             ",\"x\":" + Number(c.min.x * scale) + ",\"y\":" + Number(c.min.y * scale) +
             ",\"w\":" + Number((c.max.x - c.min.x) * scale) +
             ",\"h\":" + Number((c.max.y - c.min.y) * scale) + ",\"probe\":[" +
             Number(c.probe.x * scale) + "," + Number(c.probe.y * scale) +
             "],\"highlighted\":" + Bool(c.highlighted) + ",\"complete\":" + Bool(c.complete) +
             ",\"label\":" + Quote(c.label) + ",\"prediction\":" + Quote(c.prediction) + "}";
  }
  field("drawn_cells", cells + "]");
  // Check your understanding: the marks the table drew (a cell marked for
  // the next step that also has an outcome counts as its outcome) and the
  // score of the step last checked.
  std::size_t marks[4] = {0, 0, 0, 0};
  const std::string_view names[4] = {"marked", "right", "wrong", "missed"};
  for (const DrawnCell& c : record.cells) {
    for (int k = 0; k < 4; ++k) marks[k] += c.prediction == names[k] ? 1 : 0;
  }
  std::string prediction = "{\"on\":" + Bool(state.predicting());
  for (int k = 0; k < 4; ++k) prediction += "," + Quote(names[k]) + ":" + std::to_string(marks[k]);
  const auto& score = state.Score();
  prediction += ",\"score\":" + (score ? "{\"step\":" + std::to_string(score->step) +
                                             ",\"right\":" + std::to_string(score->right) +
                                             ",\"wrong\":" + std::to_string(score->wrong) +
                                             ",\"missed\":" + std::to_string(score->missed) + "}"
                                       : std::string("null"));
  field("prediction", prediction + "}");
  field("framebuffer", "{\"width\":" + std::to_string(framebuffer_width) +
                           ",\"height\":" + std::to_string(framebuffer_height) +
                           ",\"scale\":" + Number(scale) + "}");
  return json + "}\n";
}

}  // namespace collscope::gui
