// ocr_bench: times minutebook's OCR of a PDF and measures its accuracy.
//
//   ocr_bench [--ocr always|auto] [--dpi N] [--text OUT] SCAN.pdf [REFERENCE.pdf]
//       Reads SCAN.pdf (default ocr=always: every page rendered and OCR'd; one
//       thread) and prints one line of `key=value`s: pages, ocr_pages,
//       seconds, ocr_pages_per_s, mean OCR confidence and, given the same
//       document with a text layer, cer over the OCR'd pages against that
//       layer.
//   ocr_bench --list-unusable PDF
//       Prints the page numbers (comma-separated) whose text layer fails
//       ocr::TextLayerUsable, i.e. the pages ocr=auto would OCR (page area
//       taken as A4).
//   ocr_bench --cer TEXT REFERENCE.pdf
//       CER of a text file whose pages are separated by form feeds (such as
//       `ocrmypdf --sidecar`) against REFERENCE.pdf's text layer.
//
// CER is computed page by page on whitespace-collapsed text
// (ocr/internal/cer.h) and summed over the document.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ocr/internal/cer.h"
#include "ocr/ocr.h"
#include "read/internal/pdf_reader.h"

namespace {

using minutebook::Document;
using minutebook::Result;
using minutebook::ocr::internal::CerCount;
using minutebook::ocr::internal::CharacterErrors;

bool Slurp(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = std::move(buffer).str();
  return true;
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> pages(1);
  for (char c : text) {
    if (c == '\f') {
      pages.emplace_back();
    } else {
      pages.back().push_back(c);
    }
  }
  if (pages.size() > 1 && pages.back().find_first_not_of(" \t\r\n") == std::string::npos) {
    pages.pop_back();  // text after the last form feed
  }
  return pages;
}

Result<Document> ReadPdfFile(const std::string& path, const std::string& ocr, int dpi) {
  std::string bytes;
  if (!Slurp(path, &bytes)) return minutebook::Fail(minutebook::ErrorCode::kIo, "cannot read " + path);
  minutebook::read::Options options;
  options.ocr = ocr;
  options.ocr_dpi = dpi;
  return minutebook::read::internal::ReadPdf(bytes, options);
}

// Page-by-page CER; pages missing on either side count as all wrong/extra.
CerCount DocumentCer(const std::vector<std::string>& reference, const std::vector<std::string>& ocr) {
  CerCount total;
  const std::size_t pages = std::max(reference.size(), ocr.size());
  for (std::size_t i = 0; i < pages; ++i) {
    total += CharacterErrors(i < reference.size() ? reference[i] : "", i < ocr.size() ? ocr[i] : "");
  }
  return total;
}

int Usage() {
  std::cerr << "usage: ocr_bench [--ocr always|auto] [--dpi N] [--text OUT] SCAN.pdf [REFERENCE.pdf]\n"
               "       ocr_bench --list-unusable PDF\n"
               "       ocr_bench --cer TEXT REFERENCE.pdf\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int dpi = 300;
  std::string text_out;
  std::string cer_text;
  std::string ocr = "always";
  bool list_unusable = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dpi" && i + 1 < argc) {
      dpi = std::atoi(argv[++i]);
    } else if (arg == "--text" && i + 1 < argc) {
      text_out = argv[++i];
    } else if (arg == "--ocr" && i + 1 < argc) {
      ocr = argv[++i];
    } else if (arg == "--list-unusable") {
      list_unusable = true;
    } else if (arg == "--cer" && i + 1 < argc) {
      cer_text = argv[++i];
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage();
    } else {
      files.push_back(arg);
    }
  }

  if (list_unusable) {
    if (files.size() != 1) return Usage();
    Result<Document> doc = ReadPdfFile(files[0], "never", dpi);
    if (!doc) {
      std::cerr << "ocr_bench: " << files[0] << ": " << doc.error().message << "\n";
      return 1;
    }
    std::string list;
    for (const auto& page : doc->pages) {
      if (minutebook::ocr::TextLayerUsable(page.text, 0)) continue;
      if (!list.empty()) list += ',';
      list += std::to_string(page.number);
    }
    std::printf("%s\n", list.c_str());
    return 0;
  }

  std::vector<std::string> reference;
  const std::string reference_path =
      !cer_text.empty() ? (files.size() == 1 ? files[0] : "") : (files.size() == 2 ? files[1] : "");
  if (!reference_path.empty()) {
    Result<Document> doc = ReadPdfFile(reference_path, "never", dpi);
    if (!doc) {
      std::cerr << "ocr_bench: " << reference_path << ": " << doc.error().message << "\n";
      return 1;
    }
    for (const auto& page : doc->pages) reference.push_back(page.text);
  }

  if (!cer_text.empty()) {
    std::string text;
    if (files.size() != 1 || !Slurp(cer_text, &text)) return Usage();
    const std::vector<std::string> pages = SplitPages(text);
    const CerCount cer = DocumentCer(reference, pages);
    std::printf("pages=%zu cer=%.4f errors=%zu reference_chars=%zu\n", pages.size(), cer.rate(),
                cer.errors, cer.reference);
    return 0;
  }

  if (files.empty() || files.size() > 2) return Usage();
  const auto start = std::chrono::steady_clock::now();
  Result<Document> doc = ReadPdfFile(files[0], ocr, dpi);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!doc) {
    std::cerr << "ocr_bench: " << files[0] << ": " << doc.error().message << "\n";
    return 1;
  }
  for (const auto& warning : doc->warnings) std::cerr << "ocr_bench: warning: " << warning << "\n";
  std::vector<std::string> pages;
  std::vector<std::string> ocr_reference;
  std::vector<std::string> ocr_text;
  double confidence = 0;
  for (const auto& page : doc->pages) {
    pages.push_back(page.text);
    if (!page.ocr) continue;
    confidence += page.ocr_confidence;
    ocr_text.push_back(page.text);
    const auto index = static_cast<std::size_t>(page.number - 1);
    ocr_reference.push_back(index < reference.size() ? reference[index] : "");
  }
  if (!text_out.empty()) {
    std::ofstream out(text_out, std::ios::binary);
    for (const auto& page : pages) out << page << '\f';
  }
  const double ocr_pages = static_cast<double>(ocr_text.size());
  std::printf("pages=%zu ocr_pages=%zu seconds=%.2f ocr_pages_per_s=%.3f confidence=%.1f",
              pages.size(), ocr_text.size(), seconds, ocr_pages / seconds,
              ocr_pages == 0 ? 0.0 : confidence / ocr_pages);
  if (!reference.empty()) {
    const CerCount cer = DocumentCer(ocr_reference, ocr_text);
    std::printf(" cer=%.4f errors=%zu reference_chars=%zu", cer.rate(), cer.errors, cer.reference);
  }
  std::printf("\n");
  return 0;
}
