#include "trace/importers/inspector/tokenizer.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "trace/importers/text_lines.h"
#include "trace/ondemand.h"

namespace collscope::trace {
namespace {

using Kind = InspectorRecord::Kind;

class Tokenizer : public OndemandReader {
 public:
  explicit Tokenizer(SourceFile& file) : OndemandReader(file) {}

  // Reads the record of text[begin, end).
  bool Record(std::size_t begin, std::size_t end, InspectorRecord& record) {
    ClearError();
    record.offset = begin;
    od::object root;
    if (!StartRange(root, "expected a JSON object (an Inspector record)", begin, end)) {
      return false;
    }
    bool has_header = false, has_perf = false;
    const bool ok = Fields(root, "record", [&](std::string_view key, od::value value) {
      if (key == "header") {
        has_header = true;
        return Header(value, record);
      }
      if (key == "metadata") return Metadata(value, record);
      if (key == "coll_perf" || key == "p2p_perf") {
        has_perf = true;
        record.kind = key == "coll_perf" ? Kind::kColl : Kind::kP2p;
        return Perf(value, record, key == "coll_perf" ? "coll" : "p2p");
      }
      if (key == "dump_stats") {
        // v4.1 (plugins/profiler/inspector/comm-patterns/README.md): one per
        // communicator and dump, counters cumulative; the keys are those
        // NCCL's comm_pattern_extractor.py reads.
        has_perf = true;
        record.kind = Kind::kDumpStats;
        return Fields(value, key, [&](std::string_view name, od::value item) {
          if (name == "coll_dropped_total") {
            return Int64(item, record.coll_dropped_total, name) &&
                   NotNegative(record.coll_dropped_total, name);
          }
          if (name == "p2p_dropped_total") {
            return Int64(item, record.p2p_dropped_total, name) &&
                   NotNegative(record.p2p_dropped_total, name);
          }
          return true;
        });
      }
      return true;
    });
    if (!ok) return false;
    if (!has_header || !has_perf) {
      return FailAt(begin, "not an Inspector record (no header and coll_perf/p2p_perf)");
    }
    return true;
  }

 private:
  bool Header(od::value& value, InspectorRecord& record) {
    return Fields(value, "header", [&](std::string_view key, od::value item) {
      if (key == "id") return String(item, record.comm_id, key);
      if (key == "comm_name") return String(item, record.comm_name, key);
      if (key == "rank") return Int32(item, record.rank, key) && NotNegative(record.rank, key);
      if (key == "n_ranks") {
        return Int32(item, record.n_ranks, key) && NotNegative(record.n_ranks, key);
      }
      if (key == "nnodes") return Int64(item, record.nnodes, key);
      return true;
    });
  }

  bool Metadata(od::value& value, InspectorRecord& record) {
    return Fields(value, "metadata", [&](std::string_view key, od::value item) {
      if (key == "inspector_output_format_version") return String(item, record.version, key);
      if (key == "hostname") return String(item, record.hostname, key);
      if (key == "pid") return Int64(item, record.pid, key);
      if (key == "dump_timestamp_us") return Time(item, record.dump_ts_us, key);
      return true;
    });
  }

