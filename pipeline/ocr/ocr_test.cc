#include "ocr/ocr.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "ocr/internal/bullets.h"
#include "ocr/internal/cer.h"

namespace minutebook::ocr {
namespace {

constexpr double kA4SqIn = 8.27 * 11.69;

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// ~1,900 visible characters: a typed page of minutes.
const std::string kTypedPage = Repeat(
    "Members Present: Stuart Bell (Chair), Cllr Ghani, Cllr Worby, David Rhodes.\n"
    "\xE2\x80\xA2 ACTION \xE2\x80\x93 All members to sign and return the ISA.\n",
    16);

TEST(TextLayerUsable, TypedPageIsUsable) {
  EXPECT_TRUE(TextLayerUsable(kTypedPage, kA4SqIn));
}

TEST(TextLayerUsable, EmptyPageIsNot) {
  EXPECT_FALSE(TextLayerUsable("", kA4SqIn));
  EXPECT_FALSE(TextLayerUsable(" \n\n\f  \n", kA4SqIn));
}

TEST(TextLayerUsable, RunningHeaderAloneIsNot) {
  EXPECT_FALSE(TextLayerUsable("RESTRICTED\n\nPage 5 of 12\n", kA4SqIn));
  EXPECT_FALSE(TextLayerUsable(std::string(90, 'x'), kA4SqIn));  // < 1 per sq in
}

TEST(TextLayerUsable, ThresholdScalesWithPageArea) {
  // 60 characters fill a 3 x 5 in card but not an A4 page.
  const std::string label(60, 'a');
  EXPECT_TRUE(TextLayerUsable(label, 15.0));
  EXPECT_FALSE(TextLayerUsable(label, kA4SqIn));
}

TEST(TextLayerUsable, UnknownAreaMeansA4) {
  EXPECT_FALSE(TextLayerUsable(std::string(90, 'x'), 0));
  EXPECT_TRUE(TextLayerUsable(std::string(110, 'x'), 0));
  EXPECT_TRUE(TextLayerUsable(std::string(110, 'x'), -1));
}

TEST(TextLayerUsable, UnmappedGlyphsAreNot) {
  // An unmapped font: private-use code points for every glyph.
  EXPECT_FALSE(TextLayerUsable(Repeat("\xEE\x80\x81\xEE\x80\x82 ", 500), kA4SqIn));
  // U+FFFD replacement characters.
  EXPECT_FALSE(TextLayerUsable(Repeat("\xEF\xBF\xBD", 1000), kA4SqIn));
  // Control characters.
  EXPECT_FALSE(TextLayerUsable(Repeat("\x01\x02\x03", 400), kA4SqIn));
  // Bytes that are not UTF-8.
  EXPECT_FALSE(TextLayerUsable(Repeat("\xC0\xFF\x80", 400), kA4SqIn));
}

TEST(TextLayerUsable, WingdingsBulletsAreFine) {
  // Word's Symbol bullet U+F0B7 once per line, ~3% of the characters.
  const std::string page = Repeat("\xEF\x82\xB7 Noted the quarterly performance report.\n", 40);
  EXPECT_TRUE(TextLayerUsable(page, kA4SqIn));
}

TEST(TextLayerUsable, MostlyGarbageIsNot) {
  // 70% unmapped body text under a readable heading.
  const std::string page = Repeat("Heading line ", 10) + Repeat("\xEE\x80\x81", 700);
  EXPECT_FALSE(TextLayerUsable(page, kA4SqIn));
}

// A page drawn right whose ToUnicode map shifts every letter by -29 code
// points: plenty of printable characters, none of them words.
const std::string kShiftedPage = Repeat(
    "0LQXWHV RI WKH 3DUNV &RPPLWWHH\n7KH FRPPLWWHH DJUHHG WR UHSDLU WKH EDQGVWDQG URRI\n", 4);

TEST(Language, TypedPageReadsAsLanguage) {
  const Language l = LanguageOf(kTypedPage + kTypedPage);
  EXPECT_TRUE(l.dictionary) << "the word list (Debian wbritish) is installed by .ci/install-deps";
  EXPECT_FALSE(l.garbage);
  EXPECT_GT(l.known, 0.7);
  EXPECT_EQ(JudgeTextLayer(kTypedPage, kA4SqIn), OcrReason::kNone);
}

TEST(Language, ShiftedMapIsGarbageText) {
  const Language l = LanguageOf(kShiftedPage);
  EXPECT_TRUE(l.garbage);
  EXPECT_LT(l.known, 0.1);
  EXPECT_EQ(JudgeTextLayer(kShiftedPage, kA4SqIn), OcrReason::kGarbageText);
  EXPECT_FALSE(TextLayerUsable(kShiftedPage, kA4SqIn));
  EXPECT_STREQ(OcrReasonName(OcrReason::kGarbageText), "garbage_text");
}

// JudgeTextLayer stops looking words up once the share is settled; it must
// decide as LanguageOf does on every mixture, at the threshold included.
TEST(Language, EarlyDecisionAgreesWithTheFullCount) {
  const std::vector<std::string> known = {"council", "agreed", "the", "minutes", "report", "budget"};
  const std::vector<std::string> unknown = {"0LQXWHV", "WKH", "FRPPLWWHH", "DJUHHG", "URRI", "EDQGVWDQG"};
  int garbage = 0;
  for (int words : {19, 20, 21, 40, 97, 400}) {
    for (int share = 0; share <= 100; share += 5) {
      // Known words first, last, and spread: the early exit must not depend on order.
      for (int order = 0; order < 3; ++order) {
        std::vector<std::string> tokens;
        const int good = words * share / 100;
        for (int i = 0; i < words; ++i) {
          const bool is_known = order == 0 ? i < good : order == 1 ? i >= words - good : (i * good) / words != ((i + 1) * good) / words;
          tokens.push_back(is_known ? known[i % known.size()] : unknown[i % unknown.size()]);
        }
        std::string text;
        for (size_t i = 0; i < tokens.size(); ++i) text += tokens[i] + (i % 12 == 11 ? "\n" : " ");
        const bool full = LanguageOf(text).garbage;
        garbage += full;
        // A page area small enough that the density test passes.
        EXPECT_EQ(JudgeTextLayer(text, 0.01) == OcrReason::kGarbageText, full)
            << words << " words, " << share << "% known, order " << order;
      }
    }
  }
  EXPECT_GT(garbage, 50);
}

TEST(Language, LetterStatisticsWithoutTheWordList) {
  EXPECT_FALSE(LanguageByLetters(kTypedPage + kTypedPage).dictionary);
  EXPECT_FALSE(LanguageByLetters(kTypedPage + kTypedPage).garbage);
  EXPECT_TRUE(LanguageByLetters(kShiftedPage).garbage);
  EXPECT_TRUE(LanguageByLetters(Repeat("#$%& *+@! ~^]{ ", 30)).garbage);
}

TEST(Language, FiguresAndFewWordsAreNotJudged) {
  // A table of numbers and dates: no tokens that count.
  const Language figures = LanguageOf(Repeat("12.5 2023/24 14:30 1,250 -3% 07/06/2024\n", 30));
  EXPECT_EQ(figures.words, 0);
  EXPECT_FALSE(figures.garbage);
  // Fewer than 20 tokens: left to the density test.
  EXPECT_FALSE(LanguageOf("Xqzv Wkh Plqxwhv Ri Dssholqj").garbage);
  // Names, acronyms and dot leaders on a contents page still read as language.
  EXPECT_FALSE(LanguageOf(Repeat("Apologies for absence ........ 3\nCSP Prevent update (Cllr Ghani) ........ 5\n", 10)).garbage);
}

// The engine comes from the plugin beside the build's binaries: its version
// is Tesseract's ("5.3.0"), not the loader's "unavailable".
TEST(Plugin, LoadsTheTesseractEngine) {
  const std::string version = EngineVersion();
  ASSERT_FALSE(version.empty());
  EXPECT_TRUE(version[0] >= '4' && version[0] <= '9') << version;
}

TEST(RepairBullets, LineInitialLookalikesBecomeBullets) {
  EXPECT_EQ(internal::RepairBullets("\xC2\xA2 The reasons\n* What more\n\xC2\xA2\xC2\xAB Redbridge\n"),
            "\xE2\x80\xA2 The reasons\n\xE2\x80\xA2 What more\n\xE2\x80\xA2 Redbridge\n");
  EXPECT_EQ(internal::RepairBullets("   * indented"), "   \xE2\x80\xA2 indented");
}

TEST(RepairBullets, OtherTextUnchanged) {
  const std::string text =
      "Costs rose 5* in 2023\n*Note without a space\n\xC2\xA2" "5 cost\n***\n\n" "a * b\n";
  EXPECT_EQ(internal::RepairBullets(text), text);
  EXPECT_EQ(internal::RepairBullets(""), "");
}

TEST(Cer, EditDistance) {
  EXPECT_EQ(internal::EditDistance(U"kitten", U"sitting"), 3u);
  EXPECT_EQ(internal::EditDistance(U"", U"abc"), 3u);
  EXPECT_EQ(internal::EditDistance(U"abc", U"abc"), 0u);
}

TEST(Cer, WhitespaceAndLayoutDoNotCount) {
  const internal::CerCount cer =
      internal::CharacterErrors("Board  minutes\n\nItem 1\n", "  Board minutes Item 1");
  EXPECT_EQ(cer.errors, 0u);
  EXPECT_EQ(cer.reference, 20u);
}

TEST(Cer, CountsCodePointsNotBytes) {
  const internal::CerCount cer = internal::CharacterErrors("a\xE2\x80\x93" "b", "a-b");
  EXPECT_EQ(cer.errors, 1u);
  EXPECT_EQ(cer.reference, 3u);
}

TEST(Cer, LigaturesSpeltOut) {
  EXPECT_EQ(internal::CharacterErrors("signi\xEF\xAC\x81" "cant e\xEF\xAC\x80" "ect", "significant effect").errors,
            0u);
}

// --- Engine, on a real scan: the top of page 1 of corpus document 000 ---

struct PixFree {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixFree>;

// Grey rows of a Pix, tightly packed, as a renderer would hand them over.
std::vector<std::uint8_t> GreyBytes(Pix* grey) {
  const int width = pixGetWidth(grey);
  const int height = pixGetHeight(grey);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    const l_uint32* line = pixGetData(grey) + static_cast<std::ptrdiff_t>(y) * pixGetWpl(grey);
    for (int x = 0; x < width; ++x) bytes[static_cast<std::size_t>(y) * width + x] = GET_DATA_BYTE(line, x);
  }
  return bytes;
}

constexpr char kNoOsd[] =
    "osd.traineddata missing: apt-get install tesseract-ocr-osd to read turned pages";

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string path = std::string(MINUTEBOOK_SOURCE_DIR) + "/tests/data/pdf/scan-page1-top.jpg";
    Pix* read = pixRead(path.c_str());
    ASSERT_NE(read, nullptr) << path;
    scan_ = pixConvertTo8(read, 0);
    pixDestroy(&read);
    ASSERT_NE(scan_, nullptr);
    Result<std::unique_ptr<Engine>> engine = Engine::Create(Options{});
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    engine_ = engine->release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    pixDestroy(&scan_);
  }

