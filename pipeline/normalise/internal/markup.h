// The line pass of normalisation: leftover markup, whitespace and line-end
// hyphenation. Works on UTF-8 whose typographic variants are already folded
// to ASCII (quotes, dashes, spaces), so all markup it looks for is ASCII.
#ifndef MINUTEBOOK_NORMALISE_INTERNAL_MARKUP_H_
#define MINUTEBOOK_NORMALISE_INTERNAL_MARKUP_H_

#include <string>
#include <string_view>

namespace minutebook::normalise::internal {

// Returns text with, line by line:
//  - Markdown bold markers (** __), escapes (\- \*), heading markers (# ...)
//    and inline HTML tags (<b>, <sup>, <span ...>, ...) removed, content kept;
//    <br> ends the line;
//  - Markdown table rows turned into TAB-separated cells, separator rows
//    (|---|---|) left as empty lines;
//  - runs of spaces collapsed to one space, runs holding a TAB to one TAB,
//    trailing whitespace trimmed; CRLF and CR read as line ends;
//  - a line ending in "<alnum>-" joined with a next line that starts with a
//    letter or digit; the hyphen is dropped only between a letter and a
//    lower-case letter ("resettlem-" "ent" -> "resettlement"; "5-" "year" ->
//    "5-year").
// Every other line break is kept. Thread-safe (no shared state).
std::string CleanLines(std::string_view text);

}  // namespace minutebook::normalise::internal

#endif  // MINUTEBOOK_NORMALISE_INTERNAL_MARKUP_H_
