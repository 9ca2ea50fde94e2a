#pragma once

#include <string>

namespace collscope::gui {

// "850 ns", "12.3 µs", "4.56 ms", "1.23 s".
std::string FormatSeconds(double seconds);
// "64 MB", "1.5 GB", "512 B" (decimal units, as the lecture writes n).
std::string FormatBytes(double bytes);
// A factor of a closed form: "4", "0.8", "1.75".
std::string FormatFactor(double value);

}  // namespace collscope::gui
