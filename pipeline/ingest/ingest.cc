#include "ingest/ingest.h"

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "common/hash.h"
#include "discover/discover.h"
#include "index/index.h"
#include "index/writer_lock.h"
#include "ingest/internal/processor.h"
#include "ingest/internal/queue.h"
#include "ingest/internal/worker_process.h"
#include "roster/roster.h"

namespace minutebook::ingest {
namespace {

namespace fs = std::filesystem;


using internal::Outcome;
using internal::WorkItem;
using internal::WorkResult;

// The pages of a large document on their way from the thread that reads
// them off its worker process to the writer, a few frames at a time: the
// writer holds one frame, never the document.
class PageStream {
 public:
  struct Chunk {
    std::vector<Page> pages;
    std::optional<std::string> error;  // why the rest of the pages cannot come
    bool end = false;
  };
  void Push(std::vector<Page> pages) { chunks_.Push(Chunk{std::move(pages), std::nullopt, false}); }
  void Fail(std::string why) { chunks_.Push(Chunk{{}, std::move(why), true}); }
  void End() { chunks_.Push(Chunk{{}, std::nullopt, true}); }

  // The writer's side: the next pages, nullopt after the last, or the error.
  Result<std::optional<std::vector<Page>>> Next() {
    if (ended_) return std::optional<std::vector<Page>>();
    Chunk c = chunks_.Pop();
    if (c.end) ended_ = true;
    if (c.error) {
      error_ = *c.error;
      return minutebook::Fail(ErrorCode::kIo, *c.error);
    }
    if (c.end) return std::optional<std::vector<Page>>();
    return std::optional<std::vector<Page>>(std::move(c.pages));
  }
  // Reads what is left, so that the feeding thread is never left blocked.
  void Drain() {
    while (!ended_) (void)Next();
  }
  // Set when the pages could not all come: the document failed, not the run.
  const std::optional<std::string>& error() const { return error_; }

 private:
  internal::BoundedQueue<Chunk> chunks_{2};
  bool ended_ = false;
  std::optional<std::string> error_;
};

struct Task {
  WorkItem item;
  WorkResult result;
  std::shared_ptr<PageStream> pages;  // set when result.page_frames > 0
};

using ResultQueue = internal::BoundedQueue<Task>;

std::string FingerprintFile(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path);
  return bytes ? Sha256Hex(*bytes) : std::string();
}

// Whether an indexed path belongs to this run's shard: decided, as for the
// files walked, by its path relative to the first root it lies under. A path
// under none of the roots belongs to the shard of its own name.
bool InThisShard(const std::string& path, const std::vector<fs::path>& roots, const discover::Shard& shard) {
  if (shard.count <= 1) return true;
  const fs::path p(path);
  for (const auto& root : roots) {
    const fs::path r = fs::absolute(root).lexically_normal();
    const fs::path rel = p.lexically_relative(r);
    if (p == r || (!rel.empty() && *rel.begin() != "..")) return discover::InShard(p, r, shard);
  }
  return discover::InShard(p, p, shard);
}

}  // namespace

