#include "app/render/texture.h"

#include <GL/gl.h>

#include <cstdint>

namespace collscope::gui {

Texture::~Texture() {
  if (name_ != 0) {
    const GLuint name = name_;
    glDeleteTextures(1, &name);
  }
}

void Texture::Update(int width, int height, const std::vector<std::uint32_t>& rgba) {
  if (name_ == 0) {
    GLuint name = 0;
    glGenTextures(1, &name);
    name_ = name;
  }
  glBindTexture(GL_TEXTURE_2D, name_);
  // Nearest: every texel is a block of cells, drawn as a crisp square.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
}

void* Texture::Id() const { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(name_)); }

}  // namespace collscope::gui
