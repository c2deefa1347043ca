// Read stage: turns a file's bytes into pages of UTF-8 text.
// The type is decided from the content (magic bytes, sniffing), not the name.
#ifndef MINUTEBOOK_READ_READ_H_
#define MINUTEBOOK_READ_READ_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/model.h"
#include "common/result.h"

namespace minutebook::read {

// OCR results kept between runs, so that re-reading a changed document does
// not OCR its unchanged pages again. Keys name what was recognised: a hash
// of the rendered page's pixels plus the resolution, language and engine
// version. A reader calls it only from the thread it reads on.
class OcrCache {
 public:
  struct Entry {
    std::string text;
    double confidence = 0;
  };
  virtual ~OcrCache() = default;
  virtual std::optional<Entry> Find(const std::string& key) = 0;
  virtual void Store(const std::string& key, const Entry& entry) = 0;
};

struct Options {
  // OCR of PDF pages without a usable text layer: "auto", "always" or "never".
  // Default: "auto".
  std::string ocr = "auto";
  // Resolution pages are rendered at for OCR. Default: 300.
  int ocr_dpi = 300;
  // Where OCR results are looked up and stored; borrowed, may be null.
  // Default: nullptr (every page that needs OCR is OCR'd).
  OcrCache* ocr_cache = nullptr;
  // Threads that read (and OCR) the pages of one PDF at once; the caller's
  // is one of them. Ingest sets it to the cores its document workers leave
  // idle. With more than one, ocr_cache must be thread-safe. Default: 1.
  int page_threads = 1;
  // Look for text hidden under filled boxes on every PDF page (a failed
  // redaction): renders each page that has words at 100 dpi, on the page
  // threads. Fills Document::hidden_text and sets hidden_checked. Text and
  // HTML ignore it. Default: false.
  bool check_hidden_text = false;
};

// Decides the type from the first bytes of the content. Fails with
// kUnsupported for binary content minutebook does not read (PNG, ZIP, ...).
Result<DocumentKind> Sniff(std::string_view head);

// Reads a whole document held in memory. Thread-safe: may be called from
// several threads at once (each call uses its own decoder state).
// Text: one page, or one page per form feed. PDF: one page per PDF page.
Result<Document> ReadBytes(std::string_view bytes, const Options& options = {});

// Reads a file from disk; errors say why (kIo, kCorrupt, kEncrypted, ...).
Result<Document> ReadFile(const std::filesystem::path& path, const Options& options = {});

// The hidden-text check of Options::check_hidden_text alone, on one thread,
// for a PDF on disk (audit --recheck). kUnsupported when the file is not a
// PDF; otherwise the errors of ReadFile.
Result<std::vector<HiddenText>> FindHiddenText(const std::filesystem::path& path);

}  // namespace minutebook::read

#endif  // MINUTEBOOK_READ_READ_H_
