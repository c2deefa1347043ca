// Isolated worker processes (the Apache Tika "forked pipes" model): each
// document is processed in a child process with a memory limit and a
// per-document timeout, so a crash, hang or runaway allocation in Poppler or
// Tesseract costs that one document, never the batch.
//
// Protocol on the child's stdin/stdout: frames of a 4-byte little-endian
// length followed by CBOR. The child first sends a handshake, its pipeline
// version or why it cannot work (a bad rule file); then one WorkItem in, one
// WorkResult out, until stdin closes.
#ifndef MINUTEBOOK_INGEST_INTERNAL_WORKER_PROCESS_H_
#define MINUTEBOOK_INGEST_INTERNAL_WORKER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ingest/internal/processor.h"

namespace minutebook::ingest::internal {

// A document of more pages than this comes from a worker as a result
// without pages, then its pages in frames of this many (about 1 MB of text):
// a 20,000-page PDF never sits whole in a pipe buffer, a CBOR tree or the
// writer's queue.
inline constexpr size_t kPagesPerFrame = 256;

// glibc malloc tunables of a launched worker. Poppler allocates and frees
// many small objects of a few sizes on every page; glibc's per-thread cache
// keeps 7 freed chunks of a size, and the rest went through the arena's free
// lists (malloc and free were 12% of an ingest's CPU, perf). With 2,000 an
// ingest of 200 PDFs took 5.5% less time; set in the parent too it held the
// writer's freed memory (82 against 47 MiB at 100,807 pages), so only
// workers get it, which is why they are launched rather than forked.
inline constexpr const char* kWorkerMallocTunables = "glibc.malloc.tcache_count=2000";

// Options travel to the child as one JSON argument.
std::string OptionsToJson(const Options& options);
Result<Options> OptionsFromJson(const std::string& json);

// One child process, restarted on demand after a crash or timeout.
// Not thread-safe: each parent worker thread owns one.
class ChildWorker {
 public:
  // argv: the command that runs ServeWorker (see ingest.h).
  ChildWorker(std::vector<std::string> argv, int timeout_seconds, int memory_limit_mb);
  ~ChildWorker();
  ChildWorker(const ChildWorker&) = delete;
  ChildWorker& operator=(const ChildWorker&) = delete;

  // Starts the child (argv) without waiting for it, so that its start-up
  // (loading libraries, compiling rules) overlaps the caller's own. Its
  // environment is ours with GLIBC_TUNABLES=kWorkerMallocTunables added,
  // unless GLIBC_TUNABLES is set already (the user's then stand).
  Result<void> Launch();
  // Ends an idle child (nothing in flight); the next Send starts a fresh one.
  void Retire();
  // Waits for the handshake of a launched child: its pipeline version, or
  // the error that stopped it from starting (with the error's code).
  Result<std::string> AwaitReady();

  // Documents in and results out, in three steps, so that a caller can keep
  // the child busy: Send starts the child if needed and writes the item;
  // Receive waits for the result of the oldest item sent (its timeout runs
  // from when the child could start on it); Decode turns a frame into a
  // result. Up to two items may be in flight: the child reads one while it
  // extracts the other. None of them fails as such: a crash, timeout or
  // out-of-memory of the child comes out of Receive as a kFailed result whose
  // reason names it; with two in flight both are retried alone first, so
  // that the failure is charged to the document that caused it.
  void Send(const WorkItem& item);
  std::expected<std::vector<std::uint8_t>, WorkResult> Receive();
  static WorkResult Decode(const std::vector<std::uint8_t>& frame);
  // After Receive gave a result with page_frames > 0: its next frame of
  // pages, to be called page_frames times. A crash or timeout here fails
  // that document (the reason names it); the documents still in flight are
  // sent again to a fresh child, as they were not the cause.
  Result<std::vector<Page>> ReceivePages();

 private:
  void Adopt(pid_t pid, int to_child, int from_child);
  // Kills the child if it is alive and reaps it; returns why it ended.
  std::string Stop(bool kill_it);

  std::vector<std::string> argv_;
  int timeout_seconds_;
  int memory_limit_mb_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  bool ready_ = false;  // the handshake of the running child was read
  struct InFlight {
    WorkItem item;
    std::chrono::steady_clock::time_point sent;
  };
  // The next frame of pages, within the timeout from now; on failure the
  // child is stopped and the reason (crash, timeout) returned.
  std::optional<std::string> ReadPageFrame(std::vector<std::uint8_t>& frame);
  // The answer for the oldest item in flight; no retries.
  std::expected<std::vector<std::uint8_t>, WorkResult> ReceiveOne();

  std::deque<InFlight> in_flight_;  // sent, not yet answered, oldest first
  // Answers found by retrying items alone, handed out before anything else,
  // each with its frames of pages (read at once: a rare path).
  struct Answer {
    std::expected<std::vector<std::uint8_t>, WorkResult> result;
    std::deque<std::vector<std::uint8_t>> pages;
  };
  std::deque<Answer> resolved_;
  // The page frames of the answer last handed out from resolved_.
  std::deque<std::vector<std::uint8_t>> resolved_pages_;
  std::chrono::steady_clock::time_point last_answer_;
  std::optional<std::string> failure_;  // why Send could not deliver; Receive reports it
};

}  // namespace minutebook::ingest::internal

#endif  // MINUTEBOOK_INGEST_INTERNAL_WORKER_PROCESS_H_
