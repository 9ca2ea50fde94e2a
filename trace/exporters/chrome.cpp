#include "trace/exporters/chrome.h"

#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "trace/json_text.h"
#include "trace/writer.h"

namespace collscope::trace {
namespace {

// tid layout inside a rank's pid: 0 = the collective call, 1 + phase +
// 1000 x channel = a phase row, 1'000'000 + stream = a CUDA stream row.
constexpr std::int64_t kRunTid = 0;
std::int64_t PhaseTid(const StepEvent& event) {
  return 1 + event.phase + std::int64_t{1000} * event.channel;
}
std::int64_t StreamTid(std::int64_t stream) { return 1000000 + std::max<std::int64_t>(stream, 0); }

// Slices shorter than a nanosecond would give flows nothing to bind inside.
double DurationUs(std::int64_t start_ns, std::int64_t end_ns) {
  return std::max<std::int64_t>(end_ns - start_ns, 1) / 1000.0;
}
double MidUs(std::int64_t start_ns, std::int64_t end_ns) {
  return start_ns / 1000.0 + DurationUs(start_ns, end_ns) / 2;
}

std::string HumanBytes(std::int64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.3g %s", value, kUnits[unit]);
  return buffer;
}

class Emitter {
 public:
  Emitter(const Trace& trace, const std::function<void(std::string_view)>& emit,
          ChromeExportStats& stats)
      : trace_(trace), emit_(emit), stats_(stats) {
    out_.reserve(1 << 21);
  }

  void EmitAll() {
    // No displayTimeUnit: Perfetto ignores it and some older trace
    // processors misread ts with it (docs/sources.md §6.1); ts is always in us.
    // The generator comes first: an importer knows our own files by it
    // before it meets an event.
    out_ += "{\"otherData\":{\"generator\":\"collscope export\"";
    const Meta& meta = trace_.meta;
    for (const auto& [key, field] : kMetaTextFields) {
      const std::string& value = meta.*field;
      if (value.empty()) continue;
      out_ += ",\"";
      out_ += key;
      out_ += "\":";
      AppendJsonQuoted(out_, value);
    }
    out_ += "},\n\"traceEvents\":[";
    for (std::size_t i = 0; i < trace_.runs.size(); ++i) EmitRun(trace_.runs[i], i);
    EmitMetadata();
    out_ += "\n]}\n";
    emit_(out_);
  }

 private:
  void BeginEvent() {
    out_ += first_ ? "\n{" : ",\n{";
    first_ = false;
    if (out_.size() >= (1 << 20)) {
      emit_(out_);
      out_.clear();
    }
  }
  void Common(std::string_view ph, std::string_view name, std::string_view cat, std::int64_t pid,
              std::int64_t tid, double ts_us) {
    BeginEvent();
    out_ += "\"ph\":\"";
    out_ += ph;
    out_ += "\",\"name\":";
    AppendJsonQuoted(out_, name);
    out_ += ",\"cat\":\"";
    out_ += cat;
    out_ += "\",\"pid\":";
    AppendInt(out_, pid);
    out_ += ",\"tid\":";
    AppendInt(out_, tid);
    out_ += ",\"ts\":";
    AppendJsonNumber(out_, ts_us);
    used_pids_.insert(pid);
  }

  // What a slice says about its run, so that collscope can import its own
  // export again (trace/importers/chrome).
  static void RunArgs(JsonObject& args, const trace::Run& run, std::size_t index) {
    args.Int("run", static_cast<std::int64_t>(index)).Str("collective", run.collective);
    if (!run.algorithm.empty()) args.Str("algorithm", run.algorithm);
    if (!run.protocol.empty()) args.Str("protocol", run.protocol);
    if (!run.dtype.empty()) args.Str("dtype", run.dtype);
    if (run.comm_ranks > 0) args.Int("comm_ranks", run.comm_ranks);
    if (run.sequence >= 0) args.Int("sequence", run.sequence);
  }

