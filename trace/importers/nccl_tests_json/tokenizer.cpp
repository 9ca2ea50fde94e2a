#include "trace/importers/nccl_tests_json/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

#include "trace/importers/text_lines.h"
#include "trace/json_error.h"
#include "trace/ondemand.h"

namespace collscope::trace {
namespace {

class Tokenizer : public OndemandReader {
 public:
  explicit Tokenizer(SourceFile& file) : OndemandReader(file), file_(file) {}

  bool Run(NcclTestsJsonFile& out) {
    od::object root;
    if (!Start(root, "expected a JSON object (nccl-tests -J output)")) return false;
    return Fields(root, "document", [&](std::string_view key, od::value value) {
      if (key == "version") return Int64(value, out.version, key);
      if (key == "start_time") return String(value, out.start_time, key);
      if (key == "end_time") return String(value, out.end_time, key);
      if (key == "args") return Strings(value, out.args, key);
      if (key == "env") return Strings(value, out.env, key);
      if (key == "nccl_version") return Int64(value, out.nccl_version, key);
      if (key == "config") {
        out.has_config = true;
        return Config(value, out);
      }
      if (key == "results") {
        out.has_results = true;
        return Elements(value, "results", [&](od::value item) {
          NcclTestsJsonResult result;
          if (!ResultRecord(item, result, out)) return false;
          out.results.push_back(std::move(result));
          return true;
        });
      }
      if (key == "out_of_bounds") {
        out.has_footer = true;
        return Fields(value, key, [&](std::string_view name, od::value item) {
          if (name == "count") return Int64(item, out.out_of_bounds, name);
          if (name == "okay") return String(item, out.out_of_bounds_okay, name);
          return true;
        });
      }
      if (key == "average_bus_bandwidth") {
        out.has_footer = true;
        return Fields(value, key, [&](std::string_view name, od::value item) {
          if (name == "bandwidth") return Number(item, out.avg_busbw_gbps.emplace(), name, out);
          if (name == "okay") return String(item, out.avg_busbw_okay, name);
          return true;
        });
      }
      if (key == "errors") return Strings(value, out.errors, key);
      return true;  // keys of later versions
    });
  }

 private:
  bool Strings(od::value& value, std::vector<std::string>& out, std::string_view what) {
    return Elements(value, what, [&](od::value item) {
      return String(item, out.emplace_back(), std::string(what) + "[]");
    });
  }

  // util.cu jsonDouble writes NaN as the string "nan" (and "%lf" for the
  // rest); the value then reads as 0 with a note naming the place.
  bool Number(od::value& value, double& out, std::string_view what, NcclTestsJsonFile& file) {
    const std::size_t offset = CurrentOffset();
    if (!NumberOrNan(value, out, what)) return false;
    if (std::isnan(out)) {
      out = 0;
      // The first few by place; a file of NaNs is not worth more lines.
      if (++nan_values_ <= kNotesShown) {
        file.notes.push_back(Position(file_.path, file_.text, offset) + ": " + std::string(what) +
                             " is \"nan\" (how nccl-tests writes NaN); read as 0");
      }
      return true;
    }
    if (!std::isfinite(out)) return FailAt(offset, std::string(what) + " is out of range");
    return true;
  }

  bool Config(od::value& value, NcclTestsJsonFile& out) {
    return Fields(value, "config", [&](std::string_view key, od::value item) {
      if (key == "nthreads")
        return Int32(item, out.nthreads, key) && NotNegative(out.nthreads, key);
      if (key == "ngpus") return Int32(item, out.ngpus, key) && NotNegative(out.ngpus, key);
      if (key == "iterations") return Int32(item, out.iterations, key);
      if (key == "devices") {
        return Elements(item, "devices", [&](od::value device) {
          NcclTestsJsonDevice& entry = out.devices.emplace_back();
          return Fields(device, "devices[]", [&](std::string_view name, od::value field) {
            if (name == "rank") return Int32(field, entry.rank, name);
            if (name == "group") return Int32(field, entry.group, name);
            if (name == "hostname") return String(field, entry.hostname, name);
            if (name == "device") return Int32(field, entry.device, name);
            if (name == "device_info") return String(field, entry.device_info, name);
            return true;
          });
        });
      }
      return true;
    });
  }