Result<Summary> Run(const std::vector<fs::path>& roots, const Options& options, const ProgressFn& progress,
                    const FailureFn& on_failure) {
  const auto start = std::chrono::steady_clock::now();
  const bool isolated = options.isolation == Options::Isolation::kProcess;
  if (isolated && options.worker_command.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "process isolation needs a worker command");
  }
  // A worker that dies mid-write must not kill the writer.
  ::signal(SIGPIPE, SIG_IGN);
  // Tesseract's OpenMP threads would oversubscribe the cores the --jobs
  // workers already use; libgomp reads this when a worker process starts.
  ::setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
  const int max_jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  discover::Listing listing = discover::Walk(roots);
  if (options.shard.count > 1) {
    std::erase_if(listing.files, [&](const discover::Source& s) { return !discover::InShard(s.path, s.root, options.shard); });
    // A missing root or a symlink loop is seen by every shard: shard 0 alone
    // records it, so that a merge of the shards holds it once.
    if (options.shard.index != 0) listing.problems.clear();
  }
  // --jobs is the number of reading threads. A worker costs a start-up of its
  // own (rule compilation, RE2's DFA states: about 30 ms of CPU), which only
  // pays with a few documents to share it: below four documents a worker, the
  // spare threads read and OCR the pages of each PDF in parallel instead (3
  // corpus PDFs on 2 cores: 0.174 s with 2 workers, 0.150 s with 1 worker
  // and 2 page threads; 4 PDFs: 0.204 s against 0.183 s). One big agenda
  // pack gets every thread; --jobs 1 reads one page at a time.
  constexpr size_t kDocumentsPerWorker = 4;
  const size_t documents = std::max<size_t>(1, listing.files.size());
  const int busy = static_cast<int>(std::min<size_t>(
      static_cast<size_t>(max_jobs), (documents + kDocumentsPerWorker - 1) / kDocumentsPerWorker));
  Options worker_options = options;
  worker_options.read.page_threads = std::max(1, max_jobs / busy);
  std::vector<std::string> worker_argv = options.worker_command;
  worker_argv.push_back(internal::OptionsToJson(worker_options));
  // Isolated, the parent never reads a document. Its workers are launched
  // now, so that their start-up (libraries, rule files, the normaliser)
  // overlaps the parent's own (the index). They are launched, not forked:
  // forking saved loading the libraries (about 20 ms of a short run), but a
  // launched worker gets its own malloc tunables (kWorkerMallocTunables),
  // which save about 6% of an ingest. The first one's handshake checks the
  // rule files and gives the pipeline version before any document is
  // dispatched. In-process, creating the processor does both.
  std::vector<std::unique_ptr<internal::ChildWorker>> children;
  std::unique_ptr<internal::Processor> processor;
  if (isolated) {
    for (int i = 0; i < busy; ++i) {
      children.push_back(
          std::make_unique<internal::ChildWorker>(worker_argv, options.timeout_seconds, options.memory_limit_mb));
      MB_TRY(children.back()->Launch());
    }
  } else {
    MB_ASSIGN(created, internal::Processor::Create(worker_options));
    processor = std::move(created);
  }

  if (auto parent = fs::path(options.db_path).parent_path(); !parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
  }
  MB_ASSIGN(lock, index::WriterLock::Acquire(
                      options.db_path, "another minutebook ingest is writing to this index; try again when it has finished"));
  MB_ASSIGN(db, index::Index::Open(options.db_path));
  MB_ASSIGN(known_list, db->KnownDocuments());
  // A public index must never receive a full document, nor a full index be
  // mistaken for a public one.
  MB_ASSIGN(public_flag, db->GetMeta("public"));
  if (!public_flag) {
    // A new index takes this run's kind; an older one without the flag is full.
    public_flag = (known_list.empty() && options.public_index) ? "1" : "0";
    MB_TRY(db->SetMeta("public", *public_flag));
  }
  if ((*public_flag == "1") != options.public_index) {
    return Fail(ErrorCode::kInvalidArgument,
                options.public_index ? "this index holds full documents; build the public index in a new file"
                                     : "this is a public index; add --public to ingest into it");
  }

  // An index holds one shard for its life: `merge` replaces what a shard
  // held before by what its index holds now, which needs one shard per file.
  const std::string shard_name =
      options.shard.count > 1 ? fmt::format("{}/{}", options.shard.index, options.shard.count) : "";
  MB_ASSIGN(shard_flag, db->GetMeta("shard"));
  if (!shard_flag) {
    if (!known_list.empty() && !shard_name.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "this index holds an unsharded ingest; put shard " + shard_name +
                                                   " in a new file");
    }
    if (!shard_name.empty()) {
      // With the roots, K/N names the shard to `merge`: shards of another
      // batch (other roots) are other shards.
      std::string names;
      for (const auto& r : roots) names += (names.empty() ? "" : " ") + fs::absolute(r).lexically_normal().string();
      MB_TRY(db->SetMeta("shard_roots", names));
      MB_TRY(db->SetMeta("shard", shard_name));
    }
  } else if (*shard_flag != shard_name) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("this index holds shard {}; {}", *shard_flag,
                            shard_name.empty() ? "add --shard " + *shard_flag + " to ingest into it"
                                               : "put shard " + shard_name + " in a new file"));
  }

  Summary summary;
  for (const auto& p : listing.problems) {
    // Recorded like a file that failed to read (absolute path, no
    // fingerprint), so that `minutebook failures` lists loops and unreadable
    // folders too.
    FileFailure f{fs::absolute(p.path).lexically_normal().string(), p.reason};
    summary.failures.push_back(f);
    if (on_failure) on_failure(f);
    MB_TRY(db->RecordFailure(f.path, "", f.reason));
  }
  std::map<std::string, WorkItem> items;
  for (const auto& s : listing.files) {
    const std::string path = fs::absolute(s.path).lexically_normal().string();
    items[path].path = path;
  }
  for (auto& [path, k] : known_list) {
    auto it = items.find(path);
    if (it == items.end()) continue;
    if (k.status == "ok") {
      it->second.ok_sha256 = k.sha256;
      it->second.ok_pipeline_version = k.pipeline_version;
    } else {
      it->second.failed_sha256 = k.sha256;
    }
  }
  // Largest first (by bytes, then path): the workers then run out of work
  // together, on small files, instead of one reading the batch's biggest
  // pack alone while the others wait (longest-processing-time order).
  std::vector<std::pair<std::uintmax_t, WorkItem>> sized;
  for (auto& [path, item] : items) {
    std::error_code ec;
    const std::uintmax_t bytes = fs::file_size(path, ec);
    sized.emplace_back(ec ? 0 : bytes, std::move(item));
  }
  std::stable_sort(sized.begin(), sized.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<WorkItem> work;
  work.reserve(sized.size());
  for (auto& [bytes, item] : sized) work.push_back(std::move(item));
  summary.files = static_cast<int>(work.size());
  std::string pipeline_version;
  if (isolated) {
    MB_ASSIGN(version, children.front()->AwaitReady());
    pipeline_version = std::move(version);
  } else {
    pipeline_version = processor->pipeline_version();
  }

  const int jobs = std::min<int>(busy, std::max<size_t>(1, work.size()));
  ResultQueue queue(static_cast<size_t>(jobs) * 2);
  std::atomic<size_t> next{0};
  // Set by the writer when the run cannot go on: the workers stop reading.
  std::atomic<bool> stopping{false};
  std::atomic<int> replaced{0};  // workers replaced after documents_per_worker

  auto skipped = [] {
    WorkResult r;
    r.outcome = Outcome::kFailed;  // never written: the writer is draining
    return r;
  };
  auto work_loop = [&](std::unique_ptr<internal::ChildWorker> child) {
    if (!isolated) {
      for (size_t i = next.fetch_add(1); i < work.size(); i = next.fetch_add(1)) {
        queue.Push(Task{work[i], stopping ? skipped() : processor->Process(work[i])});
      }
      return;
    }
    // The child is given its next document as soon as it answers, before
    // this thread decodes the answer, and a second one while there is
    // plenty of work left, so that it reads one while it extracts the
    // other. Near the end of a batch a worker takes one at a time, so that
    // the others are not left idle.
    auto claim = [&]() -> std::optional<size_t> {
      if (stopping) return std::nullopt;
      const size_t j = next.fetch_add(1);
      return j < work.size() ? std::optional(j) : std::nullopt;
    };
    auto plenty_left = [&] {
      const size_t taken = std::min(next.load(), work.size());
      const size_t left = work.size() - taken;
      return jobs == 1 ? left > 0 : left > static_cast<size_t>(jobs);
    };
    std::deque<size_t> flight;
    // Documents given to this child since it started: at
    // documents_per_worker it is given no more, and once it has answered
    // them it is replaced (Retire; the next Send starts a fresh one).
    int given = 0;
    const int per_worker = options.documents_per_worker;
    auto refill = [&] {
      while (flight.size() < 2 && (flight.empty() || plenty_left())) {
        if (per_worker > 0 && given >= per_worker) return;
        const auto j = claim();
        if (!j) return;
        child->Send(work[*j]);
        flight.push_back(*j);
        ++given;
      }
    };
    auto replace_if_due = [&] {
      if (per_worker <= 0 || given < per_worker || !flight.empty()) return;
      child->Retire();
      given = 0;
      ++replaced;
      refill();
    };
    refill();
    while (!flight.empty()) {
      auto frame = child->Receive();
      const size_t i = flight.front();
      flight.pop_front();
      refill();
      Task task{work[i], frame ? internal::ChildWorker::Decode(*frame) : std::move(frame.error()), nullptr};
      const int page_frames = task.result.outcome == Outcome::kNew ? task.result.page_frames : 0;
      if (page_frames == 0) {
        queue.Push(std::move(task));
        replace_if_due();
        continue;
      }
      // A large document: the writer takes its pages frame by frame as they
      // are read off the child, in the document's transaction.
      auto stream = std::make_shared<PageStream>();
      task.pages = stream;
      queue.Push(std::move(task));
      std::optional<std::string> failed;
      for (int k = 0; k < page_frames; ++k) {
        auto pages = child->ReceivePages();
        if (pages && !failed) {
          stream->Push(std::move(*pages));
        } else if (!pages) {
          if (!failed) failed = pages.error().message;
          // A frame that did not decode leaves the others to read; a child
          // that died or hung sends nothing more.
          if (pages.error().code != ErrorCode::kCorrupt) break;
        }
      }
      if (failed) {
        stream->Fail(*failed);
      } else {
        stream->End();
      }
      replace_if_due();
    }
    // Stopping: what no worker took is drained unread.
    for (size_t j = next.fetch_add(1); j < work.size(); j = next.fetch_add(1)) queue.Push(Task{work[j], skipped()});
  };
  std::vector<std::jthread> workers;
  for (int i = 0; i < jobs && !work.empty(); ++i) {
    const auto k = static_cast<size_t>(i);
    workers.emplace_back(work_loop, k < children.size() ? std::move(children[k]) : nullptr);
  }

  Progress prog;
  prog.total = static_cast<int>(work.size());
  std::optional<Error> fatal;
  // The run cannot go on: the writer drains, the workers stop reading.
  auto stop = [&](Error e) {
    fatal = std::move(e);
    stopping = true;
  };
  for (size_t n = 0; n < work.size(); ++n) {
    Task t = queue.Pop();
    if (fatal) {  // drain the workers: the run cannot go on
      if (t.pages) t.pages->Drain();
      continue;
    }
    const std::string& path = t.item.path;
    WorkResult& r = t.result;
    if (r.fatal) {
      stop(*r.fatal);
      continue;
    }
    switch (r.outcome) {
      case Outcome::kUnchanged:
        ++summary.unchanged;
        break;
      case Outcome::kSkippedFailed:
        ++summary.skipped_failed;
        break;
      case Outcome::kFailed: {
        // A worker that crashed or timed out never said what it read; the
        // fingerprint lets the next run skip the file until it changes.
        if (r.sha256.empty()) r.sha256 = FingerprintFile(path);
        ++summary.failed;
        FileFailure f{path, r.reason};
        summary.failures.push_back(f);
        if (on_failure) on_failure(f);
        if (auto w = db->RecordFailure(path, r.sha256, r.reason); !w) stop(w.error());
        break;
      }
      case Outcome::kNew: {
        Summary counted;
        auto count = [&](const std::vector<Page>& pages) {
          for (const auto& p : pages) {
            ++counted.pages;
            if (p.ocr) {
              ++counted.ocr_pages;
              if (p.ocr_confidence < kLowOcrConfidence) {
                counted.low_confidence_pages.push_back(
                    fmt::format("{} p.{} (confidence {:.0f})", path, p.number, p.ocr_confidence));
              }
            }
          }
        };
        count(r.document.pages);
        // A cache write that fails costs only a later re-OCR, never the document.
        (void)db->StoreOcr(r.ocr_new);
        index::DocumentRecord record{path, r.sha256, pipeline_version, std::move(r.document),
                                     std::move(r.extraction)};
        index::Index::PageSource more;
        if (t.pages) {
          more = [&]() -> Result<std::optional<std::vector<Page>>> {
            MB_ASSIGN(chunk, t.pages->Next());
            if (chunk) count(*chunk);
            return chunk;
          };
        }
        auto w = db->Put(record, more);
        if (t.pages) t.pages->Drain();
        if (!w && t.pages && t.pages->error()) {
          // The worker died or hung while sending the pages: that document
          // failed (rolled back, an earlier version kept), not the run.
          if (r.sha256.empty()) r.sha256 = FingerprintFile(path);
          ++summary.failed;
          FileFailure f{path, *t.pages->error()};
          summary.failures.push_back(f);
          if (on_failure) on_failure(f);
          if (auto rec = db->RecordFailure(path, r.sha256, f.reason); !rec) stop(rec.error());
          break;
        }
        if (!w) {
          stop(w.error());
          break;
        }
        summary.pages += counted.pages;
        summary.ocr_pages += counted.ocr_pages;
        for (auto& l : counted.low_confidence_pages) summary.low_confidence_pages.push_back(std::move(l));
        summary.ocr_cached += r.ocr_cache_hits;
        ++(t.item.ok_sha256 ? summary.replaced : summary.added);
        break;
      }
    }
    ++prog.done;
    prog.pages = summary.pages;
    prog.ocr_pages = summary.ocr_pages;
    prog.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress(prog);
  }
  workers.clear();
  if (fatal) return std::unexpected(*fatal);

  if (options.prune) {
    MB_ASSIGN(all, db->KnownDocuments());
    for (const auto& [path, k] : all) {
      std::error_code ec;
      if (!fs::exists(path, ec) && !ec && InThisShard(path, roots, options.shard)) {
        MB_TRY(db->Remove(path));
        if (k.status == "ok") ++summary.pruned;
      }
    }
  }

  // People across the whole index, when documents or the aliases changed
  // since they were last stored. The documents' memory, freed by the writer
  // from the readers' arenas, is handed back first: the refresh is the
  // writer's peak.
  ::malloc_trim(0);
  MB_ASSIGN(people, roster::Update(*db, options.rules_dir));
  summary.people_seconds = people.seconds;
  summary.workers_replaced = replaced.load();
  summary.people_error = people.aliases_error;
  return summary;
}

}  // namespace minutebook::ingest
