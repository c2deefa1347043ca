// Text decoding with ICU converters. ICU types and status codes stay here.
#include "read/internal/text_reader.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "read/internal/sniff.h"

namespace minutebook::read::internal {
namespace {

struct Utf8Scan {
  std::size_t invalid_bytes = 0;
  std::size_t multibyte_sequences = 0;
};

// Counts well-formed multi-byte sequences and bytes that are not part of
// one (RFC 3629: no overlongs, surrogates or code points past U+10FFFF).
Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan scan;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      if (b == 0xE0) low = 0xA0;
      if (b == 0xED) high = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      if (b == 0xF0) low = 0x90;
      if (b == 0xF4) high = 0x8F;
    }
    bool ok = length != 0 && i + length <= n && p[i + 1] >= low && p[i + 1] <= high;
    for (std::size_t k = 2; ok && k < length; ++k) ok = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
    if (ok) {
      ++scan.multibyte_sequences;
      i += length;
    } else {
      ++scan.invalid_bytes;
      ++i;
    }
  }
  return scan;
}

struct Replacements {
  std::size_t bytes = 0;
};

// ICU's own substitute callback writes U+001A for single-byte code pages;
// this one always writes U+FFFD and counts what it replaced.
void CountAndReplace(const void* context, UConverterToUnicodeArgs* args, const char* /*code_units*/,
                     int32_t length, UConverterCallbackReason reason, UErrorCode* status) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  static_cast<Replacements*>(const_cast<void*>(context))->bytes += static_cast<std::size_t>(length);
  static constexpr UChar kReplacement = 0xFFFD;
  *status = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, status);
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

std::string Plural(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Converts with ICU; on an ICU failure (no converter data) keeps the ASCII
// bytes and replaces the rest, with a warning, since decoding never fails.
std::string ToUtf8(std::string_view bytes, const char* charset, std::vector<std::string>& warnings) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(charset, &status));
  Replacements replaced;
  if (U_SUCCESS(status)) {
    ucnv_setToUCallBack(converter.get(), CountAndReplace, &replaced, nullptr, nullptr, &status);
  }
  // Every supported encoding yields at most one UTF-16 unit per input byte.
  std::u16string units(bytes.size() + 1, u'\0');
  UChar* target = units.data();
  const char* source = bytes.data();
  if (U_SUCCESS(status)) {
    ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source, bytes.data() + bytes.size(),
                   nullptr, /*flush=*/true, &status);
  }
  if (U_FAILURE(status)) {
    warnings.push_back(std::string("cannot decode ") + charset + " (" + u_errorName(status) +
                       "); non-ASCII bytes replaced");
    std::string ascii(bytes);
    for (char& c : ascii) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
    return ascii;
  }
  const auto length = static_cast<int32_t>(target - units.data());
  std::string utf8(static_cast<std::size_t>(length) * 3, '\0');
  int32_t utf8_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(utf8.data(), static_cast<int32_t>(utf8.size()), &utf8_length, units.data(), length, 0xFFFD,
                     nullptr, &status);
  utf8.resize(U_SUCCESS(status) ? static_cast<std::size_t>(utf8_length) : 0);
  if (replaced.bytes > 0) warnings.push_back(Plural(replaced.bytes, "invalid byte") + " replaced");
  return utf8;
}

// CRLF and lone CR become LF, in place.
void UnixLineEnds(std::string& text) {
  if (text.find('\r') == std::string::npos) return;
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      text[out++] = '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      text[out++] = text[i];
    }
  }
  text.resize(out);
}

}  // namespace

DecodedText DecodeText(std::string_view bytes) {
  DecodedText decoded;
  TextForm form = DetectTextForm(bytes.substr(0, kSniffBytes));
  std::string_view body = bytes.substr(form.bom_length);
  if (form.form == UnicodeForm::kUtf16Le || form.form == UnicodeForm::kUtf16Be) {
    decoded.utf8 = ToUtf8(body, form.form == UnicodeForm::kUtf16Le ? "UTF-16LE" : "UTF-16BE", decoded.warnings);
  } else if (Utf8Scan scan = ScanUtf8(body); scan.invalid_bytes == 0) {
    decoded.utf8.assign(body);
  } else if (form.utf8_bom || (scan.multibyte_sequences > 0 && scan.multibyte_sequences >= scan.invalid_bytes)) {
    decoded.utf8 = ToUtf8(body, "UTF-8", decoded.warnings);
  } else {
    decoded.warnings.push_back("not valid UTF-8; read as Windows-1252");
    decoded.utf8 = ToUtf8(body, "windows-1252", decoded.warnings);
  }
  // A BOM-less UTF-16 file may still carry U+FEFF as its first character.
  if (decoded.utf8.starts_with("\xef\xbb\xbf")) decoded.utf8.erase(0, 3);
  UnixLineEnds(decoded.utf8);
  return decoded;
}

Document ReadText(std::string_view bytes) {
  DecodedText decoded = DecodeText(bytes);
  Document document;
  document.kind = DocumentKind::kText;
  document.warnings = std::move(decoded.warnings);
  std::string_view text = decoded.utf8;
  int number = 1;
  for (;;) {
    std::size_t feed = text.find('\f');
    Page page;
    page.number = number++;
    page.text = std::string(text.substr(0, feed));
    document.pages.push_back(std::move(page));
    if (feed == std::string_view::npos || feed + 1 == text.size()) break;
    text.remove_prefix(feed + 1);
  }
  return document;
}

}  // namespace minutebook::read::internal
