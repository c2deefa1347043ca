// Isolation: a document that crashes, hangs or eats memory in a worker fails
// alone, with its reason, and the rest of the batch is indexed. The faults are
// injected through the worker's test hooks (MINUTEBOOK_TEST_*_ON), standing in
// for a PDF that breaks Poppler or Tesseract.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run.h"

namespace {

namespace fs = std::filesystem;
using minutebook::testing::Minutebook;
using minutebook::testing::MinutebookWithStderr;
using minutebook::testing::Quote;

class Isolation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mb_isolation_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "papers");
    for (const char* name : {"good1.txt", "poison.txt", "good2.txt"}) {
      std::ofstream(dir_ / "papers" / name) << "Minutes of the parks board, paper " << name << "\n";
    }
    db_ = Quote((dir_ / "i.db").string());
    args_ = "ingest " + Quote((dir_ / "papers").string()) + " --db " + db_ + " --rules " +
            Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/rules") + " --jobs 2";
  }
  void TearDown() override {
    for (const char* v : {"MINUTEBOOK_TEST_CRASH_ON", "MINUTEBOOK_TEST_HANG_ON", "MINUTEBOOK_TEST_HOG_ON",
                          "MINUTEBOOK_TEST_CRASH_SENDING_ON"}) {
      ::unsetenv(v);
    }
    fs::remove_all(dir_);
  }

  // The poisoned file failed with `reason`, and both good files are searchable.
  void ExpectFailedAlone(const std::string& reason) {
    const auto failures = Minutebook("failures --db " + db_);
    EXPECT_NE(failures.out.find("poison.txt"), std::string::npos) << failures.out;
    EXPECT_NE(failures.out.find(reason), std::string::npos) << failures.out;
    const auto hits = Minutebook("search parks --db " + db_);
    EXPECT_NE(hits.out.find("good1.txt"), std::string::npos) << hits.out;
    EXPECT_NE(hits.out.find("good2.txt"), std::string::npos) << hits.out;
  }

  fs::path dir_;
  std::string db_, args_;
};

TEST_F(Isolation, CrashingWorkerCostsOneDocument) {
  ::setenv("MINUTEBOOK_TEST_CRASH_ON", "poison", 1);
  const auto r = Minutebook(args_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("2 added"), std::string::npos) << r.out;
#ifdef MINUTEBOOK_SANITIZED
  // ASan catches the SEGV, reports it and aborts.
  ExpectFailedAlone("crash: the reader died with signal");
#else
  ExpectFailedAlone("crash: the reader died with signal 11");
#endif
}

// A document of more pages than one frame holds (kPagesPerFrame = 256) comes
// from the worker in frames, written as they arrive in one transaction.
void WriteLongPaper(const fs::path& path, int pages, const std::string& word) {
  std::ofstream out(path);
  for (int p = 1; p <= pages; ++p) {
    out << "Minutes of the parks board, page " << p << ", " << word << "p" << p << "\n\f";
  }
}

TEST_F(Isolation, LargeDocumentArrivesWhole) {
  WriteLongPaper(dir_ / "papers" / "long.txt", 700, "alpha");
  const auto r = Minutebook(args_);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto stats = Minutebook("stats --db " + db_);
  EXPECT_NE(stats.out.find("pages 703\n"), std::string::npos) << stats.out;
  for (const char* word : {"alphap1", "alphap256", "alphap257", "alphap700"}) {
    const auto hit = Minutebook(std::string("search ") + word + " --db " + db_);
    EXPECT_NE(hit.out.find("long.txt p." + std::string(word).substr(6)), std::string::npos) << word << hit.out;
  }
}

TEST_F(Isolation, WorkerDyingWhileSendingPagesCostsThatDocumentAndKeepsItsLastVersion) {
  WriteLongPaper(dir_ / "papers" / "long.txt", 700, "alpha");
  ASSERT_EQ(Minutebook(args_).exit_code, 0);
  WriteLongPaper(dir_ / "papers" / "long.txt", 650, "beta");
  std::ofstream(dir_ / "papers" / "good3.txt") << "Minutes of the parks board, paper three\n";
  ::setenv("MINUTEBOOK_TEST_CRASH_SENDING_ON", "long", 1);
  const auto r = Minutebook(args_);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;
  const auto failures = Minutebook("failures --db " + db_);
  EXPECT_NE(failures.out.find("long.txt"), std::string::npos) << failures.out;
  EXPECT_NE(failures.out.find("crash"), std::string::npos) << failures.out;
  // Nothing of the half-sent version; all of the last good one.
  EXPECT_EQ(Minutebook("search betap1 --db " + db_).out, "no matches\n");
  EXPECT_NE(Minutebook("search alphap700 --db " + db_).out.find("long.txt p.700"), std::string::npos);
  EXPECT_NE(Minutebook("stats --db " + db_).out.find("pages 704\n"), std::string::npos);
}

