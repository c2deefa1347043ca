#include "normalise/normalise.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace minutebook::normalise {
namespace {

const Normaliser& TheNormaliser() {
  static const std::unique_ptr<Normaliser> normaliser = [] {
    auto created = Normaliser::Create();
    if (!created) throw std::runtime_error(created.error().message);
    return std::move(*created);
  }();
  return *normaliser;
}

std::string N(std::string_view text) { return TheNormaliser().Normalise(text); }

// --- Characters ---

TEST(Normalise, LigatureBecomesLetters) { EXPECT_EQ(N("\uFB01nance \uFB02ow"), "finance flow"); }

TEST(Normalise, CompatibilityFormsFolded) {
  EXPECT_EQ(N("\uFF21\uFF22\uFF23 \u2460 x\u00B2 \u2026"), "ABC 1 x2 ...");
}

TEST(Normalise, DecomposedAccentComposed) { EXPECT_EQ(N("Cafe\u0301"), "Caf\u00E9"); }

TEST(Normalise, CurlyQuotesBecomeStraight) {
  EXPECT_EQ(N("\u2018Yes\u2019, O\u2019Hara said \u201Cno\u201D \u201Elow\u201C"),
            "'Yes', O'Hara said \"no\" \"low\"");
}

TEST(Normalise, DashesBecomeHyphenMinus) {
  EXPECT_EQ(N("ACTION \u2013 A\nACTION \u2014 B\n5 \u2212 3\n020\u20127946\nnon\u2011breaking"),
            "ACTION - A\nACTION - B\n5 - 3\n020-7946\nnon-breaking");
}

TEST(Normalise, UnusualSpacesBecomeSpace) {
  EXPECT_EQ(N("10\u00A0am\u2009to\u202F1\u2003pm"), "10 am to 1 pm");
}

TEST(Normalise, ZeroWidthAndSoftHyphenRemoved) {
  EXPECT_EQ(N("Ja\u200Bnet Hug\u200Dhes, re\u00ADsettle\u2060ment \uFEFFpanel"),
            "Janet Hughes, resettlement panel");
}

TEST(Normalise, ReplacementCharacterKept) { EXPECT_EQ(N("O\uFFFDHara"), "O\uFFFDHara"); }

TEST(Normalise, InvalidUtf8BecomesReplacementCharacter) { EXPECT_EQ(N("a\xFF" "b"), "a\uFFFDb"); }

TEST(Normalise, BulletsBecomeListMarker) {
  EXPECT_EQ(N("\u2022 one\n\u25AA two\n\u25CF three\n\u25E6 four\n\u2023 five\n\u2219 six\n\uF0B7 seven"),
            "- one\n- two\n- three\n- four\n- five\n- six\n- seven");
}

TEST(Normalise, PlainAsciiUnchanged) {
  const std::string text = "Minutes of the meeting held on 5 October 2022.\nPresent: Stuart Bell (Chair)";
  EXPECT_EQ(N(text), text);
}

// --- Line-end hyphenation ---

TEST(Hyphenation, WordBrokenAtLineEndRejoined) {
  EXPECT_EQ(N("to discuss the resettlem-\nent panel and\nmore"), "to discuss the resettlement panel and\nmore");
}

TEST(Hyphenation, RejoinedAfterDashFolding) { EXPECT_EQ(N("resettlem\u2010\nent"), "resettlement"); }

TEST(Hyphenation, SoftHyphenAtLineEndRejoined) { EXPECT_EQ(N("resettle\u00AD\nment"), "resettlement"); }

TEST(Hyphenation, ChainOfBrokenLinesRejoined) { EXPECT_EQ(N("multi-\nagen-\ncy work"), "multiagency work"); }

TEST(Hyphenation, IndentedContinuationRejoined) { EXPECT_EQ(N("safe-\n   guarding"), "safeguarding"); }

TEST(Hyphenation, DigitBeforeHyphenKeepsHyphen) { EXPECT_EQ(N("a 5-\nyear plan"), "a 5-year plan"); }

TEST(Hyphenation, CapitalisedNextWordKeepsHyphen) { EXPECT_EQ(N("Cllr Salvador-\nJones"), "Cllr Salvador-Jones"); }

TEST(Hyphenation, YearRangeKeepsHyphen) { EXPECT_EQ(N("Plan 2023-\n26 agreed"), "Plan 2023-26 agreed"); }

TEST(Hyphenation, DashAfterSpaceIsNotHyphenation) {
  EXPECT_EQ(N("ACTION -\nall partners"), "ACTION -\nall partners");
  EXPECT_EQ(N("ACTION \u2013\nall partners"), "ACTION -\nall partners");
}

TEST(Hyphenation, PunctuationBeforeHyphenIsNotHyphenation) {
  EXPECT_EQ(N("the following items:-\nbudget"), "the following items:-\nbudget");
}

TEST(Hyphenation, NextLineNotStartingWithWordNotJoined) {
  EXPECT_EQ(N("well-\n- next item"), "well-\n- next item");
  EXPECT_EQ(N("well-\n\nnext"), "well-\n\nnext");
}

TEST(Hyphenation, InsideLineNothingChanges) {
  const std::string text = "a 5-year plan, Cllr Salvador-Jones, 2023-26, co-ordinate";
  EXPECT_EQ(N(text), text);
}

// --- Markup ---

TEST(Markup, BoldMarkersRemoved) {
  EXPECT_EQ(N("- **ACTION** \u2013 All CSP members (**Outstanding**)"), "- ACTION - All CSP members (Outstanding)");
  EXPECT_EQ(N("__Apologies__: none"), "Apologies: none");
}

TEST(Markup, AdjacentBoldSpansKeepWordsApart) {
  EXPECT_EQ(N("**Community Safety Partnership****Date and Time:** Wednesday"),
            "Community Safety Partnership Date and Time: Wednesday");
}

TEST(Markup, BoldGluedToPreviousWordStartsNewWord) {
  EXPECT_EQ(N("10:00 am - 1:00 pm**Venue:** Elmstead"), "10:00 am - 1:00 pm Venue: Elmstead");
}

TEST(Markup, UnderscoresInsideWordKept) { EXPECT_EQ(N("file snake__case"), "file snake__case"); }

TEST(Markup, SingleStarAndLongUnderscoreRunsKept) {
  EXPECT_EQ(N("Note * see below\nSigned ________"), "Note * see below\nSigned ________");
}

TEST(Markup, InlineTagsRemovedContentKept) {
  EXPECT_EQ(N("<b>3. Minutes</b>\t<STRONG>Chair</STRONG> <i>x</i><u>y</u><em>z</em> <span class=\"c\">w</span>"),
            "3. Minutes\tChair xyz w");
}

TEST(Markup, SupContentKept) { EXPECT_EQ(N("Wednesday 5<sup>th</sup> October"), "Wednesday 5th October"); }

TEST(Markup, BrBreaksLine) { EXPECT_EQ(N("Present:<br>Stuart Bell<br/>Cllr Ghani<BR />end"), "Present:\nStuart Bell\nCllr Ghani\nend"); }

TEST(Markup, TextThatOnlyLooksLikeTagsKept) {
  EXPECT_EQ(N("ages <5 and > 2, <Officer name>, a<b"), "ages <5 and > 2, <Officer name>, a<b");
}

TEST(Markup, TableRowBecomesTabSeparatedCells) {
  EXPECT_EQ(N("| <b>8. Community Safety Plan 2023-2026</b> | All partners | 57 - 72 |"),
            "8. Community Safety Plan 2023-2026\tAll partners\t57 - 72");
}

TEST(Markup, TableSeparatorRowsBecomeEmptyLines) {
  EXPECT_EQ(N("| a | b |\n|---|:--:|\n| c | d |\n- |   |    |"), "a\tb\n\nc\td\n");
}

TEST(Markup, BarInsideOrdinaryLineKept) { EXPECT_EQ(N("Name | Role"), "Name | Role"); }

TEST(Markup, HeadingMarkersRemoved) {
  EXPECT_EQ(N("# Minutes\n### 1. Welcome\n#1 priority\n####### seven"),
            "Minutes\n1. Welcome\n#1 priority\n####### seven");
}

TEST(Markup, EscapesRemoved) { EXPECT_EQ(N("1\\. Item \\- note \\*not bold\\* C:\\Users"), "1. Item - note *not bold* C:\\Users"); }

// --- Whitespace and lines ---

TEST(Whitespace, SpaceRunsCollapsedTrailingTrimmed) { EXPECT_EQ(N("a   b \t c  \t\nd    "), "a b\tc\nd"); }

TEST(Whitespace, TabRunBecomesOneTab) {
  EXPECT_EQ(N("<b>3. Minutes</b>\tChair\t1 - 12\n<b>6. Forward Plan</b>\t\t37"),
            "3. Minutes\tChair\t1 - 12\n6. Forward Plan\t37");
}

TEST(Whitespace, LineStructureKept) { EXPECT_EQ(N("one\n\n\ntwo\n"), "one\n\n\ntwo\n"); }

TEST(Whitespace, CrLfAndCrBecomeLf) { EXPECT_EQ(N("a\r\nb\rc"), "a\nb\nc"); }

TEST(Whitespace, ControlCharactersDropped) { EXPECT_EQ(N("a\x01" "b\fc"), "ab c"); }

// --- Whole pages ---

std::vector<std::filesystem::path> CorpusTexts() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(MINUTEBOOK_SOURCE_DIR "/corpus")) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  return paths;
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(Normalise, IdempotentOnCorpusPages) {
  auto paths = CorpusTexts();
  ASSERT_FALSE(paths.empty());
  for (const auto& path : paths) {
    std::string once = N(Slurp(path));
    EXPECT_EQ(N(once), once) << path;
  }
}

