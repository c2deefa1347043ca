// How a page's text is stored: one zstd-compressed blob per page holding the
// normalised text (what search indexes and pages show) and, only where it
// differs, the text as read. Board papers compress about 3:1, and the
// original beside its normalised form costs a few per cent more, where two
// plain copies cost 2x (#13: the index was 2.8x the raw text).
//
// Blob: one byte of format (kPageBodyFormat), then a zstd frame of
//   u32le length of the normalised text, the normalised text, the original
//   (empty when it equals the normalised text).
// SQL sees the blob through functions registered on every connection
// (RegisterPageFunctions): mb_page_pack(text, normalised) -> blob,
// mb_page_normalised(blob) and mb_page_text(blob) -> text. The view
// page_text(id, normalised, text) is the external content of pages_fts.
#ifndef MINUTEBOOK_INDEX_INTERNAL_PAGE_BODY_H_
#define MINUTEBOOK_INDEX_INTERNAL_PAGE_BODY_H_

#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;

namespace minutebook::index::internal {

inline constexpr unsigned char kPageBodyFormat = 1;

struct PageBody {
  std::string text;        // as read
  std::string normalised;  // as indexed
};

// An empty `normalised` means the text needed no normalising.
std::string PackPage(std::string_view text, std::string_view normalised);
// kInvalidArgument for a blob that is not a page body (another format, or
// damaged).
Result<PageBody> UnpackPage(std::string_view blob);
// Only the normalised text: what FTS and snippets need.
Result<std::string> UnpackNormalised(std::string_view blob);

// Registers mb_page_pack, mb_page_normalised and mb_page_text.
Result<void> RegisterPageFunctions(sqlite3* db);

}  // namespace minutebook::index::internal

#endif  // MINUTEBOOK_INDEX_INTERNAL_PAGE_BODY_H_
