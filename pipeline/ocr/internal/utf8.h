// UTF-8 decoding shared by the text-layer rule and the CER measure.
#ifndef MINUTEBOOK_OCR_INTERNAL_UTF8_H_
#define MINUTEBOOK_OCR_INTERNAL_UTF8_H_

#include <cstddef>
#include <string_view>

namespace minutebook::ocr::internal {

// Decodes the code point at text[*i] and advances *i past it.
// REQUIRES: *i < text.size().
// An invalid, overlong-lead or truncated sequence yields U+FFFD and advances
// one byte, so garbage is counted byte by byte.
inline char32_t NextCodePoint(std::string_view text, std::size_t* i) {
  const auto lead = static_cast<unsigned char>(text[*i]);
  int length = 0;
  char32_t c = 0;
  if (lead < 0x80) {
    ++*i;
    return lead;
  } else if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) {
    length = 2;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) {
    length = 4;
    c = lead & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + length > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[*i + k]);
    if ((byte & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    c = (c << 6) | (byte & 0x3F);
  }
  *i += length;
  return c;
}

// Whitespace for counting and collapsing: ASCII spaces and the Unicode
// spaces PDFs and OCR produce (no-break, en/em/thin, zero width, BOM).
inline bool IsUnicodeSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x00A0 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

}  // namespace minutebook::ocr::internal

#endif  // MINUTEBOOK_OCR_INTERNAL_UTF8_H_
