// mb_snippet(fts_table, column, open, close, tokens): FTS5's snippet() in time linear in the
// matches on a row. FTS5's own snippet() scores every instance of every
// query phrase against every other, so its cost grows with the square of
// (phrases x matches): a page with 450 "the" searched with 32 of them took
// seconds per hit.
#ifndef MINUTEBOOK_INDEX_INTERNAL_SNIPPET_H_
#define MINUTEBOOK_INDEX_INTERNAL_SNIPPET_H_

#include <sqlite3.h>

#include "common/result.h"

namespace minutebook::index::internal {

// Registers mb_snippet on `db`: the window of `tokens` tokens (0: the whole
// column) holding the most matched tokens, matches wrapped in `open` and
// `close`, "..." where text was cut.
Result<void> RegisterSnippet(sqlite3* db);

}  // namespace minutebook::index::internal

#endif  // MINUTEBOOK_INDEX_INTERNAL_SNIPPET_H_