TEST_F(Isolation, WorkersAreReplacedAfterTheirShareOfDocumentsAndEveryDocumentArrives) {
  // Nine papers, one of them long enough to come in frames: with two
  // documents a worker, one worker (--jobs 1) is replaced four times, and
  // every paper is indexed whole.
  fs::remove(dir_ / "papers" / "poison.txt");
  for (int k = 3; k <= 8; ++k) {
    std::ofstream(dir_ / "papers" / ("good" + std::to_string(k) + ".txt")) << "Minutes of the parks board, paper " << k
                                                                          << "\n";
  }
  WriteLongPaper(dir_ / "papers" / "long.txt", 300, "gamma");
  const std::string args = "ingest " + (dir_ / "papers").string() + " --db " + db_ + " --rules " +
                           std::string(MINUTEBOOK_SOURCE_DIR) + "/rules --jobs 1 --documents-per-worker 2";
  const auto r = Minutebook(args);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("9 files: 9 added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 workers replaced after 2 documents each"), std::string::npos) << r.out;
  EXPECT_NE(Minutebook("stats --db " + db_).out.find("pages 308\n"), std::string::npos);
  EXPECT_NE(Minutebook("search gammap300 --db " + db_).out.find("long.txt p.300"), std::string::npos);
  // Without the option a short batch keeps its worker.
  std::ofstream(dir_ / "papers" / "good9.txt") << "Minutes of the parks board, paper nine\n";
  const auto again = Minutebook(args_);
  EXPECT_EQ(again.out.find("replaced after"), std::string::npos) << again.out;
}

// A batch is read largest file first, so that workers run out of work
// together on small files rather than one reading the biggest pack alone at
// the end. One worker reads in dispatch order and the writer stores in
// arrival order: the documents' ids give the order they were read in.
TEST_F(Isolation, FilesAreReadLargestFirst) {
  fs::remove(dir_ / "papers" / "poison.txt");
  auto paper = [&](const std::string& name, int lines) {
    std::ofstream out(dir_ / "papers" / name);
    for (int i = 0; i < lines; ++i) out << "Minutes of the parks board, line " << i << "\n";
  };
  paper("good1.txt", 40);  // names in another order than sizes
  paper("good2.txt", 2);
  paper("mid.txt", 10);
  paper("big.txt", 200);
  const auto r = Minutebook("ingest " + Quote((dir_ / "papers").string()) + " --db " + db_ + " --rules " +
                            Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/rules") + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir_ / "i.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT path FROM documents ORDER BY id", -1, &st, nullptr), SQLITE_OK);
  std::vector<std::string> order;
  while (sqlite3_step(st) == SQLITE_ROW) {
    order.push_back(fs::path(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))).filename().string());
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(order, (std::vector<std::string>{"big.txt", "good1.txt", "mid.txt", "good2.txt"}));
}

TEST_F(Isolation, HangingWorkerIsKilledAtTheTimeout) {
  ::setenv("MINUTEBOOK_TEST_HANG_ON", "poison", 1);
  const auto r = Minutebook(args_ + " --timeout 2");
  EXPECT_EQ(r.exit_code, 1);
  ExpectFailedAlone("timeout: no result after 2 s");
}

TEST_F(Isolation, RunawayAllocationHitsTheMemoryLimit) {
#ifdef MINUTEBOOK_SANITIZED
  GTEST_SKIP() << "ASan workers run without an address-space limit (see worker_process.cc)";
#endif
  ::setenv("MINUTEBOOK_TEST_HOG_ON", "poison", 1);
  const auto r = Minutebook(args_ + " --memory-limit 400");
  EXPECT_EQ(r.exit_code, 1);
  ExpectFailedAlone("out of memory");
}

TEST_F(Isolation, FailedDocumentIsRetriedOnlyWhenAsked) {
  ::setenv("MINUTEBOOK_TEST_CRASH_ON", "poison", 1);
  ASSERT_EQ(Minutebook(args_).exit_code, 1);
  ::unsetenv("MINUTEBOOK_TEST_CRASH_ON");
  const auto again = Minutebook(args_);
  EXPECT_NE(again.out.find("0 added, 0 replaced, 2 unchanged, 0 failed, 1 failed before"), std::string::npos)
      << again.out;
  const auto retry = Minutebook(args_ + " --retry-failed");
  EXPECT_EQ(retry.exit_code, 0);
  EXPECT_NE(retry.out.find("1 added"), std::string::npos) << retry.out;
  EXPECT_EQ(Minutebook("failures --db " + db_).out, "");
}

