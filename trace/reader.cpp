#include "trace/reader.h"

#include <cmath>
#include <cstring>
#include <new>
#include <variant>

#include "trace/format_fields.h"
#include "trace/json_text.h"
#include "trace/ondemand.h"

namespace collscope::trace {
namespace {

// Walks one collscope-trace document into the model. Every Read* returns
// false after recording the first error; the caller turns it into one line.
class TraceParser : public OndemandReader {
 public:
  TraceParser(SourceFile& source, Trace& trace,
              const std::function<void(double fraction)>& progress)
      : OndemandReader(source), trace_(trace), progress_(progress), size_(source.text.size()) {}

  bool Parse(std::string_view text) {
    od::object root;
    if (!Start(root, "expected a JSON object at the top level")) return false;
    bool saw_format = false;
    bool saw_version = false;
    const bool ok = Fields(root, "trace", [&](std::string_view key, od::value value) {
      if (key == "format") {
        std::string format;
        if (!String(value, format, key)) return false;
        if (format != kFormatName) {
          return FailHere("format is \"" + format + "\", not \"collscope-trace\"");
        }
        saw_format = true;
        return true;
      }
      if (key == "version") {
        saw_version = true;
        return ReadVersion(value);
      }
      if (key == "complete") return Bool(value, trace_.complete, key);
      if (key == "meta") return ReadMeta(value);
      if (key == "ranks") return ReadRanks(value);
      if (key == "topology") return ReadTopology(value);
      if (key == "runs")
        return Elements(value, "runs", [&](od::value run) { return ReadRun(run); });
      if (key == "measurements") {
        return Elements(value, "measurements", [&](od::value m) { return ReadMeasurement(m); });
      }
      if (key == "sections") {
        return Elements(value, "sections", [&](od::value s) {
          return ReadRecord(s, "sections[]", trace_.sections.emplace_back(), kTestSectionFields);
        });
      }
      if (key == "tuning_choices") {
        return Elements(value, "tuning_choices", [&](od::value c) {
          return ReadRecord(c, "tuning_choices[]", trace_.tuning_choices.emplace_back(),
                            kTuningChoiceFields);
        });
      }
      if (key == "tuning_table") {
        return Elements(value, "tuning_table", [&](od::value e) {
          return ReadRecord(e, "tuning_table[]", trace_.tuning_table.emplace_back(),
                            kTuningTableEntryFields);
        });
      }
      if (!saw_format && !saw_version && key == "traceEvents") {
        return FailHere("this is a Chrome/Kineto trace, not a collscope-trace (use import)");
      }
      return true;  // unknown fields are skipped
    });
    if (!ok) return false;
    if (const std::size_t offset = CurrentOffset(); offset < text.size()) {
      const std::size_t next = text.find_first_not_of(" \t\r\n", offset);
      if (next != std::string_view::npos) return FailAt(next, "extra content after the trace");
    }
    if (!saw_format) return FailAt(0, "no \"format\":\"collscope-trace\" field");
    if (!saw_version) return FailAt(0, "no \"version\" field");
    for (std::size_t i = 0; i < trace_.measurements.size(); ++i) {
      const std::int32_t section = trace_.measurements[i].section;
      if (section >= static_cast<std::int32_t>(trace_.sections.size())) {
        return FailAt(0, "measurements[" + std::to_string(i) + "] names section " +
                             std::to_string(section) + ", but the trace has " +
                             std::to_string(trace_.sections.size()) + " sections");
      }
    }
    return true;
  }

 private:
  // Reads `item` into the member of `record` that `key` names in `fields`
  // (trace/format_fields.h); other keys are a later minor version's.
  template <typename Record, typename Table>
  bool ReadField(std::string_view key, od::value& item, Record& record, const Table& fields) {
    for (const FormatField<Record>& field : fields) {
      if (key != field.key) continue;
      return std::visit([&](auto member) { return ReadValue(item, record.*member, key); },
                        field.member);
    }
    return true;
  }
  bool ReadValue(od::value& item, std::string& out, std::string_view key) {
    return String(item, out, key);
  }
  bool ReadValue(od::value& item, std::int32_t& out, std::string_view key) {
    return Int32(item, out, key);
  }
  bool ReadValue(od::value& item, std::int64_t& out, std::string_view key) {
    return Int64(item, out, key);
  }
  bool ReadValue(od::value& item, double& out, std::string_view key) {
    return Double(item, out, key);
  }
  bool ReadValue(od::value& item, bool& out, std::string_view key) { return Bool(item, out, key); }

