#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "trace/model.h"

namespace collscope::gui {

// What one import produced: the trace, or the importer's one-line error
// (file and position) when it failed.
struct TraceLoadResult {
  std::vector<std::string> paths;
  std::shared_ptr<trace::Trace> trace;  // null on error
  std::string error;
  std::vector<std::string> warnings;
  bool ok() const { return trace != nullptr; }
};

// Where a running import is, for the progress bar.
struct TraceLoadProgress {
  bool running = false;
  // Bytes read over the bytes of all files (0..1) while reading; nullopt
  // once every file is read and the importer parses, which tells nobody how
  // far it is (the bar then shows an indeterminate "parsing…").
  std::optional<double> fraction;
  std::string label;  // the file(s) being opened, for the banner
};

// Imports trace files on a thread of its own, so the window keeps drawing
// frames while a large trace is read and parsed. Several files are imported
// together into one trace, as `collscope import A B` does (Kineto rank files
// merge onto one time base). One import at a time; the GUI thread polls
// TakeResult() each frame and hands a finished trace to AppState.
class TraceLoader {
 public:
  TraceLoader() = default;
  TraceLoader(const TraceLoader&) = delete;
  TraceLoader& operator=(const TraceLoader&) = delete;
  // Cancels a running import (between reads) and joins its thread.
  ~TraceLoader();

  // Starts importing `paths`; false when an import is already running (the
  // new request is refused rather than queued, and the caller says so).
  bool Start(std::vector<std::string> paths);
  // True from Start() until TakeResult() has returned the result.
  bool Busy() const { return busy_; }
  TraceLoadProgress Progress() const;
  // The result once the import has finished (joining its thread), once;
  // nullopt while it runs or when nothing was started.
  std::optional<TraceLoadResult> TakeResult();

 private:
  void Import(std::vector<std::string> paths, std::vector<std::uint64_t> sizes);
  void OnFileProgress(double fraction);
  void Join();

  std::thread thread_;
  bool busy_ = false;  // GUI thread only
  std::atomic<bool> done_{false};
  std::atomic<bool> cancel_{false};
  // Progress written by the import thread and read by the GUI thread.
  std::atomic<std::uint64_t> bytes_read_{0};
  std::atomic<bool> parsing_{false};
  std::uint64_t total_bytes_ = 0;  // set before the thread starts
  // Import thread only: which file is being read and what came before it.
  std::size_t file_index_ = 0;
  std::uint64_t bytes_before_file_ = 0;
  std::vector<std::uint64_t> sizes_;
  std::string label_;  // set before the thread starts
  // Written by the import thread, read by the GUI thread after joining it.
  TraceLoadResult result_;
};

}  // namespace collscope::gui
