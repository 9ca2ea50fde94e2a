// The desktop GUI's main loop, and the only file that touches GLFW and the
// ImGui backends: init -> (script, keys) -> NewFrame -> panels -> Render ->
// (screenshot, dump, benchmark) -> Shutdown.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/gui.h"
#include "app/gui_options.h"
#include "app/panels/buffer_table.h"
#include "app/panels/centre_view.h"
#include "app/panels/controls.h"
#include "app/panels/cost_overlay.h"
#include "app/panels/file_browser.h"
#include "app/panels/help_window.h"
#include "app/panels/kernel_timeline.h"
#include "app/panels/lesson_panel.h"
#include "app/panels/menu_bar.h"
#include "app/panels/timeline.h"
#include "app/panels/trace_banner.h"
#include "app/render/fonts.h"
#include "app/render/screenshot.h"
#include "app/render/theme.h"
#include "app/script.h"
#include "app/state_dump.h"
#include "engine/algorithm.h"
#include "engine/topology.h"
#include "engine/verify.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "trace/writer.h"

namespace collscope::gui {

namespace {

constexpr double kPresenterBarSeconds = 2.5;
constexpr int kSettleFrames = 2;  // frames rendered before a capture
constexpr float kPresenterFontScale = 1.5f;

int GlfwKey(const std::string& name) {
  if (name == "right") return GLFW_KEY_RIGHT;
  if (name == "left") return GLFW_KEY_LEFT;
  if (name == "space") return GLFW_KEY_SPACE;
  if (name == "home") return GLFW_KEY_HOME;
  if (name == "end") return GLFW_KEY_END;
  if (name == "pagedown") return GLFW_KEY_PAGE_DOWN;
  if (name == "pageup") return GLFW_KEY_PAGE_UP;
  if (name == "plus") return GLFW_KEY_KP_ADD;
  if (name == "minus") return GLFW_KEY_MINUS;
  if (name == "f11") return GLFW_KEY_F11;
  if (name == "f") return GLFW_KEY_F;
  if (name == "p") return GLFW_KEY_P;
  if (name == "f1") return GLFW_KEY_F1;
  return -1;
}

// "show, cost, verify, list, ...": the commands that need no display.
std::string HeadlessCommands() {
  std::string names;
  for (const cli::Command& command : cli::Commands()) {
    names += (names.empty() ? "" : ", ") + std::string(command.name);
  }
  return names;
}

void PrintUsageError(const cli::UsageError& error) {
  const std::string& m = error.message;
  std::fprintf(stderr, "%s%s\n", m.rfind("collscope", 0) == 0 ? "" : "collscope ", m.c_str());
}

// The window, its fonts and theme, and everything the loop keeps.
class Gui {
 public:
  Gui(GLFWwindow* window, AppState& state, const GuiOptions& options)
      : window_(window), state_(state), options_(options) {
    ShowLessonErrors();
  }

  int Run(std::vector<ScriptCommand> script);

 private:
  void ApplyViewSettings();
  void SetFullscreen(bool on);
  void HandleKeys();
  void DrawPanels();
  // Lesson files that failed to load: the banner names the first.
  void ShowLessonErrors();
  void ReloadLessons();
  // Traces: File > Open, a drop on the window and the script's `open` all
  // import on the loader's thread; each frame hands a finished import to
  // the state, or its error to the banner.
  void OpenTraces(std::vector<std::string> paths);
  void PollTraceLoader();
  static void OnDrop(GLFWwindow* window, int count, const char** paths);
  // Script: BeforeFrame runs commands until one needs a frame; AfterRender
  // performs a pending capture. Both return false when the script failed.
  void ScriptBeforeFrame();
  void ScriptAfterRender();
  void WalkAllNext();
  void Fail(const std::string& what);
  bool Capture(const std::string& verb, const std::string& path);
  float EffectiveFontPx() const;

