// Character error rate, the accuracy measure for OCR in tests and bench/ocr.
#ifndef MINUTEBOOK_OCR_INTERNAL_CER_H_
#define MINUTEBOOK_OCR_INTERNAL_CER_H_

#include <cstddef>
#include <string>
#include <string_view>


namespace minutebook::ocr::internal {

// The form both texts are compared in: UTF-8 decoded to code points, every
// run of whitespace one space, no leading/trailing space, the ligatures
// U+FB00..U+FB04 spelt out. Layout (line breaks, blank lines, column padding)
// and a font's ligature glyphs are not what OCR is judged on.
std::u32string NormaliseForCer(std::string_view utf8);

// Levenshtein distance in code points (insertions, deletions, substitutions).
// O(a.size() * b.size()) time, O(b.size()) memory: compare a page at a time.
std::size_t EditDistance(std::u32string_view a, std::u32string_view b);

struct CerCount {
  std::size_t errors = 0;     // edit distance
  std::size_t reference = 0;  // reference length in code points
  double rate() const { return reference == 0 ? (errors == 0 ? 0.0 : 1.0) : double(errors) / double(reference); }
  CerCount& operator+=(const CerCount& other) {
    errors += other.errors;
    reference += other.reference;
    return *this;
  }
};

// CER of `hypothesis` against `reference`, both normalised first.
CerCount CharacterErrors(std::string_view reference, std::string_view hypothesis);

}  // namespace minutebook::ocr::internal

#endif  // MINUTEBOOK_OCR_INTERNAL_CER_H_
