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

// A heading (given by its words) stands for a label when their Overlap is
// kSameItem or more and the heading has at most kExtraHeadingWords more words.
bool HeadingLike(const std::vector<int>& heading, const std::vector<int>& label);

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

// The labels a heading may stand for, found by their words (each label by
// only as many of its rarest words as a heading like it must contain one of)
// rather than by comparing the heading with every label.
class LabelIndex {
 public:
  // `labels[i]` are label i's words (Words::OfLabel), kept by pointer.
  explicit LabelIndex(const std::vector<const std::vector<int>*>& labels);
  // Calls each(i) for every label i that `heading` is HeadingLike, once each,
  // in no particular order.
  void ForEachLike(const std::vector<int>& heading, const std::function<void(size_t)>& each);

 private:
  std::vector<const std::vector<int>*> labels_;
  std::unordered_map<int, std::vector<size_t>> by_word_;
  size_t most_words_ = 0;
  std::vector<size_t> seen_;  // per label, the call that last saw it
  size_t calls_ = 0;
};

// The first heading of a page that stands for each label: (label, the
// substance under that heading) for every label of `index` that the page
// carries as a heading followed by its substance, by label.
std::vector<std::pair<size_t, std::string>> SubstanceByLabel(const std::string& page_text, Words& words,
                                                             LabelIndex& index);

}  // namespace minutebook::audit::internal

#endif  // MINUTEBOOK_AUDIT_INTERNAL_SUBSTANCE_H_
