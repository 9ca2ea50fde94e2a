#pragma once

#include <optional>
#include <string_view>

namespace collscope::engine {

// Parses a byte size with an optional suffix: K M G T (10^3...) or KiB MiB
// GiB TiB (2^10...), B allowed: "1024", "64M", "64MiB", "1.5G". Returns
// nullopt for anything else and for NaN, infinite or absurd (> 2^60) sizes.
std::optional<double> ParseByteSize(std::string_view text);

}  // namespace collscope::engine
