#include "ocr/internal/cer.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "ocr/internal/utf8.h"

namespace minutebook::ocr::internal {

namespace {

// The Latin ligatures U+FB00..U+FB04 that text layers keep and OCR spells out.
const char32_t* LigatureSpelling(char32_t c) {
  switch (c) {
    case 0xFB00: return U"ff";
    case 0xFB01: return U"fi";
    case 0xFB02: return U"fl";
    case 0xFB03: return U"ffi";
    case 0xFB04: return U"ffl";
    default: return nullptr;
  }
}

}  // namespace

std::u32string NormaliseForCer(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = NextCodePoint(utf8, &i);
    if (IsUnicodeSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    if (const char32_t* spelling = LigatureSpelling(c)) {
      out.append(spelling);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::size_t EditDistance(std::u32string_view a, std::u32string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

CerCount CharacterErrors(std::string_view reference, std::string_view hypothesis) {
  const std::u32string ref = NormaliseForCer(reference);
  const std::u32string hyp = NormaliseForCer(hypothesis);
  return CerCount{EditDistance(ref, hyp), ref.size()};
}

}  // namespace minutebook::ocr::internal
