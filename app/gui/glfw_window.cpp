#include "app/gui/glfw_window.h"

#include <GLFW/glfw3.h>

#include <algorithm>

#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace collscope::gui {

GlfwWindow::GlfwWindow(GLFWwindow* window) : window_(window) {
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, &GlfwWindow::DropCallback);
}

GlfwWindow::~GlfwWindow() {
  glfwSetDropCallback(window_, nullptr);
  glfwSetWindowUserPointer(window_, nullptr);
}

Window::Size GlfwWindow::FramebufferSize() const {
  Size size;
  glfwGetFramebufferSize(window_, &size.width, &size.height);
  return size;
}

Window::Size GlfwWindow::WindowSize() const {
  Size size;
  glfwGetWindowSize(window_, &size.width, &size.height);
  return size;
}

float GlfwWindow::ContentScale() const {
  float scale_x = 1;
  float scale_y = 1;
  glfwGetWindowContentScale(window_, &scale_x, &scale_y);
  return scale_y;
}

bool GlfwWindow::SetFullscreen(bool on) {
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return false;
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], std::max(windowed_[2], 640),
                         std::max(windowed_[3], 480), 0);
  }
  return true;
}

void GlfwWindow::Resize(int width, int height) { glfwSetWindowSize(window_, width, height); }

void GlfwWindow::Key(int key, bool down) {
  // The backend's own key callback (imgui_impl_glfw.cpp, 1.86: it writes
  // io.KeysDown and the modifiers; from 1.87 it calls io.AddKeyEvent), so a
  // scripted key takes the path a real one does, whatever the ImGui version.
  ImGui_ImplGlfw_KeyCallback(window_, key, /*scancode=*/0, down ? GLFW_PRESS : GLFW_RELEASE,
                             /*mods=*/0);
}

void GlfwWindow::Drop(const std::vector<std::string>& paths) {
  std::vector<const char*> names;
  names.reserve(paths.size());
  for (const std::string& path : paths) names.push_back(path.c_str());
  DropCallback(window_, static_cast<int>(names.size()), names.data());
}

void GlfwWindow::RebuildFontsTexture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlfwWindow::DropCallback(GLFWwindow* window, int count, const char** paths) {
  auto* self = static_cast<GlfwWindow*>(glfwGetWindowUserPointer(window));
  if (self == nullptr || count <= 0 || !self->on_drop_) return;
  // Files dropped together are imported together: Kineto's rank files merge
  // into one trace, as `collscope import A B` does.
  self->on_drop_(std::vector<std::string>(paths, paths + count));
}

}  // namespace collscope::gui
