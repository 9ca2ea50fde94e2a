#include "trace/importers/trace_events/tokenizer.h"

#include <cstdint>
#include <limits>
#include <utility>

#include "trace/importers/text_lines.h"
#include "trace/importers/trace_events/json_extent.h"
#include "trace/ondemand.h"

namespace collscope::trace {
namespace {

bool HasCaseless(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    bool same = true;
    for (std::size_t k = 0; k < word.size() && same; ++k) {
      const char a = text[i + k];
      const char lower = a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a;
      same = lower == word[k];
    }
    if (same) return true;
  }
  return false;
}

bool IsNcclKernelName(std::string_view name) {
  return name.starts_with("ncclKernel_") || name.starts_with("ncclDevKernel_") ||
         name.starts_with("rcclKernel_") || name.starts_with("rcclDevKernel_");
}

// A pid/tid: a number, or a string ("Spans", "stream 7") whose first digits
// are; -1 when there are none.
std::int64_t IdOfText(std::string_view text) {
  const std::size_t digits = text.find_first_of("0123456789");
  if (digits == std::string_view::npos) return -1;
  std::int64_t out = 0;
  for (std::size_t i = digits; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    // Found by fuzz_import_kineto: a 20-digit id overflowed. Such an id
    // names no real process or stream; it reads as unknown.
    if (out > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return -1;
    out = out * 10 + (text[i] - '0');
  }
  return out;
}

// An integer from a number, an integral double or a numeric string; -1 for
// anything else. Found by fuzz_import_kineto: 2.6e89 does not fit an int64
// (undefined behaviour to convert); a size or id that large is no size or id.
std::int64_t IntOf(od::value value) {
  od::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return -1;
  if (type == od::json_type::number) {
    std::int64_t integer = 0;
    if (value.get_int64().get(integer) == simdjson::SUCCESS) return integer;
    double number = 0;
    if (value.get_double().get(number) != simdjson::SUCCESS) return -1;
    return number >= -9.2e18 && number <= 9.2e18 ? static_cast<std::int64_t>(number) : -1;
  }
  if (type == od::json_type::string) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return -1;
    std::int64_t integer = -1;
    return ParseInt64(Trim(text), integer) ? integer : -1;
  }
  return -1;
}

std::string StringOf(od::value value) {
  od::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return {};
  if (type == od::json_type::string) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return {};
    return std::string(text);
  }
  if (type == od::json_type::number) {
    std::int64_t integer = 0;
    if (value.get_int64().get(integer) == simdjson::SUCCESS) return std::to_string(integer);
  }
  return {};
}

// The elements of one "Input Dims" entry: a shape [d0, d1, ...] gives its
// product, a tensor list [[...], [...]] the sum of its shapes' products;
// -1 for anything else (an empty [] is a non-tensor input).
std::int64_t ElementsOf(od::value value, int depth) {
  if (depth > 4) return -1;
  od::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return -1;
  std::int64_t product = 1;
  std::int64_t sum = 0;
  bool numbers = false;
  bool lists = false;
  for (auto item_result : array) {
    od::value item;
    if (item_result.get(item) != simdjson::SUCCESS) return -1;
    od::json_type type;
    if (item.type().get(type) != simdjson::SUCCESS) return -1;
    if (type == od::json_type::array) {
      lists = true;
      const std::int64_t elements = ElementsOf(item, depth + 1);
      if (elements < 0 || __builtin_add_overflow(sum, elements, &sum)) return -1;
    } else if (type == od::json_type::number) {
      numbers = true;
      const std::int64_t extent = IntOf(item);
      if (extent < 0 || __builtin_mul_overflow(product, extent, &product)) return -1;
    } else {
      return -1;
    }
  }
  if (numbers == lists) return -1;  // both, or an empty list
  return lists ? sum : product;
}

}  // namespace

