#pragma once

#include <cstddef>
#include <string_view>

namespace collscope::trace {

// Where JSON values end, found without parsing them: strings are skipped to
// their closing quote (escapes honoured), objects and arrays to their
// matching bracket. This is what cuts a large trace into pieces that a JSON
// parser takes one at a time (trace_events/tokenizer.cpp); the parser, not
// this, decides whether each piece is valid JSON.

// The offset just past the value starting at `begin` (its first byte, not
// whitespace), or npos when there is none: the text ends first, brackets do
// not match, or objects and arrays nest deeper than `max_depth`.
std::size_t JsonValueEnd(std::string_view text, std::size_t begin, int max_depth = 1000);

// The offset just past the string whose opening quote is at `quote`, or
// npos when it is not closed.
std::size_t JsonStringEnd(std::string_view text, std::size_t quote);

// The first offset at or after `at` that is not JSON whitespace (space, tab,
// CR, LF); text.size() when there is none.
std::size_t SkipJsonSpace(std::string_view text, std::size_t at);

}  // namespace collscope::trace
