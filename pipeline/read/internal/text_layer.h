// A PDF page's text layer in one pass of Poppler's interpreter: the text as
// pdftotext gives it, the word boxes when asked, and whether anything was
// painted over text (or text drawn on a paint of its own colour), which is
// what decides whether the page must be rendered to look for text hidden
// under boxes (#13: rendering every page cost more than reading it).
//
// Uses Poppler's core API (libpoppler-private-dev): poppler-cpp gives text,
// boxes and paint order only in separate passes, and paint order not at all.
#ifndef MINUTEBOOK_READ_INTERNAL_TEXT_LAYER_H_
#define MINUTEBOOK_READ_INTERNAL_TEXT_LAYER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace minutebook::read::internal {

// A word as Poppler boxes it, in points from the page's top-left corner.
struct WordBox {
  std::string text;  // UTF-8
  double left = 0, top = 0, right = 0, bottom = 0;
};

struct TextLayerPage {
  std::string text;  // UTF-8, Poppler's reading order, without the closing form feed
  std::vector<WordBox> words;  // only when asked for
  // Something was painted after text and over it, or text was drawn over
  // an earlier paint without contrast with it (black text on a black
  // highlight), or was drawn invisible over a paint: the page may hide
  // text. False only when none of these happened.
  bool may_hide_text = false;
  double media_width = 0;  // points
  double crop_area_sq_in = 0;  // the crop box, in square inches
};

// One PDF, opened over `bytes` (not copied: they must outlive it). Not
// thread-safe: a thread opens its own, as with poppler::document.
class TextLayerDocument {
 public:
  // Fails with kEncrypted for a PDF that needs a password, else kCorrupt;
  // the message carries Poppler's reason when it gave one.
  static Result<std::unique_ptr<TextLayerDocument>> Open(std::string_view bytes);
  virtual ~TextLayerDocument() = default;

  virtual int pages() const = 0;
  virtual std::string title() = 0;  // the Info Title as UTF-8, or ""
  // Page `index` (0-based). with_words is asked once the text and
  // may_hide_text are known; when it says yes, words are filled too, from
  // the same pass.
  virtual Result<TextLayerPage> Read(int index, const std::function<bool(const TextLayerPage&)>& with_words) = 0;
};

// Poppler reports problems through one process-wide callback, on the thread
// that made the call: the last message it gave on this thread, whichever of
// Poppler's two APIs installed the callback ("" after Clear).
const std::string& LastPopplerMessage();
void ClearPopplerMessage();
void NotePopplerMessage(std::string message);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_TEXT_LAYER_H_
