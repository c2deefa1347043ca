#include "index/internal/phrase.h"

#include <algorithm>
#include <climits>
#include <functional>
#include <iterator>

#include "index/internal/schema.h"

namespace minutebook::index::internal {
namespace {

// FTS5_MAX_TOKEN_SIZE (fts5Int.h): FTS5 cuts longer tokens to it, both
// where it indexes a text and where it parses a query.
constexpr int kMaxTokenBytes = 32768;

using TokenFn = std::function<bool(std::string_view token)>;

struct TokenContext {
  const TokenFn* each;
  bool colocated = false;
};

int OnToken(void* ctx, int flags, const char* token, int bytes, int, int) {
  auto* c = static_cast<TokenContext*>(ctx);
  if (flags & FTS5_TOKEN_COLOCATED) {
    c->colocated = true;
    return SQLITE_DONE;
  }
  return (*c->each)(std::string_view(token, static_cast<size_t>(std::min(bytes, kMaxTokenBytes)))) ? SQLITE_OK
                                                                                                   : SQLITE_DONE;
}

}  // namespace

Result<fts5_api*> Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, std::string("FTS5 is not available: ") + sqlite3_errmsg(db));
  }
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (!api) return Fail(ErrorCode::kInternal, "FTS5 is not available");
  return api;
}

Result<std::unique_ptr<PhraseFinder>> PhraseFinder::Make(sqlite3* db) {
  MB_ASSIGN(api, Fts5Api(db));
  void* user_data = nullptr;
  fts5_tokenizer tokenizer{};
  if (api->xFindTokenizer(api, kPagesFtsTokenizer[0], &user_data, &tokenizer) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, std::string("no FTS5 tokenizer ") + kPagesFtsTokenizer[0]);
  }
  std::vector<const char*> args(std::next(std::begin(kPagesFtsTokenizer)), std::end(kPagesFtsTokenizer));
  Fts5Tokenizer* instance = nullptr;
  if (tokenizer.xCreate(user_data, args.data(), static_cast<int>(args.size()), &instance) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, std::string("cannot make the FTS5 tokenizer ") + kPagesFtsTokenizer[0]);
  }
  return std::unique_ptr<PhraseFinder>(new PhraseFinder(tokenizer, instance));
}

PhraseFinder::~PhraseFinder() { tokenizer_.xDelete(instance_); }

Result<void> PhraseFinder::Tokenize(std::string_view text, int flags, const TokenFn& each) {
  if (text.size() > static_cast<size_t>(INT_MAX)) return Fail(ErrorCode::kInvalidArgument, "text too long to tokenize");
  TokenContext ctx{&each};
  const int rc = tokenizer_.xTokenize(instance_, &ctx, flags, text.data(), static_cast<int>(text.size()), OnToken);
  // Synonyms at one position would need more than tokens in a row; the
  // tokenizer of pages_fts makes none.
  if (ctx.colocated) return Fail(ErrorCode::kInternal, "the FTS5 tokenizer gave synonyms, which phrases do not handle");
  if (rc != SQLITE_OK && rc != SQLITE_DONE) return Fail(ErrorCode::kInternal, "the FTS5 tokenizer failed");
  return {};
}

Result<std::vector<bool>> PhraseFinder::Find(std::string_view text, const std::vector<std::string>& phrases) {
  std::vector<std::vector<std::string>> wanted(phrases.size());
  size_t left = 0;  // phrases with tokens, not found yet
  for (size_t i = 0; i < phrases.size(); ++i) {
    MB_TRY(Tokenize(phrases[i], FTS5_TOKENIZE_QUERY, [&](std::string_view token) {
      wanted[i].emplace_back(token);
      return true;
    }));
    if (!wanted[i].empty()) ++left;
  }
  std::vector<bool> found(phrases.size(), false);
  if (left == 0) return found;
  // Per phrase, each k such that the text's tokens so far end with the
  // phrase's first k (0 < k < its size).
  std::vector<std::vector<size_t>> partial(phrases.size());
  std::vector<size_t> next;
  MB_TRY(Tokenize(text, FTS5_TOKENIZE_DOCUMENT, [&](std::string_view token) {
    for (size_t i = 0; i < phrases.size(); ++i) {
      const std::vector<std::string>& want = wanted[i];
      if (found[i] || want.empty()) continue;
      next.clear();
      auto extend = [&](size_t k) {
        if (want[k] != token) return;
        if (k + 1 == want.size()) {
          found[i] = true;
        } else {
          next.push_back(k + 1);
        }
      };
      extend(0);
      for (const size_t k : partial[i]) extend(k);
      partial[i].swap(next);
      if (found[i]) --left;
    }
    return left > 0;
  }));
  return found;
}

}  // namespace minutebook::index::internal
