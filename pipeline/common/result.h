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

#endif  // MINUTEBOOK_COMMON_RESULT_H_
