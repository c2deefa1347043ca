#include "common/text.h"

#include <algorithm>

namespace minutebook {

std::set<std::string> WordSet(std::string_view text) {
  std::set<std::string> out;
  ForEachWord(text, [&](std::string_view word) { out.emplace(word); });
  return out;
}

double WordOverlap(std::string_view a, std::string_view b) {
  const auto ta = WordSet(a), tb = WordSet(b);
  if (ta.empty() || tb.empty()) return 0.0;
  size_t common = 0;
  for (const auto& t : ta) common += tb.count(t);
  return static_cast<double>(common) / static_cast<double>(std::max(ta.size(), tb.size()));
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    const size_t nl = text.find('\n', start);
    lines.emplace_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) return lines;
    start = nl + 1;
  }
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace minutebook
