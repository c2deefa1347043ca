#include "index/internal/page_body.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include <sqlite3.h>
#include <zstd.h>

namespace minutebook::index::internal {
namespace {

// zstd's default level 3. Level 9 gains about 8% in size (the index was
// 1.20x the raw text with it at 100,800 pages) for about 60 us more a page,
// which the one writer pays in series: a third of a text page's reading
// with Poppler (~0.7 ms), and 4.5% of ingest CPU (#13, perf).
constexpr int kLevel = 3;

// Contexts are reused per thread: creating one costs more than a page.
struct Contexts {
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> c{ZSTD_createCCtx(), ZSTD_freeCCtx};
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> d{ZSTD_createDCtx(), ZSTD_freeDCtx};
};
Contexts& ThreadContexts() {
  thread_local Contexts contexts;
  return contexts;
}

// The decompressed frame: u32le length, normalised, original.
Result<std::string> Decompress(std::string_view blob) {
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kPageBodyFormat) {
    return Fail(ErrorCode::kInvalidArgument, "not a page body (unknown format)");
  }
  const void* frame = blob.data() + 1;
  const size_t frame_size = blob.size() - 1;
  const unsigned long long size = ZSTD_getFrameContentSize(frame, frame_size);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size < 4 || size > (1ULL << 31)) {
    return Fail(ErrorCode::kInvalidArgument, "damaged page body");
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t got = ZSTD_decompressDCtx(ThreadContexts().d.get(), out.data(), out.size(), frame, frame_size);
  if (ZSTD_isError(got) || got != out.size()) return Fail(ErrorCode::kInvalidArgument, "damaged page body");
  return out;
}

// The length of the normalised text at the front of a decompressed body
// (Decompress guarantees its 4 bytes), checked against what follows.
Result<std::uint32_t> NormalisedLength(const std::string& raw) {
  const auto* b = reinterpret_cast<const unsigned char*>(raw.data());
  const std::uint32_t n = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  if (n > raw.size() - 4) return Fail(ErrorCode::kInvalidArgument, "damaged page body");
  return n;
}

Result<PageBody> Split(std::string raw) {
  MB_ASSIGN(n, NormalisedLength(raw));
  PageBody body;
  body.normalised = raw.substr(4, n);
  body.text = raw.size() - 4 == n ? body.normalised : raw.substr(4 + n);
  return body;
}

std::string_view BlobArg(sqlite3_value* v) {
  const void* p = sqlite3_value_blob(v);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}

std::string_view TextArg(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}

void SqlPack(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const std::string blob = PackPage(TextArg(argv[0]), TextArg(argv[1]));
  sqlite3_result_blob64(ctx, blob.data(), blob.size(), SQLITE_TRANSIENT);
}

// A NULL body reads as NULL; a damaged one is an SQL error naming it, so that
// a query never shows a damaged page as empty.
template <bool kNormalised>
void SqlUnpack(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  Result<std::string> s;
  if constexpr (kNormalised) {
    s = UnpackNormalised(BlobArg(argv[0]));
  } else {
    auto body = UnpackPage(BlobArg(argv[0]));
    if (body) {
      s = std::move(body->text);
    } else {
      s = std::unexpected(body.error());
    }
  }
  if (!s) {
    sqlite3_result_error(ctx, s.error().message.c_str(), -1);
    return;
  }
  sqlite3_result_text64(ctx, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string PackPage(std::string_view text, std::string_view normalised) {
  if (normalised.empty()) normalised = text;
  const bool same = text == normalised;
  const auto n = static_cast<std::uint32_t>(normalised.size());
  std::string raw;
  raw.reserve(4 + normalised.size() + (same ? 0 : text.size()));
  raw.push_back(static_cast<char>(n & 0xff));
  raw.push_back(static_cast<char>((n >> 8) & 0xff));
  raw.push_back(static_cast<char>((n >> 16) & 0xff));
  raw.push_back(static_cast<char>((n >> 24) & 0xff));
  raw.append(normalised);
  if (!same) raw.append(text);
  std::string out(1 + ZSTD_compressBound(raw.size()), '\0');
  out[0] = static_cast<char>(kPageBodyFormat);
  const size_t got = ZSTD_compressCCtx(ThreadContexts().c.get(), out.data() + 1, out.size() - 1, raw.data(),
                                       raw.size(), kLevel);
  // Compression of a buffer in memory fails only without memory.
  if (ZSTD_isError(got)) throw std::bad_alloc();
  out.resize(1 + got);
  return out;
}

Result<PageBody> UnpackPage(std::string_view blob) {
  MB_ASSIGN(raw, Decompress(blob));
  return Split(std::move(raw));
}

Result<std::string> UnpackNormalised(std::string_view blob) {
  MB_ASSIGN(raw, Decompress(blob));
  MB_ASSIGN(n, NormalisedLength(raw));
  raw.resize(4 + n);
  raw.erase(0, 4);
  return raw;
}

Result<void> RegisterPageFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (sqlite3_create_function_v2(db, "mb_page_pack", 2, flags, nullptr, SqlPack, nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_create_function_v2(db, "mb_page_normalised", 1, flags, nullptr, SqlUnpack<true>, nullptr, nullptr,
                                 nullptr) != SQLITE_OK ||
      sqlite3_create_function_v2(db, "mb_page_text", 1, flags, nullptr, SqlUnpack<false>, nullptr, nullptr,
                                 nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, std::string("cannot register page functions: ") + sqlite3_errmsg(db));
  }
  return {};
}

}  // namespace minutebook::index::internal