  bool ResultRecord(od::value& value, NcclTestsJsonResult& result, NcclTestsJsonFile& file) {
    result.offset = CurrentOffset();
    return Fields(value, "results[]", [&](std::string_view key, od::value item) {
      if (key == "size") return Int64(item, result.size, key) && NotNegative(result.size, key);
      if (key == "count") return Int64(item, result.count, key) && NotNegative(result.count, key);
      if (key == "type") return String(item, result.type, key);
      if (key == "redop") return String(item, result.redop, key);
      if (key == "root") return Root(item, result.root);
      if (key == "out_of_place" || key == "in_place") {
        auto& half = key == "out_of_place" ? result.out_of_place : result.in_place;
        bool null = false;
        if (!IsNull(item, null, key)) return false;
        if (null) return true;  // writeBenchMarkLineNullBody
        return Half(item, half.emplace(), key, file);
      }
      if (key == "out_of_place_per_iter" || key == "in_place_per_iter") {
        auto& times = key == "out_of_place_per_iter" ? result.out_of_place_per_iter
                                                     : result.in_place_per_iter;
        return PerIteration(item, times.emplace(), key, file);
      }
      if (key == "actual_iterations") return Int32(item, result.actual_iterations, key);
      return true;
    });
  }

  // writeBenchmarkLinePreamble: sprintf(rootName, "%6i", root), written as a
  // string; other writers may write a number.
  bool Root(od::value& value, std::int32_t& root) {
    od::json_type type;
    if (auto error = value.type().get(type); error) return Fail(error, "root");
    if (type != od::json_type::string) return Int32(value, root, "root");
    const std::size_t offset = CurrentOffset();
    std::string text;
    if (!String(value, text, "root")) return false;
    std::int64_t number = 0;
    if (!ParseInt64(Trim(text), number) || number < std::numeric_limits<std::int32_t>::min() ||
        number > std::numeric_limits<std::int32_t>::max()) {
      return FailAt(offset, "root is \"" + text + "\", not a rank");
    }
    root = static_cast<std::int32_t>(number);
    return true;
  }

  bool Half(od::value& value, NcclTestsJsonHalf& half, std::string_view what,
            NcclTestsJsonFile& file) {
    half.offset = CurrentOffset();
    const std::string prefix = std::string(what) + ".";
    return Fields(value, what, [&](std::string_view key, od::value item) {
      if (key == "time" || key == "cpu_time") {
        half.cpu_time = key == "cpu_time";
        return Number(item, half.time_us, prefix + std::string(key), file);
      }
      if (key == "alg_bw") return Number(item, half.algbw_gbps, prefix + "alg_bw", file);
      if (key == "bus_bw") return Number(item, half.busbw_gbps, prefix + "bus_bw", file);
      if (key == "nwrong") {
        bool null = false;
        if (!IsNull(item, null, key)) return false;
        if (null) return true;  // validation off
        return Number(item, half.wrong.emplace(), prefix + "nwrong", file);
      }
      if (key == "bitwise") {
        return Fields(item, "bitwise", [&](std::string_view name, od::value field) {
          if (name == "different_bits") return Int64(field, half.bitwise_different_bits, name);
          return true;
        });
      }
      return true;
    });
  }

  bool PerIteration(od::value& value, IterationTimes& times, std::string_view what,
                    NcclTestsJsonFile& file) {
    return Fields(value, what, [&](std::string_view key, od::value item) {
      const std::string name = std::string(what) + "." + std::string(key);
      if (key == "min_us") return Number(item, times.min_us, name, file);
      if (key == "max_us") return Number(item, times.max_us, name, file);
      if (key == "avg_us") return Number(item, times.avg_us, name, file);
      if (key == "p50_us") return Number(item, times.p50_us, name, file);
      if (key == "p95_us") return Number(item, times.p95_us, name, file);
      if (key == "p99_us") return Number(item, times.p99_us, name, file);
      if (key == "stdev_us") return Number(item, times.stdev_us, name, file);
      if (key == "cv_pct") return Number(item, times.cv_pct, name, file);
      if (key == "times_us") {
        return Elements(item, name, [&](od::value t) {
          return Number(t, times.times_us.emplace_back(), name + "[]", file);
        });
      }
      if (key == "per_process_max_times_us") {
        // One list per process, one value per iteration ("for straggler
        // analysis"); the model keeps each process's slowest iteration.
        return Elements(item, name, [&](od::value row) {
          double slowest = 0;
          bool any = false;
          const bool ok = Elements(row, name + "[]", [&](od::value t) {
            double v = 0;
            if (!Number(t, v, name + "[][]", file)) return false;
            slowest = any ? std::max(slowest, v) : v;
            any = true;
            return true;
          });
          if (ok) times.per_process_max_us.push_back(slowest);
          return ok;
        });
      }
      return true;
    });
  }

