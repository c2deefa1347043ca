// End to end: runs the minutebook binary on the repo's corpus, the way a user
// does, and checks what it prints and stores.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/pdf.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;

using minutebook::testing::Minutebook;
using minutebook::testing::Quote;
using minutebook::testing::RunResult;

class EndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("mb_e2e_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = Quote((dir_ / "index.db").string());
    corpus_ = Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/corpus");
    rules_ = Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/rules");
    first_ = Minutebook("ingest " + corpus_ + " --db " + db_ + " --rules " + rules_ + " --jobs 2");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static int CorpusFiles() {
    int n = 0;
    for (const auto& e : fs::directory_iterator(std::string(MINUTEBOOK_SOURCE_DIR) + "/corpus")) {
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') ++n;
    }
    return n;
  }

  static inline fs::path dir_;
  static inline std::string db_, corpus_, rules_;
  static inline RunResult first_;
};

TEST_F(EndToEnd, IngestAddsEveryCorpusFile) {
  ASSERT_EQ(first_.exit_code, 0) << first_.out;
  const int n = CorpusFiles();
  EXPECT_NE(first_.out.find(std::to_string(n) + " files: " + std::to_string(n) + " added, 0 replaced, 0 unchanged, 0 failed"),
            std::string::npos)
      << first_.out;
}

TEST_F(EndToEnd, StatsCountDocumentsAndPages) {
  const RunResult r = Minutebook("stats --db " + db_);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("documents " + std::to_string(CorpusFiles()) + "\n"), std::string::npos) << r.out;
  // The three text-layer PDFs have 8 + 43 + 38 pages; each .txt is at least one page.
  std::istringstream in(r.out);
  std::string key;
  int value = 0, pages = 0;
  while (in >> key >> value) {
    if (key == "pages") pages = value;
  }
  EXPECT_GE(pages, 8 + 43 + 38 + 3);
}