std::optional<std::int64_t> MicrosecondsToNanoseconds(std::string_view number) {
  // Decimal digits as written, scaled by 10^3 exactly: doubles lose the
  // nanoseconds of Unix-epoch microseconds (1.7e15 has 16 digits).
  std::size_t i = 0;
  bool negative = false;
  if (i < number.size() && (number[i] == '-' || number[i] == '+')) negative = number[i++] == '-';
  __int128 mantissa = 0;
  int exponent = 3;  // microseconds -> nanoseconds
  bool digits = false;
  // Past 30 significant digits the rest cannot matter to an int64 of
  // nanoseconds; they only move the exponent.
  auto add_digit = [&](char c) {
    if (mantissa < (static_cast<__int128>(1) << 100)) {
      mantissa = mantissa * 10 + (c - '0');
      return true;
    }
    return false;
  };
  for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) {
    digits = true;
    if (!add_digit(number[i])) ++exponent;
  }
  if (i < number.size() && number[i] == '.') {
    for (++i; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) {
      digits = true;
      if (add_digit(number[i])) --exponent;
    }
  }
  if (!digits) return std::nullopt;
  if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < number.size() && (number[i] == '-' || number[i] == '+')) {
      exponent_negative = number[i++] == '-';
    }
    int written = 0;
    bool any = false;
    for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) {
      any = true;
      if (written < 10000) written = written * 10 + (number[i] - '0');
    }
    if (!any) return std::nullopt;
    exponent += exponent_negative ? -written : written;
  }
  // Trailing whitespace is the token's; anything else is not a number.
  for (; i < number.size(); ++i) {
    const char c = number[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return std::nullopt;
  }
  while (exponent < 0 && mantissa != 0) {
    mantissa /= 10;  // below a nanosecond: truncated
    ++exponent;
  }
  if (mantissa == 0) return std::int64_t{0};
  constexpr __int128 kMax = std::numeric_limits<std::int64_t>::max();
  while (exponent > 0) {
    if (mantissa > kMax / 10) return std::nullopt;
    mantissa *= 10;
    --exponent;
  }
  if (mantissa > kMax) return std::nullopt;
  const auto value = static_cast<std::int64_t>(mantissa);
  return negative ? -value : value;
}

namespace {

// The pieces the batch walk hands the parser: about 64 KiB of events each,
// so the parser's index of a 200 MB profile is that of 64 KiB (issue 12).
constexpr std::size_t kBatchBytes = std::size_t{1} << 16;

// Makes the bytes [open, close] of the text a JSON array for as long as it
// lives: the byte at `open` (the ':' before a field's value, the ',' between
// two events, or the events' own '[') becomes '[', the one at `close` (the
// ',' or '}' or ']' after) becomes ']'; both are put back when it goes.
class Bracketed {
 public:
  Bracketed(std::string& text, std::size_t open, std::size_t close)
      : text_(text), open_(open), close_(close), was_open_(text[open]), was_close_(text[close]) {
    text_[open_] = '[';
    text_[close_] = ']';
  }
  Bracketed(const Bracketed&) = delete;
  Bracketed& operator=(const Bracketed&) = delete;
  ~Bracketed() {
    text_[open_] = was_open_;
    text_[close_] = was_close_;
  }

 private:
  std::string& text_;
  std::size_t open_;
  std::size_t close_;
  char was_open_;
  char was_close_;
};

// A top-level key the batch walk reads as written: printable ASCII, no
// escapes. Any other key sends the file to the whole-document walk.
bool PlainKey(std::string_view key) {
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || byte == '\\') return false;
  }
  return true;
}

class Tokenizer : public OndemandReader {
 public:
  explicit Tokenizer(SourceFile& file) : OndemandReader(file), file_(file) {}

