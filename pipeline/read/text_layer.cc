// Poppler core types stay in this file.
#include "read/internal/text_layer.h"

#include <ErrorCodes.h>
#include <GlobalParams.h>
#include <GfxState.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <UTF.h>
#include <goo/GooString.h>
#include <goo/gmem.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <utility>

namespace minutebook::read::internal {
namespace {

thread_local std::string last_message;

void KeepMessage(ErrorCategory, Goffset, const char* message) { last_message = message != nullptr ? message : ""; }

// Poppler's global parameters, created once and kept: a count of users
// dropping to zero would free them under another thread's document. The
// first of this and poppler-cpp to start them installs the error callback;
// both keep the message for TakePopplerMessage().
void EnsureGlobalParams() {
  static std::once_flag once;
  std::call_once(once, [] { new GlobalParamsIniter(KeepMessage); });
}

void AppendTo(void* stream, const char* text, int len) {
  static_cast<std::string*>(stream)->append(text, static_cast<size_t>(len));
}

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double Area() const { return std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0); }
  bool Empty() const { return x1 <= x0 || y1 <= y0; }
  Box Intersect(const Box& o) const {
    return {std::max(x0, o.x0), std::max(y0, o.y0), std::min(x1, o.x1), std::min(y1, o.y1)};
  }
  void Add(double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
};

// A glyph counts as covered when a paint covers at least this share of its
// body band: the rendering check flags a word only when (nearly) all of its
// box is one flat colour, which no paint over less than half of each glyph
// does.
constexpr double kCoveredShare = 0.5;
// Text drawn on a paint is readable when their greys differ by more than
// this (0..1): black on white, white on navy. Below it the rendering decides.
constexpr double kMinContrast = 0.4;

double Luma(const GfxRGB& rgb) {
  return 0.299 * colToDbl(rgb.r) + 0.587 * colToDbl(rgb.g) + 0.114 * colToDbl(rgb.b);
}

// A text output device that also follows paint order. Paints are fills,
// strokes, images and image masks; shadings and patterns reach fill() as
// Poppler breaks them up for devices without native support, as this one is.
class LayerDevice final : public TextOutputDev {
 public:
  explicit LayerDevice(std::string* text) : TextOutputDev(&AppendTo, text, false, 0, false, false) {}

  bool may_hide_text() const { return may_hide_; }

  // Images must reach the device to be seen; text output ignores them.
  bool needNonText() override { return true; }

  void startPage(int page, GfxState* state, XRef* xref) override {
    glyphs_.clear();
    paints_.clear();
    may_hide_ = false;
    glyph_extent_ = Box{1e30, 1e30, -1e30, -1e30};
    TextOutputDev::startPage(page, state, xref);
  }

  void drawChar(GfxState* state, double x, double y, double dx, double dy, double origin_x, double origin_y,
                CharCode c, int bytes, const Unicode* u, int ulen) override {
    if (!may_hide_) NoteGlyph(state, x, y, dx, dy);
    TextOutputDev::drawChar(state, x, y, dx, dy, origin_x, origin_y, c, bytes, u, ulen);
  }

