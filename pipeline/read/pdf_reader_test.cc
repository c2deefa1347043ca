#include "read/internal/pdf_reader.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ocr/internal/cer.h"
#include "ocr/ocr.h"

namespace minutebook::read::internal {
namespace {

std::string Slurp(const std::string& relative) {
  const std::string path = std::string(MINUTEBOOK_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

Options WithOcr(const std::string& mode) {
  Options options;
  options.ocr = mode;
  return options;
}

bool Contains(const std::string& text, const std::string& phrase) {
  return text.find(phrase) != std::string::npos;
}

const char kTyped[] = "corpus/000_bef1e02f096a6288.pdf";
const char kScanPage[] = "tests/data/pdf/scan-page1.pdf";

TEST(ReadPdf, OnePagePerPdfPage) {
  Result<Document> doc = ReadPdf(Slurp(kTyped), Options{});
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(doc->kind, DocumentKind::kPdf);
  ASSERT_EQ(doc->pages.size(), 8u);
  for (std::size_t i = 0; i < doc->pages.size(); ++i) {
    EXPECT_EQ(doc->pages[i].number, static_cast<int>(i) + 1);
    EXPECT_FALSE(doc->pages[i].ocr) << "page " << i + 1 << " has a text layer";
    EXPECT_EQ(doc->pages[i].ocr_confidence, -1);
  }
  EXPECT_TRUE(doc->warnings.empty());
}

TEST(ReadPdf, PhrasesOnTheirPages) {
  Result<Document> doc = ReadPdf(Slurp(kTyped), Options{});
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->pages.size(), 8u);
  EXPECT_TRUE(Contains(doc->pages[0].text, "Members Present: Stuart Bell (Chair)"));
  EXPECT_TRUE(Contains(doc->pages[2].text, "Clare Brutton acknowledges that the offer is not perfect"));
  EXPECT_FALSE(Contains(doc->pages[0].text, "Clare Brutton acknowledges"));
  EXPECT_TRUE(Contains(doc->pages[7].text, "Crime and Disorder Strategic Assessment \xE2\x80\x93 Daniel James"));
}

// Reading order as `pdftotext FILE -` prints it: one line per text line, no
// column padding, no blank lines between paragraphs, no form feed at the end.
TEST(ReadPdf, ReadingOrderLikePdftotext) {
  Result<Document> doc = ReadPdf(Slurp(kTyped), Options{});
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const std::string expected =
      "Community Safety Partnership Board\n"
      "Wednesday 28th June 2023, 10.00-13.00, Barking Learning Centre\n"
      "Members Present: Stuart Bell (Chair), Cllr Ghani, Cllr Kangethe, Cllr Worby, David Rhodes,\n";
  EXPECT_EQ(doc->pages[0].text.substr(0, expected.size()), expected);
  for (const Page& page : doc->pages) {
    EXPECT_EQ(page.text.find('\f'), std::string::npos) << "page " << page.number;
  }
}

TEST(ReadPdf, EncryptedIsEncrypted) {
  Result<Document> doc = ReadPdf(Slurp("tests/data/pdf/encrypted.pdf"), Options{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(doc.error().message, "password-protected PDF");
}

TEST(ReadPdf, TruncatedIsCorruptNotACrash) {
  const std::string whole = Slurp(kTyped);
  Result<Document> doc = ReadPdf(whole.substr(0, 3000), Options{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(doc.error().message.find("unreadable PDF"), std::string::npos);
  // Cut anywhere: an error or whatever pages survive, never a crash.
  for (std::size_t length : {std::size_t{5}, std::size_t{9}, std::size_t{100}, whole.size() / 3,
                             whole.size() / 2, whole.size() - 100, whole.size() - 1}) {
    Result<Document> cut = ReadPdf(whole.substr(0, length), WithOcr("never"));
    if (!cut) {
      EXPECT_EQ(cut.error().code, ErrorCode::kCorrupt) << length;
    }
  }
}

TEST(ReadPdf, GarbageAfterHeaderIsCorrupt) {
  Result<Document> doc = ReadPdf("%PDF-1.7\nthis is not a PDF body\n", Options{});
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kCorrupt);
}

TEST(ReadPdf, RejectsUnknownOcrMode) {
  Result<Document> doc = ReadPdf(Slurp(kTyped), WithOcr("sometimes"));
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidArgument);
  Options options;
  options.ocr_dpi = 5000;
  doc = ReadPdf(Slurp(kTyped), options);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidArgument);
}

TEST(ReadPdf, TypedPdfNeverAsksForAnEngine) {
  int asked = 0;
  Result<Document> doc = ReadPdf(Slurp(kTyped), WithOcr("auto"), [&]() -> Result<ocr::Engine*> {
    ++asked;
    return Fail(ErrorCode::kInternal, "not expected");
  });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(asked, 0);
}

// --- OCR through a fake engine: the seam for failures ---

class FakeEngine : public ocr::Engine {
 public:
  explicit FakeEngine(Result<ocr::Text> answer) : answer_(std::move(answer)) {}
  Result<ocr::Text> Recognise(const ocr::Image& image) override {
    ++calls;
    last_width = image.width;
    last_dpi = image.dpi;
    return answer_;
  }
  int calls = 0;
  int last_width = 0;
  int last_dpi = 0;

 private:
  Result<ocr::Text> answer_;
};

TEST(ReadPdfOcr, AlwaysOcrsEveryPageAtTheRequestedDpi) {
  FakeEngine engine(ocr::Text{"recognised", 91.5});
  Options options = WithOcr("always");
  options.ocr_dpi = 100;
  Result<Document> doc = ReadPdf(Slurp(kTyped), options, [&]() -> Result<ocr::Engine*> { return &engine; });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(engine.calls, 8);
  EXPECT_EQ(engine.last_dpi, 100);
  EXPECT_EQ(engine.last_width, 827);  // A4: 8.27 in at 100 dpi
  for (const Page& page : doc->pages) {
    EXPECT_TRUE(page.ocr);
    EXPECT_EQ(page.text, "recognised");
    EXPECT_EQ(page.ocr_confidence, 91.5);
  }
}

TEST(ReadPdfOcr, FailedPageKeepsTextLayerWithWarning) {
  FakeEngine engine(Fail(ErrorCode::kInternal, "Tesseract could not recognise the page"));
  Result<Document> doc =
      ReadPdf(Slurp(kTyped), WithOcr("always"), [&]() -> Result<ocr::Engine*> { return &engine; });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->pages.size(), 8u);
  EXPECT_FALSE(doc->pages[0].ocr);
  EXPECT_TRUE(Contains(doc->pages[0].text, "Members Present"));
  ASSERT_EQ(doc->warnings.size(), 8u);
  EXPECT_EQ(doc->warnings[0], "page 1: OCR failed, text layer kept: Tesseract could not recognise the page");
}

TEST(ReadPdfOcr, UnavailableEngineIsOneWarning) {
  int asked = 0;
  Result<Document> doc = ReadPdf(Slurp(kTyped), WithOcr("always"), [&]() -> Result<ocr::Engine*> {
    ++asked;
    return Fail(ErrorCode::kNotFound, "Tesseract cannot load language 'eng'");
  });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(asked, 1);
  ASSERT_EQ(doc->warnings.size(), 1u);
  EXPECT_EQ(doc->warnings[0],
            "OCR unavailable (Tesseract cannot load language 'eng'), text layer kept on page(s) "
            "1, 2, 3, 4, 5, 6, 7, 8");
}

// --- OCR with Tesseract ---

TEST(ReadPdfOcr, ScanPageAutoIsOcrd) {
  Result<Document> doc = ReadPdf(Slurp(kScanPage), WithOcr("auto"));
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->pages.size(), 1u);
  const Page& page = doc->pages[0];
  EXPECT_TRUE(page.ocr);
  EXPECT_GT(page.ocr_confidence, 80);
  EXPECT_TRUE(Contains(page.text, "Community Safety Partnership Board")) << page.text;
  EXPECT_TRUE(Contains(page.text, "Chief Superintendent Stuart Bell opened")) << page.text;
  EXPECT_TRUE(doc->warnings.empty());
}

TEST(ReadPdfOcr, ScanPageNeverStaysEmpty) {
  Result<Document> doc = ReadPdf(Slurp(kScanPage), WithOcr("never"));
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->pages.size(), 1u);
  EXPECT_FALSE(doc->pages[0].ocr);
  EXPECT_EQ(doc->pages[0].text, "");
  EXPECT_EQ(doc->pages[0].ocr_confidence, -1);
}

// Each thread gets its own engine, and both read the page alike.
TEST(ReadPdfOcr, TwoThreadsAtOnce) {
  const std::string scan = Slurp(kScanPage);
  Result<Document> first = Fail(ErrorCode::kInternal, "not run");
  Result<Document> second = Fail(ErrorCode::kInternal, "not run");
  {
    std::jthread one([&] { first = ReadPdf(scan, WithOcr("auto")); });
    std::jthread two([&] { second = ReadPdf(scan, WithOcr("auto")); });
  }
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_TRUE(first->pages[0].ocr);
  EXPECT_TRUE(Contains(first->pages[0].text, "Community Safety Partnership Board"));
  EXPECT_EQ(first->pages[0].text, second->pages[0].text);
}

// --- Pages of one PDF on several threads ---

TEST(ReadPdfPageThreads, SameDocumentAsOneThread) {
  for (const char* file : {kTyped, "corpus/001_2e633a8db224cb2d.pdf"}) {
    const std::string bytes = Slurp(file);
    Result<Document> one = ReadPdf(bytes, WithOcr("never"));
    Options three = WithOcr("never");
    three.page_threads = 3;
    Result<Document> many = ReadPdf(bytes, three);
    ASSERT_TRUE(one.has_value() && many.has_value()) << file;
    ASSERT_EQ(one->pages.size(), many->pages.size()) << file;
    for (size_t i = 0; i < one->pages.size(); ++i) {
      EXPECT_EQ(many->pages[i].number, static_cast<int>(i) + 1);
      EXPECT_EQ(one->pages[i].text, many->pages[i].text) << file << " page " << i + 1;
    }
    EXPECT_EQ(one->warnings, many->warnings) << file;
  }
}

// Each page thread asks the source once and keeps its engine to itself.
TEST(ReadPdfPageThreads, EachThreadItsOwnEngine) {
  std::mutex mu;
  std::vector<std::unique_ptr<FakeEngine>> engines;
  Options options = WithOcr("always");
  options.page_threads = 3;
  Result<Document> doc = ReadPdf(Slurp(kTyped), options, [&]() -> Result<ocr::Engine*> {
    std::lock_guard lock(mu);
    engines.push_back(std::make_unique<FakeEngine>(ocr::Text{"recognised", 90}));
    return engines.back().get();
  });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->pages.size(), 8u);
  for (const Page& page : doc->pages) EXPECT_EQ(page.text, "recognised");
  EXPECT_GE(engines.size(), 1u);
  EXPECT_LE(engines.size(), 3u);
  int calls = 0;
  for (const auto& e : engines) calls += e->calls;
  EXPECT_EQ(calls, 8);
}