  static Image GreyImage(const std::vector<std::uint8_t>& bytes, Pix* pix) {
    Image image;
    image.data = bytes.data();
    image.width = pixGetWidth(pix);
    image.height = pixGetHeight(pix);
    image.bytes_per_pixel = 1;
    image.bytes_per_line = image.width;
    image.dpi = 200;
    return image;
  }

  static inline Pix* scan_ = nullptr;
  static inline Engine* engine_ = nullptr;
};

TEST_F(EngineTest, RecognisesGreyScan) {
  const std::vector<std::uint8_t> bytes = GreyBytes(scan_);
  Result<Text> text = engine_->Recognise(GreyImage(bytes, scan_));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->text.find("Community Safety Partnership Board"), std::string::npos) << text->text;
  EXPECT_NE(text->text.find("Members Present: Stuart Bell (Chair)"), std::string::npos) << text->text;
  EXPECT_GT(text->confidence, 80.0);
}

TEST_F(EngineTest, RecognisesBgraAsPopplerRendersIt) {
  const std::vector<std::uint8_t> grey = GreyBytes(scan_);
  std::vector<std::uint8_t> bgra;
  bgra.reserve(grey.size() * 4);
  for (std::uint8_t value : grey) bgra.insert(bgra.end(), {value, value, value, 0xFF});
  Image image = GreyImage(grey, scan_);
  image.data = bgra.data();
  image.bytes_per_pixel = 4;
  image.bytes_per_line = image.width * 4;
  Result<Text> text = engine_->Recognise(image);
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->text.find("Barking Learning Centre"), std::string::npos) << text->text;
  EXPECT_GT(text->confidence, 80.0);
}

