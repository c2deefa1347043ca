// The publication check fails closed, end to end with the real binary:
// restriction notes in layouts the item rules do not know reach `audit` and
// are kept out of a `--public` index; a PDF whose text layer is symbol soup
// is OCR'd; `coverage` says what looks missed. Every paper is made up here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/pdf.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;

using minutebook::testing::Minutebook;
using minutebook::testing::Quote;
using minutebook::testing::RunResult;

// Unnumbered titles alone between blank lines; the restricted one has a note
// in words of its own, a timing line, and its text left under the note.
constexpr const char kUnnumbered[] =
    "Neighbourhood Services Board\nTuesday 12 March 2024\n\nMinutes\n\n"
    "Members Present: Hana Novak (Chair), Owen Pryce, Lila Mensah\n\n"
    "Allotment Waiting List\n\n"
    "The waiting list now has forty names and the board agreed to open two more plots.\n\n"
    "Harbour Wall Repairs\n\n\n"
    "The content of this item is confidential and has not been published.\n\n"
    "15 minutes\n\n"
    "The contractor reported cracking along forty metres of the wall, and the repair is expected "
    "to cost ninety thousand pounds over two years.\n\n"
    "Street Lighting\n\n"
    "The lanterns on the promenade will be replaced in the autumn.\n";

// A note with no title anywhere above it.
constexpr const char kNoTitle[] =
    "Parks Committee\nThursday 2 May 2024\n\nMinutes\n\n"
    "Members Present: Rosa Delgado (Chair), Amit Shah\n\n"
    "The chair welcomed members and opened the meeting.\n"
    "The details of this matter are withheld from the public record.\n"
    "The three bidders offered between sixty and eighty thousand pounds, and the panel preferred the "
    "lowest bid for the kiosk.\n";

// Minutes with a date and no attendance list.
constexpr const char kNoAttendance[] =
    "Footpaths Working Group\nMINUTES\nMonday 3 June 2024\n\n"
    "1. Stiles\n\nThe group agreed to replace the stile at the top field with a kissing gate.\n";

// Minutes that give no date at all.
constexpr const char kNoDate[] =
    "Bridleways Working Group\n\nMinutes of the meeting\n\n"
    "2. Signs\n\nThe group agreed new signs for the bridleway.\n";

// Words of a minutes page drawn in Helvetica, whose ToUnicode map shifts every
// letter by 29 code points: the page looks right, its text layer reads
// "0LQXWHV RI WKH 3DUNV ...".
const char* const kGarbageLines[] = {
    "Minutes of the Parks Committee",
    "The committee agreed to repair the bandstand roof",
    "and to plant new oak trees along the river path",
    "Members thanked the volunteers for their work",
    "on the meadow and the wildflower borders",
    "The clerk will write to the owners of the old mill",
};

std::string GarbagePdf() {
  std::string content = "BT /F1 16 Tf 20 TL 72 720 Td\n";
  for (const char* line : kGarbageLines) content += fmt::format("({}) Tj T*\n", line);
  content += "ET";
  const std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Shifted def /CMapType 2 def\n"
      "1 begincodespacerange <00> <FF> endcodespacerange\n"
      "1 beginbfchar <20> <0020> endbfchar\n"
      "2 beginbfrange <41> <5A> <0024> <61> <7A> <0044> endbfrange\n"
      "endcmap CMapName currentdict /CMap defineresource pop end end";
  return minutebook::testing::AssemblePdf({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      fmt::format("<< /Length {} >>\nstream\n{}\nendstream", content.size(), content),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
      fmt::format("<< /Length {} >>\nstream\n{}\nendstream", cmap.size(), cmap),
  });
}

class Publication : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("mb_publication_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "papers");
    Write("papers/unnumbered.txt", kUnnumbered);
    Write("papers/no-title.txt", kNoTitle);
    Write("papers/no-attendance.txt", kNoAttendance);
    Write("papers/no-date.txt", kNoDate);
    Write("papers/shifted-cmap.pdf", GarbagePdf());
    rules_ = Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/rules");
    full_ = Quote((dir_ / "full.db").string());
    public_ = Quote((dir_ / "public.db").string());
    const std::string papers = Quote((dir_ / "papers").string());
    full_ingest_ = Minutebook("ingest " + papers + " --db " + full_ + " --rules " + rules_ + " -q");
    public_ingest_ = Minutebook("ingest " + papers + " --public --db " + public_ + " --rules " + rules_ + " -q");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static void Write(const std::string& name, const std::string& data) {
    std::ofstream(dir_ / name, std::ios::binary) << data;
  }
  static nlohmann::json Json(const std::string& args) {
    const RunResult r = Minutebook(args);
    return nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  }
  static int Hits(const std::string& db, const std::string& word) {
    const auto hits = Json("search " + word + " --json --limit 50 --db " + db);
    return hits.is_array() ? static_cast<int>(hits.size()) : -1;
  }
  static const nlohmann::json* Row(const nlohmann::json& rows, const std::string& file) {
    for (const auto& r : rows) {
      if (r["document"].get<std::string>().ends_with(file)) return &r;
    }
    return nullptr;
  }
  static std::vector<std::string> Flags(const nlohmann::json& row) {
    std::vector<std::string> out;
    for (const auto& f : row["flags"]) out.push_back(f["flag"]);
    return out;
  }

  static inline fs::path dir_;
  static inline std::string rules_, full_, public_;
  static inline RunResult full_ingest_, public_ingest_;
};