TEST(ReadPdfPageThreads, UnavailableEngineIsStillOneWarningInPageOrder) {
  Options options = WithOcr("always");
  options.page_threads = 3;
  Result<Document> doc = ReadPdf(Slurp(kTyped), options, []() -> Result<ocr::Engine*> {
    return Fail(ErrorCode::kNotFound, "Tesseract cannot load language 'eng'");
  });
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  ASSERT_EQ(doc->warnings.size(), 1u);
  EXPECT_EQ(doc->warnings[0],
            "OCR unavailable (Tesseract cannot load language 'eng'), text layer kept on page(s) "
            "1, 2, 3, 4, 5, 6, 7, 8");
}

// Character error rate of OCR against the text layer of the same document.
// Both corpus scans are image-only copies of the typed PDFs beside them.
double OcrCer(const Document& ocrd, const Document& typed, int* ocr_pages) {
  ocr::internal::CerCount total;
  *ocr_pages = 0;
  for (const Page& page : ocrd.pages) {
    if (!page.ocr) continue;
    ++*ocr_pages;
    total += ocr::internal::CharacterErrors(typed.pages.at(page.number - 1).text, page.text);
  }
  return total.rate();
}

// Read on two page threads: the helper thread OCRs with its own Tesseract.
TEST(OcrAccuracy, ScannedMinutesCerBelowTwoPercent) {
  const auto start = std::chrono::steady_clock::now();
  Options two_threads = WithOcr("auto");
  two_threads.page_threads = 2;
  Result<Document> scan = ReadPdf(Slurp("corpus/000_bef1e02f096a6288-scan.pdf"), two_threads);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Result<Document> typed = ReadPdf(Slurp(kTyped), WithOcr("never"));
  ASSERT_TRUE(scan.has_value()) << scan.error().message;
  ASSERT_TRUE(typed.has_value()) << typed.error().message;
  ASSERT_EQ(scan->pages.size(), typed->pages.size());
  int ocr_pages = 0;
  const double cer = OcrCer(*scan, *typed, &ocr_pages);
  EXPECT_EQ(ocr_pages, 8);
  EXPECT_LT(cer, 0.02);
  RecordProperty("cer", std::to_string(cer));
  std::printf("000 scan: %d pages OCR'd in %.1f s, CER %.4f\n", ocr_pages, seconds, cer);
}

