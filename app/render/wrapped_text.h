#pragma once

#include <string>

namespace collscope::gui {

// ImGui::TextWrapped that never breaks inside a number or between a number
// and its unit (format.h WrapLines): one TextUnformatted per line, wrapped
// to the content region's width.
void TextWrappedWhole(const std::string& text);

}  // namespace collscope::gui
