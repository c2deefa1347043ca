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

double Overlap(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.empty() || b.empty()) return 0.0;
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
  return static_cast<double>(common) / static_cast<double>(std::max(a.size(), b.size()));
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

bool HeadingLike(const std::vector<int>& heading, const std::vector<int>& label) {
  return heading.size() <= label.size() + kExtraHeadingWords && Overlap(heading, label) >= kSameItem;
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

LabelIndex::LabelIndex(const std::vector<const std::vector<int>*>& labels) : labels_(labels), seen_(labels.size(), 0) {
  std::unordered_map<int, size_t> labels_with;  // word -> labels that have it
  for (const auto* words : labels_) {
    for (int w : *words) ++labels_with[w];
  }
  for (size_t i = 0; i < labels_.size(); ++i) {
    std::vector<int> words = *labels_[i];
    if (words.empty()) continue;  // like no heading
    most_words_ = std::max(most_words_, words.size());
    // A heading like the label has at least `need` of its words (Overlap
    // divides by the larger count, never less than the label's), so it has
    // one of any words.size() - need + 1 of them: the rarest.
    size_t need = 1;
    while (need < words.size() &&
           static_cast<double>(need) / static_cast<double>(words.size()) < kSameItem) {
      ++need;
    }
    std::sort(words.begin(), words.end(), [&](int a, int b) {
      return std::pair(labels_with[a], a) < std::pair(labels_with[b], b);
    });
    for (size_t k = 0; k < words.size() - need + 1; ++k) by_word_[words[k]].push_back(i);
  }
}

void LabelIndex::ForEachLike(const std::vector<int>& heading, const std::function<void(size_t)>& each) {
  if (heading.empty() || heading.size() > most_words_ + kExtraHeadingWords) return;
  ++calls_;
  for (int w : heading) {
    auto it = by_word_.find(w);
    if (it == by_word_.end()) continue;
    for (size_t i : it->second) {
      if (seen_[i] == calls_) continue;
      seen_[i] = calls_;
      if (HeadingLike(heading, *labels_[i])) each(i);
    }
  }
}

std::vector<std::pair<size_t, std::string>> SubstanceByLabel(const std::string& page_text, Words& words,
                                                             LabelIndex& index) {
  const PageHeadings page(page_text);
  std::vector<std::pair<size_t, std::string>> out;
  for (const size_t line : page.Lines()) {
    index.ForEachLike(words.Of(page.Line(line)), [&](size_t label) {
      // The first heading for a label is its substance.
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.first == label; })) {
        out.emplace_back(label, page.Substance(line));
      }
    });
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace minutebook::audit::internal
