#include "audit/internal/substance.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "common/text.h"

namespace minutebook::audit::internal {

std::vector<int> Words::Of(std::string_view text) {
  std::vector<int> out;
  ForEachWord(text, [&](std::string_view word) {
    auto it = numbers_.find(word);
    if (it == numbers_.end()) it = numbers_.emplace(word, static_cast<int>(numbers_.size())).first;
    out.push_back(it->second);
  });
  // A set: each word once.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<int>& Words::OfLabel(const std::string& label) {
  auto it = labels_.find(label);
  if (it == labels_.end()) it = labels_.emplace(label, Of(label)).first;
  return it->second;
}

namespace {

// The numbers two ascending lists of numbers have in common.
size_t Common(const std::vector<int>& a, const std::vector<int>& b) {
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

// WordOverlap from its counts: the words in common over the larger count.
double Share(size_t common, size_t a_words, size_t b_words) {
  return static_cast<double>(common) / static_cast<double>(std::max(a_words, b_words));
}

}  // namespace

const int* Words::Find(std::string_view word) const {
  auto it = numbers_.find(word);
  return it == numbers_.end() ? nullptr : &it->second;
}

double Overlap(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.empty() || b.empty()) return 0.0;
  return Share(Common(a, b), a.size(), b.size());
}

bool NumberedHeading(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return false;
  if (line.compare(i, 2, "- ") == 0) i = line.find_first_not_of(" \t", i + 2);
  if (i == std::string::npos) return false;
  if (line.compare(i, 5, "Item ") == 0 || line.compare(i, 5, "ITEM ") == 0) return true;
  const size_t start = i;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i > start && i - start <= 3) {
    while (i < line.size() && (line[i] == '.' || line[i] == ')' || std::isdigit(static_cast<unsigned char>(line[i])))) ++i;
    return i < line.size() && (line[i] == ' ' || line[i] == '\t');
  }
  // Roman numerals or a letter closed by ')': "iv)", "b)".
  while (i < line.size() && i - start < 5 && std::strchr("ivxlcabcdefgh", std::tolower(static_cast<unsigned char>(line[i])))) ++i;
  return i > start && i < line.size() && line[i] == ')';
}

PageHeadings::PageHeadings(const std::string& page_text) : lines_(SplitLines(page_text)) {
  const size_t n = lines_.size();
  blank_.resize(n);
  for (size_t k = 0; k < n; ++k) blank_[k] = lines_[k].find_first_not_of(" \t\r") == std::string::npos;
  // What follows line i stops at the first numbered heading after it, or at
  // the second of two blank lines after it, whichever comes first:
  // next_heading[k] and next_blank_pair[k] are the first such line at or
  // after k (n: none). non_blank[k] and chars[k] count the non-blank lines
  // before line k and their chars.
  std::vector<size_t> next_heading(n + 2, n), next_blank_pair(n + 2, n);
  for (size_t k = n; k-- > 0;) {
    next_heading[k] = NumberedHeading(lines_[k]) ? k : next_heading[k + 1];
    next_blank_pair[k] = k > 0 && blank_[k] && blank_[k - 1] ? k : next_blank_pair[k + 1];
  }
  std::vector<size_t> non_blank(n + 1, 0), chars(n + 1, 0);
  for (size_t k = 0; k < n; ++k) {
    non_blank[k + 1] = non_blank[k] + (blank_[k] ? 0 : 1);
    chars[k + 1] = chars[k] + (blank_[k] ? 0 : lines_[k].size());
  }
  end_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    end_[i] = std::min(next_heading[i + 1], next_blank_pair[i + 2]);
    const size_t count = non_blank[end_[i]] - non_blank[i + 1];
    // The lines joined by newlines.
    if (count > 0 && chars[end_[i]] - chars[i + 1] + count - 1 >= kMinSubstanceChars) headings_.push_back(i);
  }
}

std::string PageHeadings::Substance(size_t line) const {
  std::string out;
  for (size_t k = line + 1; k < end_[line] && out.size() < kSubstanceQuoted; ++k) {
    if (blank_[k]) continue;
    if (!out.empty()) out += '\n';
    out += lines_[k];
  }
  out.resize(std::min(out.size(), kSubstanceQuoted));
  return out;
}

