// Robustness: bad files fail alone, nothing is lost, the index survives a
// crash. Runs the real binary on inputs made in a temp dir at test time:
// each bad input gets a one-line error naming the file and the reason, a row
// in the failures table, and the rest of the batch is indexed; an ingest
// killed with SIGKILL leaves a consistent index that a re-run completes;
// searches run while an ingest writes; a second writer is refused.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "index/internal/page_body.h"
#include "support/pdf.h"
#include "support/run.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using minutebook::testing::Minutebook;
using minutebook::testing::MinutebookWithStderr;
using minutebook::testing::Quote;
using minutebook::testing::RunResult;

const std::string kRules = std::string(MINUTEBOOK_SOURCE_DIR) + "/rules";
const fs::path kCorpus = fs::path(MINUTEBOOK_SOURCE_DIR) / "corpus";
// The corpus PDFs with a text layer (the -scan and -mixed ones need OCR).
const char* const kTextPdfs[] = {"000_bef1e02f096a6288.pdf", "001_2e633a8db224cb2d.pdf", "004_2aabe85b709f2ea1.pdf"};

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("mb_robust_{}_{}", ::getpid(), name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A PDF of `pages` pages with no content at all, with a correct xref table.
std::string BlankPdf(int pages) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", ""};
  std::string kids;
  for (int i = 0; i < pages; ++i) {
    kids += fmt::format("{} 0 R ", 3 + i);
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
  }
  objects[1] = fmt::format("<< /Type /Pages /Kids [{}] /Count {} >>", kids, pages);
  return minutebook::testing::AssemblePdf(objects);
}

// UTF-16LE with a byte order mark, from UTF-8 text inside the BMP.
std::string Utf16LeWithBom(const std::string& utf8) {
  std::string out = "\xff\xfe";
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    unsigned cp = b;
    int len = 1;
    if (b >= 0xE0) {
      cp = (b & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F);
      len = 3;
    } else if (b >= 0xC0) {
      cp = (b & 0x1F) << 6 | (utf8[i + 1] & 0x3F);
      len = 2;
    }
    out += static_cast<char>(cp & 0xFF);
    out += static_cast<char>(cp >> 8);
    i += static_cast<size_t>(len);
  }
  return out;
}

