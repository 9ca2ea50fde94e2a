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

}  // namespace collscope::trace
