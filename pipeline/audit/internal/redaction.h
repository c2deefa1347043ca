// Failed redactions: text that is in a PDF's text layer but painted over by
// a filled box or an image, so a reader sees a black bar while copy-and-paste
// (and every search engine) still gets the words. The method follows Free Law
// Project's x-ray: render the page, and look at the pixels under each word.
#ifndef MINUTEBOOK_AUDIT_INTERNAL_REDACTION_H_
#define MINUTEBOOK_AUDIT_INTERNAL_REDACTION_H_

#include <string>
#include <vector>

#include "common/result.h"

namespace minutebook::audit::internal {

struct HiddenText {
  int page = 1;
  std::string text;  // the covered words of one line, in order
};

// REQUIRES: path names a PDF. White-on-white text is not a redaction (the
// area under it is blank paper) and is not reported.
Result<std::vector<HiddenText>> FindHiddenText(const std::string& path);

}  // namespace minutebook::audit::internal

#endif  // MINUTEBOOK_AUDIT_INTERNAL_REDACTION_H_
