#include "trace/source.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

namespace collscope::trace {
namespace {

// simdjson reads up to 64 bytes past the end of its input.
constexpr std::size_t kParserPadding = 64;

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

constexpr std::size_t kMaxCompressionRatio = 1000;

// Decompresses `compressed` into `out`; stops (successfully) once `out` holds
// `stop_after` bytes, when only the head is wanted.
Status Gunzip(const std::string& path, std::string_view compressed, const LoadLimits& limits,
              std::string& out, std::size_t stop_after = std::string::npos) {
  z_stream stream{};
  // 15 + 32: the largest window, and detect gzip or zlib headers.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    return Status::Failure(path + ": cannot start gzip decompression");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  out.clear();
  out.reserve(std::min<std::uint64_t>({compressed.size() * 4 + kParserPadding,
                                       limits.max_decompressed_bytes + kParserPadding,
                                       std::uint64_t{stop_after}}));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), 1u << 30));
  std::size_t fed = stream.avail_in;
  constexpr std::size_t kChunk = 1 << 18;
  for (;;) {
    const std::size_t old_size = out.size();
    // Text traces compress 5-20 times; past 64 MiB, a ratio over 1000 is a
    // gzip bomb, so stop before filling memory with it.
    if (old_size > (std::size_t{64} << 20) &&
        old_size / std::max<std::size_t>(stream.total_in, 1) > kMaxCompressionRatio) {
      return Status::Failure(
          path + ": byte " + std::to_string(stream.total_in) + ": gzip data expands more than " +
          std::to_string(kMaxCompressionRatio) + " times (a gzip bomb?), stopped at " +
          std::to_string(old_size) + " bytes");
    }
    if (old_size >= limits.max_decompressed_bytes) {
      return Status::Failure(path + ": byte " + std::to_string(stream.total_in) +
                             ": gzip data expands past the limit of " +
                             std::to_string(limits.max_decompressed_bytes) + " bytes");
    }
    out.resize(old_size + kChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + old_size);
    stream.avail_out = static_cast<uInt>(kChunk);
    const int rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(old_size + (kChunk - stream.avail_out));
    if (out.size() >= stop_after) {
      out.resize(stop_after);
      return Status::Ok();
    }
    if (stream.avail_in == 0 && fed < compressed.size()) {
      const std::size_t more = std::min<std::size_t>(compressed.size() - fed, 1u << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + fed));
      stream.avail_in = static_cast<uInt>(more);
      fed += more;
    }
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (gzip a >> b.gz) continue; anything else
      // after the end is ignored, as gzip itself does.
      const std::size_t consumed = fed - stream.avail_in;
      if (consumed < compressed.size() && IsGzip(compressed.substr(consumed))) {
        inflateReset(&stream);
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      return Status::Failure(path + ": byte " + std::to_string(compressed.size()) +
                             ": gzip data is truncated");
    }
    if (rc == Z_BUF_ERROR) continue;
    return Status::Failure(
        path + ": byte " + std::to_string(stream.total_in) + ": corrupt gzip data (" +
        (stream.msg != nullptr ? stream.msg : "error " + std::to_string(rc)) + ")");
  }
  if (out.size() > limits.max_decompressed_bytes) {
    return Status::Failure(path + ": gzip data expands past the limit of " +
                           std::to_string(limits.max_decompressed_bytes) + " bytes");
  }
  out.reserve(out.size() + kParserPadding);
  return Status::Ok();
}

}  // namespace

// Editors on Windows start UTF-8 files with a byte order mark; it is not
// part of the text.
void DropByteOrderMark(std::string& text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
}

Result<SourceFile> SourceFromBytes(std::string path, std::string bytes, const LoadLimits& limits) {
  if (IsGzip(bytes)) {
    SourceFile file;
    file.path = std::move(path);
    Status status = Gunzip(file.path, bytes, limits, file.text);
    if (!status.ok()) return Result<SourceFile>::Failure(status.error);
    DropByteOrderMark(file.text);
    return file;
  }
  DropByteOrderMark(bytes);
  bytes.reserve(bytes.size() + kParserPadding);
  return SourceFile{std::move(path), std::move(bytes)};
}

namespace {

// Reads `path`, or its first `limit` bytes; progress (when given) hears of
// the whole file being read.
Result<std::string> ReadBytes(const std::string& path, std::size_t limit,
                              const std::function<void(double fraction)>* progress) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Result<std::string>::Failure(path + ": cannot open: " + std::strerror(errno));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(file, std::fclose);
  std::string bytes;
  std::size_t expected = 0;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    const long size = std::ftell(file);
    if (size > 0) expected = std::min(static_cast<std::size_t>(size), limit);
    bytes.reserve(expected + kParserPadding);
    std::fseek(file, 0, SEEK_SET);
  }
  const bool report = progress != nullptr && *progress && expected > 0;
  char buffer[1 << 16];
  std::size_t since_report = 0;
  while (bytes.size() < limit) {
    const std::size_t want = std::min(sizeof buffer, limit - bytes.size());
    const std::size_t got = std::fread(buffer, 1, want, file);
    bytes.append(buffer, got);
    since_report += got;
    if (report && since_report >= (std::size_t{16} << 20)) {
      since_report = 0;
      (*progress)(0.5 * static_cast<double>(bytes.size()) / static_cast<double>(expected));
    }
    if (got < want) break;
  }
  if (progress != nullptr && *progress) (*progress)(0.5);
  if (std::ferror(file)) {
    return Result<std::string>::Failure(path + ": read error: " + std::strerror(errno));
  }
  return bytes;
}

