#include "trace/importers/kineto/tokenizer.h"

#include <cstdint>
#include <limits>
#include <utility>

#include "trace/ondemand.h"

namespace collscope::trace {
namespace {

class Tokenizer : public OndemandReader {
 public:
  explicit Tokenizer(SourceFile& file) : OndemandReader(file) {}

  bool Run(KinetoFile& out) {
    od::object root;
    if (!Start(root, "expected a JSON object with traceEvents")) return false;
    bool saw_events = false;
    const bool ok = Fields(root, "trace", [&](std::string_view key, od::value value) {
      if (key == "traceEvents") {
        saw_events = true;
        return Elements(value, "traceEvents", [&](od::value event) { return Event(event, out); });
      }
      if (key == "distributedInfo") {
        out.has_distributed_info = true;
        return Fields(value, "distributedInfo", [&](std::string_view name, od::value item) {
          if (name == "rank") return Int64(item, out.rank, name);
          if (name == "world_size") return Int64(item, out.world_size, name);
          if (name == "nccl_version") return String(item, out.nccl_version, name);
          if (name == "backend") return String(item, out.backend, name);
          return true;
        });
      }
      if (key == "baseTimeNanoseconds") return Int64(value, out.base_time_ns, key);
      if (key == "deviceProperties") {
        return Elements(value, "deviceProperties", [&](od::value device) {
          return Fields(device, "deviceProperties[]", [&](std::string_view name, od::value item) {
            if (name == "name" && out.gpu.empty()) return String(item, out.gpu, name);
            return true;
          });
        });
      }
      return true;
    });
    if (!ok) return false;
    if (!saw_events) return FailAt(0, "no traceEvents array (not a Kineto trace)");
    return true;
  }

 private:
  bool Event(od::value value, KinetoFile& out) {
    KinetoEvent event;
    // Views into the parser's string buffer stay valid for the document.
    std::string_view ph, cat, name, args;
    const bool ok = Fields(value, "event", [&](std::string_view key, od::value item) {
      if (key == "ph") return View(item, ph);
      if (key == "cat") return View(item, cat);
      if (key == "name") return View(item, name);
      if (key == "ts") return Double(item, event.ts_us, key);
      if (key == "dur") return Double(item, event.dur_us, key);
      if (key == "pid") return Id(item, event.pid);
      if (key == "tid") return Id(item, event.tid);
      if (key == "args") {
        od::object object;
        if (auto error = item.get_object().get(object); error) return Fail(error, "args");
        if (auto error = object.raw_json().get(args); error) return Fail(error, "args");
      }
      return true;
    });
    if (!ok) return false;
    if (ph != "X") return true;
    if ((cat == "kernel" || cat == "Kernel") &&
        (name.starts_with("ncclKernel_") || name.starts_with("ncclDevKernel_"))) {
      event.kind = KinetoEvent::Kind::kNcclKernel;
    } else if (name == "record_param_comms") {
      event.kind = KinetoEvent::Kind::kParamComms;
    } else if ((cat == "cuda_runtime" || cat == "cuda_driver" || cat == "Runtime") &&
               name.find("aunch") != std::string_view::npos) {
      event.kind = KinetoEvent::Kind::kLaunch;
    } else {
      return true;  // not about collectives
    }
    event.name = std::string(name);
    event.args_json = std::string(args);
    out.events.push_back(std::move(event));
    return true;
  }

  bool View(od::value& value, std::string_view& out) {
    if (auto error = value.get_string().get(out); error) return Fail(error, "expected a string");
    return true;
  }

  // pid/tid: numbers, or strings ("Spans", "stream 7") whose digits do.
  bool Id(od::value& value, std::int64_t& out) {
    od::json_type type;
    if (auto error = value.type().get(type); error) return Fail(error, "pid/tid");
    if (type == od::json_type::number) return Int64(value, out, "pid/tid");
    if (type != od::json_type::string) return true;
    std::string_view text;
    if (!View(value, text)) return false;
    const std::size_t digits = text.find_first_of("0123456789");
    out = -1;
    if (digits == std::string_view::npos) return true;
    out = 0;
    for (std::size_t i = digits; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      // Found by fuzz_import_kineto: a 20-digit id overflowed. Such an id
      // names no real process or stream; it reads as unknown.
      if (out > (std::numeric_limits<std::int64_t>::max() - 9) / 10) {
        out = -1;
        return true;
      }
      out = out * 10 + (text[i] - '0');
    }
    return true;
  }
};

}  // namespace

Result<KinetoFile> TokenizeKineto(SourceFile& file) {
  KinetoFile out;
  Tokenizer tokenizer(file);
  if (!tokenizer.Run(out)) return Result<KinetoFile>::Failure(tokenizer.error());
  return out;
}

}  // namespace collscope::trace