  // The whole-document walk: the reference. Its parser indexes the whole
  // text (about as many bytes again as the text), so it reads only what the
  // batch walk hands over.
  bool Run(TraceEventFile& out) {
    od::value root;
    if (!StartValue(root)) return false;
    od::json_type type;
    if (auto error = root.type().get(type); error) return Fail(error, "trace");
    if (type == od::json_type::array) {
      // The Chrome "JSON Array Format": the events alone.
      return Elements(root, "traceEvents", [&](od::value event) { return Event(event, out); });
    }
    if (type != od::json_type::object) {
      return FailAt(0, "expected a JSON object with traceEvents");
    }
    bool saw_events = false;
    const bool ok = Fields(root, "trace", [&](std::string_view key, od::value value) {
      return TopLevelField(key, value, out, saw_events);
    });
    if (!ok) return false;
    if (!saw_events) return FailAt(0, "no traceEvents array (not a Kineto or Chrome trace)");
    return true;
  }

  // The batch walk: the top-level fields one at a time and the events a
  // batch at a time, each piece parsed in place on its own (Bracketed), with
  // the same handlers as Run, in the same order. Where the text does not
  // look as expected or a piece does not parse it stops with false, and Run
  // reads the file again and gives the verdict; where it succeeds, Run would
  // have read the same values (every byte was parsed in one piece or another,
  // and the walk checked the punctuation between pieces).
  bool RunInBatches(TraceEventFile& out) {
    // simdjson's padding reserved now, once: a piece's parse would otherwise
    // grow the text and leave the views below dangling.
    if (file_.text.capacity() < file_.text.size() + simdjson::SIMDJSON_PADDING) {
      file_.text.reserve(file_.text.size() + simdjson::SIMDJSON_PADDING);
    }
    const std::string_view text = file_.text;
    std::size_t at = SkipJsonSpace(text, 0);
    if (at >= text.size()) return false;
    if (text[at] == '[') {
      const std::size_t close = EventsInBatches(at, out);
      return close != std::string_view::npos && SkipJsonSpace(text, close + 1) == text.size();
    }
    if (text[at] != '{') return false;
    bool saw_events = false;
    for (at = SkipJsonSpace(text, at + 1);;) {
      if (at >= text.size() || text[at] != '"') return false;
      const std::size_t key_end = JsonStringEnd(text, at);
      if (key_end == std::string_view::npos) return false;
      const std::string_view key = text.substr(at + 1, key_end - at - 2);
      if (!PlainKey(key)) return false;
      const std::size_t colon = SkipJsonSpace(text, key_end);
      if (colon >= text.size() || text[colon] != ':') return false;
      const std::size_t value = SkipJsonSpace(text, colon + 1);
      const bool events = key == "traceEvents" && value < text.size() && text[value] == '[';
      std::size_t value_end = std::string_view::npos;
      if (events) {
        const std::size_t close = EventsInBatches(value, out);
        if (close != std::string_view::npos) value_end = close + 1;
        saw_events = true;
      } else {
        value_end = JsonValueEnd(text, value);
      }
      if (value_end == std::string_view::npos) return false;
      const std::size_t delimiter = SkipJsonSpace(text, value_end);
      if (delimiter >= text.size() || (text[delimiter] != ',' && text[delimiter] != '}')) {
        return false;
      }
      if (!events && !InOnePiece(colon, delimiter, [&](od::value item) {
            return TopLevelField(key, item, out, saw_events);
          })) {
        return false;
      }
      if (text[delimiter] == '}') {
        return saw_events && SkipJsonSpace(text, delimiter + 1) == text.size();
      }
      at = SkipJsonSpace(text, delimiter + 1);
    }
  }

