// PDF reading behind read.h: text layer page by page with poppler-cpp, and
// OCR (pipeline/ocr) for pages whose text layer is not usable.
#ifndef MINUTEBOOK_READ_INTERNAL_PDF_READER_H_
#define MINUTEBOOK_READ_INTERNAL_PDF_READER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/model.h"
#include "common/result.h"
#include "read/read.h"

namespace minutebook::ocr {
class Engine;
}  // namespace minutebook::ocr

namespace minutebook::read::internal {

// REQUIRES: bytes start with "%PDF-" (Sniff said kPdf).
// Fails with kEncrypted for password-protected files, kCorrupt for damaged
// ones, kInvalidArgument when options.ocr is not auto/always/never or
// options.ocr_dpi is outside 50..1200 (not checked for ocr "never").
// Pages are numbered from 1; a page that cannot be read or OCR'd is kept
// (empty, or with its text layer) and explained in Document::warnings.
// Thread-safe: each call opens its own poppler document; OCR engines are
// created once per calling thread.
Result<Document> ReadPdf(std::string_view bytes, const Options& options);

// Where ReadPdf gets its OCR engine: called at most once per document and
// reading thread (see Options::page_threads), on that thread's first page
// that needs OCR (a PDF with a usable text layer never loads Tesseract). The
// engine is used from that thread during the call only, so with several
// page threads the source must be thread-safe and give each its own engine.
// ReadPdf's own source creates one Tesseract engine per thread and keeps it
// for the thread's lifetime (page threads live as long as the process). An
// error means OCR is unavailable: pages keep their text layer and one
// warning names them.
using OcrEngineSource = std::function<Result<ocr::Engine*>()>;

// For tests of what a page that cannot be rendered does: given a 0-based
// page, a reason it cannot be rendered, or nullopt when it can. Poppler
// renders every page a test can make, so this stands in for its failures.
using RenderFault = std::function<std::optional<std::string>(int page_index)>;

// ReadPdf with the OCR engine swapped, for tests and benchmarks, and with
// rendering failed where render_fault says.
Result<Document> ReadPdf(std::string_view bytes, const Options& options,
                         const OcrEngineSource& ocr_engine, const RenderFault& render_fault = nullptr);

// What ReadPdf with check_hidden_text finds, without reading the text:
// every page in turn on the calling thread. Same REQUIRES and errors.
Result<std::vector<HiddenText>> FindHiddenTextInPdf(std::string_view bytes);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_PDF_READER_H_
