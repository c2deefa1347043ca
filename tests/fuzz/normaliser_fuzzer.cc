// Fuzzes the normaliser (NFKC, quotes/dashes/spaces, hyphenation re-joining,
// leftover markup) on arbitrary bytes, valid UTF-8 or not (the reader hands
// it UTF-8, but a bug there must not become memory corruption here).
// Checks: the output is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "normalise/normalise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace minutebook;
  static const std::unique_ptr<normalise::Normaliser> normaliser = [] {
    auto n = normalise::Normaliser::Create();
    if (!n) std::abort();
    return std::move(*n);
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string out = normaliser->Normalise(text);
  if (!fuzz::IsValidUtf8(out)) std::abort();
  return 0;
}