  // coll_perf and p2p_perf have the same fields under the prefix "coll" or
  // "p2p" (inspectorCompletedColl / inspectorCompletedP2p).
  bool Perf(od::value& value, InspectorRecord& record, std::string_view prefix) {
    const std::string p(prefix);
    return Fields(value, p + "_perf", [&](std::string_view key, od::value item) {
      if (key == prefix) return String(item, record.op, key);
      if (key == p + "_sn") return Int64(item, record.sn, key) && NotNegative(record.sn, key);
      if (key == p + "_msg_size_bytes") {
        return Int64(item, record.msg_bytes, key) && NotNegative(record.msg_bytes, key);
      }
      if (key == p + "_exec_time_us") return Time(item, record.exec_us, key);
      if (key == p + "_timing_source") return String(item, record.timing_source, key);
      if (key == p + "_algobw_gbs") return Bandwidth(item, record.algbw_gbps, key);
      if (key == p + "_busbw_gbs") return Bandwidth(item, record.busbw_gbps, key);
      if (key == "p2p_peer") return Int32(item, record.peer, key);
      if (key == "coll_algo") return String(item, record.algo, key);
      if (key == "coll_proto") return String(item, record.proto, key);
      if (key == "event_trace_ts") {
        record.verbose = true;
        return Fields(item, key, [&](std::string_view name, od::value field) {
          if (name == p + "_start_ts") return Time(field, record.start_ts_us, name);
          if (name == p + "_stop_ts") return Time(field, record.stop_ts_us, name);
          if (name == "kernel_events") {
            return Elements(field, name, [&](od::value event) {
              InspectorChannel& channel = record.channels.emplace_back();
              return Fields(event, "kernel_events[]", [&](std::string_view k, od::value v) {
                if (k == "channel_id") return Int32(v, channel.channel, k);
                if (k == "kernel_start_ts") return Time(v, channel.start_ts_us, k);
                if (k == "kernel_stop_ts") return Time(v, channel.stop_ts_us, k);
                if (k == "kernel_record_ts") return Time(v, channel.record_ts_us, k);
                return true;
              });
            });
          }
          return true;
        });
      }
      return true;  // event_trace_sn orders the events; the times suffice here
    });
  }

  // Microseconds since the epoch (gettimeofday), or a duration. Up to 4e15
  // (the year 2096), so that a start plus a duration in nanoseconds, and
  // the difference of two, fit an int64.
  bool Time(od::value& value, std::int64_t& out, std::string_view what) {
    constexpr std::int64_t kMaxMicroseconds = 4'000'000'000'000'000;
    if (!Int64(value, out, what)) return false;
    if (out < 0 || out > kMaxMicroseconds) return FailHere(std::string(what) + " is out of range");
    return true;
  }

  // json.cc jsonDouble: "%lf", or "nan" when NaN (read as 0).
  bool Bandwidth(od::value& value, double& out, std::string_view what) {
    if (!NumberOrNan(value, out, what)) return false;
    if (std::isnan(out)) out = 0;
    if (!std::isfinite(out)) return FailHere(std::string(what) + " is out of range");
    return true;
  }
};

}  // namespace

Result<InspectorFile> TokenizeInspector(SourceFile& file) {
  InspectorFile out;
  Tokenizer tokenizer(file);
  // The spans of the non-blank lines first: the reader pads the text, which
  // may move it.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  {
    LineCursor cursor(file.text);
    Line line;
    while (cursor.Next(line)) {
      if (Trim(line.text).empty()) continue;
      const std::size_t begin = static_cast<std::size_t>(line.text.data() - file.text.data());
      spans.emplace_back(begin, begin + line.text.size());
    }
  }
  const bool ends_with_newline = !file.text.empty() && file.text.back() == '\n';
  for (std::size_t i = 0; i < spans.size(); ++i) {
    InspectorRecord record;
    if (tokenizer.Record(spans[i].first, spans[i].second, record)) {
      out.records.push_back(std::move(record));
      continue;
    }
    if (i + 1 == spans.size() && !ends_with_newline) {
      out.cut_short = tokenizer.error();
    } else {
      if (out.bad_lines == 0) out.first_bad = tokenizer.error();
      ++out.bad_lines;
    }
  }
  if (out.records.empty()) {
    if (!spans.empty()) {
      const std::string_view first = Trim(
          std::string_view(file.text).substr(spans[0].first, spans[0].second - spans[0].first));
      if (first == "{" || first == "[") {
        return Result<InspectorFile>::Failure(
            Position(file.path, file.text, spans[0].first) +
            ": not Inspector output: a JSON document over several lines, where the Inspector "
            "writes one record per line");
      }
    }
    if (!out.first_bad.empty()) return Result<InspectorFile>::Failure(out.first_bad);
    if (!out.cut_short.empty()) return Result<InspectorFile>::Failure(out.cut_short);
    return Result<InspectorFile>::Failure(file.path + ":1: no Inspector records");
  }
  return out;
}

}  // namespace collscope::trace