  bool IsNull(od::value& value, bool& null, std::string_view what) {
    od::json_type type;
    if (auto error = value.type().get(type); error) return Fail(error, what);
    null = type == od::json_type::null;
    return true;
  }

  SourceFile& file_;
  std::size_t nan_values_ = 0;

 public:
  static constexpr std::size_t kNotesShown = 10;
  std::size_t nan_values() const { return nan_values_; }
};

Result<NcclTestsJsonFile> TokenizeOnce(SourceFile& file) {
  NcclTestsJsonFile out;
  Tokenizer tokenizer(file);
  if (!tokenizer.Run(out)) return Result<NcclTestsJsonFile>::Failure(tokenizer.error());
  if (tokenizer.nan_values() > Tokenizer::kNotesShown) {
    out.notes.push_back(file.path + ": " +
                        std::to_string(tokenizer.nan_values() - Tokenizer::kNotesShown) +
                        " more \"nan\" values, read as 0");
  }
  return out;
}

// Where the JSON of a run that was killed can be cut and closed again: the
// end of the last whole element of the top-level "results" array before
// `stop` (or the end of the array itself, when it closed before `stop`).
// util.cu writes no whitespace and escapes quotes, so a small scanner
// suffices. Returns npos when `stop` is not inside or after `results`.
std::size_t SalvagePoint(std::string_view text, std::size_t stop, bool& results_closed) {
  std::string stack;
  bool in_string = false, escaped = false;
  bool in_results = false;
  std::size_t last_whole = std::string_view::npos;
  results_closed = false;
  for (std::size_t i = 0; i < stop && i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (c == '[' && stack == "{" && !results_closed && !in_results) {
        std::string_view before = Trim(text.substr(0, i));
        if (before.ends_with(':')) {
          before = Trim(before.substr(0, before.size() - 1));
          if (before.ends_with("\"results\"")) {
            in_results = true;
            last_whole = i + 1;
          }
        }
      }
      stack.push_back(c);
    } else if (c == '}' || c == ']') {
      if (stack.empty()) return std::string_view::npos;
      stack.pop_back();
      if (in_results && stack.size() == 2) last_whole = i + 1;
      if (in_results && stack.size() == 1) {
        in_results = false;
        results_closed = true;
        last_whole = i + 1;
      }
    }
  }
  return in_results || results_closed ? last_whole : std::string_view::npos;
}

}  // namespace

Result<NcclTestsJsonFile> TokenizeNcclTestsJson(SourceFile& file) {
  Result<NcclTestsJsonFile> first = TokenizeOnce(file);
  if (first.ok()) return first;
  // A run killed while writing (a Slurm time limit, a crash) leaves the
  // buffered JSON cut anywhere, and version 1 finalizes a run that failed
  // mid-table with "end_time" inside the results list: keep the results
  // before the damage, close the document and read it again.
  std::size_t stop = 0;
  std::string reason;
  if (!LocateJsonError(file.text, stop, reason)) return first;
  bool results_closed = false;
  const std::size_t cut = SalvagePoint(file.text, stop, results_closed);
  if (cut == std::string_view::npos) return first;
  SourceFile repaired;
  repaired.path = file.path;
  repaired.text.reserve(cut + 2 + 64);
  repaired.text.assign(file.text, 0, cut);
  repaired.text += results_closed ? "}" : "]}";
  Result<NcclTestsJsonFile> salvaged = TokenizeOnce(repaired);
  if (!salvaged.ok() || salvaged->results.empty()) return first;
  const std::string_view rest = std::string_view(file.text).substr(stop);
  if (rest.starts_with("inf") || rest.starts_with("-inf")) {
    reason = "an infinite value printed bare by \"%lf\", which is not JSON";
  }
  salvaged->cut_short =
      Position(file.path, file.text, stop) + " (byte " + std::to_string(stop) + "): " + reason;
  return salvaged;
}

}  // namespace collscope::trace
