// Normalisation in three linear passes over a whole page:
//   1. UTF-8 -> UTF-16, dropping invisible characters (they must go before
//      NFKC, or a base letter and its accent separated by one would stay
//      uncomposed and a second Normalise would change the text);
//   2. NFKC with ICU, then UTF-16 -> UTF-8 folding typographic variants
//      (quotes, dashes, spaces, bullets) to ASCII with a hand-coded table;
//   3. internal::CleanLines for markup, whitespace and hyphenation.
// Pure-ASCII pages skip passes 1 and 2: NFKC and the folding leave them as they are.
#include "normalise/normalise.h"

#include <unicode/errorcode.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <limits>
#include <utility>

#include "normalise/internal/markup.h"

namespace minutebook::normalise {
namespace {

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Format and other invisible characters that only steer rendering: zero-width
// space/joiners, word joiner, BOM, bidi marks and embeddings, soft hyphen;
// and C1 controls (but NEL, a line break), which are mis-decoded bytes.
bool IsInvisible(UChar32 c) {
  return c == 0x00AD || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF ||
         (c >= 0x0080 && c <= 0x009F && c != 0x0085);
}

// A soft hyphen is where a word was broken: at a line end it is a hyphen the
// re-joining pass should see, anywhere else it is invisible.
bool AtLineEnd(const std::uint8_t* s, int32_t i, int32_t length) {
  while (i < length && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i == length || s[i] == '\n' || s[i] == '\r';
}

// The ASCII stand-in for a typographic variant, or 0 when c stays as it is.
char FoldToAscii(UChar32 c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:  // single quotes
    case 0x2032: case 0x2035: case 0x02BC:               // primes, modifier apostrophe
    case 0x2039: case 0x203A:                            // single guillemets
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:  // double quotes
    case 0x2033: case 0x2036: case 0x00AB: case 0x00BB:
      return '"';
    // Hyphens and dashes alike: the extraction rules treat "ACTION -" and
    // "ACTION –" the same, and PDFs use them interchangeably.
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0x2E3A: case 0x2E3B: case 0xFE58: case 0xFE63: case 0xFF0D:
    // List bullets, including the private-use code points Word's Symbol and
    // Wingdings bullets come out as in PDF text layers.
    case 0x2022: case 0x2023: case 0x2043: case 0x2219: case 0x25A0: case 0x25A1:
    case 0x25AA: case 0x25AB: case 0x25B8: case 0x25BA: case 0x25C6: case 0x25C7:
    case 0x25CB: case 0x25CF: case 0x25E6: case 0x27A2: case 0x27A4: case 0xF0A7:
    case 0xF0B7: case 0xF0D8:
      return '-';
    case 0x00A0: case 0x1680: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
    case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009:
    case 0x200A: case 0x202F: case 0x205F: case 0x3000:
      return ' ';
    case 0x0085: case 0x2028: case 0x2029:
      return '\n';
    default:
      return 0;
  }
}

icu::UnicodeString DecodeDroppingInvisible(std::string_view text) {
  icu::UnicodeString out;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  // One UTF-16 unit per UTF-8 byte is always enough (4 bytes -> 2 units,
  // an invalid byte -> one U+FFFD).
  UChar* buffer = out.getBuffer(length + 1);
  int32_t n = 0;
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {
      buffer[n++] = s[i++];
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    if (IsInvisible(c)) {
      if (c == 0x00AD && AtLineEnd(s, i, length)) buffer[n++] = u'-';
      continue;
    }
    U16_APPEND_UNSAFE(buffer, n, c);
  }
  out.releaseBuffer(n);
  return out;
}

std::string EncodeFolding(const icu::UnicodeString& text) {
  const UChar* s = text.getBuffer();
  const int32_t length = text.length();
  // At most three UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
  std::string out(static_cast<std::size_t>(length) * 3, '\0');
  auto* p = reinterpret_cast<std::uint8_t*>(out.data());
  int32_t n = 0;
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {
      p[n++] = static_cast<std::uint8_t>(s[i++]);
      continue;
    }
    UChar32 c;
    U16_NEXT(s, i, length, c);
    if (char ascii = FoldToAscii(c); ascii != 0) {
      p[n++] = static_cast<std::uint8_t>(ascii);
    } else {
      if (U_IS_SURROGATE(c)) c = 0xFFFD;
      U8_APPEND_UNSAFE(p, n, c);
    }
  }
  out.resize(static_cast<std::size_t>(n));
  return out;
}

class IcuNormaliser final : public Normaliser {
 public:
  // nfkc is ICU's process-wide singleton; its const methods are thread-safe.
  explicit IcuNormaliser(const icu::Normalizer2& nfkc) : nfkc_(nfkc) {}

  std::string Normalise(std::string_view text) const override {
    if (IsAscii(text)) return internal::CleanLines(text);
    // ICU strings are int32_t-indexed; a larger page is handled in two halves
    // split at a line break (no real page is anywhere near this size).
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max() / 2)) {
      std::size_t cut = text.rfind('\n', text.size() / 2);
      cut = cut == std::string_view::npos ? text.size() / 2 : cut + 1;
      return Normalise(text.substr(0, cut)) + Normalise(text.substr(cut));
    }
    icu::UnicodeString decoded = DecodeDroppingInvisible(text);
    icu::ErrorCode status;
    int32_t normal_prefix = nfkc_.spanQuickCheckYes(decoded, status);
    if (status.isSuccess() && normal_prefix < decoded.length()) {
      icu::UnicodeString normalised(decoded, 0, normal_prefix);
      nfkc_.normalizeSecondAndAppend(normalised, decoded.tempSubString(normal_prefix), status);
      // On an ICU failure (out of memory) the un-normalised text is still usable.
      if (status.isSuccess()) decoded = std::move(normalised);
    }
    return internal::CleanLines(EncodeFolding(decoded));
  }

 private:
  const icu::Normalizer2& nfkc_;
};

}  // namespace

Result<std::unique_ptr<Normaliser>> Normaliser::Create() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || nfkc == nullptr) {
    return Fail(ErrorCode::kInternal, std::string("ICU NFKC data unavailable: ") + u_errorName(status));
  }
  return std::unique_ptr<Normaliser>(new IcuNormaliser(*nfkc));
}

void Normaliser::NormaliseDocument(Document& document) const {
  for (Page& page : document.pages) {
    page.normalised = Normalise(page.text);
    if (page.normalised == page.text) std::string().swap(page.normalised);
  }
}

}  // namespace minutebook::normalise