  // One flat record, an element of the array `what`.
  template <typename Record, typename Table>
  bool ReadRecord(od::value value, std::string_view what, Record& record, const Table& fields) {
    return Fields(value, what, [&](std::string_view key, od::value item) {
      return ReadField(key, item, record, fields);
    });
  }

  bool ReadVersion(od::value& value) {
    double version = 0;
    if (!Double(value, version, "version")) return false;
    const double major = std::floor(version);
    if (major != kFormatVersion) {
      return FailHere("unknown major version " + JsonNumber(major) + " (this build reads version " +
                      std::to_string(kFormatVersion) + ")");
    }
    return true;
  }

  bool ReadMeta(od::value value) {
    Meta& meta = trace_.meta;
    return Fields(value, "meta", [&](std::string_view key, od::value item) {
      for (const auto& [name, field] : kMetaTextFields) {
        if (key == name) return String(item, meta.*field, key);
      }
      if (key == "machine") return ReadMachine(item, meta.machine.emplace());
      std::string owned_key(key);
      std::string json;
      if (!RawJson(item, json, owned_key)) return false;
      meta.SetExtraJson(std::move(owned_key), std::move(json));
      return true;
    });
  }

  bool ReadMachine(od::value value, HostMachine& machine) {
    return Fields(value, "meta.machine", [&](std::string_view key, od::value item) {
      if (key == "memcpy_gbps") {
        return Double(item, machine.memcpy_gbps, key) && NotNegative(machine.memcpy_gbps, key);
      }
      if (key == "cores") return Int32(item, machine.cores, key) && NotNegative(machine.cores, key);
      return true;  // a later minor version's field
    });
  }

  bool ReadRanks(od::value value) {
    return Elements(value, "ranks", [&](od::value element) {
      RankInfo& info = trace_.ranks.emplace_back();
      return Fields(element, "ranks[]", [&](std::string_view key, od::value item) {
        if (key == "rank") return Int32(item, info.rank, key) && NotNegative(info.rank, key);
        if (key == "host") return String(item, info.host, key);
        if (key == "device") return Int32(item, info.device, key);
        return true;
      });
    });
  }

  bool ReadTopology(od::value value) {
    Topology& topology = trace_.topology;
    return Fields(value, "topology", [&](std::string_view key, od::value item) {
      if (key == "rings") {
        return Elements(item, "rings", [&](od::value ring) {
          return ReadIntArray(ring, topology.rings.emplace_back(), "rings[]");
        });
      }
      if (key == "trees") {
        return Elements(item, "trees", [&](od::value tree) { return ReadTree(tree); });
      }
      if (key == "links") {
        return Elements(item, "links", [&](od::value link) { return ReadLink(link); });
      }
      if (key == "collnet") {
        return Elements(item, "collnet", [&](od::value link) {
          return ReadRecord(link, "collnet[]", topology.collnet.emplace_back(), kCollNetLinkFields);
        });
      }
      if (key == "gpu_paths") {
        return Elements(item, "gpu_paths", [&](od::value path) {
          return ReadRecord(path, "gpu_paths[]", topology.gpu_paths.emplace_back(), kGpuPathFields);
        });
      }
      return true;
    });
  }

  bool ReadIterationTimes(od::value value, IterationTimes& times) {
    return Fields(value, "per_iteration", [&](std::string_view key, od::value item) {
      if (key == "times_us") return ReadDoubleArray(item, times.times_us, key);
      if (key == "per_process_max_us") return ReadDoubleArray(item, times.per_process_max_us, key);
      return ReadField(key, item, times, kIterationTimesFields);
    });
  }

  bool ReadDoubleArray(od::value value, std::vector<double>& out, std::string_view what) {
    return Elements(value, what,
                    [&](od::value item) { return Double(item, out.emplace_back(), what); });
  }

