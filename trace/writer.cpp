#include "trace/writer.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <type_traits>
#include <variant>

#include "trace/format_fields.h"
#include "trace/json_text.h"

namespace collscope::trace {
namespace {

// Output that goes to a plain or a gzip file in large chunks; the first
// failure sticks.
class Sink {
 public:
  Sink(int fd, bool gzip) : fd_(fd) {
    if (gzip) {
      gz_ = gzdopen(fd, "wb6");
      if (gz_ == nullptr) error_ = "cannot start gzip compression";
    }
  }

  void Write(std::string_view bytes) {
    if (!error_.empty() || bytes.empty()) return;
    if (gz_ != nullptr) {
      while (!bytes.empty()) {
        const unsigned part = static_cast<unsigned>(std::min<std::size_t>(bytes.size(), 1 << 30));
        if (gzwrite(gz_, bytes.data(), part) != static_cast<int>(part)) {
          int code = 0;
          error_ = std::string("gzip write failed: ") + gzerror(gz_, &code);
          return;
        }
        bytes.remove_prefix(part);
      }
      return;
    }
    while (!bytes.empty()) {
      const ssize_t wrote = ::write(fd_, bytes.data(), bytes.size());
      if (wrote < 0) {
        if (errno == EINTR) continue;
        error_ = std::string("write failed: ") + std::strerror(errno);
        return;
      }
      bytes.remove_prefix(static_cast<std::size_t>(wrote));
    }
  }

  // Flushes and closes; returns the first error.
  std::string Close() {
    if (gz_ != nullptr) {
      const int rc = gzclose(gz_);  // also closes fd
      gz_ = nullptr;
      fd_ = -1;
      if (rc != Z_OK && error_.empty()) error_ = "gzip close failed";
      return error_;
    }
    if (fd_ >= 0) {
      if (error_.empty() && ::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
        error_ = std::string("fsync failed: ") + std::strerror(errno);
      }
      if (::close(fd_) != 0 && error_.empty()) {
        error_ = std::string("close failed: ") + std::strerror(errno);
      }
      fd_ = -1;
    }
    return error_;
  }

