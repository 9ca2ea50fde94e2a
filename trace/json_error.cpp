#include "trace/json_error.h"

#include <nlohmann/json.hpp>

namespace collscope::trace {
namespace {

// Accepts everything, remembers the first parse error.
struct ErrorFinder {
  using json = nlohmann::json;
  std::size_t offset = 0;
  std::string reason;
  bool failed = false;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    failed = true;
    offset = position > 0 ? position - 1 : 0;
    reason = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5:
    // syntax error while parsing value - unexpected end of input; ..." keep
    // the part after the location.
    if (const std::size_t at = reason.find(": "); at != std::string::npos) {
      reason = reason.substr(at + 2);
    }
    (void)last_token;
    return false;
  }
};

}  // namespace

bool LocateJsonError(std::string_view text, std::size_t& offset, std::string& reason) {
  ErrorFinder finder;
  try {
    nlohmann::json::sax_parse(text.begin(), text.end(), &finder);
  } catch (const std::exception& error) {
    finder.failed = true;
    finder.offset = text.size();
    finder.reason = error.what();
  }
  if (!finder.failed) return false;
  offset = std::min(finder.offset, text.size());
  reason = finder.reason;
  return true;
}

}  // namespace collscope::trace
