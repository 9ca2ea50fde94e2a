#pragma once

// One rank's recording streamed to its own file as it goes (the format:
// trace/importers/partial/format.h): step events buffered and written once
// per iteration, the progress line rewritten in place at every step. What
// a rank recorded up to its death stays on disk; `collscope import` merges
// the files of a run into one trace marked incomplete.

#include <cstdint>
#include <string>
#include <string_view>

#include "kernels/backend.h"
#include "kernels/plan.h"
#include "trace/model.h"

namespace collscope::kernels {

class RankStream {
 public:
  RankStream() = default;
  RankStream(const RankStream&) = delete;
  RankStream& operator=(const RankStream&) = delete;
  ~RankStream();

  // Starts OUTPUT.rankR.partial with the progress line and what the merge
  // needs to rebuild the run: `skeleton`'s meta (NewTrace) and the plan's
  // phases. Returns "" or one error line; on an error nothing is streamed.
  std::string Open(const RecordOptions& options, int rank, int ranks, const trace::Trace& skeleton,
                   const Plan& plan);
  bool IsOpen() const { return fd_ >= 0; }

  // The progress line: this rank is in `step` (1-based) of `iteration`
  // (counted from 0 with the warm-up), or has finished it.
  void Started(int iteration, std::int64_t step) { Progress(iteration, step, false); }
  void Finished(int iteration, std::int64_t step) { Progress(iteration, step, true); }
  // A sign of life while waiting for a peer (cheap: a clock read and a few
  // bytes into mapped memory; call it from a wait loop).
  void Heartbeat();

  // One step event of measured iteration `measured` (times in ns since the
  // run's clock zero), kept until Iteration() writes the iteration.
  void Event(int measured, const trace::StepEvent& event);
  // Measured iteration `measured` ended: its events and times go to disk.
  void Iteration(int measured, std::int64_t start_ns, std::int64_t end_ns);
  // The rank's loop ended (how: "complete" or "stopped"): a last line, and
  // the file is renamed to OUTPUT.rankR.
  void Close(std::string_view how);

  // Removes every rank's file, once the whole trace is written.
  static void RemoveAll(const std::string& output, int ranks);

 private:
  void Progress(int iteration, std::int64_t step, bool done);
  void Append(std::string_view text);

  int fd_ = -1;
  char* progress_ = nullptr;  // the first line, mapped
  std::size_t progress_size_ = 0;
  std::string path_;
  std::string final_path_;
  std::string pending_;  // this iteration's lines
};

}  // namespace collscope::kernels
