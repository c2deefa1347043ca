#include "ingest/internal/public.h"

#include "common/text.h"

#include <string>
#include <vector>

namespace minutebook::ingest::internal {
namespace {

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

void WithholdPage(Page& page) {
  page.text = kWithheldLine;
  page.normalised = kWithheldLine;
}

// Blanks lines [first, last] (clamped) of a page. The original text is
// blanked at the same positions when it has the same lines; otherwise the
// display text becomes the redacted matching text, which is never less safe.
void WithholdLines(Page& page, int first, int last) {
  std::vector<std::string> norm = SplitLines(page.normalised.empty() ? page.text : page.normalised);
  std::vector<std::string> orig = SplitLines(page.text);
  const int n = static_cast<int>(norm.size());
  first = std::max(0, first);
  last = std::min(n - 1, last);
  if (first > last) return;
  for (int i = first; i <= last; ++i) norm[static_cast<size_t>(i)].clear();
  norm[static_cast<size_t>(first)] = kWithheldLine;
  page.normalised = JoinLines(norm);
  if (orig.size() == norm.size()) {
    for (int i = first; i <= last; ++i) orig[static_cast<size_t>(i)].clear();
    orig[static_cast<size_t>(first)] = kWithheldLine;
    page.text = JoinLines(orig);
  } else {
    page.text = page.normalised;
  }
}

}  // namespace

void WithholdForPublic(Document& document, const Extraction& extraction) {
  auto page_at = [&](int number) -> Page* {
    for (auto& p : document.pages) {
      if (p.number == number) return &p;
    }
    return nullptr;
  };
  auto withhold = [&](const RestrictedSpan& s) {
    const int end_page = std::max(s.page, s.end_page);
    if (s.first_line < 0) {
      // Where the item starts and ends on its pages is not known: they all go.
      for (int number = s.page; number <= end_page; ++number) {
        if (Page* p = page_at(number)) WithholdPage(*p);
      }
      return;
    }
    for (int number = s.page; number <= end_page; ++number) {
      Page* p = page_at(number);
      if (p == nullptr) continue;
      const int first = number == s.page ? s.first_line : 0;
      const int last = number == end_page ? s.last_line : 1 << 30;
      WithholdLines(*p, first, last);
    }
  };
  for (const auto& r : extraction.restricted) {
    if (r.kind == "withheld_page") {
      if (Page* p = page_at(r.page)) WithholdPage(*p);
      continue;
    }
    withhold(RestrictedSpan{r.page, r.end_page, r.first_line, r.last_line});
    for (const RestrictedSpan& s : r.also) withhold(s);
  }
}

}  // namespace minutebook::ingest::internal
