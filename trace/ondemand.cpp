#include "trace/ondemand.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "trace/json_error.h"
#include "trace/json_text.h"

namespace collscope::trace {

bool OndemandReader::Iterate(std::size_t begin, std::size_t end) {
  std::string& text = source_.text;
  if (text.capacity() < text.size() + simdjson::SIMDJSON_PADDING) {
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  }
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  range_begin_ = begin;
  range_end_ = end;
  doc_valid_ = false;
  // The padding simdjson reads past `end` is the rest of the text and the
  // spare capacity reserved above; the parser ignores what it holds.
  simdjson::padded_string_view view(text.data() + begin, end - begin, text.capacity() - begin);
  if (auto error = parser_.iterate(view).get(doc_); error) return FailMalformed(error);
  doc_valid_ = true;
  return true;
}

bool OndemandReader::Start(od::object& root, std::string_view expected) {
  return StartRange(root, expected, 0, source_.text.size());
}

bool OndemandReader::StartRange(od::object& root, std::string_view expected, std::size_t begin,
                                std::size_t end) {
  if (!Iterate(begin, end)) return false;
  if (auto error = doc_.get_object().get(root); error) return Fail(error, expected);
  return true;
}

bool OndemandReader::StartRangeValue(od::value& root, std::size_t begin, std::size_t end) {
  if (!Iterate(begin, end)) return false;
  if (auto error = doc_.get_value().get(root); error) return Fail(error, "the document");
  return true;
}

bool OndemandReader::StartValue(od::value& root) {
  if (!Iterate(0, source_.text.size())) return false;
  if (auto error = doc_.get_value().get(root); error) return Fail(error, "the document");
  return true;
}

bool OndemandReader::String(od::value& value, std::string& out, std::string_view what) {
  std::string_view text;
  if (auto error = value.get_string().get(text); error) {
    return Fail(error, std::string(what) + " should be a string");
  }
  out.assign(text);
  return true;
}

bool OndemandReader::Int64(od::value& value, std::int64_t& out, std::string_view what) {
  if (value.get_int64().get(out) == simdjson::SUCCESS) return true;
  // Accept integral doubles (1e9) and quoted numbers as other writers
  // produce them.
  double number = 0;
  if (value.get_double().get(number) != simdjson::SUCCESS) {
    if (auto error = value.get_double_in_string().get(number); error) {
      return Fail(error, std::string(what) + " should be an integer");
    }
  }
  if (!std::isfinite(number) || std::fabs(number) > 9.0e18) {
    return FailHere(std::string(what) + " is out of range");
  }
  out = static_cast<std::int64_t>(std::llround(number));
  return true;
}

bool OndemandReader::Int32(od::value& value, std::int32_t& out, std::string_view what) {
  std::int64_t wide = 0;
  if (!Int64(value, wide, what)) return false;
  if (wide < std::numeric_limits<std::int32_t>::min() ||
      wide > std::numeric_limits<std::int32_t>::max()) {
    return FailHere(std::string(what) + " is out of range");
  }
  out = static_cast<std::int32_t>(wide);
  return true;
}

bool OndemandReader::Double(od::value& value, double& out, std::string_view what) {
  if (value.get_double().get(out) == simdjson::SUCCESS) return true;
  if (auto error = value.get_double_in_string().get(out); error) {
    return Fail(error, std::string(what) + " should be a number");
  }
  return true;
}

bool OndemandReader::NumberOrNan(od::value& value, double& out, std::string_view what) {
  od::json_type type;
  if (auto error = value.type().get(type); error) return Fail(error, what);
  if (type == od::json_type::string) {
    std::string_view text;
    if (auto error = value.get_string().get(text); error) return Fail(error, what);
    if (text == "nan" || text == "-nan") {
      out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
  }
  return Double(value, out, what);
}

bool OndemandReader::Bool(od::value& value, bool& out, std::string_view what) {
  if (auto error = value.get_bool().get(out); error) {
    return Fail(error, std::string(what) + " should be true or false");
  }
  return true;
}

bool OndemandReader::FastInt64(od::value& value, std::int64_t& out, std::string_view what) {
  const std::string_view token = value.raw_json_token();
  const char* end = token.data() + token.size();
  const auto result = std::from_chars(token.data(), end, out);
  if (result.ec == std::errc() && (result.ptr == end || *result.ptr == ' ' || *result.ptr == '\n' ||
                                   *result.ptr == '\r' || *result.ptr == '\t')) {
    return true;
  }
  return Int64(value, out, what);
}

bool OndemandReader::FastInt32(od::value& value, std::int32_t& out, std::string_view what) {
  std::int64_t wide = 0;
  if (!FastInt64(value, wide, what)) return false;
  if (wide < std::numeric_limits<std::int32_t>::min() ||
      wide > std::numeric_limits<std::int32_t>::max()) {
    return FailHere(std::string(what) + " is out of range");
  }
  out = static_cast<std::int32_t>(wide);
  return true;
}

bool OndemandReader::RawJson(od::value& value, std::string& out, std::string_view what) {
  od::json_type type;
  if (auto error = value.type().get(type); error) return Fail(error, what);
  std::string_view raw;
  if (type == od::json_type::object) {
    od::object object;
    if (auto error = value.get_object().get(object); error) return Fail(error, what);
    if (auto error = object.raw_json().get(raw); error) return Fail(error, what);
  } else if (type == od::json_type::array) {
    od::array array;
    if (auto error = value.get_array().get(array); error) return Fail(error, what);
    if (auto error = array.raw_json().get(raw); error) return Fail(error, what);
  } else if (type == od::json_type::string) {
    std::string_view text;
    if (auto error = value.get_string().get(text); error) return Fail(error, what);
    out = JsonQuote(text);
    return true;
  } else {
    raw = value.raw_json_token();
  }
  while (!raw.empty() &&
         (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
    raw.remove_suffix(1);
  }
  out.assign(raw);
  return true;
}

std::size_t OndemandReader::CurrentOffset() {
  const std::size_t size = std::min(range_end_, source_.text.size());
  if (!doc_valid_) return size;
  const char* location = nullptr;
  if (doc_.current_location().get(location) != simdjson::SUCCESS || location == nullptr) {
    return size;
  }
  const char* begin = source_.text.data();
  if (location < begin + range_begin_ || location > begin + size) return size;
  return static_cast<std::size_t>(location - begin);
}

bool OndemandReader::Fail(simdjson::error_code error, std::string_view what) {
  switch (error) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING:
    case simdjson::STRING_ERROR:
    case simdjson::UTF8_ERROR:
    case simdjson::UNESCAPED_CHARS:
      return FailMalformed(error);
    case simdjson::INCORRECT_TYPE:
      return FailHere(std::string(what) + ": wrong JSON type");
    default:
      return FailHere(std::string(what) + ": " + simdjson::error_message(error));
  }
}

bool OndemandReader::FailMalformed(simdjson::error_code error) {
  std::size_t offset = 0;
  std::string reason;
  const std::size_t end = std::min(range_end_, source_.text.size());
  const std::size_t begin = std::min(range_begin_, end);
  if (LocateJsonError(std::string_view(source_.text).substr(begin, end - begin), offset, reason)) {
    return FailAt(begin + offset, "malformed JSON: " + reason);
  }
  return FailAt(end, std::string("malformed JSON: ") + simdjson::error_message(error));
}

std::string OndemandReader::PositionOf(std::size_t offset) {
  const std::string& text = source_.text;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  offset = std::min(offset, text.size());
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(next - line_starts_.begin());
  return source_.path + ":" + std::to_string(line) + ":" + std::to_string(offset - *(next - 1) + 1);
}

bool OndemandReader::FailAt(std::size_t offset, std::string_view message) {
  if (error_.empty()) {
    error_ = PositionOf(offset) + " (byte " + std::to_string(offset) + "): " + std::string(message);
    // Found by fuzz_import_collscope: a message that quotes the file's own
    // string ("format is \"a\nb\"") must still be one line.
    for (char& c : error_) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
  }
  return false;
}

}  // namespace collscope::trace