  GLFWwindow* window_;
  AppState& state_;
  const GuiOptions& options_;
  Fonts fonts_;
  float built_font_px_ = 0;
  Theme built_theme_ = Theme::kLight;
  bool theme_built_ = false;
  bool fullscreen_ = false;
  bool presenter_applied_ = false;
  int windowed_[4] = {0, 0, 0, 0};
  Palette palette_ = MakePalette(Theme::kLight);
  FrameRecord record_;
  Requests requests_;
  ControlsUi controls_ui_;
  TreeViewUi tree_ui_;
  LessonFigureUi figure_ui_;
  TimelineUi timeline_ui_;
  KernelTimelineUi kernel_timeline_ui_;
  TracePictureUi trace_picture_ui_;
  FileBrowserUi file_browser_ui_;
  TraceBannerUi banner_ui_;
  TraceLoader loader_;
  bool waiting_for_load_ = false;  // the script's wait-load
  BufferTableUi table_ui_;
  CostOverlayUi cost_ui_;
  double last_mouse_move_ = -1e9;
  ImVec2 last_mouse_{-1, -1};
  double now_ = 0;

  // Script state.
  std::vector<ScriptCommand> script_;
  std::size_t next_ = 0;
  int wait_frames_ = 0;
  int release_key_ = -1;
  int mash_left_ = 0;            // frames of `mash` still to press a key in
  std::uint32_t mash_seed_ = 1;  // same keys in every run
  bool walking_ = false;
  std::optional<ScriptCommand> capture_;
  int settle_ = 0;
  int capture_waited_ = 0;
  int failures_ = 0;
  // walk-all: every collective x algorithm at one p.
  std::vector<std::pair<engine::Collective, std::string>> pairs_;
  std::size_t pair_index_ = 0;
  int walk_all_ranks_ = 0;
  int walked_ = 0;
  int refused_ = 0;
  bool walking_all_ = false;
};

float Gui::EffectiveFontPx() const {
  float scale_x = 1;
  float scale_y = 1;
  glfwGetWindowContentScale(window_, &scale_x, &scale_y);
  const float px = state_.view.font_px * (state_.view.presenter ? kPresenterFontScale : 1.0f);
  return std::round(px * std::max(1.0f, scale_y));
}

void Gui::ApplyViewSettings() {
  ViewSettings& view = state_.view;
  view.font_px = std::clamp(view.font_px, 10.0f, 64.0f);
  const float px = EffectiveFontPx();
  if (px != built_font_px_) {
    fonts_ = BuildFonts(px);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    built_font_px_ = px;
    theme_built_ = false;  // sizes follow the font
  }
  if (!theme_built_ || built_theme_ != view.theme) {
    ApplyTheme(view.theme, px);
    palette_ = MakePalette(view.theme);
    built_theme_ = view.theme;
    theme_built_ = true;
  }
  // Presenter mode is fullscreen, except in batch runs whose pictures keep
  // the size asked for.
  if (view.presenter != presenter_applied_) {
    presenter_applied_ = view.presenter;
    if (!IsBatchRun(options_)) view.fullscreen = view.presenter;
  }
  if (view.fullscreen != fullscreen_) SetFullscreen(view.fullscreen);
}

void Gui::SetFullscreen(bool on) {
  fullscreen_ = on;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) {
      state_.view.fullscreen = fullscreen_ = false;
      state_.set_message("fullscreen: no monitor found");
      return;
    }
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], std::max(windowed_[2], 640),
                         std::max(windowed_[3], 480), 0);
  }
}

void Gui::HandleKeys() {
  const ImGuiIO& io = ImGui::GetIO();
  // The file browser takes the arrows, Enter and Escape while it is open.
  if (io.WantTextInput || file_browser_ui_.open) return;
  ViewSettings& view = state_.view;
  auto pressed = [](int key, bool repeat) { return ImGui::IsKeyPressed(key, repeat); };
  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_Q, false)) requests_.quit = true;
    if (pressed(GLFW_KEY_O, false)) file_browser_ui_.open = true;
    if (pressed(GLFW_KEY_S, false)) {
      requests_.screenshot = "collscope-step" + std::to_string(state_.step()) + ".png";
    }
    return;
  }
  if (pressed(GLFW_KEY_SPACE, false)) {
    // During a trace replay Space plays and pauses the replay itself.
    TraceReplay& replay = state_.replay();
    if (replay.Active()) {
      replay.SetPlaying(!replay.playing());
    } else {
      state_.TogglePlaying();
    }
  }
  if (pressed(GLFW_KEY_RIGHT, true)) state_.StepForward();
  if (pressed(GLFW_KEY_LEFT, true)) state_.StepBack();
  if (pressed(GLFW_KEY_HOME, false)) state_.SeekStep(0);
  if (pressed(GLFW_KEY_END, false)) state_.SeekStep(state_.step_count());
  // Presentation clickers send PageDown / PageUp.
  if (pressed(GLFW_KEY_PAGE_DOWN, true)) state_.ClickerNext();
  if (pressed(GLFW_KEY_PAGE_UP, true)) state_.ClickerPrevious();
  if (pressed(GLFW_KEY_F11, false) || pressed(GLFW_KEY_F, false))
    view.fullscreen = !view.fullscreen;
  if (pressed(GLFW_KEY_KP_ADD, true) || (pressed(GLFW_KEY_EQUAL, true))) view.font_px += 2;
  if (pressed(GLFW_KEY_KP_SUBTRACT, true) || pressed(GLFW_KEY_MINUS, true)) view.font_px -= 2;
  if (pressed(GLFW_KEY_P, false)) view.presenter = !view.presenter;
  if (pressed(GLFW_KEY_F1, false)) view.panels.help = !view.panels.help;
  if (pressed(GLFW_KEY_ESCAPE, false)) {
    view.presenter = false;
    view.fullscreen = false;
  }
}

