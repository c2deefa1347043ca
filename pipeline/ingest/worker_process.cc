#include "ingest/internal/worker_process.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>
#include <span>
#include <string_view>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/serialise.h"
#include "ingest/internal/queue.h"

extern char** environ;

namespace minutebook::ingest::internal {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Exit code a worker uses after it ran out of memory, so the parent can say so.
constexpr int kExitOutOfMemory = 99;

// ASan reserves terabytes of address space for its shadow memory, so under
// an address-space limit every allocation fails: a sanitizer build runs its
// workers without --memory-limit.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MINUTEBOOK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(MINUTEBOOK_ASAN)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

bool WriteAll(int fd, const void* data, size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool WriteFrame(int fd, const std::vector<std::uint8_t>& bytes) {
  const std::uint32_t n = static_cast<std::uint32_t>(bytes.size());
  const std::uint8_t len[4] = {static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
                               static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 24)};
  return WriteAll(fd, len, 4) && WriteAll(fd, bytes.data(), bytes.size());
}

// Reads exactly n bytes before the deadline. 0 = ok, 1 = EOF, 2 = timeout, 3 = error.
int ReadExact(int fd, std::uint8_t* p, size_t n, std::optional<Clock::time_point> deadline) {
  while (n > 0) {
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) return 2;
      pollfd pfd{fd, POLLIN, 0};
      const int pr = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
      if (pr < 0 && errno == EINTR) continue;
      if (pr == 0) return 2;
      if (pr < 0) return 3;
    }
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return 1;
    if (r < 0) return 3;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return 0;
}

int ReadFrame(int fd, std::vector<std::uint8_t>& out, std::optional<Clock::time_point> deadline) {
  std::uint8_t len[4];
  if (int rc = ReadExact(fd, len, 4, deadline); rc != 0) return rc;
  const std::uint32_t n = len[0] | (len[1] << 8) | (len[2] << 16) | (static_cast<std::uint32_t>(len[3]) << 24);
  out.resize(n);
  return ReadExact(fd, out.data(), n, deadline);
}

json ItemToJson(const WorkItem& w) {
  json j = {{"path", w.path}, {"ok_version", w.ok_pipeline_version}};
  if (w.ok_sha256) j["ok_sha256"] = *w.ok_sha256;
  if (w.failed_sha256) j["failed_sha256"] = *w.failed_sha256;
  return j;
}

WorkItem ItemFromJson(const json& j) {
  WorkItem w;
  w.path = j.at("path").get<std::string>();
  w.ok_pipeline_version = j.value("ok_version", "");
  if (j.contains("ok_sha256")) w.ok_sha256 = j["ok_sha256"].get<std::string>();
  if (j.contains("failed_sha256")) w.failed_sha256 = j["failed_sha256"].get<std::string>();
  return w;
}

json ErrorToJson(const Error& e) { return {{"code", static_cast<int>(e.code)}, {"message", e.message}}; }

Error ErrorFromJson(const json& j) {
  const int code = j.is_object() ? j.value("code", -1) : -1;
  const bool known = code >= 0 && code <= static_cast<int>(ErrorCode::kInternal);
  const std::string message = j.is_object() ? j.value("message", "") : "";
  return Error{known ? static_cast<ErrorCode>(code) : ErrorCode::kInternal,
               message.empty() ? std::string("worker failed without a reason") : message};
}

// A result frame: the outcome as CBOR, and a new document's encoding
// (EncodeDocument) as the raw tail beside it (JoinHeadAndTail).
std::vector<std::uint8_t> EncodeResult(const WorkResult& r) {
  json j = {{"outcome", static_cast<int>(r.outcome)}, {"sha256", r.sha256}, {"reason", r.reason},
            {"ocr_hits", r.ocr_cache_hits}, {"page_frames", r.page_frames}};
  if (r.fatal) j["fatal"] = ErrorToJson(*r.fatal);
  for (const auto& e : r.ocr_new) j["ocr"].push_back({{"key", e.key}, {"text", e.text}, {"confidence", e.confidence}});
  std::vector<std::uint8_t> payload;
  if (r.outcome == Outcome::kNew) payload = EncodeDocument(r.document, r.extraction);
  return JoinHeadAndTail(json::to_cbor(j),
                         std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()));
}