Result<SourceFile> LoadSourceUnguarded(const std::string& path, const LoadLimits& limits) {
  Result<std::string> bytes = ReadBytes(path, std::string::npos, &limits.progress);
  if (!bytes.ok()) return Result<SourceFile>::Failure(bytes.error());
  return SourceFromBytes(path, std::move(*bytes), limits);
}

// A gzip member's header may carry a file name and a comment; a MiB of
// compressed bytes holds the first 64 KiB of text in any real file.
constexpr std::size_t kCompressedHeadBytes = std::size_t{1} << 20;
constexpr std::size_t kByteOrderMarkBytes = 3;

Result<SourceFile> LoadSourceHeadUnguarded(const std::string& path, std::size_t bytes,
                                           const LoadLimits& limits) {
  const std::size_t want = bytes + kByteOrderMarkBytes;
  Result<std::string> head = ReadBytes(path, want, nullptr);
  if (head.ok() && IsGzip(*head)) head = ReadBytes(path, kCompressedHeadBytes, nullptr);
  if (!head.ok()) return Result<SourceFile>::Failure(head.error());
  SourceFile file;
  file.path = path;
  if (IsGzip(*head)) {
    Status status = Gunzip(path, *head, limits, file.text, want);
    if (!status.ok()) {
      // Cut short by the read above, or damaged: the whole file says which.
      if (head->size() < kCompressedHeadBytes) return Result<SourceFile>::Failure(status.error);
      Result<SourceFile> whole = LoadSourceUnguarded(path, limits);
      if (!whole.ok()) return whole;
      file.text = std::move(whole->text);
    }
  } else {
    file.text = std::move(*head);
  }
  DropByteOrderMark(file.text);
  if (file.text.size() > bytes) file.text.resize(bytes);
  return file;
}

}  // namespace

Result<SourceFile> LoadSource(const std::string& path, const LoadLimits& limits) {
  try {
    return LoadSourceUnguarded(path, limits);
  } catch (const std::bad_alloc&) {
    return Result<SourceFile>::Failure(path + ": out of memory while reading the file");
  }
}

Result<SourceFile> LoadSourceHead(const std::string& path, std::size_t bytes,
                                  const LoadLimits& limits) {
  try {
    return LoadSourceHeadUnguarded(path, bytes, limits);
  } catch (const std::bad_alloc&) {
    return Result<SourceFile>::Failure(path + ": out of memory while reading the file");
  }
}

Status CheckText(const SourceFile& file) {
  const std::string_view head = std::string_view(file.text).substr(0, 1 << 16);
  if (head.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Failure(file.path + ":1: empty file");
  }
  if (const std::size_t binary = FindBinaryByte(head); binary != std::string_view::npos) {
    return Status::Failure(Position(file.path, file.text, binary) + " (byte " +
                           std::to_string(binary) + "): binary data, not a text trace");
  }
  return Status::Ok();
}

SourceFiles::SourceFiles(std::vector<std::string> paths, LoadLimits limits)
    : paths_(std::move(paths)), limits_(std::move(limits)) {}

SourceFiles::SourceFiles(std::vector<SourceFile>& loaded) : loaded_(&loaded) {
  for (const SourceFile& file : loaded) paths_.push_back(file.path);
}

Result<SourceFile> SourceFiles::Take(std::size_t index) {
  Result<SourceFile> file =
      loaded_ != nullptr
          ? Result<SourceFile>(SourceFile{paths_[index], std::move((*loaded_)[index].text)})
          : LoadSource(paths_[index], limits_);
  if (!file.ok()) return file;
  if (Status status = CheckText(*file); !status.ok()) {
    return Result<SourceFile>::Failure(status.error);
  }
  return file;
}

Result<std::vector<SourceFile>> SourceFiles::TakeAll() {
  std::vector<SourceFile> files;
  for (std::size_t i = 0; i < size(); ++i) {
    Result<SourceFile> file = Take(i);
    if (!file.ok()) return Result<std::vector<SourceFile>>::Failure(file.error());
    files.push_back(std::move(*file));
  }
  return files;
}

std::string Position(const std::string& path, std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

std::string LinePosition(const std::string& path, std::size_t line) {
  return path + ":" + std::to_string(line);
}

std::size_t FindBinaryByte(std::string_view text, std::size_t limit) {
  const std::size_t end = std::min(text.size(), limit);
  for (std::size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return i;
  }
  return std::string_view::npos;
}

}  // namespace collscope::trace
