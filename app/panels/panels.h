#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app/app_state.h"
#include "app/folder_listing.h"
#include "app/layout.h"
#include "app/render/fonts.h"
#include "app/render/text_layout.h"
#include "app/render/texture.h"
#include "app/render/theme.h"
#include "app/trace_loader.h"
#include "engine/cost_model.h"
#include "engine/topology.h"
#include "trace/model_fit.h"

namespace collscope::gui {

// One cell of the buffer table as drawn this frame (for --dump-state and the
// pixel tests): its screen rectangle and a point inside it that shows only
// its fill colour.
struct DrawnCell {
  int rank = 0;
  int slot = 0;
  ImVec2 min;
  ImVec2 max;
  ImVec2 probe;
  bool highlighted = false;
  bool complete = false;
  std::string label;
};

// What the panels drew this frame.
struct FrameRecord {
  std::vector<DrawnCell> cells;
  std::string table_mode;   // "labels", "overview" or "off"
  std::string centre_view;  // "ring", "tree" or "hidden"
  std::size_t arrows_drawn = 0;
  std::size_t timeline_slices_drawn = 0;
  std::size_t arrow_labels_drawn = 0;
  // A trace's own picture (centre_view "busbw-plot", "nccl-rings",
  // "nccl-trees"): measured and model points, ranks and links drawn.
  std::size_t plot_points_drawn = 0;
  std::size_t model_points_drawn = 0;
  std::size_t topology_ranks_drawn = 0;
  std::size_t topology_links_drawn = 0;
  int topology_channel = -1;
  // The kernel timeline of a per-rank trace: lanes, and kernels marked as
  // the last to arrive at their call.
  std::size_t kernel_lanes_drawn = 0;
  std::size_t stragglers_marked = 0;
  // Why this algorithm: pair curves drawn, TUNING choices placed and those
  // where the model disagrees; NCCL's choices: its table's rows.
  std::size_t nccl_pairs_drawn = 0;
  std::size_t nccl_choices_drawn = 0;
  std::size_t nccl_disagreements = 0;
  std::size_t tuning_rows = 0;
  std::string measurement_kind;  // the busbw plot's "nccl-tests", "MPI library run …"
  // The trace banner: the error line shown, and whether an import's
  // progress bar was.
  std::string trace_banner;
  bool trace_loading = false;
  // File > Open: the lines listed (-1: closed) and the folder's error.
  int file_browser_entries = -1;
  std::string file_browser_error;
  // A panel is still computing over several frames (the cost plot); a
  // screenshot waits for it.
  bool pending_work = false;
  // Read back from ImGui's draw lists when a state dump is taken.
  TextLayoutCounts layout;
  void Clear() { *this = FrameRecord{}; }
};

// What a panel asks the main loop to do after the frame.
struct Requests {
  bool quit = false;
  std::optional<std::string> screenshot;
  bool show_file_browser = false;
  // Files to import together into one trace (File > Open, a drop).
  std::vector<std::string> open_trace;
  bool reload_lessons = false;  // Lessons > Reload lesson files
};

// Everything a panel may use while drawing one frame.
struct FrameContext {
  AppState& state;
  const Palette& palette;
  const Fonts& fonts;
  FrameRecord& record;
  Requests& requests;
};

// The panels' own small UI state, kept between frames.
struct ControlsUi {
  char bytes_text[32] = "";
  double shown_bytes = -1;
  int ranks_input = 0;
};

struct TreeViewUi {
  // The trees last drawn and what they were built for.
  std::tuple<std::string, int, int> key{"", -1, -1};
  std::vector<engine::Tree> trees;
  std::vector<std::vector<float>> x;  // x of each rank in [0, 1], per tree
  std::vector<int> depth;             // levels per tree
};

struct BufferTableUi {
  bool force_labels = false;  // the user asked for labels at large p
  // The step the labelled table last scrolled to show.
  std::pair<const void*, std::int64_t> scrolled{nullptr, -1};
  // Overview (heat map) cache: one entry per block of cells.
  std::tuple<const void*, std::int64_t, int, int> key{nullptr, -1, 0, 0};
  int block_rows = 0;
  int block_cols = 0;
  int rows_per_block = 1;
  int cols_per_block = 1;
  std::vector<std::uint32_t> pixels;  // one RGBA texel per block
  Texture texture;
  // During a trace replay: the rows at each rank's own step.
  ReplayBuffers replay;
  // While the shown step's chunks travel: the rows of the step before.
  ReplayBuffers travelling;
  bool mouse_moved = false;   // since the table opened: tooltips may show
  bool replay_error = false;  // the simulation refused a step: keep the shown one
};

// The timeline's zoom and pan (the per-rank index of the trace's events is
// the replay's, AppState::replay().index()).
struct TimelineUi {
  const void* indexed = nullptr;  // the run the view was fitted to
  std::int64_t first_ns = 0;
  std::int64_t last_ns = 0;
  double view_start_ns = 0;
  double view_end_ns = 1;
  bool show_model = true;  // the engine's per-step times under the slices
  // The playhead last frame: the view pages on when a playing playhead
  // crosses its right edge (not when the user has panned elsewhere).
  double last_playhead_ns = -1;
};

struct CostOverlayUi {
  int whatif_ranks = 0;      // 0: follow the loaded p
  double whatif_bytes = -1;  // < 0: follow the loaded n
  // The setup the sliders were last set from: loading another (a lesson,
  // a scene, a trace) sets them to its p and n again.
  std::string whatif_setup;
  bool plot_against_bytes = false;
  std::string compare_algorithm;  // second curve; "" = pick one
  // Cached plot: key and points (x, total seconds) per algorithm.
  std::string plot_key;
  std::vector<double> plot_x;
  std::vector<std::vector<double>> plot_y;  // [algorithm][point], NaN where refused
  std::vector<std::string> plot_algorithms;
  std::size_t plot_next = 0;  // next point to price
  std::string whatif_key;
  std::vector<std::pair<std::string, engine::CostBreakdown>> whatif;
  std::vector<std::string> whatif_errors;
};

// File > Open: a folder's trace files (or all files), opened by
// double-click, Enter or the Open button; several with Ctrl+click.
struct FileBrowserUi {
  bool open = false;   // shown (set to true to show it)
  std::string folder;  // "" = the working directory
  bool all_files = false;
  FolderListing listing;
  std::string listed;               // the folder the listing is of ("" = none yet)
  bool listed_all = false;          // and its filter
  std::vector<std::size_t> chosen;  // indices into listing.entries (files)
  int cursor = 0;                   // the keyboard's row
  bool scroll_to_cursor = false;
  char path_text[1024] = "";
};

// A trace without per-step events in the centre: which picture, channel
// and collective, and the model curve of the busbw plot (priced a few
// points a frame).
enum class TracePicture { kBusbwPlot, kNcclModel, kTuning, kRings, kTrees };
struct TracePictureUi {
  const void* trace = nullptr;  // the trace the choices below are for
  TracePicture picture = TracePicture::kBusbwPlot;
  int channel = 0;
  std::string collective;  // the measurements' collective plotted
  std::string model_key;
  std::vector<double> model_bytes;
  std::vector<double> model_busbw_gbps;  // NaN where the schedule is refused
  std::size_t model_next = 0;
  std::string model_algorithm;
  std::string model_error;
  // NCCL's model for the trace's machine (its init table when logged).
  bool nccl_ready = false;
  trace::TraceModel nccl;
  // NCCL's model calibrated on the run, each size predicted by a fit that
  // did not see it: (bytes, busbw GB/s) of the collective in nccl_fit_for.
  std::string nccl_fit_for;
  std::vector<std::pair<double, double>> nccl_fitted;
  // The why-this-algorithm picture: time or busbw, and its collective.
  bool nccl_plot_busbw = false;
  std::string nccl_collective;
  // A machine preset in place of the trace's machine ("" : the trace's),
  // for a trace that names none or to ask what NCCL would do elsewhere.
  std::string nccl_machine_preset;
  trace::TraceModel nccl_preset_model;
};

// The import in progress and the last import's error, above the panels.
struct TraceBannerUi {
  std::string error;    // one line: file and position, from the importer
  std::string warning;  // the first importer warning of a trace that loaded
  std::string lesson;   // a lesson file that was skipped: file and line
};

void DrawMenuBar(FrameContext& frame);
void DrawLessonPanel(FrameContext& frame, const Rect& rect);
void DrawControls(FrameContext& frame, const Rect& rect, ControlsUi& ui);
void DrawPresenterBar(FrameContext& frame, const Rect& rect);
// The centre: ring or tree view, with the step heading.
struct LessonFigureUi;
void DrawCentreView(FrameContext& frame, const Rect& rect, TreeViewUi& tree_ui,
                    LessonFigureUi& figure_ui, TracePictureUi& trace_ui);
// Whether the loaded trace has a picture of its own (measurements or NCCL
// topology and no per-step run).
bool HasTracePicture(const AppState& state);
// A trace's picture in [min, max]: the busbw-versus-size plot of nccl-tests
// measurements against the model, or NCCL's rings and trees of one channel.
void DrawBusbwPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);
void DrawTraceTopology(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);
// Why this algorithm: NCCL's predicted time (or busbw) of every algorithm x
// protocol against size on the trace's machine, the pick, the crossovers,
// and the trace's measurements and TUNING choices over them.
void DrawNcclModelPlot(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);
// NCCL's choices: the TUNING lines as a size -> algorithm / protocol /
// channels table beside the model's pick, and the init table.
void DrawTuningTable(FrameContext& frame, ImVec2 min, ImVec2 max, TracePictureUi& ui);
void DrawFileBrowser(FrameContext& frame, FileBrowserUi& ui);
// A strip across the top while a trace is imported (its progress bar) or
// after one failed (the error line, until dismissed or the next success).
// The height is 0 when there is nothing to say.
float TraceBannerHeight(const Fonts& fonts, const TraceLoadProgress& progress,
                        const TraceBannerUi& ui);
