#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace clientele {

// What went wrong, in terms an API caller can act on. Only http/errors.cc maps these to statuses.
enum class ErrorCode {
  kInvalidArgument,     // 400: bad input; `fields` says which and why
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404: also anything of another organisation
  kAlreadyExists,       // 409 unless reported as a field error
  kFailedPrecondition,  // 409/400: the state does not allow it
  kTooManyRequests,     // 429: a limit was reached; retry_after_seconds says when to retry
  kUnavailable,         // 503: database or mail server unreachable
  kInternal,            // 500: details go to the log, never to the caller
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;                                     // safe to show an API caller
  std::map<std::string, std::vector<std::string>> fields;  // per-field messages for 400
  int retry_after_seconds = 0;  // for kTooManyRequests (and kUnavailable, when known)
  // Extra members of a {"message"} answer, beside "message" (e.g. a machine-readable category),
  // so a caller can tell refusals of the same status apart without parsing the message.
  std::map<std::string, std::string> details;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, 0};
}
inline Error FieldError(const std::string& field, std::string message) {
  Error e{ErrorCode::kInvalidArgument, "Invalid input.", {}, 0};
  e.fields[field].push_back(std::move(message));
  return e;
}
inline Error NotFound(std::string what = "Not found.") {
  return MakeError(ErrorCode::kNotFound, std::move(what));
}
inline Error PermissionDenied(std::string why = "You do not have permission to perform this action.") {
  return MakeError(ErrorCode::kPermissionDenied, std::move(why));
}
inline Error Internal(std::string detail) { return MakeError(ErrorCode::kInternal, std::move(detail)); }

// Collects per-field problems so a caller sees all of them at once, not one per attempt.
class FieldErrors {
 public:
  void Add(const std::string& field, std::string message) {
    fields_[field].push_back(std::move(message));
  }
  bool empty() const { return fields_.empty(); }
  bool Has(const std::string& field) const { return fields_.contains(field); }
  Error ToError() const { return Error{ErrorCode::kInvalidArgument, "Invalid input.", fields_, 0}; }

 private:
  std::map<std::string, std::vector<std::string>> fields_;
};

}  // namespace clientele