void Gui::DrawPanels() {
  FrameContext frame{state_, palette_, fonts_, record_, requests_};
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MousePos.x != last_mouse_.x || io.MousePos.y != last_mouse_.y) {
    if (last_mouse_.x >= 0) last_mouse_move_ = now_;
    last_mouse_ = io.MousePos;
  }
  const bool presenter = state_.view.presenter;
  const bool show_bar = presenter && now_ - last_mouse_move_ < kPresenterBarSeconds;
  // In presenter mode the menu bar too waits for the mouse.
  if (!presenter || show_bar) DrawMenuBar(frame);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  Rect work{viewport->WorkPos, viewport->WorkSize};
  // An import's progress or error takes a strip at the top, covering nothing.
  const TraceLoadProgress progress = loader_.Progress();
  const float banner = TraceBannerHeight(fonts_, progress, banner_ui_);
  if (banner > 0 && work.size.y > banner * 4) {
    DrawTraceBanner(frame, Rect{work.pos, ImVec2(work.size.x, banner)}, progress, banner_ui_);
    work.pos.y += banner;
    work.size.y -= banner;
  }
  // A trace's own picture in the centre has the room; the buffer table of
  // the schedule beside it keeps its smallest size.
  const bool trace_picture = HasTracePicture(state_) && state_.view.show_trace_picture;
  const int table_rows = trace_picture ? 1 : std::min(state_.config().ranks, 16);
  const Layout layout = ComputeLayout(work, state_.view, show_bar, fonts_.body_px, table_rows,
                                      BufferTableWidth(state_, fonts_));
  if (!layout.lesson.Empty()) DrawLessonPanel(frame, layout.lesson);
  if (!layout.controls.Empty()) DrawControls(frame, layout.controls, controls_ui_);
  Rect centre = layout.centre;
  if (state_.loaded_trace() && state_.trace_run() >= 0 && !centre.Empty()) {
    // docs/gui.md: with a trace loaded, its timeline runs along the bottom of
    // the centre, a row per rank, above the buffer table.
    const float rows = static_cast<float>(std::min(state_.loaded_trace()->RankCount(), 16));
    const float height = std::min(centre.size.y * 0.4f, (rows * 1.6f + 6.5f) * fonts_.body_px);
    centre.size.y -= height;
    DrawTimeline(
        frame,
        Rect{ImVec2(centre.pos.x, centre.pos.y + centre.size.y), ImVec2(centre.size.x, height)},
        timeline_ui_);
  } else if (HasKernelTimeline(state_) && !centre.Empty()) {
    // A per-rank profile: a lane per rank and stream of its NCCL kernels.
    IndexKernelLanes(*state_.loaded_trace(), kernel_timeline_ui_);
    const std::size_t lanes = kernel_timeline_ui_.lanes.lanes().size();
    const float rows = static_cast<float>(std::clamp<std::size_t>(lanes, 1, 16));
    const float height = std::min(centre.size.y * 0.45f, (rows * 1.6f + 6.5f) * fonts_.body_px);
    centre.size.y -= height;
    DrawKernelTimeline(
        frame,
        Rect{ImVec2(centre.pos.x, centre.pos.y + centre.size.y), ImVec2(centre.size.x, height)},
        kernel_timeline_ui_);
  }
  if (!centre.Empty()) DrawCentreView(frame, centre, tree_ui_, figure_ui_, trace_picture_ui_);
  if (!layout.table.Empty()) DrawBufferTable(frame, layout.table, table_ui_);
  if (!layout.cost.Empty()) DrawCostOverlay(frame, layout.cost, cost_ui_);
  if (!layout.presenter_bar.Empty()) DrawPresenterBar(frame, layout.presenter_bar);
  DrawHelpWindow(frame);
  DrawFileBrowser(frame, file_browser_ui_);
}

