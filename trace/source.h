#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "trace/result.h"

namespace collscope::trace {

// The text of one input file, decompressed when it was gzip. The string keeps
// spare capacity past its end so a SIMD JSON parser can read it in place.
struct SourceFile {
  std::string path;
  std::string text;
};

struct LoadLimits {
  // A .gz file may not expand past this (a gzip bomb stops here, not in the
  // allocator). 8 GiB by default.
  std::uint64_t max_decompressed_bytes = std::uint64_t{8} << 30;
  // Called now and then, on the loading thread, with the fraction done
  // (0..1): reading the file is the first half, parsing a collscope trace
  // the second. For a GUI's progress bar; may be empty.
  std::function<void(double fraction)> progress;
};

// Reads `path`, gunzipping it when it starts with the gzip magic bytes.
Result<SourceFile> LoadSource(const std::string& path, const LoadLimits& limits = {});
// Same, from bytes already in memory (tests, the GUI's drag-and-drop).
Result<SourceFile> SourceFromBytes(std::string path, std::string bytes,
                                   const LoadLimits& limits = {});

// "FILE:LINE:COL" for a byte offset into text (1-based line and column).
std::string Position(const std::string& path, std::string_view text, std::size_t offset);
// "FILE:LINE" for a 1-based line number.
std::string LinePosition(const std::string& path, std::size_t line);

// The first offset of a byte that cannot occur in a text trace (NUL or
// another control character besides tab, CR, LF, FF), or npos.
std::size_t FindBinaryByte(std::string_view text, std::size_t limit = 1 << 16);

}  // namespace collscope::trace
