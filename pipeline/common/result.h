// Error handling shared by every stage: functions that can fail return
// Result<T>, a std::expected carrying an Error with the most specific reason.
// Third-party exceptions and error codes are caught in each stage's adapter
// and never cross a stage boundary.
#ifndef MINUTEBOOK_COMMON_RESULT_H_
#define MINUTEBOOK_COMMON_RESULT_H_

#include <expected>
#include <string>
#include <utility>

namespace minutebook {

enum class ErrorCode {
  kInvalidArgument,  // bad input from the user (query, flag, rule file)
  kNotFound,
  kUnsupported,      // a file type or feature minutebook does not read
  kCorrupt,          // the file is damaged or truncated
  kEncrypted,        // a password-protected PDF
  kIo,               // the operating system refused (permissions, disk)
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // one line, no trailing period, names no file itself
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

const char* ErrorCodeName(ErrorCode code);

}  // namespace minutebook

// Propagates a failed Result from inside a function returning a Result.
#define MB_TRY(expr)                                                         \
  do {                                                                       \
    auto mb_try_result_ = (expr);                                            \
    if (!mb_try_result_) return std::unexpected(mb_try_result_.error());     \
  } while (0)

// Declares `lhs` holding the value of a successful Result, or returns its error.
#define MB_ASSIGN(lhs, expr)                                                 \
  auto lhs##_result_ = (expr);                                               \
  if (!lhs##_result_) return std::unexpected(lhs##_result_.error());         \
  auto lhs = std::move(*lhs##_result_)

namespace minutebook {

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_RESULT_H_