// The outcome part of a result frame, parsed; a discarded json when it is not one.
json ResultHead(const std::vector<std::uint8_t>& frame) {
  auto parts = SplitHeadAndTail(frame);
  if (!parts) return json(json::value_t::discarded);
  return json::from_cbor(parts->head, /*strict=*/true, /*allow_exceptions=*/false);
}

// Writes a result: in one frame, or for a large document the result without
// its pages and then its pages kPagesPerFrame at a time, each freed once
// written. False when the parent is gone.
bool WriteResult(int fd, WorkResult& r) {
  if (r.outcome != Outcome::kNew || r.document.pages.size() <= kPagesPerFrame) return WriteFrame(fd, EncodeResult(r));
  std::vector<Page> pages = std::move(r.document.pages);
  r.document.pages.clear();
  r.page_frames = static_cast<int>((pages.size() + kPagesPerFrame - 1) / kPagesPerFrame);
  if (!WriteFrame(fd, EncodeResult(r))) return false;
  for (size_t at = 0; at < pages.size(); at += kPagesPerFrame) {
    Document chunk;
    const size_t end = std::min(pages.size(), at + kPagesPerFrame);
    chunk.pages.assign(std::make_move_iterator(pages.begin() + static_cast<std::ptrdiff_t>(at)),
                       std::make_move_iterator(pages.begin() + static_cast<std::ptrdiff_t>(end)));
    if (!WriteFrame(fd, EncodeDocument(chunk, Extraction{}))) return false;
    // Fault injection (see InjectFaultsForTests): a worker that dies half-way
    // through sending a document's pages.
    const char* v = std::getenv("MINUTEBOOK_TEST_CRASH_SENDING_ON");
    if (v && *v && r.document.name.find(v) != std::string::npos) ::raise(SIGSEGV);
  }
  return true;
}

// How many frames of pages follow a result frame (0 when it is not one).
int PageFramesOf(const std::vector<std::uint8_t>& frame) {
  const json j = ResultHead(frame);
  return j.is_object() ? j.value("page_frames", 0) : 0;
}

WorkResult Failed(std::string reason) {
  WorkResult r;
  r.outcome = Outcome::kFailed;
  r.reason = std::move(reason);
  return r;
}

// Fault injection for the isolation tests: a worker whose document path
// contains the value of one of these variables crashes, hangs or allocates
// without bound, as a misbehaving PDF library would.
void InjectFaultsForTests(const std::string& path) {
  auto hit = [&](const char* var) {
    const char* v = std::getenv(var);
    return v && *v && path.find(v) != std::string::npos;
  };
  if (hit("MINUTEBOOK_TEST_CRASH_ON")) ::raise(SIGSEGV);
  if (hit("MINUTEBOOK_TEST_HANG_ON")) {
    while (true) ::pause();
  }
  if (hit("MINUTEBOOK_TEST_HOG_ON")) {
    std::vector<std::unique_ptr<char[]>> hog;
    while (true) {
      hog.emplace_back(new char[64 << 20]);
      std::memset(hog.back().get(), 1, 64 << 20);
    }
  }
}

}  // namespace

std::string OptionsToJson(const Options& o) {
  return json{{"rules_dir", o.rules_dir},
              {"db_path", o.db_path},
              {"public_index", o.public_index},
              {"retry_failed", o.retry_failed},
              {"ocr", o.read.ocr},
              {"ocr_dpi", o.read.ocr_dpi},
              {"page_threads", o.read.page_threads},
              {"memory_limit_mb", o.memory_limit_mb}}
      .dump();
}

Result<Options> OptionsFromJson(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kInvalidArgument, "bad worker options");
  Options o;
  o.rules_dir = j.value("rules_dir", o.rules_dir);
  o.db_path = j.value("db_path", o.db_path);
  o.public_index = j.value("public_index", false);
  o.retry_failed = j.value("retry_failed", false);
  o.read.ocr = j.value("ocr", o.read.ocr);
  o.read.ocr_dpi = j.value("ocr_dpi", o.read.ocr_dpi);
  o.read.page_threads = j.value("page_threads", o.read.page_threads);
  o.memory_limit_mb = j.value("memory_limit_mb", o.memory_limit_mb);
  return o;
}

ChildWorker::ChildWorker(std::vector<std::string> argv, int timeout_seconds, int memory_limit_mb)
    : argv_(std::move(argv)), timeout_seconds_(timeout_seconds), memory_limit_mb_(memory_limit_mb) {}

