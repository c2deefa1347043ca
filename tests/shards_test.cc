// Shards and merge end to end (issue 14), with the real binary: a batch
// with bad files as shards merges to what one ingest makes, --prune and a
// re-merge follow the files, shards do not depend on where the tree is
// mounted, and a merge killed with SIGKILL is completed by a re-run.
// tests/scaleout/compare.py makes the comparison (export, search, people,
// actions --owner, failures, stats).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "index/internal/page_body.h"
#include "support/run.h"

extern char** environ;

namespace minutebook::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const fs::path kSource = MINUTEBOOK_SOURCE_DIR;
const fs::path kCorpus = kSource / "corpus";

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("mb_shards_{}_{}", name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::vector<std::string>> Query(const fs::path& db, const std::string& sql, bool write = false) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    throw std::runtime_error("cannot open " + db.string());
  }
  sqlite3_busy_timeout(h, 5000);
  // Page text is stored packed; the FTS triggers and views unpack it.
  if (!minutebook::index::internal::RegisterPageFunctions(h)) throw std::runtime_error("cannot register page functions");
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(h);
    sqlite3_close(h);
    throw std::runtime_error(sql + ": " + message);
  }
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* text = sqlite3_column_text(s, i);
      row.push_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  const std::string message = sqlite3_errmsg(h);
  sqlite3_finalize(s);
  sqlite3_close(h);
  if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + message);
  return rows;
}

