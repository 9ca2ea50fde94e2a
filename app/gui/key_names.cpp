#include "app/gui/key_names.h"

#include <GLFW/glfw3.h>

#include <algorithm>

namespace collscope::gui {

namespace {

// The keys the GUI binds (app/gui/key_bindings.cpp) that a script needs.
// "plus" is the keypad's: the main row's + is Shift and =.
constexpr KeyName kKeyNames[] = {
    {"right", GLFW_KEY_RIGHT},    {"left", GLFW_KEY_LEFT},   {"space", GLFW_KEY_SPACE},
    {"home", GLFW_KEY_HOME},      {"end", GLFW_KEY_END},     {"pagedown", GLFW_KEY_PAGE_DOWN},
    {"pageup", GLFW_KEY_PAGE_UP}, {"plus", GLFW_KEY_KP_ADD}, {"minus", GLFW_KEY_MINUS},
    {"f11", GLFW_KEY_F11},        {"f", GLFW_KEY_F},         {"p", GLFW_KEY_P},
    {"f1", GLFW_KEY_F1},
};

}  // namespace

std::span<const KeyName> KeyNames() { return kKeyNames; }

std::optional<int> KeyCode(std::string_view name) {
  const auto* found = std::find_if(std::begin(kKeyNames), std::end(kKeyNames),
                                   [&](const KeyName& key) { return key.name == name; });
  if (found == std::end(kKeyNames)) return std::nullopt;
  return found->key;
}

}  // namespace collscope::gui
