#pragma once

#include <optional>
#include <string>
#include <utility>

namespace collscope::trace {

// What trace/ functions return instead of throwing: a value, or one line of
// error text naming the file and the line or byte where it went wrong.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  static Result Failure(std::string error) {
    Result result;
    result.error_ = std::move(error);
    return result;
  }

  bool ok() const { return value_.has_value(); }
  const std::string& error() const { return error_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  Result() = default;
  std::optional<T> value_;
  std::string error_;
};

// A result with no value: empty error means success.
struct Status {
  std::string error;
  bool ok() const { return error.empty(); }
  static Status Ok() { return {}; }
  static Status Failure(std::string message) { return {std::move(message)}; }
};

}  // namespace collscope::trace