TEST_F(Publication, IngestsEveryPaper) {
  EXPECT_EQ(full_ingest_.exit_code, 0) << full_ingest_.out;
  EXPECT_EQ(public_ingest_.exit_code, 0) << public_ingest_.out;
}

TEST_F(Publication, AuditReportsEachUnknownLayoutAsALeak) {
  const RunResult r = Minutebook("audit --json --db " + full_);
  EXPECT_EQ(r.exit_code, 1) << "a leak must fail the default --fail-on leak\n" << r.out;
  const auto findings = nlohmann::json::parse(r.out);
  auto leak = [&](const std::string& file, const std::string& label) {
    return std::any_of(findings.begin(), findings.end(), [&](const nlohmann::json& f) {
      return f["kind"] == "leak" && f["document"].get<std::string>().ends_with(file) && f["label"] == label;
    });
  };
  EXPECT_TRUE(leak("unnumbered.txt", "Harbour Wall Repairs")) << r.out;
  EXPECT_TRUE(leak("no-title.txt", "(unlabelled restricted item)")) << r.out;
  // The items around the restricted one are not findings.
  for (const auto& f : findings) EXPECT_NE(f["label"], "Street Lighting") << r.out;
}

TEST_F(Publication, PublicIndexHasNoWordOfTheRestrictedText) {
  // Positive controls: the same words are in the full index, and the open
  // items around them are in the public one.
  EXPECT_GT(Hits(full_, "cracking"), 0);
  EXPECT_GT(Hits(full_, "bidders"), 0);
  EXPECT_GT(Hits(public_, "lanterns"), 0);
  EXPECT_GT(Hits(public_, "allotment"), 0);
  for (const char* word : {"cracking", "contractor", "harbour", "bidders", "kiosk"})
    EXPECT_EQ(Hits(public_, word), 0) << word;
}

TEST_F(Publication, ShiftedCmapPageIsOcrdAndSearchable) {
  const auto hits = Json("search bandstand --json --db " + full_);
  ASSERT_TRUE(hits.is_array());
  ASSERT_EQ(hits.size(), 1u) << hits.dump();
  EXPECT_TRUE(hits[0]["path"].get<std::string>().ends_with("shifted-cmap.pdf"));
  EXPECT_EQ(hits[0]["page"], 1);
}

TEST_F(Publication, CoverageFlagsWhatLooksMissed) {
  const RunResult r = Minutebook("coverage --json --db " + full_);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 5u) << r.out;

  const auto* pdf = Row(rows, "shifted-cmap.pdf");
  ASSERT_NE(pdf, nullptr);
  EXPECT_EQ((*pdf)["ocr_pages"], 1);
  EXPECT_EQ((*pdf)["ocr_reasons"]["garbage_text"], 1) << pdf->dump();
  const auto pdf_flags = Flags(*pdf);
  EXPECT_NE(std::find(pdf_flags.begin(), pdf_flags.end(), "garbage_text"), pdf_flags.end()) << pdf->dump();

  const auto* minutes = Row(rows, "no-attendance.txt");
  ASSERT_NE(minutes, nullptr);
  EXPECT_EQ(Flags(*minutes), std::vector<std::string>{"minutes_without_attendance"}) << minutes->dump();

  const auto* undated = Row(rows, "no-date.txt");
  ASSERT_NE(undated, nullptr);
  const auto undated_flags = Flags(*undated);
  EXPECT_NE(std::find(undated_flags.begin(), undated_flags.end(), "minutes_without_date"), undated_flags.end())
      << undated->dump();

  const auto* untitled = Row(rows, "no-title.txt");
  ASSERT_NE(untitled, nullptr);
  EXPECT_EQ(Flags(*untitled), std::vector<std::string>{"restricted_without_title"}) << untitled->dump();

  // A titled restricted item with an attendance list: nothing looks missed.
  const auto* titled = Row(rows, "unnumbered.txt");
  ASSERT_NE(titled, nullptr);
  EXPECT_TRUE(Flags(*titled).empty()) << titled->dump();
  EXPECT_EQ((*titled)["restricted"], 1);

  // Flagged rows come first.
  EXPECT_TRUE(rows.back()["document"].get<std::string>().ends_with("unnumbered.txt")) << r.out;
}

TEST_F(Publication, CoverageTextSaysWhy) {
  const RunResult r = Minutebook("coverage --db " + full_);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("1 garbage text"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("5 documents, 4 flagged"), std::string::npos) << r.out;
}

}  // namespace
