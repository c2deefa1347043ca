// A blocking queue of bounded size, so that memory does not grow with the
// corpus: producers wait while the consumer is behind.
#ifndef MINUTEBOOK_INGEST_INTERNAL_QUEUE_H_
#define MINUTEBOOK_INGEST_INTERNAL_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>

namespace minutebook::ingest::internal {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  void Push(T t) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(t));
    not_empty_.notify_one();
  }
  T Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    T t = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return t;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
};

}  // namespace minutebook::ingest::internal

#endif  // MINUTEBOOK_INGEST_INTERNAL_QUEUE_H_
