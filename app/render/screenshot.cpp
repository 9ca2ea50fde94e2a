#include "app/render/screenshot.h"

#include <GL/gl.h>

#include <cstdint>
#include <string>
#include <vector>

// The implementation comes from Debian's libstb (linked through imgui's
// pkg-config libs), so it is not compiled here.
#include <stb_image_write.h>

#include "trace/writer.h"

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
  stbi_flip_vertically_on_write(1);
  std::string png;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 4, pixels.data(), width * 4)) {
    return "cannot write " + path;
  }
  // One way to replace a file atomically in the project (trace/writer.h).
  const trace::Status written =
      trace::WriteFileAtomically(path, png, {trace::WriteOptions::Gzip::kNo});
  if (!written.ok()) return "cannot write " + written.error;
  return std::nullopt;
}

}  // namespace collscope::gui