void Gui::OpenTraces(std::vector<std::string> paths) {
  if (paths.empty()) return;
  if (!loader_.Start(std::move(paths))) {
    banner_ui_.error = "still opening " + loader_.Progress().label + "; try again when it is done";
  }
}

void Gui::OnDrop(GLFWwindow* window, int count, const char** paths) {
  auto* gui = static_cast<Gui*>(glfwGetWindowUserPointer(window));
  if (gui == nullptr || count <= 0) return;
  // Files dropped together are imported together: Kineto's rank files merge
  // into one trace, as `collscope import A B` does.
  gui->OpenTraces(std::vector<std::string>(paths, paths + count));
}

void Gui::ShowLessonErrors() {
  const std::vector<std::string>& errors = state_.lesson_errors();
  banner_ui_.lesson.clear();
  if (errors.empty()) return;
  banner_ui_.lesson = errors.front();
  if (errors.size() > 1) {
    banner_ui_.lesson += " (and " + std::to_string(errors.size() - 1) + " more)";
  }
}

void Gui::ReloadLessons() {
  const std::size_t before = state_.lessons().size();
  state_.ReloadLessons();
  ShowLessonErrors();
  state_.set_message("lessons reloaded: " + std::to_string(state_.lessons().size()) + " (were " +
                     std::to_string(before) + ")");
}

void Gui::PollTraceLoader() {
  std::optional<TraceLoadResult> result = loader_.TakeResult();
  if (!result) return;
  if (!result->ok()) {
    banner_ui_.error = result->error;  // what was loaded stays loaded
    return;
  }
  std::string name;
  for (const std::string& path : result->paths) name += (name.empty() ? "" : ", ") + path;
  if (auto error = state_.AdoptTrace(std::move(result->trace), name)) {
    banner_ui_.error = *error;
    return;
  }
  banner_ui_.error.clear();
  banner_ui_.warning.clear();
  if (!result->warnings.empty()) {
    banner_ui_.warning = result->warnings.front();
    if (result->warnings.size() > 1) {
      banner_ui_.warning += " (and " + std::to_string(result->warnings.size() - 1) + " more)";
    }
  }
}

void Gui::Fail(const std::string& what) {
  ++failures_;
  std::fprintf(stderr, "collscope gui: script: %s\n", what.c_str());
}

void Gui::WalkAllNext() {
  // Called when the previous pair reached its end (or at the start).
  while (pair_index_ < pairs_.size()) {
    const auto& [collective, algorithm] = pairs_[pair_index_++];
    Config config;
    config.collective = collective;
    config.algorithm = algorithm;
    config.ranks = walk_all_ranks_;
    config.bytes = state_.config().bytes;
    if (auto error = state_.Load(config)) {
      const auto* info = engine::FindAlgorithm(algorithm);
      if (info && info->needs_power_of_two && !engine::IsPowerOfTwo(walk_all_ranks_)) {
        ++refused_;
        continue;
      }
      Fail(std::string(engine::CollectiveName(collective)) + " " + algorithm +
           " p=" + std::to_string(walk_all_ranks_) + ": " + *error);
      continue;
    }
    walking_ = true;
    ++walked_;
    return;
  }
  walking_all_ = false;
  std::printf("walk-all p=%d: %d pairs walked to the end, %d refused (need a power of two)\n",
              walk_all_ranks_, walked_, refused_);
}

