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

Status Gunzip(const std::string& path, std::string_view compressed, const LoadLimits& limits,
              std::string& out) {
  z_stream stream{};
  // 15 + 32: the largest window, and detect gzip or zlib headers.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    return Status::Failure(path + ": cannot start gzip decompression");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  out.clear();
  out.reserve(std::min<std::uint64_t>(compressed.size() * 4 + kParserPadding,
                                      limits.max_decompressed_bytes + kParserPadding));
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

Result<SourceFile> LoadSourceUnguarded(const std::string& path, const LoadLimits& limits) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Result<SourceFile>::Failure(path + ": cannot open: " + std::strerror(errno));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(file, std::fclose);
  std::string bytes;
  std::size_t expected = 0;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    const long size = std::ftell(file);
    if (size > 0) expected = static_cast<std::size_t>(size);
    bytes.reserve(expected + kParserPadding);
    std::fseek(file, 0, SEEK_SET);
  }
  char buffer[1 << 16];
  std::size_t since_report = 0;
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file);
    bytes.append(buffer, got);
    since_report += got;
    if (limits.progress && expected > 0 && since_report >= (std::size_t{16} << 20)) {
      since_report = 0;
      limits.progress(0.5 * static_cast<double>(bytes.size()) / static_cast<double>(expected));
    }
    if (got < sizeof buffer) break;
  }
  if (limits.progress) limits.progress(0.5);
  if (std::ferror(file)) {
    return Result<SourceFile>::Failure(path + ": read error: " + std::strerror(errno));
  }
  return SourceFromBytes(path, std::move(bytes), limits);
}

}  // namespace

Result<SourceFile> LoadSource(const std::string& path, const LoadLimits& limits) {
  try {
    return LoadSourceUnguarded(path, limits);
  } catch (const std::bad_alloc&) {
    return Result<SourceFile>::Failure(path + ": out of memory while reading the file");
  }
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