  bool ReadTree(od::value value) {
    Tree& tree = trace_.topology.trees.emplace_back();
    return Fields(value, "trees[]", [&](std::string_view key, od::value item) {
      if (key == "channel") return Int32(item, tree.channel, key);
      if (key != "nodes") return true;
      return Elements(item, "nodes", [&](od::value element) {
        TreeNode& node = tree.nodes.emplace_back();
        return Fields(element, "nodes[]", [&](std::string_view name, od::value field) {
          if (name == "rank") return Int32(field, node.rank, name);
          if (name == "parent") return Int32(field, node.parent, name);
          if (name == "children") return ReadIntArray(field, node.children, name);
          return true;
        });
      });
    });
  }

  bool ReadLink(od::value value) {
    Link& link = trace_.topology.links.emplace_back();
    return Fields(value, "links[]", [&](std::string_view key, od::value item) {
      if (key == "src") return Int32(item, link.src, key);
      if (key == "dst") return Int32(item, link.dst, key);
      if (key == "transport") return String(item, link.transport, key);
      if (key == "channel") return Int32(item, link.channel, key);
      return true;
    });
  }

  bool ReadRun(od::value value) {
    Run& run = trace_.runs.emplace_back();
    return Fields(value, "runs[]", [&](std::string_view key, od::value item) {
      if (key == "steps") return ReadSteps(item, run);
      if (key == "collective") return String(item, run.collective, key);
      if (key == "algorithm") return String(item, run.algorithm, key);
      if (key == "protocol") return String(item, run.protocol, key);
      if (key == "bytes") return Int64(item, run.bytes, key) && NotNegative(run.bytes, key);
      if (key == "dtype") return String(item, run.dtype, key);
      if (key == "iteration") return Int32(item, run.iteration, key);
      if (key == "rank") return Int32(item, run.rank, key);
      if (key == "stream") return Int64(item, run.stream, key);
      if (key == "kernel") return String(item, run.kernel, key);
      if (key == "process_group") return String(item, run.process_group, key);
      if (key == "comm_ranks") return Int32(item, run.comm_ranks, key);
      if (key == "sequence") return Int64(item, run.sequence, key);
      if (key == "t_start_ns") return Int64(item, run.t_start_ns, key);
      if (key == "t_end_ns") return Int64(item, run.t_end_ns, key);
      return true;
    });
  }

  // `raw` points just past a key's opening quote, inside the padded input.
  static bool KeyIs(const char* raw, std::string_view name) {
    return std::memcmp(raw, name.data(), name.size()) == 0 && raw[name.size()] == '"';
  }