ChildWorker::~ChildWorker() {
  if (pid_ > 0) {
    // A child still starting up, or with answers nobody will read, has
    // nothing to finish: it is killed rather than waited for. A ready, idle
    // one exits at the EOF on its stdin.
    ::close(to_child_);
    to_child_ = -1;
    Stop(/*kill_it=*/!ready_ || !in_flight_.empty());
  }
}

namespace {

// The two pipes of a child: in[0] becomes its stdin, out[1] its stdout.
struct ChildPipes {
  int in[2] = {-1, -1};
  int out[2] = {-1, -1};
};

Result<ChildPipes> MakePipes() {
  ChildPipes p;
  if (::pipe2(p.in, O_CLOEXEC) != 0) return Fail(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(p.out, O_CLOEXEC) != 0) {
    ::close(p.in[0]);
    ::close(p.in[1]);
    return Fail(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  // A result (a whole document, often a few hundred KB) then fits in the
  // pipe, and the child goes on without waiting for the parent to read it.
  // The kernel may refuse (pipe-max-size); the default 64 KB still works.
  (void)::fcntl(p.out[0], F_SETPIPE_SZ, 1 << 20);
  return p;
}

}  // namespace

void ChildWorker::Adopt(pid_t pid, int to_child, int from_child) {
  pid_ = pid;
  to_child_ = to_child;
  from_child_ = from_child;
  ready_ = false;
}

Result<void> ChildWorker::Launch() {
  MB_ASSIGN(p, MakePipes());
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p.in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, p.out[1], 1);
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  // The child's environment: ours, with glibc's per-thread cache of freed
  // chunks made deep (kWorkerMallocTunables) unless the user set tunables.
  std::string tunables = std::string("GLIBC_TUNABLES=") + kWorkerMallocTunables;
  std::vector<char*> env;
  bool user_tunables = false;
  for (char** e = environ; *e != nullptr; ++e) {
    user_tunables = user_tunables || std::string_view(*e).starts_with("GLIBC_TUNABLES=");
    env.push_back(*e);
  }
  if (!user_tunables) env.push_back(tunables.data());
  env.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, args[0], &fa, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(p.in[0]);
  ::close(p.out[1]);
  if (rc != 0) {
    ::close(p.in[1]);
    ::close(p.out[0]);
    return Fail(ErrorCode::kIo, fmt::format("cannot start worker {}: {}", argv_[0], std::strerror(rc)));
  }
  Adopt(pid, p.in[1], p.out[0]);
  return {};
}

Result<std::string> ChildWorker::AwaitReady() {
  if (pid_ <= 0) MB_TRY(Launch());
  std::vector<std::uint8_t> frame;
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds_);
  const int rc = ReadFrame(from_child_, frame, timeout_seconds_ > 0 ? std::optional(deadline) : std::nullopt);
  if (rc != 0) {
    const std::string why = rc == 2 ? fmt::format("no handshake after {} s", timeout_seconds_) : Stop(rc != 1);
    if (rc == 2) Stop(/*kill_it=*/true);
    return Fail(ErrorCode::kInternal, "worker did not start: " + why);
  }
  const json j = json::from_cbor(frame, /*strict=*/true, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("version") && j["version"].is_string()) {
    ready_ = true;
    return j["version"].get<std::string>();
  }
  Stop(/*kill_it=*/true);
  if (j.is_object() && j.contains("error")) return std::unexpected(ErrorFromJson(j["error"]));
  return Fail(ErrorCode::kInternal, "worker did not start: bad handshake");
}

void ChildWorker::Retire() {
  if (pid_ <= 0 || !in_flight_.empty()) return;
  // Idle, it has nothing to finish: killed rather than waited for.
  Stop(/*kill_it=*/true);
}

