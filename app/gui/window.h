#pragma once

#include <string>
#include <vector>

namespace collscope::gui {

// What the loop's helpers (the display settings, the script) ask of the
// window. GlfwWindow (app/gui/glfw_window.h) is the desktop's; a test can
// stand in its own.
class Window {
 public:
  struct Size {
    int width = 0;
    int height = 0;
  };
  virtual ~Window() = default;

  virtual Size FramebufferSize() const = 0;  // pixels
  virtual Size WindowSize() const = 0;       // screen coordinates
  virtual float ContentScale() const = 0;    // the monitor's vertical HiDPI scale
  // False when there is no monitor to fill.
  virtual bool SetFullscreen(bool on) = 0;
  virtual void Resize(int width, int height) = 0;
  // A key goes down or up the way a keyboard's does: through the ImGui
  // backend's key event, so ImGui sees it on the next NewFrame.
  virtual void Key(int key, bool down) = 0;
  // Files arrive the way a drop on the window brings them.
  virtual void Drop(const std::vector<std::string>& paths) = 0;
  // The font atlas changed: upload it again.
  virtual void RebuildFontsTexture() = 0;
};

}  // namespace collscope::gui
