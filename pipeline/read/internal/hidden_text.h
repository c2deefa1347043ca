// Failed redactions: text that is in a PDF's text layer but painted over by
// a filled box or an image, so a reader sees a black bar while copy-and-paste
// (and every search engine) still gets the words. The method follows Free Law
// Project's x-ray: render the page, and look at the pixels under each word.
#ifndef MINUTEBOOK_READ_INTERNAL_HIDDEN_TEXT_H_
#define MINUTEBOOK_READ_INTERNAL_HIDDEN_TEXT_H_

#include <vector>

#include "common/model.h"
#include "read/internal/text_layer.h"

namespace poppler {
class page;
}  // namespace poppler

namespace minutebook::read::internal {

// Appends to `out` the covered words of `page` (numbered `number`; `words`
// its word boxes, from TextLayerDocument), a line at a time. White-on-white text is not a redaction (the area under it is
// blank paper) and is not reported. A page without words is not rendered.
// Thread-safe for pages of different poppler documents.
void FindHiddenTextOnPage(const poppler::page& page, const std::vector<WordBox>& words, int number,
                          std::vector<HiddenText>& out);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_HIDDEN_TEXT_H_
