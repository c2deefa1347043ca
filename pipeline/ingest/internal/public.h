// The public index: what may go on a public website. Text of restricted
// items and withheld pages is left out before anything is stored.
#ifndef MINUTEBOOK_INGEST_INTERNAL_PUBLIC_H_
#define MINUTEBOOK_INGEST_INTERNAL_PUBLIC_H_

#include "common/model.h"

namespace minutebook::ingest::internal {

// Placeholder line that stands where withheld text was.
inline constexpr const char* kWithheldLine = "[withheld from the public index]";

// Blanks, in both the original and the normalised text, every line of a
// restricted item (by its span; the whole page when the span is not known)
// and every withheld page. Line positions are kept so pages stay comparable.
void WithholdForPublic(Document& document, const Extraction& extraction);

}  // namespace minutebook::ingest::internal

#endif  // MINUTEBOOK_INGEST_INTERNAL_PUBLIC_H_