void Gui::ScriptBeforeFrame() {
  ImGuiIO& io = ImGui::GetIO();
  if (mash_left_ > 0) {
    // A key a frame, each released as the next goes down: faster than any
    // hand, so a handler that assumes a quiet frame in between shows up.
    const std::vector<std::string> keys = ScriptKeyNames();
    if (release_key_ >= 0) io.KeysDown[release_key_] = false;
    mash_seed_ = mash_seed_ * 1103515245u + 12345u;
    release_key_ = GlfwKey(keys[(mash_seed_ >> 16) % keys.size()]);
    io.KeysDown[release_key_] = true;
    --mash_left_;
    return;
  }
  if (release_key_ >= 0) {
    io.KeysDown[release_key_] = false;
    release_key_ = -1;
    return;  // one frame with the key up before the next command
  }
  if (settle_ > 0) {
    --settle_;
    return;
  }
  if (capture_) return;  // captured after this frame renders
  if (waiting_for_load_) {
    if (loader_.Busy()) return;
    waiting_for_load_ = false;
  }
  if (wait_frames_ > 0) {
    --wait_frames_;
    return;
  }
  if (walking_) {
    if (!state_.AtEnd()) {
      state_.StepForward();
      return;
    }
    walking_ = false;
    const bool failed = !state_.message().empty();
    std::string verdict;
    if (!failed && state_.buffers()) {
      const engine::VerifyResult result = engine::VerifyFinalState(
          *state_.buffers(), state_.config().collective, state_.config().root);
      if (!result.ok) verdict = result.message;
    }
    if (failed || !verdict.empty()) {
      Fail(std::string(engine::CollectiveName(state_.config().collective)) + " " +
           state_.config().algorithm + " p=" + std::to_string(state_.config().ranks) + ": " +
           (failed ? state_.message() : verdict));
    }
    if (walking_all_) WalkAllNext();
    return;
  }
  while (next_ < script_.size()) {
    const ScriptCommand& command = script_[next_++];
    const std::string& verb = command.verb;
    const auto& args = command.args;
    if (verb == "key") {
      release_key_ = GlfwKey(args[0]);
      io.KeysDown[release_key_] = true;
      return;
    }
    if (verb == "step") {
      state_.SeekStep(std::stoll(args[0]));
      return;
    }
    if (verb == "open" || verb == "drop") {
      // `drop` is what the drop callback does with the same files.
      if (verb == "drop") {
        std::vector<const char*> paths;
        for (const std::string& path : args) paths.push_back(path.c_str());
        OnDrop(window_, static_cast<int>(paths.size()), paths.data());
      } else {
        OpenTraces(args);
      }
      return;
    }
    if (verb == "file-browser") {
      // File > Open at a folder (as Ctrl+O, then typing the folder).
      file_browser_ui_.open = true;
      file_browser_ui_.folder = args[0];
      file_browser_ui_.listed.clear();
      return;
    }
    if (verb == "wait-load") {
      waiting_for_load_ = true;
      return;
    }
    if (verb == "picture") {
      // The trace picture's switch: plot | model | choices | rings | trees,
      // and its channel; `schedule` is its button to the schedule's view.
      state_.view.show_trace_picture = args[0] != "schedule";
      trace_picture_ui_.picture = args[0] == "rings"     ? TracePicture::kRings
                                  : args[0] == "trees"   ? TracePicture::kTrees
                                  : args[0] == "model"   ? TracePicture::kNcclModel
                                  : args[0] == "choices" ? TracePicture::kTuning
                                                         : TracePicture::kBusbwPlot;
      if (args.size() > 1) trace_picture_ui_.channel = std::atoi(args[1].c_str());
      trace_picture_ui_.trace = state_.loaded_trace();  // a choice for this trace
      return;
    }
    if (verb == "iteration") {
      // The timeline's iteration choice: a run's iteration number, or `all`.
      if (args[0] == "all") {
        state_.ShowAllTraceRuns();
      } else if (const trace::Trace* loaded = state_.loaded_trace()) {
        for (int run : state_.TimedTraceRuns()) {
          if (std::to_string(loaded->runs[static_cast<std::size_t>(run)].iteration) == args[0]) {
            state_.ShowTraceRun(run);
          }
        }
      }
      return;
    }
    if (verb == "resize") {
      // Window managers allow a window of 1 x 1 and beyond the screen.
      glfwSetWindowSize(window_, std::clamp(std::atoi(args[0].c_str()), 1, 16384),
                        std::clamp(std::atoi(args[1].c_str()), 1, 16384));
      settle_ = kSettleFrames;
      return;
    }
    if (verb == "reload-lessons") {
      ReloadLessons();
      return;
    }
    if (verb == "mash") {
      mash_left_ = std::atoi(args[0].c_str());
      return;
    }
    if (verb == "load") {
      Config config = state_.config();
      const auto collective = engine::ParseCollective(args[0]);
      if (!collective) {
        Fail("load: unknown collective '" + args[0] + "'");
        continue;
      }
      config.collective = *collective;
      config.algorithm = args[1];
      if (args.size() > 2) config.ranks = std::atoi(args[2].c_str());
      config.root = 0;
      if (auto error = state_.Load(config)) Fail("load: " + *error);
      return;
    }
    if (verb == "lesson") {
      if (auto error = state_.OpenLesson(args[0])) Fail("lesson: " + *error);
      return;
    }
    if (verb == "scene") {
      const int scene = std::atoi(args[0].c_str());
      if (scene < 0 || scene >= state_.SceneCount()) {
        Fail("scene: the lesson has scenes 0.." + std::to_string(state_.SceneCount() - 1));
      } else {
        state_.OpenScene(scene);
      }
      return;
    }
    if (verb == "figure") {
      state_.view.show_figure = args[0] == "on";
      return;
    }
    if (verb == "walk") {
      walking_ = true;
      return;
    }
    if (verb == "walk-all") {
      walk_all_ranks_ = std::atoi(args[0].c_str());
      pairs_.clear();
      for (const auto& algorithm : engine::Algorithms()) {
        for (engine::Collective c : algorithm.collectives) {
          pairs_.push_back({c, std::string(algorithm.name)});
        }
      }
      pair_index_ = 0;
      walked_ = refused_ = 0;
      walking_all_ = true;
      WalkAllNext();
      return;
    }
    if (verb == "screenshot" || verb == "dump") {
      capture_ = command;
      settle_ = kSettleFrames;
      return;
    }
    if (verb == "wait") {
      wait_frames_ = std::atoi(args[0].c_str());
      return;
    }
    if (verb == "expect-final") {
      if (!state_.AtEnd()) {
        Fail("expect-final: at step " + std::to_string(state_.step()) + " of " +
             std::to_string(state_.step_count()));
      } else if (state_.buffers()) {
        const auto result = engine::VerifyFinalState(*state_.buffers(), state_.config().collective,
                                                     state_.config().root);
        if (!result.ok) Fail("expect-final: " + result.message);
      }
      continue;
    }
    if (verb == "presenter") {
      state_.view.presenter = args[0] == "on";
      return;
    }
    if (verb == "theme") {
      state_.view.theme = args[0] == "dark" ? Theme::kDark : Theme::kLight;
      return;
    }
    if (verb == "view") {
      state_.view.view = args[0] == "tree"   ? CentreView::kTree
                         : args[0] == "ring" ? CentreView::kRing
                                             : CentreView::kAuto;
      return;
    }
    if (verb == "panel") {
      // The View menu's switches: panel lesson|controls|centre|table|cost on|off.
      PanelVisibility& panels = state_.view.panels;
      bool* panel = args[0] == "lesson"     ? &panels.lesson
                    : args[0] == "controls" ? &panels.controls
                    : args[0] == "centre"   ? &panels.centre
                    : args[0] == "table"    ? &panels.table
                    : args[0] == "cost"     ? &panels.cost
                                            : nullptr;
      if (!panel) {
        Fail("panel: unknown panel '" + args[0] + "'");
      } else {
        *panel = args[1] == "on";
      }
      return;
    }
    if (verb == "animate") {
      state_.view.animate = args[0] == "on";
      continue;
    }
    if (verb == "play") {
      state_.SetPlaying(true);
      return;
    }
    if (verb.starts_with("replay-")) {
      // The timeline's replay: seek US (from the run's first event, as the
      // time axis counts), speed X, play, pause, stop.
      TraceReplay& replay = state_.replay();
      if (!replay.Attached()) {
        Fail(verb + ": no trace with per-step events is loaded");
        continue;
      }
      if (verb == "replay-seek") {
        replay.Seek(replay.index().first_ns() + std::llround(std::stod(args[0]) * 1e3));
      } else if (verb == "replay-speed") {
        replay.SetSpeed(ParseReplaySpeed(args[0]).value_or(replay.speed()));
      } else if (verb == "replay-play" || verb == "replay-pause") {
        replay.SetPlaying(verb == "replay-play");
      } else {
        replay.Stop();
      }
      return;
    }
  }
}