TEST_F(EndToEnd, SearchFindsKnownPhraseOnItsPage) {
  const RunResult r = Minutebook("search '\"Domestic Homicide Review\"' --json --limit 200 --path 001_2e633a8db224cb2d.pdf --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto hits = nlohmann::json::parse(r.out);
  bool page28 = false;
  for (const auto& h : hits) page28 |= h["page"] == 28;
  EXPECT_TRUE(page28) << r.out;
}

TEST_F(EndToEnd, MalformedQueryIsAUsageErrorNotACrash) {
  const RunResult r = Minutebook("search '\"unbalanced' --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(EndToEnd, SecondIngestChangesNothing) {
  const RunResult before = Minutebook("export --format jsonl --db " + db_);
  const RunResult again = Minutebook("ingest " + corpus_ + " --db " + db_ + " --rules " + rules_);
  ASSERT_EQ(again.exit_code, 0);
  const int n = CorpusFiles();
  EXPECT_NE(again.out.find("0 added, 0 replaced, " + std::to_string(n) + " unchanged"), std::string::npos) << again.out;
  const RunResult after = Minutebook("export --format jsonl --db " + db_);
  EXPECT_EQ(before.out, after.out);
}

TEST_F(EndToEnd, ExportJsonlHasOneGoldDocumentPerFile) {
  const RunResult r = Minutebook("export --format jsonl --db " + db_);
  ASSERT_EQ(r.exit_code, 0);
  std::istringstream in(r.out);
  std::string line;
  int docs = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    for (const char* key : {"source", "meetings", "attendees", "actions", "reports", "restricted"}) {
      EXPECT_TRUE(j.contains(key)) << key;
    }
    ++docs;
  }
  EXPECT_EQ(docs, CorpusFiles());
}

TEST_F(EndToEnd, ChangedFileIsReplacedAndMissingFileIsPruned) {
  const fs::path work = dir_ / "work";
  fs::create_directories(work);
  const std::string db = Quote((dir_ / "small.db").string());
  auto write = [&](const std::string& name, const std::string& text) {
    FILE* f = std::fopen((work / name).c_str(), "wb");
    std::fputs(text.c_str(), f);
    std::fclose(f);
  };
  write("a.txt", "Minutes of the board\nfirst version zebra\n");
  write("b.txt", "Another paper\n");
  const std::string w = Quote(work.string());
  ASSERT_EQ(Minutebook("ingest " + w + " --db " + db + " --rules " + rules_).exit_code, 0);
  write("a.txt", "Minutes of the board\nsecond version giraffe\n");
  fs::remove(work / "b.txt");
  const RunResult r = Minutebook("ingest " + w + " --prune --db " + db + " --rules " + rules_);
  EXPECT_NE(r.out.find("1 files: 0 added, 1 replaced, 0 unchanged, 0 failed, 1 pruned"), std::string::npos) << r.out;
  EXPECT_NE(Minutebook("search zebra --db " + db).out.find("no matches"), std::string::npos);
  EXPECT_NE(Minutebook("search giraffe --db " + db).out.find("a.txt"), std::string::npos);
}

// The failed_redaction findings of an audit, as "document p.N: text" lines.
std::string FailedRedactions(const std::string& args) {
  const RunResult r = Minutebook("audit --json --fail-on never " + args);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::string out;
  for (const auto& f : nlohmann::json::parse(r.out, nullptr, false)) {
    EXPECT_NE(f["kind"], "redaction_unchecked") << f.dump();
    if (f["kind"] == "failed_redaction") {
      out += f["document"].get<std::string>() + " p." + std::to_string(f["page"].get<int>()) + ": " +
             f["label"].get<std::string>() + "\n";
    }
  }
  return out;
}

TEST_F(EndToEnd, StoredHiddenTextEqualsARecheckOfTheCorpus) {
  EXPECT_EQ(FailedRedactions("--db " + db_), FailedRedactions("--recheck --db " + db_));
}

// The fast path (what ingest stored) against the slow one (rendering every
// PDF again) after each way an index changes: added, changed, removed.
TEST_F(EndToEnd, StoredHiddenTextEqualsARecheckAfterAddingChangingAndRemoving) {
  const fs::path work = dir_ / "hidden";
  fs::create_directories(work);
  auto write = [&](const std::string& name, const std::string& hidden) {
    std::string content = "BT /F1 12 Tf 72 700 Td (Public paragraph about parks) Tj ET\n";
    if (!hidden.empty()) content += "BT /F1 12 Tf 72 650 Td (" + hidden + ") Tj ET\n0 0 0 rg 66 640 250 26 re f\n";
    std::ofstream(work / name, std::ios::binary) << minutebook::testing::OnePageHelveticaPdf(content);
  };
  const std::string db = Quote((dir_ / "hidden.db").string());
  const std::string ingest = "ingest " + Quote(work.string()) + " --prune --db " + db + " --rules " + rules_;
  const std::string a = (work / "a.pdf").string(), b = (work / "b.pdf").string(), c = (work / "c.pdf").string();

  write("a.pdf", "Victim named Jane Example");
  write("b.pdf", "");
  ASSERT_EQ(Minutebook(ingest).exit_code, 0);
  std::string stored = FailedRedactions("--db " + db);
  EXPECT_EQ(stored, a + " p.1: Victim named Jane Example\n");
  EXPECT_EQ(stored, FailedRedactions("--recheck --db " + db));

  write("a.pdf", "");  // redacted properly now
  write("b.pdf", "Account number 12345678");
  write("c.pdf", "Home address of the witness");
  ASSERT_EQ(Minutebook(ingest).exit_code, 0);
  stored = FailedRedactions("--db " + db);
  EXPECT_EQ(stored, b + " p.1: Account number 12345678\n" + c + " p.1: Home address of the witness\n");
  EXPECT_EQ(stored, FailedRedactions("--recheck --db " + db));

  fs::remove(work / "c.pdf");
  ASSERT_EQ(Minutebook(ingest).exit_code, 0);
  stored = FailedRedactions("--db " + db);
  EXPECT_EQ(stored, b + " p.1: Account number 12345678\n");
  EXPECT_EQ(stored, FailedRedactions("--recheck --db " + db));
}

TEST_F(EndToEnd, OcrCacheSparesUnchangedPages) {
  const fs::path work = dir_ / "ocr";
  fs::create_directories(work);
  const fs::path scan = fs::path(MINUTEBOOK_SOURCE_DIR) / "tests/data/pdf/scan-page1.pdf";
  fs::copy_file(scan, work / "scan.pdf");
  const std::string db = Quote((dir_ / "ocr.db").string());
  const std::string args = " --db " + db + " --rules " + rules_;
  const RunResult first = Minutebook("ingest " + Quote((work / "scan.pdf").string()) + args);
  ASSERT_EQ(first.exit_code, 0);
  EXPECT_NE(first.out.find("1 pages read (1 by OCR)"), std::string::npos) << first.out;
  // The same page in another file (as a re-issued pack would have it) comes from the cache.
  fs::copy_file(scan, work / "reissued.pdf");
  const RunResult second = Minutebook("ingest " + Quote((work / "reissued.pdf").string()) + args);
  EXPECT_NE(second.out.find("1 by OCR, 1 from the OCR cache"), std::string::npos) << second.out;
  const RunResult hits = Minutebook("search --json --db " + db + " --path reissued.pdf Partnership");
  EXPECT_NE(hits.out.find("reissued.pdf"), std::string::npos) << hits.out;
}

TEST_F(EndToEnd, PublicIndexHoldsNoTextOfRestrictedItems) {
  const fs::path work = dir_ / "public";
  fs::create_directories(work);
  FILE* f = std::fopen((work / "minutes.txt").c_str(), "wb");
  std::fputs(
      "Community Safety Partnership Board\n"
      "Minutes of the meeting held on Wednesday 28th June 2023\n\n"
      "Members Present: Stuart Bell (Chair), Clare Brutton\n\n"
      "1. Welcome\nThe chair welcomed members to the meeting.\n\n"
      "2. RESTRICTED: Domestic Homicide Review Update\n"
      "The review panel discussed the zanzibarian case in detail and agreed its recommendations.\n"
      "Partners will report back on the quokka protocol at the next meeting.\n\n"
      "3. Parks\nParks and open spaces were discussed.\n",
      f);
  std::fclose(f);
  const std::string paper = Quote((work / "minutes.txt").string());
  const std::string full = Quote((dir_ / "full.db").string());
  const std::string pub = Quote((dir_ / "public.db").string());
  ASSERT_EQ(Minutebook("ingest " + paper + " --db " + full + " --rules " + rules_).exit_code, 0);
  ASSERT_EQ(Minutebook("ingest " + paper + " --public --db " + pub + " --rules " + rules_).exit_code, 0);
  for (const char* secret : {"zanzibarian", "quokka"}) {
    EXPECT_NE(Minutebook(std::string("search ") + secret + " --db " + full).out.find("minutes.txt"), std::string::npos);
    EXPECT_NE(Minutebook(std::string("search ") + secret + " --db " + pub).out.find("no matches"), std::string::npos)
        << secret;
  }
  EXPECT_NE(Minutebook("search parks --db " + pub).out.find("minutes.txt"), std::string::npos);
  // The audit of the full index names the leak; the public index carries no evidence of it.
  EXPECT_NE(Minutebook("audit --json --fail-on never --db " + full).out.find("zanzibarian"), std::string::npos);
  EXPECT_EQ(Minutebook("audit --json --fail-on never --db " + pub).out.find("zanzibarian"), std::string::npos);
  // An index is public or full for its life.
  EXPECT_EQ(Minutebook("ingest " + paper + " --db " + pub + " --rules " + rules_).exit_code, 2);
}

TEST_F(EndToEnd, BadFileFailsAloneWithExitOne) {
  const fs::path work = dir_ / "bad";
  fs::create_directories(work);
  FILE* f = std::fopen((work / "good.txt").c_str(), "wb");
  std::fputs("Good paper about parks\n", f);
  std::fclose(f);
  f = std::fopen((work / "broken.pdf").c_str(), "wb");
  std::fputs("%PDF-1.4\n1 0 obj <<", f);
  std::fclose(f);
  const std::string db = Quote((dir_ / "bad.db").string());
  const RunResult r = Minutebook("ingest " + Quote(work.string()) + " --db " + db + " --rules " + rules_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;
  EXPECT_NE(Minutebook("failures --db " + db).out.find("broken.pdf"), std::string::npos);
  EXPECT_NE(Minutebook("search parks --db " + db).out.find("good.txt"), std::string::npos);
}

// The corpus is read well: coverage flags nothing, and says why the pages
// of the scanned and mixed renditions were OCR'd.
TEST_F(EndToEnd, CoverageOfTheCorpusFlagsNothing) {
  const RunResult r = Minutebook("coverage --json --db " + db_);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(static_cast<int>(rows.size()), CorpusFiles()) << r.out;
  int ocr_pages = 0;
  for (const auto& row : rows) {
    EXPECT_TRUE(row["flags"].empty()) << row.dump();
    EXPECT_GE(row["meetings"].get<int>(), 1) << row.dump();
    const int ocr = row["ocr_pages"];
    ocr_pages += ocr;
    EXPECT_EQ(row["ocr_reasons"].value("no_text", 0), ocr) << row.dump();
  }
  EXPECT_GT(ocr_pages, 0) << "the -scan and -mixed renditions have pages without text";
}

}  // namespace
