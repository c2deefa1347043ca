// A compact binary form (CBOR) of a read document and its extraction, for
// passing results from an isolated worker process to the index writer.
#ifndef MINUTEBOOK_COMMON_SERIALISE_H_
#define MINUTEBOOK_COMMON_SERIALISE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace minutebook {

std::vector<std::uint8_t> EncodeDocument(const Document& document, const Extraction& extraction);
// Fails with kCorrupt on malformed input.
Result<std::pair<Document, Extraction>> DecodeDocument(const std::vector<std::uint8_t>& bytes);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_SERIALISE_H_
