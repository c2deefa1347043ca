#include "ingest/ingest.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "discover/discover.h"
#include "extract/extract.h"
#include "index/index.h"
#include "normalise/normalise.h"

namespace minutebook::ingest {
namespace {

namespace fs = std::filesystem;

// Pages OCR'd with a mean confidence below this are listed in the summary.
constexpr double kLowOcrConfidence = 70.0;
// Bumped when the reader's output changes in a way that needs re-reading.
constexpr int kReaderVersion = 1;

enum class Outcome { kUnchanged, kSkippedFailed, kNew, kFailed };

struct Task {
  std::string path;
  Outcome outcome = Outcome::kNew;
  bool known = false;
  std::string sha256;
  std::string reason;
  std::optional<index::DocumentRecord> record;
};

// Bounded so that memory does not grow with the corpus: workers wait while
// the writer is behind.
class ResultQueue {
 public:
  explicit ResultQueue(size_t capacity) : capacity_(capacity) {}
  void Push(Task t) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(t));
    not_empty_.notify_one();
  }
  Task Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    Task t = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return t;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Task> items_;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "read error");
  return std::move(ss).str();
}

std::string Reason(const Error& e) { return fmt::format("{}: {}", ErrorCodeName(e.code), e.message); }

}  // namespace

Result<Summary> Run(const std::vector<fs::path>& roots, const Options& options, const ProgressFn& progress,
                    const FailureFn& on_failure) {
  const auto start = std::chrono::steady_clock::now();
  MB_ASSIGN(extractor, extract::Extractor::Create(extract::Options{options.rules_dir}));
  MB_ASSIGN(normaliser, normalise::Normaliser::Create());
  const std::string pipeline_version =
      fmt::format("read{}/normalise{}/rules:{}", kReaderVersion, normalise::kVersion, extractor->version());

  if (auto parent = fs::path(options.db_path).parent_path(); !parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
  }
  MB_ASSIGN(db, index::Index::Open(options.db_path));
  MB_ASSIGN(known_list, db->KnownDocuments());
  // path -> (ok version, failed version); a path can have both.
  std::map<std::string, std::pair<std::optional<index::Known>, std::optional<index::Known>>> known;
  for (auto& [path, k] : known_list) {
    auto& slot = known[path];
    (k.status == "ok" ? slot.first : slot.second) = k;
  }

  Summary summary;
  discover::Listing listing = discover::Walk(roots);
  for (const auto& p : listing.problems) {
    FileFailure f{p.path.string(), p.reason};
    summary.failures.push_back(f);
    if (on_failure) on_failure(f);
  }
  std::vector<std::string> paths;
  for (const auto& s : listing.files) paths.push_back(fs::absolute(s.path).lexically_normal().string());
  summary.files = static_cast<int>(paths.size());

  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<int>(jobs, std::max<size_t>(1, paths.size()));
  ResultQueue queue(static_cast<size_t>(jobs) * 2);
  std::atomic<size_t> next{0};

  auto work = [&] {
    while (true) {
      const size_t i = next.fetch_add(1);
      if (i >= paths.size()) return;
      Task t;
      t.path = paths[i];
      auto it = known.find(t.path);
      t.known = it != known.end() && it->second.first.has_value();
      auto bytes = ReadWholeFile(t.path);
      if (!bytes) {
        t.outcome = Outcome::kFailed;
        t.reason = Reason(bytes.error());
        queue.Push(std::move(t));
        continue;
      }
      t.sha256 = discover::Sha256Hex(*bytes);
      if (it != known.end()) {
        const auto& [ok, failed] = it->second;
        if (ok && ok->sha256 == t.sha256 && ok->pipeline_version == pipeline_version) {
          t.outcome = Outcome::kUnchanged;
          queue.Push(std::move(t));
          continue;
        }
        if (failed && failed->sha256 == t.sha256 && !options.retry_failed) {
          t.outcome = Outcome::kSkippedFailed;
          queue.Push(std::move(t));
          continue;
        }
      }
      auto doc = read::ReadBytes(*bytes, options.read);
      bytes->clear();
      bytes->shrink_to_fit();
      if (!doc) {
        t.outcome = Outcome::kFailed;
        t.reason = Reason(doc.error());
        queue.Push(std::move(t));
        continue;
      }
      normaliser->NormaliseDocument(*doc);
      index::DocumentRecord r;
      r.path = t.path;
      r.sha256 = t.sha256;
      r.pipeline_version = pipeline_version;
      r.extraction = extractor->Process(*doc);
      r.document = std::move(*doc);
      t.record = std::move(r);
      queue.Push(std::move(t));
    }
  };

  std::vector<std::jthread> workers;
  for (int i = 0; i < jobs && !paths.empty(); ++i) workers.emplace_back(work);

  Progress prog;
  prog.total = static_cast<int>(paths.size());
  std::optional<Error> fatal;
  for (size_t n = 0; n < paths.size(); ++n) {
    Task t = queue.Pop();
    if (fatal) continue;  // drain the workers; the index is no longer writable
    switch (t.outcome) {
      case Outcome::kUnchanged:
        ++summary.unchanged;
        break;
      case Outcome::kSkippedFailed:
        ++summary.skipped_failed;
        break;
      case Outcome::kFailed: {
        ++summary.failed;
        FileFailure f{t.path, t.reason};
        summary.failures.push_back(f);
        if (on_failure) on_failure(f);
        if (auto w = db->RecordFailure(t.path, t.sha256, t.reason); !w) fatal = w.error();
        break;
      }
      case Outcome::kNew: {
        for (const auto& p : t.record->document.pages) {
          ++summary.pages;
          if (p.ocr) {
            ++summary.ocr_pages;
            if (p.ocr_confidence < kLowOcrConfidence) {
              summary.low_confidence_pages.push_back(
                  fmt::format("{} p.{} (confidence {:.0f})", t.path, p.number, p.ocr_confidence));
            }
          }
        }
        if (auto w = db->Put(*t.record); !w) {
          fatal = w.error();
          break;
        }
        ++(t.known ? summary.replaced : summary.added);
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
      if (!fs::exists(path, ec) && !ec) {
        MB_TRY(db->Remove(path));
        if (k.status == "ok") ++summary.pruned;
      }
    }
  }
  return summary;
}

}  // namespace minutebook::ingest