std::string One(const fs::path& db, const std::string& sql) {
  auto rows = Query(db, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

// Whether two indexes answer alike (tests/scaleout/compare.py); its report on failure.
RunResult Compare(const fs::path& reference, const fs::path& merged) {
  return RunShell(fmt::format("timeout 600 python3 {} {} {} {} 2>&1", Quote((kSource / "tests/scaleout/compare.py").string()),
                              Quote(MINUTEBOOK_BINARY), Quote(reference.string()), Quote(merged.string())));
}

std::string Merge(const fs::path& into, const std::vector<fs::path>& shards) {
  std::string args = "merge --into " + Quote(into.string());
  for (const auto& s : shards) {
    args += ' ';
    args += Quote(s.string());
  }
  return args;
}

// A board's papers with bad files among them.
void MakeBatch(const fs::path& p) {
  for (const char* name : {"000_bef1e02f096a6288.txt", "001_2e633a8db224cb2d.txt", "004_2aabe85b709f2ea1.txt",
                           "000_bef1e02f096a6288.pdf", "004_2aabe85b709f2ea1.pdf"}) {
    fs::create_directories(p / "good");
    fs::copy_file(kCorpus / name, p / "good" / name);
  }
  for (int i = 0; i < 12; ++i) {
    Write(p / "notes" / fmt::format("note-{}.txt", i),
          fmt::format("Minutes of the heron working group {}\nPresent: Ann Lee (Chair), Bo Chan\n"
                      "Action: Ann Lee to report on the nesting survey {}\n", i, i));
  }
  Write(p / "bad" / "empty.txt", "");
  const std::string pdf = Slurp(kCorpus / "001_2e633a8db224cb2d.pdf");
  Write(p / "bad" / "truncated.pdf", pdf.substr(0, pdf.size() / 2));
  Write(p / "bad" / "image.pdf", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 33));
  fs::copy_file(kSource / "tests/data/pdf/encrypted.pdf", p / "bad" / "encrypted.pdf");
  Write(p / "bad" / "broken.pdf", "%PDF-1.4\n1 0 obj <<");
  fs::create_symlink("..", p / "bad" / "loop");  // seen by every shard's walk
}

std::vector<fs::path> IngestShards(const fs::path& batch, const fs::path& dir, int n, const std::string& extra = "") {
  std::vector<fs::path> shards;
  for (int k = 0; k < n; ++k) {
    shards.push_back(dir / fmt::format("shard-{}.db", k));
    const RunResult r = Minutebook(fmt::format("ingest {} --shard {}/{} --db {} --ocr never -q {}", Quote(batch.string()),
                                               k, n, Quote(shards.back().string()), extra));
    EXPECT_LE(r.exit_code, 1) << "shard " << k;
  }
  return shards;
}

TEST(Shards, ABatchWithBadFilesMergesToWhatOneIngestMakes) {
  const fs::path dir = TempDir("bad");
  const fs::path batch = dir / "papers";
  MakeBatch(batch);
  const fs::path ref = dir / "reference.db";
  const RunResult whole = Minutebook(fmt::format("ingest {} --db {} --ocr never -q", Quote(batch.string()), Quote(ref.string())));
  ASSERT_EQ(whole.exit_code, 1) << "the bad files fail";
  const int failures = std::stoi(One(ref, "SELECT count(*) FROM failures"));
  ASSERT_GE(failures, 6);

  const auto shards = IngestShards(batch, dir, 3);
  // The shards partition the files: each document in exactly one.
  int documents = 0;
  std::set<std::string> paths;
  for (const auto& s : shards) {
    for (const auto& row : Query(s, "SELECT path FROM documents")) {
      ++documents;
      paths.insert(row[0]);
    }
  }
  EXPECT_EQ(documents, std::stoi(One(ref, "SELECT count(*) FROM documents")));
  EXPECT_EQ(paths.size(), static_cast<size_t>(documents));
  for (const auto& s : shards) EXPECT_LT(std::stoi(One(s, "SELECT count(*) FROM documents")), documents);

  const fs::path merged = dir / "merged.db";
  const RunResult m = Minutebook(Merge(merged, shards));
  ASSERT_EQ(m.exit_code, 0) << m.out;
  const RunResult same = Compare(ref, merged);
  EXPECT_EQ(same.exit_code, 0) << same.out;
  // Each failure once, the symlink loop too though every shard's walk met it.
  EXPECT_EQ(std::stoi(One(merged, "SELECT count(*) FROM failures")), failures);
  EXPECT_EQ(One(merged, "SELECT count(*) FROM failures WHERE reason LIKE '%already walked%'"), "1");
  EXPECT_EQ(One(merged, "PRAGMA integrity_check"), "ok");

  // The batch changes: a file edited, one deleted, a bad one fixed. Each
  // shard re-run with --prune, then merged again, equals the reference
  // re-run with --prune.
  Write(batch / "notes" / "note-3.txt", "Minutes of the heron working group 3, revised\nPresent: Ann Lee (Chair)\n");
  fs::remove(batch / "notes" / "note-5.txt");
  Write(batch / "bad" / "empty.txt", "Minutes of the empty file, now written\n");
  ASSERT_LE(Minutebook(fmt::format("ingest {} --db {} --ocr never --prune -q", Quote(batch.string()), Quote(ref.string())))
                .exit_code,
            1);
  IngestShards(batch, dir, 3, "--prune");
  const RunResult again = Minutebook(Merge(merged, shards));
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("1 replaced"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("1 removed"), std::string::npos) << again.out;
  const RunResult same_again = Compare(ref, merged);
  EXPECT_EQ(same_again.exit_code, 0) << same_again.out;
  EXPECT_EQ(One(merged, "SELECT count(*) FROM documents WHERE path LIKE '%note-5.txt'"), "0");
  fs::remove_all(dir);
}

TEST(Shards, AShardDependsOnThePathBelowTheRootOnly) {
  const fs::path dir = TempDir("mount");
  MakeBatch(dir / "here" / "papers");
  fs::create_directories(dir / "elsewhere" / "deeper");
  fs::copy(dir / "here" / "papers", dir / "elsewhere" / "deeper" / "papers",
           fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  std::vector<std::set<std::string>> picked;
  for (const fs::path& root : {dir / "here" / "papers", dir / "elsewhere" / "deeper" / "papers"}) {
    const fs::path db = dir / (std::to_string(picked.size()) + ".db");
    ASSERT_LE(Minutebook(fmt::format("ingest {} --shard 1/3 --db {} --ocr never -q", Quote(root.string()), Quote(db.string())))
                  .exit_code,
              1);
    std::set<std::string> rel;
    for (const auto& row : Query(db, "SELECT path FROM documents UNION SELECT path FROM failures")) {
      rel.insert(fs::path(row[0]).lexically_relative(root).string());
    }
    picked.push_back(rel);
  }
  EXPECT_FALSE(picked[0].empty());
  EXPECT_EQ(picked[0], picked[1]);
  fs::remove_all(dir);
}

TEST(Shards, BadShardFlagsAndMixedIndexesAreRefusedInOneLine) {
  const fs::path dir = TempDir("flags");
  Write(dir / "papers" / "a.txt", "Minutes of the avocet panel\n");
  for (const char* bad : {"4/4", "1", "-1/2", "a/b", "1/0"}) {
    const RunResult r = MinutebookWithStderr(fmt::format("ingest {} --shard {} --db {}", Quote((dir / "papers").string()),
                                                         bad, Quote((dir / "x.db").string())));
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--shard wants K/N"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  const std::string papers = Quote((dir / "papers").string());
  const std::string db = Quote((dir / "s.db").string());
  ASSERT_EQ(Minutebook(fmt::format("ingest {} --shard 0/2 --db {}", papers, db)).exit_code, 0);
  RunResult r = MinutebookWithStderr(fmt::format("ingest {} --shard 1/2 --db {}", papers, db));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds shard 0/2"), std::string::npos) << r.err;
  r = MinutebookWithStderr(fmt::format("ingest {} --db {}", papers, db));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("add --shard 0/2"), std::string::npos) << r.err;
  // A public shard and a full one.
  const std::string pub = Quote((dir / "p.db").string());
  ASSERT_EQ(Minutebook(fmt::format("ingest {} --shard 1/2 --public --db {}", papers, pub)).exit_code, 0);
  r = MinutebookWithStderr(fmt::format("merge --into {} {} {}", Quote((dir / "m.db").string()), db, pub));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("public"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "m.db"));
  fs::remove_all(dir);
}

class Background {
 public:
  explicit Background(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {MINUTEBOOK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    if (::posix_spawn(&pid_, cargv[0], nullptr, nullptr, cargv.data(), environ) != 0) pid_ = -1;
  }
  ~Background() {
    Kill();
    Wait();
  }
  bool Running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }
  void Kill() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }
  int Wait() {
    if (pid_ > 0) {
      while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
      }
      pid_ = -1;
    }
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
};

