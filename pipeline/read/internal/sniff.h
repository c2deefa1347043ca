// Content detection shared by Sniff and the text/HTML readers, so that the
// type Sniff reports and the way the reader decodes the bytes always agree.
#ifndef MINUTEBOOK_READ_INTERNAL_SNIFF_H_
#define MINUTEBOOK_READ_INTERNAL_SNIFF_H_

#include <cstddef>
#include <string_view>

namespace minutebook::read::internal {

// Sniff looks at no more than this many leading bytes; enough for a YAML
// front matter block before the first HTML tag.
inline constexpr std::size_t kSniffBytes = 8192;

// A PDF header may follow a little junk (mail headers, a BOM): readers accept
// "%PDF-" anywhere in the first 1 KiB.
inline constexpr std::size_t kPdfHeaderWindow = 1024;

enum class UnicodeForm {
  kBytes,    // UTF-8, or a legacy single-byte encoding; decided on decoding
  kUtf16Le,
  kUtf16Be,
};

struct TextForm {
  UnicodeForm form = UnicodeForm::kBytes;
  std::size_t bom_length = 0;  // bytes of byte order mark to skip
  bool utf8_bom = false;
};

// From the byte order mark, or for text without one, from the NUL bytes that
// Latin text in UTF-16 has in every other position.
TextForm DetectTextForm(std::string_view head);

// Length of a YAML front matter block ("---" line, ..., "---" or "..." line)
// at the start of text, including the closing line's newline; 0 if none.
std::size_t FrontMatterLength(std::string_view text);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_SNIFF_H_
