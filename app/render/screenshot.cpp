#include "app/render/screenshot.h"

#include <GL/gl.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <vector>

// The implementation comes from Debian's libstb (linked through imgui's
// pkg-config libs), so it is not compiled here.
#include <stb_image_write.h>

namespace collscope::gui {

std::optional<std::string> SaveFramebufferPng(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "the window has no pixels to save";
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) return "reading the framebuffer failed";
  // The framebuffer is opaque; make the picture so too.
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  const std::string temporary = path + ".tmp";
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(temporary.c_str(), width, height, 4, pixels.data(), width * 4)) {
    std::remove(temporary.c_str());
    return "cannot write " + path;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return "cannot write " + path + ": " + error.message();
  }
  return std::nullopt;
}

}  // namespace collscope::gui
