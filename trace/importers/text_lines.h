#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace collscope::trace {

// One line of a text input, without its line break; number is 1-based.
struct Line {
  std::size_t number = 0;
  std::string_view text;
};

// Walks the lines of a text; copes with LF and CRLF and a missing final
// newline. The tokenizers of the text formats start here.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  bool Next(Line& line);

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  std::size_t number_ = 0;
};

std::string_view Trim(std::string_view text);
std::vector<std::string_view> SplitWhitespace(std::string_view text);
// Whole-token number parsing ("12", "-1", "1.5e+05"); false on anything else.
bool ParseInt64(std::string_view text, std::int64_t& out, int base = 10);
bool ParseDouble(std::string_view text, double& out);
// The file name without directories, for messages and guesses.
std::string_view BaseName(std::string_view path);

}  // namespace collscope::trace
