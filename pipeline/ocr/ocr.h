// OCR stage: decides whether a page's text layer is usable and reads page
// images with Tesseract. No Poppler or Tesseract types cross this header.
#ifndef MINUTEBOOK_OCR_OCR_H_
#define MINUTEBOOK_OCR_OCR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace minutebook::ocr {

// A rendered page: 8-bit grey or 32-bit BGRA rows, borrowed from the caller.
struct Image {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int bytes_per_pixel = 4;  // 1 (grey), 3 (RGB) or 4 (BGRA/XRGB as Poppler renders)
  int bytes_per_line = 0;
  int dpi = 300;
};

struct Text {
  std::string text;         // UTF-8, lines in reading order
  double confidence = 0.0;  // mean word confidence 0..100
};

struct Options {
  std::string language = "eng";  // Default: "eng"
  std::string tessdata_dir;      // Default: "" (Tesseract's compiled-in path)
  // Turn pages scanned sideways or upside down upright first. Needs
  // osd.traineddata (Debian package tesseract-ocr-osd); silently off without.
  // Default: true.
  bool correct_orientation = true;
  // Straighten pages scanned a few degrees askew. Default: true.
  bool deskew = true;
};

// The measurable rule for "this page needs OCR": too little text for the page
// area, or mostly unmapped/garbage glyphs. page_area_sq_in is the page size in
// square inches; <= 0 means unknown and is taken as A4. Usable means at least
// one visible character per square inch and at most 25% of them U+FFFD,
// private-use, control or invalid UTF-8 (the reasoning is in ocr.cc).
bool TextLayerUsable(std::string_view text, double page_area_sq_in);

// Why a page's text layer is not used, stored with the page as `ocr_reason`.
enum class OcrReason {
  kNone,            // the text layer is usable
  kNoText,          // too few visible characters for the page area
  kUnmappedGlyphs,  // U+FFFD, private-use or control characters
  kGarbageText,     // characters that read as no language (a wrong ToUnicode map)
  kRequested,       // --ocr always
};
// "" | "no_text" | "unmapped_glyphs" | "garbage_text" | "requested".
const char* OcrReasonName(OcrReason reason);

// TextLayerUsable's two tests, then the language test (LanguageOf): the
// first that fails is the reason.
OcrReason JudgeTextLayer(std::string_view text, double page_area_sq_in);

// Starts loading the word list JudgeTextLayer reads (about 0.1 s) on a
// background thread, so that a worker reads its first document meanwhile;
// the first judgement waits for it. Optional: without it the list loads on
// first use. Idempotent.
void PreloadTextLayerJudge();

// How much of a text reads as language. words: tokens that count (at least
// two characters, not a number); known: the share of them that are words.
// With the system word list (Debian wbritish, /usr/share/dict/british-english,
// loaded once per process) a word is one in the list; without it, one made of
// letters with a vowel and no long run of consonants. garbage: enough tokens
// to judge, and too few of them words.
struct Language {
  int words = 0;
  double known = 1.0;
  bool dictionary = false;  // judged with the word list
  bool garbage = false;
};
Language LanguageOf(std::string_view text);
// As LanguageOf, with the letter statistics whatever word list is installed.
Language LanguageByLetters(std::string_view text);

// The engine's version ("5.3.0"), part of every OCR cache key.
std::string EngineVersion();

class Engine {
 public:
  // Loads the language model (~0.3 s): create once per thread, not per page.
  // Fails with kNotFound when the language's traineddata is not installed.
  static Result<std::unique_ptr<Engine>> Create(const Options& options);
  virtual ~Engine() = default;
  // NOT thread-safe: create one Engine per worker thread.
  // Fails with kInvalidArgument for an image without pixels or with another
  // bytes_per_pixel, kInternal when Tesseract fails. A blank page is empty
  // text, not an error. Bullets Tesseract misreads at the start of a line
  // ("¢ ", "* ") come back as "• ".
  virtual Result<Text> Recognise(const Image& image) = 0;
  // True when pages scanned sideways or upside down are read upright
  // (Options::correct_orientation and the OSD data is installed).
  virtual bool corrects_orientation() const { return false; }
};

}  // namespace minutebook::ocr

#endif  // MINUTEBOOK_OCR_OCR_H_
