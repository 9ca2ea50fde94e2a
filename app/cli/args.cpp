#include "app/cli/args.h"

#include "engine/byte_size.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace collscope::cli {

namespace {

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

Args Args::Parse(std::string_view command, const std::vector<std::string>& argv, const Spec& spec) {
  Args args;
  args.command_ = std::string(command);
  auto find = [](const std::vector<std::vector<std::string>>& flags,
                 std::string_view word) -> const std::vector<std::string>* {
    for (const auto& spellings : flags) {
      for (const std::string& spelling : spellings) {
        if (spelling == word) return &spellings;
      }
    }
    return nullptr;
  };
  // The canonical name of a flag is its last spelling ("--collective").
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string word = argv[i];
    std::string inline_value;
    bool has_inline = false;
    if (word.rfind("--", 0) == 0) {
      std::size_t eq = word.find('=');
      if (eq != std::string::npos) {
        inline_value = word.substr(eq + 1);
        word = word.substr(0, eq);
        has_inline = true;
      }
    }
    if (const auto* flag = find(spec.value_flags, word)) {
      const std::string& name = flag->back();
      if (args.values_.count(name)) {
        throw UsageError{std::string(command) + ": " + name + " given twice"};
      }
      if (!has_inline) {
        if (i + 1 >= argv.size()) {
          throw UsageError{std::string(command) + ": " + word + " needs a value"};
        }
        inline_value = argv[++i];
      }
      args.values_[name] = inline_value;
      continue;
    }
    if (const auto* flag = find(spec.switch_flags, word)) {
      if (has_inline) {
        throw UsageError{std::string(command) + ": " + word + " takes no value, got " +
                         Quote(inline_value)};
      }
      args.values_[flag->back()] = "";
      continue;
    }
    if (!word.empty() && word[0] == '-' && word != "-") {
      throw UsageError{std::string(command) + ": unknown flag " + Quote(argv[i]) +
                       " (see 'collscope " + std::string(command) + " --help')"};
    }
    if (!spec.allow_positional) {
      throw UsageError{std::string(command) + ": unexpected argument " + Quote(argv[i])};
    }
    args.positional_.push_back(argv[i]);
  }
  return args;
}

bool Args::Has(std::string_view flag) const { return values_.find(flag) != values_.end(); }

std::optional<std::string> Args::Value(std::string_view flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::Required(std::string_view flag) const {
  auto value = Value(flag);
  if (!value) throw UsageError{command_ + ": " + std::string(flag) + " is required"};
  return *value;
}

std::optional<long long> Args::Integer(std::string_view flag, long long min, long long max) const {
  auto value = Value(flag);
  if (!value) return std::nullopt;
  const std::string& text = *value;
  long long number = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr != end || value->empty()) {
    throw UsageError{command_ + ": " + std::string(flag) + " needs a whole number, got " +
                     Quote(*value)};
  }
  if (number < min || number > max) {
    throw UsageError{command_ + ": " + std::string(flag) + " must be between " +
                     std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     Quote(*value)};
  }
  return number;
}

std::optional<double> Args::Number(std::string_view flag) const {
  auto value = Value(flag);
  if (!value) return std::nullopt;
  char* end = nullptr;
  double number = std::strtod(value->c_str(), &end);
  if (value->empty() || end != value->c_str() + value->size() || !std::isfinite(number) ||
      number < 0) {
    throw UsageError{command_ + ": " + std::string(flag) + " needs a non-negative number, got " +
                     Quote(*value)};
  }
  return number;
}

std::optional<double> Args::Bytes(std::string_view flag) const {
  auto value = Value(flag);
  if (!value) return std::nullopt;
  auto bytes = engine::ParseByteSize(*value);
  if (!bytes) {
    throw UsageError{command_ + ": " + std::string(flag) + " needs a byte size like 1024, 64M or " +
                     "64MiB, got " + Quote(*value)};
  }
  return bytes;
}

}  // namespace collscope::cli
