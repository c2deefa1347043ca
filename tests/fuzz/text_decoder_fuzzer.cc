// Fuzzes the text side of the read stage: sniffing, charset detection and
// decoding (UTF-8, BOMs, UTF-16, Windows-1252), form-feed pages, and the
// visible text of HTML. Inputs that sniff as PDF are left to Poppler's own
// fuzzing. Checks: every page is valid UTF-8 and pages are numbered 1..n.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "read/read.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace minutebook;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto kind = read::Sniff(bytes);
  if (!kind || *kind == DocumentKind::kPdf) return 0;
  auto document = read::ReadBytes(bytes, read::Options{.ocr = "never"});
  if (!document) return 0;  // refusing is fine; crashing is not
  int number = 1;
  for (const Page& page : document->pages) {
    if (page.number != number++) std::abort();
    if (!fuzz::IsValidUtf8(page.text)) std::abort();
  }
  return 0;
}
