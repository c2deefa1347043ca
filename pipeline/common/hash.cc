#include "common/hash.h"

// Nettle rather than OpenSSL's libcrypto: same SHA-256, but libcrypto cost
// every process about 3.4 ms to load and relocate, Nettle nothing measurable
// (an empty program linked with each, bench/ingest's start-up notes).
#include <nettle/sha2.h>

#include <array>

namespace minutebook {

std::string Sha256Hex(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> md{};
  sha256_digest(&ctx, md.size(), md.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(md.size() * 2);
  for (std::uint8_t b : md) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace minutebook
