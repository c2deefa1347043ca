// Where a page carries an item as a heading followed by its substance (the
// audit's restricted_elsewhere check), worked out once per page text for
// every label at once, instead of once per page, label and line (#13:
// WordSet of every line of every page that has a label's phrase, per label,
// was most of a 78 s audit at 100,800 pages).
#ifndef MINUTEBOOK_AUDIT_INTERNAL_SUBSTANCE_H_
#define MINUTEBOOK_AUDIT_INTERNAL_SUBSTANCE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace minutebook::audit::internal {

// Two labels name the same item when this share of their words agree.
inline constexpr double kSameItem = 0.6;
// Text under a heading that counts as an item's substance, not a mention.
inline constexpr size_t kMinSubstanceChars = 200;
// How much of that text a finding quotes.
inline constexpr size_t kSubstanceQuoted = 400;
// A heading may have this many words more than the label it stands for.
inline constexpr size_t kExtraHeadingWords = 4;

// Words by number, so that WordSets compared many times are sorted vectors
// of ints.
class Words {
 public:
  // WordSet(text), each word by its number, ascending.
  std::vector<int> Of(std::string_view text);
  // Of(label), made once per label.
  const std::vector<int>& OfLabel(const std::string& label);
  // The number of a word that has one; nullptr for a word never seen.
  const int* Find(std::string_view word) const;
  // How many words have numbers (0 to Count() - 1).
  size_t Count() const { return numbers_.size(); }

 private:
  // Looked up by string_view: a page's words are not copied to be looked up.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> numbers_;
  std::unordered_map<std::string, std::vector<int>> labels_;
};

// WordOverlap of two texts from their Words::Of.
double Overlap(const std::vector<int>& a, const std::vector<int>& b);

// "3. Parks", "10) Budget", "Item 4 Prevent", "- v) Strategy": where the
// next item or sub-item starts.
bool NumberedHeading(const std::string& line);

// The lines of a page with substance under them: the non-blank lines that
// follow a line up to the next numbered heading or two blank lines, joined by
// newlines, kMinSubstanceChars or more. Made in time linear in the page.
class PageHeadings {
 public:
  explicit PageHeadings(const std::string& page_text);
  // The lines with substance under them, ascending.
  const std::vector<size_t>& Lines() const { return headings_; }
  const std::string& Line(size_t line) const { return lines_[line]; }
  // The first kSubstanceQuoted chars of what follows one of Lines().
  std::string Substance(size_t line) const;

 private:
  std::vector<std::string> lines_;
  std::vector<bool> blank_;
  std::vector<size_t> end_;  // per line, the line that ends what follows it (or the count of lines)
  std::vector<size_t> headings_;
};

// A line of a page stands for a label when their WordOverlap is kSameItem
// or more and the line has at most kExtraHeadingWords more words. LabelIndex
// finds the labels a line stands for without comparing it with each label:
// - a line with more words than the longest label and kExtraHeadingWords
//   stands for none, and is not read past that;
// - only the labels' words are numbered (a page's other words are only
//   counted, line by line), so the numbers do not grow with the pages read;
// - a label is looked at only for a line that has one of its rarest words,
//   as many of them as a line like it must have one of, and only when the
//   two counts of words allow it (Comparable).
class LabelIndex {
 public:
  explicit LabelIndex(const std::vector<std::string>& labels);
  // Calls each(i) for every label i that `line` stands for, once each, in
  // no particular order.
  void ForEachLike(std::string_view line, const std::function<void(size_t)>& each);

 private:
  // Whether a line and a label of these counts of words can be alike at all:
  // the line at most kExtraHeadingWords longer, and the smaller count
  // kSameItem of the larger.
  static bool Comparable(size_t line_words, size_t label_words);

  Words vocabulary_;                      // the labels' words only
  std::vector<std::vector<int>> labels_;  // each label's word numbers, ascending
  // Per word number, the labels found by it, by their count of words.
  std::vector<std::vector<size_t>> by_word_;
  size_t most_words_ = 0;
  std::vector<size_t> seen_;  // per label, the call that last saw it
  size_t calls_ = 0;
  // Per call: the line's label words (numbers) and its other words.
  std::vector<int> line_words_;
  std::vector<std::string> other_words_;
};

// The first line of a page that stands for each label and has substance
// under it: (label, that substance) for every label of `index` that the
// page carries as a heading followed by its substance, by label.
std::vector<std::pair<size_t, std::string>> SubstanceByLabel(const std::string& page_text, LabelIndex& index);

}  // namespace minutebook::audit::internal

#endif  // MINUTEBOOK_AUDIT_INTERNAL_SUBSTANCE_H_
