#pragma once

#include <cstdint>
#include <vector>

namespace collscope::gui {

// An RGBA image on the GPU that a panel draws with ImGui::Image: one quad
// instead of thousands of rectangles (the p = 1024 buffer overview). Needs
// the OpenGL context current when updated and destroyed.
class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // Uploads width x height pixels, RGBA8, rows top to bottom.
  void Update(int width, int height, const std::vector<std::uint32_t>& rgba);
  // For ImGui::Image (the OpenGL3 backend's ImTextureID is the GL name).
  void* Id() const;
  bool Valid() const { return name_ != 0; }

 private:
  unsigned name_ = 0;
};

}  // namespace collscope::gui