  void fill(GfxState* state) override {
    if (!may_hide_) NotePaint(PathBox(state, 0.0), FillLuma(state));
    TextOutputDev::fill(state);
  }
  void eoFill(GfxState* state) override {
    if (!may_hide_) NotePaint(PathBox(state, 0.0), FillLuma(state));
    TextOutputDev::eoFill(state);
  }
  void stroke(GfxState* state) override {
    if (!may_hide_) {
      GfxRGB rgb;
      state->getStrokeRGB(&rgb);
      NotePaint(PathBox(state, state->getTransformedLineWidth() / 2), Luma(rgb));
    }
    TextOutputDev::stroke(state);
  }

  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert, bool interpolate,
                     bool inline_img) override {
    if (!may_hide_) NotePaint(UnitSquare(state), FillLuma(state));
    TextOutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_img);
  }
  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                 bool interpolate, const int* mask_colors, bool inline_img) override {
    if (!may_hide_) NotePaint(UnitSquare(state), -1);
    TextOutputDev::drawImage(state, ref, str, width, height, map, interpolate, mask_colors, inline_img);
  }
  void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                       bool interpolate, Stream* mask, int mask_width, int mask_height, bool mask_invert,
                       bool mask_interpolate) override {
    if (!may_hide_) NotePaint(UnitSquare(state), -1);
    TextOutputDev::drawMaskedImage(state, ref, str, width, height, map, interpolate, mask, mask_width, mask_height,
                                   mask_invert, mask_interpolate);
  }
  void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* map,
                           bool interpolate, Stream* mask, int mask_width, int mask_height, GfxImageColorMap* mask_map,
                           bool mask_interpolate) override {
    if (!may_hide_) NotePaint(UnitSquare(state), -1);
    TextOutputDev::drawSoftMaskedImage(state, ref, str, width, height, map, interpolate, mask, mask_width,
                                       mask_height, mask_map, mask_interpolate);
  }

 private:
  struct Paint {
    Box box;
    double luma;  // 0..1; -1: unknown (an image, a pattern)
  };

  static double FillLuma(GfxState* state) {
    if (state->getFillColorSpace()->getMode() == csPattern) return -1;
    GfxRGB rgb;
    state->getFillRGB(&rgb);
    return Luma(rgb);
  }

  static Box Clipped(GfxState* state, Box b) {
    Box clip;
    state->getClipBBox(&clip.x0, &clip.y0, &clip.x1, &clip.y1);
    return b.Intersect(clip);
  }

  static Box PathBox(GfxState* state, double grow) {
    const GfxPath* path = state->getPath();
    Box b{1e30, 1e30, -1e30, -1e30};
    for (int i = 0; i < path->getNumSubpaths(); ++i) {
      const GfxSubpath* sub = path->getSubpath(i);
      for (int j = 0; j < sub->getNumPoints(); ++j) {
        double x, y;
        state->transform(sub->getX(j), sub->getY(j), &x, &y);
        b.Add(x, y);
      }
    }
    b.x0 -= grow;
    b.y0 -= grow;
    b.x1 += grow;
    b.y1 += grow;
    return Clipped(state, b);
  }

  // An image fills the unit square of its CTM.
  static Box UnitSquare(GfxState* state) {
    Box b{1e30, 1e30, -1e30, -1e30};
    for (const auto& [ux, uy] : {std::pair{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}}) {
      double x, y;
      state->transform(ux, uy, &x, &y);
      b.Add(x, y);
    }
    return Clipped(state, b);
  }

  static bool Covers(const Box& paint, const Box& glyph) {
    return paint.Intersect(glyph).Area() >= kCoveredShare * glyph.Area();
  }

  // The glyph's body: from the baseline up most of the way to the font
  // size (upright text), or the font size either side of the baseline
  // (rotated text). Below the baseline only descenders and underlines are.
  void NoteGlyph(GfxState* state, double x, double y, double dx, double dy) {
    const int render = state->getRender() & 3;
    double x1, y1, w, h;
    state->transform(x, y, &x1, &y1);
    state->transformDelta(dx, dy, &w, &h);
    const double size = state->getTransformedFontSize();
    if (size <= 0 || w * w + h * h < 0.01 * size * size) return;  // a space or a zero-width mark
    Box g;
    if (std::abs(h) <= 0.01 * std::abs(w)) {
      g = {std::min(x1, x1 + w), y1 - 0.7 * size, std::max(x1, x1 + w), y1 - 0.1 * size};
    } else {
      g = {std::min(x1, x1 + w) - 0.5 * size, std::min(y1, y1 + h) - 0.5 * size, std::max(x1, x1 + w) + 0.5 * size,
           std::max(y1, y1 + h) + 0.5 * size};
    }
    if (g.Empty()) return;
    // Drawn on an earlier paint: hidden when invisible there, or of the
    // paint's own grey.
    double luma = -1;
    if (render == 0 || render == 2) {
      GfxRGB rgb;
      state->getFillRGB(&rgb);
      luma = Luma(rgb);
    } else if (render == 1) {
      GfxRGB rgb;
      state->getStrokeRGB(&rgb);
      luma = Luma(rgb);
    }
    for (const Paint& p : paints_) {
      // The colours first: on most pages every paint contrasts with the text
      // (a white page, light table shading), and the boxes need not be met.
      const bool unreadable_there = render == 3 || p.luma < 0 || luma < 0 || std::abs(p.luma - luma) < kMinContrast;
      if (unreadable_there && Covers(p.box, g)) {
        may_hide_ = true;
        return;
      }
    }
    glyphs_.push_back(g);
    glyph_extent_.Add(g.x0, g.y0);
    glyph_extent_.Add(g.x1, g.y1);
  }

  // Painted after text: hides whatever it covers, whatever its colour
  // (white boxes included; the rendering tells a redaction from paper).
  void NotePaint(const Box& box, double luma) {
    if (box.Empty()) return;
    if (!box.Intersect(glyph_extent_).Empty()) {
      for (const Box& g : glyphs_) {
        if (Covers(box, g)) {
          may_hide_ = true;
          return;
        }
      }
    }
    paints_.push_back(Paint{box, luma});
  }

  std::vector<Box> glyphs_;
  std::vector<Paint> paints_;
  Box glyph_extent_;
  bool may_hide_ = false;
};

