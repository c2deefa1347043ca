// Post-processing of Tesseract's text, exposed for tests.
#ifndef MINUTEBOOK_OCR_INTERNAL_BULLETS_H_
#define MINUTEBOOK_OCR_INTERNAL_BULLETS_H_

#include <string>
#include <string_view>

namespace minutebook::ocr::internal {

// Puts back the "•" that Tesseract reads as "¢", "«", "*" (or two of them)
// at the start of a line when a space follows. Everything else is unchanged.
std::string RepairBullets(std::string_view text);

}  // namespace minutebook::ocr::internal

#endif  // MINUTEBOOK_OCR_INTERNAL_BULLETS_H_
