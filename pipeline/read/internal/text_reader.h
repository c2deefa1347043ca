// Plain-text reading behind read.h: decoding to UTF-8 (also used for HTML)
// and the split into pages.
#ifndef MINUTEBOOK_READ_INTERNAL_TEXT_READER_H_
#define MINUTEBOOK_READ_INTERNAL_TEXT_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"

namespace minutebook::read::internal {

struct DecodedText {
  std::string utf8;                   // no BOM; every line ends in LF, never CR
  std::vector<std::string> warnings;  // e.g. "3 invalid bytes replaced"
};

// Decodes UTF-8 (with or without BOM), UTF-16LE/BE (BOM, or Latin text
// without one) and Windows-1252. Bytes that are not valid UTF-8 are read as
// Windows-1252 unless the text also holds at least as many valid multi-byte
// UTF-8 sequences as invalid bytes (or starts with a UTF-8 BOM): then it is
// UTF-8 with a few bad bytes, each replaced by U+FFFD. Never fails.
// Thread-safe: each call opens its own ICU converter.
DecodedText DecodeText(std::string_view bytes);

// One page, or one page per form feed; a form feed at the very end does not
// start an empty page.
Document ReadText(std::string_view bytes);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_TEXT_READER_H_