 private:
  bool TopLevelField(std::string_view key, od::value value, TraceEventFile& out, bool& saw_events) {
    if (key == "traceEvents") {
      saw_events = true;
      return Elements(value, "traceEvents", [&](od::value event) { return Event(event, out); });
    }
    if (key == "distributedInfo") return DistributedInfo(value, out);
    if (key == "baseTimeNanoseconds") return Int64(value, out.base_time_ns, key);
    if (key == "deviceProperties") {
      return Elements(value, "deviceProperties", [&](od::value device) {
        return Fields(device, "deviceProperties[]", [&](std::string_view name, od::value item) {
          if (name == "name" && out.gpu.empty()) return String(item, out.gpu, name);
          return true;
        });
      });
    }
    if (key == "otherData") {
      return Fields(value, "otherData", [&](std::string_view name, od::value item) {
        std::string text = StringOf(item);
        if (name == "generator") out.generator = text;
        if (!text.empty()) out.other_data.emplace(std::string(name), std::move(text));
        return true;
      });
    }
    return true;
  }

  // Parses the bytes [open, close] as a one-element array (Bracketed) and
  // hands the element to fn.
  template <typename Fn>
  bool InOnePiece(std::size_t open, std::size_t close, Fn&& fn) {
    const Bracketed brackets(file_.text, open, close);
    od::value root;
    if (!StartRangeValue(root, open, close + 1)) return false;
    bool first = true;
    return Elements(root, "trace", [&](od::value item) {
      if (!first) return false;
      first = false;
      return fn(item);
    });
  }

  // The events of the array opening at `open`, kBatchBytes at a time; the
  // offset of the array's closing bracket, or npos.
  std::size_t EventsInBatches(std::size_t open, TraceEventFile& out) {
    const std::string_view text = file_.text;
    constexpr std::size_t kNone = std::string_view::npos;
    auto batch = [&](std::size_t from, std::size_t to) {
      const Bracketed brackets(file_.text, from, to);
      od::value root;
      return StartRangeValue(root, from, to + 1) &&
             Elements(root, "traceEvents", [&](od::value event) { return Event(event, out); });
    };
    std::size_t at = SkipJsonSpace(text, open + 1);
    if (at < text.size() && text[at] == ']') return at;
    for (std::size_t batch_open = open;;) {
      const std::size_t end = JsonValueEnd(text, at);
      if (end == kNone) return kNone;
      const std::size_t next = SkipJsonSpace(text, end);
      if (next >= text.size()) return kNone;
      if (text[next] == ']') return batch(batch_open, next) ? next : kNone;
      if (text[next] != ',') return kNone;
      if (next - batch_open >= kBatchBytes) {
        if (!batch(batch_open, next)) return kNone;
        batch_open = next;
      }
      at = SkipJsonSpace(text, next + 1);
    }
  }

 private:
  bool DistributedInfo(od::value value, TraceEventFile& out) {
    out.has_distributed_info = true;
    return Fields(value, "distributedInfo", [&](std::string_view name, od::value item) {
      if (name == "rank") return Int64(item, out.rank, name);
      if (name == "world_size") return Int64(item, out.world_size, name);
      if (name == "nccl_version") return String(item, out.nccl_version, name);
      if (name == "backend") return String(item, out.backend, name);
      if (name == "pg_config") {
        // [{"pg_name": "3", "pg_size": 8, "ranks": [...]}, ...] (PyTorch 2.2+)
        return Elements(item, "pg_config", [&](od::value group) {
          std::string pg_name;
          std::int64_t pg_size = -1;
          const bool fine = Fields(group, "pg_config[]", [&](std::string_view field, od::value v) {
            if (field == "pg_name") pg_name = StringOf(v);
            if (field == "pg_size") pg_size = IntOf(v);
            return true;
          });
          if (fine && !pg_name.empty() && pg_size > 0) out.group_sizes[pg_name] = pg_size;
          return fine;
        });
      }
      return true;
    });
  }

