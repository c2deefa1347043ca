#include "read/internal/text_layer.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include "read/internal/pdf_reader.h"
#include "support/pdf.h"

namespace minutebook::read::internal {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

// Every text-layer PDF the repository holds: corpus/ and the papers of the
// breadth sets (11 bodies between them).
std::vector<fs::path> RepositoryPdfs() {
  std::vector<fs::path> out;
  const fs::path root(MINUTEBOOK_SOURCE_DIR);
  for (const char* dir : {"corpus", "tests/data/breadth/papers", "tests/data/breadth2/papers"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (e.path().extension() == ".pdf") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Utf8(const poppler::ustring& u) {
  const poppler::byte_array b = u.to_utf8();
  return std::string(b.begin(), b.end());
}

bool MayHide(const std::string& content) {
  const std::string pdf = testing::OnePageHelveticaPdf(content);
  auto doc = TextLayerDocument::Open(pdf);
  EXPECT_TRUE(doc) << doc.error().message;
  auto page = (*doc)->Read(0, nullptr);
  EXPECT_TRUE(page) << page.error().message;
  return page->may_hide_text;
}

// The one pass must give what poppler-cpp's page::text (the reader before
// it, and pdftotext's reading order) and text_list give, on every page.
TEST(TextLayer, SameTextAndWordsAsPopplerCppOnEveryRepositoryPdf) {
  const auto pdfs = RepositoryPdfs();
  ASSERT_GE(pdfs.size(), 10u);
  int pages = 0;
  for (const auto& path : pdfs) {
    const std::string bytes = Slurp(path);
    std::unique_ptr<poppler::document> cpp(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    ASSERT_NE(cpp, nullptr) << path;
    auto layer = TextLayerDocument::Open(bytes);
    ASSERT_TRUE(layer) << path;
    ASSERT_EQ((*layer)->pages(), cpp->pages()) << path;
    for (int i = 0; i < cpp->pages(); ++i, ++pages) {
      std::unique_ptr<poppler::page> page(cpp->create_page(i));
      std::string want = Utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
      if (!want.empty() && want.back() == '\f') want.pop_back();
      auto got = (*layer)->Read(i, [](const TextLayerPage&) { return true; });
      ASSERT_TRUE(got) << path << " page " << i + 1;
      EXPECT_EQ(got->text, want) << path << " page " << i + 1;
      std::vector<std::string> want_words;
      for (const auto& box : page->text_list()) want_words.push_back(Utf8(box.text()));
      std::vector<std::string> got_words;
      for (const auto& w : got->words) got_words.push_back(w.text);
      EXPECT_EQ(got_words, want_words) << path << " page " << i + 1;
      EXPECT_DOUBLE_EQ(got->media_width, page->page_rect().width()) << path << " page " << i + 1;
    }
  }
  EXPECT_GT(pages, 100);
}

TEST(TextLayer, WordsOnlyWhenAsked) {
  const std::string pdf = testing::OnePageHelveticaPdf("BT /F1 12 Tf 72 700 Td (Two words) Tj ET");
  auto doc = TextLayerDocument::Open(pdf);
  ASSERT_TRUE(doc);
  auto without = (*doc)->Read(0, [](const TextLayerPage&) { return false; });
  ASSERT_TRUE(without);
  EXPECT_EQ(without->text, "Two words\n\n");  // a line, then the end of its block
  EXPECT_TRUE(without->words.empty());
  auto with = (*doc)->Read(0, [](const TextLayerPage& p) { return p.text.starts_with("Two"); });
  ASSERT_TRUE(with);
  ASSERT_EQ(with->words.size(), 2u);
  EXPECT_EQ(with->words[1].text, "words");
  EXPECT_LT(with->words[0].right, with->words[1].left);
  EXPECT_GT(with->words[0].top, 72.0);  // from the top: 792 - 700 - ascent
  EXPECT_FALSE((*doc)->Read(1, nullptr));
}

TEST(TextLayer, GarbageIsAnError) {
  EXPECT_FALSE(TextLayerDocument::Open("%PDF-1.4\nnot a pdf at all"));
}

// What may hide text, and so is rendered: a paint over text after it, text
// on a paint of its own grey, invisible text on a paint.
TEST(TextLayer, PaintOverTextMayHideIt) {
  const std::string text = "0 0 0 rg BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n";
  EXPECT_FALSE(MayHide(text));
  EXPECT_TRUE(MayHide(text + "0 0 0 rg 66 640 250 26 re f\n"));           // a black box after it
  EXPECT_TRUE(MayHide(text + "1 1 1 rg 66 640 250 26 re f\n"));           // a white one (the render judges)
  EXPECT_TRUE(MayHide(text + "0 0 0 RG 20 w 66 655 m 300 655 l S\n"));    // a thick black line
  EXPECT_TRUE(MayHide(text + "q 250 0 0 26 66 640 cm BI /W 1 /H 1 /CS /G /BPC 8 ID A EI Q\n"));  // an image
  EXPECT_FALSE(MayHide(text + "0 0 0 rg 66 600 250 26 re f\n"));          // a box elsewhere
  EXPECT_FALSE(MayHide(text + "0 0 0 RG 0.5 w 72 647 m 300 647 l S\n"));  // an underline
  EXPECT_FALSE(MayHide(text + "0 0 0 rg 66 640 250 26 re W n 0 0 0 rg 0 0 10 10 re f\n"));  // clipped away
}

TEST(TextLayer, TextOnPaintOfItsOwnGreyMayHideIt) {
  const std::string box = "0 0 0 rg 66 640 250 26 re f\n";
  EXPECT_TRUE(MayHide(box + "0 0 0 rg BT /F1 12 Tf 72 650 Td (Black highlight) Tj ET\n"));
  EXPECT_TRUE(MayHide(box + "0.1 0.1 0.1 rg BT /F1 12 Tf 72 650 Td (Near black) Tj ET\n"));
  EXPECT_TRUE(MayHide(box + "1 1 1 rg 3 Tr BT /F1 12 Tf 72 650 Td (Invisible) Tj ET\n"));
  EXPECT_FALSE(MayHide(box + "1 1 1 rg BT /F1 12 Tf 72 650 Td (White on black) Tj ET\n"));
  EXPECT_FALSE(MayHide("0.9 0.9 0.9 rg 66 640 250 26 re f 0 0 0 rg BT /F1 12 Tf 72 650 Td (Shaded cell) Tj ET\n"));
  EXPECT_FALSE(MayHide("0 0 0 rg 66 600 250 26 re f 0 0 0 rg BT /F1 12 Tf 72 650 Td (Beside a box) Tj ET\n"));
}

// The filter must never cost a finding: on every repository PDF, and on
// redactions of both kinds, reading with the filter finds what rendering
// every page finds.
TEST(TextLayer, FilteredCheckFindsWhatRenderingEveryPageFinds) {
  std::vector<std::pair<std::string, std::string>> pdfs;
  for (const auto& path : RepositoryPdfs()) pdfs.emplace_back(path.string(), Slurp(path));
  pdfs.emplace_back("box over text", testing::OnePageHelveticaPdf(
                                         "BT /F1 12 Tf 72 700 Td (Public paragraph about parks) Tj ET\n"
                                         "BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n"
                                         "0 0 0 rg 66 640 250 26 re f\n"));
  pdfs.emplace_back("black highlight", testing::OnePageHelveticaPdf(
                                           "BT /F1 12 Tf 72 700 Td (Public paragraph about parks) Tj ET\n"
                                           "0 0 0 rg 66 640 250 26 re f\n"
                                           "BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n"));
  int found = 0;
  for (const auto& [name, bytes] : pdfs) {
    Options options;
    options.ocr = "never";
    options.check_hidden_text = true;
    auto filtered = ReadPdf(bytes, options);
    ASSERT_TRUE(filtered) << name;
    auto every_page = FindHiddenTextInPdf(bytes);
    ASSERT_TRUE(every_page) << name;
    ASSERT_EQ(filtered->hidden_text.size(), every_page->size()) << name;
    for (size_t i = 0; i < every_page->size(); ++i) {
      EXPECT_EQ(filtered->hidden_text[i].page, (*every_page)[i].page) << name;
      EXPECT_EQ(filtered->hidden_text[i].text, (*every_page)[i].text) << name;
    }
    found += static_cast<int>(every_page->size());
  }
  EXPECT_GE(found, 2);
}

// Fail closed: a page that may hide text must be rendered to be checked;
// when it cannot be, the document is not reported as checked clean, and the
// warning says which page and why. A page that cannot hide text is not
// rendered at all, so a renderer's failure costs it nothing.
TEST(TextLayer, APageThatMayHideTextButCannotBeRenderedLeavesTheDocumentUnchecked) {
  const std::string covered = testing::OnePageHelveticaPdf(
      "BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n0 0 0 rg 66 640 250 26 re f\n");
  const std::string plain = testing::OnePageHelveticaPdf("BT /F1 12 Tf 72 650 Td (Public paragraph) Tj ET\n");
  Options options;
  options.ocr = "never";
  options.check_hidden_text = true;
  const OcrEngineSource no_ocr = [] { return Result<ocr::Engine*>(Fail(ErrorCode::kUnsupported, "no OCR here")); };
  int asked = 0;
  const RenderFault fault = [&](int) -> std::optional<std::string> {
    ++asked;
    return "renderer out of memory";
  };

  auto rendered = ReadPdf(covered, options, no_ocr);
  ASSERT_TRUE(rendered) << rendered.error().message;
  EXPECT_TRUE(rendered->hidden_checked);
  EXPECT_EQ(rendered->hidden_text.size(), 1u);

  auto unrendered = ReadPdf(covered, options, no_ocr, fault);
  ASSERT_TRUE(unrendered) << unrendered.error().message;
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(unrendered->hidden_checked);
  EXPECT_TRUE(unrendered->hidden_text.empty());
  ASSERT_EQ(unrendered->warnings.size(), 1u);
  EXPECT_EQ(unrendered->warnings[0], "page 1: not checked for text under filled boxes: renderer out of memory");
  // The text layer is still read.
  ASSERT_EQ(unrendered->pages.size(), 1u);
  EXPECT_NE(unrendered->pages[0].text.find("Jane Example"), std::string::npos);

  auto clean = ReadPdf(plain, options, no_ocr, fault);
  ASSERT_TRUE(clean) << clean.error().message;
  EXPECT_EQ(asked, 1);
  EXPECT_TRUE(clean->hidden_checked);
  EXPECT_TRUE(clean->warnings.empty());
}

}  // namespace
}  // namespace minutebook::read::internal
