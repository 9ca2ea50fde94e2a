#include "app/trace_loader.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <new>
#include <utility>

#include "trace/importers/importer.h"

namespace collscope::gui {

namespace {

// Thrown from the progress callback to abandon a read when the window
// closes: trace::ImportFiles turns any exception into a failed result
// (registry.cpp), so this is the one hook that stops an import early.
struct Cancelled : std::exception {
  const char* what() const noexcept override { return "cancelled"; }
};

std::string Label(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string first = std::filesystem::path(paths.front()).filename().string();
  if (paths.size() == 1) return first;
  return first + " and " + std::to_string(paths.size() - 1) + " more";
}

}  // namespace

TraceLoader::~TraceLoader() {
  cancel_ = true;
  Join();
}

void TraceLoader::Join() {
  if (thread_.joinable()) thread_.join();
}

bool TraceLoader::Start(std::vector<std::string> paths) {
  if (busy_) return false;
  Join();
  std::vector<std::uint64_t> sizes;
  std::uint64_t total = 0;
  for (const std::string& path : paths) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    sizes.push_back(error ? 0 : static_cast<std::uint64_t>(size));
    total += sizes.back();
  }
  busy_ = true;
  done_ = false;
  cancel_ = false;
  bytes_read_ = 0;
  parsing_ = false;
  total_bytes_ = total;
  label_ = Label(paths);
  result_ = TraceLoadResult{};
  thread_ = std::thread(&TraceLoader::Import, this, std::move(paths), std::move(sizes));
  return true;
}

void TraceLoader::OnFileProgress(double fraction) {
  if (cancel_) throw Cancelled{};
  // trace/source.cpp reports 0..0.5 while one file is read and exactly 0.5
  // when it is read; ImportFiles reads every file before it parses any.
  const std::uint64_t size = file_index_ < sizes_.size() ? sizes_[file_index_] : 0;
  const double in_file = std::min(1.0, fraction * 2);
  bytes_read_ =
      bytes_before_file_ + static_cast<std::uint64_t>(in_file * static_cast<double>(size));
  if (fraction >= 0.5) {
    bytes_before_file_ += size;
    if (++file_index_ >= sizes_.size()) parsing_ = true;
  }
}

void TraceLoader::Import(std::vector<std::string> paths, std::vector<std::uint64_t> sizes) {
  sizes_ = std::move(sizes);
  file_index_ = 0;
  bytes_before_file_ = 0;
  TraceLoadResult result;
  result.paths = paths;
  try {
    trace::LoadLimits limits;
    limits.progress = [this](double fraction) { OnFileProgress(fraction); };
    auto imported = trace::ImportFiles(paths, "auto", limits);
    if (imported.ok()) {
      result.trace = std::make_shared<trace::Trace>(std::move(imported.value().trace));
      result.warnings = std::move(imported.value().warnings);
    } else {
      result.error = imported.error();
    }
  } catch (const std::bad_alloc&) {
    // ImportFiles catches its own; this is the copy into the shared trace.
    result.trace.reset();
    result.error = (paths.empty() ? std::string("trace") : paths.front()) + ": out of memory";
  }
  result_ = std::move(result);
  done_ = true;
}

TraceLoadProgress TraceLoader::Progress() const {
  TraceLoadProgress progress;
  progress.running = busy_;
  progress.label = label_;
  if (!busy_ || parsing_ || done_ || total_bytes_ == 0) return progress;
  progress.fraction = static_cast<double>(bytes_read_.load()) / static_cast<double>(total_bytes_);
  return progress;
}

std::optional<TraceLoadResult> TraceLoader::TakeResult() {
  if (!busy_ || !done_) return std::nullopt;
  Join();
  busy_ = false;
  return std::move(result_);
}

}  // namespace collscope::gui
