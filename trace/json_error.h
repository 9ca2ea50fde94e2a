#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace collscope::trace {

// Where a JSON text stops being valid: byte offset and a short reason, found
// by a second, validating pass (nlohmann's SAX parser, no DOM). Used only on
// the error path, when the fast reader knows a text is malformed but not
// where. Returns false when the text is valid JSON after all.
bool LocateJsonError(std::string_view text, std::size_t& offset, std::string& reason);

}  // namespace collscope::trace
