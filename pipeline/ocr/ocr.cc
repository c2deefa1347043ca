// The OCR stage's own side: the text-layer rule, and the loader of the
// Tesseract plugin (why a plugin: internal/module.h).
#include "ocr/ocr.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <dlfcn.h>

#include <fmt/format.h>

#include "ocr/internal/module.h"
#include "ocr/internal/utf8.h"

namespace minutebook::ocr {
namespace {

// --- TextLayerUsable -------------------------------------------------------
//
// A text layer is usable when it has enough visible characters for the page
// area AND those characters are mostly real text.
//
// Density. Typed A4 pages in the corpus carry 8-40 visible (non-space)
// characters per square inch (767..3532 on ~96.7 sq in); a scanned page with
// no text layer has 0, and a scan that only had a stamp, running header or
// page number added ("Page 5", "RESTRICTED", ~5-60 characters) has < 0.7.
// One character per square inch (97 on A4, about one typed line) sits
// between the two with a wide margin either side. A genuinely sparse typed
// page (a cover saying "Appendix A") is OCR'd too; OCR reads back the same few
// words, so nothing is lost but a second of time.
constexpr double kMinVisibleCharsPerSqIn = 1.0;
// Used when the caller does not know the page size: A4 (8.27 x 11.69 in).
constexpr double kDefaultPageAreaSqIn = 96.7;
//
// Garbage. Fonts without a usable ToUnicode map come out as U+FFFD, private-use
// code points or control characters, usually for nearly every glyph of the
// font. Real text has almost none: Word's Symbol/Wingdings bullets map to
// private use (U+F0B7, U+F0A7), one per bullet line, about 1-3% of a page's
// characters. A page is not usable when more than a quarter of its visible
// characters are such glyphs: far above bullet noise, well below a page whose
// body font is unmapped (> 50%). Invalid UTF-8 bytes count as garbage too.
constexpr double kMaxGarbageFraction = 0.25;

bool IsGarbage(char32_t c) {
  return c == 0xFFFD || c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
         (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

// --- Plugin ----------------------------------------------------------------

// Tesseract's LSTM runs `omp parallel for num_threads(4)` loops while the
// --jobs workers already keep every core busy (on the 2-core dev machine a
// page took 10-15 s instead of 2.3 s). libgomp reads OMP_THREAD_LIMIT once,
// when it is loaded, which for the plugin is at dlopen: setting it first caps
// OpenMP from the start. A value the user set is kept and respected.
bool LimitOpenMpOnce() {
  static const bool limit = [] {
    const bool user_set = std::getenv("OMP_THREAD_LIMIT") != nullptr;
    if (!user_set) setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
    return !user_set;
  }();
  return limit;
}

constexpr const char* kModuleName = "minutebook-ocr-tesseract.so";

// Where the plugin may be, in order: $MINUTEBOOK_OCR_MODULE; beside the
// running executable (the build tree and an install keep them together);
// where this build put it (for test programs elsewhere in the build tree).
std::vector<std::string> ModuleCandidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("MINUTEBOOK_OCR_MODULE"); env != nullptr && *env != '\0') out.emplace_back(env);
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path() / kModuleName).string());
#ifdef MINUTEBOOK_OCR_MODULE_PATH
  out.emplace_back(MINUTEBOOK_OCR_MODULE_PATH);
#endif
  return out;
}

struct LoadedModule {
  const internal::EngineModule* module = nullptr;
  std::string error;  // why it could not be loaded
};

// Loaded once per process and never unloaded: engines point into it.
const LoadedModule& Module() {
  static const LoadedModule loaded = [] {
    LimitOpenMpOnce();
    LoadedModule l;
    std::string tried;
    for (const std::string& path : ModuleCandidates()) {
      if (void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL); handle != nullptr) {
        using Entry = const internal::EngineModule* (*)();
        auto entry = reinterpret_cast<Entry>(::dlsym(handle, "minutebook_ocr_engine_module"));
        const internal::EngineModule* m = entry != nullptr ? entry() : nullptr;
        if (m != nullptr && m->abi == internal::kEngineModuleAbi) {
          l.module = m;
          return l;
        }
        tried += fmt::format("{}{}: not a minutebook OCR module of this version", tried.empty() ? "" : "; ", path);
        continue;
      }
      const char* why = ::dlerror();
      tried += fmt::format("{}{}", tried.empty() ? "" : "; ", why != nullptr ? why : path);
    }
    l.error = "the OCR engine (" + std::string(kModuleName) + ") could not be loaded: " + tried;
    return l;
  }();
  return loaded;
}

}  // namespace

bool TextLayerUsable(std::string_view text, double page_area_sq_in) {
  if (!(page_area_sq_in > 0)) page_area_sq_in = kDefaultPageAreaSqIn;
  std::size_t visible = 0;
  std::size_t garbage = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = internal::NextCodePoint(text, &i);
    if (internal::IsUnicodeSpace(c)) continue;
    ++visible;
    if (IsGarbage(c)) ++garbage;
  }
  if (static_cast<double>(visible) < kMinVisibleCharsPerSqIn * page_area_sq_in) return false;
  return static_cast<double>(garbage) <= kMaxGarbageFraction * static_cast<double>(visible);
}

Result<std::unique_ptr<Engine>> Engine::Create(const Options& options) {
  const LoadedModule& loaded = Module();
  if (loaded.module == nullptr) return Fail(ErrorCode::kNotFound, loaded.error);
  return loaded.module->create(options, LimitOpenMpOnce());
}

std::string EngineVersion() {
  const LoadedModule& loaded = Module();
  return loaded.module != nullptr ? loaded.module->version() : "unavailable";
}

}  // namespace minutebook::ocr
