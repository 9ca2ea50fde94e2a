#pragma once

#include <optional>
#include <string>

namespace collscope::gui {

// Reads the current OpenGL back buffer (call after rendering, before the
// swap) and writes it as a PNG. Writes to a temporary file and renames it, so
// a failure never leaves a partial picture. Returns the error, if any.
std::optional<std::string> SaveFramebufferPng(const std::string& path, int width, int height);

}  // namespace collscope::gui
