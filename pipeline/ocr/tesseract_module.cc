// Tesseract adapter, built as the plugin minutebook-ocr-tesseract.so (why:
// internal/module.h). Tesseract and Leptonica types stay in this file.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <dlfcn.h>

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include "ocr/internal/bullets.h"
#include "ocr/internal/module.h"
#include "ocr/ocr.h"

namespace minutebook::ocr {
namespace {

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
// only reaches processes started later. This module is loaded after ocr.cc
// has set it, so the cap normally holds from the start; LimitOpenMp() makes it
// hold as well in a process that had libgomp loaded already (the OCR tests
// link Leptonica and Tesseract directly). A value the user set is kept, and
// then OpenMP is left alone.
// With max-active-levels 0 every parallel region runs on the encountering
// thread alone, whatever its num_threads clause says. The setting is per
// thread in libgomp (an ICV of the implicit task), hence called on the thread
// that runs Tesseract. Looked up at run time so that a libtesseract built
// without OpenMP needs nothing.
void LimitOpenMp() {
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
  TesseractEngine(const Options& options, bool limit_openmp) : options_(options), limit_openmp_(limit_openmp) {}
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
    if (limit_openmp_) LimitOpenMp();
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
  bool limit_openmp_;
  tesseract::TessBaseAPI api_;
  bool corrects_orientation_ = false;
};

Result<std::unique_ptr<Engine>> Create(const Options& options, bool limit_openmp) {
  auto engine = std::make_unique<TesseractEngine>(options, limit_openmp);
  if (Result<void> ok = engine->Init(); !ok) return std::unexpected(ok.error());
  return std::unique_ptr<Engine>(std::move(engine));
}

const char* Version() { return tesseract::TessBaseAPI::Version(); }

}  // namespace
}  // namespace minutebook::ocr

extern "C" __attribute__((visibility("default"))) const minutebook::ocr::internal::EngineModule*
minutebook_ocr_engine_module() {
  static const minutebook::ocr::internal::EngineModule module{
      minutebook::ocr::internal::kEngineModuleAbi, &minutebook::ocr::Version, &minutebook::ocr::Create};
  return &module;
}
