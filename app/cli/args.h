#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::cli {

// A bad flag or value. what() is the one line printed on stderr before
// exiting with code 2.
struct UsageError {
  std::string message;
};

// Flags of one subcommand: "-c allreduce", "--step 3", "--json". Unknown
// flags, a missing value and a repeated flag are UsageErrors.
class Args {
 public:
  // value_flags take a value; switch_flags do not. Each entry lists the
  // spellings of one flag, e.g. {"-c", "--collective"}; the first long
  // spelling names it in messages.
  struct Spec {
    std::vector<std::vector<std::string>> value_flags;
    std::vector<std::vector<std::string>> switch_flags;
    bool allow_positional = false;
  };

  static Args Parse(std::string_view command, const std::vector<std::string>& argv,
                    const Spec& spec);  // throws UsageError

  bool Has(std::string_view flag) const;
  std::optional<std::string> Value(std::string_view flag) const;
  const std::vector<std::string>& Positional() const { return positional_; }

  // Typed accessors; they throw UsageError naming the flag and the value.
  std::string Required(std::string_view flag) const;
  std::optional<long long> Integer(std::string_view flag, long long min, long long max) const;
  std::optional<double> Number(std::string_view flag) const;
  // A byte size: 1024, 64M (10^6), 64MiB (2^20), 1.5G, ...
  std::optional<double> Bytes(std::string_view flag) const;

  std::string_view Command() const { return command_; }

 private:
  std::string command_;
  std::map<std::string, std::string, std::less<>> values_;  // canonical flag -> value
  std::vector<std::string> positional_;
};

}  // namespace collscope::cli
