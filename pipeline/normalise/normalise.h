// Normalise stage: produces the matching form of each page's text while the
// original is kept for display. Line structure is kept (one output line per
// input line, except where a hyphenated line-end word is re-joined or a
// leftover <br> breaks a line), so that extraction can work line by line and
// page numbers stay exact.
#ifndef MINUTEBOOK_NORMALISE_NORMALISE_H_
#define MINUTEBOOK_NORMALISE_NORMALISE_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/model.h"
#include "common/result.h"

namespace minutebook::normalise {

// Stored in the index; bump when the output of Normalise changes.
inline constexpr int kVersion = 1;

class Normaliser {
 public:
  static Result<std::unique_ptr<Normaliser>> Create();
  virtual ~Normaliser() = default;

  // NFKC; curly quotes/apostrophes, dashes, NBSP and zero-width spaces unified;
  // line-end hyphenation re-joined; leftover markup (**, <b>, <sup>, table bars)
  // removed. Thread-safe.
  virtual std::string Normalise(std::string_view text) const = 0;

  // Fills page.normalised for every page, left empty where normalising
  // changed nothing (Page::normalised). Thread-safe.
  void NormaliseDocument(Document& document) const;
};

}  // namespace minutebook::normalise

#endif  // MINUTEBOOK_NORMALISE_NORMALISE_H_
