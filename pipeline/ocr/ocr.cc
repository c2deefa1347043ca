// The OCR stage's own side: the text-layer rule, and the loader of the
// Tesseract plugin (why a plugin: internal/module.h).
#include "ocr/ocr.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <dlfcn.h>

#include <fstream>
#include <future>
#include <iterator>
#include <string_view>

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

// Language. A font whose ToUnicode map is shifted or wrong gives printable
// characters in the right number, so density and the garbage share pass it;
// its "words" are symbol soup ("6KRHU 3DUN"), and none of them is in a word
// list. On the 178 text-layer pages of the 16 PDFs in the corpora with 20 or
// more tokens, the share of tokens found in wbritish is 0.79-0.99 (a page of
// names, acronyms and figures is lowest); on a page whose map shifts every
// letter (by -29 code points, "0LQXWHV", or by +3, "Plqxwhv") it is 0.04.
// 0.3 sits between with a wide margin either side. Fewer than 20 tokens are
// too few to judge: a sparse page is left to the density test.
constexpr double kMinKnownShare = 0.3;
constexpr int kMinWordsToJudge = 20;
// Without the word list: the share of tokens that are letters with a vowel
// and no run of five consonants is 0.71-1.00 on the same pages and 0.42-0.46
// on the shifted ones. A weaker test, so the word list is installed.
constexpr double kMinLetterShare = 0.5;
constexpr const char* kWordList = "/usr/share/dict/british-english";

// The word list, lower-cased, as a set of 64-bit hashes in one flat,
// open-addressed table: every token of every text page is looked up, up to
// three times. A binary search over the 100,000 words was 7% of ingest CPU
// (#13), a node-based hash set of views still 2.5% (a cache miss for the
// node and one for the text); a probe here is one miss. Two words sharing a
// 64-bit hash (odds ~1e-10 for the list) would only make a page's share of
// known words off by one. Empty when the list is not installed.
class WordList {
 public:
  static const WordList& Get() {
    static const WordList list;
    return list;
  }
  bool empty() const { return count_ == 0; }
  bool contains(std::string_view w) const {
    const std::uint64_t h = Hash(w);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  // FNV-1a, never 0 (an empty slot).
  static std::uint64_t Hash(std::string_view w) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : w) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h == 0 ? 1 : h;
  }

  WordList() {
    std::ifstream in(kWordList, std::ios::binary);
    std::string text(std::istreambuf_iterator<char>(in), {});
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t size = 1024;
    while (size < 2 * (static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1)) size *= 2;
    slots_.assign(size, 0);
    mask_ = size - 1;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) Insert(Hash(std::string_view(text).substr(start, end - start)));
      start = end + 1;
    }
  }
  void Insert(std::uint64_t h) {
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == h) return;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++count_;
        return;
      }
    }
  }
  std::vector<std::uint64_t> slots_;  // at most half full
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace

void PreloadTextLayerJudge() {
  // Joined at exit by the future's destructor, never left half-built.
  static std::future<void> loading = std::async(std::launch::async, [] { (void)WordList::Get(); });
}

namespace {

// `w` is lower-cased in place.
bool Known(const WordList& list, std::string& w) {
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string_view v(w);
  if (list.contains(v)) return true;
  if (v.ends_with("'s") && list.contains(v.substr(0, v.size() - 2))) return true;
  if (v.size() > 3 && v.back() == 's' && list.contains(v.substr(0, v.size() - 1))) return true;
  // "long-term", "co-opted": each part a word.
  if (v.find('-') != std::string_view::npos) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t dash = v.find('-', start);
      if (dash == std::string_view::npos) dash = v.size();
      const std::string_view part = v.substr(start, dash - start);
      if (!part.empty() && !list.contains(part)) return false;
      start = dash + 1;
    }
    return true;
  }
  return false;
}

bool LetterLike(std::string_view w) {
  bool vowel = false;
  int consonants = 0;
  for (char ch : w) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\'' || c == '-') {
      consonants = 0;
      continue;
    }
    if (!std::isalpha(c)) return false;
    if (std::strchr("aeiouyAEIOUY", c) != nullptr) {
      vowel = true;
      consonants = 0;
    } else if (++consonants >= 5) {
      return false;
    }
  }
  return vowel;
}

// Punctuation that may stand around a word, or alone as a leader or rule.
bool Surrounding(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }

