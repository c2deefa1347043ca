// Fuzzes extraction end to end on an arbitrary document: the input is split
// into pages at form feeds, normalised as the pipeline does, and run through
// extract::Extractor::Process (meeting segmentation, attendees, actions,
// reports, security markings) with the repository's rules/. Checks: every
// page number in the result is a page of the document.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "extract/extract.h"
#include "fuzz/fuzz_util.h"
#include "normalise/normalise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace minutebook;
  static const std::unique_ptr<normalise::Normaliser> normaliser = [] {
    auto n = normalise::Normaliser::Create();
    if (!n) std::abort();
    return std::move(*n);
  }();
  static const std::unique_ptr<extract::Extractor> extractor = [] {
    auto e = extract::Extractor::Create(extract::Options{fuzz::RulesDir()});
    if (!e) std::abort();
    return std::move(*e);
  }();
  Document document;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int number = 1;; ++number) {
    const size_t feed = text.find('\f');
    Page page;
    page.number = number;
    page.text = std::string(text.substr(0, feed));
    document.pages.push_back(std::move(page));
    if (feed == std::string_view::npos) break;
    text.remove_prefix(feed + 1);
  }
  normaliser->NormaliseDocument(document);
  const Extraction x = extractor->Process(document);
  const int pages = static_cast<int>(document.pages.size());
  auto check = [&](int page) {
    if (page < 1 || page > pages) std::abort();
  };
  for (const auto& m : x.meetings) check(m.page);
  for (const auto& a : x.attendees) check(a.page);
  for (const auto& a : x.actions) check(a.page);
  for (const auto& r : x.reports) check(r.page);
  for (const auto& r : x.restricted) check(r.page);
  return 0;
}
