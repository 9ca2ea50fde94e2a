#pragma once

// The simdjson on-demand plumbing shared by the JSON readers (the
// collscope-trace reader and the Kineto tokenizer): walking fields and
// elements, typed values, and turning any error into one line naming the
// file, line, column and byte.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trace/source.h"

namespace collscope::trace {

namespace od = simdjson::ondemand;

class OndemandReader {
 public:
  explicit OndemandReader(SourceFile& source) : source_(source) {}
  OndemandReader(const OndemandReader&) = delete;
  OndemandReader& operator=(const OndemandReader&) = delete;

  // Starts parsing the (padded) text; the top level must be an object.
  bool Start(od::object& root, std::string_view expected);
  // Same, for a document whose top level may be an object or an array.
  bool StartValue(od::value& root);
  // The same for the bytes [begin, end) of the text, parsed in place: one
  // record of a JSON-lines file. Positions in errors stay those of the whole
  // file. May be called again for the next record.
  bool StartRange(od::object& root, std::string_view expected, std::size_t begin, std::size_t end);
  // The same for a range holding an array or an object, taken as a value
  // (a large trace's events, a batch at a time).
  bool StartRangeValue(od::value& root, std::size_t begin, std::size_t end);
  const std::string& error() const { return error_; }
  // Forgets the error, so that the next record can be read (a JSON-lines
  // reader that skips a damaged line).
  void ClearError() { error_.clear(); }

  // Calls fn(key, value) for each field; stops (returning false) when fn
  // does or the JSON is malformed.
  template <typename Fn>
  bool Fields(od::object object, std::string_view what, Fn&& fn) {
    for (auto field_result : object) {
      od::field field;
      std::string_view key;
      if (auto error = std::move(field_result).get(field); error) return Fail(error, what);
      if (auto error = field.unescaped_key().get(key); error) return Fail(error, what);
      if (!fn(key, field.value())) return false;
    }
    return true;
  }
  template <typename Fn>
  bool Fields(od::value value, std::string_view what, Fn&& fn) {
    od::object object;
    if (auto error = value.get_object().get(object); error) return Fail(error, what);
    return Fields(object, what, std::forward<Fn>(fn));
  }
  // Calls fn(value) for each element of an array.
  template <typename Fn>
  bool Elements(od::value value, std::string_view what, Fn&& fn) {
    od::array array;
    if (auto error = value.get_array().get(array); error) return Fail(error, what);
    for (auto element : array) {
      od::value item;
      if (auto error = std::move(element).get(item); error) return Fail(error, what);
      if (!fn(item)) return false;
    }
    return true;
  }

  bool String(od::value& value, std::string& out, std::string_view what);
  bool Int64(od::value& value, std::int64_t& out, std::string_view what);
  bool Int32(od::value& value, std::int32_t& out, std::string_view what);
  bool Double(od::value& value, double& out, std::string_view what);
  // A number, or the string "nan" that the C writers of nccl-tests
  // (src/util.cu) and NCCL Inspector (json.cc) write for NaN: then out is NaN.
  bool NumberOrNan(od::value& value, double& out, std::string_view what);
  bool Bool(od::value& value, bool& out, std::string_view what);
  // A plain integer token parsed in place (the hot path); anything else
  // (1e9, 2.0, a quoted number) goes through Int64.
  bool FastInt64(od::value& value, std::int64_t& out, std::string_view what);
  bool FastInt32(od::value& value, std::int32_t& out, std::string_view what);
  // The value's JSON text as written (objects and arrays whole).
  bool RawJson(od::value& value, std::string& out, std::string_view what);

  bool Fail(simdjson::error_code error, std::string_view what);
  bool FailHere(std::string_view message) { return FailAt(CurrentOffset(), message); }
  // Ranks and byte counts cannot be negative; the error points at the value.
  template <typename Integer>
  bool NotNegative(Integer value, std::string_view what) {
    return value >= 0 || FailHere(std::string(what) + " must not be negative");
  }
  bool FailAt(std::size_t offset, std::string_view message);
  std::size_t CurrentOffset();

 private:
  bool Iterate(std::size_t begin, std::size_t end);
  // Stage 1 found the text malformed: ask a validating parser where.
  bool FailMalformed(simdjson::error_code error);

  SourceFile& source_;
  od::parser parser_;
  od::document doc_;
  bool doc_valid_ = false;
  std::string error_;
  // "FILE:LINE:COL" as Position() gives it, from line starts found once: a
  // JSON-lines reader may report an error on every line.
  std::string PositionOf(std::size_t offset);
  std::vector<std::size_t> line_starts_;
  // The bytes being parsed (the whole text unless StartRange said otherwise).
  std::size_t range_begin_ = 0;
  std::size_t range_end_ = std::string::npos;
};

}  // namespace collscope::trace
