// Status and StatusOr<T>: the framework's error values.
//
// Fallible framework operations return [[nodiscard]] Status or StatusOr<T>
// instead of throwing. At the user-facing edge, StatusOr<T>::value() turns an
// error into a thrown StatusError so that simple programs can stay linear.
//
// Thread-safety: values; safe to use from several threads once constructed.
#ifndef SLUICE_STATUS_H_
#define SLUICE_STATUS_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sluice {

// What kind of failure a Status describes.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input or configuration from the caller
  kNotFound,            // a named thing (topic, store, node) does not exist
  kFailedPrecondition,  // the object is not in a state that allows the call
  kUnavailable,         // a transient condition; retrying may succeed
  kTimeout,             // a deadline passed
  kInternal,            // a bug or an unexpected library failure
  kFatal,               // unrecoverable; the instance must stop
};

// Returns a stable lower-case name for `code`, e.g. "invalid_argument".
std::string_view status_code_name(StatusCode code) noexcept;

// The outcome of an operation: ok, or a code with a human-readable message.
class [[nodiscard]] Status {
 public:
  // An ok status.
  Status() noexcept = default;
  // A status with `code` and `message`. REQUIRES: code != kOk or message empty.
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status ok_status() noexcept { return {}; }

  bool ok() const noexcept { return code_ == StatusCode::kOk; }
  StatusCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }

  // "ok", or "<code name>: <message>".
  std::string to_string() const;

  // Throws StatusError if !ok(); does nothing otherwise.
  void throw_if_error() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string message) {
  return {StatusCode::kInvalidArgument, std::move(message)};
}
inline Status not_found(std::string message) {
  return {StatusCode::kNotFound, std::move(message)};
}
inline Status failed_precondition(std::string message) {
  return {StatusCode::kFailedPrecondition, std::move(message)};
}
inline Status internal_error(std::string message) {
  return {StatusCode::kInternal, std::move(message)};
}

// Thrown by Status::throw_if_error() and StatusOr<T>::value() on error.
class StatusError : public std::runtime_error {
 public:
  explicit StatusError(Status status)
      : std::runtime_error(status.to_string()), status_(std::move(status)) {}
  const Status& status() const noexcept { return status_; }

 private:
  Status status_;
};

// Either a T or a non-ok Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // REQUIRES: !status.ok(); an ok status without a value is a bug and becomes
  // an internal error.
  StatusOr(Status status)  // NOLINT(google-explicit-constructor)
      : state_(status.ok() ? internal_error("StatusOr built from ok Status")
                           : std::move(status)) {}
  StatusOr(T value)  // NOLINT(google-explicit-constructor)
      : state_(std::move(value)) {}

  bool ok() const noexcept { return std::holds_alternative<T>(state_); }

  // The error, or an ok Status when a value is held.
  Status status() const { return ok() ? Status{} : std::get<Status>(state_); }

  // The value. Throws StatusError when this holds an error.
  T& value() & {
    throw_if_error();
    return std::get<T>(state_);
  }
  const T& value() const& {
    throw_if_error();
    return std::get<T>(state_);
  }
  T&& value() && {
    throw_if_error();
    return std::get<T>(std::move(state_));
  }

  // REQUIRES: ok().
  T& operator*() & { return std::get<T>(state_); }
  const T& operator*() const& { return std::get<T>(state_); }
  T* operator->() { return &std::get<T>(state_); }
  const T* operator->() const { return &std::get<T>(state_); }

 private:
  void throw_if_error() const {
    if (!ok()) throw StatusError(std::get<Status>(state_));
  }

  std::variant<Status, T> state_;
};

}  // namespace sluice

#endif  // SLUICE_STATUS_H_
