// Small text measures shared by the stages.
#ifndef MINUTEBOOK_COMMON_TEXT_H_
#define MINUTEBOOK_COMMON_TEXT_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace minutebook {

// Lower-case ASCII letter/digit words of a text ("Item 3: DHR" -> {item, 3, dhr}).
// Non-ASCII letters split words; normalised text is mostly ASCII.
std::set<std::string> WordSet(std::string_view text);

// Calls each(word) for every word of WordSet(text), in the order written and
// as often as written; `word` is valid during the call only. For callers
// that keep words otherwise than as a set of strings.
template <typename Each>
void ForEachWord(std::string_view text, Each&& each) {
  std::string word;
  for (char c : text) {
    if (c == '\'') continue;  // "D'Urso" and "Durso" are one word
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      word += l;
    } else if (!word.empty()) {
      each(std::string_view(word));
      word.clear();
    }
  }
  if (!word.empty()) each(std::string_view(word));
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