void DrawTraceBanner(FrameContext& frame, const Rect& rect, const TraceLoadProgress& progress,
                     TraceBannerUi& ui);
// `heading` is the bottom right corner of the heading in the top left
// corner of [min, max], which the ring avoids.
void DrawRingView(FrameContext& frame, ImVec2 min, ImVec2 max, ImVec2 heading);
void DrawTreeView(FrameContext& frame, ImVec2 min, ImVec2 max, TreeViewUi& ui);
void DrawBufferTable(FrameContext& frame, const Rect& rect, BufferTableUi& ui);
// The width the labelled table needs (0 when it shows no labels).
float BufferTableWidth(const AppState& state, const Fonts& fonts);
void DrawCostOverlay(FrameContext& frame, const Rect& rect, CostOverlayUi& ui);
void DrawHelpWindow(FrameContext& frame);
void DrawTimeline(FrameContext& frame, const Rect& rect, TimelineUi& ui);
// --bench-frames with a trace: pans and zooms the timeline a little every
// frame (and plays the replay) so the frame time covers culling and folding.
void BenchTimeline(AppState& state, TimelineUi& ui, int frame);

// Window flags of a panel placed by the layout.
int FixedPanelFlags();
// Places the next window at `rect` (every frame: the layout owns placement).
void PlacePanel(const Rect& rect);

}  // namespace collscope::gui
