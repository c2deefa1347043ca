// Turns a document's pages into cleaned lines that remember their page.
#ifndef MINUTEBOOK_EXTRACT_INTERNAL_LINES_H_
#define MINUTEBOOK_EXTRACT_INTERNAL_LINES_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"

namespace minutebook::extract::internal {

struct Line {
  std::string text;     // cleaned and trimmed; "" for a blank line
  int page = 1;         // 1-based page
  bool bullet = false;  // started with a list marker, now removed
  bool noise = false;   // page furniture: "Page 3 of 9", bare page numbers, ...
  // 0-based line of page.normalised this line came from; -1 when cleaning
  // changed the page's line count and the mapping is not known.
  int source_line = -1;

  bool blank() const { return text.empty(); }
};

// A tolerant second pass over normalised text, so that extraction does not
// depend on every detail of the normaliser: leftover HTML tags (block tags
// become line breaks, cells tabs), entities, Markdown emphasis, links and
// table bars, typographic dashes/quotes/bullets/ligatures, NBSP and
// zero-width characters, runs of spaces. Idempotent. The dev tool uses it as
// its stand-in normaliser.
std::string CleanText(std::string_view text);

// What a document says of itself apart from its body, less trusted than the
// text: a PDF's Info Title, dates in front matter, a date in the file name.
struct DocHints {
  std::vector<std::string> titles;
  std::vector<std::string> dates;  // ISO; meeting-like keys ("start") before a post's "date"
  std::string file_date;           // ISO date written in the file's name, "" if none
};
DocHints ReadHints(const Document& document);

// Splits every page (page.normalised, or page.text when that is empty) into
// cleaned lines. YAML front matter at the start keeps only its title.
std::vector<Line> SplitLines(const Document& document);

// Helpers shared by the extractors.
std::string_view TrimView(std::string_view s);
std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
std::string CollapseSpaces(std::string_view s);  // tabs and runs of spaces -> one space
bool StartsWithUpper(std::string_view s);
std::vector<std::string> SplitTabs(std::string_view s);
// Parentheses opened in s and not closed.
int OpenParens(std::string_view s);
// Words of s (split on spaces).
std::vector<std::string> Words(std::string_view s);
// Words(s).size() without building the words (finders count words of most
// lines they look at).
size_t WordCount(std::string_view s);

}  // namespace minutebook::extract::internal

#endif  // MINUTEBOOK_EXTRACT_INTERNAL_LINES_H_
