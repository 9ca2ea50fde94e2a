#include "trace/importers/trace_events/json_extent.h"

#include <array>
#include <cstring>
#include <string>

namespace collscope::trace {
namespace {

// The bytes that matter inside an object or array; everything else
// (numbers, literals, commas, colons, whitespace) is passed over.
constexpr std::array<bool, 256> kBracketOrQuote = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {'"', '{', '}', '[', ']'}) table[c] = true;
  return table;
}();

bool EndsScalar(char c) {
  return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::size_t SkipJsonSpace(std::string_view text, std::size_t at) {
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
    ++at;
  }
  return at;
}

std::size_t JsonStringEnd(std::string_view text, std::size_t quote) {
  std::size_t from = quote + 1;
  while (from < text.size()) {
    const void* found = std::memchr(text.data() + from, '"', text.size() - from);
    if (found == nullptr) return std::string_view::npos;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    // A quote after an odd run of backslashes is escaped (\" and \\\");
    // after an even run (\\") it closes the string.
    std::size_t backslashes = 0;
    while (at - backslashes > quote + 1 && text[at - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return at + 1;
    from = at + 1;
  }
  return std::string_view::npos;
}

std::size_t JsonValueEnd(std::string_view text, std::size_t begin, int max_depth) {
  if (begin >= text.size()) return std::string_view::npos;
  const char first = text[begin];
  if (first == '"') return JsonStringEnd(text, begin);
  if (first != '{' && first != '[') {
    // A number or literal runs to the next delimiter.
    std::size_t at = begin;
    while (at < text.size() && !EndsScalar(text[at]) && text[at] != '"' && text[at] != '{' &&
           text[at] != '[') {
      ++at;
    }
    return at == begin ? std::string_view::npos : at;
  }
  // The closing bracket each open one expects, innermost last.
  std::string expected(1, first == '{' ? '}' : ']');
  std::size_t at = begin + 1;
  while (at < text.size()) {
    while (at < text.size() && !kBracketOrQuote[static_cast<unsigned char>(text[at])]) ++at;
    if (at >= text.size()) break;
    const char c = text[at];
    if (c == '"') {
      at = JsonStringEnd(text, at);
      if (at == std::string_view::npos) return at;
      continue;
    }
    if (c == '{' || c == '[') {
      if (static_cast<int>(expected.size()) >= max_depth) return std::string_view::npos;
      expected.push_back(c == '{' ? '}' : ']');
    } else {
      if (c != expected.back()) return std::string_view::npos;
      expected.pop_back();
      if (expected.empty()) return at + 1;
    }
    ++at;
  }
  return std::string_view::npos;
}

}  // namespace collscope::trace