// Rows of a query as strings. Opens read-write so that a database left by a
// killed writer is recovered (WAL) the way the next ingest would.
std::vector<std::vector<std::string>> Query(const fs::path& db, const std::string& sql, bool read_only = false) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* h = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (sqlite3_open_v2(db.c_str(), &h, flags, nullptr) != SQLITE_OK) {
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

std::string One(const fs::path& db, const std::string& sql, bool read_only = false) {
  auto rows = Query(db, sql, read_only);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Paths of the search hits for a query in one document (by path substring).
std::vector<std::string> HitPaths(const std::string& db, const std::string& query, const std::string& path) {
  const RunResult r =
      Minutebook("search " + Quote(query) + " --json --limit 100 --db " + db + " --path " + Quote(path));
  std::vector<std::string> paths;
  if (r.exit_code != 0) return paths;
  for (const auto& hit : nlohmann::json::parse(r.out)) paths.push_back(hit["path"].get<std::string>());
  return paths;
}

// A batch of `count` generated minutes of about `bytes` each, plus the
// corpus's text-layer PDFs: enough work that an ingest can be caught in the
// middle. Returns the number of files.
int MakeBatch(const fs::path& dir, int count, size_t bytes) {
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    std::string text = fmt::format(
        "Minutes of the Parks and Open Spaces Committee, meeting {0}\n"
        "held on {1} May 2024 at the Town Hall\n"
        "Present: Councillor A Smith (Chair), Councillor B Jones, C Patel (Clerk)\n"
        "1. Apologies were received from Councillor D White.\n"
        "2. Action: C Patel to report on the bandstand{0} repairs by 1 June 2024.\n",
        i, 1 + i % 28);
    for (int n = 0; text.size() < bytes; ++n) {
      text += fmt::format(
          "{}. The committee discussed item {} of paper {}: the tree survey, the lido, the allotments and the "
          "play areas. RESOLVED: that the report be noted.\n",
          n + 3, n, i);
    }
    Write(dir / fmt::format("minutes-{:02}.txt", i), text);
  }
  for (const char* pdf : kTextPdfs) fs::copy_file(kCorpus / pdf, dir / pdf, fs::copy_options::overwrite_existing);
  return count + static_cast<int>(std::size(kTextPdfs));
}

// `minutebook ARGS...` started in the background, as a second terminal would.
class Background {
 public:
  Background(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv = {MINUTEBOOK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (::posix_spawn(&pid_, cargv[0], &fa, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Background() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  bool started() const { return pid_ > 0; }
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
  // The wait status once the process has ended.
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

// Documents in the index so far, read as a search would (-1 before the
// schema exists).
int DocumentsSoFar(const fs::path& db) {
  if (!fs::exists(db)) return -1;
  try {
    const auto n = One(db, "SELECT count(*) FROM documents", /*read_only=*/true);
    return n.empty() ? -1 : std::stoi(n);
  } catch (const std::exception&) {
    return -1;
  }
}

// ---------------------------------------------------------------------------
// Bad inputs: one batch holding every kind, ingested once for the suite.

class BadInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = TempDir("bad");
    papers_ = dir_ / "papers";
    fs::create_directories(papers_);
    const fs::path p = papers_;
    // Bad.
    Write(p / "empty.txt", "");
    const std::string pdf = Slurp(kCorpus / "001_2e633a8db224cb2d.pdf");
    Write(p / "truncated.pdf", pdf.substr(0, pdf.size() / 2));
    Write(p / "image.pdf", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 33));
    fs::copy_file(fs::path(MINUTEBOOK_SOURCE_DIR) / "tests/data/pdf/encrypted.pdf", p / "encrypted.pdf");
    Write(p / "blank.pdf", BlankPdf(2));
    Write(p / "bad\nname.pdf", "%PDF-1.4\n1 0 obj <<");
    fs::create_symlink("self-loop", p / "self-loop");
    fs::create_directories(p / "sub");
    Write(p / "sub" / "inner.txt", "Minutes of the walrus working group\n");
    fs::create_symlink("..", p / "sub" / "back");
    // Fine, however odd.
    Write(p / "harbour.pdf",
          "<!DOCTYPE html><html><head><title>Harbour board</title></head><body>"
          "<h1>Harbour board</h1><p>Minutes of the harbour board: the dredging contract was agreed.</p>"
          "</body></html>");
    fs::copy_file(kCorpus / "000_bef1e02f096a6288.pdf", p / "minutes-without-extension");
    // Valid UTF-8 (ï, é, —) with two bytes that are not.
    Write(p / "invalid-utf8.txt", "Minutes of the na\xc3\xafve caf\xc3\xa9 committee \xe2\x80\x94 the heron report "
                                  "\xff\xfe was tabled\n");
    Write(p / "windows-1252.txt", "Minutes of the caf\xe9 committee: \x93ibis\x94 report \x96 agreed\n");
    Write(p / "utf16.txt", Utf16LeWithBom("Minutes of the otter panel \xe2\x80\x94 Zo\xc3\xab attended\n"));
    Write(p / "with spaces in name.txt", "Minutes of the gannet panel\n");
    Write(p / "it's a \"quoted\" name.txt", "Minutes of the puffin panel\n");
    Write(p / "new\nline.txt", "Minutes of the plover panel\n");
    Write(p / "R\xc3\xa9sum\xc3\xa9 \xe4\xbc\x9a\xe8\xae\xae.txt", "Minutes of the curlew panel\n");

    db_ = Quote((dir_ / "bad.db").string());
    // A path that does not exist, named as a user with a typo would.
    first_ = MinutebookWithStderr("ingest " + Quote(papers_.string()) + " " + Quote((papers_ / "missing.txt").string()) +
                                  " --db " + db_ + " --rules " + Quote(kRules) + " --jobs 2");
    failures_ = Minutebook("failures --db " + db_).out;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // The file failed: one line on stderr "minutebook: PATH: REASON...", and a
  // row in the failures table with the same path and reason.
  static void ExpectFailed(const std::string& name, const std::string& reason) {
    const std::string path = (papers_ / name).string();
    std::string shown = path;
    for (size_t at; (at = shown.find('\n')) != std::string::npos;) shown.replace(at, 1, "\\n");
    int lines = 0;
    for (const auto& line : Lines(first_.err)) {
      if (line.starts_with("minutebook: " + shown + ": ")) {
        ++lines;
        EXPECT_EQ(line.substr(("minutebook: " + shown + ": ").size(), reason.size()), reason) << line;
      }
    }
    EXPECT_EQ(lines, 1) << first_.err;
    bool row = false;
    for (const auto& line : Lines(failures_)) row |= line.find("\t" + shown + "\t" + reason) != std::string::npos;
    EXPECT_TRUE(row) << "no failures row for " << shown << " with " << reason << ":\n" << failures_;
  }

  // The file is in the index and a search for `word` finds it.
  static void ExpectSearchable(const std::string& name, const std::string& word) {
    const std::string path = (papers_ / name).string();
    const auto hits = HitPaths(db_, word, name);
    EXPECT_EQ(std::count(hits.begin(), hits.end(), path), 1) << name << " not found by " << word;
    EXPECT_EQ(first_.err.find(name), std::string::npos) << first_.err;
  }

  static std::string Column(const std::string& name, const std::string& column) {
    return One(dir_ / "bad.db", fmt::format("SELECT {} FROM documents WHERE path = '{}'", column,
                                           (papers_ / name).string()));
  }

  static inline fs::path dir_, papers_;
  static inline std::string db_, failures_;
  static inline RunResult first_;
};

TEST_F(BadInputs, BatchExitsOneAndIndexesEveryGoodFile) {
  EXPECT_EQ(first_.exit_code, 1) << first_.out << first_.err;
  EXPECT_NE(first_.out.find("16 files: 10 added, 0 replaced, 0 unchanged, 6 failed"), std::string::npos) << first_.out;
  EXPECT_EQ(One(dir_ / "bad.db", "SELECT count(*) FROM documents"), "10");
}

TEST_F(BadInputs, EveryErrorIsOneLineNamingTheFile) {
  const auto lines = Lines(first_.err);
  EXPECT_EQ(lines.size(), 9u) << first_.err;
  for (const auto& line : lines) EXPECT_TRUE(line.starts_with("minutebook: " + papers_.string() + "/")) << line;
  EXPECT_EQ(Lines(failures_).size(), 9u) << failures_;
}

TEST_F(BadInputs, MissingPathFails) { ExpectFailed("missing.txt", "no such file or folder"); }

TEST_F(BadInputs, ZeroByteFileFails) { ExpectFailed("empty.txt", "unsupported: empty file"); }

TEST_F(BadInputs, TruncatedPdfFailsAsCorrupt) { ExpectFailed("truncated.pdf", "corrupt: "); }

TEST_F(BadInputs, PngNamedPdfFailsAsAnImage) { ExpectFailed("image.pdf", "unsupported: PNG image, not a document"); }

TEST_F(BadInputs, PasswordProtectedPdfIsReportedAsEncrypted) {
  ExpectFailed("encrypted.pdf", "encrypted: password-protected PDF");
}

TEST_F(BadInputs, PdfWithOnlyBlankPagesFails) {
  ExpectFailed("blank.pdf", "unsupported: no text on any page (2 blank pages)");
}

TEST_F(BadInputs, NewlineInTheNameOfABadFileStaysOnOneLine) { ExpectFailed("bad\nname.pdf", "corrupt: "); }

TEST_F(BadInputs, SymlinkLoopsAreReportedOnceAndTheFolderIsWalkedOnce) {
  ExpectFailed("self-loop", "cannot stat: Too many levels of symbolic links");
  ExpectFailed("sub/back", "folder already walked (symlink loop?), skipped");
  ExpectSearchable("sub/inner.txt", "walrus");
}

TEST_F(BadInputs, HtmlNamedPdfIsReadAsHtml) {
  ExpectSearchable("harbour.pdf", "dredging");
  EXPECT_EQ(Column("harbour.pdf", "kind"), "html");
}

TEST_F(BadInputs, PdfWithoutExtensionIsReadAsPdf) {
  ExpectSearchable("minutes-without-extension", "\"Barking Learning Centre\"");
  EXPECT_EQ(Column("minutes-without-extension", "kind"), "pdf");
  EXPECT_EQ(Column("minutes-without-extension", "page_count"), "8");
}

TEST_F(BadInputs, InvalidUtf8IsReadWithReplacementCharacters) {
  ExpectSearchable("invalid-utf8.txt", "heron");
  const std::string text = One(dir_ / "bad.db", "SELECT mb_page_text(p.body) FROM pages p JOIN documents d ON d.id = p.document_id "
                                                "WHERE d.path LIKE '%/invalid-utf8.txt'");
  EXPECT_NE(text.find("na\xc3\xafve caf\xc3\xa9"), std::string::npos) << text;
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos) << text;  // U+FFFD
  EXPECT_EQ(Column("invalid-utf8.txt", "warnings"), "2 invalid bytes replaced");
}

TEST_F(BadInputs, Windows1252IsDecoded) {
  ExpectSearchable("windows-1252.txt", "caf\xc3\xa9");
  ExpectSearchable("windows-1252.txt", "cafe");
  const std::string text = One(dir_ / "bad.db", "SELECT mb_page_text(p.body) FROM pages p JOIN documents d ON d.id = p.document_id "
                                                "WHERE d.path LIKE '%/windows-1252.txt'");
  EXPECT_NE(text.find("caf\xc3\xa9 committee: \xe2\x80\x9cibis\xe2\x80\x9d report \xe2\x80\x93 agreed"),
            std::string::npos)
      << text;
  EXPECT_EQ(Column("windows-1252.txt", "warnings"), "not valid UTF-8; read as Windows-1252");
}

TEST_F(BadInputs, Utf16WithBomIsDecoded) {
  ExpectSearchable("utf16.txt", "otter");
  ExpectSearchable("utf16.txt", "Zo\xc3\xab");
}

TEST_F(BadInputs, OddFileNamesAreIndexedAndSearchable) {
  ExpectSearchable("with spaces in name.txt", "gannet");
  ExpectSearchable("it's a \"quoted\" name.txt", "puffin");
  ExpectSearchable("new\nline.txt", "plover");
  ExpectSearchable("R\xc3\xa9sum\xc3\xa9 \xe4\xbc\x9a\xe8\xae\xae.txt", "curlew");
}

TEST_F(BadInputs, RerunSkipsTheFailuresAndChangesNothing) {
  const RunResult again = MinutebookWithStderr("ingest " + Quote(papers_.string()) + " --db " + db_ + " --rules " +
                                               Quote(kRules) + " --jobs 2");
  EXPECT_EQ(again.exit_code, 1);  // the loops are still there
  EXPECT_NE(again.out.find("0 added, 0 replaced, 10 unchanged, 0 failed, 6 failed before"), std::string::npos)
      << again.out;
  EXPECT_EQ(Lines(Minutebook("failures --db " + db_).out).size(), 9u);
}

TEST(UnreadableFile, FailsWithTheSystemsReason) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const fs::path dir = TempDir("unreadable");
  Write(dir / "locked.txt", "Minutes of the locked committee\n");
  Write(dir / "open.txt", "Minutes of the open committee\n");
  fs::permissions(dir / "locked.txt", fs::perms::none);
  const std::string db = Quote((dir / "u.db").string());
  const RunResult r = MinutebookWithStderr("ingest " + Quote(dir.string()) + " --db " + db + " --rules " + Quote(kRules));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find((dir / "locked.txt").string() + ": i/o error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  EXPECT_NE(Minutebook("failures --db " + db).out.find("locked.txt"), std::string::npos);
  EXPECT_NE(Minutebook("search open --db " + db).out.find("open.txt"), std::string::npos);
  fs::permissions(dir / "locked.txt", fs::perms::owner_all);
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// A 50 MB text file without a line break: read, indexed and searched in time
// linear in its size.

double IngestSeconds(const fs::path& file, const fs::path& db) {
  const auto start = Clock::now();
  const RunResult r = Minutebook("ingest " + Quote(file.string()) + " --db " + Quote(db.string()) + " --rules " +
                                 Quote(kRules) + " --jobs 1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string OneLongLine(size_t bytes) {
  const std::string words = "the board agreed the budget and noted the report of the director of finance ";
  std::string text;
  text.reserve(bytes + words.size());
  while (text.size() < bytes) text += words;
  text.resize(bytes);
  return text;
}

TEST(HugeInput, FiftyMegabytesWithoutALineBreakTakesLinearTime) {
  const fs::path dir = TempDir("huge");
  Write(dir / "small.txt", OneLongLine(5 << 20) + " kittiwake");
  Write(dir / "huge.txt", OneLongLine(50 << 20) + " kittiwake");
  const double small = IngestSeconds(dir / "small.txt", dir / "small.db");
  const double huge = IngestSeconds(dir / "huge.txt", dir / "huge.db");
  std::cout << fmt::format("ingest of one line: 5 MB {:.1f} s, 50 MB {:.1f} s\n", small, huge);
  ::testing::Test::RecordProperty("seconds_50mb", fmt::format("{:.1f}", huge));
  // Ten times the bytes: linear is ~10x; quadratic would be ~100x.
  EXPECT_LT(huge, 30 * std::max(small, 0.5));
  // Searching the one 50 MB page: a common word (FTS5's snippet would be
  // quadratic in its matches) and the rare word at the very end.
  const auto start = Clock::now();
  const std::string db = Quote((dir / "huge.db").string());
  const RunResult common = Minutebook("search budget --db " + db);
  EXPECT_EQ(common.exit_code, 0);
  EXPECT_NE(common.out.find("huge.txt p.1"), std::string::npos) << common.out.substr(0, 500);
  const RunResult rare = Minutebook("search kittiwake --db " + db);
  EXPECT_NE(rare.out.find("huge.txt p.1"), std::string::npos) << rare.out.substr(0, 500);
  const double search = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << fmt::format("two searches of the 50 MB page: {:.1f} s\n", search);
  EXPECT_LT(search, 60);
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// Crash safety: SIGKILL in the middle of a batch.

TEST(CrashSafety, KilledIngestLeavesAConsistentIndexThatARerunCompletes) {
  const fs::path dir = TempDir("crash");
  const int files = MakeBatch(dir / "batch", 40, 300 << 10);
  const fs::path db = dir / "crash.db";
  const std::vector<std::string> args = {"ingest", (dir / "batch").string(), "--db", db.string(), "--rules", kRules,
                                         "--jobs", "2"};
  {
    Background ingest(args, dir / "killed.log");
    ASSERT_TRUE(ingest.started());
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (DocumentsSoFar(db) < 2 && ingest.Running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ingest.Kill();
    const int status = ingest.Wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the ingest finished before it could be killed; make the batch bigger";
  }
  // The database opens and is sound after the crash.
  EXPECT_EQ(One(db, "PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(Query(db, "PRAGMA foreign_key_check").empty());
  EXPECT_NO_THROW(Query(db, "INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')"));
  const int kept = std::stoi(One(db, "SELECT count(*) FROM documents"));
  std::cout << fmt::format("killed after {} of {} documents\n", kept, files);
  EXPECT_GE(kept, 2);
  EXPECT_LT(kept, files);
  // No half-ingested document: each one has all its pages, and nothing is
  // left of documents that did not make it.
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents d "
                    "WHERE page_count != (SELECT count(*) FROM pages p WHERE p.document_id = d.id)"),
            "0");
  EXPECT_EQ(One(db, "SELECT count(*) FROM pages WHERE document_id NOT IN (SELECT id FROM documents)"), "0");
  EXPECT_EQ(One(db, "SELECT count(*) FROM items_fts WHERE document_id NOT IN (SELECT id FROM documents)"), "0");
  EXPECT_EQ(One(db, "SELECT count(*) FROM pages_fts"), One(db, "SELECT count(*) FROM pages"));

  // Re-running finishes the batch: what was in is unchanged, the rest is added.
  std::string rerun_args;
  for (size_t i = 1; i < args.size(); ++i) rerun_args += " " + Quote(args[i]);
  const RunResult rerun = Minutebook("ingest" + rerun_args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_NE(rerun.out.find(fmt::format("{} files: {} added, 0 replaced, {} unchanged, 0 failed", files, files - kept,
                                       kept)),
            std::string::npos)
      << rerun.out;
  EXPECT_EQ(One(db, "PRAGMA integrity_check"), "ok");

  // ... and the index is the one an uninterrupted run makes.
  const fs::path fresh = dir / "fresh.db";
  ASSERT_EQ(Minutebook("ingest " + Quote((dir / "batch").string()) + " --db " + Quote(fresh.string()) + " --rules " +
                       Quote(kRules) + " --jobs 2")
                .exit_code,
            0);
  const RunResult resumed_export = Minutebook("export --format jsonl --db " + Quote(db.string()));
  const RunResult fresh_export = Minutebook("export --format jsonl --db " + Quote(fresh.string()));
  ASSERT_EQ(resumed_export.exit_code, 0);
  EXPECT_EQ(Lines(fresh_export.out).size(), static_cast<size_t>(files));
  EXPECT_TRUE(resumed_export.out == fresh_export.out) << "the resumed index exports differently";
  EXPECT_EQ(One(db, "SELECT count(*) FROM pages"), One(fresh, "SELECT count(*) FROM pages"));
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// Concurrency: readers while an ingest writes; one writer at a time.

TEST(Concurrency, SearchWorksWhileAnIngestWrites) {
  const fs::path dir = TempDir("readers");
  const int files = MakeBatch(dir / "batch", 80, 300 << 10);
  const fs::path db = dir / "r.db";
  Background ingest({"ingest", (dir / "batch").string(), "--db", db.string(), "--rules", kRules, "--jobs", "2"},
                    dir / "ingest.log");
  ASSERT_TRUE(ingest.started());
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (DocumentsSoFar(db) < 1 && ingest.Running() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  int searches = 0, during = 0;
  while (ingest.Running() && Clock::now() < deadline) {
    const RunResult r = Minutebook("search 'lido OR bandstand1*' --limit 5 --db " + Quote(db.string()));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_TRUE(r.out == "no matches\n" || r.out.find(" p.") != std::string::npos) << r.out;
    EXPECT_EQ(Minutebook("stats --db " + Quote(db.string())).exit_code, 0);
    ++searches;
    if (ingest.Running()) ++during;
  }
  const int status = ingest.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Slurp(dir / "ingest.log");
  std::cout << fmt::format("{} searches, {} of them while the ingest was still writing\n", searches, during);
  EXPECT_GE(during, 2);
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), std::to_string(files));
  fs::remove_all(dir);
}

TEST(Concurrency, SecondIngestIntoTheSameIndexIsRefused) {
  const fs::path dir = TempDir("writers");
  const int files = MakeBatch(dir / "batch", 40, 300 << 10);
  fs::create_directories(dir / "other");
  Write(dir / "other" / "late.txt", "Minutes of the late committee\n");
  const fs::path db = dir / "w.db";
  Background first({"ingest", (dir / "batch").string(), "--db", db.string(), "--rules", kRules, "--jobs", "2"},
                   dir / "first.log");
  ASSERT_TRUE(first.started());
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (DocumentsSoFar(db) < 1 && first.Running() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(first.Running()) << "the first ingest finished too soon";
  const RunResult second = MinutebookWithStderr("ingest " + Quote((dir / "other").string()) + " --db " +
                                                Quote(db.string()) + " --rules " + Quote(kRules));
  EXPECT_EQ(second.exit_code, 3);
  EXPECT_EQ(second.err, "minutebook: " + db.string() +
                            ": another minutebook ingest is writing to this index; try again when it has finished\n");
  const int status = first.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Slurp(dir / "first.log");
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), std::to_string(files));
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents WHERE path LIKE '%late.txt'"), "0");
  // Once the first has finished, the same command goes in.
  EXPECT_EQ(Minutebook("ingest " + Quote((dir / "other").string()) + " --db " + Quote(db.string()) + " --rules " +
                       Quote(kRules))
                .exit_code,
            0);
  fs::remove_all(dir);
}

}  // namespace
