#include "read/read.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "read/internal/html_reader.h"
#include "support/pdf.h"

namespace minutebook::read {
namespace {

using namespace std::string_literals;

const std::filesystem::path kData = MINUTEBOOK_SOURCE_DIR "/tests/data/read";

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A scratch directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("minutebook_read_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_ / "locked", std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path Write(const std::string& name, std::string_view bytes) const {
    std::ofstream(path_ / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path_ / name;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string Utf16(std::u16string_view text, bool little_endian, bool bom) {
  std::string bytes;
  if (bom) bytes = little_endian ? "\xff\xfe" : "\xfe\xff";
  for (char16_t unit : text) {
    char lo = static_cast<char>(unit & 0xff);
    char hi = static_cast<char>(unit >> 8);
    bytes += little_endian ? lo : hi;
    bytes += little_endian ? hi : lo;
  }
  return bytes;
}

// The text of a one-page document; fails the test for anything else.
std::string OnlyPage(const Result<Document>& document) {
  EXPECT_TRUE(document.has_value()) << (document ? "" : document.error().message);
  if (!document) return "";
  EXPECT_EQ(document->pages.size(), 1u);
  return document->pages.empty() ? "" : document->pages[0].text;
}

std::string HtmlText(std::string_view html) {
  std::vector<std::string> warnings;
  return internal::HtmlToText(html, warnings);
}

void ExpectUnsupported(std::string_view bytes, std::string_view message) {
  Result<DocumentKind> kind = Sniff(bytes);
  ASSERT_FALSE(kind.has_value()) << "sniffed as " << DocumentKindName(*kind);
  EXPECT_EQ(kind.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(kind.error().message, message);
  Result<Document> document = ReadBytes(bytes);
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().message, message);
}

// --- Sniff ---

TEST(Sniff, PdfMagic) { EXPECT_EQ(Sniff("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), DocumentKind::kPdf); }

TEST(Sniff, PdfAfterJunkWithinFirstKilobyte) {
  EXPECT_EQ(Sniff("Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"), DocumentKind::kPdf);
  EXPECT_EQ(Sniff(std::string(1100, 'x') + "%PDF-1.4\n"), DocumentKind::kText);
}

TEST(Sniff, HtmlDoctype) { EXPECT_EQ(Sniff("<!DOCTYPE html>\n<html><body>x</body></html>"), DocumentKind::kHtml); }

TEST(Sniff, HtmlAfterBomWhitespaceXmlDeclarationAndComment) {
  EXPECT_EQ(Sniff("\xef\xbb\xbf \r\n\t<div class=minutes>x</div>"), DocumentKind::kHtml);
  EXPECT_EQ(Sniff("<?xml version=\"1.0\"?>\n<!-- saved by Word -->\n<HTML>"), DocumentKind::kHtml);
  EXPECT_EQ(Sniff("<p>Present: Stuart Bell</p>"), DocumentKind::kHtml);
  EXPECT_EQ(Sniff("<table><tr><td>x</td></tr></table>"), DocumentKind::kHtml);
}

TEST(Sniff, HtmlInMarkdownAfterFrontMatter) {
  EXPECT_EQ(Sniff("---\ntitle: Panel - 13 March 2012\nlayout: post\n---\n\n<p><strong>Panel</strong></p>"),
            DocumentKind::kHtml);
}

TEST(Sniff, MarkdownWithFrontMatterIsText) {
  EXPECT_EQ(Sniff("---\ntitle: \"Minutes\"\n---\n\nMW welcomed members to the meeting."), DocumentKind::kText);
}

TEST(Sniff, InlineTagAtStartIsText) {
  EXPECT_EQ(Sniff("<b>1. Introductions</b>\tChair\n<b>2. Minutes</b>"), DocumentKind::kText);
}

TEST(Sniff, PlainTextIsText) { EXPECT_EQ(Sniff("Minutes of the meeting\nPresent: x < y"), DocumentKind::kText); }

TEST(Sniff, Utf16IsTextNotBinary) {
  EXPECT_EQ(Sniff(Utf16(u"Minutes\r\n", true, true)), DocumentKind::kText);
  EXPECT_EQ(Sniff(Utf16(u"Minutes\r\n", false, true)), DocumentKind::kText);
  EXPECT_EQ(Sniff(Utf16(u"Minutes of the meeting", true, false)), DocumentKind::kText);
  EXPECT_EQ(Sniff(Utf16(u"<html><body>x", true, true)), DocumentKind::kHtml);
}

TEST(Sniff, BreadthCorpusMarkdownFiles) {
  EXPECT_EQ(Sniff(Slurp(kData / "lpdp-11th-meeting-2011-11-14.md")), DocumentKind::kHtml);
  EXPECT_EQ(Sniff(Slurp(kData / "nhscymru-wtsb-minutes-2019-02-26.md")), DocumentKind::kText);
}

TEST(Sniff, PngRejected) { ExpectUnsupported("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s, "PNG image, not a document"); }

TEST(Sniff, ZipRejected) { ExpectUnsupported("PK\x03\x04\x14\0\0\0\x08\0data.csv"s, "ZIP archive, not a document"); }

TEST(Sniff, DocxRejectedByName) {
  ExpectUnsupported("PK\x03\x04\x14\0\x06\0\x08\0[Content_Types].xml...PK\x03\x04word/document.xml"s,
                    "Word document (DOCX), not supported");
}

TEST(Sniff, OtherKnownBinariesRejected) {
  ExpectUnsupported("\xff\xd8\xff\xe0\0\x10JFIF"s, "JPEG image, not a document");
  ExpectUnsupported("GIF89a\x01\0\x01\0"s, "GIF image, not a document");
  ExpectUnsupported("\x1f\x8b\x08\0\0\0"s, "gzip archive, not a document");
  ExpectUnsupported("\x7f" "ELF\x02\x01\x01\0"s, "ELF executable, not a document");
  ExpectUnsupported("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"s, "OLE compound file (legacy .doc/.xls/.msg), not supported");
}

TEST(Sniff, NulBytesRejectedAsBinary) {
  ExpectUnsupported("Minutes\0\x13\x88\0\0garbage and more text here"s, "binary data, not a text document");
}

TEST(Sniff, ControlBytesRejectedAsBinary) {
  ExpectUnsupported(std::string(100, '\x01') + "text", "binary data, not a text document");
}

TEST(Sniff, EmptyRejected) { ExpectUnsupported("", "empty file"); }

// --- Text decoding ---

TEST(ReadText, Utf8Unchanged) {
  Result<Document> document = ReadBytes("Caf\xc3\xa9 \xe2\x80\x93 O\xe2\x80\x99Hara\n");
  EXPECT_EQ(OnlyPage(document), "Caf\u00e9 \u2013 O\u2019Hara\n");
  EXPECT_EQ(document->kind, DocumentKind::kText);
  EXPECT_TRUE(document->warnings.empty());
}

TEST(ReadText, Utf8BomStripped) { EXPECT_EQ(OnlyPage(ReadBytes("\xef\xbb\xbfMinutes")), "Minutes"); }

TEST(ReadText, Utf16LittleEndianWithBom) {
  EXPECT_EQ(OnlyPage(ReadBytes(Utf16(u"Dr Kieron O\u2019Hara \u2013 Chair", true, true))),
            "Dr Kieron O\u2019Hara \u2013 Chair");
}

TEST(ReadText, Utf16BigEndianWithBom) {
  EXPECT_EQ(OnlyPage(ReadBytes(Utf16(u"Dr Kieron O\u2019Hara \u2013 Chair", false, true))),
            "Dr Kieron O\u2019Hara \u2013 Chair");
}

TEST(ReadText, Utf16WithoutBomDetectedFromNulPattern) {
  EXPECT_EQ(OnlyPage(ReadBytes(Utf16(u"Minutes of the Board", true, false))), "Minutes of the Board");
  EXPECT_EQ(OnlyPage(ReadBytes(Utf16(u"Minutes of the Board", false, false))), "Minutes of the Board");
}

TEST(ReadText, Utf16UnpairedSurrogateReplacedAndWarned) {
  Result<Document> document = ReadBytes(Utf16(u"a\xd800" "b", true, true));
  EXPECT_EQ(OnlyPage(document), "a\uFFFDb");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "2 invalid bytes replaced");
}

TEST(ReadText, Windows1252CurlyQuoteAndDash) {
  Result<Document> document = ReadBytes("Kieron O\x92Hara \x96 Chair, \x93Minutes\x94 \x80" "5 caf\xe9");
  EXPECT_EQ(OnlyPage(document), "Kieron O\u2019Hara \u2013 Chair, \u201cMinutes\u201d \u20ac5 caf\u00e9");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "not valid UTF-8; read as Windows-1252");
}

TEST(ReadText, InvalidUtf8ReplacedAndWarned) {
  // Mostly well-formed UTF-8 (four multi-byte characters) with three bad bytes.
  Result<Document> document =
      ReadBytes("O\xe2\x80\x99Hara \xe2\x80\x93 caf\xc3\xa9 \xe2\x80\x9c \xff x \xfe y \xc3");
  EXPECT_EQ(OnlyPage(document), "O\u2019Hara \u2013 caf\u00e9 \u201c \uFFFD x \uFFFD y \uFFFD");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "3 invalid bytes replaced");
}

TEST(ReadText, OneStrayByteInUtf8IsNotWindows1252) {
  Result<Document> document = ReadBytes("Caf\xc3\xa9 \xff ok");
  EXPECT_EQ(OnlyPage(document), "Caf\u00e9 \uFFFD ok");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "1 invalid byte replaced");
}

TEST(ReadText, BomMeansUtf8EvenWithInvalidBytes) {
  Result<Document> document = ReadBytes("\xef\xbb\xbf" "a\xff" "b");
  EXPECT_EQ(OnlyPage(document), "a\uFFFDb");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "1 invalid byte replaced");
}

TEST(ReadText, CrLfAndCrBecomeLf) { EXPECT_EQ(OnlyPage(ReadBytes("a\r\nb\rc\n\r\nd")), "a\nb\nc\n\nd"); }

TEST(ReadText, FormFeedsSplitPages) {
  Result<Document> document = ReadBytes("page one\n\fpage two\n\f\fpage four\n\f");
  ASSERT_TRUE(document.has_value());
  ASSERT_EQ(document->pages.size(), 4u);
  EXPECT_EQ(document->pages[0].text, "page one\n");
  EXPECT_EQ(document->pages[1].text, "page two\n");
  EXPECT_EQ(document->pages[2].text, "");
  EXPECT_EQ(document->pages[3].text, "page four\n");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(document->pages[static_cast<std::size_t>(i)].number, i + 1);
}

TEST(ReadText, NoFormFeedIsOnePage) { EXPECT_EQ(OnlyPage(ReadBytes("one\ntwo\n")), "one\ntwo\n"); }

// --- HTML ---

TEST(ReadHtml, KindAndOnePage) {
  Result<Document> document = ReadBytes("<html><body><p>Minutes</p></body></html>");
  EXPECT_EQ(OnlyPage(document), "Minutes\n");
  EXPECT_EQ(document->kind, DocumentKind::kHtml);
}

TEST(ReadHtml, NamedAndNumericEntitiesDecoded) {
  EXPECT_EQ(HtmlText("<p>A &amp; B &lt;x&gt; &quot;q&quot; a&nbsp;b O&rsquo;Hara &ndash; &mdash; &hellip;</p>"),
            "A & B <x> \"q\" a\u00a0b O\u2019Hara \u2013 \u2014 \u2026\n");
  EXPECT_EQ(HtmlText("<p>&#8217; &#x2019; &#X2019; &#146; &#0; &#xD800; &#99999999999;</p>"),
            "\u2019 \u2019 \u2019 \u2019 \uFFFD \uFFFD \uFFFD\n");
  EXPECT_EQ(HtmlText("<p>&eacute;&Eacute;&pound;&euro;&copy</p>"), "\u00e9\u00c9\u00a3\u20ac\u00a9\n");
}

TEST(ReadHtml, UnknownOrBareAmpersandKept) {
  EXPECT_EQ(HtmlText("<p>AT&T &unknown; R&D & co &#; &ampx</p>"), "AT&T &unknown; R&D & co &#; &ampx\n");
}

TEST(ReadHtml, ScriptStyleTitleAndCommentsRemoved) {
  EXPECT_EQ(HtmlText("<html><head><title>Page title</title><style>p { color: red }</style>"
                     "<script>if (a < b) document.write('<p>x</p>');</script></head>"
                     "<body><!-- hidden <p>note</p> --><p>Visible</p><SCRIPT type=x>y</SCRIPT ></body></html>"),
            "Visible\n");
}

TEST(ReadHtml, BlockElementsBecomeLineBreaks) {
  EXPECT_EQ(HtmlText("<p>a</p><div>b</div>c<br>d<h2>e</h2><blockquote>f</blockquote><hr>g<section>h</section>"),
            "a\nb\nc\nd\ne\nf\ng\nh\n");
}

TEST(ReadHtml, ListItemsGetMarkers) {
  EXPECT_EQ(HtmlText("<ul><li>one</li><li><p>two</p></li><li>\n</li></ul><p>after</p><ol><li>three</ol>"),
            "- one\n- two\nafter\n- three\n");
}

TEST(ReadHtml, TableCellsSeparatedByTab) {
  EXPECT_EQ(HtmlText("<table><tr><th>Name</th><th>Role</th></tr>\n"
                     "<tr><td>Stuart Bell</td><td><p>Chair</p></td></tr>\n"
                     "<tr><td>Cllr Ghani<br>LBBD</td><td>Member</td></tr></table>"),
            "Name\tRole\nStuart Bell\tChair\nCllr Ghani LBBD\tMember\n");
}

TEST(ReadHtml, InlineTagsDoNotSplitWords) {
  EXPECT_EQ(HtmlText("<p>Ac<b>tion</b> <strong>2</strong>: <span class=\"x\">Simon</span></p>"), "Action 2: Simon\n");
}

TEST(ReadHtml, WhitespaceCollapsedLikeABrowser) {
  EXPECT_EQ(HtmlText("<p>  Allan \t\tBrimicombe\n  contributed  </p>"), "Allan Brimicombe contributed\n");
}

TEST(ReadHtml, PreKeepsSpacesAndLines) {
  EXPECT_EQ(HtmlText("<pre>Item    Owner\nBudget  Chair</pre>"), "Item    Owner\nBudget  Chair\n");
}

TEST(ReadHtml, BlankLinesCollapsed) {
  EXPECT_EQ(HtmlText("<p>a</p><br><br><br><br><p>&nbsp;</p><p>b</p>"), "a\n\nb\n");
}

TEST(ReadHtml, MarkdownAroundHtmlStaysText) {
  EXPECT_EQ(HtmlText("# Minutes\n\n<p>**Action:** Janet</p>\n\nSecond *paragraph*\n\n<p>x</p>"),
            "# Minutes\n**Action:** Janet\nSecond *paragraph*\nx\n");
}

TEST(ReadHtml, FrontMatterKeptAsLines) {
  EXPECT_EQ(OnlyPage(ReadBytes("---\ntitle: Panel - 14 November 2011\nlayout: post\n---\n\n<p>Minutes</p>")),
            "title: Panel - 14 November 2011\nlayout: post\n\nMinutes\n");
}

TEST(ReadHtml, BreadthCorpusHtmlInMarkdownReadAsText) {
  Result<Document> document = ReadFile(kData / "lpdp-11th-meeting-2011-11-14.md");
  std::string text = OnlyPage(document);
  EXPECT_EQ(document->kind, DocumentKind::kHtml);
  EXPECT_NE(text.find("title: Local Public Data Panel - 11th meeting 14 November 2011\n"), std::string::npos);
  EXPECT_NE(text.find("\nAction: Janet and Steve to draft an update note on MAD with Data for Panel.\n"),
            std::string::npos);
  EXPECT_NE(text.find("Shane O\u2019Neill (ELGIN)"), std::string::npos);
  EXPECT_EQ(text.find("<p>"), std::string::npos);
  EXPECT_EQ(text.find("strong>"), std::string::npos);
}

TEST(ReadHtml, BreadthCorpusPlainMarkdownReadVerbatim) {
  std::string bytes = Slurp(kData / "nhscymru-wtsb-minutes-2019-02-26.md");
  Result<Document> document = ReadFile(kData / "nhscymru-wtsb-minutes-2019-02-26.md");
  EXPECT_EQ(OnlyPage(document), bytes);
  EXPECT_EQ(document->kind, DocumentKind::kText);
}

TEST(ReadHtml, UnterminatedCommentHidesRestWithWarning) {
  Result<Document> document = ReadBytes("<p>a</p><!-- b <p>c</p>");
  EXPECT_EQ(OnlyPage(document), "a\n");
  ASSERT_EQ(document->warnings.size(), 1u);
  EXPECT_EQ(document->warnings[0], "unterminated HTML comment hides the rest of the document");
}

TEST(ReadHtml, LessThanInTextKept) { EXPECT_EQ(HtmlText("<p>x < y, 3<4 and a <= b</p>"), "x < y, 3<4 and a <= b\n"); }

TEST(ReadHtml, QuotedAttributeMayHoldGreaterThan) {
  EXPECT_EQ(HtmlText("<p title=\"a > b\" class='c>d'>text</p>"), "text\n");
}

TEST(ReadHtml, UnclosedQuoteEndsTagAtNextGreaterThan) {
  EXPECT_EQ(HtmlText("<p class=\"x>Present: all</p>"), "Present: all\n");
}

TEST(ReadHtml, MalformedInputNeverCrashes) {
  const std::vector<std::string> inputs = {
      "<", "<<<<", "<p", "</", "</ x", "<!", "<?", "<!--", "<!-->", "<!--->", "&", "&#", "&#x", "&#x;",
      "<script>", "<style>a", "<title>", "<p class=\"", "<p class='x", "<td><td></tr><li>", "</pre></pre>x",
      "<pre>", "<a =\"\"=\"\">"};
  for (const std::string& input : inputs) {
    Result<Document> document = ReadBytes("<html>" + input);
    EXPECT_TRUE(document.has_value()) << input;
  }
  EXPECT_EQ(HtmlText("<p>a\0b</p>"s), "a\0b\n"s);
  std::mt19937 random(42);
  const std::string alphabet = "<>&;#x/'\"=!-ap \n\ttdrlipre";
  for (int round = 0; round < 3000; ++round) {
    std::string input = "<p>";
    int length = static_cast<int>(random() % 120);
    for (int k = 0; k < length; ++k) input += alphabet[random() % alphabet.size()];
    EXPECT_TRUE(ReadBytes(input).has_value()) << input;
  }
}

TEST(ReadHtml, PathologicalInputStaysLinear) {
  // Quadratic scanning would take minutes on these.
  std::string unclosed_quotes = "<p>";
  for (int i = 0; i < 200000; ++i) unclosed_quotes += "<a b=\"";
  std::string open_brackets = "<p>" + std::string(1000000, '<');
  std::string hidden = "<p>" ;
  for (int i = 0; i < 100000; ++i) hidden += "<script></scrip";
  for (const std::string* input : {&unclosed_quotes, &open_brackets, &hidden}) {
    EXPECT_TRUE(ReadBytes(*input).has_value());
  }
}

// --- Files ---

TEST(ReadFile, ReadsTextFile) {
  TempDir dir;
  Result<Document> document = ReadFile(dir.Write("minutes.txt", "Present: Stuart Bell\fAction: all\f"));
  ASSERT_TRUE(document.has_value());
  ASSERT_EQ(document->pages.size(), 2u);
  EXPECT_EQ(document->pages[1].text, "Action: all");
}

TEST(ReadFile, ZeroByteFileUnsupported) {
  TempDir dir;
  Result<Document> document = ReadFile(dir.Write("empty.txt", ""));
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(document.error().message, "empty file");
}

TEST(ReadFile, NonexistentFileNotFound) {
  TempDir dir;
  Result<Document> document = ReadFile(dir.path() / "missing.pdf");
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(document.error().message, "No such file or directory");
}

TEST(ReadFile, DirectoryIsIoError) {
  TempDir dir;
  Result<Document> document = ReadFile(dir.path());
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().code, ErrorCode::kIo);
  EXPECT_EQ(document.error().message, "Is a directory");
}

TEST(ReadFile, UnreadableFileIsIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  std::filesystem::path locked = dir.Write("locked", "secret");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  Result<Document> document = ReadFile(locked);
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().code, ErrorCode::kIo);
  EXPECT_EQ(document.error().message, "Permission denied");
}

TEST(ReadFile, PngFileRejected) {
  TempDir dir;
  Result<Document> document = ReadFile(dir.Write("scan.pdf", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s));
  ASSERT_FALSE(document.has_value());
  EXPECT_EQ(document.error().message, "PNG image, not a document");
}

// --- Dispatch ---

TEST(ReadBytes, PdfAfterJunkReadWithWarning) {
  std::string pdf = Slurp(MINUTEBOOK_SOURCE_DIR "/corpus/000_bef1e02f096a6288.pdf");
  ASSERT_FALSE(pdf.empty());
  Result<Document> document = ReadBytes("From: clerk\r\n\r\n" + pdf, Options{.ocr = "never"});
  ASSERT_TRUE(document.has_value()) << document.error().message;
  EXPECT_EQ(document->kind, DocumentKind::kPdf);
  EXPECT_FALSE(document->pages.empty());
  EXPECT_NE(std::find(document->warnings.begin(), document->warnings.end(),
                      "15 bytes before the PDF header ignored"),
            document->warnings.end());
}

TEST(ReadBytes, ConcurrentCallsAgree) {
  const std::string text = "Kieron O\x92Hara \x96 Chair\r\n\fpage two";
  const std::string html = "<p>O&rsquo;Hara</p><table><tr><td>a<td>b</table>";
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Result<Document> a = ReadBytes(text);
        Result<Document> b = ReadBytes(html);
        bool ok = a && a->pages.size() == 2 && a->pages[0].text == "Kieron O\u2019Hara \u2013 Chair\n" && b &&
                  b->pages[0].text == "O\u2019Hara\na\tb\n";
        failures[static_cast<std::size_t>(t)] += !ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

// A page of minutes with a right-hand "Action" column of initials; Helvetica
// as /F1. rows: (text at the left margin, initials at the right or "").
std::string MinutesWithActionColumn(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string content = "BT /F1 10 Tf 14 TL 72 720 Td\n";
  for (const auto& [text, initials] : rows) {
    content += fmt::format("({}) Tj\n", text);
    if (!initials.empty()) content += fmt::format("450 0 Td ({}) Tj -450 0 Td\n", initials);
    content += "T*\n";
  }
  content += "ET";
  return minutebook::testing::OnePageHelveticaPdf(content);
}

TEST(ReadPdf, ActionColumnInitialsStayBesideTheirLines) {
  const std::string pdf = MinutesWithActionColumn({
      {"Finance: the treasurer reported a small surplus for the year and", ""},
      {"will circulate the accounts before the next meeting of the board.", "TR"},
      {"Library hours: the manager will consult staff on later opening on", ""},
      {"Thursdays and report back to the board in the autumn.", "LM/TR"},
      {"Any other business: none was raised and the meeting closed.", ""},
  });
  auto doc = ReadBytes(pdf, Options{.ocr = "never"});
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const std::string& text = doc->pages.at(0).text;
  EXPECT_NE(text.find("next meeting of the board.\tTR"), std::string::npos) << text;
  EXPECT_NE(text.find("in the autumn.\tLM/TR"), std::string::npos) << text;
  // One token only: a capitalised word at the end of a line is not a column.
  const std::string one = MinutesWithActionColumn({{"The report was noted by the board.", "AB"}, {"Closed.", ""}});
  auto single = ReadBytes(one, Options{.ocr = "never"});
  ASSERT_TRUE(single.has_value());
  EXPECT_EQ(single->pages.at(0).text.find('\t'), std::string::npos) << single->pages.at(0).text;
}

}  // namespace
}  // namespace minutebook::read
