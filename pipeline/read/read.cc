// Dispatch: Sniff decides, one reader per kind. File access is plain POSIX
// so that errors carry errno's reason.
#include "read/read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "read/internal/html_reader.h"
#include "read/internal/pdf_reader.h"
#include "read/internal/sniff.h"
#include "read/internal/text_reader.h"

namespace minutebook::read {
namespace {

std::string Reason(int error) { return std::error_code(error, std::generic_category()).message(); }

std::unexpected<Error> FailFromErrno(int error) {
  return Fail(error == ENOENT || error == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kIo, Reason(error));
}

class FileCloser {
 public:
  explicit FileCloser(int fd) : fd_(fd) {}
  FileCloser(const FileCloser&) = delete;
  FileCloser& operator=(const FileCloser&) = delete;
  ~FileCloser() { ::close(fd_); }

 private:
  int fd_;
};

// Reads to end of file in chunks, so files whose size stat does not know
// (pipes, /proc) are read whole too.
Result<std::string> Slurp(const std::filesystem::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return FailFromErrno(errno);
  FileCloser closer(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) return FailFromErrno(errno);
  if (S_ISDIR(info.st_mode)) return FailFromErrno(EISDIR);

  std::string bytes;
  if (info.st_size > 0) bytes.reserve(static_cast<std::size_t>(info.st_size));
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return FailFromErrno(errno);
    }
    if (n == 0) break;
    bytes.append(chunk, static_cast<std::size_t>(n));
  }
  return bytes;
}

}  // namespace

Result<Document> ReadBytes(std::string_view bytes, const Options& options) {
  Result<DocumentKind> kind = Sniff(bytes);
  if (!kind) return std::unexpected(std::move(kind.error()));
  switch (*kind) {
    case DocumentKind::kPdf: {
      std::size_t header = bytes.substr(0, internal::kPdfHeaderWindow).find("%PDF-");
      Result<Document> document = internal::ReadPdf(bytes.substr(header), options);
      if (document && header > 0) {
        document->warnings.push_back(std::to_string(header) + " bytes before the PDF header ignored");
      }
      return document;
    }
    case DocumentKind::kHtml:
      return internal::ReadHtml(bytes);
    case DocumentKind::kText:
      return internal::ReadText(bytes);
  }
  return Fail(ErrorCode::kInternal, "unknown document kind");
}

Result<Document> ReadFile(const std::filesystem::path& path, const Options& options) {
  Result<std::string> bytes = Slurp(path);
  if (!bytes) return std::unexpected(std::move(bytes.error()));
  return ReadBytes(*bytes, options);
}

Result<std::vector<HiddenText>> FindHiddenText(const std::filesystem::path& path) {
  Result<std::string> bytes = Slurp(path);
  if (!bytes) return std::unexpected(std::move(bytes.error()));
  Result<DocumentKind> kind = Sniff(*bytes);
  if (!kind) return std::unexpected(std::move(kind.error()));
  if (*kind != DocumentKind::kPdf) return Fail(ErrorCode::kUnsupported, "not a PDF");
  const std::size_t header = std::string_view(*bytes).substr(0, internal::kPdfHeaderWindow).find("%PDF-");
  return internal::FindHiddenTextInPdf(std::string_view(*bytes).substr(header));
}

}  // namespace minutebook::read
