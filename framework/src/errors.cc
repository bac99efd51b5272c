#include "sluice/errors.h"

namespace sluice {

std::string_view error_policy_name(ErrorPolicy policy) noexcept {
  switch (policy) {
    case ErrorPolicy::kFail: return "fail";
    case ErrorPolicy::kLogAndContinue: return "log_and_continue";
    case ErrorPolicy::kDeadLetter: return "dead_letter";
  }
  return "unknown";
}

std::string_view error_kind_name(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kDeserialization: return "deserialization_error";
    case ErrorKind::kProcessing: return "processing_error";
    case ErrorKind::kSerialization: return "serialization_error";
  }
  return "unknown";
}

}  // namespace sluice
