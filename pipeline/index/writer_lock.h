// One writer per index: an ingest and a merge never write one index at once.
// The lock is an flock on "<db>.lock", taken without waiting (a second writer
// is refused at once with a clear message instead of waiting on SQLite's lock
// per document) and released by the kernel even on SIGKILL.
#ifndef MINUTEBOOK_INDEX_WRITER_LOCK_H_
#define MINUTEBOOK_INDEX_WRITER_LOCK_H_

#include <string>

#include "common/result.h"

namespace minutebook::index {

class WriterLock {
 public:
  // Fails with kIo: `busy` when another process holds the lock, or why the
  // lock file cannot be created.
  static Result<WriterLock> Acquire(const std::string& db_path, const std::string& busy);
  WriterLock(WriterLock&& o) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace minutebook::index

#endif  // MINUTEBOOK_INDEX_WRITER_LOCK_H_