int ShardsMergedSoFar(const fs::path& db) {
  try {
    return fs::exists(db) ? std::stoi(One(db, "SELECT count(*) FROM merge_shards")) : 0;
  } catch (const std::exception&) {
    return 0;  // not created yet
  }
}

TEST(Shards, AMergeKilledPartWayIsCompletedByARerun) {
  const fs::path dir = TempDir("kill");
  // Shards big enough that merging each takes a while: varied text, so that
  // the FTS work is real.
  std::mt19937 rng(14);
  const std::vector<std::string> words = {"harbour", "dredging", "heron", "budget", "planning", "licence",
                                          "Ann Lee", "Bo Chan", "survey", "tender", "audit", "minutes"};
  for (int f = 0; f < 48; ++f) {
    std::string text = fmt::format("Minutes of the board {}\nPresent: Ann Lee (Chair), Bo Chan\n", f);
    while (text.size() < 400000) {
      for (int w = 0; w < 12; ++w) text += words[rng() % words.size()] + (w == 11 ? ".\n" : " ");
      if (rng() % 50 == 0) text += fmt::format("Action: Bo Chan to review tender {}\n\f", rng() % 1000);
    }
    Write(dir / "papers" / fmt::format("b{:02d}", f % 7) / fmt::format("{}.txt", f), text);
  }
  const auto shards = IngestShards(dir / "papers", dir, 8, "--isolation thread");
  const fs::path whole = dir / "uninterrupted.db";
  ASSERT_EQ(Minutebook(Merge(whole, shards)).exit_code, 0);

  const fs::path killed = dir / "killed.db";
  std::vector<std::string> args = {"merge", "--into", killed.string()};
  for (const auto& s : shards) args.push_back(s.string());
  int merged_before_kill = 0;
  {
    Background merge(args);
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (ShardsMergedSoFar(killed) < 1 && merge.Running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    merge.Kill();
    const int status = merge.Wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the merge finished before it could be killed; make the shards bigger";
    merged_before_kill = ShardsMergedSoFar(killed);
  }
  std::cout << fmt::format("killed after {} of {} shards\n", merged_before_kill, shards.size());
  EXPECT_GE(merged_before_kill, 1);
  EXPECT_LT(merged_before_kill, static_cast<int>(shards.size()));
  // Sound after the kill: whole shards only, FTS in step with the pages.
  EXPECT_EQ(One(killed, "PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(Query(killed, "PRAGMA foreign_key_check").empty());
  EXPECT_EQ(One(killed, "SELECT count(*) FROM documents WHERE path NOT IN (SELECT path FROM merge_paths)"), "0");
  EXPECT_EQ(One(killed, "SELECT count(*) FROM documents d WHERE page_count != "
                        "(SELECT count(*) FROM pages p WHERE p.document_id = d.id)"),
            "0");
  EXPECT_EQ(One(killed, "SELECT count(*) FROM pages_fts"), One(killed, "SELECT count(*) FROM pages"));
  EXPECT_EQ(One(killed, "SELECT sum(documents) FROM merge_shards"), One(killed, "SELECT count(*) FROM documents"));

  const RunResult rerun = Minutebook(Merge(killed, shards));
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  const RunResult same = Compare(whole, killed);
  EXPECT_EQ(same.exit_code, 0) << same.out;
  const std::string rows = "SELECT path, sha256, ingested_at, page_count FROM documents ORDER BY path";
  EXPECT_EQ(Query(killed, rows), Query(whole, rows));
  EXPECT_EQ(One(killed, "SELECT count(*) FROM items_fts"), One(whole, "SELECT count(*) FROM items_fts"));
  EXPECT_EQ(One(killed, "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'heron'"),
            One(whole, "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'heron'"));
  // The FTS indexes themselves are sound (an error if not).
  EXPECT_NO_THROW(Query(killed, "INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')", /*write=*/true));
  EXPECT_NO_THROW(Query(killed, "INSERT INTO items_fts(items_fts) VALUES('integrity-check')", /*write=*/true));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace minutebook::testing
