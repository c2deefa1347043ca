// Accuracy: ingests the repo's corpus per rendition, exports it and scores the
// export against the repo's copy of the gold (tests/data/gold) with the
// project's own scorer. Fails when a metric drops below its floor; the floors
// are the goals (raise them as extraction improves, never lower them
// to make a change pass).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "score/score.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;
using minutebook::testing::Minutebook;
using minutebook::testing::Quote;

struct Floor {
  const char* metric;
  double min;
};

minutebook::score::Scores ScoreRendition(const std::string& name, bool (*select)(const fs::path&),
                                         const std::string& papers = "corpus", const std::string& gold = "tests/data/gold",
                                         bool only_rendered = false) {
  const std::string src = MINUTEBOOK_SOURCE_DIR;
  std::string files;
  for (const auto& e : fs::directory_iterator(src + "/" + papers)) {
    if (select(e.path())) files += " " + Quote(e.path().string());
  }
  const fs::path db = fs::temp_directory_path() / fmt::format("mb_accuracy_{}_{}.db", name, ::getpid());
  const std::string qdb = Quote(db.string());
  const auto ingest = Minutebook("ingest" + files + " --db " + qdb + " --rules " + Quote(src + "/rules") + " -q");
  EXPECT_EQ(ingest.exit_code, 0);
  const auto exported = Minutebook("export --format jsonl --db " + qdb);
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(db.string() + s);
  auto gold_docs = minutebook::score::LoadGold(src + "/" + gold);
  const auto predicted = minutebook::score::ParsePredicted(exported.out);
  if (only_rendered) {
    // Not every document has this rendition: score those that do.
    std::set<std::string> keys;
    for (const auto& d : predicted) keys.insert(minutebook::score::SourceKey(d.value("source", "")));
    std::erase_if(gold_docs, [&](const auto& g) { return !keys.contains(g.first); });
  }
  auto scores = minutebook::score::Score(gold_docs, predicted);
  for (const auto& m : scores.misses) std::cout << "  " << name << ": " << m << "\n";
  for (const auto& [k, v] : scores.metrics) std::cout << fmt::format("  {} {:36s} {:6.3f}\n", name, k, v);
  return scores;
}

void ExpectFloors(const minutebook::score::Scores& s, std::initializer_list<Floor> floors) {
  for (const auto& f : floors) EXPECT_GE(s.metrics.at(f.metric), f.min) << f.metric;
}

bool Any(const fs::path&) { return true; }
bool IsText(const fs::path& p) { return p.extension() == ".txt"; }
bool IsScanOrMixed(const fs::path& p) {
  const std::string n = p.filename().string();
  return n.ends_with("-scan.pdf") || n.ends_with("-mixed.pdf");
}
bool IsTextLayerPdf(const fs::path& p) {
  const std::string n = p.filename().string();
  return p.extension() == ".pdf" && !n.ends_with("-scan.pdf") && !n.ends_with("-mixed.pdf");
}

constexpr std::initializer_list<Floor> kFloors = {
    {"overall", 0.95},
    {"actions.f1", 0.97},
    {"actions.status_accuracy", 1.0},
    {"attendees.f1", 0.97},
    {"reports.f1", 0.97},
    {"reports.date_accuracy", 0.95},
    {"reports.authors_accuracy", 0.95},
    {"reports.contacts_accuracy", 0.95},
    {"reports.security_accuracy", 0.95},
    {"restricted.leak_recall", 1.0},
};

TEST(Accuracy, TextRenditionsMeetTheGoals) { ExpectFloors(ScoreRendition("txt", IsText), kFloors); }

TEST(Accuracy, TextLayerPdfRenditionsMeetTheGoals) { ExpectFloors(ScoreRendition("pdf", IsTextLayerPdf), kFloors); }

// OCR'd renditions are read by the same rules and must stay within 0.03 of
// the goals the text layer meets.
TEST(Accuracy, ScannedAndMixedRenditionsStayWithinThreeHundredthsOfTheGoals) {
  const auto s = ScoreRendition("scan", IsScanOrMixed, "corpus", "tests/data/gold", /*only_rendered=*/true);
  for (const auto& f : kFloors) EXPECT_GE(s.metrics.at(f.metric), f.min - 0.03) << f.metric;
}

}  // namespace

namespace {

// Papers of other bodies (tests/data/breadth/SOURCES.md) that write attendance,
// actions and classifications their own way.
TEST(Accuracy, BreadthPapersMeetTheGoals) {
  ExpectFloors(ScoreRendition("breadth", Any, "tests/data/breadth/papers", "tests/data/breadth/gold"),
               {{"overall", 0.95}, {"meetings.f1", 0.95}, {"attendees.f1", 0.95}, {"actions.f1", 0.90}});
}

// Fourteen papers of ten more bodies (tests/data/breadth2/SOURCES.md): parish
// councils, an imaging network, a library board, a charity, municipal
// districts. Read cold they scored 0.257; the floors are the goals of the
// generalisation work, not the figures reached.
TEST(Accuracy, SecondBreadthPapersMeetTheGoals) {
  ExpectFloors(ScoreRendition("breadth2", Any, "tests/data/breadth2/papers", "tests/data/breadth2/gold"),
               {{"overall", 0.95},
                {"meetings.f1", 0.95},
                {"attendees.f1", 0.95},
                {"actions.f1", 0.90},
                {"restricted.leak_recall", 1.0}});
}

}  // namespace
