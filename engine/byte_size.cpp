#include "engine/byte_size.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace collscope::engine {

std::optional<double> ParseByteSize(std::string_view text) {
  std::size_t digits_end = 0;
  bool seen_digit = false, seen_point = false;
  while (digits_end < text.size()) {
    char c = text[digits_end];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
    ++digits_end;
  }
  if (!seen_digit || digits_end > 32) return std::nullopt;
  double number = std::strtod(std::string(text.substr(0, digits_end)).c_str(), nullptr);
  std::string_view suffix = text.substr(digits_end);
  struct Unit {
    std::string_view name;
    double factor;
  };
  static constexpr Unit kUnits[] = {
      {"", 1},
      {"B", 1},
      {"K", 1e3},
      {"KB", 1e3},
      {"M", 1e6},
      {"MB", 1e6},
      {"G", 1e9},
      {"GB", 1e9},
      {"T", 1e12},
      {"TB", 1e12},
      {"KiB", 1024.0},
      {"MiB", 1048576.0},
      {"GiB", 1073741824.0},
      {"TiB", 1099511627776.0},
  };
  for (const Unit& unit : kUnits) {
    if (suffix == unit.name) {
      double bytes = number * unit.factor;
      if (!std::isfinite(bytes) || bytes > std::ldexp(1.0, 60)) return std::nullopt;
      return bytes;
    }
  }
  return std::nullopt;
}

}  // namespace collscope::engine