  bool Event(od::value value, TraceEventFile& out) {
    TraceEvent event;
    // Views into the parser's string buffer stay valid for the document.
    std::string_view ph, cat, name, args_json, ts_token, dur_token;
    bool ts_number = true, dur_number = true;
    const bool ok = Fields(value, "event", [&](std::string_view key, od::value item) {
      if (key == "ph") return View(item, ph);
      if (key == "cat") return View(item, cat);
      if (key == "name") return View(item, name);
      if (key == "ts") return NumberToken(item, ts_token, ts_number);
      if (key == "dur") return NumberToken(item, dur_token, dur_number);
      if (key == "pid") return Id(item, event.pid);
      if (key == "tid") return Id(item, event.tid);
      if (key == "args") {
        od::object object;
        if (auto error = item.get_object().get(object); error) return Fail(error, "args");
        if (auto error = object.raw_json().get(args_json); error) return Fail(error, "args");
      }
      return true;
    });
    if (!ok) return false;
    if (ph == "M") return Metadata(name, event, args_json, out);
    if (ph != "X") return true;
    if (!ts_number) return FailHere("ts should be a number");
    if (!dur_number) return FailHere("dur should be a number");
    const bool cpu_side = cat == "cpu_op" || cat == "user_annotation" || cat == "python_function" ||
                          cat == "cuda_runtime" || cat == "cuda_driver";
    bool launch = false;
    if (IsNcclKernelName(name) && !cpu_side) {
      event.kind = TraceEvent::Kind::kNcclKernel;
    } else if (name == "record_param_comms") {
      event.kind = TraceEvent::Kind::kParamComms;
    } else if (name.starts_with("nccl:") && cpu_side) {
      event.kind = TraceEvent::Kind::kNcclOp;
    } else if ((cat == "cuda_runtime" || cat == "cuda_driver" || HasCaseless(cat, "runtime")) &&
               name.find("aunch") != std::string_view::npos) {
      launch = true;
    } else if (out.generator == "collscope export" &&
               (cat == "run" || cat == "step" || cat == "kernel")) {
      event.kind = TraceEvent::Kind::kCollscope;
    } else {
      return true;  // not about collectives
    }
    if (!ts_token.empty()) event.ts_ns = MicrosecondsToNanoseconds(ts_token);
    if (launch) {
      if (!args_json.empty() && !ReadArgs(args_json, event)) return false;
      if (event.args.correlation >= 0) {
        out.launches.push_back({event.pid, event.tid, event.ts_ns, event.args.correlation});
      }
      return true;
    }
    event.name = std::string(name);
    event.cat = std::string(cat);
    event.dur_ns =
        dur_token.empty() ? std::optional<std::int64_t>(0) : MicrosecondsToNanoseconds(dur_token);
    if (!args_json.empty() && !ReadArgs(args_json, event)) return false;
    out.events.push_back(std::move(event));
    return true;
  }

  bool Metadata(std::string_view name, const TraceEvent& event, std::string_view args_json,
                TraceEventFile& out) {
    if ((name != "process_name" && name != "thread_name") || args_json.empty()) return true;
    TraceEvent scratch;
    if (!ReadArgs(args_json, scratch)) return false;
    auto it = scratch.strings.find("name");
    if (it == scratch.strings.end()) return true;
    if (name == "process_name") {
      out.process_names[event.pid] = it->second;
    } else {
      out.thread_names[{event.pid, event.tid}] = it->second;
    }
    return true;
  }