TEST(OcrAccuracy, MixedAgendaOcrsOnlyItsScannedPages) {
  const auto start = std::chrono::steady_clock::now();
  Result<Document> mixed = ReadPdf(Slurp("corpus/001_2e633a8db224cb2d-mixed.pdf"), WithOcr("auto"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Result<Document> typed = ReadPdf(Slurp("corpus/001_2e633a8db224cb2d.pdf"), WithOcr("never"));
  ASSERT_TRUE(mixed.has_value()) << mixed.error().message;
  ASSERT_TRUE(typed.has_value()) << typed.error().message;
  ASSERT_EQ(mixed->pages.size(), 43u);
  std::vector<int> ocrd;
  for (const Page& page : mixed->pages) {
    if (page.ocr) {
      ocrd.push_back(page.number);
    } else {
      EXPECT_EQ(page.text, typed->pages[page.number - 1].text) << "page " << page.number;
    }
  }
  EXPECT_EQ(ocrd, (std::vector<int>{5, 6, 7}));
  int ocr_pages = 0;
  const double cer = OcrCer(*mixed, *typed, &ocr_pages);
  EXPECT_LT(cer, 0.02);
  RecordProperty("cer", std::to_string(cer));
  std::printf("001 mixed: %d pages OCR'd in %.1f s, CER %.4f\n", ocr_pages, seconds, cer);
}

}  // namespace
}  // namespace minutebook::read::internal
