// Fuzzes the command line's byte-size parser: any text gives a finite,
// non-negative size or nothing.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/byte_size.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = collscope::engine::ParseByteSize(text);
  if (bytes && (!std::isfinite(*bytes) || *bytes < 0 || *bytes > std::ldexp(1.0, 60))) std::abort();
  return 0;
}
