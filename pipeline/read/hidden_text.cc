// Poppler types stay in this file and pdf_reader.cc.
#include "read/internal/hidden_text.h"

#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>

#include <cmath>
#include <memory>

namespace minutebook::read::internal {
namespace {

// Rendering resolution: enough pixels under a 9 pt word to judge it.
// 50 dpi in 8-bit grey, against 100 dpi in colour at first: the check runs
// on every page at ingest (#13), where it cost 6x the reading of the text;
// a 9 pt word is still 6 pixels tall, flat under a box and mixed where it
// shows.
constexpr double kDpi = 50.0;
// A word is covered when the pixels under it are (almost) one flat colour:
// visible text always contrasts with what is behind it.
constexpr double kMaxFlatStdDev = 10.0;
// ...and that colour is not blank paper (white-on-white is not a redaction).
constexpr double kMaxCoverLuma = 200.0;

struct AreaStats {
  double mean = 0, stddev = 0;
  int pixels = 0;
};

AreaStats Measure(const poppler::image& img, const WordBox& box) {
  const double scale = kDpi / 72.0;
  const int x0 = std::max(0, static_cast<int>(std::floor(box.left * scale)));
  const int y0 = std::max(0, static_cast<int>(std::floor(box.top * scale)));
  const int x1 = std::min(img.width(), static_cast<int>(std::ceil(box.right * scale)));
  const int y1 = std::min(img.height(), static_cast<int>(std::ceil(box.bottom * scale)));
  AreaStats s;
  double sum = 0, sum2 = 0;
  const char* data = img.const_data();
  for (int y = y0; y < y1; ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(data + static_cast<long>(y) * img.bytes_per_row());
    for (int x = x0; x < x1; ++x) {
      const double luma = row[x];  // grey8
      sum += luma;
      sum2 += luma * luma;
      ++s.pixels;
    }
  }
  if (s.pixels > 0) {
    s.mean = sum / s.pixels;
    s.stddev = std::sqrt(std::max(0.0, sum2 / s.pixels - s.mean * s.mean));
  }
  return s;
}

}  // namespace

void FindHiddenTextOnPage(const poppler::page& page, const std::vector<WordBox>& words, int number,
                          std::vector<HiddenText>& out) {
  if (words.empty()) return;
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  const poppler::image img = renderer.render_page(&page, kDpi, kDpi);
  if (!img.is_valid()) return;
  HiddenText current{number, ""};
  double current_y = -1;
  for (const auto& w : words) {
    const std::string& word = w.text;
    if (word.find_first_not_of(" \t") == std::string::npos) continue;
    const AreaStats s = Measure(img, w);
    const bool covered = s.pixels > 0 && s.stddev <= kMaxFlatStdDev && s.mean <= kMaxCoverLuma;
    const bool same_line = std::abs(w.top - current_y) < 2.0;
    if (covered) {
      if (!current.text.empty() && !same_line) {
        out.push_back(current);
        current.text.clear();
      }
      current.text += (current.text.empty() ? "" : " ") + word;
      current_y = w.top;
    } else if (!current.text.empty()) {
      out.push_back(current);
      current.text.clear();
    }
  }
  if (!current.text.empty()) out.push_back(current);
}

}  // namespace minutebook::read::internal