  void EmitRun(const trace::Run& run, std::size_t index) {
    const std::string title = run.collective + (run.algorithm.empty() ? "" : " " + run.algorithm) +
                              " " + HumanBytes(run.bytes);
    if (run.steps.empty()) {
      // A kernel per rank (Kineto) or a run with only overall times.
      if (run.rank < 0 || run.t_end_ns <= run.t_start_ns) return;
      const std::int64_t tid = StreamTid(run.stream);
      threads_[{run.rank, tid}] = "stream " + std::to_string(std::max<std::int64_t>(run.stream, 0));
      Slice(title, "kernel", run.rank, tid, run.t_start_ns, run.t_end_ns);
      JsonObject args = Args();
      args.Int("bytes", run.bytes).Str("dtype", run.dtype).Int("iteration", run.iteration);
      if (!run.kernel.empty()) args.Str("kernel", run.kernel);
      if (!run.process_group.empty()) args.Str("process_group", run.process_group);
      if (run.stream >= 0) args.Int("stream", run.stream);
      RunArgs(args, run, index);
      EndEvent(args);
      return;
    }
    // The call itself, once per rank, on tid 0.
    std::map<std::int32_t, std::pair<std::int64_t, std::int64_t>> rank_span;
    for (const StepEvent& event : run.steps) {
      auto [it, added] = rank_span.try_emplace(event.rank, event.t_start_ns, event.t_end_ns);
      if (!added) {
        it->second.first = std::min(it->second.first, event.t_start_ns);
        it->second.second = std::max(it->second.second, event.t_end_ns);
      }
    }
    for (const auto& [rank, span] : rank_span) {
      threads_[{rank, kRunTid}] = "collective";
      Slice(title + " #" + std::to_string(run.iteration), "run", rank, kRunTid, span.first,
            span.second);
      JsonObject args = Args();
      args.Int("bytes", run.bytes).Int("iteration", run.iteration);
      RunArgs(args, run, index);
      EndEvent(args);
    }
    // Index receives by (step, rank) to bind each send to its receive.
    std::unordered_map<std::int64_t, std::size_t> by_step_rank;
    by_step_rank.reserve(run.steps.size());
    auto key = [](std::int64_t step, std::int64_t rank) {
      return (step << 32) ^ (rank & 0xFFFFFFFF);
    };
    for (std::size_t i = 0; i < run.steps.size(); ++i) {
      const StepEvent& event = run.steps[i];
      if (event.recv_from >= 0) by_step_rank.emplace(key(event.step, event.rank), i);
    }
    for (const StepEvent& event : run.steps) {
      const std::int64_t tid = PhaseTid(event);
      if (!threads_.contains({event.rank, tid})) {
        std::string name(trace_.PhaseName(event.phase));
        if (event.channel != 0) name += " ch" + std::to_string(event.channel);
        threads_[{event.rank, tid}] = name;
      }
      std::string name(trace_.PhaseName(event.phase));
      name += " step ";
      name += std::to_string(event.step);
      Slice(name, "step", event.rank, tid, event.t_start_ns, event.t_end_ns);
      JsonObject args = Args();
      args.Int("step", event.step)
          .Int("send_to", event.send_to)
          .Int("recv_from", event.recv_from)
          .Int("slot", event.slot)
          .Int("bytes", event.bytes)
          .Int("iteration", run.iteration)
          .Int("run", static_cast<std::int64_t>(index))
          .Str("phase", trace_.PhaseName(event.phase));
      if (event.channel != 0) args.Int("channel", event.channel);
      if (event.t_end_ns > event.t_start_ns) {
        args.Num("GB_per_s", static_cast<double>(event.bytes) /
                                 static_cast<double>(event.t_end_ns - event.t_start_ns));
      }
      EndEvent(args);
    }
    for (const StepEvent& event : run.steps) {
      if (event.send_to < 0 || event.send_to == event.rank) continue;
      auto it = by_step_rank.find(key(event.step, event.send_to));
      if (it == by_step_rank.end() || run.steps[it->second].recv_from != event.rank) {
        ++stats_.unmatched_sends;
        continue;
      }
      const StepEvent& receive = run.steps[it->second];
      const std::int64_t id = ++flow_id_;
      // v1 flow: `s` binds to the enclosing slice at ts; `f` with bp:"e"
      // binds to the slice enclosing its ts (docs/sources.md §6.2).
      Common("s", "send", "transfer", event.rank, PhaseTid(event),
             MidUs(event.t_start_ns, event.t_end_ns));
      out_ += ",\"id\":";
      AppendInt(out_, id);
      out_ += "}";
      Common("f", "send", "transfer", receive.rank, PhaseTid(receive),
             MidUs(receive.t_start_ns, receive.t_end_ns));
      out_ += ",\"bp\":\"e\",\"id\":";
      AppendInt(out_, id);
      out_ += "}";
      ++stats_.flows;
    }
  }