TEST(Normalise, IdempotentOnTrickyText) {
  const std::string text =
      "# **Minutes**\u00A0\u2013 5<sup>th</sup>\n| a | b |\n|--|--|\nresettlem-\nent \uFB01\u200Bne\n"
      "Cafe\u0301 \u00B7 \u2018q\u2019 **x****y**  \t z\r\n";
  std::string once = N(text);
  EXPECT_EQ(N(once), once);
}

TEST(Normalise, CorpusActionLinesReadable) {
  std::string page = N(Slurp(MINUTEBOOK_SOURCE_DIR "/corpus/000_bef1e02f096a6288.txt"));
  EXPECT_NE(page.find("- ACTION - All CSP members need to sign"), std::string::npos);
  EXPECT_EQ(page.find("**"), std::string::npos);
}

TEST(Normaliser, NormaliseDocumentFillsEveryPage) {
  Document document;
  document.pages.push_back(Page{.number = 1, .text = "\u201Cone\u201D"});
  document.pages.push_back(Page{.number = 2, .text = "**two**"});
  document.pages.push_back(Page{.number = 3, .text = "three, as it was"});
  TheNormaliser().NormaliseDocument(document);
  EXPECT_EQ(document.pages[0].normalised, "\"one\"");
  EXPECT_EQ(document.pages[1].normalised, "two");
  EXPECT_EQ(document.pages[0].text, "\u201Cone\u201D");
  // Nothing to normalise: one copy, the text (Page::normalised).
  EXPECT_EQ(document.pages[2].normalised, "");
  EXPECT_EQ(document.pages[2].text, "three, as it was");
}

TEST(Normaliser, ConcurrentCallsAgree) {
  const std::string text = "\uFB01nance \u2013 resettlem-\nent **panel** 5<sup>th</sup>";
  const std::string expected = N(text);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) mismatches[t] += N(text) != expected;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace minutebook::normalise
