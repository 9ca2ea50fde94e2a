#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/gui/window.h"

struct GLFWwindow;

namespace collscope::gui {

// The desktop window: GLFW and the ImGui backends behind Window. While it
// lives it is the window's user pointer and receives its drops.
class GlfwWindow final : public Window {
 public:
  explicit GlfwWindow(GLFWwindow* window);
  ~GlfwWindow() override;
  GlfwWindow(const GlfwWindow&) = delete;
  GlfwWindow& operator=(const GlfwWindow&) = delete;

  // Files dropped together are handed over together.
  void OnDrop(std::function<void(std::vector<std::string>)> handler) {
    on_drop_ = std::move(handler);
  }

  Size FramebufferSize() const override;
  Size WindowSize() const override;
  float ContentScale() const override;
  bool SetFullscreen(bool on) override;
  void Resize(int width, int height) override;
  void Key(int key, bool down) override;
  void Drop(const std::vector<std::string>& paths) override;
  void RebuildFontsTexture() override;

 private:
  static void DropCallback(GLFWwindow* window, int count, const char** paths);

  GLFWwindow* window_;
  int windowed_[4] = {0, 0, 0, 0};  // position and size to return to from fullscreen
  std::function<void(std::vector<std::string>)> on_drop_;
};

}  // namespace collscope::gui
