// Tesseract adapter. Tesseract and Leptonica types stay in this file.
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

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include "ocr/internal/bullets.h"
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

// --- Engine ----------------------------------------------------------------

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Tesseract's LSTM runs `omp parallel for num_threads(4)` loops. minutebook's
// --jobs workers already keep every core busy with a page each, and OpenMP's
// extra threads then spin for a core: on the 2-core dev machine one page took
// 10-15 s of wall time (20 s of it system time) instead of 2.3 s.
// OMP_THREAD_LIMIT=1 is the documented cap, but libgomp reads it once, when it
// is loaded, which is before main (libtesseract links it); so setting it here
// only reaches processes started later. LimitOpenMp() makes the same cap
// effective in this process, worker process or not. A value the user set is
// kept, and then OpenMP is left alone.
bool g_user_set_omp_thread_limit = false;

void SetOmpThreadLimitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_user_set_omp_thread_limit = std::getenv("OMP_THREAD_LIMIT") != nullptr;
    if (!g_user_set_omp_thread_limit) setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
  });
}

// With max-active-levels 0 every parallel region runs on the encountering
// thread alone, whatever its num_threads clause says. The setting is per
// thread in libgomp (an ICV of the implicit task), hence called on the thread
// that runs Tesseract. Looked up at run time so that a libtesseract built
// without OpenMP needs nothing.
void LimitOpenMp() {
  if (g_user_set_omp_thread_limit) return;
  using SetLevels = void (*)(int);
  static const auto set_max_active_levels =
      reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_max_active_levels != nullptr) set_max_active_levels(0);
}

// Builds an 8-bit grey Pix from the caller's rows. Grey is what Tesseract
// binarises from anyway, and a quarter of the memory of 32-bit colour.
Result<PixPtr> GreyPix(const Image& image) {
  const int bpp = image.bytes_per_pixel;
  if (image.data == nullptr || image.width <= 0 || image.height <= 0 ||
      (bpp != 1 && bpp != 3 && bpp != 4) ||
      image.bytes_per_line < static_cast<long long>(image.width) * bpp) {
    return Fail(ErrorCode::kInvalidArgument, "OCR image has no pixels or an invalid layout");
  }
  PixPtr pix(pixCreate(image.width, image.height, 8));
  if (pix == nullptr) return Fail(ErrorCode::kInternal, "out of memory for the OCR image");
  l_uint32* const data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* src = image.data + static_cast<std::ptrdiff_t>(y) * image.bytes_per_line;
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    for (int x = 0; x < image.width; ++x) {
      int grey = 0;
      if (bpp == 1) {
        grey = src[x];
      } else {
        const std::uint8_t* p = src + static_cast<std::ptrdiff_t>(x) * bpp;
        // BGRA (Poppler's ARGB32 in little-endian memory) or RGB; ITU-R 601 luma.
        const int r = bpp == 4 ? p[2] : p[0];
        const int g = p[1];
        const int b = bpp == 4 ? p[0] : p[2];
        grey = (r * 299 + g * 587 + b * 114 + 500) / 1000;
      }
      SET_DATA_BYTE(line, x, grey);
    }
  }
  if (image.dpi > 0) pixSetResolution(pix.get(), image.dpi, image.dpi);
  return pix;
}

class TesseractEngine final : public Engine {
 public:
  explicit TesseractEngine(const Options& options) : options_(options) {}
  ~TesseractEngine() override { api_.End(); }

