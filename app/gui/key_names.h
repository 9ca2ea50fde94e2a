#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace collscope::gui {

// A key a script can press by name ("right", "pagedown"), and its GLFW key
// code: the one place key names are spelled.
struct KeyName {
  std::string_view name;
  int key;
};

// The keys in the order a script's `mash` draws from.
std::span<const KeyName> KeyNames();

// The GLFW key code of `name`, or nothing for a name not in KeyNames().
std::optional<int> KeyCode(std::string_view name);

}  // namespace collscope::gui