class PopplerTextLayer final : public TextLayerDocument {
 public:
  explicit PopplerTextLayer(std::unique_ptr<PDFDoc> doc) : doc_(std::move(doc)) {}

  int pages() const override { return doc_->getNumPages(); }

  std::string title() override {
    std::unique_ptr<GooString> raw = doc_->getDocInfoTitle();
    if (raw == nullptr) return "";
    // UTF-16 with a byte-order mark, or PDFDocEncoding.
    Unicode* ucs4 = nullptr;
    const int n = TextStringToUCS4(raw->toStr(), &ucs4);
    std::string out;
    icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(ucs4), n).toUTF8String(out);
    gfree(ucs4);
    return out;
  }

  Result<TextLayerPage> Read(int index, const std::function<bool(const TextLayerPage&)>& with_words) override {
    if (index < 0 || index >= doc_->getNumPages()) return Fail(ErrorCode::kInvalidArgument, "no such page");
    TextLayerPage out;
    LayerDevice device(&out.text);
    if (!device.isOk()) return Fail(ErrorCode::kInternal, "Poppler's text device did not start");
    // As poppler-cpp's page::text in non_raw_non_physical_layout: Poppler's
    // reading order, the mode `pdftotext FILE -` uses without -layout/-raw,
    // which extraction rules are written against (raw order and physical
    // layout differ from it on 100s of lines of the corpus). 72 dpi, no
    // rotation, the crop box, not printing.
    doc_->displayPage(&device, index + 1, 72, 72, 0, false, true, false);
    if (!out.text.empty() && out.text.back() == '\f') out.text.pop_back();
    // The text grew by appends (doubling); a long PDF's pages are all held
    // until extraction, and the slack was a third of their bytes.
    out.text.shrink_to_fit();
    out.may_hide_text = device.may_hide_text();
    out.media_width = doc_->getPageMediaWidth(index + 1);
    out.crop_area_sq_in =
        std::abs(doc_->getPageCropWidth(index + 1) * doc_->getPageCropHeight(index + 1)) / (72.0 * 72.0);
    if (with_words && with_words(out)) {
      std::unique_ptr<TextWordList> list = device.makeWordList();
      for (int i = 0; list != nullptr && i < list->getLength(); ++i) {
        TextWord* word = list->get(i);
        std::unique_ptr<GooString> text(word->getText());
        WordBox box;
        box.text = text != nullptr ? text->toStr() : std::string();
        word->getBBox(&box.left, &box.top, &box.right, &box.bottom);
        out.words.push_back(std::move(box));
      }
    }
    return out;
  }

 private:
  std::unique_ptr<PDFDoc> doc_;
};

}  // namespace

Result<std::unique_ptr<TextLayerDocument>> TextLayerDocument::Open(std::string_view bytes) {
  EnsureGlobalParams();
  // The stream does not own the bytes; the document owns the stream.
  auto* stream = new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  auto doc = std::make_unique<PDFDoc>(stream);
  if (!doc->isOk()) {
    if (doc->getErrorCode() == errEncrypted) return Fail(ErrorCode::kEncrypted, "password-protected PDF");
    std::string message = "unreadable PDF";
    if (!last_message.empty()) message += " (poppler: " + last_message + ")";
    return Fail(ErrorCode::kCorrupt, message);
  }
  return std::unique_ptr<TextLayerDocument>(new PopplerTextLayer(std::move(doc)));
}

const std::string& LastPopplerMessage() { return last_message; }

void ClearPopplerMessage() { last_message.clear(); }

void NotePopplerMessage(std::string message) { last_message = std::move(message); }

}  // namespace minutebook::read::internal
