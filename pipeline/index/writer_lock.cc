#include "index/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace minutebook::index {

Result<WriterLock> WriterLock::Acquire(const std::string& db_path, const std::string& busy) {
  const std::string path = db_path + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(ErrorCode::kIo, fmt::format("cannot create {}: {}", path, std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Fail(ErrorCode::kIo, busy);
  }
  return WriterLock(fd);
}

WriterLock::WriterLock(WriterLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace minutebook::index
