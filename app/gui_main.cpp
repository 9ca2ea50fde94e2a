// The desktop GUI's main loop, in the shape of Dear ImGui's
// examples/example_glfw_opengl3/main.cpp (1.86): init -> loop (events,
// script, NewFrame, panels, Render, captures, benchmark) -> shutdown. The
// window behind GLFW is app/gui/glfw_window.cpp; the panels' arrangement
// app/gui/panel_set.cpp; the script app/gui/script_runner.cpp.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/gui.h"
#include "app/gui/display.h"
#include "app/gui/frame_bench.h"
#include "app/gui/glfw_window.h"
#include "app/gui/imports.h"
#include "app/gui/key_bindings.h"
#include "app/gui/panel_set.h"
#include "app/gui/script_runner.h"
#include "app/gui/startup.h"
#include "app/gui_options.h"
#include "app/render/screenshot.h"
#include "app/script.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace collscope::gui {

namespace {

void PrintUsageError(const cli::UsageError& error) {
  const std::string& m = error.message;
  std::fprintf(stderr, "%s%s\n", m.rfind("collscope", 0) == 0 ? "" : "collscope ", m.c_str());
}

// Frames until the window closes, Ctrl+Q, or a batch run's end. Returns the
// exit code: 1 when a scripted check failed.
int Loop(GLFWwindow* glfw_window, AppState& state, const GuiOptions& options,
         std::vector<ScriptCommand> script) {
  GlfwWindow window(glfw_window);
  Display display;
  PanelSet panels;
  Imports imports(state, panels.banner);
  imports.ShowLessonErrors();
  window.OnDrop(
      [&imports](std::vector<std::string> paths) { imports.OpenTraces(std::move(paths)); });
  ScriptRunner runner(std::move(script), ScriptTargets{state, panels, imports, window});
  std::optional<FrameBench> bench;
  if (options.bench_frames) bench.emplace(*options.bench_frames);
  const bool batch = IsBatchRun(options);
  FrameRecord record;
  Requests requests;
  glfwSwapInterval(batch ? 0 : 1);
  double previous = glfwGetTime();
  double now = previous;

  while (!glfwWindowShouldClose(glfw_window) && !requests.quit) {
    // Idle until an event unless something moves on its own.
    const bool busy = batch || imports.Busy() || state.playing() || state.StepAge() < 1.0 ||
                      (state.view.presenter &&
                       panels.MouseMovedWithin(now, PanelSet::kPresenterBarSeconds + 0.2));
    if (busy) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.25);
    }
    now = glfwGetTime();
    const double dt = std::clamp(now - previous, 0.0, 0.25);
    previous = now;

    display.Apply(state, window, batch);
    imports.Poll();
    runner.BeforeFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    HandleKeys(state, panels.file_browser, requests);
    state.Tick(dt);
    record.Clear();
    FrameContext frame{state, display.palette(), display.fonts(), record, requests};
    panels.Draw(frame, imports.Progress(), now);
    ImGui::Render();
    if (bench) bench->Built();

    const Window::Size size = window.FramebufferSize();
    glViewport(0, 0, size.width, size.height);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(display.palette().background);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    runner.AfterRender(record);
    if (requests.screenshot) {
      auto error = SaveFramebufferPng(*requests.screenshot, size.width, size.height);
      state.set_message(error ? "screenshot: " + *error : "saved " + *requests.screenshot);
      requests.screenshot.reset();
    }
    if (requests.reload_lessons) imports.ReloadLessons();
    requests.reload_lessons = false;
    if (requests.show_file_browser) panels.file_browser.open = true;
    requests.show_file_browser = false;
    imports.OpenTraces(std::move(requests.open_trace));
    requests.open_trace.clear();
    if (bench) {
      glFinish();
      bench->Drawn(static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount));
    }
    glfwSwapBuffers(glfw_window);

    if (bench) {
      if (!bench->FrameDone(state, panels.timeline)) break;
    } else if (batch && runner.Done()) {
      break;
    }
  }
  if (bench) {
    const Window::Size size = window.FramebufferSize();
    std::fputs(bench
                   ->Report(state, size.width, size.height,
                            reinterpret_cast<const char*>(glGetString(GL_RENDERER)))
                   .c_str(),
               stdout);
  }
  return runner.failures() > 0 ? 1 : 0;
}

// Why no window opened (`what`, GLFW's reason), and what works without one.
int NoWindow(const char* what, const char* fallback, const char* needs) {
  const char* reason = nullptr;
  glfwGetError(&reason);
  std::fprintf(stderr, "collscope gui: %s (%s); %sheadless commands work without one: %s\n", what,
               reason ? reason : fallback, needs, cli::CommandNames().c_str());
  return 2;
}

}  // namespace

int RunGui(const std::vector<std::string>& args) {
  GuiOptions options;
  std::vector<ScriptCommand> script;
  AppState state;
  try {
    options = ParseGuiOptions(args);
    if (options.help) {
      std::fputs(GuiUsage().c_str(), stdout);
      return 0;
    }
    if (options.script) script = ParseScript(*options.script);
    ApplyCommandLine(options, state);
  } catch (const cli::UsageError& error) {
    PrintUsageError(error);
    return 2;
  }
  if (options.screenshot) script.push_back({"screenshot", {*options.screenshot}});
  if (options.dump_state) script.push_back({"dump", {*options.dump_state}});

  if (!glfwInit()) {
    return NoWindow("no display", "glfwInit failed", "the GUI needs X11 with OpenGL 3.3 - ");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "collscope", nullptr, nullptr);
  if (!window) {
    const int code = NoWindow("no OpenGL 3.3 window", "unknown reason", "");
    glfwTerminate();
    return code;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, nothing to save
  ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
  ImGui_ImplOpenGL3_Init("#version 330");

  const int code = Loop(window, state, options, std::move(script));

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace collscope::gui