bool Gui::Capture(const std::string& verb, const std::string& path) {
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  if (verb == "screenshot") {
    if (auto error = SaveFramebufferPng(path, width, height)) {
      Fail("screenshot: " + *error);
      return false;
    }
    return true;
  }
  int window_w = 1;
  glfwGetWindowSize(window_, &window_w, nullptr);
  const float scale = window_w > 0 ? static_cast<float>(width) / window_w : 1.0f;
  if (!trace::WriteFileAtomically(path, StateJson(state_, record_, width, height, scale),
                                  {trace::WriteOptions::Gzip::kNo})
           .ok()) {
    Fail("dump: cannot write " + path);
    return false;
  }
  return true;
}

void Gui::ScriptAfterRender() {
  // Wait (a few seconds at most) for panels that compute over several frames.
  if (capture_ && settle_ == 0 && (!record_.pending_work || ++capture_waited_ > 600)) {
    capture_waited_ = 0;
    Capture(capture_->verb, capture_->args[0]);
    capture_.reset();
  }
}

int Gui::Run(std::vector<ScriptCommand> script) {
  script_ = std::move(script);
  const bool batch = IsBatchRun(options_);
  const bool bench = options_.bench_frames.has_value();
  std::vector<double> frame_ms;
  std::vector<double> build_ms;  // events + panels + ImGui::Render
  std::vector<double> draw_ms;   // OpenGL (llvmpipe rasterises here)
  std::size_t vertices = 0;      // ImGui vertices over all frames
  if (bench) frame_ms.reserve(static_cast<std::size_t>(*options_.bench_frames));
  glfwSwapInterval(batch ? 0 : 1);
  double previous = glfwGetTime();
  int bench_frame = -kSettleFrames;
  auto frame_start = std::chrono::steady_clock::now();
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, &Gui::OnDrop);

  while (!glfwWindowShouldClose(window_) && !requests_.quit) {
    const bool busy =
        batch || loader_.Busy() || state_.playing() || state_.StepAge() < 1.0 ||
        (state_.view.presenter && now_ - last_mouse_move_ < kPresenterBarSeconds + 0.2);
    if (busy) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.25);
    }
    now_ = glfwGetTime();
    const double dt = std::clamp(now_ - previous, 0.0, 0.25);
    previous = now_;

    ApplyViewSettings();
    PollTraceLoader();
    if (!script_.empty()) ScriptBeforeFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    HandleKeys();
    state_.Tick(dt);
    record_.Clear();
    DrawPanels();
    ImGui::Render();
    const auto built = std::chrono::steady_clock::now();

    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette_.background);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (!script_.empty()) ScriptAfterRender();
    if (requests_.screenshot) {
      if (auto error = SaveFramebufferPng(*requests_.screenshot, width, height)) {
        state_.set_message("screenshot: " + *error);
      } else {
        state_.set_message("saved " + *requests_.screenshot);
      }
      requests_.screenshot.reset();
    }
    if (requests_.reload_lessons) ReloadLessons();
    requests_.reload_lessons = false;
    if (requests_.show_file_browser) file_browser_ui_.open = true;
    requests_.show_file_browser = false;
    OpenTraces(std::move(requests_.open_trace));
    requests_.open_trace.clear();
    if (bench) {
      glFinish();
      const auto drawn = std::chrono::steady_clock::now();
      vertices += static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount);
      build_ms.push_back(std::chrono::duration<double, std::milli>(built - frame_start).count());
      draw_ms.push_back(std::chrono::duration<double, std::milli>(drawn - built).count());
    }
    glfwSwapBuffers(window_);

    if (bench) {
      const auto end = std::chrono::steady_clock::now();
      if (bench_frame >= 0) {
        frame_ms.push_back(std::chrono::duration<double, std::milli>(end - frame_start).count());
      }
      frame_start = end;
      ++bench_frame;
      // A trace's timeline pans and zooms (and its replay plays) as a user would.
      if (state_.loaded_trace()) BenchTimeline(state_, timeline_ui_, bench_frame);
      // Step every 30 frames so the chunk animation and the caches keep working.
      if (bench_frame > 0 && bench_frame % 30 == 0) {
        if (state_.AtEnd()) {
          state_.SeekStep(0);
        } else {
          state_.StepForward();
        }
      }
      if (bench_frame >= *options_.bench_frames) break;
      continue;
    }
    const bool script_done = next_ >= script_.size() && !walking_ && !walking_all_ && !capture_ &&
                             wait_frames_ == 0 && release_key_ < 0 && mash_left_ == 0 &&
                             !loader_.Busy() && !waiting_for_load_;
    if (batch && script_done) break;
  }

  if (bench && !frame_ms.empty()) {
    std::vector<double> sorted = frame_ms;
    std::sort(sorted.begin(), sorted.end());
    const double mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
    const double p99 = sorted[std::min(
        sorted.size() - 1, static_cast<std::size_t>(std::ceil(0.99 * sorted.size())) - 1)];
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    const Config& config = state_.config();
    std::printf(
        "bench-frames: %zu frames, %dx%d, %s %s p=%d: mean %.2f ms, p99 %.2f ms, max %.2f ms "
        "(%.1f fps) [%s]; of which UI %.2f ms, GL %.2f ms; %zu vertices a frame\n",
        sorted.size(), width, height,
        std::string(engine::CollectiveName(config.collective)).c_str(), config.algorithm.c_str(),
        config.ranks, mean, p99, sorted.back(), 1000.0 / mean,
        reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
        std::accumulate(build_ms.begin(), build_ms.end(), 0.0) / build_ms.size(),
        std::accumulate(draw_ms.begin(), draw_ms.end(), 0.0) / draw_ms.size(),
        vertices / std::max<std::size_t>(1, draw_ms.size()));
  }
  glfwSetDropCallback(window_, nullptr);
  glfwSetWindowUserPointer(window_, nullptr);
  return failures_ > 0 ? 1 : 0;
}

}  // namespace

