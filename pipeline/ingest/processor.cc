#include "ingest/internal/processor.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <system_error>

#include <fmt/format.h>

#include "common/hash.h"
#include "ingest/internal/public.h"
#include "ocr/ocr.h"
#include "read/read.h"

namespace minutebook::ingest::internal {
namespace {

// Bumped when the reader's output changes in a way that needs re-reading.
// 3: PDFs are checked for text hidden under filled boxes as they are read
// (Document::hidden_text); documents read by 2 were never checked.
constexpr int kReaderVersion = 3;

std::string Reason(const Error& e) { return fmt::format("{}: {}", ErrorCodeName(e.code), e.message); }

// One document's view of the OCR cache: hits come from the index, new
// results are collected for the writer (workers never write the index).
class DocumentOcrCache final : public read::OcrCache {
 public:
  using Lookup = std::function<std::optional<index::OcrEntry>(const std::string&)>;
  explicit DocumentOcrCache(Lookup lookup) : lookup_(std::move(lookup)) {}
  // Called from every page thread of the document (read::Options::page_threads).
  std::optional<Entry> Find(const std::string& key) override {
    auto hit = lookup_(key);
    if (!hit) return std::nullopt;
    std::lock_guard lock(mu_);
    ++hits_;
    return Entry{hit->text, hit->confidence};
  }
  void Store(const std::string& key, const Entry& entry) override {
    std::lock_guard lock(mu_);
    added_.push_back(index::OcrEntry{key, entry.text, entry.confidence});
  }
  std::vector<index::OcrEntry> TakeAdded() { return std::move(added_); }
  int hits() const { return hits_; }

 private:
  std::mutex mu_;
  int hits_ = 0;
  Lookup lookup_;
  std::vector<index::OcrEntry> added_;
};

}  // namespace

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, std::string("cannot open file: ") + std::strerror(errno));
  // Sized from the file, read once: a stream copy grows its buffer by
  // doubling and then copies it out, which for a 90 MB PDF held 134 MB at the
  // worker's peak (heaptrack). A file that grows while read is read to its
  // end; one whose size cannot be told (a pipe) in chunks.
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::string bytes;
  if (!ec) bytes.resize(static_cast<size_t>(size));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  size_t got = static_cast<size_t>(in.gcount());
  // peek, not a read into more room: growing a full string doubles it.
  if (got == bytes.size() && in.peek() != std::char_traits<char>::eof()) {
    constexpr size_t kChunk = 1 << 16;
    while (in) {
      bytes.resize(got + kChunk);
      in.read(bytes.data() + got, kChunk);
      got += static_cast<size_t>(in.gcount());
    }
  }
  if (in.bad()) return Fail(ErrorCode::kIo, "read error");
  bytes.resize(got);
  return bytes;
}

std::optional<index::OcrEntry> Processor::FindOcr(const std::string& key) const {
  std::lock_guard lock(cache_mu_);
  if (!cache_index_ && !cache_unavailable_) {
    auto opened = index::Index::Open(options_.db_path, index::Options{.read_only = true});
    if (opened) {
      cache_index_ = std::move(*opened);
    } else {
      cache_unavailable_ = true;  // a fresh index: nothing cached yet
    }
  }
  if (!cache_index_) return std::nullopt;
  auto hit = cache_index_->FindOcr(key);
  return hit ? *hit : std::nullopt;
}

Result<std::unique_ptr<Processor>> Processor::Create(const Options& options, bool compile_rules_in_background) {
  std::unique_ptr<Processor> p(new Processor());
  p->options_ = options;
  MB_ASSIGN(extractor, extract::Extractor::Create(extract::Options{
                           .rules_dir = options.rules_dir, .compile_in_background = compile_rules_in_background}));
  MB_ASSIGN(normaliser, normalise::Normaliser::Create());
  // A worker (the background case) loads the OCR stage's word list while it
  // reads its first document, as it compiles its rules.
  if (compile_rules_in_background) ocr::PreloadTextLayerJudge();
  p->extractor_ = std::move(extractor);
  p->normaliser_ = std::move(normaliser);
  p->pipeline_version_ =
      fmt::format("read{}/normalise{}/rules:{}", kReaderVersion, normalise::kVersion, p->extractor_->version());
  return p;
}

WorkResult Processor::Process(const WorkItem& item) const {
  WorkResult r = Read(item);
  if (r.outcome == Outcome::kNew) Extract(r);
  return r;
}

WorkResult Processor::Read(const WorkItem& item) const {
  WorkResult r;
  auto bytes = ReadWholeFile(item.path);
  if (!bytes) {
    r.outcome = Outcome::kFailed;
    r.reason = Reason(bytes.error());
    return r;
  }
  r.sha256 = Sha256Hex(*bytes);
  if (item.ok_sha256 == r.sha256 && item.ok_pipeline_version == pipeline_version_) {
    r.outcome = Outcome::kUnchanged;
    return r;
  }
  if (item.failed_sha256 == r.sha256 && !options_.retry_failed) {
    r.outcome = Outcome::kSkippedFailed;
    return r;
  }
  DocumentOcrCache cache([this](const std::string& key) { return FindOcr(key); });
  read::Options read_options = options_.read;
  read_options.ocr_cache = &cache;
  // Stored with the document, so that the audit need not render the pages.
  read_options.check_hidden_text = true;
  auto doc = read::ReadBytes(*bytes, read_options);
  r.ocr_new = cache.TakeAdded();
  r.ocr_cache_hits = cache.hits();
  *bytes = std::string();  // the pages are all we keep from here on
  if (!doc) {
    r.outcome = Outcome::kFailed;
    r.reason = Reason(doc.error());
    return r;
  }
  // A document without a character of text (blank pages, a scan OCR found
  // nothing on, only whitespace) could never be found: it fails, as an empty
  // file does, so that someone looks at it.
  if (std::ranges::all_of(doc->pages, [](const Page& p) {
        return p.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos;
      })) {
    const size_t n = doc->pages.size();
    r.outcome = Outcome::kFailed;
    r.reason = Reason(Error{ErrorCode::kUnsupported,
                            n == 0 ? std::string("no pages")
                                   : fmt::format("no text on any page ({} blank page{})", n, n == 1 ? "" : "s")});
    return r;
  }
  doc->name = std::filesystem::path(item.path).filename().string();
  normaliser_->NormaliseDocument(*doc);
  r.document = std::move(*doc);
  r.outcome = Outcome::kNew;
  return r;
}

void Processor::Extract(WorkResult& r) const {
  r.extraction = extractor_->Process(r.document);
  // The rules may still have been compiling in the background (a worker's
  // first document); a result extracted with a broken rule is never kept.
  if (auto ready = extractor_->Ready(); !ready) {
    r = WorkResult{};
    r.outcome = Outcome::kFailed;
    r.reason = Reason(ready.error());
    r.fatal = ready.error();
    return;
  }
  if (options_.public_index) {
    WithholdForPublic(r.document, r.extraction);
    for (auto& item : r.extraction.restricted) item.evidence.clear();
    // As evidence: where a redaction failed, not the words it failed to hide.
    for (auto& hidden : r.document.hidden_text) hidden.text.clear();
  }
}

}  // namespace minutebook::ingest::internal