 private:
  int fd_ = -1;
  gzFile gz_ = nullptr;
  std::string error_;
};

bool WantsGzip(const std::string& path, const WriteOptions& options) {
  if (options.gzip == WriteOptions::Gzip::kYes) return true;
  if (options.gzip == WriteOptions::Gzip::kNo) return false;
  return path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

void AppendDoubles(std::string& out, const std::vector<double>& values) {
  AppendArray(out, values, ArrayLines::kInline, [&out](double v) { AppendJsonNumber(out, v); });
}

// Writes `record`'s fields in the order of `fields` (trace/format_fields.h).
template <typename Record, typename Fields>
void WriteFields(JsonObject& json, const Record& record, const Fields& fields) {
  for (const FormatField<Record>& field : fields) {
    std::visit(
        [&](auto member) {
          const auto& value = record.*member;
          using Value = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<Value, std::string>) {
            json.Str(field.key, value);
          } else if constexpr (std::is_same_v<Value, bool>) {
            json.Bool(field.key, value);
          } else if constexpr (std::is_same_v<Value, double>) {
            json.Num(field.key, value);
          } else {
            json.Int(field.key, value);
          }
        },
        field.member);
  }
}

// A JSON array of flat records, one a line.
template <typename Records, typename Fields>
void AppendRecords(std::string& out, const Records& records, const Fields& fields) {
  AppendObjectArray(
      out, records, ArrayLines::kOnePerLine,
      [&](JsonObject& json, const auto& record) { WriteFields(json, record, fields); });
}

void EmitIterationTimes(const IterationTimes& times, std::string& out) {
  JsonObject json(out);
  WriteFields(json, times, kIterationTimesFields);
  if (!times.times_us.empty()) AppendDoubles(json.Key("times_us"), times.times_us);
  if (!times.per_process_max_us.empty()) {
    AppendDoubles(json.Key("per_process_max_us"), times.per_process_max_us);
  }
  json.Close();
}

// Streams the document through `emit` in pieces of about a megabyte, so a
// million-event trace never needs its whole text in memory at once.
void EmitTrace(const Trace& trace, const std::function<void(std::string_view)>& emit) {
  std::string out;
  out.reserve(1 << 21);
  auto flush_if_big = [&] {
    if (out.size() >= (1 << 20)) {
      emit(out);
      out.clear();
    }
  };

  out += "{\"format\":\"collscope-trace\",\"version\":1,";
  out += trace.complete ? "\"complete\":true,\n" : "\"complete\":false,\n";

  const Meta& meta = trace.meta;
  out += "\"meta\":";
  JsonObject meta_json(out);
  // "source" is always written; the other text fields when they are set.
  for (const auto& [name, field] : kMetaTextFields) {
    const std::string& value = meta.*field;
    if (field == &Meta::source || !value.empty()) meta_json.Str(name, value);
  }
  if (meta.machine) {
    meta_json.Key("machine");
    JsonObject(out)
        .Num("memcpy_gbps", meta.machine->memcpy_gbps)
        .Int("cores", meta.machine->cores)
        .Close();
  }
  for (const auto& [name, json] : meta.extra_json) meta_json.QuotedKey(name) += json;
  meta_json.Close();

  out += ",\n\"ranks\":";
  AppendObjectArray(out, trace.ranks, ArrayLines::kOnePerLine,
                    [](JsonObject& json, const RankInfo& info) {
                      json.Int("rank", info.rank).Str("host", info.host).Int("device", info.device);
                    });
  out += ",\n\"topology\":{\"rings\":";
  AppendArray(out, trace.topology.rings, ArrayLines::kOnePerLine, [&out](const auto& ring) {
    AppendArray(out, ring, ArrayLines::kInline,
                [&out](std::int32_t rank) { AppendInt(out, rank); });
  });
  out += ",\"trees\":";
  AppendObjectArray(out, trace.topology.trees, ArrayLines::kOnePerLine,
                    [&out](JsonObject& json, const Tree& tree) {
                      json.Int("channel", tree.channel).Key("nodes");
                      AppendObjectArray(out, tree.nodes, ArrayLines::kInline,
                                        [](JsonObject& node_json, const TreeNode& node) {
                                          node_json.Int("rank", node.rank)
                                              .Int("parent", node.parent)
                                              .IntArray("children", node.children);
                                        });
                    });
  out += ",\"links\":";
  AppendObjectArray(
      out, trace.topology.links, ArrayLines::kOnePerLine, [](JsonObject& json, const Link& link) {
        json.Int("src", link.src).Int("dst", link.dst).Str("transport", link.transport);
        if (link.channel >= 0) json.Int("channel", link.channel);
      });
  if (!trace.topology.collnet.empty()) {
    out += ",\"collnet\":";
    AppendRecords(out, trace.topology.collnet, kCollNetLinkFields);
  }
  if (!trace.topology.gpu_paths.empty()) {
    out += ",\"gpu_paths\":";
    AppendRecords(out, trace.topology.gpu_paths, kGpuPathFields);
  }
  // Runs, steps, measurements and tuning choices can be many: the text goes
  // out after each closed element once it is big.
  out += "},\n\"runs\":";
  AppendArray(out, trace.runs, ArrayLines::kOnePerLine, [&](const Run& run) {
    JsonObject run_json(out);
    run_json.Str("collective", run.collective).Str("algorithm", run.algorithm);
    if (!run.protocol.empty()) run_json.Str("protocol", run.protocol);
    run_json.Int("bytes", run.bytes).Str("dtype", run.dtype).Int("iteration", run.iteration);
    if (run.rank >= 0) run_json.Int("rank", run.rank);
    if (run.stream >= 0) run_json.Int("stream", run.stream);
    if (!run.kernel.empty()) run_json.Str("kernel", run.kernel);
    if (!run.process_group.empty()) run_json.Str("process_group", run.process_group);
    if (run.comm_ranks > 0) run_json.Int("comm_ranks", run.comm_ranks);
    if (run.sequence >= 0) run_json.Int("sequence", run.sequence);
    run_json.Int("t_start_ns", run.t_start_ns).Int("t_end_ns", run.t_end_ns);
    run_json.Key("steps");
    AppendArray(out, run.steps, ArrayLines::kOnePerLine, [&](const StepEvent& event) {
      JsonObject step(out);
      step.Int("step", event.step)
          .Int("rank", event.rank)
          .Str("phase", trace.PhaseName(event.phase))
          .Int("send_to", event.send_to)
          .Int("recv_from", event.recv_from)
          .Int("slot", event.slot)
          .Int("bytes", event.bytes);
      if (event.channel != 0) step.Int("channel", event.channel);
      step.Int("t_start_ns", event.t_start_ns).Int("t_end_ns", event.t_end_ns).Close();
      flush_if_big();
    });
    run_json.Close();
    flush_if_big();
  });
  out += ",\n\"measurements\":";
  AppendArray(out, trace.measurements, ArrayLines::kOnePerLine, [&](const Measurement& m) {
    JsonObject m_json(out);
    WriteFields(m_json, m, kMeasurementFields);
    if (m.wrong.has_value()) {
      m_json.Num("wrong", *m.wrong);
    } else {
      m_json.Key("wrong") += "null";
    }
    if (m.section >= 0) m_json.Int("section", m.section);
    if (m.per_iteration) EmitIterationTimes(*m.per_iteration, m_json.Key("per_iteration"));
    m_json.Close();
    flush_if_big();
  });
  if (!trace.sections.empty()) {
    out += ",\n\"sections\":";
    AppendRecords(out, trace.sections, kTestSectionFields);
  }
  if (!trace.tuning_choices.empty()) {
    out += ",\n\"tuning_choices\":";
    AppendArray(out, trace.tuning_choices, ArrayLines::kOnePerLine,
                [&](const TuningChoice& choice) {
                  JsonObject json(out);
                  WriteFields(json, choice, kTuningChoiceFields);
                  json.Close();
                  flush_if_big();
                });
  }
  if (!trace.tuning_table.empty()) {
    out += ",\n\"tuning_table\":";
    AppendRecords(out, trace.tuning_table, kTuningTableEntryFields);
  }
  out += "}\n";
  emit(out);
}

}  // namespace

std::string TraceToJson(const Trace& trace) {
  std::string text;
  EmitTrace(trace, [&](std::string_view piece) { text.append(piece); });
  return text;
}

Status WriteFileAtomically(const std::string& path, std::string_view text,
                           const WriteOptions& options) {
  return WriteFileAtomicallyWith(
      path, options, [&](const std::function<void(std::string_view)>& emit) { emit(text); });
}

Status WriteFileAtomicallyWith(
    const std::string& path, const WriteOptions& options,
    const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
  if (path.empty()) return Status::Failure("no output path given");
  // The temporary file sits beside the target so rename() stays on one file
  // system and is atomic.
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return Status::Failure(path +
                           ": cannot create a temporary file beside it: " + std::strerror(errno));
  }
  Sink sink(fd, WantsGzip(path, options));
  std::string error;
  try {
    produce([&](std::string_view piece) { sink.Write(piece); });
  } catch (const std::bad_alloc&) {
    error = "out of memory while writing";
  }
  const std::string close_error = sink.Close();
  if (error.empty()) error = close_error;
  if (error.empty() && ::rename(temp.c_str(), path.c_str()) != 0) {
    error = std::string("cannot rename the temporary file into place: ") + std::strerror(errno);
  }
  if (!error.empty()) {
    ::unlink(temp.c_str());
    return Status::Failure(path + ": " + error);
  }
  // mkstemp creates the file 0600; give it the usual permissions.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(path.c_str(), 0666 & ~mask);
  return Status::Ok();
}

Status WriteTrace(const Trace& trace, const std::string& path, const WriteOptions& options) {
  return WriteFileAtomicallyWith(
      path, options,
      [&](const std::function<void(std::string_view)>& emit) { EmitTrace(trace, emit); });
}

}  // namespace collscope::trace