TEST_F(EngineTest, TurnsUpsideDownScanUpright) {
  if (!engine_->corrects_orientation()) GTEST_SKIP() << kNoOsd;
  PixPtr turned(pixRotateOrth(scan_, 2));
  const std::vector<std::uint8_t> bytes = GreyBytes(turned.get());
  Result<Text> text = engine_->Recognise(GreyImage(bytes, turned.get()));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->text.find("Community Safety Partnership Board"), std::string::npos) << text->text;
}

TEST_F(EngineTest, TurnsSidewaysScanUpright) {
  if (!engine_->corrects_orientation()) GTEST_SKIP() << kNoOsd;
  PixPtr turned(pixRotateOrth(scan_, 1));
  const std::vector<std::uint8_t> bytes = GreyBytes(turned.get());
  Result<Text> text = engine_->Recognise(GreyImage(bytes, turned.get()));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->text.find("Community Safety Partnership Board"), std::string::npos) << text->text;
}

TEST_F(EngineTest, BlankImageGivesNoText) {
  const std::vector<std::uint8_t> white(400 * 300, 0xFF);
  Image image;
  image.data = white.data();
  image.width = 400;
  image.height = 300;
  image.bytes_per_pixel = 1;
  image.bytes_per_line = 400;
  Result<Text> text = engine_->Recognise(image);
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(text->text.find_first_not_of(" \n"), std::string::npos) << text->text;
}

TEST_F(EngineTest, RejectsInvalidImage) {
  Image image;  // no data
  Result<Text> text = engine_->Recognise(image);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);

  const std::vector<std::uint8_t> row(10, 0xFF);
  image.data = row.data();
  image.width = 10;
  image.height = 1;
  image.bytes_per_pixel = 2;
  image.bytes_per_line = 10;
  text = engine_->Recognise(image);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
}

TEST(Engine, OrientationCorrectionCanBeTurnedOff) {
  Options options;
  options.correct_orientation = false;
  Result<std::unique_ptr<Engine>> engine = Engine::Create(options);
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  EXPECT_FALSE((*engine)->corrects_orientation());
}

TEST(Engine, MissingLanguageIsNotFound) {
  Options options;
  options.language = "xx_no_such_language";
  Result<std::unique_ptr<Engine>> engine = Engine::Create(options);
  ASSERT_FALSE(engine.has_value());
  EXPECT_EQ(engine.error().code, ErrorCode::kNotFound);
  EXPECT_NE(engine.error().message.find("xx_no_such_language"), std::string::npos);
}

}  // namespace
}  // namespace minutebook::ocr
