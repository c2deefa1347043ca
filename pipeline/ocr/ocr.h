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
