#pragma once

// The per-rank partial file of a recording (docs/recording.md, "A rank that
// dies"): what one rank recorded, on disk as it goes, so that a rank killed
// mid-run (SIGKILL, out of memory, a lost node) loses only its last
// iteration. Written by kernels/rank_stream.cpp, merged by parser.cpp here.
// Plain text, one record a line, no JSON library needed on either side:
//
//   collscope-rank-partial 1 iteration=0000000003 step=0000000002 done=1 beat_ns=...
//   rank 2                      this file's rank
//   ranks 4                     the run's
//   pid 12345                   the process (a test kills it by this)
//   warmup 1                    iterations before the measured ones
//   steps 6                     steps per iteration
//   meta source mpi             meta fields (text to the end of the line,
//   meta host gpub001           backslash, newline and CR escaped)
//   extra mode "schedule"       meta extras: key, then its JSON text as is
//   machine 10.9 16             meta.machine: memcpy GB/s, cores
//   run allreduce ring 65536 float32
//   phase 1 reduce-scatter      step -> phase
//   s 0 1 2 3 1 2 0 16384 1200 5400
//       a step event: its 10 integers in trace/packed_event.h's order
//       (measured iteration, step, rank, ... t_end_ns; ns since the run's zero)
//   i 0 1000 90000              a measured iteration ended: start, end ns
//   end complete                the rank's loop ended (complete | stopped)
//
// The first line is rewritten in place (mapped into memory) before and
// after every step, and while a rank waits for a peer: the iteration and
// step it is in, whether that step is done, and the wall clock of its last
// sign of life. A killed process leaves its pages in the file, so the
// merge can tell which rank stopped first, and where.

#include <cstddef>
#include <string>
#include <string_view>

namespace collscope::trace::partial {

inline constexpr std::string_view kMagic = "collscope-rank-partial";
inline constexpr int kVersion = 1;

// Field widths of the progress line (fixed, so it can be rewritten in place).
inline constexpr int kIterationDigits = 10;
inline constexpr int kStepDigits = 10;
inline constexpr int kBeatDigits = 19;

// "OUT.rank3.partial" while the rank runs, "OUT.rank3" once its loop ended.
inline std::string PartialPath(const std::string& output, int rank) {
  return output + ".rank" + std::to_string(rank) + ".partial";
}
inline std::string FinalPath(const std::string& output, int rank) {
  return output + ".rank" + std::to_string(rank);
}

// Text to the end of a line: backslash, newline and carriage return escaped.
inline std::string EscapeLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out.push_back(c);
    }
  }
  return out;
}
inline std::string UnescapeLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char next = text[++i];
    out.push_back(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
  }
  return out;
}

}  // namespace collscope::trace::partial
