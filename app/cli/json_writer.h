#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::cli {

// Writes JSON as it goes, so `show --json` of a large schedule streams
// instead of building a document in memory. Commas are placed for you.
// Strings and numbers are written as trace/json_text.h writes them.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(double value);
  JsonWriter& Integer(std::int64_t value);
  JsonWriter& Bool(bool value);

  // Shorthands for one "key": value member.
  JsonWriter& Member(std::string_view key, std::string_view value) {
    return Key(key).String(value);
  }
  JsonWriter& Member(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Member(std::string_view key, double value) { return Key(key).Number(value); }
  JsonWriter& Member(std::string_view key, std::int64_t value) { return Key(key).Integer(value); }
  JsonWriter& Member(std::string_view key, int value) { return Key(key).Integer(value); }
  JsonWriter& Member(std::string_view key, bool value) { return Key(key).Bool(value); }

 private:
  void BeforeValue();

  std::ostream& out_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
  std::string scratch_;  // one value's text, reused
};

}  // namespace collscope::cli