std::string ChildWorker::Stop(bool kill_it) {
  if (pid_ <= 0) return "worker not running";
  if (kill_it) ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  pid_ = -1;
  ready_ = false;
  to_child_ = from_child_ = -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) {
    return fmt::format("out of memory: the document needed more than {} MiB", memory_limit_mb_);
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return fmt::format("crash: the reader died with signal {} ({})", sig, ::strsignal(sig));
  }
  return fmt::format("crash: the reader exited with status {}", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

void ChildWorker::Send(const WorkItem& item) {
  in_flight_.push_back(InFlight{item, Clock::now()});
  if (failure_) return;  // Receive reports it
  if (!ready_) {
    if (auto started = AwaitReady(); !started) {
      failure_ = "internal error: " + started.error().message;
      return;
    }
    last_answer_ = Clock::now();
  }
  if (!WriteFrame(to_child_, json::to_cbor(ItemToJson(item)))) failure_ = Stop(/*kill_it=*/true);
}

std::expected<std::vector<std::uint8_t>, WorkResult> ChildWorker::ReceiveOne() {
  if (failure_) {
    WorkResult failed = Failed(std::move(*failure_));
    failure_.reset();
    return std::unexpected(std::move(failed));
  }
  // The oldest document's time runs from when it was sent or, if another
  // was still being answered then, from that answer.
  const auto deadline =
      std::max(in_flight_.front().sent, last_answer_) + std::chrono::seconds(timeout_seconds_);
  std::vector<std::uint8_t> frame;
  const int rc = ReadFrame(from_child_, frame, timeout_seconds_ > 0 ? std::optional(deadline) : std::nullopt);
  if (rc == 2) {
    Stop(/*kill_it=*/true);
    return std::unexpected(Failed(fmt::format("timeout: no result after {} s (see --timeout)", timeout_seconds_)));
  }
  if (rc != 0) return std::unexpected(Failed(Stop(/*kill_it=*/rc == 3)));
  last_answer_ = Clock::now();
  return frame;
}

std::expected<std::vector<std::uint8_t>, WorkResult> ChildWorker::Receive() {
  resolved_pages_.clear();
  if (!resolved_.empty()) {
    Answer answer = std::move(resolved_.front());
    resolved_.pop_front();
    resolved_pages_ = std::move(answer.pages);
    return std::move(answer.result);
  }
  auto answer = ReceiveOne();
  if (answer || in_flight_.size() == 1) {
    in_flight_.pop_front();
    return answer;
  }
  // The child crashed, hung or ran out of memory with several documents in
  // flight, and which one did it is unknown: each is tried again alone, in
  // a fresh child, so the failure is charged to the right one.
  std::deque<InFlight> suspects = std::move(in_flight_);
  in_flight_.clear();
  for (const InFlight& suspect : suspects) {
    Send(suspect.item);
    Answer retried{ReceiveOne(), {}};
    in_flight_.pop_front();
    for (int k = retried.result ? PageFramesOf(*retried.result) : 0; k > 0; --k) {
      std::vector<std::uint8_t> frame;
      if (auto why = ReadPageFrame(frame)) {
        retried.result = std::unexpected(Failed(std::move(*why)));
        retried.pages.clear();
        break;
      }
      retried.pages.push_back(std::move(frame));
    }
    resolved_.push_back(std::move(retried));
  }
  Answer first = std::move(resolved_.front());
  resolved_.pop_front();
  resolved_pages_ = std::move(first.pages);
  return std::move(first.result);
}

std::optional<std::string> ChildWorker::ReadPageFrame(std::vector<std::uint8_t>& frame) {
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds_);
  const int rc = ReadFrame(from_child_, frame, timeout_seconds_ > 0 ? std::optional(deadline) : std::nullopt);
  if (rc == 0) {
    last_answer_ = Clock::now();
    return std::nullopt;
  }
  if (rc != 2) return Stop(/*kill_it=*/rc == 3);
  Stop(/*kill_it=*/true);
  return fmt::format("timeout: pages not sent within {} s (see --timeout)", timeout_seconds_);
}

Result<std::vector<Page>> ChildWorker::ReceivePages() {
  std::vector<std::uint8_t> frame;
  if (!resolved_pages_.empty()) {
    frame = std::move(resolved_pages_.front());
    resolved_pages_.pop_front();
  } else if (auto why = ReadPageFrame(frame)) {
    // The documents still in flight were not the cause: a fresh child takes them.
    std::deque<InFlight> again = std::move(in_flight_);
    in_flight_.clear();
    for (const InFlight& f : again) Send(f.item);
    return Fail(ErrorCode::kInternal, std::move(*why));
  }
  auto decoded = DecodeDocument(frame);
  if (!decoded) return Fail(ErrorCode::kCorrupt, "internal error: bad page frame: " + decoded.error().message);
  return std::move(decoded->first.pages);
}

