#include <gtest/gtest.h>

#include "common/hash.h"
#include "common/serialise.h"
#include "common/text.h"

namespace minutebook {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(WordOverlap, SharedWordsOverTheLongerSide) {
  EXPECT_DOUBLE_EQ(WordOverlap("Prevent Update", "PREVENT update"), 1.0);
  EXPECT_DOUBLE_EQ(WordOverlap("sign the ISA", "sign the ISA now"), 0.75);
  EXPECT_DOUBLE_EQ(WordOverlap("", "x"), 0.0);
  EXPECT_EQ(WordSet("Angela D'Urso, 2023-26"), (std::set<std::string>{"angela", "durso", "2023", "26"}));
}

TEST(SplitLines, KeepsEmptyLinesAndTheLastOne) {
  EXPECT_EQ(SplitLines("a\n\nb"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(SplitLines("a\n"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(SplitLines(""), (std::vector<std::string>{""}));
}

TEST(HtmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("<b>\"A&B\"</b> it's"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; it&#39;s");
}

TEST(Serialise, DocumentAndExtractionRoundTrip) {
  Document d;
  d.kind = DocumentKind::kPdf;
  d.pages.push_back(Page{3, "text", "normalised", true, 91.5});
  d.warnings = {"1 invalid byte replaced"};
  d.hidden_checked = true;
  d.hidden_text = {{3, "Victim named Jane Example"}};
  Extraction x;
  Report r;
  r.title = "Update";
  r.security = "RESTRICTED";
  x.reports = {r, Report{}};
  x.markings.push_back(Marking{"UNPROTECTED", "inline", 2});
  x.actions.push_back(Action{"2023-06-28", "do it", {"A B"}, {"A"}, "outstanding", "3", 4});
  auto back = DecodeDocument(EncodeDocument(d, x));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->first.kind, DocumentKind::kPdf);
  EXPECT_EQ(back->first.pages[0].number, 3);
  EXPECT_TRUE(back->first.pages[0].ocr);
  EXPECT_DOUBLE_EQ(back->first.pages[0].ocr_confidence, 91.5);
  EXPECT_EQ(back->first.warnings, d.warnings);
  EXPECT_TRUE(back->first.hidden_checked);
  EXPECT_EQ(back->first.hidden_text, d.hidden_text);
  EXPECT_EQ(back->second.reports[0].security, "RESTRICTED");
  EXPECT_FALSE(back->second.reports[1].security.has_value());
  EXPECT_EQ(back->second.markings[0].value, "UNPROTECTED");
  EXPECT_EQ(back->second.actions[0].owners_written, std::vector<std::string>{"A"});
}

TEST(Serialise, GarbageIsCorruptNotACrash) {
  auto bad = DecodeDocument({0xff, 0x00, 0x13});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace minutebook
