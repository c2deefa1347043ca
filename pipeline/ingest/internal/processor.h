// The per-document work of an ingest: fingerprint, read, normalise, extract.
// Runs in a worker thread or in an isolated worker process.
#ifndef MINUTEBOOK_INGEST_INTERNAL_PROCESSOR_H_
#define MINUTEBOOK_INGEST_INTERNAL_PROCESSOR_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/model.h"
#include "common/result.h"
#include "extract/extract.h"
#include "index/index.h"
#include "ingest/ingest.h"
#include "normalise/normalise.h"

namespace minutebook::ingest::internal {

// What the index already holds for a path, so unchanged files are skipped
// before any reading.
struct WorkItem {
  std::string path;
  std::optional<std::string> ok_sha256;
  std::string ok_pipeline_version;
  std::optional<std::string> failed_sha256;
};

enum class Outcome { kUnchanged = 0, kSkippedFailed = 1, kNew = 2, kFailed = 3 };

struct WorkResult {
  Outcome outcome = Outcome::kNew;
  std::string sha256;
  std::string reason;  // for kFailed: "<class>: <message>"
  Document document;   // for kNew
  Extraction extraction;
  std::vector<index::OcrEntry> ocr_new;  // OCR results to add to the cache
  int ocr_cache_hits = 0;                // OCR'd pages taken from the cache
  // From a worker process, for a kNew document of more than kPagesPerFrame
  // pages: its pages are not in `document` but follow in this many frames
  // (ChildWorker::ReceivePages), so that neither process holds them twice.
  int page_frames = 0;
  // Set when no document can be processed at all (a rule that does not
  // compile): the run stops with this error instead of failing every file.
  std::optional<Error> fatal;
};

// The whole file, or why it could not be read (kIo with the system's reason).
Result<std::string> ReadWholeFile(const std::string& path);

class Processor {
 public:
  // compile_rules_in_background: see extract::Options; a worker process uses
  // it to read its first document while its rules compile. A rule that does
  // not compile then comes back as WorkResult::fatal.
  static Result<std::unique_ptr<Processor>> Create(const Options& options, bool compile_rules_in_background = false);

  // Thread-safe: the normaliser and extractor are immutable once created.
  // Process is Read, then Extract of a kNew result; a worker process runs the
  // two on two threads so that one document is read while the last is
  // extracted.
  WorkResult Process(const WorkItem& item) const;
  // Fingerprint, skip decisions, read and normalise: a result that is final
  // (unchanged, skipped, failed) or kNew with the normalised document.
  WorkResult Read(const WorkItem& item) const;
  // Extraction (and withholding for a public index) of Read's kNew result.
  void Extract(WorkResult& result) const;
  const std::string& pipeline_version() const { return pipeline_version_; }

 private:
  Processor() = default;
  // The OCR cache is read through its own read-only connection to the index,
  // opened on first use and shared by the threads of this process.
  std::optional<index::OcrEntry> FindOcr(const std::string& key) const;

  Options options_;
  mutable std::mutex cache_mu_;
  mutable std::unique_ptr<index::Index> cache_index_;
  mutable bool cache_unavailable_ = false;
  std::unique_ptr<normalise::Normaliser> normaliser_;
  std::unique_ptr<extract::Extractor> extractor_;
  std::string pipeline_version_;
};

}  // namespace minutebook::ingest::internal

#endif  // MINUTEBOOK_INGEST_INTERNAL_PROCESSOR_H_
