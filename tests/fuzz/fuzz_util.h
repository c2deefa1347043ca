// Helpers shared by the fuzz targets.
#ifndef MINUTEBOOK_TESTS_FUZZ_FUZZ_UTIL_H_
#define MINUTEBOOK_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdlib>
#include <string>
#include <string_view>

namespace minutebook::fuzz {

// RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF.
inline bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char b = p[i];
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

// The repository's rules/, or $MINUTEBOOK_RULES.
inline std::string RulesDir() {
  if (const char* env = std::getenv("MINUTEBOOK_RULES")) return env;
  return MINUTEBOOK_SOURCE_DIR "/rules";
}

}  // namespace minutebook::fuzz

#endif  // MINUTEBOOK_TESTS_FUZZ_FUZZ_UTIL_H_
