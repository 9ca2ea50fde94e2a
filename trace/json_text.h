#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::trace {

// JSON string literal for text (quotes included). Bytes that are not valid
// UTF-8 become U+FFFD so the output always parses.
std::string JsonQuote(std::string_view text);
void AppendJsonQuoted(std::string& out, std::string_view text);
// Shortest text that reads back as the same double; non-finite values
// (which JSON cannot hold) become 0.
std::string JsonNumber(double value);
void AppendJsonNumber(std::string& out, double value);
void AppendInt(std::string& out, std::int64_t value);

// Appends one JSON object to `out`, commas handled:
//   JsonObject(out).Int("rank", 3).Str("host", host).Close();
// Keys given here are written as they are (they are our own literals);
// QuotedKey escapes one that came from outside.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_.push_back('{'); }
  JsonObject& Int(std::string_view key, std::int64_t value) {
    AppendInt(Key(key), value);
    return *this;
  }
  JsonObject& Str(std::string_view key, std::string_view value) {
    AppendJsonQuoted(Key(key), value);
    return *this;
  }
  JsonObject& Num(std::string_view key, double value) {
    AppendJsonNumber(Key(key), value);
    return *this;
  }
  JsonObject& Bool(std::string_view key, bool value) {
    Key(key) += value ? "true" : "false";
    return *this;
  }
  JsonObject& IntArray(std::string_view key, const std::vector<std::int32_t>& values);
  // Writes the key; the caller appends the value to the returned string.
  std::string& Key(std::string_view key) {
    Separate();
    out_.push_back('"');
    out_.append(key);
    out_ += "\":";
    return out_;
  }
  std::string& QuotedKey(std::string_view key) {
    Separate();
    AppendJsonQuoted(out_, key);
    out_.push_back(':');
    return out_;
  }
  void Close() { out_.push_back('}'); }

 private:
  void Separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// The separator before element `index` of an array written one per line.
inline const char* LineSeparator(std::size_t index) { return index == 0 ? "\n" : ",\n"; }

// How AppendArray separates its elements: "[a,b]", or "[\na,\nb]" (one a
// line, as the trace writer does for long lists).
enum class ArrayLines { kInline, kOnePerLine };

// Appends a JSON array; `each(item)` appends one element to `out`.
template <typename Items, typename Each>
void AppendArray(std::string& out, const Items& items, ArrayLines lines, const Each& each) {
  out.push_back('[');
  std::size_t index = 0;
  for (const auto& item : items) {
    if (lines == ArrayLines::kOnePerLine) {
      out += LineSeparator(index);
    } else if (index > 0) {
      out.push_back(',');
    }
    each(item);
    ++index;
  }
  out.push_back(']');
}

// An array of objects: `fill(json, item)` writes one item's fields, and the
// object is closed here.
template <typename Items, typename Fill>
void AppendObjectArray(std::string& out, const Items& items, ArrayLines lines, const Fill& fill) {
  AppendArray(out, items, lines, [&](const auto& item) {
    JsonObject json(out);
    fill(json, item);
    json.Close();
  });
}

}  // namespace collscope::trace
