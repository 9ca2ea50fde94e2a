#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trace/model.h"
#include "trace/result.h"
#include "trace/source.h"

namespace collscope::trace {

// What nccl-tests writes with -J FILE.json (NVIDIA/nccl-tests src/util.cu,
// JSON_FILE_VERSION 1 to 3): one document per run of one *_perf binary.
// The records keep the file's own units and spellings; the parser turns
// them into the model.

// One half of a result row: `out_of_place` or `in_place`
// (writeBenchmarkLineBody).
struct NcclTestsJsonHalf {
  std::size_t offset = 0;  // where the object starts, for messages
  double time_us = 0;      // "time", or "cpu_time" with -C 1
  bool cpu_time = false;
  double algbw_gbps = 0;
  double busbw_gbps = 0;
  std::optional<double> wrong;              // "nwrong": null when checking was off (-c 0)
  std::int64_t bitwise_different_bits = 0;  // v3 "bitwise" (-B), 0 when absent
};

// One element of `results` (writeBenchmarkLinePreamble ... Terminator).
struct NcclTestsJsonResult {
  std::size_t offset = 0;
  std::int64_t size = -1;
  std::int64_t count = -1;
  std::string type;
  std::string redop;
  std::int32_t root = -1;                         // written as a "%6i" string: "    -1"
  std::optional<NcclTestsJsonHalf> out_of_place;  // null for replays
  std::optional<NcclTestsJsonHalf> in_place;
  // -I 1 (writePerIterReport); skipped_iterations (v3, -K) is not kept.
  std::optional<IterationTimes> out_of_place_per_iter;
  std::optional<IterationTimes> in_place_per_iter;
  std::int32_t actual_iterations = -1;  // -1: the record was not terminated
};

// One element of config.devices (jsonRankInfo): the first "#  Rank" line of
// each process.
struct NcclTestsJsonDevice {
  std::int32_t rank = -1;
  std::int32_t group = 0;
  std::string hostname;
  std::int32_t device = -1;
  std::string device_info;  // the GPU name
};

struct NcclTestsJsonFile {
  std::int64_t version = -1;
  std::string start_time;
  std::string end_time;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::int64_t nccl_version = -1;  // NCCL_VERSION_CODE of the library
  bool has_config = false;
  std::int32_t nthreads = 1;
  std::int32_t ngpus = 1;
  std::int32_t iterations = 0;
  std::vector<NcclTestsJsonDevice> devices;
  bool has_results = false;
  std::vector<NcclTestsJsonResult> results;
  // writeResultFooter: absent when the run stopped before its end.
  bool has_footer = false;
  std::int64_t out_of_bounds = 0;
  std::string out_of_bounds_okay;  // "true" / "false"
  std::optional<double> avg_busbw_gbps;
  std::string avg_busbw_okay;  // "true" / "false" / "unchecked"
  std::vector<std::string> errors;
  // Findings while reading ("nan" values), one line each naming the place.
  std::vector<std::string> notes;
  // Set when the text stops being JSON inside or after `results` (the run
  // was killed while writing): where and why. The results before that
  // point are kept.
  std::optional<std::string> cut_short;
};

Result<NcclTestsJsonFile> TokenizeNcclTestsJson(SourceFile& file);

}  // namespace collscope::trace
