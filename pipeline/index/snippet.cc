#include "index/internal/snippet.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "index/internal/phrase.h"

namespace minutebook::index::internal {
namespace {

struct Token {
  int start = 0;  // byte offsets into the column text
  int end = 0;
};

struct Tokens {
  std::vector<Token> tokens;
  int wanted = 0;      // stop once this many are known
  bool more = false;   // a token exists past `wanted`
};

int OnToken(void* ctx, int flags, const char*, int, int start, int end) {
  auto* t = static_cast<Tokens*>(ctx);
  if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  if (static_cast<int>(t->tokens.size()) >= t->wanted) {
    t->more = true;
    return SQLITE_DONE;  // enough: the rest of the page is not needed
  }
  t->tokens.push_back(Token{start, end});
  return SQLITE_OK;
}

void Snippet(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc, sqlite3_value** argv) {
  if (argc != 4) {
    sqlite3_result_error(result, "mb_snippet(table, column, open, close, tokens) takes four arguments", -1);
    return;
  }
  const int column = sqlite3_value_int(argv[0]);
  const auto text_of = [](sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return p ? std::string(p, sqlite3_value_bytes(v)) : std::string();
  };
  const std::string open = text_of(argv[1]), close = text_of(argv[2]);
  const bool whole = sqlite3_value_int(argv[3]) <= 0;  // mark the whole column
  const int window = whole ? std::numeric_limits<int>::max() / 2 : sqlite3_value_int(argv[3]);
  // Matched token ranges [first, last) in the column, from xInst: linear in
  // the instances (FTS5 merges the phrases' position lists once).
  int count = 0;
  if (api->xInstCount(fts, &count) != SQLITE_OK) count = 0;
  std::vector<std::pair<int, int>> ranges;
  ranges.reserve(count);
  for (int i = 0; i < count; ++i) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column) continue;
    ranges.emplace_back(offset, offset + std::max(1, api->xPhraseSize(fts, phrase)));
  }
  std::sort(ranges.begin(), ranges.end());
  ranges.erase(std::unique(ranges.begin(), ranges.end()), ranges.end());

  // Overlapping matches become one range, so that a phrase is marked once:
  // [homicide review].
  std::vector<std::pair<int, int>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first < merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }

  // The window start (a few tokens before a match, for context) holding the
  // most matches; candidate starts rise with i, so two pointers suffice.
  constexpr int kLead = 3;
  int best_start = 0, best_count = 0;
  for (size_t i = 0, lo = 0, hi = 0; !whole && i < merged.size(); ++i) {
    const int start = std::max(0, merged[i].first - kLead);
    while (lo < merged.size() && merged[lo].first < start) ++lo;
    while (hi < merged.size() && merged[hi].first < start + window) ++hi;
    const int n = static_cast<int>(hi - lo);
    if (n > best_count) {
      best_count = n;
      best_start = start;
    }
  }

  const char* text = nullptr;
  int bytes = 0;
  if (api->xColumnText(fts, column, &text, &bytes) != SQLITE_OK || !text) {
    sqlite3_result_text(result, "", 0, SQLITE_STATIC);
    return;
  }
  Tokens t;
  t.wanted = best_start + window;
  api->xTokenize(fts, text, bytes, &t, OnToken);
  const int first = std::min(best_start, static_cast<int>(t.tokens.size()));
  const int last = static_cast<int>(t.tokens.size());  // exclusive
  std::string out;
  if (first > 0) out += "...";
  auto range = merged.begin();
  for (int i = first; i < last; ++i) {
    if (i > first) out.append(text + t.tokens[i - 1].end, t.tokens[i].start - t.tokens[i - 1].end);
    while (range != merged.end() && range->second <= i) ++range;
    const bool inside = range != merged.end() && range->first <= i;
    if (inside && (range->first == i || i == first)) out += open;
    out.append(text + t.tokens[i].start, t.tokens[i].end - t.tokens[i].start);
    if (inside && (range->second == i + 1 || i + 1 == last)) out += close;
  }
  if (t.more) out += "...";
  sqlite3_result_text(result, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Result<void> RegisterSnippet(sqlite3* db) {
  MB_ASSIGN(api, Fts5Api(db));
  if (api->xCreateFunction(api, "mb_snippet", nullptr, Snippet, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, "cannot register mb_snippet with FTS5");
  }
  return {};
}

}  // namespace minutebook::index::internal