int RunGui(const std::vector<std::string>& args) {
  GuiOptions options;
  std::vector<ScriptCommand> script;
  AppState state;
  try {
    options = ParseGuiOptions(args);
    if (options.help) {
      std::fputs(GuiUsage(), stdout);
      return 0;
    }
    if (options.script) script = ParseScript(*options.script);
    // Everything the command line asks for is checked before a window opens,
    // so bad flags fail the same way with and without a display.
    if (options.lesson_id) {
      if (auto error = state.OpenLesson(*options.lesson_id))
        throw cli::UsageError{"gui: " + *error};
    }
    if (options.setup || options.bytes || options.preset) {
      Config config = options.setup.value_or(state.config());
      if (options.bytes) config.bytes = *options.bytes;
      if (options.preset) config.preset = *options.preset;
      // -n or --preset alone keep the lesson and change its price inputs.
      const int lesson = options.setup ? -1 : state.lesson_index();
      if (auto error = state.Load(config, lesson)) throw cli::UsageError{"gui: " + *error};
    }
    if (options.trace) {
      if (auto error = state.LoadTrace(*options.trace))
        throw cli::UsageError{"gui: --trace: " + *error};
    }
    if (options.step) {
      if (*options.step > state.step_count()) {
        throw cli::UsageError{"gui: --step " + std::to_string(*options.step) +
                              " is past the last step (" + std::to_string(state.step_count()) +
                              ")"};
      }
      state.SeekStep(*options.step);
    }
  } catch (const cli::UsageError& error) {
    PrintUsageError(error);
    return 2;
  }
  if (options.screenshot) script.push_back({"screenshot", {*options.screenshot}});
  if (options.dump_state) script.push_back({"dump", {*options.dump_state}});

  state.view.theme = options.theme;
  state.view.presenter = options.presenter;
  state.view.animate =
      options.animate && !(options.screenshot || options.dump_state || options.script);
  if (options.view) state.view.view = *options.view;
  state.view.font_px =
      options.font_px.value_or(std::clamp(std::round(options.height / 54.0f), 14.0f, 24.0f));

  if (!glfwInit()) {
    const char* reason = nullptr;
    glfwGetError(&reason);
    std::fprintf(stderr,
                 "collscope gui: no display (%s); the GUI needs X11 with OpenGL 3.3 - "
                 "headless commands work without one: %s\n",
                 reason ? reason : "glfwInit failed", HeadlessCommands().c_str());
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "collscope", nullptr, nullptr);
  if (!window) {
    const char* reason = nullptr;
    glfwGetError(&reason);
    std::fprintf(stderr,
                 "collscope gui: no OpenGL 3.3 window (%s); headless commands work without "
                 "one: %s\n",
                 reason ? reason : "unknown reason", HeadlessCommands().c_str());
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed, nothing to save
  ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
  ImGui_ImplOpenGL3_Init("#version 330");

  int code = 0;
  {
    Gui gui(window, state, options);
    code = gui.Run(std::move(script));
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace collscope::gui
