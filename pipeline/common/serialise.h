// A compact binary form of a read document and its extraction, for passing
// results from an isolated worker process to the index writer: a CBOR head
// and the pages' text as raw bytes after it (see JoinHeadAndTail).
#ifndef MINUTEBOOK_COMMON_SERIALISE_H_
#define MINUTEBOOK_COMMON_SERIALISE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace minutebook {

std::vector<std::uint8_t> EncodeDocument(const Document& document, const Extraction& extraction);
// Fails with kCorrupt on malformed input.
Result<std::pair<Document, Extraction>> DecodeDocument(std::span<const std::uint8_t> bytes);
Result<std::pair<Document, Extraction>> DecodeDocument(const std::vector<std::uint8_t>& bytes);

// A message of two parts: [head length, 4 bytes little-endian][head][tail].
// The head is CBOR, the tail bulk bytes that travel beside it: nlohmann's
// CBOR reader takes a string a byte at a time, and read so, the pages' text
// was a third of the index writer's instructions (callgrind, 200 PDFs).
std::vector<std::uint8_t> JoinHeadAndTail(std::span<const std::uint8_t> head, std::string_view tail);
struct HeadAndTail {
  std::span<const std::uint8_t> head;
  std::string_view tail;
};
// Fails with kCorrupt when the head's length runs past the message's end.
Result<HeadAndTail> SplitHeadAndTail(std::span<const std::uint8_t> message);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_SERIALISE_H_
