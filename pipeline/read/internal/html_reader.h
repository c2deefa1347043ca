// HTML reading behind read.h: the visible text of a page, without an HTML
// library. Also reads "HTML in Markdown": YAML front matter (kept as text
// lines, it carries the title and date) followed by HTML.
#ifndef MINUTEBOOK_READ_INTERNAL_HTML_READER_H_
#define MINUTEBOOK_READ_INTERNAL_HTML_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"

namespace minutebook::read::internal {

// Visible text of UTF-8 HTML: <script>, <style>, <title> and comments
// dropped; tags removed; entities decoded (&nbsp; becomes U+00A0); block
// elements and <br> end lines; a blank line in the source ends a line too
// (Markdown paragraphs); <li> starts "- "; table cells are separated by TAB.
// Spaces collapse as a browser would, except inside <pre>; no line has
// trailing spaces and blank lines never come more than one in a row.
// Never fails and runs in linear time on any input, however malformed.
// Problems worth reporting (an unterminated comment) go to warnings.
std::string HtmlToText(std::string_view html, std::vector<std::string>& warnings);

// Decodes like ReadText, then HtmlToText; one page.
Document ReadHtml(std::string_view bytes);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_HTML_READER_H_