// One worker keeps two documents in flight (it reads one while it extracts
// the other). A crash or hang on the middle document must still be charged
// to that document alone: the two in flight are retried one at a time.
class OneWorker : public Isolation {
 protected:
  void RunOrdered(const char* fault_var, const std::string& extra_args) {
    const fs::path papers = dir_ / "ordered";
    fs::create_directories(papers);
    for (const char* name : {"a_first.txt", "b_poison.txt", "c_last.txt"}) {
      std::ofstream(papers / name) << "Minutes of the parks board, paper " << name << "\n";
    }
    ::setenv(fault_var, "b_poison", 1);
    result_ = Minutebook("ingest " + Quote(papers.string()) + " --db " + db_ + " --jobs 1 --rules " +
                         Quote(std::string(MINUTEBOOK_SOURCE_DIR) + "/rules") + extra_args);
  }
  void ExpectOnlyTheMiddleFailed(const std::string& reason) {
    EXPECT_EQ(result_.exit_code, 1);
    EXPECT_NE(result_.out.find("2 added, 0 replaced, 0 unchanged, 1 failed"), std::string::npos) << result_.out;
    const auto failures = Minutebook("failures --db " + db_);
    EXPECT_NE(failures.out.find("b_poison.txt"), std::string::npos) << failures.out;
    EXPECT_NE(failures.out.find(reason), std::string::npos) << failures.out;
    EXPECT_EQ(failures.out.find("a_first.txt"), std::string::npos) << failures.out;
    EXPECT_EQ(failures.out.find("c_last.txt"), std::string::npos) << failures.out;
    const auto hits = Minutebook("search parks --db " + db_);
    EXPECT_NE(hits.out.find("a_first.txt"), std::string::npos) << hits.out;
    EXPECT_NE(hits.out.find("c_last.txt"), std::string::npos) << hits.out;
  }
  minutebook::testing::RunResult result_;
};

TEST_F(OneWorker, CrashMidBatchCostsOnlyThatDocument) {
  RunOrdered("MINUTEBOOK_TEST_CRASH_ON", "");
  ExpectOnlyTheMiddleFailed("crash: the reader died with signal");
}

TEST_F(OneWorker, HangMidBatchCostsOnlyThatDocument) {
  RunOrdered("MINUTEBOOK_TEST_HANG_ON", " --timeout 2");
  ExpectOnlyTheMiddleFailed("timeout: no result after 2 s");
}

// A rule that does not compile is found by the worker (it compiles the rules
// while reading its first document); it must still stop the run with the
// rule's file and line, in both isolation modes, before anything is indexed.
TEST_F(Isolation, RuleThatDoesNotCompileStopsTheRun) {
  const fs::path rules = dir_ / "rules";
  fs::copy(fs::path(MINUTEBOOK_SOURCE_DIR) / "rules", rules);
  const int lines = [&] {
    std::ifstream in(rules / "dates.rules");
    int n = 0;
    for (std::string l; std::getline(in, l);) ++n;
    return n;
  }();
  std::ofstream(rules / "dates.rules", std::ios::app) << "rule date.broken\npattern (?P<day>[0-9]+\nfields day\n";
  const std::string args = "ingest " + Quote((dir_ / "papers").string()) + " --rules " + Quote(rules.string());
  for (const char* isolation : {"process", "thread"}) {
    const std::string db = Quote((dir_ / (std::string(isolation) + ".db")).string());
    const auto r = MinutebookWithStderr(args + " --db " + db + " --isolation " + isolation);
    EXPECT_EQ(r.exit_code, 2) << isolation << ": " << r.err;
    EXPECT_NE(r.err.find("dates.rules:" + std::to_string(lines + 2) + ": missing )"), std::string::npos)
        << isolation << ": " << r.err;
    const std::string hits = Minutebook("search parks --db " + db).out;
    EXPECT_EQ(hits.find(".txt"), std::string::npos) << isolation << ": " << hits;
  }
}

// A rule file whose structure is wrong is refused by the worker's handshake.
TEST_F(Isolation, MalformedRuleFileStopsTheRun) {
  const fs::path rules = dir_ / "rules";
  fs::copy(fs::path(MINUTEBOOK_SOURCE_DIR) / "rules", rules);
  std::ofstream(rules / "dates.rules", std::ios::app) << "rule date.empty\nfields day\n";
  const auto r = MinutebookWithStderr("ingest " + Quote((dir_ / "papers").string()) + " --db " + db_ + " --rules " +
                                      Quote(rules.string()));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("rule date.empty has no pattern"), std::string::npos) << r.err;
}

}  // namespace
