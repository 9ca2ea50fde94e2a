#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

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
// The first `bytes` bytes of the text (decompressed, without its byte order
// mark), read without reading the rest: what sniffers and CheckText look at.
// Reports no progress.
Result<SourceFile> LoadSourceHead(const std::string& path, std::size_t bytes,
                                  const LoadLimits& limits = {});

// The one check that a file holds text, with one wording, made by the
// format detection and on every file an importer takes: an empty file (only
// whitespace) is "FILE:1: empty file", and a NUL or another control byte in
// the first 64 KiB is "FILE:LINE:COL (byte N): binary data, not a text trace".
Status CheckText(const SourceFile& file);

// The files of one import, handed to the importer one at a time: a file is
// read (and checked with CheckText) when the importer takes it, so an
// importer that lets each text go before taking the next holds one text at a
// time, however many files there are (issue 12: 8 Kineto files of 200 MB).
class SourceFiles {
 public:
  // Files on disk, read when taken.
  SourceFiles(std::vector<std::string> paths, LoadLimits limits);
  // Texts already in memory (tests, fuzzers): taking one moves its text out.
  SourceFiles(std::vector<SourceFile>& loaded);  // NOLINT: implicit by design

  std::size_t size() const { return paths_.size(); }
  const std::string& path(std::size_t index) const { return paths_[index]; }
  // File `index`, read now; the caller owns its text.
  Result<SourceFile> Take(std::size_t index);
  // Every file at once, for the formats whose parser keeps views into all
  // the texts (the text logs, small by nature).
  Result<std::vector<SourceFile>> TakeAll();

 private:
  std::vector<std::string> paths_;
  LoadLimits limits_;
  std::vector<SourceFile>* loaded_ = nullptr;
};

// "FILE:LINE:COL" for a byte offset into text (1-based line and column).
std::string Position(const std::string& path, std::string_view text, std::size_t offset);
// "FILE:LINE" for a 1-based line number.
std::string LinePosition(const std::string& path, std::size_t line);

// The first offset of a byte that cannot occur in a text trace (NUL or
// another control character besides tab, CR, LF, FF), or npos.
std::size_t FindBinaryByte(std::string_view text, std::size_t limit = 1 << 16);

}  // namespace collscope::trace