  // The args of a relevant event, read with a second parser (the first is
  // walking the document).
  bool ReadArgs(std::string_view json, TraceEvent& event) {
    padded_.assign(json);
    padded_.append(simdjson::SIMDJSON_PADDING, ' ');
    od::document doc;
    simdjson::padded_string_view view(padded_.data(), json.size(), padded_.size());
    if (auto error = args_parser_.iterate(view).get(doc); error) return Fail(error, "args");
    od::object object;
    if (auto error = doc.get_object().get(object); error) return Fail(error, "args");
    CommArgs& args = event.args;
    for (auto field_result : object) {
      od::field field;
      std::string_view key;
      if (std::move(field_result).get(field) != simdjson::SUCCESS ||
          field.unescaped_key().get(key) != simdjson::SUCCESS) {
        return FailHere("malformed args");
      }
      od::value value = field.value();
      if (key == "Collective name") {
        args.collective = StringOf(value);
      } else if (key == "In msg nelems") {
        args.in_nelems = IntOf(value);
      } else if (key == "Out msg nelems") {
        args.out_nelems = IntOf(value);
      } else if (key == "dtype") {
        args.dtype = StringOf(value);
      } else if (key == "Group size") {
        args.group_size = IntOf(value);
      } else if (key == "Process Group Name") {
        args.process_group = StringOf(value);
      } else if (key == "Process Group Description") {
        args.process_group_description = StringOf(value);
      } else if (key == "Rank") {
        args.rank = IntOf(value);
      } else if (key == "correlation") {
        args.correlation = IntOf(value);
      } else if (key == "stream") {
        args.stream = IntOf(value);
      } else if (key == "Seq" || key == "seq") {
        args.sequence = IntOf(value);
      } else if (key == "Input Dims") {
        od::array dims;
        if (value.get_array().get(dims) == simdjson::SUCCESS) {
          for (auto first : dims) {
            od::value shape;
            if (first.get(shape) == simdjson::SUCCESS) {
              args.first_input_elements = ElementsOf(shape, 0);
            }
            break;
          }
        }
      } else if (key == "Input type") {
        od::array types;
        if (value.get_array().get(types) == simdjson::SUCCESS) {
          for (auto first : types) {
            od::value type;
            if (first.get(type) == simdjson::SUCCESS) {
              args.first_input_type = StringOf(type);
            }
            break;
          }
        }
      } else if (event.kind == TraceEvent::Kind::kCollscope || key == "name") {
        od::json_type type;
        if (value.type().get(type) != simdjson::SUCCESS) continue;
        if (type == od::json_type::string) {
          event.strings.emplace(std::string(key), StringOf(value));
        } else if (type == od::json_type::number) {
          event.numbers.emplace(std::string(key), IntOf(value));
        }
      }
    }
    return true;
  }

  bool View(od::value& value, std::string_view& out) {
    if (auto error = value.get_string().get(out); error) return Fail(error, "expected a string");
    return true;
  }

  // The number's text as written; is_number false for any other type.
  bool NumberToken(od::value& value, std::string_view& token, bool& is_number) {
    od::json_type type;
    if (auto error = value.type().get(type); error) return Fail(error, "ts/dur");
    is_number = type == od::json_type::number;
    if (is_number) token = value.raw_json_token();
    return true;
  }

  // pid/tid: numbers, or strings ("Spans", "stream 7") whose digits do.
  bool Id(od::value& value, std::int64_t& out) {
    od::json_type type;
    if (auto error = value.type().get(type); error) return Fail(error, "pid/tid");
    if (type == od::json_type::number) {
      out = IntOf(value);
      return true;
    }
    if (type != od::json_type::string) return true;
    std::string_view text;
    if (!View(value, text)) return false;
    out = IdOfText(text);
    return true;
  }

  SourceFile& file_;
  od::parser args_parser_;
  std::string padded_;
};

}  // namespace

Result<TraceEventFile> TokenizeTraceEvents(SourceFile& file) {
  {
    TraceEventFile out;
    Tokenizer batches(file);
    if (batches.RunInBatches(out)) return out;
  }
  // Laid out otherwise, or wrong somewhere: the whole-document walk reads it
  // and names the error as it always has.
  TraceEventFile out;
  Tokenizer whole(file);
  if (!whole.Run(out)) return Result<TraceEventFile>::Failure(whole.error());
  return out;
}

Result<TraceEventFile> TokenizeTraceEvents(SourceFiles& files, std::size_t index) {
  Result<SourceFile> file = files.Take(index);
  if (!file.ok()) return Result<TraceEventFile>::Failure(file.error());
  return TokenizeTraceEvents(*file);
}

}  // namespace collscope::trace
