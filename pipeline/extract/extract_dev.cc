// extract_dev FILE...: runs the extraction stage on files without the rest of
// the pipeline and prints one gold-format JSON line per file. Text files are
// read as they are (pages split on form feeds); PDFs go through
// `pdftotext -enc UTF-8`. The extractor's own tolerant clean-up stands in for
// the normaliser. --lines prints the cleaned lines instead of extracting.
// --time N extracts every file N times and prints the best round's time
// (bench/extract runs it).
// For development only; the minutebook CLI is the product.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/gold_json.h"
#include "extract/extract.h"
#include "extract/internal/lines.h"

namespace {

bool ReadPdfText(const std::string& path, std::string* out) {
  std::string quoted = "'";
  for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* p = popen(("pdftotext -enc UTF-8 " + quoted + " - 2>/dev/null").c_str(), "r");
  if (p == nullptr) return false;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir = MINUTEBOOK_SOURCE_DIR "/rules";
  bool show_lines = false;  // --lines: print the cleaned lines the rules see
  int rounds = 0;           // --time N
  int first = 1;
  while (first < argc && std::string(argv[first]).rfind("--", 0) == 0) {
    std::string flag = argv[first++];
    if (flag == "--lines") {
      show_lines = true;
    } else if (flag == "--time" && first < argc) {
      rounds = std::atoi(argv[first++]);
    } else if (flag == "--rules" && first < argc) {
      rules_dir = argv[first++];
    } else {
      std::cerr << "usage: extract_dev [--rules DIR] [--lines | --time N] FILE...\n";
      return 2;
    }
  }
  auto extractor = minutebook::extract::Extractor::Create({rules_dir});
  if (!extractor) {
    std::cerr << "extract_dev: " << extractor.error().message << "\n";
    return 2;
  }
  int status = 0;
  std::vector<minutebook::Document> timed;
  for (int a = first; a < argc; ++a) {
    std::string path = argv[a];
    std::string text;
    minutebook::Document doc;
    doc.name = std::filesystem::path(path).filename().string();
    if (std::filesystem::path(path).extension() == ".pdf") {
      doc.kind = minutebook::DocumentKind::kPdf;
      if (!ReadPdfText(path, &text)) {
        std::cerr << "extract_dev: pdftotext failed on " << path << "\n";
        status = 1;
        continue;
      }
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::cerr << "extract_dev: cannot read " << path << "\n";
        status = 1;
        continue;
      }
      std::ostringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    }
    size_t pos = 0;
    int number = 1;
    while (true) {
      size_t ff = text.find('\f', pos);
      minutebook::Page page;
      page.number = number++;
      page.text = text.substr(pos, ff == std::string::npos ? std::string::npos : ff - pos);
      page.normalised = minutebook::extract::internal::CleanText(page.text);
      if (ff == std::string::npos) {
        if (!page.text.empty() || doc.pages.empty()) doc.pages.push_back(std::move(page));
        break;
      }
      doc.pages.push_back(std::move(page));
      pos = ff + 1;
    }
    if (show_lines) {
      int n = 0;
      for (const auto& line : minutebook::extract::internal::SplitLines(doc)) {
        std::cout << n++ << "\tp" << line.page << (line.bullet ? "\t- " : "\t  ") << line.text << "\n";
      }
      continue;
    }
    if (rounds > 0) {
      timed.push_back(std::move(doc));
      continue;
    }
    auto x = (*extractor)->Process(doc);
    std::cout << minutebook::ToGoldJson(x, std::filesystem::path(path).filename().string()) << "\n";
  }
  if (rounds > 0) {
    size_t pages = 0;
    for (const auto& d : timed) pages += d.pages.size();
    // The first round also builds the DFA states (RE2 does that lazily), as
    // a short ingest does; later rounds show the steady state of a long one.
    double first_round = 0, best = 1e9;
    for (int r = 0; r < rounds; ++r) {
      const auto start = std::chrono::steady_clock::now();
      for (const auto& d : timed) (void)(*extractor)->Process(d);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (r == 0) first_round = ms;
      best = std::min(best, ms);
    }
    std::printf("files %zu, pages %zu, rounds %d: first %.2f ms, best %.2f ms\n", timed.size(), pages, rounds,
                first_round, best);
  }
  return status;
}