LabelIndex::LabelIndex(const std::vector<std::string>& labels) : seen_(labels.size(), 0) {
  for (const auto& label : labels) labels_.push_back(vocabulary_.Of(label));
  std::vector<size_t> labels_with(vocabulary_.Count(), 0);  // per word
  for (const auto& words : labels_) {
    for (int w : words) ++labels_with[static_cast<size_t>(w)];
  }
  by_word_.resize(vocabulary_.Count());
  for (size_t i = 0; i < labels_.size(); ++i) {
    std::vector<int> words = labels_[i];
    if (words.empty()) continue;  // like no line
    most_words_ = std::max(most_words_, words.size());
    // A line like the label has at least `need` of its words (WordOverlap
    // divides by the larger count, never less than the label's), so it has
    // one of any words.size() - need + 1 of them: the rarest among labels.
    size_t need = 1;
    while (need < words.size() && static_cast<double>(need) / static_cast<double>(words.size()) < kSameItem) ++need;
    std::sort(words.begin(), words.end(), [&](int a, int b) {
      return std::pair(labels_with[static_cast<size_t>(a)], a) < std::pair(labels_with[static_cast<size_t>(b)], b);
    });
    for (size_t k = 0; k < words.size() - need + 1; ++k) by_word_[static_cast<size_t>(words[k])].push_back(i);
  }
  // Each word's labels by their count of words, for Comparable.
  for (auto& found : by_word_) {
    std::stable_sort(found.begin(), found.end(), [&](size_t a, size_t b) { return labels_[a].size() < labels_[b].size(); });
  }
}

bool LabelIndex::Comparable(size_t line_words, size_t label_words) {
  if (line_words > label_words + kExtraHeadingWords) return false;
  // Even every word of the smaller in common would not do.
  return Share(std::min(line_words, label_words), line_words, label_words) >= kSameItem;
}

void LabelIndex::ForEachLike(std::string_view line, const std::function<void(size_t)>& each) {
  // The line's WordSet, as label word numbers and other words, up to one
  // more word than any label allows.
  const size_t most = most_words_ + kExtraHeadingWords;
  line_words_.clear();
  other_words_.clear();
  bool too_many = false;
  ForEachWord(line, [&](std::string_view word) {
    if (const int* number = vocabulary_.Find(word)) {
      if (std::find(line_words_.begin(), line_words_.end(), *number) == line_words_.end()) {
        line_words_.push_back(*number);
      }
    } else if (std::find(other_words_.begin(), other_words_.end(), word) == other_words_.end()) {
      other_words_.emplace_back(word);
    }
    too_many = line_words_.size() + other_words_.size() > most;
    return !too_many;
  });
  const size_t words = line_words_.size() + other_words_.size();
  if (too_many || words == 0) return;
  std::sort(line_words_.begin(), line_words_.end());
  // The counts of label words a line of this many can be like: a range.
  size_t fewest = 1;
  while (fewest <= most_words_ && !Comparable(words, fewest)) ++fewest;
  size_t most_compared = fewest;
  while (most_compared < most_words_ && Comparable(words, most_compared + 1)) ++most_compared;
  ++calls_;
  for (const int w : line_words_) {
    const std::vector<size_t>& found = by_word_[static_cast<size_t>(w)];
    auto first = std::lower_bound(found.begin(), found.end(), fewest,
                                  [&](size_t i, size_t n) { return labels_[i].size() < n; });
    for (auto it = first; it != found.end() && labels_[*it].size() <= most_compared; ++it) {
      const size_t i = *it;
      if (seen_[i] == calls_) continue;
      seen_[i] = calls_;
      const std::vector<int>& label = labels_[i];
      // The line's words in common with the label are label words.
      if (Comparable(words, label.size()) && Share(Common(line_words_, label), words, label.size()) >= kSameItem) {
        each(i);
      }
    }
  }
}

std::vector<std::pair<size_t, std::string>> SubstanceByLabel(const std::string& page_text, LabelIndex& index) {
  const PageHeadings page(page_text);
  std::vector<std::pair<size_t, std::string>> out;
  for (const size_t line : page.Lines()) {
    index.ForEachLike(page.Line(line), [&](size_t label) {
      // The first line for a label is its substance.
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.first == label; })) {
        out.emplace_back(label, page.Substance(line));
      }
    });
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace minutebook::audit::internal
