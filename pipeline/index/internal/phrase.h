// Phrases found in a page's text as pages_fts finds them, without a query:
// FTS5's own tokenizer, made with the arguments pages_fts was made with
// (kPagesFtsTokenizer), splits the text and the phrases, and a phrase is
// found where its tokens stand in a row. A query per phrase enumerates every
// page that has it (1.3 M pages for the audit's 1,184 labels at 100,800
// pages, 1.8 s); a caller that holds a page's text asks only about the
// phrases that matter there.
#ifndef MINUTEBOOK_INDEX_INTERNAL_PHRASE_H_
#define MINUTEBOOK_INDEX_INTERNAL_PHRASE_H_

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace minutebook::index::internal {

// FTS5's C API on a connection (the documented way to reach it).
Result<fts5_api*> Fts5Api(sqlite3* db);

class PhraseFinder {
 public:
  // The tokenizer of pages_fts, from the connection's FTS5.
  static Result<std::unique_ptr<PhraseFinder>> Make(sqlite3* db);
  ~PhraseFinder();
  PhraseFinder(const PhraseFinder&) = delete;
  PhraseFinder& operator=(const PhraseFinder&) = delete;

  // Per phrase, whether a query "phrase" (quotes doubled) on pages_fts finds
  // a page of this text: its tokens, each cut at FTS5's 32 KiB as FTS5 cuts
  // them, in a row in the text's; a phrase without tokens is found nowhere.
  Result<std::vector<bool>> Find(std::string_view text, const std::vector<std::string>& phrases);

 private:
  PhraseFinder(fts5_tokenizer tokenizer, Fts5Tokenizer* instance) : tokenizer_(tokenizer), instance_(instance) {}
  // Calls each(token) for the tokens of `text` (FTS5_TOKENIZE_* `flags`);
  // each returns false to stop.
  Result<void> Tokenize(std::string_view text, int flags, const std::function<bool(std::string_view)>& each);

  fts5_tokenizer tokenizer_;
  Fts5Tokenizer* instance_;
};

}  // namespace minutebook::index::internal

#endif  // MINUTEBOOK_INDEX_INTERNAL_PHRASE_H_