// Calls on_word(core) for every token that counts as a word (core: the token
// without surrounding punctuation, typographic apostrophes as ASCII; empty
// for a run of symbols) until it returns false.
template <typename OnWord>
void ForEachJudgedWord(std::string_view text, OnWord on_word) {
  std::string token, core;  // reused: no allocation per token
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    // Typographic apostrophes as ASCII, so "council’s" is looked up.
    const std::string_view raw = text.substr(i, end - i);
    if (raw.find('\xE2') == std::string_view::npos) {
      token.assign(raw);
    } else {
      token.clear();
      for (size_t k = 0; k < raw.size(); ++k) {
        if (raw.substr(k, 3) == "\xE2\x80\x99") {
          token += '\'';
          k += 2;
        } else {
          token += raw[k];
        }
      }
    }
    i = end;
    size_t a = 0, b = token.size();
    while (a < b && Surrounding(token[a])) ++a;
    while (b > a && Surrounding(token[b - 1])) --b;
    core.assign(token, a, b - a);
    size_t code_points = 0;
    for (size_t k = 0; k < core.size(); ++code_points) internal::NextCodePoint(core, &k);
    if (core.empty()) {
      // Dot leaders and rules are layout; other runs of symbols are soup.
      if (token.size() < 2 || token.find_first_not_of(".-_=*~") == std::string::npos) continue;
    } else {
      if (code_points < 2) continue;  // a bullet, a dash, an initial
      if (core.find_first_not_of("0123456789.,/:%-") == std::string::npos) continue;  // numbers, dates
    }
    if (!on_word(core)) return;
  }
}

// decide_only: only `garbage` is wanted. Words are then counted first, and
// looked up only until the share of known words is settled either way
// (about a third of a typed page's words): the look-ups were 7% of ingest
// CPU (#13). `known` is then the share among the words looked up.
Language Judge(std::string_view text, bool use_list, bool decide_only = false) {
  const WordList& list = WordList::Get();
  Language out;
  out.dictionary = use_list && !list.empty();
  const double min_share = out.dictionary ? kMinKnownShare : kMinLetterShare;
  int total = -1;
  if (decide_only) {
    total = 0;
    ForEachJudgedWord(text, [&](std::string&) { return ++total, true; });
    if (total < kMinWordsToJudge) {
      out.words = total;
      return out;
    }
  }
  int good = 0;
  ForEachJudgedWord(text, [&](std::string& core) {
    ++out.words;
    if (!core.empty() && (out.dictionary ? Known(list, core) : LetterLike(core))) ++good;
    if (total < 0) return true;
    const int left = total - out.words;
    return !(good >= min_share * total || good + left < min_share * total);
  });
  if (out.words > 0) out.known = static_cast<double>(good) / out.words;
  if (total >= 0) {
    out.garbage = good < min_share * total;
    out.words = total;
  } else {
    out.garbage = out.words >= kMinWordsToJudge && out.known < min_share;
  }
  return out;
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

Language LanguageOf(std::string_view text) { return Judge(text, true); }
Language LanguageByLetters(std::string_view text) { return Judge(text, false); }

const char* OcrReasonName(OcrReason reason) {
  switch (reason) {
    case OcrReason::kNone: return "";
    case OcrReason::kNoText: return "no_text";
    case OcrReason::kUnmappedGlyphs: return "unmapped_glyphs";
    case OcrReason::kGarbageText: return "garbage_text";
    case OcrReason::kRequested: return "requested";
  }
  return "";
}

OcrReason JudgeTextLayer(std::string_view text, double page_area_sq_in) {
  if (!(page_area_sq_in > 0)) page_area_sq_in = kDefaultPageAreaSqIn;
  std::size_t visible = 0;
  std::size_t garbage = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = internal::NextCodePoint(text, &i);
    if (internal::IsUnicodeSpace(c)) continue;
    ++visible;
    if (IsGarbage(c)) ++garbage;
  }
  if (static_cast<double>(visible) < kMinVisibleCharsPerSqIn * page_area_sq_in) return OcrReason::kNoText;
  if (static_cast<double>(garbage) > kMaxGarbageFraction * static_cast<double>(visible)) return OcrReason::kUnmappedGlyphs;
  if (Judge(text, true, /*decide_only=*/true).garbage) return OcrReason::kGarbageText;
  return OcrReason::kNone;
}

bool TextLayerUsable(std::string_view text, double page_area_sq_in) {
  return JudgeTextLayer(text, page_area_sq_in) == OcrReason::kNone;
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