  // The hot loop: a million of these in a large recording. Keys are
  // compared in place (no unescaping) and integers parsed from the raw token.
  bool ReadSteps(od::value value, Run& run) {
    od::array array;
    if (auto error = value.get_array().get(array); error) return Fail(error, "steps");
    std::string last_phase;
    std::uint16_t last_phase_index = 0;
    bool have_last_phase = false;
    for (auto element : array) {
      od::object object;
      if (auto error = element.get_object().get(object); error) return Fail(error, "steps[]");
      StepEvent event;
      for (auto field_result : object) {
        od::field field;
        if (auto error = std::move(field_result).get(field); error) return Fail(error, "steps[]");
        const char* key = field.key().raw();
        od::value item = field.value();
        bool ok = true;
        switch (key[0]) {
          case 't':
            if (KeyIs(key, "t_start_ns")) {
              ok = FastInt64(item, event.t_start_ns, "t_start_ns");
            } else if (KeyIs(key, "t_end_ns")) {
              ok = FastInt64(item, event.t_end_ns, "t_end_ns");
            }
            break;
          case 's':
            if (KeyIs(key, "step")) {
              ok = FastInt32(item, event.step, "step");
            } else if (KeyIs(key, "send_to")) {
              ok = FastInt32(item, event.send_to, "send_to");
            } else if (KeyIs(key, "slot")) {
              ok = FastInt32(item, event.slot, "slot");
            }
            break;
          case 'r':
            if (KeyIs(key, "rank")) {
              ok = FastInt32(item, event.rank, "rank") && NotNegative(event.rank, "rank");
            } else if (KeyIs(key, "recv_from")) {
              ok = FastInt32(item, event.recv_from, "recv_from");
            }
            break;
          case 'b':
            if (KeyIs(key, "bytes")) {
              ok = FastInt64(item, event.bytes, "bytes") && NotNegative(event.bytes, "bytes");
            }
            break;
          case 'c':
            if (KeyIs(key, "channel")) {
              std::int32_t channel = 0;
              ok = FastInt32(item, channel, "channel");
              if (ok && (channel < 0 || channel > 0xFFFF)) return FailHere("channel out of range");
              event.channel = static_cast<std::uint16_t>(channel);
            }
            break;
          case 'p':
            if (KeyIs(key, "phase")) {
              std::string_view phase;
              if (auto error = item.get_string().get(phase); error) return Fail(error, "phase");
              if (!have_last_phase || phase != last_phase) {
                last_phase.assign(phase);
                last_phase_index = trace_.InternPhase(phase);
                have_last_phase = true;
              }
              event.phase = last_phase_index;
            }
            break;
          default:
            break;
        }
        if (!ok) return false;
      }
      run.steps.push_back(event);
      if (progress_ && (run.steps.size() & 0xFFFF) == 0 && size_ > 0) {
        progress_(0.5 + 0.5 * static_cast<double>(CurrentOffset()) / static_cast<double>(size_));
      }
    }
    // Growth by doubling can leave up to twice the events' size allocated;
    // a loaded trace keeps exactly what it holds (48 bytes per event).
    if (run.steps.capacity() > run.steps.size() + run.steps.size() / 16) run.steps.shrink_to_fit();
    return true;
  }

  bool ReadMeasurement(od::value value) {
    Measurement& m = trace_.measurements.emplace_back();
    return Fields(value, "measurements[]", [&](std::string_view key, od::value item) {
      if (key == "bytes") return Int64(item, m.bytes, key) && NotNegative(m.bytes, key);
      if (key == "section") return Int32(item, m.section, key);
      if (key == "per_iteration") return ReadIterationTimes(item, m.per_iteration.emplace());
      if (key == "wrong") {
        bool is_null = false;
        if (auto error = item.is_null().get(is_null); error) return Fail(error, key);
        if (is_null) return true;
        double wrong = 0;
        if (!Double(item, wrong, key)) return false;
        m.wrong = wrong;
        return true;
      }
      return ReadField(key, item, m, kMeasurementFields);
    });
  }

  bool ReadIntArray(od::value value, std::vector<std::int32_t>& out, std::string_view what) {
    return Elements(value, what,
                    [&](od::value item) { return Int32(item, out.emplace_back(), what); });
  }

  Trace& trace_;
  const std::function<void(double fraction)>& progress_;
  std::size_t size_;
};

}  // namespace

bool LooksLikeCollscopeTrace(std::string_view head) {
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || head[start] != '{') return false;
  return head.find("\"collscope-trace\"") != std::string_view::npos;
}

Result<Trace> ParseTrace(SourceFile& source, const std::function<void(double fraction)>& progress) {
  if (Status status = CheckText(source); !status.ok()) {
    return Result<Trace>::Failure(status.error);
  }
  // The parser needs padding past the text; make room now, before any view
  // of the text exists, so nothing points into a buffer that moves.
  source.text.reserve(source.text.size() + simdjson::SIMDJSON_PADDING);
  try {
    Trace trace;
    TraceParser parser(source, trace, progress);
    if (!parser.Parse(source.text)) return Result<Trace>::Failure(parser.error());
    if (progress) progress(1.0);
    return trace;
  } catch (const std::bad_alloc&) {
    return Result<Trace>::Failure(source.path + ": out of memory while reading the trace");
  }
}

Result<Trace> ReadTrace(const std::string& path, const LoadLimits& limits) {
  Result<SourceFile> source = LoadSource(path, limits);  // catches its own bad_alloc
  if (!source.ok()) return Result<Trace>::Failure(source.error());
  return ParseTrace(*source, limits.progress);
}

}  // namespace collscope::trace
