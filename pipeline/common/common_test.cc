#include <gtest/gtest.h>

#include <random>
#include <string_view>
#include <vector>

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

// ForEachWord gives WordSet's words as WordSet defines them (the test's
// words in another way: fold, then split).
TEST(ForEachWord, TheWordsOfACharacterAtATime) {
  // Apostrophes out, ASCII lower case, then split at whatever is not a
  // letter or digit.
  auto fold_then_split = [](std::string_view text) {
    std::string folded;
    for (char c : text) {
      if (c != '\'') folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < folded.size();) {
      size_t end = folded.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", i);
      if (end == std::string::npos) end = folded.size();
      if (end > i) out.push_back(folded.substr(i, end - i));
      i = end + 1;
    }
    return out;
  };
  const std::string alphabet = std::string("aZz09'' .,-\t\n\xc3\xa9\xff/_[]") + '\0';
  std::mt19937 random(5);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (size_t k = 0, n = random() % 24; k < n; ++k) text += alphabet[random() % alphabet.size()];
    std::vector<std::string> words;
    ForEachWord(text, [&](std::string_view w) { words.emplace_back(w); });
    ASSERT_EQ(words, fold_then_split(text)) << text;
  }
  // An `each` that returns false stops the words.
  std::vector<std::string> first_two;
  ForEachWord("One two Three four", [&](std::string_view w) {
    first_two.emplace_back(w);
    return first_two.size() < 2;
  });
  EXPECT_EQ(first_two, (std::vector<std::string>{"one", "two"}));
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

// Page text travels in the tail, beside the CBOR head: every page's text and
// normalised text must come back whole and in order, NUL bytes, empty texts
// and text that looks like CBOR included.
TEST(Serialise, PagesTextComesBackWholeAndInOrder) {
  Document d;
  d.kind = DocumentKind::kText;
  d.pages.push_back(Page{1, std::string("a\0b", 3), "", false, 0});
  d.pages.push_back(Page{2, "", "", false, 0});
  d.pages.push_back(Page{3, std::string(70000, 'x') + "\xa1\xff", "normalised \xc3\xa9", true, 50.0, "no_text"});
  auto back = DecodeDocument(EncodeDocument(d, Extraction{}));
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->first.pages.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->first.pages[i].number, d.pages[i].number);
    EXPECT_EQ(back->first.pages[i].text, d.pages[i].text);
    EXPECT_EQ(back->first.pages[i].normalised, d.pages[i].normalised);
    EXPECT_EQ(back->first.pages[i].ocr_reason, d.pages[i].ocr_reason);
  }
}

// A message cut short, or with bytes the head does not account for, is
// corrupt: never a page with part of another's text.
TEST(Serialise, TruncatedOrPaddedMessagesAreCorrupt) {
  Document d;
  d.pages.push_back(Page{1, "some page text", "some page text", false, 0});
  const std::vector<std::uint8_t> whole = EncodeDocument(d, Extraction{});
  for (size_t cut : {size_t{0}, size_t{3}, size_t{10}, whole.size() - 1}) {
    auto bad = DecodeDocument(std::vector<std::uint8_t>(whole.begin(), whole.begin() + static_cast<long>(cut)));
    ASSERT_FALSE(bad) << cut;
    EXPECT_EQ(bad.error().code, ErrorCode::kCorrupt);
  }
  std::vector<std::uint8_t> padded = whole;
  padded.push_back('!');
  auto bad = DecodeDocument(padded);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kCorrupt);

  const std::vector<std::uint8_t> message = JoinHeadAndTail(std::vector<std::uint8_t>{1, 2, 3}, "tail");
  auto parts = SplitHeadAndTail(message);  // views into message
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->head.size(), 3u);
  EXPECT_EQ(parts->tail, "tail");
  EXPECT_FALSE(SplitHeadAndTail(std::vector<std::uint8_t>{9, 0, 0, 0, 1}));
}

TEST(Serialise, GarbageIsCorruptNotACrash) {
  auto bad = DecodeDocument({0xff, 0x00, 0x13});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace minutebook