WorkResult ChildWorker::Decode(const std::vector<std::uint8_t>& frame) {
  // A frame that does not decode is that document's failure; the child is
  // left alone, as it may already be reading the next document.
  try {
    auto parts = SplitHeadAndTail(frame);
    if (!parts) return Failed("internal error: bad worker result: " + parts.error().message);
    const json j = json::from_cbor(parts->head);
    WorkResult r;
    r.outcome = static_cast<Outcome>(j.at("outcome").get<int>());
    r.sha256 = j.value("sha256", "");
    r.reason = j.value("reason", "");
    r.ocr_cache_hits = j.value("ocr_hits", 0);
    r.page_frames = j.value("page_frames", 0);
    if (j.contains("fatal")) r.fatal = ErrorFromJson(j["fatal"]);
    if (j.contains("ocr")) {
      for (const auto& e : j["ocr"]) {
        r.ocr_new.push_back({e.at("key").get<std::string>(), e.at("text").get<std::string>(), e.at("confidence").get<double>()});
      }
    }
    if (r.outcome == Outcome::kNew) {
      auto decoded = DecodeDocument(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(parts->tail.data()), parts->tail.size()));
      if (!decoded) return Failed("internal error: " + decoded.error().message);
      r.document = std::move(decoded->first);
      r.extraction = std::move(decoded->second);
    }
    return r;
  } catch (const json::exception& e) {
    return Failed(std::string("internal error: bad worker result: ") + e.what());
  }
}

}  // namespace minutebook::ingest::internal

namespace minutebook::ingest {

int ServeWorker(const std::string& options_json) {
  using namespace internal;
  auto options = OptionsFromJson(options_json);
  if (!options) return 2;
  if (options->memory_limit_mb > 0 && !kAddressSanitizer) {
    const rlim_t bytes = static_cast<rlim_t>(options->memory_limit_mb) << 20;
    rlimit lim{bytes, bytes};
    ::setrlimit(RLIMIT_AS, &lim);
  }
  // One malloc arena for the worker's threads (reader, extractor, page
  // threads): with one per thread, the pages a helper thread read stayed in
  // its arena, fragmented; a 20,000-page PDF peaked at 302 MiB with them and
  // 264 MiB with one (bench/memory). Each thread's tcache still serves most
  // allocations without the arena's lock.
  ::mallopt(M_ARENA_MAX, 1);
  auto processor = Processor::Create(*options, /*compile_rules_in_background=*/true);
  // The handshake: the parent takes the pipeline version from here (one
  // source of truth), or reports why the worker cannot start.
  const json hello = processor ? json{{"version", (*processor)->pipeline_version()}}
                               : json{{"error", ErrorToJson(processor.error())}};
  if (!WriteFrame(1, json::to_cbor(hello)) || !processor) return 2;
  // Two stages: this thread reads and normalises documents as the parent
  // sends them; the extractor thread extracts and answers, in order. With
  // the next document already sent, one is read while the last is extracted.
  // At most one read document waits between them.
  struct Stage {
    std::optional<WorkResult> result;  // empty: stdin closed
  };
  BoundedQueue<Stage> read_documents(1);
  std::jthread extractor([&] {
    while (true) {
      Stage stage = read_documents.Pop();
      if (!stage.result) return;
      WorkResult& r = *stage.result;
      try {
        if (r.outcome == Outcome::kNew) (*processor)->Extract(r);
      } catch (const std::bad_alloc&) {
        std::_Exit(kExitOutOfMemory);
      } catch (const std::exception& e) {
        r = Failed(std::string("internal error: ") + e.what());
      }
      // The parent is gone: nothing left to do for anyone.
      if (!WriteResult(1, r)) std::_Exit(0);
    }
  });
  std::vector<std::uint8_t> frame;
  while (ReadFrame(0, frame, std::nullopt) == 0) {
    WorkResult r;
    try {
      const WorkItem item = ItemFromJson(json::from_cbor(frame));
      InjectFaultsForTests(item.path);
      r = (*processor)->Read(item);
    } catch (const std::bad_alloc&) {
      // The heap may be in any state now: say so and leave; the parent restarts us.
      std::_Exit(kExitOutOfMemory);
    } catch (const std::exception& e) {
      r = Failed(std::string("internal error: ") + e.what());
    }
    read_documents.Push(Stage{std::move(r)});
  }
  read_documents.Push(Stage{});
  return 0;
}

}  // namespace minutebook::ingest