  // An event's args object; EndEvent closes it and the event.
  JsonObject Args() {
    out_ += ",\"args\":";
    return JsonObject(out_);
  }
  void EndEvent(JsonObject& args) {
    args.Close();
    out_.push_back('}');
  }

  // Leaves the event open for args.
  void Slice(std::string_view name, std::string_view cat, std::int64_t pid, std::int64_t tid,
             std::int64_t start_ns, std::int64_t end_ns) {
    Common("X", name, cat, pid, tid, start_ns / 1000.0);
    out_ += ",\"dur\":";
    AppendJsonNumber(out_, DurationUs(start_ns, end_ns));
    ++stats_.slices;
  }

  // The process/thread name and sort index pair of metadata events.
  void NameAndOrder(std::string_view kind, std::int64_t pid, std::int64_t tid,
                    std::string_view name, std::int64_t order) {
    Common("M", std::string(kind) + "_name", "__metadata", pid, tid, 0);
    JsonObject name_args = Args();
    name_args.Str("name", name);
    EndEvent(name_args);
    Common("M", std::string(kind) + "_sort_index", "__metadata", pid, tid, 0);
    JsonObject order_args = Args();
    order_args.Int("sort_index", order);
    EndEvent(order_args);
  }

  void EmitMetadata() {
    std::map<std::int64_t, std::string> hosts;
    for (const RankInfo& info : trace_.ranks) hosts[info.rank] = info.host;
    for (std::int64_t pid : used_pids_) {
      std::string name = "rank " + std::to_string(pid);
      if (auto it = hosts.find(pid); it != hosts.end() && !it->second.empty()) {
        name += " (" + it->second + ")";
      }
      NameAndOrder("process", pid, 0, name, pid);
    }
    for (const auto& [pid_tid, name] : threads_) {
      NameAndOrder("thread", pid_tid.first, pid_tid.second, name, pid_tid.second);
    }
  }

  const Trace& trace_;
  const std::function<void(std::string_view)>& emit_;
  ChromeExportStats& stats_;
  std::string out_;
  bool first_ = true;
  std::int64_t flow_id_ = 0;
  std::set<std::int64_t> used_pids_;
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> threads_;
};

}  // namespace

std::string ChromeTraceJson(const Trace& trace, ChromeExportStats* stats) {
  ChromeExportStats local;
  std::string text;
  std::function<void(std::string_view)> emit = [&](std::string_view piece) { text.append(piece); };
  Emitter(trace, emit, stats != nullptr ? *stats : local).EmitAll();
  return text;
}

Status ExportChrome(const Trace& trace, const std::string& path, ChromeExportStats* stats) {
  ChromeExportStats local;
  WriteOptions options;
  return WriteFileAtomicallyWith(
      path, options, [&](const std::function<void(std::string_view)>& emit) {
        Emitter(trace, emit, stats != nullptr ? *stats : local).EmitAll();
      });
}

}  // namespace collscope::trace
