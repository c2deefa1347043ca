// PDF reading behind read.h: text layer page by page with poppler-cpp, and
// OCR (pipeline/ocr) for pages whose text layer is not usable.
#ifndef MINUTEBOOK_READ_INTERNAL_PDF_READER_H_
#define MINUTEBOOK_READ_INTERNAL_PDF_READER_H_

#include <string_view>

#include "common/model.h"
#include "common/result.h"
#include "read/read.h"

namespace minutebook::read::internal {

// REQUIRES: bytes start with "%PDF-" (Sniff said kPdf).
// Fails with kEncrypted for password-protected files, kCorrupt for damaged ones.
// Thread-safe: each call opens its own poppler document; OCR engines are
// created once per calling thread.
Result<Document> ReadPdf(std::string_view bytes, const Options& options);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_PDF_READER_H_