  Result<void> Init() {
    // Tesseract prints its own diagnostics (missing data files, "Estimating
    // resolution") with tprintf; send them nowhere and report through Result.
    const std::vector<std::string> names = {"debug_file"};
    const std::vector<std::string> values = {"/dev/null"};
    const char* datapath = options_.tessdata_dir.empty() ? nullptr : options_.tessdata_dir.c_str();
    if (api_.Init(datapath, options_.language.c_str(), tesseract::OEM_DEFAULT, nullptr, 0,
                  &names, &values, false) != 0) {
      return Fail(ErrorCode::kNotFound, "Tesseract cannot load language '" + options_.language +
                                            "' (is tesseract-ocr-" + options_.language +
                                            " installed?)");
    }
    // PSM_AUTO_OSD runs orientation detection before layout analysis and
    // reads pages turned 90, 180 or 270 degrees upright (the OSD model is
    // loaded on the first page). It needs osd.traineddata (Debian:
    // tesseract-ocr-osd) beside the language data; without it pages are
    // read as they come. (DetectOrientationScript() is no substitute: on an
    // engine initialised for "eng" it answers 270 degrees for every page.)
    const std::filesystem::path dir = api_.GetDatapath() != nullptr ? api_.GetDatapath() : "";
    std::error_code ignored;
    const bool have_osd = std::filesystem::exists(dir / "osd.traineddata", ignored);
    corrects_orientation_ = options_.correct_orientation && have_osd;
    api_.SetPageSegMode(corrects_orientation_ ? tesseract::PSM_AUTO_OSD : tesseract::PSM_AUTO);
    return {};
  }

  bool corrects_orientation() const override { return corrects_orientation_; }

  Result<Text> Recognise(const Image& image) override {
    LimitOpenMp();
    Result<PixPtr> grey = GreyPix(image);
    if (!grey) return std::unexpected(grey.error());
    PixPtr pix = std::move(*grey);
    try {
      if (options_.deskew) {
        // pixDeskew binarises a reduced copy to measure the skew and rotates
        // the grey original; it returns a copy when the skew is negligible.
        if (PixPtr deskewed{pixDeskew(pix.get(), 0)}; deskewed != nullptr) pix = std::move(deskewed);
      }
      api_.SetImage(pix.get());
      if (image.dpi > 0) api_.SetSourceResolution(image.dpi);  // else Tesseract estimates it
      std::unique_ptr<char[]> utf8(api_.GetUTF8Text());
      if (utf8 == nullptr) {
        api_.Clear();
        return Fail(ErrorCode::kInternal, "Tesseract could not recognise the page");
      }
      Text text;
      text.text = internal::RepairBullets(utf8.get());
      text.confidence = std::max(0, api_.MeanTextConf());
      api_.Clear();
      return text;
    } catch (const std::bad_alloc&) {
      api_.Clear();
      return Fail(ErrorCode::kInternal, "out of memory during OCR");
    }
  }

 private:
  Options options_;
  tesseract::TessBaseAPI api_;
  bool corrects_orientation_ = false;
};

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

// --- Bullets ---------------------------------------------------------------
//
// Tesseract reads the round bullets of Word documents as "¢", "*", "«" or a
// pair of them ("¢«"); on the corpus scans that was 60 of the 127 character
// errors on 8 pages. Extraction rules key on "• " starting a line, so a line
// that starts with a token made only of those glyphs, followed by a space,
// gets "•" back. "*" alone is included: the corpus text layers never start a
// line with "* ", while the scans do 29 times.
namespace {

bool IsBulletLookalike(std::string_view glyph) {
  return glyph == "\u00A2" || glyph == "\u00AB" || glyph == "*" || glyph == "\u2022";
}

}  // namespace

std::string internal::RepairBullets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    std::size_t i = indent;
    int glyphs = 0;
    while (i < line.size() && glyphs <= 2) {
      std::size_t next = i;
      internal::NextCodePoint(line, &next);
      if (!IsBulletLookalike(line.substr(i, next - i))) break;
      i = next;
      ++glyphs;
    }
    if (glyphs >= 1 && glyphs <= 2 && i < line.size() && line[i] == ' ') {
      out.append(line.substr(0, indent));
      out.append("\u2022");
      out.append(line.substr(i));
    } else {
      out.append(line);
    }
    if (line_end < text.size()) out.push_back('\n');
    line_start = line_end + 1;
  }
  return out;
}

Result<std::unique_ptr<Engine>> Engine::Create(const Options& options) {
  SetOmpThreadLimitOnce();
  auto engine = std::make_unique<TesseractEngine>(options);
  if (Result<void> ok = engine->Init(); !ok) return std::unexpected(ok.error());
  return std::unique_ptr<Engine>(std::move(engine));
}

std::string EngineVersion() { return tesseract::TessBaseAPI::Version(); }

}  // namespace minutebook::ocr
