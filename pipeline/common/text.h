// Small text measures shared by the stages.
#ifndef MINUTEBOOK_COMMON_TEXT_H_
#define MINUTEBOOK_COMMON_TEXT_H_

#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace minutebook {

// Lower-case ASCII letter/digit words of a text ("Item 3: DHR" -> {item, 3, dhr}).
// Non-ASCII letters split words; normalised text is mostly ASCII.
std::set<std::string> WordSet(std::string_view text);

// Calls each(word) for every word of WordSet(text), in the order written and
// as often as written; `word` is valid during the call only. An `each` that
// returns bool stops the words at false. For callers that keep words
// otherwise than as a set of strings.
template <typename Each>
void ForEachWord(std::string_view text, Each&& each) {
  // A word is the letters and digits, lower-cased, of a run of letters,
  // digits and apostrophes ("D'Urso" and "Durso" are one word). Most words
  // are their own text, lower case already, and are given as they stand.
  auto letter_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  std::string word;
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const size_t start = i;
    bool as_written = true, any = false;
    for (; i < n && (letter_or_digit(text[i]) || text[i] == '\''); ++i) {
      if (text[i] == '\'' || (text[i] >= 'A' && text[i] <= 'Z')) as_written = false;
      any = any || text[i] != '\'';
    }
    if (any) {
      std::string_view found = text.substr(start, i - start);
      if (!as_written) {
        word.clear();
        for (char c : found) {
          if (c != '\'') word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        found = word;
      }
      if constexpr (std::is_same_v<std::invoke_result_t<Each&, std::string_view>, bool>) {
        if (!each(found)) return;
      } else {
        each(found);
      }
    }
    if (i < n) ++i;  // the character that ends the run
  }
}

// |A ∩ B| / max(|A|, |B|) over WordSet; 0 when either is empty. The measure
// the evaluation uses to pair action texts and item labels.
double WordOverlap(std::string_view a, std::string_view b);

// The lines of a text, split on '\n' ("a\n" gives "a" and ""). Line i of
// the result is line i of the page, which spans and markings refer to.
std::vector<std::string> SplitLines(std::string_view text);

// HTML-escapes &, <, >, " and '.
std::string HtmlEscape(std::string_view text);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_TEXT_H_
