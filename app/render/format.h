#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::gui {

// "850 ns", "12.3 µs", "4.56 ms", "1.23 s".
std::string FormatSeconds(double seconds);
// "64 MB", "1.5 GB", "512 B", "5 B" (decimal units, as the lecture writes n).
std::string FormatBytes(double bytes);
// A factor of a closed form: "4", "0.8", "1.75".
std::string FormatFactor(double value);
// β, time per byte, in the unit that gives 1-3 digits before the point:
// "12.5 ps/B", "1.00 ns/B", "1.00 s/B".
std::string FormatSecondsPerByte(double seconds_per_byte);
// A link's bandwidth: "80.0 GB/s", "1.00 B/s".
std::string FormatBandwidth(double bytes_per_second);
// "1 transfer", "3 transfers", "1 rank", "0 ranks".
std::string CountOf(long long count, std::string_view singular);

// Breaks `text` into lines no wider than `width` (as `measure` says) at
// spaces only, and never between a number and its unit ("4.00 ms",
// "0.875 ×"): ImGui's own wrapping also breaks after '.' and ',', which
// splits "4.00" into "4." and "00". A word wider than `width` keeps a line
// of its own.
std::vector<std::string> WrapLines(std::string_view text, float width,
                                   const std::function<float(std::string_view)>& measure);

}  // namespace collscope::gui
